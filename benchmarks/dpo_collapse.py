"""The DPO collapse on near-identical pairs, and DPO-Positive as the fix (paper sections 6.1, 8).

Builds preference pairs whose chosen and rejected continuations differ by one character (the
original end of a CodeNet program vs the same end missing its last `}` or `;`), fine-tunes a
micro Llama on them (standing in for +SFT), then trains a LoRA adapter with sigmoid DPO and
with DPO-Positive from the same start and prints, per step, the mean log-probabilities of the chosen
and rejected continuations and the reward margin over the whole pair set (each step is one
full batch of all pairs, so the rows are comparable).

The collapse: with sigmoid DPO the margin grows while the chosen log-probability falls; with
DPOP the chosen log-probability stays at or above the reference. The collapse alarm
(`cdpo_core.training.collapse`, default settings) watches both runs; the last line says which
it fired on, e.g. `collapse alarm: sigmoid fired, dpop quiet`.

Run: .venv/bin/python benchmarks/dpo_collapse.py [--steps 20] [--pairs 16]
(about 2 minutes on two busy CPU cores; uses /work/shared/data when present, else built-in
programs).
"""

from __future__ import annotations

import argparse
import dataclasses
import gzip
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from cdpo_core.events import Metric, Recorder  # noqa: E402
from cdpo_core.models.tiny import TinyModelSettings, build_tiny_model  # noqa: E402
from cdpo_core.training.dpo import run_dpo  # noqa: E402
from cdpo_core.training.settings import DPOSettings  # noqa: E402

DATA = ROOT / ".." / "shared" / "data" / "codenet_cpp_unlabelled.jsonl.gz"
FALLBACK = [
    '#include <cstdio>\nint main(){int a,b;scanf("%d %d",&a,&b);printf("%d\\n",a+b);return 0;}\n',
    "#include <iostream>\nusing namespace std;\nint main(){int n;cin>>n;"
    "for(int i=0;i<n;i++){cout<<i<<endl;}\nreturn 0;\n}\n",
]


