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


def test_progress_is_throttled_but_the_last_count_is_never_lost() -> None:
    out = io.StringIO()
    emit = JsonLinesEmitter(out, max_rate=1.0)  # at most one progress line a second
    for done in range(1, 50):
        emit(Progress(stage="eval", done=done, total=100))
    emit(LogLine(stage="eval", message="half way"))
    lines = [Event.from_json(line) for line in out.getvalue().splitlines()]
    progress = [e for e in lines if isinstance(e, Progress)]
    assert len(progress) == 2, "one right away, then the pending one flushed before the log"
    assert progress[-1].done == 49
    assert isinstance(lines[-1], LogLine)


def test_completion_progress_always_gets_through() -> None:
    out = io.StringIO()
    emit = JsonLinesEmitter(out, max_rate=0.001)
    emit(Progress(stage="eval", done=1, total=2))
    emit(Progress(stage="eval", done=2, total=2))
    assert len(out.getvalue().splitlines()) == 2
