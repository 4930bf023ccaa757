"""The run frame: resume only with the same inputs, one clear ending on a full disk."""

from __future__ import annotations

import errno
import os
import sqlite3
from pathlib import Path

import pytest

from cdpo_core.events import Recorder, StageFailed
from cdpo_core.oracle.reaper import start_ticks
from cdpo_core.runner import ResumeRefused, StageError, effective_status, stage_run
from cdpo_core.session import Session, preset
from cdpo_core.settings_io import replace_path
from cdpo_core.stages.prep import run_prep
from cdpo_core.steps import STEPS, recorded_settings


@pytest.fixture()
def session(tmp_path: Path) -> Session:
    return Session.create(tmp_path, "frame", preset("demo"))


def interrupt(session: Session, step: str, settings: dict, inputs: dict | None = None) -> int:
    with pytest.raises(KeyboardInterrupt):
        with stage_run(
            session, step, "eval", emit=Recorder(), settings=settings, inputs=inputs
        ) as ctx:
            raise KeyboardInterrupt
    return ctx.run_id


def test_an_unchanged_run_resumes_and_a_changed_one_is_refused(session: Session) -> None:
    spec = STEPS["eval-base"]
    before = recorded_settings(session.config, spec)
    run_id = interrupt(session, "eval-base", before, {"model": "abc"})
    with stage_run(
        session, "eval-base", "eval", emit=Recorder(), settings=before, inputs={"model": "abc"}
    ) as ctx:
        assert ctx.resumed and ctx.run_id == run_id

    run_id = interrupt(session, "eval-sft", before, {"model": "abc"})
    with pytest.raises(ResumeRefused, match="model changed"):
        with stage_run(
            session,
            "eval-sft",
            "eval",
            emit=Recorder(),
            settings=before,
            inputs={"model": "retrained"},
        ):
            pass
    with stage_run(
        session,
        "eval-sft",
        "eval",
        emit=Recorder(),
        settings=before,
        inputs={"model": "retrained"},
        restart=True,
    ) as ctx:
        assert not ctx.resumed and ctx.run_id != run_id


def test_a_failed_run_with_changed_settings_starts_a_new_run(session: Session) -> None:
    """Changing a setting is how a failure is fixed (seen: `model.load_in_4bit` on a CPU)."""
    before = recorded_settings(session.config, STEPS["eval-base"])
    with pytest.raises(StageError):
        with stage_run(
            session, "eval-base", "eval", emit=Recorder(), settings=before, inputs={"m": "a"}
        ):
            raise StageError("load_in_4bit=True needs a CUDA GPU")
    with stage_run(
        session, "eval-base", "eval", emit=Recorder(), settings=before, inputs={"m": "b"}
    ) as ctx:
        assert not ctx.resumed
    with session.store(readonly=True) as store:
        assert [r.status for r in store.runs("eval-base")] == ["failed", "done"]


def test_resumed_prep_refuses_changed_selection_settings(session: Session) -> None:
    """The prep of the report: `require_full` changed under an interrupted prep."""
    interrupt(session, "prep", recorded_settings(session.config, STEPS["prep"]), {"source": "x"})
    session.config = replace_path(session.config, "selection.require_full", "false")
    with pytest.raises(ResumeRefused) as refused:
        run_prep(session, emit=Recorder())
    assert "selection.require_full true -> false" in refused.value.message
    with session.store(readonly=True) as store:
        assert len(store.runs("prep")) == 1, "nothing was started"


def test_a_full_disk_ends_the_run_failed_in_one_line(
    session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    """ENOSPC from the stage, and the error handler itself cannot write either."""

    def no_space(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(Path, "write_text", no_space)
    seen = Recorder()
    with pytest.raises(StageError) as failed:
        with stage_run(session, "sft", "sft", emit=seen):
            raise OSError(errno.ENOSPC, "No space left on device", "datasets/train")
    assert failed.value.message.startswith("no space left on the disk of")
    assert "free space and run the same command again" in failed.value.hint
    assert "\n" not in failed.value.one_line()
    with session.store(readonly=True) as store:
        run = store.latest_run("sft")
    assert run is not None and run.status == "failed"
    assert [e.error for e in seen.of(StageFailed)] == [failed.value.message]


def test_a_full_database_is_a_full_disk_too(session: Session) -> None:
    with pytest.raises(StageError, match="no space left"):
        with stage_run(session, "sft", "sft", emit=Recorder()):
            raise sqlite3.OperationalError("database or disk is full")


def test_a_reused_pid_never_reads_as_still_running(session: Session) -> None:
    me = os.getpid()
    with session.store() as store:
        mine = store.start_run("eval-base", "eval", pid=me, pid_started=start_ticks(me))
        reused = store.start_run("eval-sft", "eval", pid=me, pid_started=start_ticks(me) - 1)
        assert effective_status(store.run(mine)) == "running"
        assert effective_status(store.run(reused)) == "interrupted"
