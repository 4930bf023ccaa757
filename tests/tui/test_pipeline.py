"""Pipeline screen: plan states, plots, live stages (replayed and real), failures, cancel."""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

import pytest
from textual.widgets import Label, Static

from cdpo_core.events import LogLine, StageFinished, StageStarted
from cdpo_core.oracle.reaper import start_ticks
from cdpo_core.session import Session, preset
from cdpo_core.settings_io import replace_path
from cdpo_core.store import Store
from cdpo_tui.app import make_app
from cdpo_tui.screens.confirm import ConfirmScreen
from cdpo_tui.screens.stage_menu import StageMenuScreen
from cdpo_tui.stage_runner import StageCommand, step_command
from cdpo_tui.widgets.metric_plot import MetricPlot
from cdpo_tui.widgets.plan_table import PlanTable
from cdpo_tui.widgets.session_table import SessionTable
from cdpo_tui.widgets.stage_log import StageLog
from cdpo_tui.widgets.stage_monitor import StageMonitor

from .conftest import T0, micro_source, recording, text_of
from .test_results import table_rows


def cell(table: PlanTable, step: str, column: str) -> str:
    return str(table.get_cell(step, column))


async def test_plan_rows_show_state_duration_and_headline(sessions_dir: Path) -> None:
    app = make_app(sessions_dir, "fixture")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        table = app.screen.query_one(PlanTable)
        assert [str(k.value) for k in table.rows][:4] == ["prep", "build-tiny", "eval-base", "sft"]
        assert cell(table, "build-tiny", "status") == "pending"
        assert cell(table, "eval-sft", "status") == "done"
        assert cell(table, "eval-sft", "result") == "33.3% (1/3)"
        assert cell(table, "dpo-sft", "status") == "failed"
        assert cell(table, "dpo-sft", "result") == "CUDA out of memory"
        assert cell(table, "eval-dpo", "status") == "pending"
        assert cell(table, "sft", "duration") == "1m45s"


async def test_selecting_a_training_row_plots_its_metrics(sessions_dir: Path) -> None:
    app = make_app(sessions_dir, "fixture")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("down", "down", "down", "p")  # prep, build-tiny, eval-base, sft
        await app.workers.wait_for_complete()
        await pilot.pause()
        plots = {p.metric: p for p in app.screen.query(MetricPlot)}
        assert set(plots) == {"train/loss", "train/learning_rate"}
        assert len(plots["train/loss"].values) == 20
        await pilot.press("down", "down", "down")  # dpo-sft
        await app.workers.wait_for_complete()
        await pilot.pause()
        plots = {p.metric: p for p in app.screen.query(MetricPlot)}
        assert set(plots) == {"train/loss", "rewards/margins", "logps/chosen", "logps/rejected"}
        assert plots["logps/chosen"].values[-1] == -30.0
        title = app.screen.query_one("#metrics-title", Label).render()
        assert str(title) == "fixture · dpo-sft: run 6"


async def test_streamed_metrics_and_logs_reach_the_screen(sessions_dir: Path) -> None:
    file = recording(sessions_dir.parent / "events.jsonl")
    app = make_app(sessions_dir, "fixture")
    seen = []
    async with app.run_test(size=(120, 40), message_hook=seen.append) as pilot:
        await pilot.pause()
        app.launch(
            StageCommand(sessions_dir, "fixture", ("replay", str(file), "--speed", "0"), "replay")
        )
        await app.workers.wait_for_complete()
        await pilot.pause()
        log = app.screen.query_one(StageLog)
        text = "\n".join(log.lines)
        assert "[dpo-sft] checkpoint saved" in text
        assert "[dpo-sft] finished final_loss=0.61" in text
        plots = {p.metric: p for p in app.screen.query(MetricPlot)}
        assert plots["rewards/margins"].values == [0.1, 0.3]
        assert str(app.screen.query_one("#metrics-title", Label).render()) == (
            "fixture · dpo-sft: live"
        )
        assert app.screen.query_one(StageMonitor).title == "fixture · dpo-sft: done"
        assert app.screen.query_one(StageLog).border_title == "log · fixture · dpo-sft"
        assert not app.stage_running
        names = {type(m).__name__ for m in seen}
        assert {"StageEvent", "StageExited"} <= names


