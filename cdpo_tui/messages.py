"""App-wide messages: what a stage worker tells the console about a running stage.

Workers live on the App (a popped screen would kill them), so these messages go to the App,
which keeps the stage's state and hands each event to the screens that show it.
"""

from __future__ import annotations

from textual.message import Message

from cdpo_core.events import Event, Progress


class StageEvent(Message):
    """One event from a running stage (a live child or a followed store)."""

    def __init__(self, session: str, event: Event) -> None:
        super().__init__()
        self.session = session
        self.event = event

    def can_replace(self, message: Message) -> bool:
        """Progress arrives at up to ~10/s; only the newest one of a stage matters."""
        return (
            isinstance(message, StageEvent)
            and isinstance(self.event, Progress)
            and isinstance(message.event, Progress)
            and message.event.stage == self.event.stage
            and message.session == self.session
        )


class StageExited(Message):
    """The stage's process ended (or following it stopped).

    Attributes:
        returncode: the child's exit status; None when a followed process was not ours.
        stderr_tail: the last lines it wrote on stderr, shown when it failed.
    """

    def __init__(self, session: str, title: str, returncode: int | None, stderr_tail: str) -> None:
        super().__init__()
        self.session = session
        self.title = title
        self.returncode = returncode
        self.stderr_tail = stderr_tail
