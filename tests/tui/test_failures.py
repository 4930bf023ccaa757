"""Failure browser: filters narrow, sort and pages work, the detail panes show the right code."""

from __future__ import annotations

import csv
import difflib
import threading
from pathlib import Path

from textual.geometry import Region
from textual.widgets import Input, Label, OptionList, Select, TabbedContent

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
        await pilot.press("d", "v")  # the diff pane, then its unified layout: one key each
        await pilot.pause()
        assert app.screen.query_one(TabbedContent).active == "diff-pane"
        view = app.screen.query_one(DiffView)
        assert view.mode == "unified"
        lines = text_of(view.query_one("#diff").content).splitlines()
        # An evaluated completion is compared with its reference, not called "rejected".
        assert lines[:2] == ["--- reference", "+++ completion"]
        # The mask rule stands exactly above line 7 of the reference, the first masked line:
        # the context lines above it are lines 4-6, the changed line 7 comes right after it.
        rule = lines.index("──── masked from line 7 ────")
        assert lines[rule - 1] == "     cin >> a >> b;"
        assert lines[rule + 1 : rule + 3] == [
            "-    cout << a + b << endl;",
            "+    cout << total << endl;",
        ]


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
    # The unified listing is difflib's own, each line knowing the reference line it stands at.
    ours = unified_lines(chosen, rejected)
    theirs = difflib.unified_diff(chosen.split("\n"), rejected.split("\n"), lineterm="")
    assert [u.text for u in ours[2:]] == list(theirs)[2:]
    assert [(u.text, u.at) for u in ours[5:]] == [("-c", 3), ("+X", 4), (" d", 4), ("+e", 5)]


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


# -- issue 11: whole lines, paging keyed on the query, jump to the error ------------------------

LONG_TAIL = (
    "\t\tlong long total_of_every_value_read = first_value + second_value + third_value;"
    " // END-OF-LINE\n\treturn 0;\n}\n"
)


def add_program(db: Path, program_tail: str, diagnostics: tuple[dict, ...], label: str) -> int:
    """One failed completion of the first test sample, in its own run; returns its id."""
    with Store(db) as store:
        sample = store.samples("test")[0]
        run = store.start_run(f"eval-{label.lower()}", "eval", label=label, split="test")
        store.add_completions(
            run,
            [
                CompletionRecord(
                    sample.id,
                    0,
                    sample.prefix,
                    program_tail,
                    program_tail,
                    sample.prefix + program_tail,
                    20,
                    0.0,
                    "errors",
                    False,
                    ("expected-semicolon",),
                    diagnostics[0]["message"] if diagnostics else "",
                    0.0,
                    diagnostics,
                )
            ],
        )
        return int(
            store.db.execute("SELECT MAX(id) FROM completions WHERE run_id = ?", (run,)).fetchone()[
                0
            ]
        )


def drawn(widget) -> str:  # noqa: ANN001
    """What a widget draws over its whole (virtual) size, scrolled or not."""
    strips = widget.render_lines(Region(0, 0, widget.size.width, widget.size.height))
    return "\n".join(strip.text for strip in strips)


async def show_stage(app, pilot, label: str) -> None:  # noqa: ANN001
    await open_failures(app, pilot)
    app.screen.query_one("#filter-stage", Select).value = label
    await app.workers.wait_for_complete()
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


async def test_a_tab_indented_long_line_is_shown_whole(sessions_dir: Path) -> None:
    db = sessions_dir / "fixture" / "session.db"
    cid = add_program(db, LONG_TAIL, (), "Tabs")
    app = make_app(sessions_dir, "fixture")
    async with app.run_test(size=(80, 24)) as pilot:
        await show_stage(app, pilot, "Tabs")
        assert app.screen.detail is not None and app.screen.detail.completion_id == cid
        # Tabs expanded once, at 4 columns, in the Program view ...
        view = app.screen.query_one(CodeView)
        program = drawn(view.query_one("#code"))
        assert (
            "        long long total_of_every_value_read = first_value + second_value"
            " + third_value; // END-OF-LINE" in program
        )
        assert "\t" not in program
        # ... which is wider than the screen and scrolls sideways to the line's end.
        assert view.virtual_size.width > 80 and view.max_scroll_x > 0
        # The diff shows the same line whole too, side by side and unified, never with "…".
        await pilot.press("d")
        await pilot.pause()
        diff = app.screen.query_one(DiffView)
        for _ in range(2):
            text = drawn(diff.query_one("#diff"))
            assert "third_value; // END-OF-LINE" in text and "…" not in text
            assert "        long long total_of_every_value_read" in text
            await pilot.press("v")
            await pilot.pause()


