"""Fixture sessions for the console's tests, written with the Store API and fixed timestamps.

Nothing here runs a model: the runs, completions, verdicts, pairs and metrics a real session
would hold are written directly, so every screen has deterministic content to show and to
snapshot.
"""

from __future__ import annotations

import dataclasses
import gzip
import io
import json
import time
from pathlib import Path

import pytest
from rich.console import Console

from cdpo_core.events import LogLine, Metric, Progress, StageFinished, StageStarted
from cdpo_core.session import Session, preset
from cdpo_core.store import CompletionRecord, Store

REPO = Path(__file__).resolve().parents[2]
SHARED_DATA = REPO / ".." / "shared" / "data"
T0 = 1_700_000_000.0

PROGRAMS = [
    "#include <iostream>\nusing namespace std;\n\nint main() {\n    int a, b;\n"
    "    cin >> a >> b;\n    cout << a + b << endl;\n    return 0;\n}\n",
    '#include <cstdio>\n\nint main() {\n    long long n;\n    scanf("%lld", &n);\n'
    "    long long s = 0;\n    for (long long i = 1; i <= n; ++i) s += i;\n"
    '    printf("%lld\\n", s);\n    return 0;\n}\n',
    "#include <bits/stdc++.h>\nusing namespace std;\n\nint main() {\n    string s;\n"
    "    cin >> s;\n    reverse(s.begin(), s.end());\n    cout << s << '\\n';\n"
    "    return 0;\n}\n",
]

BROKEN_TAILS = [
    (
        "    cout << a + b << endl\n    return 0;\n}\n",
        "expected-semicolon",
        "expected ';' before 'return'",
        7,
    ),
    (
        "    cout << total << endl;\n    return 0;\n}\n",
        "undeclared-name",
        "'total' was not declared in this scope",
        7,
    ),
    (
        "    cout << a + b << endl;\n    return 0;\n",
        "missing-brace",
        "expected '}' at end of input",
        8,
    ),
]


def _mask_start(code: str) -> int:
    """Mask the last 3 lines, as the line mode would: the cut lies on a line start."""
    lines = code.split("\n")
    return len("\n".join(lines[:-4])) + 1


def build_fixture_session(root: Path, name: str = "fixture") -> Session:
    """A session with prep, two evaluations, an SFT run with metrics, a preference set and a
    failed DPO run; all timestamps fixed."""
    config = preset("demo")
    config = dataclasses.replace(config, description="fixture")
    session = Session.create(root, name, config)
    with Store(session.db_path) as store:
        rows = []
        for p in range(3):
            for k, split in enumerate(("train", "train", "test")):
                code = PROGRAMS[(p + k) % 3]
                start = _mask_start(code)
                rows.append(
                    {
                        "problem_id": f"p{p + 1:05d}",
                        "submission_id": f"s{p + 1}{k}0000",
                        "split": split,
                        "code": code,
                        "prefix": code[:start],
                        "target": code[start:],
                        "suffix": "",
                        "mask_start": start,
                        "mask_end": len(code),
                    }
                )
        store.replace_samples(rows)
        samples = store.samples()
        prep = store.start_run("prep", "prep")
        store.finish_run(
            prep,
            "done",
            summary={
                "problems": 3,
                "train": 6,
                "test": 3,
                "read": 12,
                "skipped": {"does not compile under the session policy": 2, "too large": 1},
            },
        )

        def completions(run_id: int, split: str, fail_every: int) -> list[int]:
            records = []
            for i, s in enumerate(x for x in samples if x.split == split):
                fail = i % fail_every == 0
                tail, category, message, line = BROKEN_TAILS[i % 3]
                program = s.prefix + (tail if fail else s.target)
                diagnostics = (
                    (
                        {
                            "kind": "error",
                            "message": message,
                            "line": line,
                            "column": 5,
                            "option": None,
                            "children": [],
                        },
                    )
                    if fail
                    else ()
                )
                records.append(
                    CompletionRecord(
                        sample_id=s.id,
                        seq=0,
                        prompt=s.prefix,
                        output=tail if fail else s.target,
                        continuation=tail if fail else s.target,
                        program=program,
                        new_tokens=20,
                        seconds=0.1,
                        level="errors" if fail else "clean",
                        passed=not fail,
                        categories=(category,) if fail else (),
                        first_error=message if fail else "",
                        compile_seconds=0.2,
                        diagnostics=diagnostics,
                    )
                )
            store.add_completions(run_id, records)
            return [
                r[0]
                for r in store.db.execute(
                    "SELECT id FROM completions WHERE run_id = ? ORDER BY id", (run_id,)
                )
            ]

        base = store.start_run("eval-base", "eval", label="Base", model="cdpo-tiny", split="test")
        completions(base, "test", 1)
        store.finish_run(base, "done", summary={"passed": 0, "total": 3})
        sft = store.start_run("sft", "sft", label="+SFT", model="cdpo-tiny")
        for step in range(1, 21):
            store.add_metrics(
                sft,
                step,
                {"train/loss": 3.0 / step**0.5, "train/learning_rate": 1e-3 * (1 - step / 20)},
            )
        store.finish_run(sft, "done", summary={"final_loss": 0.671, "steps": 20})
        ev = store.start_run("eval-sft", "eval", label="+SFT", model="cdpo-tiny", split="test")
        completions(ev, "test", 2)
        store.finish_run(ev, "done", summary={"passed": 1, "total": 3})
        prefs = store.start_run(
            "prefs-sft", "prefs", label="+SFT", model="cdpo-tiny", split="train"
        )
        ids = completions(prefs, "train", 2)
        failed = store.db.execute(
            "SELECT c.id, c.sample_id, c.program, s.code, v.category FROM completions c"
            " JOIN verdicts v ON v.completion_id = c.id JOIN samples s ON s.id = c.sample_id"
            " WHERE c.run_id = ? AND v.passed = 0 ORDER BY c.id",
            (prefs,),
        ).fetchall()
        assert ids
        store.replace_pairs(
            prefs,
            [
                {
                    "sample_id": r[1],
                    "completion_id": r[0],
                    "chosen": r[3],
                    "rejected": r[2],
                    "edit_distance": 7 + 11 * i,
                    "category": r[4],
                }
                for i, r in enumerate(failed)
            ],
        )
        store.finish_run(prefs, "done", summary={"pairs": len(failed), "mean_edit_distance": 12})
        dpo = store.start_run("dpo-sft", "dpo", label="+SFT+DPO", model="cdpo-tiny")
        for step in range(1, 11):
            store.add_metrics(
                dpo,
                step,
                {
                    "train/loss": 0.69 - 0.03 * step,
                    "rewards/margins": 0.05 * step,
                    "rewards/accuracies": min(1.0, 0.5 + 0.05 * step),
                    "logps/chosen": -40.0 + step,
                },
            )
        store.finish_run(dpo, "failed", error="CUDA out of memory")
        with store.transaction() as db:
            for i, (run_id,) in enumerate(db.execute("SELECT id FROM runs ORDER BY id").fetchall()):
                db.execute(
                    "UPDATE runs SET started = ?, ended = ? WHERE id = ?",
                    (T0 + 600 * i, T0 + 600 * i + 45 + 30 * i, run_id),
                )
            db.execute("UPDATE events SET ts = ?", (T0,))
    return session


