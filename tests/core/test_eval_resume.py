"""A killed or cancelled evaluation restarts where it stopped: nothing lost, nothing twice."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from cdpo_core.cli import main
from cdpo_core.events import Event, Progress, StageFailed
from cdpo_core.runner import effective_status
from cdpo_core.session import Session


@pytest.fixture(scope="module")
def prepared(tiny_model_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Session:
    """Selected and masked once; each test works on its own copy."""
    root = tmp_path_factory.mktemp("sessions")
    settings = [
        "selection.max_problems=6",
        "selection.train_per_problem=1",
        "selection.test_per_problem=2",
        "selection.max_chars=600",  # every prompt fits the micro model's context
        "generation.max_new_tokens=48",
        "generation.batch_size=1",
    ]
    args = [
        "--sessions",
        str(root),
        "init",
        "resume",
        "--preset",
        "demo",
        "--model",
        str(tiny_model_dir),
    ]
    for s in settings:
        args += ["--set", s]
    assert main(args) == 0
    assert main(["--sessions", str(root), "prep", "resume"]) == 0
    return Session.open(root, "resume")


@pytest.fixture()
def session(prepared: Session, request: pytest.FixtureRequest) -> Session:
    return prepared.copy_to(request.node.name[:40])


def start_eval(session: Session) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "cdpo_core",
            "--sessions",
            str(session.path.parent),
            "eval",
            session.name,
            "--events",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )


def wait_for_progress(proc: subprocess.Popen[str], done: int) -> list[Event]:
    """Read the child's events until it reports `done` samples judged."""
    events: list[Event] = []
    assert proc.stdout is not None
    for line in proc.stdout:
        event = Event.from_json(line)
        events.append(event)
        if isinstance(event, Progress) and event.unit == "samples" and event.done >= done:
            return events
    raise AssertionError(f"the child ended before {done} samples: {events[-3:]}")


def stored(session: Session) -> list[tuple[int, int, int]]:
    con = sqlite3.connect(session.db_path)
    rows = con.execute(
        "SELECT c.id, c.sample_id, c.seq FROM completions c JOIN verdicts v"
        " ON v.completion_id = c.id ORDER BY c.id"
    ).fetchall()
    con.close()
    return rows


@pytest.mark.slow
def test_a_killed_eval_resumes_without_loss_or_duplicates(session: Session) -> None:
    proc = start_eval(session)
    wait_for_progress(proc, done=3)
    proc.kill()  # SIGKILL: no handler runs, as when a machine dies
    proc.wait(timeout=30)
    before = stored(session)
    with session.store(readonly=True) as store:
        run = store.latest_run("eval-base")
        total = store.sample_counts()["test"]
    assert run is not None and effective_status(run) == "interrupted"
    assert 3 <= len(before) < total, "killed half way"

    assert main(["--sessions", str(session.path.parent), "eval", session.name]) == 0
    after = stored(session)
    assert len(after) == total
    assert len({(sample, seq) for _, sample, seq in after}) == total, "no sample judged twice"
    assert after[: len(before)] == before, "what was stored before the kill is kept as it was"
    with session.store(readonly=True) as store:
        runs = store.runs("eval-base")
    assert len(runs) == 1 and runs[0].status == "done", "the same run was resumed"
    assert runs[0].summary["total"] == total


@pytest.mark.slow
def test_ctrl_c_cancels_at_a_safe_point_and_keeps_the_work(session: Session) -> None:
    proc = start_eval(session)
    events = wait_for_progress(proc, done=2)
    proc.send_signal(signal.SIGINT)
    assert proc.stdout is not None
    events += [Event.from_json(line) for line in proc.stdout]
    assert proc.wait(timeout=60) == 130
    failed = [e for e in events if isinstance(e, StageFailed)]
    assert failed and failed[-1].cancelled
    with session.store(readonly=True) as store:
        run = store.latest_run("eval-base")
        total = store.sample_counts()["test"]
    assert run is not None and run.status == "cancelled"
    kept = len(stored(session))
    assert 2 <= kept < total

    assert main(["--sessions", str(session.path.parent), "eval", session.name]) == 0
    assert len(stored(session)) == total


@pytest.mark.slow
def test_a_resume_with_changed_settings_is_refused_then_restarted(
    session: Session, capsys: pytest.CaptureFixture[str]
) -> None:
    proc = start_eval(session)
    wait_for_progress(proc, done=2)
    proc.kill()
    proc.wait(timeout=30)
    kept = stored(session)
    root = str(session.path.parent)
    assert (
        main(
            [
                "--sessions",
                root,
                "set",
                session.name,
                "generation.max_new_tokens=8",
                "oracle.policy=errors",
            ]
        )
        == 0
    )
    capsys.readouterr()

    assert main(["--sessions", root, "eval", session.name]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert "generation.max_new_tokens 48 -> 8" in err[0]
    assert 'oracle.policy "strict" -> "errors"' in err[0]
    assert "--restart" in err[0]
    assert stored(session) == kept, "the refused resume wrote nothing"

    assert main(["--sessions", root, "eval", session.name, "--restart"]) == 0
    with session.store(readonly=True) as store:
        old, new = store.runs("eval-base")
        total = store.sample_counts()["test"]
        assert effective_status(old) == "interrupted", "the old run is kept as history"
        assert new.status == "done" and new.summary["total"] == total
        assert new.settings["generation"]["max_new_tokens"] == 8
        assert new.settings["oracle"]["policy"] == "errors"
        assert store.verdict_counts(old.id)[1] == len(kept), "its rows are not mixed in"
