"""A finished session shared read-only (a lab's archive) can be read, and is never written."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from test_store import record, sample_rows

from cdpo_core.cli import main
from cdpo_core.session import Session


def read_only_cdpo(folder: Path, *argv: str) -> subprocess.CompletedProcess[str]:
    """`cdpo ARGV` with `folder` bind-mounted read-only in a private mount namespace (mode
    bits do not stop root; a shared archive is a read-only mount). CI runs as root."""
    if shutil.which("unshare") is None or os.geteuid() != 0:
        pytest.skip("needs root and unshare(1) to make a read-only mount")
    script = f'mount --bind -o ro {folder} {folder} && exec "$@"'
    return subprocess.run(
        [
            "unshare",
            "-m",
            "--propagation",
            "private",
            "sh",
            "-c",
            script,
            "sh",
            sys.executable,
            "-m",
            "cdpo_core",
            "--sessions",
            str(folder),
            *argv,
        ],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "COLUMNS": "200"},
    )


@pytest.fixture()
def archive(tmp_path: Path) -> Path:
    root = tmp_path / "archive"
    assert main(["--sessions", str(root), "init", "done", "--preset", "demo"]) == 0
    session = Session.open(root, "done")
    with session.store() as store:
        store.replace_samples(sample_rows())
        prep = store.start_run("prep", "prep")
        store.finish_run(prep, "done", summary={"train": 2, "test": 2})
        run = store.start_run("eval-base", "eval", label="Base", split="test")
        test = store.samples("test")
        store.add_completions(run, [record(test[0].id, True), record(test[1].id, False)])
        store.finish_run(run, "done", summary={"passed": 1, "total": 2})
    return root


def test_status_and_results_read_a_read_only_session(archive: Path) -> None:
    status = read_only_cdpo(archive, "status", "done")
    assert status.returncode == 0, status.stderr
    assert "train 2, test 2" in status.stdout
    results = read_only_cdpo(archive, "results", "done", "--json")
    assert results.returncode == 0, results.stderr
    assert '"passed": 1' in results.stdout and '"total": 2' in results.stdout


@pytest.mark.parametrize(
    "argv",
    [
        ["set", "done", "dpo.beta=0.2"],
        ["init", "another"],
        ["step", "done", "eval-base", "--force"],
    ],
)
def test_writing_to_a_read_only_session_is_one_line(archive: Path, argv: list[str]) -> None:
    (archive / "done" / "locks").mkdir()  # as a session that has run stages has
    done = read_only_cdpo(archive, *argv)
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1, done.stderr
    assert "writable" in done.stderr
