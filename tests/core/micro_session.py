"""Micro settings for tests of whole plans, and a demo-preset session on the micro model."""

from __future__ import annotations

from pathlib import Path

from cdpo_core.cli import main
from cdpo_core.session import Session

MICRO = [
    "selection.max_problems=2",
    "selection.train_per_problem=2",
    "selection.test_per_problem=1",
    "generation.max_new_tokens=24",
    "sft.max_steps=2",
    "sft.batch_size=2",
    "sft.lora_r=4",
    "sft.lora_alpha=8",
    "sft.max_length=256",
    "dpo.max_steps=2",
    "dpo.batch_size=2",
    "dpo.lora_r=4",
    "dpo.lora_alpha=8",
    "dpo.max_length=256",
    "dpo.max_prompt_length=192",
]
TINY_MICRO = [  # TinyModelSettings.micro(), as settings
    "tiny.vocab_size=512",
    "tiny.hidden_size=64",
    "tiny.num_layers=2",
    "tiny.num_heads=2",
    "tiny.intermediate_size=128",
    "tiny.context_length=512",
    "tiny.block_size=128",
    "tiny.max_steps=80",
    "tiny.max_seconds=3600",
    "tiny.max_final_loss=0",
    "tiny.header_bytes=200000",
]


def micro_session(root: Path, model_dir: Path, name: str, *extra: str) -> Session:
    """`cdpo init NAME --preset demo --model MICRO` with micro sizes, then `cdpo prep`."""
    args = ["--sessions", str(root), "init", name, "--preset", "demo", "--model", str(model_dir)]
    # The online tests sample groups and rounds: 16 new tokens keep them short.
    for assignment in (*MICRO, "generation.max_new_tokens=16", *extra):
        args += ["--set", assignment]
    assert main(args) == 0
    assert main(["--sessions", str(root), "prep", name]) == 0
    return Session.open(root, name)
