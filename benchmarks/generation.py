"""Batched generation vs the paper's one-prompt-at-a-time `model.generate`, and compile overlap.

Decodes the same masked programs (last 10% of characters cut) both ways, asserts that greedy
outputs are identical, and prints tokens/s and the speed-up. Then times generation followed by
compilation against cdpo's schedule, which on a GPU compiles each batch while the next one
decodes and on a CPU compiles each batch while decoding waits (`cdpo_core.models.overlap`). On
a CPU it also times the GPU schedule forced onto the CPU, which is what the held schedule avoids.

    .venv/bin/python benchmarks/generation.py [--model PATH|NAME] [--prompts N]
        [--batch-size N] [--max-new-tokens N] [--repeat N] [--load N]

Without --model the demo tiny model is built once into ~/.cache/cdpo/tiny-demo (about 4 min),
and the defaults are 96 prompts, batch 48, 64 new tokens, best of 3 for the generation check
and of 2 for the compile schedules. Any other model (a folder or a built-in name such as
`smollm2-135m`, resolved by cdpo's model loading) defaults to 16 prompts, batch 8, 48 new
tokens, best of 1 and of 2: about 4.5 minutes for SmolLM2-135M on 2 idle CPU cores.
`--load N` starts N busy processes that hold the CPU for the whole run and are killed at its
end. Under load torch decodes several times slower (2 spinners on 2 cores: 7x for SmolLM2), so
size a loaded run down, e.g. `--prompts 8`.
The last line is `generation: <ratio>x one-at-a-time, outputs identical`.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import signal
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
from cdpo_core.models.overlap import CompileSchedule, decode_device  # noqa: E402

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
        eos = set(eos) if isinstance(eos, list) else {eos}
        stop = next((i for i, t in enumerate(new) if t in eos), None)
        if stop is not None:
            new = new[: stop + 1]
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


DEFAULTS = {  # prompts, batch size, new tokens, repeats of the generation check, of the schedules
    "tiny": (96, 48, 64, 3, 2),
    "other": (16, 8, 48, 1, 2),
}


def busy_load(n: int) -> list[subprocess.Popen[bytes]]:
    """`n` processes that spin on the CPU: the other work of a shared machine. Each also ends
    by itself when this process is gone (killed by a timeout, say), so none is left behind."""
    spin = "import os\nparent = os.getppid()\nwhile os.getppid() == parent:\n    pass\n"
    return [
        subprocess.Popen([sys.executable, "-c", spin], stdin=subprocess.DEVNULL) for _ in range(n)
    ]


def timed_compiles(
    loaded: LoadedModel,
    prompts: list[str],
    settings: GenerationSettings,
    submit: Callable[[str], Future],
    schedule: CompileSchedule | None,
) -> float:
    """Seconds to generate and judge every prompt: with `schedule` as the batches come (as
    cdpo's evaluation does), or with None all generation first and all compiles after."""
    start = time.monotonic()
    if schedule is None:
        gens, _ = generate(loaded, prompts, settings)
        verdicts = [submit(prompts[g.index] + g.text) for g in gens]
    else:
        verdicts = []

        def compile_batch(batch: list[Generation]) -> None:
            submitted = [submit(prompts[g.index] + g.text) for g in batch]
            verdicts.extend(submitted)
            schedule.after_batch(submitted)

        generate(loaded, prompts, settings, on_batch=compile_batch)
    [v.result() for v in verdicts]
    return time.monotonic() - start


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0],
        epilog="Defaults: 96 prompts, batch 48, 64 new tokens, best of 3 (schedules: of 2) for "
        "the demo tiny model; 16, 8, 48, best of 1 (schedules: of 2) for any other model, "
        "e.g. smollm2-135m (a few minutes on 2 idle cores).",
    )
    parser.add_argument(
        "--model", help="model folder or built-in name, e.g. smollm2-135m (default: demo tiny)"
    )
    parser.add_argument("--prompts", type=int)
    parser.add_argument("--batch-size", type=int)
    parser.add_argument("--max-new-tokens", type=int)
    parser.add_argument("--repeat", type=int, help="best of this many runs each way")
    parser.add_argument(
        "--schedule-repeat", type=int, help="best of this many runs of each compile schedule"
    )
    parser.add_argument(
        "--load", type=int, default=0, help="busy processes that load the CPU during the run"
    )
    args = parser.parse_args()
    defaults = DEFAULTS["other" if args.model else "tiny"]
    n_prompts, batch_size, max_new_tokens, repeat, schedule_repeat = (
        default if given is None else given
        for given, default in zip(
            (args.prompts, args.batch_size, args.max_new_tokens, args.repeat, args.schedule_repeat),
            defaults,
            strict=True,
        )
    )

    codes, source = programs()
    held = [c for c in codes[-200:] if len(c) < 1500][:n_prompts]
    prompts = [c[: int(len(c) * 0.9)] for c in held]
    model = args.model or str(demo_model(codes))
    loaded = load_model(ModelSettings(model))
    device = decode_device(loaded)
    print(
        f"model {model} ({loaded.backend} on {device}), {len(prompts)} masked programs from "
        f"{source}, batch {batch_size}, {max_new_tokens} new tokens, load {args.load}"
    )
    settings = GenerationSettings(max_new_tokens=max_new_tokens, batch_size=batch_size)
    # A timeout's SIGTERM unwinds like Ctrl-C, so the load below is killed on the way out.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    load = busy_load(args.load)
    try:
        ratio = compare_generation(loaded, prompts, settings, repeat)
        compare_schedules(loaded, prompts, settings, schedule_repeat, args.load)
    finally:
        for proc in load:
            proc.kill()
            proc.wait()
    print(f"generation: {ratio:.1f}x one-at-a-time, outputs identical")


