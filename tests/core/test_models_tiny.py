"""The tiny offline model: a normal Hugging Face folder, trained for real, within its budget."""

from __future__ import annotations

import json
import time
from dataclasses import replace
from pathlib import Path

import pytest

from cdpo_core.events import LogLine, Progress, Recorder
from cdpo_core.models.tiny import (
    TinyModelError,
    TinyModelSettings,
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
    out = build_tiny_model(tmp_path / "h", [], settings)
    assert (out / "model.safetensors").is_file()
    assert not (tmp_path / "h.partial").exists()


def test_no_text_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(TinyModelError, match="no training text"):
        build_tiny_model(tmp_path / "x", ["  ", ""], TinyModelSettings.micro())


def test_bad_shape_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(TinyModelError, match="divisible"):
        build_tiny_model(tmp_path / "x", [CODE], replace(TinyModelSettings.micro(), num_heads=3))


def test_time_budget_is_respected(tmp_path: Path) -> None:
    settings = replace(TinyModelSettings.micro(), max_steps=0, max_seconds=8.0)
    events = Recorder()
    start = time.monotonic()
    build_tiny_model(tmp_path / "t", [CODE] * 200, settings, emit=events)
    assert time.monotonic() - start < 8.0 + 2.0  # saving may overrun the reserve a little
    assert len(events.of(Progress)) > 1


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
    assert len(warnings) == 1 and "now follows the clock" in warnings[0]
    # The learning rate decayed as time ran out, not cut off at its peak.
    assert steps[-1].stats["train/lr"] < 0.2 * settings.learning_rate
