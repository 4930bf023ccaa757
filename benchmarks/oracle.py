"""Benchmark: the Oracle against the paper's naive compile loop, on the same programs.

Naive = what the paper's code did: `g++ -std=c++17 -Wall FILE` one file at a time, verdict
from the exit status and the presence of "warning" on stderr. Oracle = precompiled headers,
one worker per CPU core, a fresh verdict cache. Every verdict must agree. Then the same
programs again through a new Oracle on the now warm cache.

Programs: a seeded sample of `--n` real CodeNet submissions from ../shared/data when present,
else the corpus shipped under cdpo_core/corpus/; in both cases `--broken` of them are replaced
by deliberately broken variants (the last 10 % cut off, as the masking does, or a missing
semicolon) so that errors are judged too.

    .venv/bin/python benchmarks/oracle.py [--n 200] [--broken 0.3] [--seed 0]

The last line is exactly `oracle: <ratio>x naive, verdicts identical` (or says which differ).
Wall-clock numbers depend on what else runs on the machine: the load average is printed.
"""

from __future__ import annotations

import argparse
import dataclasses
import gzip
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from cdpo_core.oracle import Oracle, OracleSettings, default_pch_dir  # noqa: E402

CODENET = REPO / ".." / "shared" / "data" / "codenet_cpp_unlabelled.jsonl.gz"
CORPUS = REPO / "cdpo_core" / "corpus"


def load_programs(n: int, seed: int) -> tuple[str, list[tuple[str, str]]]:
    """(source description, [(id, code)]): CodeNet when present, else the shipped corpus."""
    rng = random.Random(seed)
    if CODENET.exists():
        with gzip.open(CODENET, "rt", encoding="utf-8") as f:
            rows = [json.loads(line) for line in f]
        rows = rng.sample(rows, min(n, len(rows)))
        return f"CodeNet sample ({CODENET.resolve()})", [
            (r["submission_id"], r["code"]) for r in rows
        ]
    files = sorted(p for p in CORPUS.rglob("*") if p.suffix in (".cpp", ".cc"))
    if not files:
        raise SystemExit(f"no programs: neither {CODENET} nor C++ files under {CORPUS}")
    files = rng.sample(files, min(n, len(files)))
    return f"shipped corpus ({CORPUS})", [
        (str(p.relative_to(CORPUS)), p.read_text(encoding="utf-8", errors="replace")) for p in files
    ]


def break_some(
    programs: list[tuple[str, str]], fraction: float, seed: int
) -> list[tuple[str, str]]:
    """Replace `fraction` of the programs by broken variants, as failed completions look."""
    rng = random.Random(seed + 1)
    out = []
    for ident, code in programs:
        if rng.random() >= fraction:
            out.append((ident, code))
        elif rng.random() < 0.7:
            out.append((f"{ident}~cut", code[: int(len(code) * 0.9)]))
        else:
            out.append((f"{ident}~semicolon", code.replace(";", "", 1)))
    return out


def naive(programs: list[tuple[str, str]], workdir: Path) -> tuple[list[str], float]:
    """The paper's loop: one g++ at a time, exit status + presence of warnings."""
    levels = []
    env = {"PATH": os.environ.get("PATH", os.defpath), "LC_ALL": "C"}
    start = time.perf_counter()
    for i, (_, code) in enumerate(programs):
        src = workdir / "main.cpp"
        src.write_text(code, encoding="utf-8", errors="surrogateescape")
        done = subprocess.run(
            ["g++", "-std=c++17", "-Wall", str(src), "-o", str(workdir / "a.out")],
            capture_output=True,
            text=True,
            env=env,
            cwd=workdir,
            check=False,
        )
        levels.append(
            "errors" if done.returncode else ("warnings" if "warning" in done.stderr else "clean")
        )
        print(f"\r  naive {i + 1}/{len(programs)}", end="", file=sys.stderr, flush=True)
    print(file=sys.stderr)
    return levels, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=200, help="programs to sample (default 200)")
    parser.add_argument("--broken", type=float, default=0.3, help="fraction made broken")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    source, programs = load_programs(args.n, args.seed)
    programs = break_some(programs, args.broken, args.seed)
    workers = os.cpu_count() or 1
    print(
        f"programs: {len(programs)} from {source}; cpu cores: {workers}; "
        f"load average at start: {os.getloadavg()[0]:.1f}"
    )

    settings = OracleSettings(workers=workers)
    # The PCH is built once per compiler+flags and kept (~/.cache/cdpo/pch): build it before
    # timing, as every run after the first finds it ready.
    start = time.perf_counter()
    with Oracle(dataclasses.replace(settings, cache=False), pch_dir=default_pch_dir()):
        pass
    print(
        f"precompiled headers ready in {time.perf_counter() - start:.1f} s "
        f"(built once, then only verified)"
    )

    with tempfile.TemporaryDirectory(prefix="cdpo-bench-") as tmp:
        tmpdir = Path(tmp)
        naive_levels, naive_s = naive(programs, tmpdir)
        codes = [code for _, code in programs]
        cache = tmpdir / "verdicts.sqlite"

        start = time.perf_counter()
        with Oracle(settings, cache_path=cache) as oracle:
            ready = time.perf_counter()
            verdicts = oracle.check_many(codes)
        oracle_s = time.perf_counter() - start
        startup_s = ready - start

        start = time.perf_counter()
        with Oracle(settings, cache_path=cache) as warm:
            warm_ready = time.perf_counter()
            cached = warm.check_many(codes)
            cached_s = time.perf_counter() - warm_ready
        warm_total_s = time.perf_counter() - start

    n = len(programs)
    counts = {lvl: naive_levels.count(lvl) for lvl in ("clean", "warnings", "errors")}
    print(f"verdicts (naive): {counts}")
    print(f"naive  : {naive_s:7.2f} s  {n / naive_s:8.1f} files/s")
    print(
        f"oracle : {oracle_s:7.2f} s  {n / oracle_s:8.1f} files/s  "
        f"(incl. {startup_s:.2f} s start-up: PCH check + self-test)  "
        f"{naive_s / oracle_s:.1f}x naive"
    )
    print(
        f"cached : {cached_s:7.3f} s  {n / cached_s:8.1f} files/s  "
        f"{naive_s / cached_s:.0f}x naive  (with start-up {warm_total_s:.2f} s: "
        f"{naive_s / warm_total_s:.0f}x); all cached: {all(v.cached for v in cached)}"
    )
    print(f"load average at end: {os.getloadavg()[0]:.1f}")

    differ = [
        f"{ident} (naive {lvl}, oracle {v.level})"
        for (ident, _), lvl, v in zip(programs, naive_levels, verdicts, strict=True)
        if lvl != v.level
    ]
    differ += [
        f"{ident} (cached {c.level} vs {v.level})"
        for (ident, _), v, c in zip(programs, verdicts, cached, strict=True)
        if (c.level, c.categories) != (v.level, v.categories)
    ]
    ratio = naive_s / oracle_s
    if differ:
        print(f"oracle: {ratio:.1f}x naive, {len(differ)} verdicts differ: {'; '.join(differ)}")
    else:
        print(f"oracle: {ratio:.1f}x naive, verdicts identical")


if __name__ == "__main__":
    main()