async def test_failed_stage_shows_stderr_and_console_keeps_running(sessions_dir: Path) -> None:
    app = make_app(sessions_dir, "fixture")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        app.launch(step_command(sessions_dir, "fixture", "dpo-base"))  # its pairs are missing
        await app.workers.wait_for_complete()
        await pilot.pause()
        text = "\n".join(app.screen.query_one(StageLog).lines)
        assert "failed: exit status 1" in text
        assert "step prefs-base has not finished yet" in text
        assert any(n.severity == "error" for n in app._notifications)
        assert app.is_running and not app.stage_running
        await pilot.press("4")  # still navigable
        assert app.current_mode == "failures"


async def wait_for_line(app, pilot, text: str) -> None:  # noqa: ANN001
    """Until the log pane on screen shows a line containing `text`."""
    while not any(text in line for line in app.screen.query_one(StageLog).lines):
        await pilot.pause(0.05)


async def test_second_launch_is_refused_cancel_asks_first_and_the_eta_stops(
    sessions_dir: Path,
) -> None:
    file = recording(sessions_dir.parent / "slow.jsonl", gap=2.0)
    app = make_app(sessions_dir, "fixture")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert app.launch(StageCommand(sessions_dir, "fixture", ("replay", str(file)), "slow"))
        assert not app.launch(step_command(sessions_dir, "fixture", "sft"))
        # Cancel once it runs (a child still importing dies of SIGINT, also "cancelled").
        await wait_for_line(app, pilot, "started")
        monitor = app.screen.query_one(StageMonitor)
        assert monitor.title.startswith("fixture · dpo-sft")
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)  # asks first
        await pilot.press("n")
        await pilot.pause()
        assert app.stage_running
        await pilot.press("x")
        await pilot.pause()
        await pilot.press("y")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "slow cancelled" in "\n".join(app.screen.query_one(StageLog).lines)
        assert monitor.title == "fixture · slow: cancelled"
        # The ETA of a cancelled stage no longer counts down.
        assert not monitor.query_one("#eta").display


async def test_another_sessions_stage_is_never_shown_or_cancelled_here(
    sessions_dir: Path,
) -> None:
    Session.create(sessions_dir, "other", preset("demo"))
    file = recording(sessions_dir.parent / "slow.jsonl", gap=2.0)
    app = make_app(sessions_dir, "fixture")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert app.launch(StageCommand(sessions_dir, "fixture", ("replay", str(file)), "slow"))
        await wait_for_line(app, pilot, "started")
        assert app.open_session("other")
        await pilot.pause()
        await pilot.pause(0.2)
        screen = app.screen
        await pilot.press("x")
        await pilot.pause()
        assert not isinstance(app.screen, ConfirmScreen)
        await pilot.pause(0.3)
        assert app.stage_running  # fixture's stage was not touched
        assert any(
            "no stage of other is running; fixture · slow runs in another session" in n.message
            for n in app._notifications
        )
        assert not screen.query_one(StageLog).lines  # none of fixture's lines
        assert cell(screen.query_one(PlanTable), "dpo-sft", "status") == "pending"
        monitor = screen.query_one(StageMonitor)
        assert monitor.title == "no stage of other running (fixture · slow runs)"
        assert not monitor.has_class("-running")
        # Back in fixture, its own stage shows again and can be cancelled there.
        assert app.open_session("fixture")
        await pilot.pause(0.2)
        assert app.screen.query_one(StageMonitor).title.startswith("fixture · ")
        await pilot.press("x")
        await pilot.pause()
        await pilot.press("y")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert not app.stage_running


async def test_opening_a_session_from_the_palette_reloads_the_pipeline(
    sessions_dir: Path,
) -> None:
    Session.create(sessions_dir, "other", preset("demo"))
    app = make_app(sessions_dir, "fixture")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        table = app.screen.query_one(PlanTable)
        assert cell(table, "eval-sft", "status") == "done"
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"session: open other")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause(0.3)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.session is not None and app.session.name == "other"
        screen = app.screen
        assert str(screen.query_one("#session-info", Label).render()).startswith("other:")
        assert cell(screen.query_one(PlanTable), "eval-sft", "status") == "pending"


