"""Results: Table 1 and Table 2 for the session or across chosen sessions, failure categories
per stage, the edit-distance distribution of each preference set, the training curves of every
run overlaid; export to Markdown and CSV (the CSV as numbers).

Every number is recounted from the stores by `cdpo_core.results`, the code `cdpo results`
runs, so the console and the CLI cannot disagree.
"""

from __future__ import annotations

import asyncio
import re
from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Footer, Header, Label, SelectionList

from cdpo_core.results import (
    Results,
    all_tables,
    combine,
    number_tables,
    session_results,
    to_csv,
    to_markdown,
)
from cdpo_core.session import Session, SessionError, list_sessions
from cdpo_core.store import StoreError
from cdpo_tui.screens.base import SessionScreen
from cdpo_tui.widgets.check_list import CheckList
from cdpo_tui.widgets.histogram import Histogram
from cdpo_tui.widgets.results_table import ResultsTable
from cdpo_tui.widgets.run_curves import RunCurves, load_curves


def load_results(root: Path, names: list[str]) -> Results:
    """The combined results of `names`; a session that cannot be read is left out."""
    parts = []
    for name in names:
        try:
            parts.append(session_results(Session.open(root, name)))
        except (SessionError, StoreError):
            continue
    return combine(parts)


def export(results: Results, folder: Path) -> list[Path]:
    """`results.md` with every table as shown, and one CSV of numbers per table (rates as
    fractions, counts as integers, the best stage in its own column); the paths written."""
    folder.mkdir(parents=True, exist_ok=True)
    md = folder / "results.md"
    md.write_text("\n".join(to_markdown(t) for t in all_tables(results)), encoding="utf-8")
    written = [md]
    for table in number_tables(results):
        slug = re.sub(r"[^a-z0-9]+", "-", table.title.lower().split(":")[0]).strip("-")
        path = folder / f"{slug}.csv"
        path.write_text(to_csv(table), encoding="utf-8")
        written.append(path)
    return written


class ResultsScreen(SessionScreen):
    """The paper's tables over the chosen sessions."""

    AUTO_FOCUS = "#session-choice"

    BINDINGS = [
        Binding("r", "refresh", "Refresh", id="results.refresh"),
        Binding("e", "export", "Export md+csv", id="results.export"),
        Binding("t", "turn_table1", "Table 1 by stage", id="results.turn"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.results = Results((), ())
        # The paper's shape (a column per stage) until `t`: with the online stages it is
        # 16 columns, which a terminal shows a few at a time.
        self.by_stage = False

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="results-body"):
            yield CheckList(id="session-choice")
            with VerticalScroll(id="tables"):
                yield Label("", id="results-info")
                yield ResultsTable(id="table1")
                yield ResultsTable(id="table2")
                yield ResultsTable(id="categories")
                yield ResultsTable(id="pairs")
                yield Histogram(id="histogram")
                yield Label("training curves of every run (session · step #run)", id="curves-info")
                yield RunCurves(id="curves")
        yield Footer()

    def on_mount(self) -> None:
        super().on_mount()
        choice = self.query_one(SelectionList)
        choice.border_title = "sessions"

    async def reload(self) -> None:
        choice = self.query_one(SelectionList)
        current = self.cdpo.session.name if self.cdpo.session else None
        chosen = set(choice.selected) | ({current} if current else set())
        names = list_sessions(self.cdpo.root)
        with self.prevent(SelectionList.SelectedChanged):
            choice.clear_options()
            choice.add_options([(n, n, n in chosen) for n in names])
        await self.action_refresh()

    async def action_refresh(self) -> None:
        names = list(self.query_one(SelectionList).selected)
        self.results = await asyncio.to_thread(load_results, self.cdpo.root, names)
        info = self.query_one("#results-info", Label)
        if not names:
            info.update("choose sessions on the left (space)")
        elif not self.results.stages:
            info.update("no finished evaluation yet in " + ", ".join(names))
        else:
            info.update(f"{len(self.results.stages)} evaluations in " + ", ".join(names))
        self._show_table1()
        self.query_one("#table2", ResultsTable).show(self.results.table2)
        self.query_one("#categories", ResultsTable).show(self.results.categories)
        self.query_one("#pairs", ResultsTable).show(self.results.pair_table)
        self.query_one(Histogram).show(self.results.pairs)
        self.query_one(RunCurves).show(await asyncio.to_thread(load_curves, self.cdpo.root, names))

    def _show_table1(self) -> None:
        table = self.results.table1_by_stage if self.by_stage else self.results.table1
        self.query_one("#table1", ResultsTable).show(table)

    def action_turn_table1(self) -> None:
        """One row per stage, or the paper's shape: a column per stage."""
        self.by_stage = not self.by_stage
        self._show_table1()

    async def on_selection_list_selected_changed(self) -> None:
        await self.action_refresh()

    def action_export(self) -> None:
        session = self.cdpo.session
        names = list(self.query_one(SelectionList).selected)
        if not names:
            self.notify("choose at least one session", severity="warning")
            return
        owner = (
            session.path
            if session is not None and session.name in names
            else (self.cdpo.root / names[0])
        )
        written = export(self.results, owner / "exports")
        self.notify(f"wrote {len(written)} files to {written[0].parent}", title="exported")
