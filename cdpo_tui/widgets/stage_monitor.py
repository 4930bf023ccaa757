"""The running stage at a glance: whose stage it is, a progress bar and its rates.

The title always names the session and the step ("t2 · sft"): a console can have one session
open while a stage of another runs. Once the stage ends, for whatever reason, the ETA is hidden:
a cancelled stage has nothing left to count down to.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Label, ProgressBar

from cdpo_core.events import Event, Progress, StageFailed, StageFinished, StageStarted


def stage_name(session: str, step: str) -> str:
    """How the console names a stage everywhere: `session · step`."""
    return f"{session} · {step}"


class StageMonitor(Horizontal):
    """Shows the latest state of one stage; the `-running` class drives its colour."""

    DEFAULT_CSS = """
    StageMonitor { height: 1; }
    StageMonitor #stage-title { width: auto; max-width: 60; padding-right: 1; }
    StageMonitor ProgressBar { width: auto; padding-right: 1; display: none; }
    StageMonitor.-running ProgressBar, StageMonitor.-ended ProgressBar { display: block; }
    StageMonitor.-stopped ProgressBar #eta { display: none; }
    StageMonitor #stage-stats { width: 1fr; color: $text-muted; }
    StageMonitor.-running #stage-title { color: $warning; text-style: bold; }
    StageMonitor.-failed #stage-title { color: $error; text-style: bold; }
    """

    def compose(self) -> ComposeResult:
        yield Label("no stage running", id="stage-title")
        yield ProgressBar(total=None, show_eta=True, id="stage-bar")
        yield Label("", id="stage-stats")

    @property
    def title(self) -> str:
        return str(self.query_one("#stage-title", Label).render())

    def idle(self, message: str) -> None:
        """No stage of the shown session runs: say so, and what runs elsewhere if anything."""
        self.set_classes("")
        self.query_one("#stage-title", Label).update(message)
        self.query_one("#stage-stats", Label).update("")

    def apply(self, event: Event, session: str) -> None:
        """Show `event` of `session`'s stage."""
        title = self.query_one("#stage-title", Label)
        bar = self.query_one("#stage-bar", ProgressBar)
        stats = self.query_one("#stage-stats", Label)
        name = stage_name(session, event.stage)
        self.set_class(True, "-ended")
        if isinstance(event, StageStarted):
            self.set_class(True, "-running")
            self.set_class(False, "-failed")
            self.set_class(False, "-stopped")
            title.update(f"{name}: started")
            bar.update(total=event.total, progress=0)
            stats.update(Text(event.detail))
        elif isinstance(event, Progress):
            self.set_class(True, "-running")
            self.set_class(False, "-stopped")
            title.update(f"{name}: {event.unit}")
            bar.update(total=event.total, progress=event.done)
            shown = "  ".join(f"{k} {v:.3g}" for k, v in event.stats.items())
            stats.update(f"{event.done}/{event.total if event.total else '?'}  {shown}")
        elif isinstance(event, StageFinished):
            self._stop()
            title.update(f"{name}: done")
            if bar.total is None:
                bar.update(total=1, progress=1)
            else:
                bar.update(progress=bar.total)
        elif isinstance(event, StageFailed):
            self._stop()
            self.set_class(not event.cancelled, "-failed")
            title.update(f"{name}: {'cancelled' if event.cancelled else 'failed'}")
            stats.update(Text(event.error))

    def _stop(self) -> None:
        self.set_class(False, "-running")
        self.set_class(True, "-stopped")

    def exited(self, title: str, returncode: int | None, detail: str, *, cancelled: bool) -> None:
        """The process ended without (or after) a final event of its own: a crash, a kill, a
        cancel that came before the stage's handler was installed."""
        self._stop()
        if cancelled:
            self.set_class(False, "-failed")
            self.query_one("#stage-title", Label).update(f"{title}: cancelled")
        elif returncode:
            self.set_class(True, "-failed")
            self.query_one("#stage-title", Label).update(f"{title}: exit status {returncode}")
            self.query_one("#stage-stats", Label).update(Text(detail))
