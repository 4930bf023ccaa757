"""A demo-preset session on the micro model, prepared, for the online-learning tests."""

from __future__ import annotations

from pathlib import Path

from cdpo_core.cli import main
from cdpo_core.session import Session

MICRO = [
    "selection.max_problems=2",
    "selection.train_per_problem=2",
    "selection.test_per_problem=1",
    "generation.max_new_tokens=16",
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


def micro_session(root: Path, model_dir: Path, name: str, *extra: str) -> Session:
    """`cdpo init NAME --preset demo --model MICRO` with micro sizes, then `cdpo prep`."""
    args = ["--sessions", str(root), "init", name, "--preset", "demo", "--model", str(model_dir)]
    for assignment in (*MICRO, *extra):
        args += ["--set", assignment]
    assert main(args) == 0
    assert main(["--sessions", str(root), "prep", name]) == 0
    return Session.open(root, name)