def load_programs(limit: int) -> list[str]:
    if not DATA.is_file():
        return FALLBACK * (limit // len(FALLBACK) + 1)
    with gzip.open(DATA, "rt") as lines:
        programs = [json.loads(line)["code"] for line in lines]
    short = [p for p in programs if 200 <= len(p) <= 700 and p.rstrip().endswith("}")]
    return short[:limit]


def near_identical_pairs(programs: list[str], count: int, context: int) -> list[dict[str, str]]:
    """Chosen = the last 10 % of the program; rejected = it without its last `}` or `;`.

    The prompt keeps only the `context` characters before the cut: the collapse is about the
    continuation, and short sequences keep the benchmark within minutes on two busy cores.
    """
    rows = []
    for i, program in enumerate(programs):
        program = program.rstrip() + "\n"
        cut = int(len(program) * 0.9)
        chosen = program[cut:]
        mark = "}" if i % 2 == 0 or ";" not in chosen else ";"
        at = chosen.rfind(mark)
        if at >= 0:
            rows.append(
                {
                    "prompt": program[max(0, cut - context) : cut],
                    "chosen": chosen,
                    "rejected": chosen[:at] + chosen[at + 1 :],
                }
            )
        if len(rows) == count:
            break
    return rows


def load_micro_model(folder: Path) -> tuple[Any, Any]:
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    model = AutoModelForCausalLM.from_pretrained(str(folder), dtype=torch.float32)
    return model, AutoTokenizer.from_pretrained(str(folder))


def pretrain(model_dir: Path, texts: list[str], steps: int) -> float:
    """Full fine-tune the micro model on the pairs' chosen texts (our stand-in for +SFT).

    The collapse concerns a model that already gives the chosen continuation a high
    probability, as the paper's +SFT model does; a random micro model does not, and a LoRA
    adapter on a random network learns too slowly to get there in a benchmark's time.
    """
    import torch

    model, tokenizer = load_micro_model(model_dir)
    # With EOS, as TRL appends it to every completion: the chosen must be likely to its end.
    texts = [text + tokenizer.eos_token for text in texts]
    batch = tokenizer(texts, return_tensors="pt", padding=True)
    labels = batch["input_ids"].masked_fill(batch["attention_mask"] == 0, -100)
    optimiser = torch.optim.AdamW(model.parameters(), lr=3e-3)
    model.train()
    for _ in range(steps):
        loss = model(**batch, labels=labels).loss
        loss.backward()
        optimiser.step()
        optimiser.zero_grad()
    model.save_pretrained(str(model_dir))
    return float(loss)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=25)
    parser.add_argument("--pairs", type=int, default=16)
    parser.add_argument(
        "--lr",
        type=float,
        default=2e-3,
        help="DPO learning rate (the paper's 5e-6 moves a micro model too little "
        "to see in a few steps)",
    )
    parser.add_argument("--dpop-lambda", type=float, default=50.0)
    parser.add_argument("--pretrain-steps", type=int, default=100)
    args = parser.parse_args()

    import torch
    from datasets import Dataset

    torch.manual_seed(0)
    started = time.monotonic()
    programs = load_programs(200)
    rows = near_identical_pairs(programs, args.pairs, context=80)
    pairs = Dataset.from_list(rows)
    work = Path(tempfile.mkdtemp(prefix="dpo_collapse_"))
    # A micro model with a tokenizer for these programs; `pretrain` below does the training.
    model_dir = build_tiny_model(
        work / "model", programs, dataclasses.replace(TinyModelSettings.micro(), max_steps=1)
    ).path
    loss = pretrain(model_dir, [r["prompt"] + r["chosen"] for r in rows], args.pretrain_steps)
    print(
        f"data: {'CodeNet' if DATA.is_file() else 'built-in'} programs, {len(pairs)} pairs, "
        f"mean |chosen| {sum(len(r['chosen']) for r in rows) / len(rows):.0f} chars, "
        f"edit distance 1; pretraining loss {loss:.3f} ({time.monotonic() - started:.0f} s)"
    )

    runs = {}
    alarms: dict[str, dict[str, float] | None] = {}
    for name, lam in (
        ("sigmoid DPO", 0.0),
        (f"DPOP (lambda={args.dpop_lambda:g})", args.dpop_lambda),
    ):
        model, tokenizer = load_micro_model(model_dir)
        recorder = Recorder()
        settings = DPOSettings(
            beta=0.1,
            dpop_lambda=lam,
            learning_rate=args.lr,
            lr_scheduler="constant",
            max_steps=args.steps,
            batch_size=len(pairs),
            lora_r=16,
            lora_alpha=16,
            max_length=256,
            max_prompt_length=96,
            save_steps=10_000,
        )
        result = run_dpo(model, tokenizer, pairs, settings, work / name.split()[0], emit=recorder)
        runs[name] = [m.values for m in recorder.of(Metric) if "logps/chosen" in m.values]
        alarms[name] = result.collapse
        print(f"{name} done at {time.monotonic() - started:.0f} s")

    for name, logged in runs.items():
        print(f"\n{name}: metrics before each step's update, mean over all pairs")
        print(
            f"{'step':>4} {'logps/chosen':>13} {'logps/rejected':>15} {'margin':>9} "
            f"{'acc':>5} {'loss':>8}"
        )
        for step, v in enumerate(logged, start=1):
            print(
                f"{step:>4} {v['logps/chosen']:>13.3f} {v['logps/rejected']:>15.3f} "
                f"{v['rewards/margins']:>9.4f} {v['rewards/accuracies']:>5.2f} "
                f"{v['train/loss']:>8.4f}"
            )
    print("\nsummary (first -> last logged step):")
    for name, logged in runs.items():
        first, last = logged[0], logged[-1]
        change = last["logps/chosen"] - first["logps/chosen"]
        print(
            f"  {name:<18} logps/chosen {first['logps/chosen']:8.3f} -> "
            f"{last['logps/chosen']:8.3f} ({change:+.3f})   logps/rejected "
            f"{first['logps/rejected']:8.3f} -> {last['logps/rejected']:8.3f}   "
            f"margin {last['rewards/margins']:+.4f}"
        )
    print(f"total {time.monotonic() - started:.0f} s")
    for name, alarm in alarms.items():
        if alarm:
            print(
                f"  {name}: collapse alarm at step {alarm['step']:.0f}, chosen "
                f"{alarm['chosen_drop']:.2f} nats below the reference, "
                f"margin {alarm['margin']:+.4f}"
            )
    verdicts = [
        f"{'sigmoid' if name.startswith('sigmoid') else 'dpop'} "
        f"{'fired' if alarms[name] else 'quiet'}"
        for name in alarms
    ]
    print(f"collapse alarm: {', '.join(verdicts)}")


if __name__ == "__main__":
    main()
