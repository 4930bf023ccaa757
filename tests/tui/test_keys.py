"""Keyboard habits: `?`, Esc, `q`, ctrl+q, the footer's screen keys, the message history,
and the new-session form's first focus and data-source check."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import HelpPanel, Input, Label, OptionList
from textual.widgets._footer import FooterKey

from cdpo_core.events import StageFailed
from cdpo_tui.app import make_app
from cdpo_tui.messages import StageEvent, StageExited, failure_line
from cdpo_tui.screens.confirm import ConfirmScreen
from cdpo_tui.screens.create_session import CreateSessionScreen
from cdpo_tui.screens.message_history import MessageHistoryScreen
from cdpo_tui.stage_runner import StageCommand
from cdpo_tui.widgets.check_list import CheckList
from cdpo_tui.widgets.diagnostics_list import DiagnosticsList
from cdpo_tui.widgets.failure_table import FailureTable

FUTURE_WARNING_TAIL = (
    "error: sft needs a model: run build-tiny first (cdpo step t2 build-tiny)\n"
    "/x/site-packages/torch/cuda/__init__.py:61: FutureWarning: The pynvml package is"
    " deprecated.\n"
    "  import pynvml  # type: ignore[import]\n"
)
ARGPARSE_TAIL = (
    "usage: cdpo [-h] [--sessions DIR] {init,prep,step,run,replay} ...\n"
    "cdpo: error: argument command: invalid choice: 'stpe' (choose from 'init', 'prep')\n"
)


def test_a_failed_stage_is_told_by_its_own_line() -> None:
    assert failure_line(FUTURE_WARNING_TAIL).startswith("error: sft needs a model")
    assert failure_line(ARGPARSE_TAIL).startswith("cdpo: error: argument command")
    crash = "Traceback (most recent call last):\n  File 'x.py', line 1\nValueError: bad shape\n"
    assert failure_line(crash) == "ValueError: bad shape"


async def test_question_mark_opens_the_keys_and_esc_closes_them(sessions_dir: Path) -> None:
    app = make_app(sessions_dir, "fixture")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("4")
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        assert app.screen.query(HelpPanel)
        await pilot.press("escape")
        await pilot.pause()
        assert not app.screen.query(HelpPanel)
        # Esc backs out of the search box too, and Enter leaves it with the search applied.
        await pilot.press("slash", *"total", "q")
        assert isinstance(app.focused, Input) and app.focused.value == "totalq"
        assert not isinstance(app.screen, ConfirmScreen)  # q typed, not a quit
        await pilot.press("escape")
        assert isinstance(app.focused, FailureTable)
        await pilot.press("slash", "enter")
        assert isinstance(app.focused, FailureTable)


async def test_q_asks_and_ctrl_q_says_the_stage_keeps_running(
    sessions_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app(sessions_dir, "fixture")
    exits: list[bool] = []
    monkeypatch.setattr(app, "exit", lambda *a, **k: exits.append(True))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await pilot.pause()
        assert not isinstance(app.screen, ConfirmScreen) and not exits
        app.stage_command = StageCommand(sessions_dir, "fixture", ("step", "fixture", "sft"), "sft")
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        question = str(app.screen.query_one("#question", Label).render())
        assert "fixture · sft keeps running" in question
        await pilot.press("y")
        await pilot.pause()
        assert exits == [True]
        app.stage_command = None
        await pilot.press("ctrl+q")  # nothing runs: quits at once
        await pilot.pause()
        assert exits == [True, True] and not isinstance(app.screen, ConfirmScreen)


@pytest.mark.parametrize("screen", ["1", "2", "3", "4", "5"])
async def test_the_footer_keeps_the_screen_keys_at_120_columns(
    sessions_dir: Path, screen: str
) -> None:
    app = make_app(sessions_dir, "fixture")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press(screen)
        await app.workers.wait_for_complete()
        await pilot.pause()
        keys = {k.key: k for k in app.screen.query(FooterKey)}
        for number in "12345":
            assert number in keys, f"key {number} missing from the footer of screen {screen}"
            region = keys[number].region
            assert region.width > 0 and region.right <= 120


async def test_toasts_go_to_a_history_with_the_stage_own_message(sessions_dir: Path) -> None:
    app = make_app(sessions_dir, "fixture")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        app.post_message(
            StageEvent("fixture", StageFailed(stage="sft", error="CUDA out of memory at step 3"))
        )
        app.post_message(StageExited("fixture", "sft", 1, FUTURE_WARNING_TAIL))
        await pilot.pause()
        assert app.notices[-1].message == "CUDA out of memory at step 3"
        app.post_message(StageExited("fixture", "dpo", 2, FUTURE_WARNING_TAIL))
        await pilot.pause()
        assert app.notices[-1].message.startswith("error: sft needs a model")
        await pilot.press("ctrl+l")
        await pilot.pause()
        assert isinstance(app.screen, MessageHistoryScreen)
        history = app.screen.query_one(OptionList)
        assert "error: sft needs a model" in str(history.get_option_at_index(0).prompt)
        assert "CUDA out of memory" in str(history.get_option_at_index(1).prompt)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, MessageHistoryScreen)


async def test_a_finished_stage_toast_is_not_a_library_warning(sessions_dir: Path) -> None:
    """Every step of a micro plan toasted the tokenizer's stderr warning (seen in tmux)."""
    tail = (
        "Token indices sequence length is longer than the specified maximum sequence length"
        " for this model (523 > 512). Running this sequence through the model will result in"
        " indexing errors"
    )
    app = make_app(sessions_dir, "fixture")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.post_message(StageExited("fixture", "eval-base", 0, tail))
        await pilot.pause()
        assert app.notices[-1].message == "fixture · eval-base: finished"


async def test_new_session_form_focuses_the_name_and_checks_the_source(
    sessions_dir: Path, tmp_path: Path
) -> None:
    not_data = tmp_path / "notes.txt"
    not_data.write_text("hello\n")
    app = make_app(sessions_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, CreateSessionScreen)
        assert app.focused is app.screen.query_one("#name", Input)
        said = " ".join(str(label.render()) for label in app.screen.query(".help"))
        assert "CodeNet folder" in said and ".tar.gz" in said and "JSON Lines" in said
        await pilot.press(*"fresh")
        app.screen.query_one("#source", Input).value = str(not_data)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, CreateSessionScreen)  # not created
        error = str(app.screen.query_one("#source-error", Label).render())
        assert "notes.txt" in error and "expected a Project_CodeNet folder" in error
        assert not (sessions_dir / "fresh").exists()
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, CreateSessionScreen)


async def test_session_checkboxes_show_their_state_by_shape(sessions_dir: Path) -> None:
    app = make_app(sessions_dir, "fixture")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("5")
        await app.workers.wait_for_complete()
        await pilot.pause()
        choice = app.screen.query_one(CheckList)
        assert choice.render_line(0).text.startswith("▐✓▌ fixture")
        choice.deselect_all()
        await pilot.pause()
        assert choice.render_line(0).text.startswith("▐ ▌ fixture")


async def test_lists_start_with_their_first_row_highlighted(sessions_dir: Path) -> None:
    app = make_app(sessions_dir, "fixture")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("4")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.screen.query_one(FailureTable).cursor_row == 0
        assert app.screen.detail is not None and app.screen.detail.completion_id == 1
        await pilot.press("g")
        await pilot.pause()
        assert app.screen.query_one(DiagnosticsList).highlighted == 0
