"""Where a stage's events go: stdout as JSON lines, the session store, a Rich progress bar.

A stage calls one `Emit`; which of these receive the events is decided by how the stage was
started (`--events` for the console, a terminal for a person), never by the stage itself.
"""

from __future__ import annotations

import time

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.progress import Progress as RichProgress

from cdpo_core.events import (
    Emit,
    Event,
    LogLine,
    Metric,
    Progress,
    StageFailed,
    StageFinished,
    StageStarted,
)
from cdpo_core.store import Store


class Tee:
    """Send each event to several sinks."""

    def __init__(self, *sinks: Emit) -> None:
        self.sinks = sinks

    def __call__(self, event: Event) -> None:
        for sink in self.sinks:
            sink(event)


class StoreEmitter:
    """Records events in the session store so a console opened later can follow the stage.

    Progress is written at most twice a second (the console polls); metrics also land in the
    `metrics` table, which is what the plots read.
    """

    def __init__(self, store: Store, run_id: int | None, min_gap: float = 0.5) -> None:
        self.store = store
        self.run_id = run_id
        self.min_gap = min_gap
        self._last = 0.0

    def __call__(self, event: Event) -> None:
        if isinstance(event, Progress):
            now = time.monotonic()
            done = event.total is not None and event.done >= event.total
            if now - self._last < self.min_gap and not done:
                return
            self._last = now
        if isinstance(event, Metric) and self.run_id is not None:
            self.store.add_metrics(self.run_id, event.step, event.values)
        self.store.add_event(self.run_id, event.type, event.to_json())


class SafeStdout:
    """JSON lines on stdout that survive the reader going away.

    The console may be closed while a stage runs; the stage must then go on (its events still
    reach the store) instead of dying of a broken pipe.
    """

    def __init__(self, inner: Emit) -> None:
        self.inner = inner
        self.closed = False

    def __call__(self, event: Event) -> None:
        if self.closed:
            return
        try:
            self.inner(event)
        except (BrokenPipeError, OSError, ValueError):
            self.closed = True


class RichEmitter:
    """Renders events for a person at a terminal: one progress bar per stage, logs above it."""

    def __init__(self, console: Console | None = None) -> None:
        self.console = console or Console(stderr=True)
        self.progress = RichProgress(
            TextColumn("[bold]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[stats]}"),
            TimeElapsedColumn(),
            TimeRemainingColumn(),
            console=self.console,
            transient=True,
        )
        self.tasks: dict[str, TaskID] = {}
        self._last_metric = 0.0

    def _task(self, stage: str, total: int | None = None) -> TaskID:
        if stage not in self.tasks:
            if not self.tasks:
                self.progress.start()
            self.tasks[stage] = self.progress.add_task(stage, total=total, stats="")
        return self.tasks[stage]

    def _drop(self, stage: str) -> None:
        task = self.tasks.pop(stage, None)
        if task is not None:
            self.progress.remove_task(task)
        if not self.tasks:
            self.progress.stop()

    def __call__(self, event: Event) -> None:
        if isinstance(event, StageStarted):
            self._task(event.stage, event.total)
            if event.detail:
                self.console.print(f"[bold cyan]{event.stage}[/]: {event.detail}")
        elif isinstance(event, Progress):
            stats = "  ".join(f"{k} {_fmt(v)}" for k, v in event.stats.items())
            self.progress.update(
                self._task(event.stage), completed=event.done, total=event.total, stats=stats
            )
        elif isinstance(event, Metric):
            now = time.monotonic()
            if now - self._last_metric > 2.0:
                self._last_metric = now
                shown = "  ".join(f"{k}={_fmt(v)}" for k, v in list(event.values.items())[:6])
                self.console.print(f"[dim]{event.stage} step {event.step}: {shown}[/]")
        elif isinstance(event, LogLine):
            style = {"warning": "yellow", "error": "red"}.get(event.level, "")
            self.console.print(f"[{style}]{event.message}[/]" if style else event.message)
        elif isinstance(event, StageFinished):
            self._drop(event.stage)
            run = f" (run {event.run_id})" if event.run_id is not None else ""
            self.console.print(f"[green]✓ {event.stage} done{run}[/]")
        elif isinstance(event, StageFailed):
            self._drop(event.stage)
            what = "cancelled" if event.cancelled else "failed"
            self.console.print(f"[red]✗ {event.stage} {what}:[/] {event.error}")
            if event.hint:
                self.console.print(f"  {event.hint}")

    def close(self) -> None:
        for stage in list(self.tasks):
            self._drop(stage)


def _fmt(value: float) -> str:
    if isinstance(value, float) and not value.is_integer():
        return f"{value:.4g}"
    return str(value)
