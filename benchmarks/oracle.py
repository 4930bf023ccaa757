"""Benchmark: the Oracle against the paper's naive compile loop, on the same programs.

Naive = what the paper's code did: `g++ -std=c++17 -Wall FILE` one file at a time, verdict
from the exit status and the presence of "warning" on stderr. It also asks for JSON
diagnostics (the same compile, the same cost) so that the oracle's own `judge` can sort
plain g++'s failures into categories: every program's level AND categories must be those of
plain g++ (no precompiled header, the default linker). Oracle = precompiled headers (the
start-up ones, built before timing as every run after the first finds them ready, and the
include-block ones, built DURING the timed run into a fresh folder), gold when present, one
worker per CPU core, a fresh verdict cache. Then the same programs through a new Oracle that
finds the block PCHs kept (as the next run of a session does, verdict cache still fresh),
then once more on the now warm verdict cache.

Programs: `--mix default`: a seeded sample of `--n` real CodeNet submissions from
../shared/data when present, else the corpus shipped under cdpo_core/corpus/.
`--mix real`: first includes in the shares of a real CodeNet sample (about 50 %
<bits/stdc++.h>/<iostream>, 35 % <algorithm>, the rest <cstdio>, <stdio.h>, <cstring>,
<cstdlib>), chosen from ../shared/data. The shared data holds only 14 programs that start
with <algorithm> (and 1 with <cstring>), so a group with fewer programs than its share is
filled with variants of its programs: cut short, a semicolon missing or a header misspelled
(an error in the include block), as the completions of one prompt share its includes. In
both mixes `--broken` of the programs are then replaced by broken variants (the last 10 %
cut off, as the masking does, or a missing semicolon).

    .venv/bin/python benchmarks/oracle.py [--mix default|real] [--n 200] [--broken 0.3]
        [--seed 0] [--link-share] [--backend local|ray]

`--backend ray` also judges the programs with `oracle.backend = "ray"` on a private local Ray
cluster of the same cores, beside the local backend with the same settings (no block PCHs,
which Ray does not use, and a fresh verdict cache each), and prints both rates and Ray's
overhead per job in worker-seconds (needs the `ray` extra).

The last line is exactly `oracle: <ratio>x naive, verdicts identical` (or says which differ),
with the ratio of the run that finds the PCHs built (verdict cache still cold): PCHs, start-up
and include-block ones alike, are built once per compiler and flags and kept, as the
existing benchmark always counted the start-up ones. The line before it gives the ratio of
the first run, which built the block PCHs while it compiled.
Wall-clock numbers depend on what else runs on the machine: the load average is printed.
On a shared machine, note that the kernel's autogroup scheduling gives every session one
share of the CPU: the oracle's workers share one, as the naive loop's single g++ does.
"""

from __future__ import annotations

import argparse
import dataclasses
import gzip
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from cdpo_core.oracle import Oracle, OracleSettings, Verdict  # noqa: E402
from cdpo_core.oracle.blocks import leading_block  # noqa: E402
from cdpo_core.oracle.compiler import RawResult, judge  # noqa: E402

CODENET = REPO / ".." / "shared" / "data" / "codenet_cpp_unlabelled.jsonl.gz"
CORPUS = REPO / "cdpo_core" / "corpus"
FLAGS = ("-std=c++17", "-Wall")
# First-include shares of a real sample (229 accepted and rejected CodeNet submissions).
REAL_SHARES = (
    (("bits/stdc++.h", "iostream"), 0.50),
    (("algorithm",), 0.35),
    (("cstdio",), 0.08),
    (("stdio.h",), 0.04),
    (("cstring",), 0.015),
    (("cstdlib",), 0.015),
)
_FIRST_INCLUDE = re.compile(r"^[ \t]*#[ \t]*include[ \t]*[<\"]([^>\"]+)[>\"]", re.MULTILINE)

Program = tuple[str, str]  # (id, code)


