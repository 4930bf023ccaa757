from __future__ import annotations

import multiprocessing
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cdpo_core.store import SCHEMA_VERSION, CompletionRecord, Store, StoreError

V1_FIXTURE = Path(__file__).parent / "data" / "session_v1.db"
"""A session database made by schema version 1 (see tests/core/data/README.md)."""


def sample_rows(n: int = 4) -> list[dict[str, object]]:
    rows = []
    for i in range(n):
        code = f"int main() {{ return {i}; }}"
        rows.append(
            {
                "problem_id": f"p{i // 2:05d}",
                "submission_id": f"s{i:09d}",
                "split": "train" if i % 2 == 0 else "test",
                "code": code,
                "prefix": code[:-3],
                "target": code[-3:],
                "suffix": "",
                "mask_start": len(code) - 3,
                "mask_end": len(code),
            }
        )
    return rows


def record(sample_id: int, passed: bool, category: str = "") -> CompletionRecord:
    return CompletionRecord(
        sample_id=sample_id,
        seq=0,
        prompt="p",
        output="o",
        continuation="c",
        program="int main() {}",
        new_tokens=3,
        seconds=0.1,
        level="clean" if passed else "errors",
        passed=passed,
        categories=() if passed else (category,),
        first_error="" if passed else "error: x",
        compile_seconds=0.2,
        diagnostics=() if passed else ({"kind": "error", "message": "x", "line": 1, "column": 2},),
    )


def test_schema_is_versioned_and_wal(tmp_path: Path) -> None:
    with Store(tmp_path / "s.db", create=True) as store:
        assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert store.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_newer_schema_is_refused_with_a_clear_message(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    Store(path, create=True).close()
    db = sqlite3.connect(path)
    db.execute("PRAGMA user_version = 99")
    db.commit()
    db.close()
    with pytest.raises(StoreError, match="newer than this cdpo"):
        Store(path)


def test_a_version_1_session_database_opens_and_is_migrated(tmp_path: Path) -> None:
    """A database made by the first schema (version in a `meta` row, no fingerprint column)."""
    path = tmp_path / "s.db"
    shutil.copy(V1_FIXTURE, path)
    with Store(path, readonly=True) as old:
        assert [r.step for r in old.runs()] == ["prep", "eval-base"]
        assert old.runs()[1].fingerprint == {}
    with Store(path) as store:
        assert store.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        run = store.runs()[1]
        assert run.status == "done" and run.summary["passed"] == 1
        assert store.verdict_counts(run.id) == (1, 2)
        new = store.start_run("sft", "sft", fingerprint={"sft": "abc"}, pid_started=12.5)
        assert store.run(new).fingerprint == {"sft": "abc"}
        assert store.run(new).pid_started == 12.5


def test_a_missing_or_empty_database_is_refused_not_replaced(tmp_path: Path) -> None:
    path = tmp_path / "session.db"
    with pytest.raises(StoreError, match="missing") as missing:
        Store(path)
    assert "datasets/" in missing.value.hint
    assert not path.exists(), "no database is made over a session that had one"
    path.write_bytes(b"")
    for readonly in (False, True):
        with pytest.raises(StoreError, match="empty"):
            Store(path, readonly=readonly)
    assert path.stat().st_size == 0


def read_only_python(folder: Path, code: str) -> subprocess.CompletedProcess[str]:
    """Run `code` with `folder` bind-mounted read-only in a private mount namespace.

    Mode bits do not stop root, and a lab's shared archive is a read-only mount, so that is
    what the test makes. It needs CAP_SYS_ADMIN (CI runs as root).
    """
    if shutil.which("unshare") is None or os.geteuid() != 0:
        pytest.skip("needs root and unshare(1) to make a read-only mount")
    script = f'mount --bind -o ro {folder} {folder} && exec {sys.executable} -c "$0"'
    return subprocess.run(
        ["unshare", "-m", "--propagation", "private", "sh", "-c", script, code],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=Path(__file__).parents[2],
    )


def test_a_finished_session_reads_from_a_read_only_folder(tmp_path: Path) -> None:
    path = tmp_path / "session.db"
    with Store(path, create=True) as store:
        store.replace_samples(sample_rows())
        run = store.start_run("eval-base", "eval")
        store.add_completions(run, [record(store.samples()[0].id, True)])
    assert not (tmp_path / "session.db-shm").exists(), "a closed writer leaves no -shm file"
    code = (
        "from pathlib import Path; from cdpo_core.store import Store\n"
        f"with Store(Path({str(path)!r}), readonly=True) as r:\n"
        f"    print(r.verdict_counts({run}), len(r.samples()))\n"
    )
    done = read_only_python(tmp_path, code)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["(1,", "1)", "4"]


def test_a_file_that_is_not_a_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match="not a cdpo session database"):
        Store(path)


