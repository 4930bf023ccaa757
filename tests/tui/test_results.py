"""Results screen: Table 1/2, categories and pair distances, across sessions; export."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from textual.widgets import SelectionList

from cdpo_core.results import StageResult, table1, table2
from cdpo_core.session import Session
from cdpo_tui.app import make_app
from cdpo_tui.widgets.histogram import Histogram
from cdpo_tui.widgets.results_table import ResultsTable

from .conftest import text_of


async def open_results(pilot) -> None:  # noqa: ANN001
    """Screen 5, once its tables are read."""
    await pilot.press("5")
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def table_rows(app, selector: str) -> list[list[str]]:  # noqa: ANN001
    table = app.screen.query_one(selector, ResultsTable)
    return [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]


async def test_tables_for_the_open_session(sessions_dir: Path) -> None:
    app = make_app(sessions_dir, "fixture")
    async with app.run_test(size=(120, 40)) as pilot:
        await open_results(pilot)
        assert table_rows(app, "#table1") == [
            ["fixture", "cdpo-tiny", "0.0% (0/3)", "33.3% (1/3) *", "—", "—"]
        ]
        assert table_rows(app, "#table2")[0][2:] == ["+SFT", "—", "+0.0%"]
        assert table_rows(app, "#categories")[0] == ["fixture", "Base", "1", "1", "1"]
        hist = text_of(app.screen.query_one(Histogram).content)
        assert "prefs-sft: 3 pairs, mean 18.0" in hist


async def test_t_turns_table1_to_a_row_per_stage_and_back(sessions_dir: Path) -> None:
    app = make_app(sessions_dir, "fixture")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_results(pilot)
        wide = table_rows(app, "#table1")
        await pilot.press("t")
        await pilot.pause()
        assert table_rows(app, "#table1") == [
            ["fixture", "cdpo-tiny", "Base", "0.0% (0/3)"],
            ["fixture", "cdpo-tiny", "+SFT", "33.3% (1/3) *"],
        ]
        await pilot.press("t")
        await pilot.pause()
        assert table_rows(app, "#table1") == wide


async def test_choosing_two_sessions_compares_them(sessions_dir: Path) -> None:
    Session.open(sessions_dir, "fixture").copy_to("other")
    app = make_app(sessions_dir, "fixture")
    async with app.run_test(size=(120, 40)) as pilot:
        await open_results(pilot)
        assert len(table_rows(app, "#table1")) == 1
        # Click "other": the list's second line inside its border.
        await pilot.click(SelectionList, offset=(4, 2))
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert [r[0] for r in table_rows(app, "#table1")] == ["fixture", "other"]


async def test_export_writes_markdown_and_csv(sessions_dir: Path) -> None:
    app = make_app(sessions_dir, "fixture")
    async with app.run_test(size=(120, 40)) as pilot:
        await open_results(pilot)
        await pilot.press("e")
        await pilot.pause()
    folder = sessions_dir / "fixture" / "exports"
    md = (folder / "results.md").read_text()
    assert "| fixture | cdpo-tiny | 0.0% (0/3) | 33.3% (1/3) * | — | — |" in md
    # The CSVs hold numbers, not display text like "33.3% (1/3) *".
    table1 = list(csv.DictReader(io.StringIO((folder / "table-1.csv").read_text())))
    assert [(r["stage"], r["rate"], r["passed"], r["total"], r["best"]) for r in table1] == [
        ("Base", "0.0", "0", "3", ""),
        ("+SFT", "0.333333", "1", "3", "best"),
    ]
    assert all(float(r["rate"]) == int(r["passed"]) / int(r["denominator"]) for r in [table1[0]])
    assert {r["skipped"] for r in table1} == {"0"}
    table2 = list(csv.DictReader(io.StringIO((folder / "table-2.csv").read_text())))
    assert table2 == [
        {
            "session": "fixture",
            "model": "cdpo-tiny",
            "best_stage": "+SFT",
            "tie": "0",
            "rate": "0.333333",
            "gain_over_base": "",
            "gain_over_sft": "0.0",
        }
    ]
    assert sorted(p.name for p in folder.glob("*.csv")) == [
        "failure-categories-per-stage.csv",
        "preference-pairs.csv",
        "table-1.csv",
        "table-2.csv",
    ]


def _stage(label: str, passed: int, total: int) -> StageResult:
    return StageResult(
        "s", "m", label, {"Base": 1, "+SFT": 2, "+DPO": 3}[label], "test", passed, total
    )


def test_ties_for_the_best_stage_are_marked_as_ties() -> None:
    from cdpo_core.results import table1_by_stage, table1_numbers

    stages = (_stage("Base", 1, 4), _stage("+SFT", 2, 4), _stage("+DPO", 1, 2))  # 0.5 = 0.5
    assert table1(stages).rows[0][2:] == (
        "25.0% (1/4)",
        "50.0% (2/4) * (tie)",
        "50.0% (1/2) * (tie)",
        "—",
    )
    assert table2(stages).rows[0][2] == "+SFT = +DPO"
    assert [r[-1] for r in table1_numbers(stages).rows] == ["", "tie", "tie"]
    assert [r[2:] for r in table1_by_stage(stages).rows] == [  # evaluated stages only
        ("Base", "25.0% (1/4)"),
        ("+SFT", "50.0% (2/4) * (tie)"),
        ("+DPO", "50.0% (1/2) * (tie)"),
    ]
    unique = (_stage("Base", 1, 4), _stage("+SFT", 3, 4))
    assert [r[-1] for r in table1_numbers(unique).rows] == ["", "best"]
    assert table1(unique).rows[0][3] == "75.0% (3/4) *"


async def test_curves_overlay_runs_across_sessions_with_integer_steps(sessions_dir: Path) -> None:
    from cdpo_tui.widgets.metric_plot import MetricPlot
    from cdpo_tui.widgets.run_curves import RunCurves

    Session.open(sessions_dir, "fixture").copy_to("other")
    app = make_app(sessions_dir, "fixture")
    async with app.run_test(size=(120, 40)) as pilot:
        await open_results(pilot)
        await pilot.click(SelectionList, offset=(4, 2))  # choose "other" too
        await app.workers.wait_for_complete()
        await pilot.pause()
        plots = {p.metric: p for p in app.screen.query_one(RunCurves).query(MetricPlot)}
        assert set(plots) == {"train/loss", "rewards/margins", "logps/chosen", "logps/rejected"}
        loss = plots["train/loss"]
        assert [s.label for s in loss.series] == [
            "fixture · sft #3",
            "fixture · dpo-sft #6",
            "other · sft #3",
            "other · dpo-sft #6",
        ]
        assert [s.label for s in plots["logps/chosen"].series] == [
            "fixture · dpo-sft #6",
            "other · dpo-sft #6",
        ]
        assert loss.series[0].steps == tuple(range(1, 21))
        assert loss.ticks == [1, 5, 9, 13, 17, 20]  # integer steps only
        assert plots["logps/rejected"].series == []  # the fixture did not record it


def test_cli_prints_table1_by_stage_when_the_paper_shape_does_not_fit(
    sessions_dir: Path, monkeypatch
) -> None:  # noqa: ANN001
    from rich.console import Console

    from cdpo_core import cli

    def printed(width: int) -> str:
        out = io.StringIO()
        monkeypatch.setattr(cli, "console", Console(file=out, width=width))
        assert cli.main(["--sessions", str(sessions_dir), "results", "fixture"]) == 0
        return out.getvalue()

    wide, narrow = printed(200), printed(60)
    assert "┃ +SFT " in wide and "┃ stage " not in wide.split("Table 2")[0]  # a column per stage
    table1 = narrow.split("Table 2")[0]
    assert "┃ stage " in table1 and "│ +SFT " in table1  # a row per stage


def test_categories_by_stage_rank_the_counts_and_leave_out_zeros() -> None:
    import dataclasses

    from cdpo_core.results import categories_by_stage, categories_table

    base = dataclasses.replace(
        _stage("Base", 1, 4),
        categories={"undeclared_name": 1, "missing_brace_eof": 2, "format": 0},
        executions={"accepted": 1, "wrong_answer": 0},
    )
    sft = dataclasses.replace(_stage("+SFT", 2, 4), categories={"other_error": 2})
    wide, narrow = categories_table((base, sft)), categories_by_stage((base, sft))
    assert len(wide.columns) == 2 + 4 + 1  # a column per category, and wrong_answer's
    assert narrow.columns == ("session", "stage", "compile failures", "on the tests")
    assert narrow.rows == (
        ("s", "Base", "missing_brace_eof=2, undeclared_name=1", "—"),  # accepted: no failure
        ("s", "+SFT", "other_error=2", "—"),
    )
