"""Console performance: start-up time, and the failure browser's page time on 100,000 stored
completions (built into a temporary store with the Store API and executemany).

    .venv/bin/python benchmarks/console.py [--completions N]

Prints one line per measurement. Start-up is measured in a fresh interpreter (import of
`cdpo_tui.app` and the first frame of the app under a headless driver), as a user sees it.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

STARTUP = """
import asyncio, json, sys, time
t0 = time.perf_counter()
from cdpo_tui.app import make_app
t_import = time.perf_counter() - t0
async def first_frame():
    app = make_app(sys.argv[1])
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
asyncio.run(first_frame())
heavy = [m for m in ("torch", "transformers", "trl", "peft", "datasets") if m in sys.modules]
print(json.dumps({"import": t_import, "first_frame": time.perf_counter() - t0, "heavy": heavy}))
"""

CATEGORIES = ("undeclared-name", "expected-semicolon", "missing-brace", "type-mismatch", "")


def build_store(root: Path, completions: int) -> Path:
    """A session whose eval run holds `completions` completions, verdicts and pairs."""
    from cdpo_core.session import Session, preset

    session = Session.create(root, "bench", preset("demo"))
    store = session.store()
    problems = max(1, completions // 50)
    store.replace_samples(
        {
            "problem_id": f"p{i % problems:05d}",
            "submission_id": f"s{i:09d}",
            "split": "test",
            "code": "int main() {\n    return 0;\n}\n",
            "prefix": "int main() {\n",
            "target": "    return 0;\n}\n",
            "suffix": "",
            "mask_start": 13,
            "mask_end": 29,
        }
        for i in range(completions)
    )
    run = store.start_run("eval-base", "eval", label="Base", split="test")
    db = store.db
    with store.transaction():
        db.executemany(
            "INSERT INTO completions (id, run_id, sample_id, seq, prompt, output, continuation,"
            " program) VALUES (?, ?, ?, 0, 'p', 'o', 'c', 'int main() {\n    return 0\n}\n')",
            ((i + 1, run, i + 1) for i in range(completions)),
        )
        db.executemany(
            "INSERT INTO verdicts (completion_id, level, passed, category, first_error)"
            " VALUES (?, ?, ?, ?, ?)",
            (
                (
                    i + 1,
                    "errors" if i % 3 else "clean",
                    int(i % 3 == 0),
                    CATEGORIES[i % 4] if i % 3 else "",
                    f"error {i % 97}" if i % 3 else "",
                )
                for i in range(completions)
            ),
        )
        db.executemany(
            "INSERT INTO diagnostics (completion_id, kind, message, line, col)"
            " VALUES (?, 'error', 'expected', 2, 14)",
            ((i + 1,) for i in range(completions) if i % 3),
        )
        db.executemany(
            "INSERT INTO pairs (run_id, sample_id, completion_id, chosen, rejected, edit_distance)"
            " VALUES (?, ?, ?, 'a', 'b', ?)",
            ((run, i + 1, i + 1, i % 300) for i in range(completions) if i % 3),
        )
    store.finish_run(run, "done")
    store.close()
    return session.db_path


def timed(fn, repeat: int = 5) -> float:  # noqa: ANN001
    """Median wall time of `fn` in milliseconds."""
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--completions", type=int, default=100_000)
    args = parser.parse_args()
    from cdpo_tui.queries import FailureFilter, SessionQueries

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "sessions"
        root.mkdir()
        t = time.perf_counter()
        db = build_store(root, args.completions)
        print(f"built store: {args.completions:,} completions in {time.perf_counter() - t:.1f} s")

        # As a user starts it: Python writes its bytecode caches on the first start and reads
        # them after, unless PYTHONDONTWRITEBYTECODE is set (some sandboxes set it; then every
        # start compiles every module, about 0.3 s here). The first start is reported apart.
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}

        def start() -> dict[str, Any]:
            done = subprocess.run(
                [sys.executable, "-c", STARTUP, str(root)],
                capture_output=True,
                text=True,
                check=True,
                cwd=REPO,
                env=env,
            )
            return json.loads(done.stdout)  # type: ignore[no-any-return]

        first = start()
        runs = [start() for _ in range(3)]
        print(
            f"start-up: import {statistics.median(r['import'] for r in runs):.3f} s, "
            f"first frame {statistics.median(r['first_frame'] for r in runs):.3f} s "
            f"(median of 3 after a first start at {first['first_frame']:.3f} s; "
            f"ML modules loaded: {runs[0]['heavy'] or 'none'})"
        )

        q = SessionQueries(db)
        failed = FailureFilter(verdict="failed")
        cases = {
            "first page, no filter": lambda: q.page(FailureFilter()),
            "first page, failed": lambda: q.page(failed),
            "first page, category": lambda: q.page(FailureFilter(category="missing-brace")),
            "first page, search": lambda: q.page(FailureFilter(search="error 42")),
            "first page, sorted by category desc": lambda: q.page(
                FailureFilter(), sort="category", descending=True
            ),
            "count, failed": lambda: q.count(failed),
            "detail of one completion": lambda: q.detail(args.completions // 2),
        }
        near_end = args.completions - 1000
        last = q.page(failed, after=(near_end, near_end))
        cases["page near the end (keyset)"] = lambda: q.page(failed, after=last[0].key)
        measured = {name: timed(fn) for name, fn in cases.items()}
        for name, ms in measured.items():
            print(f"{name:38} {ms:8.1f} ms")
        # The naive way: every row of the browser's query loaded at once, as a table widget
        # filled without paging would need.
        con = sqlite3.connect(db)
        naive = timed(
            lambda: con.execute(
                "SELECT c.id, c.run_id, s.problem_id, s.submission_id, v.level, v.category,"
                " v.first_error FROM completions c JOIN verdicts v ON v.completion_id = c.id"
                " JOIN samples s ON s.id = c.sample_id ORDER BY c.id"
            ).fetchall(),
            repeat=3,
        )
        con.close()
        first = measured["first page, no filter"]
        print(f"{'naive: every row at once':38} {naive:8.1f} ms")
        print(
            f"console: first page {naive / first:.0f}x faster than loading all "
            f"{args.completions:,} rows"
        )


if __name__ == "__main__":
    main()
