"""Results screen: Table 1/2, categories and pair distances, across sessions; export."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import SelectionList

from cdpo_core.session import Session
from cdpo_tui.app import make_app
from cdpo_tui.widgets.histogram import Histogram
from cdpo_tui.widgets.results_table import ResultsTable

from .conftest import text_of


def table_rows(app, selector: str) -> list[list[str]]:  # noqa: ANN001
    table = app.screen.query_one(selector, ResultsTable)
    return [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]


async def test_tables_for_the_open_session(sessions_dir: Path) -> None:
    app = make_app(sessions_dir, "fixture")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("5")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert table_rows(app, "#table1") == [
            ["fixture", "cdpo-tiny", "0.0% (0/3)", "33.3% (1/3) *", "—", "—"]
        ]
        assert table_rows(app, "#table2")[0][2:] == ["+SFT", "—", "+0.0%"]
        assert table_rows(app, "#categories")[0] == ["fixture", "Base", "1", "1", "1"]
        hist = text_of(app.screen.query_one(Histogram).content)
        assert "prefs-sft: 3 pairs, mean 18.0" in hist


async def test_choosing_two_sessions_compares_them(sessions_dir: Path) -> None:
    Session.open(sessions_dir, "fixture").copy_to("other")
    app = make_app(sessions_dir, "fixture")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("5")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert len(table_rows(app, "#table1")) == 1
        # Click "other": the list's second line inside its border.
        await pilot.click(SelectionList, offset=(4, 2))
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert [r[0] for r in table_rows(app, "#table1")] == ["fixture", "other"]


async def test_export_writes_markdown_and_csv(sessions_dir: Path) -> None:
    app = make_app(sessions_dir, "fixture")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("5")
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
    folder = sessions_dir / "fixture" / "exports"
    md = (folder / "results.md").read_text()
    assert "| fixture | cdpo-tiny | 0.0% (0/3) | 33.3% (1/3) * | — | — |" in md
    csv = (folder / "table-1.csv").read_text().splitlines()
    assert csv[0] == "session,model,Base,+SFT,+DPO,+SFT+DPO"
    assert sorted(p.name for p in folder.glob("*.csv")) == [
        "failure-categories-per-stage.csv",
        "preference-pairs.csv",
        "table-1.csv",
        "table-2.csv",
    ]
