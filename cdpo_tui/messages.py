"""App-wide messages: what a stage worker tells the console about a running stage.

Workers live on the App (a popped screen would kill them), so these messages go to the App,
which keeps the stage's state and hands each event to the screens that show it.
"""

from __future__ import annotations

import re

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


_NOISE = re.compile(r"(Warning:|^\s|^usage:|^\s*warnings\.warn\(|^Traceback )")
"""Lines of a child's stderr that are not its own message: library warnings (and the source
line the warnings module prints under them), tracebacks' frames, argparse's usage."""


def failure_line(stderr_tail: str) -> str:
    """The one line of a failed stage's stderr that says what went wrong.

    The CLI ends with `error: ...` (argparse with `cdpo: error: ...`); a crash ends with the
    exception's line. The last line alone was often a library's FutureWarning printed at
    exit, or the wrapped tail of argparse's usage line.
    """
    lines = [line.rstrip() for line in stderr_tail.splitlines() if line.strip()]
    for line in reversed(lines):
        if line.startswith("error:") or ": error:" in line:
            return line
    for line in reversed(lines):
        if not _NOISE.search(line):
            return line
    return ""
