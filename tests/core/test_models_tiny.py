"""The tiny offline model: a normal Hugging Face folder, trained for real, within its budget."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from cdpo_core.events import LogLine, Progress, Recorder
from cdpo_core.hardware import cpu_model, hardware_fingerprint
from cdpo_core.models.tiny import (
    TinyModelError,
    TinyModelSettings,
    UndertrainedError,
    build_tiny_model,
    header_dir,
    untrained_copy,
)

CODE = '#include <iostream>\nint main() {\n\tstd::cout << "hi\\n";\n  return 0;\n}\n'


def test_folder_loads_with_auto_classes(tiny_model_dir: Path) -> None:
    from transformers import AutoModelForCausalLM, AutoTokenizer

    model = AutoModelForCausalLM.from_pretrained(tiny_model_dir)
    tok = AutoTokenizer.from_pretrained(tiny_model_dir)
    assert model.config.model_type == "llama"
    assert (tok.bos_token, tok.eos_token, tok.pad_token) == ("<s>", "</s>", "<pad>")
    generation = json.loads((tiny_model_dir / "generation_config.json").read_text())
    assert generation["eos_token_id"] == tok.eos_token_id
    assert generation["pad_token_id"] == tok.pad_token_id
    assert len(tok) == model.config.vocab_size


def test_tokenizer_is_byte_level_and_lossless(tiny_model_dir: Path) -> None:
    from transformers import AutoTokenizer

    tok = AutoTokenizer.from_pretrained(tiny_model_dir)
    ids = tok(CODE + "// ünïcode ✓")["input_ids"]
    assert ids[0] == tok.bos_token_id  # prompts start the way training documents did
    assert tok.decode(ids, skip_special_tokens=True) == CODE + "// ünïcode ✓"


def test_training_lowers_the_loss(tmp_path: Path, codenet_programs: list[str]) -> None:
    texts = codenet_programs[:100] or [CODE] * 50
    events = Recorder()
    settings = replace(TinyModelSettings.micro(), max_steps=30)
    build_tiny_model(tmp_path / "m", texts, settings, emit=events)
    losses = [e.stats["train/loss"] for e in events.of(Progress) if e.stage == "build-tiny"]
    assert len(losses) == 30
    assert losses[-1] < losses[0] - 0.5


def test_trained_model_beats_untrained_on_held_out_code(
    tiny_model_dir: Path, tmp_path: Path, codenet_programs: list[str]
) -> None:
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    held_out = codenet_programs[-20:] or [CODE]
    tok = AutoTokenizer.from_pretrained(tiny_model_dir)
    batch = tok(held_out[:8], return_tensors="pt", padding=True, truncation=True, max_length=256)
    labels = batch["input_ids"].masked_fill(batch["attention_mask"] == 0, -100)

    def loss(folder: Path) -> float:
        model = AutoModelForCausalLM.from_pretrained(folder)
        with torch.inference_mode():
            return model(**batch, labels=labels).loss.item()

    assert loss(tiny_model_dir) < loss(untrained_copy(tiny_model_dir, tmp_path / "u")) - 1.0


def test_header_dir_finds_libstdcxx() -> None:
    root = header_dir()
    if root is None:
        pytest.skip("g++ is not installed")
    assert (root / "vector").is_file()


def test_headers_alone_are_enough_text(tmp_path: Path) -> None:
    if header_dir() is None:
        pytest.skip("g++ is not installed")
    settings = replace(
        TinyModelSettings.micro(), include_headers=True, header_bytes=50_000, max_steps=2
    )
    out = build_tiny_model(tmp_path / "h", [], settings).path
    assert (out / "model.safetensors").is_file()
    assert not (tmp_path / "h.partial").exists()


def test_no_text_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(TinyModelError, match="no training text"):
        build_tiny_model(tmp_path / "x", ["  ", ""], TinyModelSettings.micro())


def test_bad_shape_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(TinyModelError, match="divisible"):
        build_tiny_model(tmp_path / "x", [CODE], replace(TinyModelSettings.micro(), num_heads=3))


def test_time_budget_is_respected(tmp_path: Path) -> None:
    """With `max_steps` 0 the budget alone ends training, before the reserve for saving."""
    settings = replace(TinyModelSettings.micro(), max_steps=0, max_seconds=8.0)
    events = Recorder()
    clock = _budget_clock(settings, 8)
    built = build_tiny_model(tmp_path / "t", [CODE] * 20, settings, emit=events, clock=clock)
    assert built.report.steps == len(events.of(Progress)) == 8
    assert built.report.planned_steps == 0
    assert not [e for e in events.of(LogLine) if e.level == "warning"]


def test_every_setting_has_help() -> None:
    from dataclasses import fields

    assert all(f.metadata.get("help") for f in fields(TinyModelSettings))


def _micro_training_parts(steps: int):  # noqa: ANN202 - the model, its blocks, the settings
    from cdpo_core.models import tiny

    settings = replace(TinyModelSettings.micro(), max_steps=steps, batch_size=2)
    tokenizer = tiny._train_tokenizer([CODE] * 20, settings)
    blocks = tiny._pack(tokenizer, [CODE] * 20, settings.block_size)
    return tiny._new_model(tokenizer, settings), blocks, settings


class FakeClock:
    """Advances `tick` seconds each time it is read."""

    def __init__(self, tick: float) -> None:
        self.now, self.tick = 0.0, tick

    def __call__(self) -> float:
        self.now += self.tick
        return self.now


def test_schedule_follows_steps_when_the_machine_keeps_up() -> None:
    """Deterministic: the same model every run on a machine that finishes in time."""
    from cdpo_core.models import tiny

    model, blocks, settings = _micro_training_parts(steps=12)
    events = Recorder()
    # Each step takes 1/13 of the budget: the clock runs a little ahead of the step count
    # (as start-up makes it on a real machine) but all 12 steps fit. The schedule must not
    # follow the clock here, or the model would depend on timing.
    clock = FakeClock(0.01)
    tiny._train(model, blocks, settings, deadline=0.01 + 0.13, emit=events, clock=clock)
    lrs = [e.stats["train/lr"] for e in events.of(Progress)]
    assert len(lrs) == 12
    expected = [settings.learning_rate * tiny._lr_factor(k, k / 12) for k in range(12)]
    assert lrs == pytest.approx(expected)
    assert not [e for e in events.of(LogLine) if e.level == "warning"]


def test_schedule_follows_the_clock_when_training_falls_behind() -> None:
    from cdpo_core.models import tiny

    model, blocks, settings = _micro_training_parts(steps=1000)
    events = Recorder()
    # Each step takes about 1% of the budget: 1,000 steps cannot fit.
    tiny._train(model, blocks, settings, deadline=1.0, emit=events, clock=FakeClock(0.01))
    steps = events.of(Progress)
    assert 10 < len(steps) < 100, "stopped by the time budget"
    warnings = [e.message for e in events.of(LogLine) if e.level == "warning"]
    assert len(warnings) == 2 and "now follows the clock" in warnings[0]
    assert f"stopped training after {len(steps)} of 1000 steps" in warnings[1]
    # The learning rate decayed as time ran out, not cut off at its peak.
    assert steps[-1].stats["train/lr"] < 0.2 * settings.learning_rate


def _budget_clock(settings: TinyModelSettings, steps: int) -> FakeClock:
    """A clock by which `build_tiny_model` has time for exactly `steps` training steps.

    The build reads it once at its start and training once before its first step and once
    before each further one; it may train until the budget less its reserve for saving. The
    tick is a hair longer than that share, so rounding never buys one more step.
    """
    training = settings.max_seconds - max(3.0, 0.1 * settings.max_seconds)
    return FakeClock(training / (steps + 2) * (1 + 1e-9))


def _warnings(events: Recorder) -> list[str]:
    return [e.message for e in events.of(LogLine) if e.level == "warning"]


MICRO_40 = replace(TinyModelSettings.micro(), max_steps=40, batch_size=2, threads=1)


def test_a_build_cut_under_half_its_steps_fails_and_saves_nothing(tmp_path: Path) -> None:
    """85 of 900 steps made a model that scored 0/80; such a build must not pass as done."""
    events = Recorder()
    with pytest.raises(UndertrainedError, match="after 10 of 40 steps") as caught:
        build_tiny_model(
            tmp_path / "m", [CODE] * 20, MICRO_40, emit=events, clock=_budget_clock(MICRO_40, 10)
        )
    assert "tiny.max_seconds" in caught.value.hint
    assert (caught.value.report.steps, caught.value.report.planned_steps) == (10, 40)
    assert any("stopped training after 10 of 40 steps" in w for w in _warnings(events))
    assert not (tmp_path / "m").exists() and not (tmp_path / "m.partial").exists()


def test_a_build_cut_a_little_short_warns_and_reports_its_steps(tmp_path: Path) -> None:
    """862 of 900 steps is a usable model, but not the reproducible one: say so."""
    events = Recorder()
    built = build_tiny_model(
        tmp_path / "m", [CODE] * 20, MICRO_40, emit=events, clock=_budget_clock(MICRO_40, 38)
    )
    assert (built.report.steps, built.report.planned_steps) == (38, 40)
    assert built.report.summary()["steps"] == 38
    (warning,) = _warnings(events)
    assert "stopped training after 38 of 40 steps (95%)" in warning
    assert (built.path / "model.safetensors").is_file()


def test_a_final_loss_above_the_threshold_fails(tmp_path: Path) -> None:
    settings = replace(MICRO_40, max_steps=3, max_final_loss=1.0)
    with pytest.raises(UndertrainedError, match="above tiny.max_final_loss 1") as caught:
        build_tiny_model(tmp_path / "m", [CODE] * 20, settings, clock=FakeClock(1e-3))
    assert caught.value.report.steps == 3 and caught.value.report.final_loss > 1.0


def test_two_full_builds_on_one_machine_are_byte_identical(tmp_path: Path) -> None:
    """What the README promises: same hardware, torch and threads give the same model."""
    settings = replace(TinyModelSettings.micro(), max_steps=12, batch_size=2, threads=1)
    builds = []
    for name in ("a", "b"):
        events = Recorder()
        builds.append(
            build_tiny_model(
                tmp_path / name, [CODE] * 20, settings, emit=events, clock=FakeClock(1e-3)
            )
        )
        assert not _warnings(events)
        assert any(cpu_model() in e.message for e in events.of(LogLine))
    a, b = builds
    assert a.report.steps == a.report.planned_steps == 12
    assert a.report.hardware == b.report.hardware
    assert a.report.hardware.torch_threads == 1  # the count training ran with
    for file in ("model.safetensors", "tokenizer.json"):
        assert (a.path / file).read_bytes() == (b.path / file).read_bytes()


def test_the_fingerprint_names_the_cpu_torch_and_threads(tmp_path: Path) -> None:
    import torch

    fp = hardware_fingerprint()
    assert fp.torch == torch.__version__ and fp.torch_threads == torch.get_num_threads()
    assert fp.cpu and fp.cpu_capability and fp.blas
    info = tmp_path / "cpuinfo"
    info.write_text(
        "processor\t: 0\nvendor_id\t: GenuineIntel\ncpu family\t: 6\nmodel\t\t: 143\n"
        "model name\t: Intel(R) Xeon(R) Processor\nstepping\t: 8\n\n"
        "processor\t: 1\nmodel name\t: other\n"
    )
    assert cpu_model(info) == "Intel(R) Xeon(R) Processor [family 6 model 143 stepping 8]"


def _session_with_programs(tmp_path: Path, tiny: TinyModelSettings):  # noqa: ANN202 - a Session
    from cdpo_core.session import Session, SessionConfig

    session = Session.create(tmp_path, "t", SessionConfig(tiny=tiny))
    cut = len(CODE) - 5
    sample = {"problem_id": "p", "split": "train", "code": CODE, "prefix": CODE[:cut]}
    sample |= {"target": CODE[cut:], "suffix": "", "mask_start": cut, "mask_end": len(CODE)}
    rows = [{**sample, "submission_id": f"s{i}"} for i in range(20)]
    with session.store() as store:
        store.replace_samples(rows)
    return session


def test_the_stage_records_steps_loss_and_hardware(tmp_path: Path) -> None:
    from cdpo_core.stages.tiny import run_build_tiny

    session = _session_with_programs(tmp_path, replace(MICRO_40, max_steps=4, threads=1))
    run_build_tiny(session, emit=Recorder())
    with session.store(readonly=True) as store:
        run = store.latest_run("build-tiny")
    assert run is not None and run.status == "done"
    assert (run.summary["steps"], run.summary["planned_steps"]) == (4, 4)
    assert run.summary["final_loss"] > 0
    assert run.summary["hardware"] == {**hardware_fingerprint().to_dict(), "torch_threads": 1}


def test_the_stage_fails_an_unusable_model_and_keeps_its_numbers(tmp_path: Path) -> None:
    from cdpo_core.runner import StageError
    from cdpo_core.stages.tiny import run_build_tiny

    tiny = replace(MICRO_40, max_steps=2, threads=1, max_final_loss=0.5)
    session = _session_with_programs(tmp_path, tiny)
    with pytest.raises(StageError, match="unusable") as caught:
        run_build_tiny(session, emit=Recorder())
    assert "tiny.max_seconds" in caught.value.hint
    with session.store(readonly=True) as store:
        run = store.latest_run("build-tiny")
    assert run is not None and run.status == "failed"
    assert (run.summary["steps"], run.summary["planned_steps"]) == (2, 2)
    assert "hardware" in run.summary