def first_include(code: str) -> str:
    found = _FIRST_INCLUDE.search(code)
    return found.group(1) if found else "(none)"


def codenet_rows() -> list[Program]:
    with gzip.open(CODENET, "rt", encoding="utf-8") as f:
        return [(r["submission_id"], r["code"]) for r in map(json.loads, f)]


def load_programs(n: int, seed: int) -> tuple[str, list[Program]]:
    """(source description, [(id, code)]): CodeNet when present, else the shipped corpus."""
    rng = random.Random(seed)
    if CODENET.exists():
        rows = codenet_rows()
        return f"CodeNet sample ({CODENET.resolve()})", rng.sample(rows, min(n, len(rows)))
    files = sorted(p for p in CORPUS.rglob("*") if p.suffix in (".cpp", ".cc"))
    if not files:
        raise SystemExit(f"no programs: neither {CODENET} nor C++ files under {CORPUS}")
    files = rng.sample(files, min(n, len(files)))
    return f"shipped corpus ({CORPUS})", [
        (str(p.relative_to(CORPUS)), p.read_text(encoding="utf-8", errors="replace")) for p in files
    ]


def variant(ident: str, code: str, j: int) -> Program:
    """The j-th variant (j >= 1) of a program: cut short or a `;` missing; every 4th, a header
    of its include block misspelled (an error in the include block)."""
    kind, turn = j % 4, j // 4
    if kind in (1, 3):
        keep = 0.85 - 0.1 * turn - 0.05 * (kind == 3)
        return f"{ident}~cut{keep:.2f}", code[: int(len(code) * keep)]
    if kind == 2:
        nth = 2 + turn  # drop the nth semicolon (the first one is break_some's)
        at = -1
        for _ in range(nth):
            at = code.find(";", at + 1)
        if at >= 0:
            return f"{ident}~semicolon{nth}", code[:at] + code[at + 1 :]
    headers = leading_block(code).headers
    if not headers:
        return f"{ident}~cut{0.6 - 0.02 * j:.2f}", code[: int(len(code) * (0.6 - 0.02 * j))]
    target = headers[turn % len(headers)]
    wrong = target[:-1] if len(target) > 1 else target + "x"  # <algorith>, <stdio.>
    return f"{ident}~header-{wrong}", code.replace(f"<{target}>", f"<{wrong}>", 1)


def real_mix(n: int, seed: int) -> tuple[str, list[Program], list[str], dict[str, str]]:
    """Programs whose first includes follow REAL_SHARES, notes on how each group was made, and
    the first include of each program's original (a variant is counted with its original)."""
    if not CODENET.exists():
        raise SystemExit(f"--mix real needs {CODENET}")
    rng = random.Random(seed)
    groups: dict[str, list[Program]] = defaultdict(list)
    for ident, code in codenet_rows():
        groups[first_include(code)].append((ident, code))
    quotas = [round(n * share) for _, share in REAL_SHARES]
    quotas[0] += n - sum(quotas)
    chosen: list[Program] = []
    notes = []
    group_of: dict[str, str] = {}
    for (names, _), quota in zip(REAL_SHARES, quotas, strict=True):
        pool = [p for name in names for p in groups.get(name, [])]
        rng.shuffle(pool)
        if not pool:
            raise SystemExit(f"no program in {CODENET} starts with {' or '.join(names)}")
        seen_codes = set()
        picked: list[Program] = []
        j = 0
        while len(picked) < quota:
            for ident, code in pool:
                if len(picked) >= quota:
                    break
                item = (ident, code) if j == 0 else variant(ident, code, j)
                if item[1] not in seen_codes:
                    seen_codes.add(item[1])
                    picked.append(item)
                    group_of[item[0]] = first_include(code)
            j += 1
        distinct = min(len(pool), quota)
        notes.append(
            f"{'/'.join(names)}: {quota} = {distinct} programs"
            + (f" + {quota - distinct} variants" if quota > distinct else "")
            + f" (of {len(pool)} in the data)"
        )
        chosen += picked
    rng.shuffle(chosen)
    return f"CodeNet real mix ({CODENET.resolve()})", chosen, notes, group_of


