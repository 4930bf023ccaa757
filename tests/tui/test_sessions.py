"""Sessions screen: list, create (with validation), open, copy, delete (with confirmation)."""

from __future__ import annotations

import os
from pathlib import Path

from textual.widgets import Input, Label

from cdpo_core.locks import step_lock
from cdpo_core.oracle.reaper import start_ticks
from cdpo_core.session import Session
from cdpo_core.store import Store
from cdpo_tui.app import make_app
from cdpo_tui.screens.confirm import ConfirmScreen
from cdpo_tui.screens.create_session import CreateSessionScreen
from cdpo_tui.screens.sessions import SessionsScreen
from cdpo_tui.widgets.session_table import SessionTable


def rows(app) -> list[str]:  # noqa: ANN001
    table = app.screen.query_one(SessionTable)
    return [str(k.value) for k in table.rows]


async def test_lists_sessions_with_model_and_stage_state(sessions_dir: Path) -> None:
    app = make_app(sessions_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        table = app.screen.query_one(SessionTable)
        assert rows(app) == ["fixture"]
        assert [str(c) for c in table.get_row("fixture")] == [
            "fixture",
            "demo",
            "cdpo-tiny",
            "train 6 test 3",
            "5/11",
            "dpo-sft failed",
        ]


async def test_create_form_reports_each_bad_field_then_creates(sessions_dir: Path) -> None:
    # 80x24 and a long missing path: the error messages wrap over several lines, and the
    # Create button must stay where a click reaches it (CI's deeper checkout path once
    # pushed it out of the dialog).
    app = make_app(sessions_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, CreateSessionScreen)
        form.query_one("#name", Input).value = "bad name!"
        missing = sessions_dir / ("deeply-nested-folder-" * 6) / "missing.jsonl"
        form.query_one("#source", Input).value = str(missing)
        await pilot.click("#create")
        await pilot.pause()
        assert "use letters" in str(form.query_one("#name-error", Label).render())
        assert "no such file" in str(form.query_one("#source-error", Label).render())
        assert not (sessions_dir / "bad name!").exists()

        form.query_one("#name", Input).value = "fixture"
        form.query_one("#source", Input).value = ""
        # A button ignores clicks while it still shows the last press (Textual's active
        # effect, 0.2 s); a person takes longer than that to fix two fields.
        while form.query_one("#create").has_class("-active"):
            await pilot.pause(0.05)
        await pilot.click("#create")
        await pilot.pause()
        assert "exists already" in str(form.query_one("#name-error", Label).render())

        form.query_one("#name", Input).value = "fresh"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, CreateSessionScreen)
        assert rows(app) == ["fixture", "fresh"]
        assert (sessions_dir / "fresh" / "session.toml").is_file()


async def test_copy_then_delete_with_confirmation(sessions_dir: Path) -> None:
    app = make_app(sessions_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("c")
        await pilot.pause()
        box = app.screen.query_one("#name", Input)
        assert box.value == "fixture-copy"
        await pilot.press("enter")
        await pilot.pause()
        assert rows(app) == ["fixture", "fixture-copy"]
        # The copy carries the runs: its stage state reads the same.
        table = app.screen.query_one(SessionTable)
        assert str(table.get_row("fixture-copy")[4]) == "5/11"

        await pilot.press("d")
        await pilot.pause()
        await pilot.press("n")  # no: nothing is deleted
        await pilot.pause()
        assert rows(app) == ["fixture", "fixture-copy"]
        await pilot.press("d", "y")
        await pilot.pause()
        assert rows(app) == ["fixture"]
        assert not (sessions_dir / "fixture-copy").exists()


async def test_open_shows_the_pipeline_and_bad_session_is_an_error(sessions_dir: Path) -> None:
    (sessions_dir / "broken").mkdir()
    (sessions_dir / "broken" / "session.toml").write_text("this is = = not toml")
    app = make_app(sessions_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        table = app.screen.query_one(SessionTable)
        assert "not valid TOML" in str(table.get_row("broken")[5])
        await pilot.press("enter")  # cursor on "broken": refused with a notification
        await pilot.pause()
        assert app.session is None
        assert any("not valid TOML" in n.message for n in app._notifications)
        await pilot.press("down", "enter")
        await pilot.pause()
        assert app.session is not None and app.session.name == "fixture"
        assert app.current_mode == "pipeline"


async def test_delete_and_copy_refuse_a_session_whose_stage_runs(sessions_dir: Path) -> None:
    """Running = a live process holds the step's lock, or the run's process is alive; the
    session need not be the open one."""
    Session.open(sessions_dir, "fixture").copy_to("locked")
    app = make_app(sessions_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        table = app.screen.query_one(SessionTable)
        # "locked": a stage elsewhere holds the sft lock (this process, another open file).
        with step_lock(sessions_dir / "locked", "sft"):
            table.move_cursor(row=rows(app).index("locked"))
            for key in ("d", "c"):
                await pilot.press(key)
                await pilot.pause()
                assert isinstance(app.screen, SessionsScreen), key  # no dialog opened
            assert (sessions_dir / "locked").is_dir()
            assert [n.message for n in app._notifications if n.severity == "error"] == [
                "cannot delete locked: sft running; cancel it or wait for it",
                "cannot copy locked: sft running; cancel it or wait for it",
            ]
        # "fixture": its eval-sft run is marked running by a live process (this one).
        with Store(sessions_dir / "fixture" / "session.db") as store:
            run = store.latest_run("eval-sft")
            assert run is not None
            store.resume_run(run.id, os.getpid(), start_ticks(os.getpid()))
        table.move_cursor(row=rows(app).index("fixture"))
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, SessionsScreen)
        assert (sessions_dir / "fixture").is_dir()
        # Once the lock is free, delete asks, as before.
        table.move_cursor(row=rows(app).index("locked"))
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await pilot.pause()
        assert not (sessions_dir / "locked").exists()
