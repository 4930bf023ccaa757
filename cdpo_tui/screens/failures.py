"""Failures: every completion of the session, filtered, sorted, searched and paged from SQLite.

Only one page of rows ever exists as widgets; `[` and `]` page with keyset queries, so the
hundred-thousandth completion is as quick to reach as the first. The page state is a `Pager`
made for one query, so quick repeated presses never read a page from stale rows. Selecting a
row shows the program (each diagnostic's line marked by severity, the masked boundary drawn),
the diagnostics with gcc's notes under their message (choose one to jump to its line) and the
reference against the completion as a side-by-side or unified diff, and its run on the
problem's tests (each test's verdict; the first failing test's input, expected and actual
output with the differing lines marked). One key does one thing: `p`, `g`, `d` and `t`
choose the pane, `v` switches the diff's layout, `h` walks its hunks.
"""

from __future__ import annotations

import asyncio
import csv
from pathlib import Path
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import (
    Footer,
    Header,
    Input,
    Label,
    OptionList,
    Select,
    TabbedContent,
    TabPane,
)
from textual.widgets.option_list import Option

from cdpo_core.oracle.diagnostics import Diagnostic
from cdpo_tui.pager import PageQuery, Pager
from cdpo_tui.queries import (
    EXPORT_HEADER,
    CompletionDetail,
    Facets,
    FailureFilter,
    FailureRow,
    SessionQueries,
)
from cdpo_tui.screens.base import SessionScreen
from cdpo_tui.severity import first_error_line, line_marks
from cdpo_tui.widgets.code_view import CodeView
from cdpo_tui.widgets.diagnostics_list import DiagnosticsList
from cdpo_tui.widgets.diff_view import PAIR_LABELS, DiffLabels, DiffView
from cdpo_tui.widgets.failure_table import FailureTable
from cdpo_tui.widgets.test_view import TestView

SORTABLE = ("id", "run", "problem", "sample", "verdict", "category", "error")