def test_verdict_counts_and_categories_come_from_stored_rows(tmp_path: Path) -> None:
    with Store(tmp_path / "s.db", create=True) as store:
        store.replace_samples(sample_rows())
        ids = [s.id for s in store.samples()]
        run = store.start_run("eval-base", "eval", label="Base", split="test")
        store.add_completions(run, [record(ids[0], True), record(ids[1], False, "undeclared")])
        store.add_completions(run, [record(ids[2], False, "undeclared"), record(ids[3], True)])
        assert store.verdict_counts(run) == (2, 4)
        assert store.category_counts(run) == {"undeclared": 2}
        assert store.done_keys(run) == {(i, 0) for i in ids}
        failing = [r for r in store.completions_with_verdicts(run) if not r["passed"]]
        # The console reads a failure's diagnostics from this table (cdpo_tui.queries).
        stored = store.db.execute(
            "SELECT message FROM diagnostics WHERE completion_id = ?", (failing[0]["id"],)
        ).fetchall()
        assert [r[0] for r in stored] == ["x"]


def test_a_failed_write_leaves_nothing_behind(tmp_path: Path) -> None:
    with Store(tmp_path / "s.db", create=True) as store:
        store.replace_samples(sample_rows())
        sid = store.samples()[0].id
        run = store.start_run("eval-base", "eval")
        with pytest.raises(sqlite3.IntegrityError):
            # The same (run, sample, seq) twice in one batch: the whole batch is rolled back.
            store.add_completions(run, [record(sid, True), record(sid, False, "x")])
        assert store.verdict_counts(run) == (0, 0)


def test_samples_cannot_be_replaced_once_completions_point_at_them(tmp_path: Path) -> None:
    with Store(tmp_path / "s.db", create=True) as store:
        store.replace_samples(sample_rows())
        run = store.start_run("eval-base", "eval")
        store.add_completions(run, [record(store.samples()[0].id, True)])
        with pytest.raises(StoreError, match="new session"):
            store.replace_samples(sample_rows(2))
        assert len(store.samples()) == 4


def _write_forever(path: str) -> None:
    store = Store(Path(path))
    run = store.start_run("eval-base", "eval")
    sid = store.samples()[0].id
    seq = 0
    while True:
        rec = record(sid, True)
        store.add_completions(run, [rec.__class__(**{**rec.__dict__, "seq": seq})])
        seq += 1


def test_a_killed_writer_leaves_a_consistent_store(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    with Store(path, create=True) as store:
        store.replace_samples(sample_rows())
    proc = multiprocessing.get_context("spawn").Process(target=_write_forever, args=(str(path),))
    proc.start()
    time.sleep(1.5)
    os.kill(proc.pid, 9)
    proc.join()
    with Store(path) as store:
        run = store.runs()[0].id
        passed, total = store.verdict_counts(run)
        completions = store.db.execute("SELECT COUNT(*) FROM completions").fetchone()[0]
        assert total > 0
        assert completions == total, "every completion has its verdict: no half-written rows"
        assert store.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_a_reader_sees_committed_rows_while_a_writer_holds_the_file(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    with Store(path, create=True) as writer:
        writer.replace_samples(sample_rows())
        run = writer.start_run("eval-base", "eval")
        writer.add_completions(run, [record(writer.samples()[0].id, True)])
        with Store(path, readonly=True) as reader:
            assert reader.verdict_counts(run) == (1, 1)
            assert reader.run(run).status == "running"


def test_metrics_and_runs_round_trip(tmp_path: Path) -> None:
    with Store(tmp_path / "s.db", create=True) as store:
        run = store.start_run("sft", "sft", settings={"lr": 2e-4}, pid=os.getpid())
        store.add_metrics(run, 1, {"train/loss": 2.0})
        store.add_metrics(run, 2, {"train/loss": 1.5})
        store.finish_run(run, "done", summary={"final_loss": 1.5}, artifact="/a")
        got = store.run(run)
        assert got.status == "done" and got.summary == {"final_loss": 1.5}
        assert got.settings == {"lr": 2e-4} and got.artifact == "/a"
        assert store.metrics(run) == {"train/loss": [(1, 2.0), (2, 1.5)]}
