"""Make `session_v1.db`: a session database as schema version 1 wrote it.

Run with the store module of a version-1 cdpo (git show 262d021:cdpo_core/store.py > store_v1.py)
on the path: `python tests/core/data/make_session_v1.py store_v1.py`. The file is kept so that
every later schema is tested against a real old database.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

spec = importlib.util.spec_from_file_location("store_v1", sys.argv[1])
assert spec and spec.loader
v1 = importlib.util.module_from_spec(spec)
sys.modules["store_v1"] = v1  # dataclasses look their module up
spec.loader.exec_module(v1)

out = Path(__file__).with_name("session_v1.db")
out.unlink(missing_ok=True)
with v1.Store(out) as store:
    code = "int main() { return 0; }"
    store.replace_samples(
        [
            {
                "problem_id": "p00001",
                "submission_id": f"s{i}",
                "split": "test",
                "code": code,
                "prefix": code[:-3],
                "target": code[-3:],
                "suffix": "",
                "mask_start": len(code) - 3,
                "mask_end": len(code),
            }
            for i in range(2)
        ]
    )
    prep = store.start_run("prep", "prep", settings={"data": {"source": ""}})
    store.finish_run(prep, "done", summary={"train": 0, "test": 2})
    run = store.start_run("eval-base", "eval", label="Base", split="test")
    samples = store.samples()
    store.add_completions(
        run,
        [
            v1.CompletionRecord(
                sample.id,
                0,
                "p",
                "o",
                "c",
                code,
                3,
                0.1,
                level,
                level == "clean",
                () if level == "clean" else ("other",),
                "",
                0.2,
            )
            for sample, level in zip(samples, ("clean", "errors"), strict=True)
        ],
    )
    store.finish_run(run, "done", summary={"passed": 1, "total": 2})
    store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
print(out, out.stat().st_size)
