"""The running stage at a glance: what runs, a progress bar and its rates."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Label, ProgressBar

from cdpo_core.events import Event, Progress, StageFailed, StageFinished, StageStarted


class StageMonitor(Horizontal):
    """Shows the latest state of one stage; the `-running` class drives its colour."""

    DEFAULT_CSS = """
    StageMonitor { height: 1; }
    StageMonitor #stage-title { width: auto; max-width: 40; padding-right: 1; }
    StageMonitor ProgressBar { width: auto; padding-right: 1; display: none; }
    StageMonitor.-running ProgressBar, StageMonitor.-ended ProgressBar { display: block; }
    StageMonitor #stage-stats { width: 1fr; color: $text-muted; }
    StageMonitor.-running #stage-title { color: $warning; text-style: bold; }
    StageMonitor.-failed #stage-title { color: $error; text-style: bold; }
    """

    def compose(self) -> ComposeResult:
        yield Label("no stage running", id="stage-title")
        yield ProgressBar(total=None, show_eta=True, id="stage-bar")
        yield Label("", id="stage-stats")

    def apply(self, event: Event) -> None:
        title = self.query_one("#stage-title", Label)
        bar = self.query_one("#stage-bar", ProgressBar)
        stats = self.query_one("#stage-stats", Label)
        self.set_class(True, "-ended")
        if isinstance(event, StageStarted):
            self.set_class(True, "-running")
            self.set_class(False, "-failed")
            title.update(f"{event.stage}: started")
            bar.update(total=event.total, progress=0)
            stats.update(Text(event.detail))
        elif isinstance(event, Progress):
            self.set_class(True, "-running")
            title.update(f"{event.stage}: {event.unit}")
            bar.update(total=event.total, progress=event.done)
            shown = "  ".join(f"{k} {v:.3g}" for k, v in event.stats.items())
            stats.update(f"{event.done}/{event.total if event.total else '?'}  {shown}")
        elif isinstance(event, StageFinished):
            self.set_class(False, "-running")
            title.update(f"{event.stage}: done")
            if bar.total is None:
                bar.update(total=1, progress=1)
            else:
                bar.update(progress=bar.total)
        elif isinstance(event, StageFailed):
            self.set_class(False, "-running")
            self.set_class(not event.cancelled, "-failed")
            title.update(f"{event.stage}: {'cancelled' if event.cancelled else 'failed'}")
            stats.update(Text(event.error))

    def exited(self, returncode: int | None, detail: str) -> None:
        """The process ended without a final event of its own (a crash, a kill)."""
        self.set_class(False, "-running")
        if returncode:
            self.set_class(returncode != 130, "-failed")
            self.query_one("#stage-title", Label).update(f"exited with status {returncode}")
            self.query_one("#stage-stats", Label).update(Text(detail))
