"""Failure browser: filters narrow, sort and pages work, the detail panes show the right code."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, Select, TabbedContent

from cdpo_core.store import CompletionRecord, Store
from cdpo_tui.app import make_app
from cdpo_tui.queries import PAGE_SIZE, FailureFilter, SessionQueries
from cdpo_tui.widgets.code_view import CodeView
from cdpo_tui.widgets.diagnostics_list import DiagnosticsList
from cdpo_tui.widgets.diff_view import DiffView, diff_rows, unified_lines
from cdpo_tui.widgets.failure_table import FailureTable

from .conftest import text_of


def ids(app) -> list[int]:  # noqa: ANN001
    return [int(str(k.value)) for k in app.screen.query_one(FailureTable).rows]


async def open_failures(app, pilot) -> None:  # noqa: ANN001
    await pilot.pause()
    await pilot.press("4")
    await app.workers.wait_for_complete()
    await pilot.pause()


async def test_filters_narrow_the_rows(sessions_dir: Path) -> None:
    app = make_app(sessions_dir, "fixture")
    async with app.run_test(size=(120, 40)) as pilot:
        await open_failures(app, pilot)
        assert len(ids(app)) == 12
        app.screen.query_one("#filter-verdict", Select).value = "failed"
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert len(ids(app)) == 8
        app.screen.query_one("#filter-category", Select).value = "missing-brace"
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert ids(app) == [3, 6, 9]
        app.screen.query_one("#filter-stage", Select).value = "Base"
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert ids(app) == [3]
        await pilot.press("ctrl+r")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert len(ids(app)) == 12


async def test_typed_search_and_problem_filter(sessions_dir: Path) -> None:
    app = make_app(sessions_dir, "fixture")
    async with app.run_test(size=(120, 40)) as pilot:
        await open_failures(app, pilot)
        await pilot.press("slash")
        assert app.focused is app.screen.query_one("#filter-search", Input)
        await pilot.press(*"total")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert ids(app) == [2, 11]
        await pilot.click("#filter-problem")
        await pilot.press(*"p00003")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert ids(app) == [11]


async def test_header_click_sorts_and_clicking_again_reverses(sessions_dir: Path) -> None:
    app = make_app(sessions_dir, "fixture")
    async with app.run_test(size=(120, 40)) as pilot:
        await open_failures(app, pilot)
        table = app.screen.query_one(FailureTable)
        table.post_message(FailureTable.SortRequested(table, "category"))
        await app.workers.wait_for_complete()
        await pilot.pause()
        categories = [str(table.get_row_at(i)[5]) for i in range(table.row_count)]
        assert categories == sorted(categories)
        assert categories[-1] == "undeclared-name"
        table.post_message(FailureTable.SortRequested(table, "category"))
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert str(table.get_row_at(0)[5]) == "undeclared-name"


async def test_detail_shows_program_diagnostics_and_diff(sessions_dir: Path) -> None:
    app = make_app(sessions_dir, "fixture")
    async with app.run_test(size=(120, 40)) as pilot:
        await open_failures(app, pilot)
        await pilot.press("down")  # completion 2: 'total' undeclared, line 7
        await app.workers.wait_for_complete()
        await pilot.pause()
        detail = app.screen.detail
        assert detail is not None and detail.completion_id == 2
        assert detail.error_lines == {7}
        code = text_of(app.screen.query_one(CodeView).query_one("#code").content)
        assert "masked from line" in code and "cout << total << endl;" in code
        diagnostics = app.screen.query_one(DiagnosticsList)
        assert "'total' was not declared" in str(diagnostics.get_option_at_index(0).prompt)
        # Choosing a diagnostic jumps to the program at its line.
        app.screen.query_one(TabbedContent).active = "diagnostics-pane"
        await pilot.pause()
        diagnostics.focus()
        diagnostics.highlighted = 0
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.query_one(TabbedContent).active == "program-pane"
        await pilot.press("v")  # the diff pane, unified
        await pilot.pause()
        view = app.screen.query_one(DiffView)
        assert view.mode == "unified"
        text = text_of(view.query_one("#diff").content)
        # The mask rule heads the listing at the first masked line (line 7 of the original),
        # and the changed line shows the original's line replaced by the completion's.
        assert text.splitlines()[0] == "──── masked from line 7 ────"
        assert "-    cout << a + b << endl;\n+    cout << total << endl;\n" in text


def test_diff_rows_pair_lines_side_by_side() -> None:
    chosen = "a\nb\nc\nd"
    rejected = "a\nb\nX\nd\ne"
    rows = diff_rows(chosen, rejected)
    assert [(r.tag, r.left, r.right) for r in rows] == [
        ("equal", "a", "a"),
        ("equal", "b", "b"),
        ("replace", "c", "X"),
        ("equal", "d", "d"),
        ("insert", None, "e"),
    ]
    assert rows[-1].right_no == 5 and rows[-1].left_no is None
    assert "-c" in unified_lines(chosen, rejected) and "+X" in unified_lines(chosen, rejected)


def add_completions(db: Path, n: int) -> None:
    with Store(db) as store:
        sample = store.samples("test")[0]
        run = store.start_run("eval-big", "eval", label="Big", split="test")
        store.add_completions(
            run,
            [
                CompletionRecord(
                    sample.id,
                    seq,
                    "p",
                    "o",
                    "c",
                    "prog",
                    1,
                    0.0,
                    "errors" if seq % 2 else "clean",
                    not seq % 2,
                    ("undeclared-name",) if seq % 2 else (),
                    "e" if seq % 2 else "",
                    0.0,
                )
                for seq in range(n)
            ],
        )


async def test_keyset_pages_cover_every_row_once(sessions_dir: Path) -> None:
    db = sessions_dir / "fixture" / "session.db"
    add_completions(db, PAGE_SIZE * 2 + 50)
    queries = SessionQueries(db)
    filt = FailureFilter(stage="Big", verdict="failed")
    assert queries.count(filt) == PAGE_SIZE + 25
    app = make_app(sessions_dir, "fixture")
    async with app.run_test(size=(120, 40)) as pilot:
        await open_failures(app, pilot)
        seen: list[int] = []
        for _ in range(3):
            seen += ids(app)
            await pilot.press("right_square_bracket")
            await app.workers.wait_for_complete()
            await pilot.pause()
        assert len(seen) == len(set(seen)) == 12 + PAGE_SIZE * 2 + 50
        assert ids(app) == seen[-62:]  # past the last page it stays on the last page
        await pilot.press("left_square_bracket")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert ids(app)[0] == seen[PAGE_SIZE]
    # Sorted descending on a column with ties, keyset paging still visits each row once.
    after = None
    got: list[int] = []
    while page := queries.page(filt, sort="verdict", descending=True, after=after, limit=60):
        got += [r.completion_id for r in page]
        after = page[-1].key
    assert len(got) == len(set(got)) == PAGE_SIZE + 25
