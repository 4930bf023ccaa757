"""Failures: every completion of the session, filtered, sorted, searched and paged from SQLite.

Only one page of rows ever exists as widgets; `[` and `]` page with keyset queries, so the
hundred-thousandth completion is as quick to reach as the first. Selecting a row shows the
program (error lines marked, masked boundary drawn), the structured diagnostics (choose one
to jump to its line) and chosen-vs-rejected as a side-by-side or unified diff.
"""

from __future__ import annotations

import asyncio
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Footer, Header, Input, Label, Select, TabbedContent, TabPane

from cdpo_tui.queries import (
    PAGE_SIZE,
    CompletionDetail,
    Facets,
    FailureFilter,
    FailureRow,
    SessionQueries,
)
from cdpo_tui.screens.base import SessionScreen
from cdpo_tui.widgets.code_view import CodeView
from cdpo_tui.widgets.diagnostics_list import DiagnosticsList
from cdpo_tui.widgets.diff_view import DiffView
from cdpo_tui.widgets.failure_table import FailureTable

SORTABLE = ("id", "run", "problem", "sample", "verdict", "category", "error")


class FailuresScreen(SessionScreen):
    """The failure browser."""

    AUTO_FOCUS = "#failures"

    BINDINGS = [
        Binding("slash", "search", "Search", id="failures.search"),
        Binding("right_square_bracket", "next_page", "Next page", id="failures.next"),
        Binding("left_square_bracket", "previous_page", "Prev page", id="failures.prev"),
        Binding("s", "cycle_sort", "Sort", id="failures.sort"),
        Binding("S", "flip_sort", "Reverse", id="failures.reverse"),
        Binding("v", "toggle_diff", "Split/unified", id="failures.diff_mode"),
        Binding("e", "first_error", "Jump to error", id="failures.jump"),
        Binding("ctrl+r", "clear_filters", "Clear filters", id="failures.clear"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.queries: SessionQueries | None = None
        self.sort = "id"
        self.descending = False
        self.page_starts: list[tuple[Any, int] | None] = [None]
        self.rows: list[FailureRow] = []
        self.total = 0
        self.detail: CompletionDetail | None = None

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
            yield FailureTable(id="failures")
            with TabbedContent(id="detail"):
                with TabPane("Program", id="program-pane"):
                    yield Label("", id="detail-title")
                    yield CodeView(id="program")
                with TabPane("Diagnostics", id="diagnostics-pane"):
                    yield DiagnosticsList(id="diagnostics")
                with TabPane("Diff", id="diff-pane"):
                    yield DiffView(id="diff")
        yield Footer()

    # -- loading -------------------------------------------------------------------------------

    async def reload(self) -> None:
        session = self.cdpo.session
        if session is None:
            self.queries = None
            self.query_one("#page-info", Label).update("no session open: choose one (1)")
            self.query_one(FailureTable).clear()
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
        """Back to the first page of whatever the filters now select."""
        self.page_starts = [None]
        self.load_page(count=True)

    @work(exclusive=True, group="failures-page")
    async def load_page(self, count: bool = False) -> None:
        if self.queries is None:
            return
        filt = self.current_filter()
        after = self.page_starts[-1]
        rows = await asyncio.to_thread(
            self.queries.page, filt, sort=self.sort, descending=self.descending, after=after
        )
        if count:
            self.total = await asyncio.to_thread(self.queries.count, filt)
        self.rows = rows
        self.query_one(FailureTable).show(rows)
        self._show_page_info()
        if not rows:
            self.detail = None
            self.query_one("#detail-title", Label).update("no completion matches the filters")

    def _show_page_info(self) -> None:
        first = (len(self.page_starts) - 1) * PAGE_SIZE
        shown = f"{first + 1}–{first + len(self.rows)}" if self.rows else "0"
        arrow = "↓" if self.descending else "↑"
        self.query_one("#page-info", Label).update(
            Text(
                f"rows {shown} of {self.total:,}  ·  sorted by {self.sort} {arrow}  ·  "
                f"page {len(self.page_starts)} ([ and ])"
            )
        )

    # -- filters, sort, pages ------------------------------------------------------------------

    @on(Select.Changed)
    def _filter_changed(self) -> None:
        if self.queries is not None:
            self.refilter()

    @on(Input.Changed)
    def _text_changed(self) -> None:
        if self.queries is not None:
            self.refilter()

    def action_search(self) -> None:
        self.query_one("#filter-search", Input).focus()

    def action_clear_filters(self) -> None:
        with self.prevent(Select.Changed, Input.Changed):
            for select in self.query(Select):
                select.clear()
            for box in self.query("#filters Input").results(Input):
                box.value = ""
        self.refilter()

    def action_next_page(self) -> None:
        if len(self.rows) == PAGE_SIZE:
            self.page_starts.append(self.rows[-1].key)
            self.load_page()

    def action_previous_page(self) -> None:
        if len(self.page_starts) > 1:
            self.page_starts.pop()
            self.load_page()

    def set_sort(self, column: str, descending: bool) -> None:
        self.sort, self.descending = column, descending
        self.page_starts = [None]
        self.load_page()

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
        self.detail = detail
        distance = "" if detail.edit_distance is None else f", edit distance {detail.edit_distance}"
        self.query_one("#detail-title", Label).update(
            Text(
                f"#{detail.completion_id} {detail.problem_id}/{detail.submission_id} "
                f"({detail.step}, {detail.stage}): {detail.level}"
                + (f" — {detail.category}" if detail.category else "")
                + distance
            )
        )
        self.query_one(CodeView).show(
            detail.program, error_lines=detail.error_lines, mask_line=detail.mask_line
        )
        self.query_one(DiagnosticsList).show(detail.diagnostics)
        self.query_one(DiffView).show(detail.original, detail.program, detail.mask_line)

    def on_diagnostics_list_jump_to(self, message: DiagnosticsList.JumpTo) -> None:
        self.query_one(TabbedContent).active = "program-pane"
        self.query_one(CodeView).jump_to(message.line)

    def action_first_error(self) -> None:
        if self.detail and self.detail.error_lines:
            self.query_one(TabbedContent).active = "program-pane"
            self.query_one(CodeView).jump_to(min(self.detail.error_lines))

    def action_toggle_diff(self) -> None:
        self.query_one(TabbedContent).active = "diff-pane"
        self.query_one(DiffView).toggle()
