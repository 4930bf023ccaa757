"""Batched generation vs the paper's one-prompt-at-a-time `model.generate`, and compile overlap.

Decodes the same masked programs (last 10% of characters cut) both ways, asserts that greedy
outputs are identical, and prints tokens/s and the speed-up. Then times generation followed by
compilation against compiling each batch (in a pool of g++ processes) while the next batch
generates.

    .venv/bin/python benchmarks/generation.py [--model PATH] [--prompts 96] [--batch-size 48]
        [--repeat 3]

Without --model the demo tiny model is built once into ~/.cache/cdpo/tiny-demo (about 4 min).
The last line is `generation: <ratio>x one-at-a-time, outputs identical`.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from cdpo_core.models.generation import Generation, GenerationSettings, generate  # noqa: E402
from cdpo_core.models.loading import LoadedModel, ModelSettings, load_model  # noqa: E402

DEMO_CORPUS = REPO / "cdpo_core" / "corpus" / "codenet_demo"
SHARED = REPO / ".." / "shared" / "data" / "codenet_cpp_unlabelled.jsonl.gz"
CACHE = Path.home() / ".cache" / "cdpo" / "tiny-demo"


def programs() -> tuple[list[str], str]:
    """Shared CodeNet programs if present, else the shipped demo corpus."""
    if SHARED.is_file():
        with gzip.open(SHARED, "rt", encoding="utf-8") as lines:
            return [json.loads(line)["code"] for line in lines], str(SHARED.resolve())
    files = sorted(DEMO_CORPUS.rglob("*.cpp"))
    if not files:
        sys.exit("no programs: neither ../shared/data nor cdpo_core/corpus/codenet_demo exists")
    return [f.read_text(errors="replace") for f in files], str(DEMO_CORPUS)


def demo_model(codes: list[str]) -> Path:
    from cdpo_core.models.tiny import TinyModelSettings, build_tiny_model

    if not (CACHE / "config.json").is_file():
        print(f"building the demo tiny model into {CACHE} ...", flush=True)
        # Held-out prompts come from the end of the list; train on the rest.
        build_tiny_model(CACHE, codes[:-200], TinyModelSettings())
    return CACHE


def one_at_a_time(loaded: LoadedModel, prompts: list[str], max_new_tokens: int):
    """The paper's code: `model.generate` per prompt, no padding, greedy."""
    import torch

    tok, model = loaded.tokenizer, loaded.model
    texts, tokens = [], 0
    start = time.monotonic()
    for prompt in prompts:
        ids = tok(prompt, return_tensors="pt")
        with torch.inference_mode():
            out = model.generate(**ids, max_new_tokens=max_new_tokens, do_sample=False)
        new = out[0, ids["input_ids"].shape[1] :].tolist()
        eos = model.generation_config.eos_token_id
        if eos in new:
            new = new[: new.index(eos) + 1]
        tokens += len(new)
        texts.append(tok.decode(new, skip_special_tokens=True))
    return texts, tokens, time.monotonic() - start


def compiler() -> tuple[Callable[[str], Future], Callable[[], None], str]:
    """`submit(code) -> Future` over the project's oracle, or plain g++ if it is absent."""
    try:
        from cdpo_core.oracle import Oracle, OracleSettings
    except ImportError:
        pool = ThreadPoolExecutor(os.cpu_count() or 2)

        def gxx(code: str) -> bool:
            with tempfile.TemporaryDirectory() as tmp:
                src = Path(tmp) / "main.cpp"
                src.write_text(code)
                run = subprocess.run(
                    ["g++", "-std=c++17", "-Wall", str(src), "-o", str(Path(tmp) / "a.out")],
                    capture_output=True,
                    text=True,
                )
                return run.returncode == 0 and not run.stderr.strip()

        return (lambda code: pool.submit(gxx, code)), pool.shutdown, "subprocess g++ (no oracle)"
    # No verdict cache: the second pass must compile for real, not hit the first pass's results.
    oracle = Oracle(OracleSettings(cache=False))
    return oracle.submit, oracle.close, "cdpo_core.oracle.Oracle"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, help="model folder (default: demo tiny model)")
    parser.add_argument("--prompts", type=int, default=96)
    parser.add_argument("--batch-size", type=int, default=48)
    parser.add_argument("--max-new-tokens", type=int, default=64)
    parser.add_argument("--repeat", type=int, default=3, help="best of this many runs each way")
    args = parser.parse_args()

    codes, source = programs()
    held = [c for c in codes[-200:] if len(c) < 1500][: args.prompts]
    prompts = [c[: int(len(c) * 0.9)] for c in held]
    model_dir = args.model or demo_model(codes)
    loaded = load_model(ModelSettings(str(model_dir)))
    print(f"model {model_dir} ({loaded.backend}), {len(prompts)} masked programs from {source}")
    settings = GenerationSettings(max_new_tokens=args.max_new_tokens, batch_size=args.batch_size)

    # Best of --repeat runs each, alternating, so a noisy neighbour hits both ways alike.
    single_s = batched_s = float("inf")
    for _ in range(args.repeat):
        single_texts, single_tokens, seconds = one_at_a_time(loaded, prompts, args.max_new_tokens)
        single_s = min(single_s, seconds)
        start = time.monotonic()
        batched, skipped = generate(loaded, prompts, settings)
        batched_s = min(batched_s, time.monotonic() - start)
    assert not skipped, skipped
    batched_texts = [g.text for g in batched]
    same = sum(a == b for a, b in zip(single_texts, batched_texts, strict=True))
    print(f"identical outputs: {same}/{len(prompts)}")
    assert same == len(prompts), "batched greedy decoding differs from one at a time"
    batched_tokens = sum(g.new_tokens for g in batched)
    assert batched_tokens == single_tokens
    single_rate, batched_rate = single_tokens / single_s, batched_tokens / batched_s
    ratio = batched_rate / single_rate
    print(f"one at a time: {single_tokens} tokens in {single_s:.1f}s = {single_rate:.0f} tokens/s")
    print(
        f"batched (batch {args.batch_size}, length-sorted): {batched_tokens} tokens in "
        f"{batched_s:.1f}s = {batched_rate:.0f} tokens/s"
    )

    submit, close, how = compiler()
    try:
        start = time.monotonic()
        gens, _ = generate(loaded, prompts, settings)
        verdicts = [submit(prompts[g.index] + g.text) for g in gens]
        [v.result() for v in verdicts]
        sequential_s = time.monotonic() - start

        start = time.monotonic()
        pending: list[Future] = []

        def compile_batch(batch: list[Generation]) -> None:
            pending.extend(submit(prompts[g.index] + g.text) for g in batch)

        generate(loaded, prompts, settings, on_batch=compile_batch)
        [v.result() for v in pending]
        overlapped_s = time.monotonic() - start
    finally:
        close()
    print(
        f"generate then compile: {sequential_s:.1f}s; overlapped: {overlapped_s:.1f}s "
        f"({how}, {len(prompts)} programs)"
    )
    print(f"generation: {ratio:.1f}x one-at-a-time, outputs identical")


if __name__ == "__main__":
    main()
