"""Pipeline screen: plan states, plots, live stages (replayed and real), failures, cancel."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from textual.widgets import Static

from cdpo_core.session import Session, preset
from cdpo_core.settings_io import replace_path
from cdpo_tui.app import make_app
from cdpo_tui.screens.stage_menu import StageMenuScreen
from cdpo_tui.stage_runner import StageCommand, step_command
from cdpo_tui.widgets.metric_plot import MetricPlot
from cdpo_tui.widgets.plan_table import PlanTable
from cdpo_tui.widgets.session_table import SessionTable
from cdpo_tui.widgets.stage_log import StageLog

from .conftest import micro_source, recording, text_of
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
        assert set(plots) == {"train/loss", "rewards/margins", "rewards/accuracies", "logps/chosen"}
        assert plots["logps/chosen"].values[-1] == -30.0


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


async def test_second_launch_is_refused_while_one_runs(sessions_dir: Path) -> None:
    file = recording(sessions_dir.parent / "slow.jsonl", gap=2.0)
    app = make_app(sessions_dir, "fixture")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert app.launch(StageCommand(sessions_dir, "fixture", ("replay", str(file)), "slow"))
        assert not app.launch(step_command(sessions_dir, "fixture", "sft"))
        # Cancel once it runs (a child still importing dies of SIGINT, also "cancelled").
        while not any("started" in line for line in app.stage_lines):
            await pilot.pause(0.05)
        await pilot.press("x")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "slow cancelled" in "\n".join(app.screen.query_one(StageLog).lines)


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
        assert f"train {train}" in " ".join(counts.split())


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
