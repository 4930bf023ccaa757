"""The log pane: a stage's log lines, milestones and errors as plain lines (`Log`)."""

from __future__ import annotations

from textual.widgets import Log

from cdpo_core.events import Event, LogLine, StageFailed, StageFinished, StageStarted

MAX_LINES = 2000


def format_event(event: Event) -> str | None:
    """The line an event adds to the log, or None for events the log does not show.

    Progress and metrics have their own widgets; repeating them here would bury the log.
    """
    if isinstance(event, LogLine):
        prefix = "" if event.level == "info" else f"{event.level.upper()}: "
        return f"[{event.stage}] {prefix}{event.message}"
    if isinstance(event, StageStarted):
        return f"[{event.stage}] started {event.detail}".rstrip()
    if isinstance(event, StageFinished):
        shown = ", ".join(
            f"{k}={v}" for k, v in event.summary.items() if isinstance(v, int | float | str)
        )
        return f"[{event.stage}] finished {shown}".rstrip()
    if isinstance(event, StageFailed):
        what = "cancelled" if event.cancelled else "FAILED"
        hint = f" ({event.hint})" if event.hint else ""
        return f"[{event.stage}] {what}: {event.error}{hint}"
    return None


class StageLog(Log):
    """A bounded log: a long run cannot grow the console's memory without limit."""

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(max_lines=MAX_LINES, id=id, highlight=False)