async def test_quick_repeated_paging_keeps_the_row_range_right(
    sessions_dir: Path, monkeypatch
) -> None:  # noqa: ANN001
    """`]` pressed four times while the first next page is still being read."""
    db = sessions_dir / "fixture" / "session.db"
    add_completions(db, PAGE_SIZE * 2 + 50)  # 12 + 450 rows: pages of 200, 200, 62
    gate = threading.Event()
    gate.set()
    real_page = SessionQueries.page

    def slow_page(self, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
        gate.wait(timeout=30)
        return real_page(self, *args, **kwargs)

    monkeypatch.setattr(SessionQueries, "page", slow_page)
    app = make_app(sessions_dir, "fixture")
    async with app.run_test(size=(120, 40)) as pilot:
        await open_failures(app, pilot)
        all_ids = [
            r.completion_id for r in real_page(SessionQueries(db), FailureFilter(), limit=10_000)
        ]
        assert len(all_ids) == 462
        gate.clear()  # every page read now waits until the keys have all been pressed
        await pilot.press(*["right_square_bracket"] * 4)
        gate.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        info = str(app.screen.query_one("#page-info", Label).render())
        assert "rows 401–462 of 462" in info and "page 3 " in info
        assert ids(app) == all_ids[400:]
        gate.clear()
        await pilot.press("left_square_bracket", "left_square_bracket")
        gate.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "rows 1–200 of 462" in str(app.screen.query_one("#page-info", Label).render())
        assert ids(app) == all_ids[:200]


NOTE_DIAGNOSTICS = (
    {
        "kind": "warning",
        "message": "unused variable 'x'",
        "line": 5,
        "column": 9,
        "option": "-Wunused-variable",
        "children": [],
    },
    {
        "kind": "error",
        "message": "expected '}' at end of input",
        "line": 8,
        "column": 1,
        "option": None,
        "children": [
            {
                "kind": "note",
                "message": "to match this '{'",
                "line": 4,
                "column": 12,
                "option": None,
                "file": "prog.cpp",
                "children": [],
            }
        ],
    },
)


async def test_jump_to_error_skips_the_warning_and_notes_sit_under_their_error(
    sessions_dir: Path,
) -> None:
    db = sessions_dir / "fixture" / "session.db"
    add_program(db, "    cout << a + b << endl;\n    return 0;\n", NOTE_DIAGNOSTICS, "Notes")
    app = make_app(sessions_dir, "fixture")
    async with app.run_test(size=(120, 40)) as pilot:
        await show_stage(app, pilot, "Notes")
        await pilot.press("e")
        await pilot.pause()
        view = app.screen.query_one(CodeView)
        assert app.screen.query_one(TabbedContent).active == "program-pane"
        assert view.cursor == 8  # the error's line, not the warning's (5) before it
        program = drawn(view.query_one("#code")).splitlines()
        # Each severity its own shape in the gutter; the cursor points at the error.
        assert program[3].startswith(" ●4 ") and program[4].startswith(" ▲5 ")
        assert any(line.startswith("▶✖8 ") for line in program)
        listed = app.screen.query_one(DiagnosticsList)
        options = [str(listed.get_option_at_index(i).prompt) for i in range(listed.option_count)]
        assert options == [
            "▲     5:9 warning: unused variable 'x' [-Wunused-variable]",
            "✖     8:1 error: expected '}' at end of input",
            "  ●    4:12 note: to match this '{'",
        ]


# -- issue 11: search, keys, export, categories, the diff -----------------------------------


async def search_for(app, pilot, needle: str) -> None:  # noqa: ANN001
    await pilot.press("slash", *needle, "enter")
    await app.workers.wait_for_complete()
    await pilot.pause()


async def test_search_reads_the_program_and_every_diagnostic(sessions_dir: Path) -> None:
    db = sessions_dir / "fixture" / "session.db"
    tabs = add_program(db, LONG_TAIL, (), "Tabs")
    notes = add_program(db, "    cout << a + b << endl;\n", NOTE_DIAGNOSTICS, "Notes")
    app = make_app(sessions_dir, "fixture")
    async with app.run_test(size=(120, 40)) as pilot:
        await open_failures(app, pilot)
        await search_for(app, pilot, "total_of_every")  # only in the program's text
        assert ids(app) == [tabs]
        assert isinstance(app.focused, FailureTable)  # Enter left the search box
        await pilot.press("ctrl+r")
        await search_for(app, pilot, "to match this")  # only in a note under the error
        assert ids(app) == [notes]


async def test_next_and_previous_failure_keys(sessions_dir: Path) -> None:
    app = make_app(sessions_dir, "fixture")
    async with app.run_test(size=(120, 40)) as pilot:
        await open_failures(app, pilot)
        table = app.screen.query_one(FailureTable)
        # completions 1-4 failed, 5 passed, 6 failed, 7 failed, 8 passed, 9 failed
        table.move_cursor(row=3)
        await pilot.press("n")
        assert table.cursor_row == 5  # over the passed completion 5
        await pilot.press("n", "n")
        assert table.cursor_row == 8  # 7, then over 8 to 9
        await pilot.press("N", "N")
        assert table.cursor_row == 5


async def test_export_writes_every_filtered_row_as_plain_values(sessions_dir: Path) -> None:
    app = make_app(sessions_dir, "fixture")
    async with app.run_test(size=(120, 40)) as pilot:
        await open_failures(app, pilot)
        app.screen.query_one("#filter-verdict", Select).value = "failed"
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("E")
        await app.workers.wait_for_complete()
        await pilot.pause()
    with (sessions_dir / "fixture" / "exports" / "failures.csv").open() as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == 8 and {r["passed"] for r in rows} == {"0"}
    assert rows[0]["completion_id"] == "1" and rows[0]["category"] == "expected-semicolon"


async def test_category_sidebar_counts_and_drills_in(sessions_dir: Path) -> None:
    app = make_app(sessions_dir, "fixture")
    async with app.run_test(size=(120, 40)) as pilot:
        await open_failures(app, pilot)
        sidebar = app.screen.query_one("#categories", OptionList)
        shown = [str(sidebar.get_option_at_index(i).prompt) for i in range(sidebar.option_count)]
        assert shown[0] == "all failures  8" and sidebar.highlighted == 0
        assert sorted(shown[1:]) == [
            "expected-semicolon  3",
            "missing-brace  3",
            "undeclared-name  2",
        ]
        sidebar.focus()
        sidebar.highlighted = shown.index("undeclared-name  2")
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert ids(app) == [2, 11]  # the two failures of that category
        assert str(app.screen.query_one("#filter-category", Select).value) == "undeclared-name"
        assert isinstance(app.focused, FailureTable)


async def test_split_diff_opens_at_the_first_change_with_the_rule_at_line_n(
    sessions_dir: Path,
) -> None:
    app = make_app(sessions_dir, "fixture")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_failures(app, pilot)
        await pilot.press("down", "d")  # completion 2: line 7 changed, masked from line 7
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.pause()
        diff = app.screen.query_one(DiffView)
        assert diff.mode == "split" and diff.hunks == [8]  # header, lines 1-6, the rule
        assert diff.max_scroll_y > 0 and diff.scroll_y == min(6, diff.max_scroll_y)
        lines = text_of(diff.query_one("#diff").content).splitlines()
        # An evaluated completion: reference against completion, not chosen/rejected.
        assert lines[0].split() == ["reference", "completion"]
        rule = next(i for i, line in enumerate(lines) if "masked from line 7" in line)
        assert lines[rule - 1].split()[0] == "6" and lines[rule + 1].split()[0] == "7"


async def test_a_pair_is_chosen_against_rejected(sessions_dir: Path) -> None:
    app = make_app(sessions_dir, "fixture")
    async with app.run_test(size=(120, 40)) as pilot:
        await open_failures(app, pilot)
        app.screen.load_detail(7)  # a failed prefs completion: it made a preference pair
        await app.workers.wait_for_complete()
        await pilot.pause()
        header = text_of(app.screen.query_one(DiffView).query_one("#diff").content)
        assert header.splitlines()[0].split() == [
            "chosen",
            "(reference)",
            "rejected",
            "(completion)",
        ]


async def test_next_hunk_walks_the_changes(sessions_dir: Path) -> None:
    reference = "\n".join(f"line {i}" for i in range(1, 61))
    completion = reference.replace("line 5\n", "LINE five\n").replace("line 50\n", "LINE fifty\n")
    app = make_app(sessions_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        view = DiffView(id="probe")
        await app.screen.mount(view)
        view.styles.height = 10
        view.show(reference, completion, None)
        for _ in range(20):  # a busy machine lays the diff out a few refreshes later
            await pilot.pause()
            if view.scroll_y == 3:
                break
        assert view.hunks == [5, 50]  # 1 header row + 4 equal rows; 1 + 49
        assert view.scroll_y == 3, "it opens two rows above the first change"
        assert view.next_hunk() == 50 and view.scroll_y == 48
        assert view.next_hunk() == 5  # past the last change it starts again at the first


async def test_the_diff_opens_at_the_first_change_when_its_tab_is_opened_later(
    sessions_dir: Path,
) -> None:
    # As a user does it: the screen opens on the first failure in the Program tab, so its
    # diff is laid out while hidden, and `d` shows it afterwards.
    app = make_app(sessions_dir, "fixture")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_failures(app, pilot)
        await app.workers.wait_for_complete()
        await pilot.pause()
        diff = app.screen.query_one(DiffView)
        assert diff.hunks, "the first failure differs from its reference"
        await pilot.press("d")
        await pilot.pause()
        await pilot.pause()
        assert diff.max_scroll_y > 0
        assert diff.scroll_y == min(max(0, diff.hunks[0] - 2), diff.max_scroll_y)
