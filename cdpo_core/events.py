"""Typed events that a stage reports while it runs.

A stage running as a child process prints one JSON object per line on stdout (human logs go
to stderr), so the console can follow it without importing anything heavy; the CLI renders the
same events as a progress bar; tests collect them in a list. `cdpo replay FILE` feeds a
recorded stream back in place of a live stage.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, fields
from typing import IO, Any, ClassVar


@dataclass(frozen=True)
class Event:
    """Base class: every event has a `type` tag and the stage it belongs to."""

    type: ClassVar[str] = "event"
    stage: str

    def to_json(self) -> str:
        return json.dumps({"type": self.type, **asdict(self)}, ensure_ascii=False)

    @staticmethod
    def from_json(line: str) -> Event:
        """Parse one line; raises ValueError for anything that is not a known event."""
        data = json.loads(line)
        if not isinstance(data, dict) or data.get("type") not in EVENT_TYPES:
            raise ValueError(f"not a cdpo event: {line[:80]!r}")
        cls = EVENT_TYPES[data.pop("type")]
        names = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in names})


@dataclass(frozen=True)
class StageStarted(Event):
    """A stage began; `run_id` is its row in the session store when it has one."""

    type: ClassVar[str] = "stage_started"
    run_id: int | None = None
    total: int | None = None
    detail: str = ""


@dataclass(frozen=True)
class Progress(Event):
    """Work done so far. `stats` carries rates such as `tokens/s` or `compile/rate`."""

    type: ClassVar[str] = "progress"
    done: int = 0
    total: int | None = None
    unit: str = "items"
    stats: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class Metric(Event):
    """Training metrics at one step, named `group/metric` (`train/loss`, `rewards/margins`)."""

    type: ClassVar[str] = "metric"
    step: int = 0
    values: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class LogLine(Event):
    """A line for the human reading the log pane."""

    type: ClassVar[str] = "log"
    level: str = "info"
    message: str = ""


@dataclass(frozen=True)
class StageFinished(Event):
    """The stage ended well; `summary` holds its headline numbers."""

    type: ClassVar[str] = "stage_finished"
    run_id: int | None = None
    summary: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class StageFailed(Event):
    """The stage ended badly; `error` is one line, `hint` says what to do."""

    type: ClassVar[str] = "stage_failed"
    run_id: int | None = None
    error: str = ""
    hint: str = ""
    cancelled: bool = False


EVENT_TYPES: dict[str, type[Event]] = {
    cls.type: cls for cls in (StageStarted, Progress, Metric, LogLine, StageFinished, StageFailed)
}

Emit = Callable[[Event], None]
"""What stages call to report. Stages never print progress themselves."""


def discard(event: Event) -> None:
    """An `Emit` for callers that want no events."""


class JsonLinesEmitter:
    """Writes events as JSON lines, throttling `Progress` to about `max_rate` per second.

    The first progress event and the last one before any other event are always written, so a
    reader never misses the start or the final count. `clock` is injectable because
    `time.monotonic()` counts from an arbitrary point (boot, on Linux): a fixed "last time"
    such as 0.0 would hold back the first event on a machine that booted recently.
    """

    def __init__(
        self,
        stream: IO[str] | None = None,
        max_rate: float = 10.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._stream = stream or sys.stdout
        self._min_gap = 1.0 / max_rate
        self._clock = clock
        self._last_progress: float | None = None
        self._pending: Progress | None = None

    def __call__(self, event: Event) -> None:
        if isinstance(event, Progress):
            now = self._clock()
            done = event.total is not None and event.done >= event.total
            recent = self._last_progress is not None and now - self._last_progress < self._min_gap
            if recent and not done:
                self._pending = event
                return
            self._last_progress = now
            self._pending = None
        elif self._pending is not None:
            self._write(self._pending)
            self._pending = None
        self._write(event)

    def _write(self, event: Event) -> None:
        self._stream.write(event.to_json() + "\n")
        self._stream.flush()


class Recorder:
    """An `Emit` that keeps every event, for tests and for replays."""

    def __init__(self) -> None:
        self.events: list[Event] = []

    def __call__(self, event: Event) -> None:
        self.events.append(event)

    def of(self, kind: type[Event]) -> list[Any]:
        return [e for e in self.events if isinstance(e, kind)]