async def test_rerunning_a_finished_step_asks_first(sessions_dir: Path) -> None:
    app = make_app(sessions_dir, "fixture")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        table = app.screen.query_one(PlanTable)
        table.move_cursor(row=[str(k.value) for k in table.rows].index("eval-sft"))
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert "fixture · eval-sft is done (run 4)" in app.screen.question
        await pilot.press("n")
        await pilot.pause()
        assert not app.stage_running
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await pilot.pause()
        # The child may already have exited here (it refuses at once), so its command is
        # checked in the log it left, not in `stage_command`.
        await app.workers.wait_for_complete()
        await pilot.pause()
        # A real child ran: it refuses, since the fixture's SFT left no adapter.
        text = "\n".join(app.screen.query_one(StageLog).lines)
        assert "[console] $ cdpo step fixture eval-sft --force" in text
        assert "step sft has not finished yet" in text


def resume_as_running(root: Path, step: str) -> int:
    """Mark `step`'s latest run as resumed by this (live) process, as a stage's frame does."""
    with Store(root / "fixture" / "session.db") as store:
        run = store.latest_run(step)
        assert run is not None
        store.resume_run(run.id, os.getpid(), start_ticks(os.getpid()))
        return run.id


async def test_a_running_step_does_not_show_its_previous_result(sessions_dir: Path) -> None:
    resume_as_running(sessions_dir, "eval-sft")
    app = make_app(sessions_dir, "fixture")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        table = app.screen.query_one(PlanTable)
        assert cell(table, "eval-sft", "status") == "running"
        assert cell(table, "eval-sft", "result") == "running…"  # not "33.3% (1/3)"


def add_attempt(store: Store, run_id: int, step: str, start: float, end: float) -> None:
    """Events of one attempt of `run_id`, with fixed times."""
    for ts, event in (
        (start, StageStarted(stage=step, run_id=run_id)),
        (start + 1, LogLine(stage=step, message=f"attempt at {start:.0f}")),
        (end, StageFinished(stage=step, run_id=run_id)),
    ):
        store.add_event(run_id, event.type, event.to_json())
        store.db.execute("UPDATE events SET ts = ? WHERE id = last_insert_rowid()", (ts,))
    store.db.commit()


async def test_duration_sums_the_attempts_of_a_resumed_run(sessions_dir: Path) -> None:
    with Store(sessions_dir / "fixture" / "session.db") as store:
        sft = store.latest_run("sft")
        assert sft is not None
        add_attempt(store, sft.id, "sft", T0, T0 + 10)
        add_attempt(store, sft.id, "sft", T0 + 3600, T0 + 3630)  # resumed an hour later
        store.db.execute(
            "UPDATE runs SET started = ?, ended = ? WHERE id = ?", (T0, T0 + 3630, sft.id)
        )
        store.db.commit()
    app = make_app(sessions_dir, "fixture")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert cell(app.screen.query_one(PlanTable), "sft", "duration") == "40s"  # not 1h00m


