"""The step table is the one place steps are listed: everything else reads it."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest

from cdpo_core import steps
from cdpo_core.cli import build_parser
from cdpo_core.errors import CdpoError
from cdpo_core.events import Recorder, StageFinished, StageStarted
from cdpo_core.fingerprint import compiler_version, fingerprint, path_fingerprint
from cdpo_core.pipeline import run_step
from cdpo_core.runner import RunContext, StageError
from cdpo_core.session import PlanSettings, Session, SessionConfig, SessionError, preset
from cdpo_core.steps import (
    EVAL_SPLIT,
    ONLINE_STEPS,
    PAPER_PLAN,
    RECORDED_INPUTS,
    SESSION_MODEL,
    STEPS,
    TINY_MODEL,
    StepCall,
    StepSpec,
    plan_steps,
    recorded_settings,
)


def step_choices() -> list[str]:
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")  # noqa: SLF001 (argparse)
    step = sub.choices["step"]  # type: ignore[index]
    return list(next(a for a in step._actions if a.dest == "step").choices)


def test_every_plan_starts_with_its_data_steps() -> None:
    assert plan_steps(preset("demo"))[:3] == ("prep", "build-tiny", "eval-base")
    assert preset("demo").model.name_or_path == TINY_MODEL
    assert plan_steps(preset("paper")) == ("prep", *PAPER_PLAN), "no tiny build for a real model"
    assert set(PAPER_PLAN) | set(ONLINE_STEPS) | {"prep", "build-tiny"} == set(STEPS)


def test_each_spec_names_a_stage_function_and_real_settings() -> None:
    sections = {f.name for f in dataclasses.fields(SessionConfig)}
    for spec in STEPS.values():
        assert callable(spec.function()), spec.stage
        assert set(spec.settings) <= sections, spec.name
        for source in (spec.adapter_from, spec.pairs_from):
            assert source is None or source in STEPS
        assert set(spec.records) <= set(RECORDED_INPUTS), spec.name
        assert spec.extras_function() is None or callable(spec.extras_function()), spec.extras
        assert spec.split in {None, "train", EVAL_SPLIT}, spec.name
        assert spec.model in {"", SESSION_MODEL, TINY_MODEL}, spec.name


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


seen: list[tuple[StepCall, RunContext]] = []


def stub_step(session: Session, call: StepCall, ctx: RunContext) -> None:
    """A stage that opens no frame of its own: it only does its (tiny) work in `ctx`."""
    seen.append((call, ctx))
    ctx.summary["adapter_seen"] = call.adapter


def refusing_extras(session: Session, call: StepCall) -> tuple[dict[str, Any], dict[str, str]]:
    raise CdpoError("refused before the run", "nothing to do")


def finished(session: Session, step: str, artifact: str) -> None:
    with session.store() as store:
        run_id = store.start_run(step, STEPS[step].kind, settings={})
        store.set_artifact(run_id, artifact)
        store.finish_run(run_id, "done", summary={})


def test_run_step_opens_the_frame_the_spec_describes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    session = Session.create(tmp_path, "framed", preset("demo"))
    adapter = tmp_path / "sft-adapter"
    adapter.mkdir()
    (adapter / "adapter_model.safetensors").write_bytes(b"weights")
    finished(session, "sft", str(adapter))
    spec = StepSpec(
        "stub-train",
        "dpo",
        "+Stub",
        f"{__name__}:stub_step",
        ("model", "dpo"),
        adapter_from="sft",
        compiler=True,
        records=("sft_adapter",),
    )
    monkeypatch.setitem(steps.STEPS, spec.name, spec)
    seen.clear()
    events = Recorder()
    run_step(session, spec.name, emit=events)

    ((call, ctx),) = seen
    assert call.adapter == str(adapter), "the input was resolved from the step it names"
    with session.store(readonly=True) as store:
        run = store.latest_run(spec.name)
        samples = store.samples_digest("train")
    assert run is not None and ctx.run_id == run.id
    assert (run.status, run.kind, run.label, run.split) == ("done", "dpo", "+Stub", "train")
    assert run.model == session.config.model.name_or_path
    settings = recorded_settings(session.config, spec) | {"sft_adapter": str(adapter)}
    assert run.settings == settings
    assert run.fingerprint == fingerprint(
        settings,
        {
            "model": path_fingerprint(session.model_path()),
            "adapter": path_fingerprint(adapter),
            "samples": samples,
            "compiler": compiler_version(session.config.oracle.compiler),
        },
    )
    assert run.summary == {"adapter_seen": str(adapter)}
    assert [e.run_id for e in events.of(StageStarted)] == [run.id]
    assert [e.run_id for e in events.of(StageFinished)] == [run.id]


def test_a_step_whose_extras_refuse_starts_no_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    session = Session.create(tmp_path, "refused", preset("demo"))
    spec = StepSpec(
        "stub-refused",
        "prep",
        "data",
        f"{__name__}:stub_step",
        ("data",),
        model="",
        extras=f"{__name__}:refusing_extras",
    )
    monkeypatch.setitem(steps.STEPS, spec.name, spec)
    seen.clear()
    with pytest.raises(CdpoError, match="refused before the run"):
        run_step(session, spec.name, emit=Recorder())
    assert not seen
    with session.store(readonly=True) as store:
        assert store.latest_run(spec.name) is None


def test_a_plan_step_needs_its_inputs_finished(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    session = Session.create(tmp_path, "early", preset("demo"))
    spec = StepSpec("stub-early", "eval", "X", f"{__name__}:stub_step", (), adapter_from="sft")
    monkeypatch.setitem(steps.STEPS, spec.name, spec)
    with pytest.raises(StageError, match="step sft has not finished yet"):
        run_step(session, spec.name, emit=Recorder())
    with session.store(readonly=True) as store:
        assert store.latest_run(spec.name) is None