def break_some(programs: list[Program], fraction: float, seed: int) -> list[Program]:
    """Replace `fraction` of the programs by broken variants, as failed completions look."""
    rng = random.Random(seed + 1)
    out = []
    codes = {code for _, code in programs}
    for ident, code in programs:
        if rng.random() >= fraction:
            out.append((ident, code))
            continue
        if rng.random() < 0.7:
            broken = (f"{ident}~cut", code[: int(len(code) * 0.9)])
        else:
            broken = (f"{ident}~semicolon", code.replace(";", "", 1))
        out.append(broken if broken[1] not in codes else (ident, code))
        codes.add(out[-1][1])
    return out


@dataclasses.dataclass(frozen=True)
class Naive:
    level: str  # the paper's rule: exit status, then "warning" on stderr
    categories: tuple[str, ...]  # plain g++'s output through the oracle's judge
    seconds: float


def naive(programs: list[Program], workdir: Path, settings: OracleSettings) -> list[Naive]:
    """The paper's loop: one g++ at a time, exit status + presence of warnings."""
    results = []
    env = {"PATH": os.environ.get("PATH", os.defpath), "LC_ALL": "C"}
    for i, (_, code) in enumerate(programs):
        src = workdir / "main.cpp"
        src.write_text(code, encoding="utf-8", errors="surrogateescape")
        start = time.perf_counter()
        done = subprocess.run(
            ["g++", *FLAGS, "-fdiagnostics-format=json", str(src), "-o", str(workdir / "a.out")],
            capture_output=True,
            text=True,
            errors="replace",
            env=env,
            cwd=workdir,
            check=False,
        )
        seconds = time.perf_counter() - start
        warned = "warning" in done.stderr
        level = "errors" if done.returncode else ("warnings" if warned else "clean")
        output = done.stdout + done.stderr
        cap = settings.max_output_bytes
        raw = RawResult(done.returncode, output[:cap], len(output.encode()) > cap, seconds)
        results.append(Naive(level, judge(raw, settings).categories, seconds))
        print(f"\r  naive {i + 1}/{len(programs)}", end="", file=sys.stderr, flush=True)
    print(file=sys.stderr)
    return results


def link_share(programs: list[Program], workdir: Path, limit: int = 40) -> None:
    """Time `g++ -c` and the link apart (ld.bfd, then gold) on programs that compile."""
    compile_s = {"bfd": 0.0, "gold": 0.0}
    link_s = {"bfd": 0.0, "gold": 0.0}
    counted = 0
    for _, code in programs:
        if counted >= limit:
            break
        (workdir / "main.cpp").write_text(code, encoding="utf-8", errors="surrogateescape")
        start = time.perf_counter()
        done = subprocess.run(
            ["g++", *FLAGS, "-c", "main.cpp", "-o", "main.o"], cwd=workdir, capture_output=True
        )
        c_s = time.perf_counter() - start
        if done.returncode:
            continue
        counted += 1
        for ld in ("bfd", "gold"):
            start = time.perf_counter()
            subprocess.run(
                ["g++", f"-fuse-ld={ld}", "main.o", "-o", "a.out"], cwd=workdir, capture_output=True
            )
            link_s[ld] += time.perf_counter() - start
            compile_s[ld] += c_s
    for ld in ("bfd", "gold"):
        total = compile_s[ld] + link_s[ld]
        print(
            f"link share ({counted} programs that compile, no PCH): ld.{ld} "
            f"{link_s[ld] / max(counted, 1):.3f} s per link, "
            f"{100 * link_s[ld] / max(total, 1e-9):.0f} % of compile + link"
        )