@pytest.mark.slow
async def test_prep_from_the_menu_on_a_micro_session(tmp_path: Path, monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.chdir(tmp_path)
    root = tmp_path / "sessions"
    root.mkdir()
    config = preset("demo")
    source = micro_source(tmp_path)
    if source is not None:  # real CodeNet programs when ../shared is there, else the corpus
        config = dataclasses.replace(
            config, data=dataclasses.replace(config.data, source=str(source))
        )
    for key, value in (
        ("selection.train_per_problem", "2"),
        ("selection.test_per_problem", "1"),
        ("selection.require_full", "false"),
        ("selection.max_problems", "3"),
    ):
        config = replace_path(config, key, value)
    Session.create(root, "micro", config)
    app = make_app(root, "micro")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        table = app.screen.query_one(PlanTable)
        assert cell(table, "prep", "status") == "pending"
        await pilot.press("m")
        await pilot.pause()
        assert isinstance(app.screen, StageMenuScreen)
        await pilot.press("enter")  # first entry: Run selection (prep)
        await pilot.pause()
        assert app.stage_running
        await app.workers.wait_for_complete()
        await pilot.pause()
        await app.workers.wait_for_complete()
        table = app.screen.query_one(PlanTable)
        assert cell(table, "prep", "status") == "done", "\n".join(
            app.screen.query_one(StageLog).lines
        )
        headline = cell(table, "prep", "result")
        assert headline.startswith("train ")
        train = int(headline.split()[1].rstrip(","))
        assert train > 0
        # The sessions table and the dataset counts read the same store.
        await pilot.press("1")
        await pilot.pause()
        samples = str(app.screen.query_one(SessionTable).get_row("micro")[3])
        assert samples.startswith(f"train {train} ")
        await pilot.press("2")
        await app.workers.wait_for_complete()
        await pilot.pause()
        counts = text_of(app.screen.query_one("#counts", Static).content)
        assert f"kept for training {train:,} " in " ".join(counts.split())


@pytest.mark.slow
async def test_eval_from_the_menu_updates_its_row_and_the_results_table(
    tmp_path: Path,
    tiny_model_dir: Path,
    monkeypatch,  # noqa: ANN001
) -> None:
    from textual.widgets import OptionList

    from cdpo_core.events import discard
    from cdpo_core.stages.prep import run_prep

    monkeypatch.chdir(tmp_path)
    root = tmp_path / "sessions"
    root.mkdir()
    config = preset("demo")
    for key, value in (
        ("model.name_or_path", str(tiny_model_dir)),
        ("selection.max_problems", "2"),
        ("selection.train_per_problem", "1"),
        ("selection.test_per_problem", "1"),
        ("selection.max_chars", "1000"),
        ("generation.max_new_tokens", "16"),
    ):
        config = replace_path(config, key, value)
    run_prep(Session.create(root, "micro", config), emit=discard)
    app = make_app(root, "micro")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("5")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert table_rows(app, "#table1") == []
        await pilot.press("3")
        await pilot.pause()
        assert cell(app.screen.query_one(PlanTable), "eval-base", "status") == "pending"
        await pilot.press("m")
        await pilot.pause()
        menu = app.screen.query_one(OptionList)
        menu.highlighted = menu.get_option_index("step:eval-base")
        await pilot.press("enter")
        await pilot.pause()
        assert app.stage_running
        await app.workers.wait_for_complete()
        await pilot.pause()
        await app.workers.wait_for_complete()
        table = app.screen.query_one(PlanTable)
        log = "\n".join(app.screen.query_one(StageLog).lines)
        assert cell(table, "eval-base", "status") == "done", log
        headline = cell(table, "eval-base", "result")
        assert headline.endswith("/2)"), headline
        await pilot.press("5")
        await app.workers.wait_for_complete()
        await pilot.pause()
        rows = table_rows(app, "#table1")
        assert len(rows) == 1 and rows[0][2].startswith(headline), (rows, headline)


@pytest.mark.slow
async def test_a_session_created_in_the_console_runs_its_whole_plan_from_the_menu(
    tmp_path: Path,
    monkeypatch,  # noqa: ANN001
) -> None:
    """Create (the form), open (the list), run the plan (the menu): every row ends done,
    build-tiny included, with no CLI in between. The micro settings only make it fast."""
    from textual.widgets import Input, OptionList

    from tests.core.micro_session import MICRO, TINY_MICRO

    monkeypatch.chdir(tmp_path)
    root = tmp_path / "sessions"
    root.mkdir()
    app = make_app(root)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        app.screen.query_one("#name", Input).value = "fresh"
        await pilot.press("ctrl+s")
        await pilot.pause()
        session = Session.open(root, "fresh")
        assert session.config.model.name_or_path == "cdpo-tiny"
        for assignment in MICRO + TINY_MICRO:
            key, _, value = assignment.partition("=")
            session.config = replace_path(session.config, key, value)
        session.save_config()
        await pilot.press("enter")  # the new row is selected: open it
        await pilot.pause()
        assert app.current_mode == "pipeline" and app.session is not None
        table = app.screen.query_one(PlanTable)
        assert table.steps[:2] == ["prep", "build-tiny"]
        await pilot.press("m")
        await pilot.pause()
        menu = app.screen.query_one(OptionList)
        menu.highlighted = menu.get_option_index("plan")
        await pilot.press("enter")
        await pilot.pause()
        assert app.stage_running
        await app.workers.wait_for_complete()
        await pilot.pause()
        await app.workers.wait_for_complete()
        table = app.screen.query_one(PlanTable)
        log = "\n".join(app.screen.query_one(StageLog).lines)
        statuses = {step: cell(table, step, "status") for step in table.steps}
        assert set(statuses.values()) == {"done"}, (statuses, log[-3000:])
        assert cell(table, "eval-dpo", "result").endswith("/2)")
