"""Benchmark: the execution judge against the naive judge loop, on the same programs and tests.

Naive = what verl's SandboxFusion client does for C++: for every (program, test) pair,
write the program, compile it with plain `g++ -std=c++17 -Wall` (no precompiled header),
run the binary bare (no sandbox, only a wall-clock timeout), compare the output; one pair
at a time. Ours = `cdpo_core.judge.Judge`: compile each program once (the oracle's flags,
precompiled headers built before timing, as every run after the first finds them ready),
run it on every test inside the sandbox (bubblewrap + rlimits + seccomp where available),
tests in parallel on `--workers` (default: one per CPU core), with a fresh (cold) result
cache. Both compare outputs with the same rules (`judge.compare`), and every program's
verdict must agree.

Programs: a seeded sample of `--n` C++ submissions of the shipped demo corpus
(cdpo_core/corpus/codenet_demo: accepted ones and CodeNet's own wrong answers, runtime
errors and compile errors), each judged on its problem's sample tests from the problem
description, under the problem's time and memory limits (metadata/problem_list.csv).

Also printed: the sandbox's own cost per run, the same trivial binary started bare and
sandboxed `--startups` times.

    .venv/bin/python benchmarks/execution.py [--n 30] [--seed 0] [--workers N] [--startups 50]

The last line is exactly `execution: <ratio>x naive, verdicts identical` (or says which
differ). Wall-clock numbers depend on what else runs on the machine: the load average is
printed.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from cdpo_core.judge.compare import outputs_match  # noqa: E402
from cdpo_core.judge.runner import Judge, limits_for, worst  # noqa: E402
from cdpo_core.judge.sandbox import Limits, expose  # noqa: E402
from cdpo_core.judge.settings import ExecutionSettings  # noqa: E402
from cdpo_core.judge.tests import ProblemTests, parse_description, parse_limits  # noqa: E402
from cdpo_core.oracle import OracleSettings  # noqa: E402

DEMO = REPO / "cdpo_core" / "corpus" / "codenet_demo" / "Project_CodeNet"
FLAGS = ("-std=c++17", "-Wall")


def demo_programs(n: int, seed: int) -> list[tuple[str, str, ProblemTests]]:
    """(name, code, tests) of `n` seeded demo submissions whose problem has samples."""
    with (DEMO / "metadata" / "problem_list.csv").open(newline="") as handle:
        limits = {
            r["id"]: parse_limits(r["time_limit"], r["memory_limit"])
            for r in csv.DictReader(handle)
        }
    tests: dict[str, ProblemTests] = {}
    found = []
    for listing in sorted((DEMO / "metadata").glob("p[0-9]*.csv")):
        with listing.open(newline="") as handle:
            for row in csv.DictReader(handle):
                pid = row["problem_id"]
                source = DEMO / "data" / pid / "C++" / f"{row['submission_id']}.cpp"
                if not source.is_file():
                    continue
                if pid not in tests:
                    page = (DEMO / "problem_descriptions" / f"{pid}.html").read_text()
                    time_s, memory_mb = limits.get(pid, (None, None))
                    cases = parse_description(page)
                    tests[pid] = ProblemTests(pid, cases, time_s, memory_mb, "description")
                if tests[pid].cases:
                    found.append((f"{pid}/{source.name}", source.read_text(), tests[pid]))
    random.Random(seed).shuffle(found)
    return found[:n]


def naive_verdict(code: str, problem: ProblemTests, limits: Limits) -> str:
    """Recompile for every test and run the binary bare, as the naive client does."""
    verdicts = []
    for case in problem.cases:
        with tempfile.TemporaryDirectory(prefix="naive-judge-") as folder:
            work = Path(folder)
            (work / "prog.cpp").write_text(code, encoding="utf-8", errors="surrogateescape")
            built = subprocess.run(
                ["g++", *FLAGS, "prog.cpp", "-o", "prog"], cwd=work, capture_output=True
            )
            if built.returncode != 0:
                return "compile_error"
            try:
                ran = subprocess.run(
                    [str(work / "prog")],
                    input=case.input.encode(),
                    capture_output=True,
                    timeout=limits.wall_s,
                    cwd=work,
                )
            except subprocess.TimeoutExpired:
                verdicts.append("time_limit")
                continue
            if ran.returncode != 0:
                verdicts.append("runtime_error")
            else:
                got = ran.stdout.decode("utf-8", errors="replace")
                ok = outputs_match(case.output, got, ExecutionSettings().float_tolerance)
                verdicts.append("accepted" if ok else "wrong_answer")
    return worst(verdicts)


def startup_overhead(judge: Judge, runs: int) -> tuple[float, float]:
    """Mean seconds per start of a trivial binary: bare, then in the judge's sandbox."""
    with tempfile.TemporaryDirectory(prefix="startup-") as folder:
        work = Path(folder)
        (work / "prog.cpp").write_text("int main() { return 0; }\n")
        subprocess.run(["g++", "-O2", "prog.cpp", "-o", "prog"], cwd=work, check=True)
        binary = work / "prog"
        expose(binary)
        os.chmod(work, 0o711)
        limits = limits_for(judge.settings, ProblemTests("x", (), None, None, "x"))
        started = time.perf_counter()
        for _ in range(runs):
            subprocess.run([str(binary)], stdin=subprocess.DEVNULL, check=True)
        bare = (time.perf_counter() - started) / runs
        started = time.perf_counter()
        for _ in range(runs):
            assert judge.sandbox.run(binary, b"", limits).exit_code == 0
        boxed = (time.perf_counter() - started) / runs
    return bare, boxed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=30, help="programs to judge")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--workers", type=int, default=0, help="0 = one per CPU core")
    parser.add_argument("--startups", type=int, default=50, help="runs for the start-up cost")
    args = parser.parse_args()

    programs = demo_programs(args.n, args.seed)
    pairs = sum(len(p.cases) for _, _, p in programs)
    settings = ExecutionSettings(workers=args.workers)
    oracle = OracleSettings(flags=FLAGS, cache=False)
    print(f"{len(programs)} programs x their sample tests = {pairs} runs (demo corpus)")

    with tempfile.TemporaryDirectory(prefix="execution-bench-") as folder:
        # Opening a Judge builds the precompiled headers once (kept for every later run).
        with Judge(settings, oracle, cache_path=Path(folder) / "warmup.sqlite") as judge:
            sandbox = judge.sandbox.level
            bare, boxed = startup_overhead(judge, args.startups)

        started = time.perf_counter()
        naive = [
            naive_verdict(code, problem, limits_for(settings, problem))
            for _, code, problem in programs
        ]
        naive_s = time.perf_counter() - started

        started = time.perf_counter()
        with Judge(settings, oracle, cache_path=Path(folder) / "cold.sqlite") as judge:
            reports = judge.judge_many([c for _, c, _ in programs], [p for _, _, p in programs])
            runs = judge.runs
        ours_s = time.perf_counter() - started

    counts: dict[str, int] = {}
    for verdict in naive:
        counts[verdict] = counts.get(verdict, 0) + 1
    workers = settings.workers or os.cpu_count() or 1
    print(f"verdicts (naive): {dict(sorted(counts.items()))}")
    print(f"sandbox: {sandbox}; workers: {workers}")
    print(
        f"sandbox start-up: bare {bare * 1000:.1f} ms, sandboxed {boxed * 1000:.1f} ms per run "
        f"(overhead {(boxed - bare) * 1000:.1f} ms per run)"
    )
    print(f"naive  : {naive_s:7.2f} s  (a compile + a bare run per test)")
    print(
        f"ours   : {ours_s:7.2f} s  ({len(programs)} compiles + {runs} sandboxed runs, cold cache)"
    )
    print(f"load average at end: {os.getloadavg()[0]:.1f}")
    differ = [
        f"{name}: naive {n} vs ours {r.verdict}"
        for (name, _, _), n, r in zip(programs, naive, reports, strict=True)
        if n != r.verdict
    ]
    ratio = naive_s / ours_s
    if differ:
        print(f"execution: {ratio:.1f}x naive, {len(differ)} verdicts differ: {'; '.join(differ)}")
    else:
        print(f"execution: {ratio:.1f}x naive, verdicts identical")


if __name__ == "__main__":
    main()