def group_table(
    programs: list[Program],
    group_of: dict[str, str],
    naive_runs: list[Naive],
    verdicts: list[Verdict],
) -> None:
    rows: dict[str, list[int]] = defaultdict(list)
    for i, (ident, code) in enumerate(programs):
        original = ident.split("~")[0]  # break_some's variants keep their original's group
        rows[group_of.get(ident) or group_of.get(original) or first_include(code)].append(i)
    print(
        f"{'first include':16s} {'n':>4s} {'naive s/file':>13s} {'oracle g++ s/file':>18s} "
        f"{'naive files/s':>14s} {'oracle files/s':>15s}"
    )
    order = sorted(rows, key=lambda name: -len(rows[name]))
    for name in order:
        idx = rows[name]
        naive_s = sum(naive_runs[i].seconds for i in idx) / len(idx)
        ours_s = sum(verdicts[i].duration_s for i in idx) / len(idx)
        print(
            f"{name:16s} {len(idx):4d} {naive_s:13.3f} {ours_s:18.3f} "
            f"{1 / naive_s:14.1f} {1 / max(ours_s, 1e-9):15.1f}"
        )
    print(
        "(oracle g++ s/file: one job's compile with the PCHs, while the other workers run; "
        "block PCH builds are not in it, they are listed below; files/s = 1 / s per file; "
        "a variant counts in the group of its original)"
    )


