"""The step table is the one place steps are listed: everything else reads it."""

from __future__ import annotations

import dataclasses

import pytest

from cdpo_core import steps
from cdpo_core.cli import build_parser
from cdpo_core.session import PlanSettings, SessionConfig, SessionError, preset
from cdpo_core.steps import PAPER_PLAN, STEPS, TINY_MODEL, StepSpec, plan_steps


def step_choices() -> list[str]:
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")  # noqa: SLF001 (argparse)
    step = sub.choices["step"]  # type: ignore[index]
    return list(next(a for a in step._actions if a.dest == "step").choices)


def test_every_plan_starts_with_its_data_steps() -> None:
    assert plan_steps(preset("demo"))[:3] == ("prep", "build-tiny", "eval-base")
    assert preset("demo").model.name_or_path == TINY_MODEL
    assert plan_steps(preset("paper")) == ("prep", *PAPER_PLAN), "no tiny build for a real model"
    assert set(PAPER_PLAN) | {"prep", "build-tiny"} == set(STEPS)


def test_each_spec_names_a_stage_function_and_real_settings() -> None:
    sections = {f.name for f in dataclasses.fields(SessionConfig)}
    for spec in STEPS.values():
        assert callable(spec.function()), spec.stage
        assert set(spec.settings) <= sections, spec.name
        for source in (spec.adapter_from, spec.pairs_from):
            assert source is None or source in STEPS


def test_a_step_added_to_the_table_reaches_the_cli_and_the_plan(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    extra = StepSpec(
        "eval-extra",
        "eval",
        "Extra",
        "cdpo_core.stages.evaluate:eval_step",
        ("model",),
        title="An extra evaluation",
    )
    monkeypatch.setitem(steps.STEPS, "eval-extra", extra)
    assert "eval-extra" in step_choices()
    config = dataclasses.replace(
        preset("paper"), plan=PlanSettings(steps=("eval-base", "eval-extra"))
    )
    assert plan_steps(config) == ("prep", "eval-base", "eval-extra")
    monkeypatch.delitem(steps.STEPS, "eval-extra")
    assert "eval-extra" not in step_choices()
    with pytest.raises(SessionError, match="unknown step 'eval-extra'"):
        PlanSettings(steps=("eval-base", "eval-extra"))
