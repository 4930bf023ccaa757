from __future__ import annotations

import io
import json

import pytest

from cdpo_core.events import (
    EVENT_TYPES,
    Event,
    JsonLinesEmitter,
    LogLine,
    Metric,
    Progress,
    StageFailed,
    StageFinished,
    StageStarted,
)


@pytest.mark.parametrize(
    "event",
    [
        StageStarted(stage="eval-base", run_id=3, total=10, detail="run 3"),
        Progress(stage="eval-base", done=4, total=10, unit="samples", stats={"tokens/s": 12.5}),
        Metric(stage="sft", step=7, values={"train/loss": 1.25, "train/learning_rate": 2e-4}),
        LogLine(stage="prep", level="warning", message="skipped 3 files"),
        StageFinished(stage="sft", run_id=2, summary={"final_loss": 0.5}),
        StageFailed(stage="dpo", run_id=4, error="boom", hint="do this", cancelled=True),
    ],
)
def test_every_event_round_trips_through_one_json_line(event: Event) -> None:
    line = event.to_json()
    assert "\n" not in line
    assert json.loads(line)["type"] == event.type
    assert Event.from_json(line) == event


def test_every_event_class_is_registered_under_its_tag() -> None:
    assert set(EVENT_TYPES) == {
        "stage_started",
        "progress",
        "metric",
        "log",
        "stage_finished",
        "stage_failed",
    }


@pytest.mark.parametrize("line", ['{"type": "nope", "stage": "x"}', "[1, 2]", '"text"'])
def test_unknown_lines_are_refused(line: str) -> None:
    with pytest.raises(ValueError, match="not a cdpo event"):
        Event.from_json(line)


class FakeClock:
    """A monotonic clock that starts where a freshly booted machine's does and moves by hand."""

    def __init__(self, start: float = 0.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now


def test_progress_is_throttled_but_the_last_count_is_never_lost() -> None:
    out = io.StringIO()
    # at most one progress line a second; the clock stands still, as on a fast loop
    emit = JsonLinesEmitter(out, max_rate=1.0, clock=FakeClock(5000.0))
    for done in range(1, 50):
        emit(Progress(stage="eval", done=done, total=100))
    emit(LogLine(stage="eval", message="half way"))
    lines = [Event.from_json(line) for line in out.getvalue().splitlines()]
    progress = [e for e in lines if isinstance(e, Progress)]
    assert len(progress) == 2, "one right away, then the pending one flushed before the log"
    assert progress[-1].done == 49
    assert isinstance(lines[-1], LogLine)


@pytest.mark.parametrize("boot", [0.0, 3.0, 1e6], ids=["just-booted", "seconds-up", "days-up"])
def test_first_and_completion_progress_always_get_through(boot: float) -> None:
    out = io.StringIO()
    clock = FakeClock(boot)
    emit = JsonLinesEmitter(out, max_rate=0.001, clock=clock)  # a gap of 1000 s
    emit(Progress(stage="eval", done=1, total=3))
    clock.now += 1.0
    emit(Progress(stage="eval", done=2, total=3))
    emit(Progress(stage="eval", done=3, total=3))
    done = [Event.from_json(line).done for line in out.getvalue().splitlines()]
    assert done == [1, 3], "the first event passes at once, the middle one is throttled"


def test_progress_passes_again_once_the_gap_has_elapsed() -> None:
    out = io.StringIO()
    clock = FakeClock(0.0)
    emit = JsonLinesEmitter(out, max_rate=2.0, clock=clock)  # a gap of 0.5 s
    for done in range(1, 5):
        emit(Progress(stage="eval", done=done, total=10))
        clock.now += 0.3
    done = [Event.from_json(line).done for line in out.getvalue().splitlines()]
    assert done == [1, 3], "0.0 passes, 0.3 is held, 0.6 passes, 0.9 is held"