def timed_run(settings: OracleSettings, cache: Path, pch_dir: Path, codes: list[str]):
    start = time.perf_counter()
    with Oracle(settings, cache_path=cache, pch_dir=pch_dir) as oracle:
        ready = time.perf_counter()
        verdicts = oracle.check_many(codes)
        blocks = oracle.blocks
    return verdicts, time.perf_counter() - start, ready - start, blocks


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mix", choices=("default", "real"), default="default")
    parser.add_argument("--n", type=int, default=200, help="programs to sample (default 200)")
    parser.add_argument("--broken", type=float, default=0.3, help="fraction made broken")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--link-share", action="store_true", help="also time -c and the link apart")
    parser.add_argument(
        "--backend",
        choices=("local", "ray"),
        default="local",
        help="ray: also time the Ray backend beside the local one",
    )
    args = parser.parse_args()

    notes: list[str] = []
    group_of: dict[str, str] = {}
    if args.mix == "real":
        source, programs, notes, group_of = real_mix(args.n, args.seed)
    else:
        source, programs = load_programs(args.n, args.seed)
    programs = break_some(programs, args.broken, args.seed)
    workers = os.cpu_count() or 1
    print(
        f"programs: {len(programs)} from {source}; cpu cores: {workers}; "
        f"load average at start: {os.getloadavg()[0]:.1f}"
    )
    for note in notes:
        print(f"  {note}")

    settings = OracleSettings(workers=workers)
    with tempfile.TemporaryDirectory(prefix="cdpo-bench-") as tmp:
        tmpdir = Path(tmp)
        pch_dir = tmpdir / "pch"
        # The start-up PCHs are built once per compiler+flags and kept: build them before
        # timing, as every run after the first finds them ready. Block PCHs are not built.
        start = time.perf_counter()
        with Oracle(dataclasses.replace(settings, cache=False), pch_dir=pch_dir) as probe:
            linker = probe.linker
        print(
            f"start-up precompiled headers built in {time.perf_counter() - start:.1f} s "
            f"(once per compiler+flags; not timed); linker: {linker.name} ({linker.version})"
        )
        if args.link_share:
            link_share(programs, tmpdir)

        naive_runs = naive(programs, tmpdir, settings)
        naive_s = sum(r.seconds for r in naive_runs)
        codes = [code for _, code in programs]

        cold = timed_run(settings, tmpdir / "v1.sqlite", pch_dir, codes)
        verdicts, oracle_s, startup_s, blocks = cold
        kept = timed_run(settings, tmpdir / "v2.sqlite", pch_dir, codes)
        warm = timed_run(settings, tmpdir / "v2.sqlite", pch_dir, codes)
        if args.backend == "ray":
            plain = dataclasses.replace(settings, pch_max_blocks=0)
            beside = timed_run(plain, tmpdir / "v3.sqlite", pch_dir, codes)
            on_ray = timed_run(
                dataclasses.replace(plain, backend="ray"), tmpdir / "v4.sqlite", pch_dir, codes
            )

    n = len(programs)
    levels = [r.level for r in naive_runs]
    counts = {lvl: levels.count(lvl) for lvl in ("clean", "warnings", "errors")}
    print(f"verdicts (naive): {counts}")
    group_table(programs, group_of, naive_runs, verdicts)
    if blocks is not None:
        print(
            f"include-block PCHs built during the timed run: {blocks.built}, "
            f"{blocks.spent_s:.1f} s of worker time (looking, preprocessing, building, checking)"
        )
        for headers in blocks.ready():
            print(f"  {' '.join(f'<{h}>' for h in headers)}")
    print(f"naive  : {naive_s:7.2f} s  {n / naive_s:8.1f} files/s")
    print(
        f"oracle : {oracle_s:7.2f} s  {n / oracle_s:8.1f} files/s  "
        f"(incl. {startup_s:.2f} s start-up and the block PCH builds)  "
        f"{naive_s / oracle_s:.1f}x naive"
    )
    print(
        f"oracle, block PCHs kept from that run (fresh verdict cache): {kept[1]:7.2f} s  "
        f"{n / kept[1]:8.1f} files/s  {naive_s / kept[1]:.1f}x naive"
    )
    cached, warm_s, warm_start_s = warm[0], warm[1], warm[2]
    print(
        f"cached : {warm_s - warm_start_s:7.3f} s  {n / (warm_s - warm_start_s):8.1f} files/s  "
        f"{naive_s / (warm_s - warm_start_s):.0f}x naive  (with start-up {warm_s:.2f} s: "
        f"{naive_s / warm_s:.0f}x); all cached: {all(v.cached for v in cached)}"
    )
    if args.backend == "ray":
        local_s, ray_s = beside[1] - beside[2], on_ray[1] - on_ray[2]
        overhead = (ray_s - local_s) * workers / n  # worker-seconds each job costs on Ray
        same = sum(
            (a.level, a.categories, a.diagnostics) == (b.level, b.categories, b.diagnostics)
            for a, b in zip(beside[0], on_ray[0], strict=True)
        )
        print(
            f"local (no block PCHs): {local_s:7.2f} s  {n / local_s:8.1f} files/s  "
            f"(start-up {beside[2]:.2f} s not included)"
        )
        print(
            f"ray   (no block PCHs): {ray_s:7.2f} s  {n / ray_s:8.1f} files/s  "
            f"(start-up incl. the local Ray cluster {on_ray[2]:.2f} s not included)  "
            f"{local_s / ray_s:.2f}x local; overhead {overhead * 1000:+.0f} ms per job "
            f"(worker-seconds); verdicts identical to local: {same}/{n}"
        )
    print(f"load average at end: {os.getloadavg()[0]:.1f}")

    differ = []
    for (ident, _), plain, v, again, c in zip(
        programs, naive_runs, verdicts, kept[0], cached, strict=True
    ):
        if plain.level != v.level:
            differ.append(f"{ident} (naive {plain.level}, oracle {v.level})")
        elif plain.categories != v.categories:
            differ.append(f"{ident} (plain g++ {plain.categories}, oracle {v.categories})")
        for name, other in (("kept PCHs", again), ("cached", c)):
            if (other.level, other.categories) != (v.level, v.categories):
                differ.append(f"{ident} ({name} {other.level} {other.categories} vs {v.level})")
    print(f"first run (block PCHs built during it): {naive_s / oracle_s:.1f}x naive")
    ratio = naive_s / kept[1]
    if differ:
        print(f"oracle: {ratio:.1f}x naive, {len(differ)} verdicts differ: {'; '.join(differ)}")
    else:
        print(f"oracle: {ratio:.1f}x naive, verdicts identical")


if __name__ == "__main__":
    main()