def compare_generation(
    loaded: LoadedModel, prompts: list[str], settings: GenerationSettings, repeat: int
) -> float:
    """Batched greedy against one at a time: asserts identical outputs, returns the speed-up."""
    # Best of `repeat` runs each, alternating, so a noisy neighbour hits both ways alike.
    single_s = batched_s = float("inf")
    for _ in range(repeat):
        single_texts, single_tokens, seconds = one_at_a_time(
            loaded, prompts, settings.max_new_tokens
        )
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
    print(f"one at a time: {single_tokens} tokens in {single_s:.1f}s = {single_rate:.0f} tokens/s")
    print(
        f"batched (batch {settings.batch_size}, length-sorted): {batched_tokens} tokens in "
        f"{batched_s:.1f}s = {batched_rate:.0f} tokens/s"
    )
    return batched_rate / single_rate


def compare_schedules(
    loaded: LoadedModel, prompts: list[str], settings: GenerationSettings, repeat: int, load: int
) -> None:
    """Generate-then-compile against cdpo's schedule (and, on a CPU, against forced overlap),
    best of `repeat` runs each, taken in turn so that outside load hits each alike."""
    ours = CompileSchedule.for_model(loaded)
    schedules: dict[str, CompileSchedule | None] = {"sequential": None, "ours": ours}
    if not ours.overlap:
        schedules["forced"] = CompileSchedule(True, "the GPU schedule, forced")
    best = dict.fromkeys(schedules, float("inf"))
    submit, close, how = compiler()
    try:
        for _ in range(repeat):
            for name, schedule in schedules.items():
                seconds = timed_compiles(loaded, prompts, settings, submit, schedule)
                best[name] = min(best[name], seconds)
    finally:
        close()
    print(
        f"generate then compile: {best['sequential']:.1f}s; overlapped: {best['ours']:.1f}s "
        f"({ours.reason}; {how}, {len(prompts)} programs, load {load}, best of {repeat})"
    )
    if "forced" in best:
        print(f"compiling while the next batch decodes, forced on the CPU: {best['forced']:.1f}s")


if __name__ == "__main__":
    main()