class FailuresScreen(SessionScreen):
    """The failure browser."""

    AUTO_FOCUS = "#failures"

    BINDINGS = [
        Binding("slash", "search", "Search", id="failures.search"),
        Binding("right_square_bracket", "next_page", "Next page", id="failures.next"),
        Binding("left_square_bracket", "previous_page", "Prev page", id="failures.prev"),
        Binding("n", "next_failure", "Next failure", id="failures.next_failure"),
        Binding("N", "previous_failure", "Prev failure", id="failures.prev_failure", show=False),
        Binding("e", "first_error", "Jump to error", id="failures.jump"),
        Binding("p", "pane('program-pane')", "Program", id="failures.program", show=False),
        Binding("g", "pane('diagnostics-pane')", "Diagnostics", id="failures.diags", show=False),
        Binding("d", "pane('diff-pane')", "Diff", id="failures.diff"),
        Binding("t", "pane('tests-pane')", "Tests", id="failures.tests"),
        Binding("v", "toggle_diff", "Split/unified", id="failures.diff_mode", show=False),
        Binding("h", "next_hunk", "Next hunk", id="failures.next_hunk", show=False),
        Binding("c", "toggle_categories", "Categories", id="failures.categories", show=False),
        Binding("E", "export", "Export CSV", id="failures.export", show=False),
        Binding("s", "cycle_sort", "Sort", id="failures.sort", show=False),
        Binding("S", "flip_sort", "Reverse", id="failures.reverse", show=False),
        Binding("ctrl+r", "clear_filters", "Clear filters", id="failures.clear", show=False),
        Binding("escape", "leave_box", "Back", id="failures.back", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.queries: SessionQueries | None = None
        self.sort = "id"
        self.descending = False
        self.pager: Pager | None = None
        self.page_index = 0
        """The page (0-based) whose rows are on screen."""
        self.rows: list[FailureRow] = []
        self.total = 0
        self.detail: CompletionDetail | None = None
        self.diagnostics: tuple[Diagnostic, ...] = ()

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="filters"):
            yield Select[int]([], prompt="run", id="filter-run", compact=True)
            yield Select[str]([], prompt="stage", id="filter-stage", compact=True)
            yield Select[str]([], prompt="verdict", id="filter-verdict", compact=True)
            yield Select[str]([], prompt="category", id="filter-category", compact=True)
            yield Input(placeholder="problem", id="filter-problem", compact=True)
            yield Input(placeholder="search (/)", id="filter-search", compact=True)
        yield Label("", id="page-info")
        with Vertical(id="browser"):
            with Horizontal(id="table-row"):
                yield OptionList(id="categories")
                yield FailureTable(id="failures")
            with TabbedContent(id="detail"):
                with TabPane("Program", id="program-pane"):
                    yield Label("", id="detail-title")
                    yield CodeView(id="program")
                with TabPane("Diagnostics", id="diagnostics-pane"):
                    yield DiagnosticsList(id="diagnostics")
                with TabPane("Diff", id="diff-pane"):
                    yield DiffView(id="diff")
                with TabPane("Tests", id="tests-pane"):
                    yield TestView(id="tests")
        yield Footer()

    def on_mount(self) -> None:
        super().on_mount()
        # The category sidebar would leave an 80-column table too narrow; `c` shows it.
        self.query_one("#categories").display = self.app.size.width >= 100

    # -- loading -------------------------------------------------------------------------------

    async def reload(self) -> None:
        session = self.cdpo.session
        if session is None:
            self.queries = None
            self.query_one("#page-info", Label).update("no session open: choose one (1)")
            self.query_one(FailureTable).clear()
            self.query_one("#categories", OptionList).clear_options()
            return
        self.sub_title = session.name
        self.queries = SessionQueries(session.db_path)
        facets = await asyncio.to_thread(self.queries.facets)
        self._set_facets(facets)
        self.refilter()

    def _set_facets(self, facets: Facets) -> None:
        with self.app.batch_update():
            self.query_one("#filter-run", Select).set_options(
                [(label, run_id) for run_id, label in facets.runs]
            )
            self.query_one("#filter-stage", Select).set_options([(s, s) for s in facets.stages])
            verdicts = [("failed", "failed"), ("passed", "passed")]
            verdicts += [(f"level {v}", v) for v in facets.verdicts]
            self.query_one("#filter-verdict", Select).set_options(verdicts)
            self.query_one("#filter-category", Select).set_options(
                [(c, c) for c in facets.categories]
            )

    def current_filter(self) -> FailureFilter:
        def chosen(selector: str) -> Any:
            select = self.query_one(selector, Select)
            return None if select.is_blank() else select.value

        return FailureFilter(
            run_id=chosen("#filter-run"),
            stage=chosen("#filter-stage"),
            verdict=chosen("#filter-verdict"),
            category=chosen("#filter-category"),
            problem=self.query_one("#filter-problem", Input).value.strip() or None,
            search=self.query_one("#filter-search", Input).value,
        )

    def refilter(self) -> None:
        """Back to the first page of whatever the filters and the order now select."""
        self.pager = Pager(PageQuery(self.current_filter(), self.sort, self.descending))
        self.load_page()
        self.load_categories()

    @work(exclusive=True, group="failures-page")
    async def load_page(self) -> None:
        """Read pages of the current query until the one asked for is reached, then show it.

        Pressing `]` again while a page is being read restarts this worker, which resumes
        from the page starts the pager has learnt: nothing is read twice, nothing skipped.
        """
        pager, queries = self.pager, self.queries
        if queries is None or pager is None:
            return
        query = pager.query
        if pager.total is None:
            pager.total = await asyncio.to_thread(queries.count, query.filt)
        while True:
            index = pager.next_index()
            rows = await asyncio.to_thread(
                queries.page,
                query.filt,
                sort=query.sort,
                descending=query.descending,
                after=pager.after(index),
                limit=pager.size,
            )
            if pager.learn(index, rows):
                break
        if pager is not self.pager:
            return
        self.page_index, self.rows, self.total = index, rows, pager.total
        self.query_one(FailureTable).show(rows)
        self._show_page_info()
        if not rows:
            self.detail = None
            self.query_one("#detail-title", Label).update("no completion matches the filters")

    def _show_page_info(self) -> None:
        first = self.page_index * (self.pager.size if self.pager else 0)
        shown = f"{first + 1}–{first + len(self.rows)}" if self.rows else "0"
        arrow = "↓" if self.descending else "↑"
        self.query_one("#page-info", Label).update(
            Text(
                f"rows {shown} of {self.total:,}  ·  sorted by {self.sort} {arrow}  ·  "
                f"page {self.page_index + 1} ([ and ])  ·  ? for every key"
            )
        )

    @work(exclusive=True, group="failures-categories")
    async def load_categories(self) -> None:
        """The sidebar: failures per category under the other filters, with counts."""
        session = self.cdpo.session
        if session is None:
            return
        queries = SessionQueries(session.db_path)
        counts = await asyncio.to_thread(queries.category_counts, self.current_filter())
        sidebar = self.query_one("#categories", OptionList)
        chosen = self.current_filter().category
        with self.app.batch_update():
            sidebar.clear_options()
            sidebar.add_options(
                [Option(Text(f"all failures  {sum(n for _, n in counts):,}"), id="cat:")]
                + [Option(Text(f"{c}  {n:,}"), id=f"cat:{c}") for c, n in counts]
            )
            ids = [None, *(c for c, _ in counts)]
            sidebar.highlighted = ids.index(chosen) if chosen in ids else 0

    @on(OptionList.OptionSelected, "#categories")
    def _drill_into(self, event: OptionList.OptionSelected) -> None:
        """Choosing a category narrows the table to it (and to failures); `all` widens again."""
        event.stop()
        category = str(event.option.id).removeprefix("cat:")
        select = self.query_one("#filter-category", Select)
        if category:
            self.query_one("#filter-verdict", Select).value = "failed"
            select.value = category
        else:
            select.clear()
        self.query_one(FailureTable).focus()

    # -- filters, sort, pages ------------------------------------------------------------------

    @on(Select.Changed)
    def _filter_changed(self) -> None:
        if self.queries is not None:
            self.refilter()

    @on(Input.Changed)
    def _text_changed(self) -> None:
        if self.queries is not None:
            self.refilter()

    @on(Input.Submitted)
    def _text_submitted(self) -> None:
        """Enter leaves a filter box for the table, the filter already applied."""
        self.query_one(FailureTable).focus()

    def action_search(self) -> None:
        self.query_one("#filter-search", Input).focus()

    def action_leave_box(self) -> None:
        """Esc: from a filter box or the sidebar back to the table; from the table, nowhere."""
        table = self.query_one(FailureTable)
        if self.focused is not table:
            table.focus()

    def action_clear_filters(self) -> None:
        with self.prevent(Select.Changed, Input.Changed):
            for select in self.query(Select):
                select.clear()
            for box in self.query("#filters Input").results(Input):
                box.value = ""
        self.refilter()

    def action_next_page(self) -> None:
        if self.pager is not None:
            self.pager.forward()
            self.load_page()

    def action_previous_page(self) -> None:
        if self.pager is not None:
            self.pager.back()
            self.load_page()

    def _move_to_failure(self, step: int) -> None:
        """Put the cursor on the next (step 1) or previous (-1) failed row of the page."""
        table = self.query_one(FailureTable)
        here = table.cursor_row
        order = range(here + 1, len(self.rows)) if step > 0 else range(here - 1, -1, -1)
        for i in order:
            if not self.rows[i].passed:
                table.focus()
                table.move_cursor(row=i)
                return
        where = "] for the next page" if step > 0 else "[ for the previous page"
        self.notify(f"no further failure on this page; {where}")

    def action_next_failure(self) -> None:
        self._move_to_failure(1)

    def action_previous_failure(self) -> None:
        self._move_to_failure(-1)

    def set_sort(self, column: str, descending: bool) -> None:
        self.sort, self.descending = column, descending
        self.refilter()

    def action_cycle_sort(self) -> None:
        nxt = SORTABLE[(SORTABLE.index(self.sort) + 1) % len(SORTABLE)]
        self.set_sort(nxt, False)

    def action_flip_sort(self) -> None:
        self.set_sort(self.sort, not self.descending)

    def on_failure_table_sort_requested(self, message: FailureTable.SortRequested) -> None:
        if message.column not in SORTABLE:
            self.notify(f"{message.column} is not sortable", severity="warning")
            return
        self.set_sort(message.column, not self.descending if message.column == self.sort else False)

    # -- detail --------------------------------------------------------------------------------

    def on_failure_table_selected(self, message: FailureTable.Selected) -> None:
        self.load_detail(message.completion_id)

    @work(exclusive=True, group="failures-detail")
    async def load_detail(self, completion_id: int) -> None:
        if self.queries is None:
            return
        detail = await asyncio.to_thread(self.queries.detail, completion_id)
        diagnostics = await asyncio.to_thread(self.queries.diagnostics, completion_id)
        execution = await asyncio.to_thread(self.queries.execution, completion_id)
        self.detail, self.diagnostics = detail, diagnostics
        paired = detail.edit_distance is not None
        distance = f", pair edit distance {detail.edit_distance}" if paired else ""
        self.query_one("#detail-title", Label).update(
            Text(
                f"#{detail.completion_id} {detail.problem_id}/{detail.submission_id} "
                f"({detail.step}, {detail.stage}): {detail.level}"
                + (f" — {detail.category}" if detail.category else "")
                + distance
            )
        )
        self.query_one(CodeView).show(
            detail.program, marks=line_marks(diagnostics), mask_line=detail.mask_line
        )
        self.query_one(DiagnosticsList).show(diagnostics)
        # A completion is compared with the program it should have written; it is "chosen"
        # and "rejected" only where it went into a preference pair.
        labels = PAIR_LABELS if paired else DiffLabels()
        self.query_one(DiffView).show(detail.original, detail.program, detail.mask_line, labels)
        self.query_one(TestView).show(execution)

    def on_diagnostics_list_jump_to(self, message: DiagnosticsList.JumpTo) -> None:
        self.query_one(TabbedContent).active = "program-pane"
        self.query_one(CodeView).jump_to(message.line)

    def action_first_error(self) -> None:
        """To the first error's line: a warning or note before it is not what went wrong."""
        line = first_error_line(self.diagnostics) if self.detail else None
        if line is None:
            self.notify("this completion has no located diagnostic")
            return
        self.query_one(TabbedContent).active = "program-pane"
        self.query_one(CodeView).jump_to(line)

    def action_pane(self, pane: str) -> None:
        self.query_one(TabbedContent).active = pane

    def action_toggle_diff(self) -> None:
        self.query_one(DiffView).toggle()

    def action_next_hunk(self) -> None:
        self.query_one(TabbedContent).active = "diff-pane"
        if self.query_one(DiffView).next_hunk() is None:
            self.notify("the two programs are identical")

    def action_toggle_categories(self) -> None:
        sidebar = self.query_one("#categories", OptionList)
        sidebar.display = not sidebar.display

    @work(exclusive=True, group="failures-export")
    async def action_export(self) -> None:
        """Every row the filters select (not only this page) to `exports/failures.csv`."""
        session = self.cdpo.session
        if session is None:
            return
        path = session.path / "exports" / "failures.csv"
        filt = self.current_filter()
        count = await asyncio.to_thread(write_csv, SessionQueries(session.db_path), filt, path)
        self.notify(f"{count:,} rows written to {path}", title="exported")


def write_csv(queries: SessionQueries, filt: FailureFilter, path: Path) -> int:
    """Write the filtered rows as a CSV of plain values; returns how many were written."""
    path.parent.mkdir(parents=True, exist_ok=True)
    count = 0
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(EXPORT_HEADER)
        for row in queries.export_rows(filt):
            writer.writerow(row)
            count += 1
    return count
