"""Run history: every run with its attempts, settings, full error and stored log (from the
`events` table), read the same by a console started after the stage ran."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from textual.widgets import Log, Static

from cdpo_core.errors import CdpoError
from cdpo_core.events import LogLine, Progress, StageStarted, discard
from cdpo_core.locks import step_lock
from cdpo_core.oracle.reaper import start_ticks
from cdpo_core.pipeline import headline
from cdpo_core.runner import StageError, stage_run
from cdpo_core.session import Session
from cdpo_core.store import Store
from cdpo_core.store_views import busy_steps, run_records
from cdpo_tui.app import make_app
from cdpo_tui.screens.history import HistoryScreen, HistoryTable
from cdpo_tui.widgets.stage_log import StageLog

from .conftest import T0, text_of
from .test_pipeline import add_attempt

LONG_ERROR = "the preference set is empty: " + "every completion compiled; " * 6 + "(the end)"


def failed_prefs_run(root: Path) -> int:
    """A real run frame, in this process: two log lines, progress, then a clear failure."""
    session = Session.open(root, "fixture")
    with (
        pytest.raises(StageError),
        stage_run(
            session,
            "prefs-base",
            "prefs",
            emit=discard,
            settings={"preferences": {"min_edit_distance": 3}, "model": {"name": "cdpo-tiny"}},
        ) as ctx,
    ):
        ctx.log("judging 6 completions")
        ctx.emit(Progress(stage="prefs-base", done=6, total=6, unit="programs"))
        ctx.warn("2 prompts were too long")
        raise CdpoError(LONG_ERROR, "lower preferences.min_edit_distance")
    return ctx.run_id


def history_cell(table: HistoryTable, run_id: int, column: str) -> str:
    return str(table.get_cell(str(run_id), column))


async def test_history_shows_a_stored_log_after_a_console_restart(sessions_dir: Path) -> None:
    run_id = failed_prefs_run(sessions_dir)  # no console was open while it ran
    app = make_app(sessions_dir, "fixture")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        # The pipeline's log pane starts with the latest run's stored log, not empty.
        pane = app.screen.query_one(StageLog).lines
        assert pane[0] == f"stored log of fixture · prefs-base #{run_id} (h: every run)"
        assert "[prefs-base] judging 6 completions" in pane
        await pilot.press("h")
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, HistoryScreen)
        table = screen.query_one(HistoryTable)
        # Every run of the session, newest first.
        assert [str(k.value) for k in table.rows] == [str(i) for i in range(run_id, 0, -1)]
        assert history_cell(table, run_id, "status") == "failed"
        assert history_cell(table, run_id, "attempts") == "1"
        assert history_cell(table, 6, "step") == "dpo-sft"
        # A finished run's result reads as in the plan table ("20.0% (16/80)"), not as
        # the summary's raw keys.
        with Session.open(sessions_dir, "fixture").store(readonly=True) as store:
            lines = {r.id: headline(r) for r in store.runs() if r.status == "done"}
        assert any(lines.values())
        for done_id, line in lines.items():
            if line:
                assert history_cell(table, done_id, "result") == line, done_id
        table.move_cursor(row=0)
        await app.workers.wait_for_complete()
        await pilot.pause()
        log = "\n".join(screen.query_one("#run-log", Log).lines)
        assert "[prefs-base] judging 6 completions" in log
        assert "[prefs-base] WARNING: 2 prompts were too long" in log
        assert "(1 progress events; last 6/6 programs)" in log
        error = text_of(screen.query_one("#run-error", Static).content)
        joined = " ".join(error.split())
        assert " ".join(LONG_ERROR.split()) in joined  # whole, not cut to a table cell
        assert "hint: lower preferences.min_edit_distance" in joined
        settings = text_of(screen.query_one("#run-settings", Static).content)
        assert "preferences.min_edit_distance = 3" in settings
        assert "model.name = 'cdpo-tiny'" in settings
        title = str(screen.query_one("#run-title").render())
        assert title.startswith(f"fixture · prefs-base: run {run_id}, failed")
        await pilot.press("escape")
        await pilot.pause()
        assert app.current_mode == "pipeline" and not isinstance(app.screen, HistoryScreen)


async def test_history_counts_attempts_not_time_since_the_first_start(
    sessions_dir: Path,
) -> None:
    with Store(sessions_dir / "fixture" / "session.db") as store:
        sft = store.latest_run("sft")
        assert sft is not None
        add_attempt(store, sft.id, "sft", T0, T0 + 10)
        add_attempt(store, sft.id, "sft", T0 + 3600, T0 + 3630)
        store.db.execute(
            "UPDATE runs SET started = ?, ended = ? WHERE id = ?", (T0, T0 + 3630, sft.id)
        )
        store.db.commit()
    app = make_app(sessions_dir, "fixture")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        app.push_screen(HistoryScreen(Session.open(sessions_dir, "fixture"), "sft"))
        await app.workers.wait_for_complete()
        await pilot.pause()
        table = app.screen.query_one(HistoryTable)
        assert history_cell(table, sft.id, "duration") == "40s"
        assert history_cell(table, sft.id, "attempts") == "2"
        log = "\n".join(app.screen.query_one("#run-log", Log).lines)  # the plan row's run
        assert "attempt at 1700000000" in log and "attempt at 1700003600" in log


def test_an_attempt_killed_without_an_end_event_lasts_to_its_last_event(tmp_path: Path) -> None:
    db = tmp_path / "session.db"
    with Store(db, create=True) as store:
        run = store.start_run("sft", "sft", pid=2**22 + 12345)  # a process that is gone
        for ts, event in (
            (T0, StageStarted(stage="sft", run_id=run)),
            (T0 + 25, LogLine(stage="sft", message="step 10")),
        ):
            store.add_event(run, event.type, event.to_json())
            store.db.execute("UPDATE events SET ts = ? WHERE id = last_insert_rowid()", (ts,))
        store.db.commit()
    [record] = run_records(db)
    assert record.status == "interrupted"
    assert record.duration(now=T0 + 10_000) == 25


def test_busy_steps_reads_locks_and_live_runs(tmp_path: Path) -> None:
    folder = tmp_path / "s"
    folder.mkdir()
    with Store(folder / "session.db", create=True) as store:
        gone = store.start_run("eval-base", "eval", pid=2**22 + 12345)
        live = store.start_run("dpo-sft", "dpo", pid=os.getpid())
        store.resume_run(live, os.getpid(), start_ticks(os.getpid()))
    assert gone and busy_steps(folder) == ["dpo-sft"]
    with step_lock(folder, "sft"):
        assert busy_steps(folder) == ["dpo-sft", "sft"]
    assert busy_steps(folder) == ["dpo-sft"]


async def test_the_palette_opens_the_history_of_the_open_session(sessions_dir: Path) -> None:
    app = make_app(sessions_dir, "fixture")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"stage: Run history")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause(0.3)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)
        assert app.screen.session.name == "fixture"
        assert app.screen.query_one(HistoryTable).row_count == 6
