"""The collapse alarm: chosen log-probability below the reference while margins still grow."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from cdpo_core.events import LogLine, Metric, Recorder
from cdpo_core.training.collapse import CollapseWatch
from cdpo_core.training.settings import CollapseSettings

BETA = 0.1


def logs(chosen_drop: float, margin: float) -> dict[str, float]:
    """A DPO log in TRL's names: rewards/chosen = beta * (policy - reference) chosen logp."""
    return {"rewards/chosen": -BETA * chosen_drop, "rewards/margins": margin, "loss": 0.6}


def feed(watch: CollapseWatch, steps: list[tuple[float, float]]) -> list[int]:
    fired = []
    for step, (drop, margin) in enumerate(steps, start=1):
        if watch.update(step, logs(drop, margin)) is not None:
            fired.append(step)
    return fired


def test_fires_once_when_chosen_falls_and_margins_grow() -> None:
    watch = CollapseWatch(CollapseSettings(margin=1.0, window=2), BETA)
    steps = [(0.0, 0.0), (0.3, 0.1), (0.8, 0.2), (1.5, 0.3), (2.5, 0.4), (3.0, 0.5)]
    assert feed(watch, steps) == [4]
    assert watch.alarm is not None and watch.alarm.step == 4
    assert watch.alarm.chosen_drop == pytest.approx(1.5) and watch.alarm.margin == 0.3
    assert "1.50 nats below the reference" in watch.alarm.message()


def test_quiet_when_the_chosen_side_holds_or_margins_stop_growing() -> None:
    holding = [(0.0, 0.0), (0.1, 0.5), (0.2, 1.0), (0.5, 1.5)]  # DPOP: chosen stays up
    assert feed(CollapseWatch(CollapseSettings(margin=1.0), BETA), holding) == []
    shrinking = [(0.0, 0.9), (1.5, 0.8), (2.0, 0.7), (3.0, 0.6)]  # margins fall: not this
    assert feed(CollapseWatch(CollapseSettings(margin=1.0), BETA), shrinking) == []
    off = CollapseWatch(CollapseSettings(enabled=False), BETA)
    assert feed(off, [(0.0, 0.0), (5.0, 1.0)]) == []
    # Logs without DPO's keys (an SFT log, the end-of-training summary) are ignored.
    assert CollapseWatch(CollapseSettings(), BETA).update(1, {"loss": 1.0}) is None


def test_the_first_log_has_nothing_to_grow_from() -> None:
    watch = CollapseWatch(CollapseSettings(margin=1.0, window=3), BETA)
    assert feed(watch, [(5.0, 1.0)]) == []
    assert feed(watch, [(5.0, 1.1)]) == [1]  # the second log grows from the first


def test_callback_says_it_in_the_log_and_marks_the_step() -> None:
    from cdpo_core.training.callbacks import CollapseCallback

    recorder = Recorder()
    callback = CollapseCallback("dpo", recorder, CollapseWatch(CollapseSettings(), BETA))
    for step, (drop, margin) in enumerate([(0.0, 0.0), (2.0, 0.5), (3.0, 0.6)], start=1):
        callback.on_log(None, SimpleNamespace(global_step=step), None, logs=logs(drop, margin))
    warnings = [e for e in recorder.of(LogLine) if e.level == "warning"]
    assert len(warnings) == 1 and warnings[0].message.startswith("collapse alarm at step 2")
    marks = recorder.of(Metric)
    assert [(m.step, m.values["collapse/alarm"]) for m in marks] == [(2, 1.0)]
    assert callback.alarm is not None and callback.alarm.to_dict()["step"] == 2.0