@pytest.fixture(autouse=True)
def _utc(monkeypatch: pytest.MonkeyPatch) -> None:
    """Start times show in local time; fix the zone so they read the same everywhere."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()


@pytest.fixture
def sessions_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A sessions root holding the fixture session; the working directory is its parent."""
    monkeypatch.chdir(tmp_path)
    root = tmp_path / "sessions"
    root.mkdir()
    build_fixture_session(root)
    return root


def micro_source(folder: Path, count: int = 12) -> Path | None:
    """A JSONL data source of `count` real CodeNet programs in 3 problems, or None without
    ../shared/data."""
    path = SHARED_DATA / "codenet_cpp_unlabelled.jsonl.gz"
    if not path.is_file():
        return None
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        records = [json.loads(next(lines)) for _ in range(count)]
    out = folder / "micro.jsonl"
    with out.open("w", encoding="utf-8") as f:
        for i, r in enumerate(records):
            f.write(
                json.dumps(
                    {
                        "problem_id": f"p{i % 3:05d}",
                        "submission_id": r["submission_id"],
                        "code": r["code"],
                    }
                )
                + "\n"
            )
    return out


def recording(path: Path, *, gap: float = 0.0) -> Path:
    """A recorded DPO stage for `cdpo replay`: progress, two metric steps, a log line."""
    events = [
        StageStarted(stage="dpo-sft", run_id=None, total=3),
        Progress(stage="dpo-sft", done=1, total=3, unit="steps"),
        Metric(stage="dpo-sft", step=1, values={"train/loss": 0.69, "rewards/margins": 0.1}),
        Metric(stage="dpo-sft", step=2, values={"train/loss": 0.61, "rewards/margins": 0.3}),
        LogLine(stage="dpo-sft", message="checkpoint saved"),
        Progress(stage="dpo-sft", done=3, total=3, unit="steps"),
        StageFinished(stage="dpo-sft", summary={"final_loss": 0.61}),
    ]
    with path.open("w") as f:
        for i, e in enumerate(events):
            f.write(json.dumps({"ts": i * gap, "event": json.loads(e.to_json())}) + "\n")
    return path


def text_of(renderable: object) -> str:
    """What a Rich renderable (a Static's content) reads as, for asserting on it."""
    console = Console(width=200, record=True, file=io.StringIO())
    console.print(renderable)
    return console.export_text()
