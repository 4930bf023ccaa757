"""Run history: every run of the open session, and for the chosen one everything it left.

The plan table shows the latest run of each step; this screen shows all of them, the failed and
cancelled ones too, each with its step, status, start, duration (the time of its attempts, not
since its first start), the settings it recorded, its full error with the hint and traceback, and
its log, replayed from the `events` table. Nothing here lives only in the console's memory, so
the history reads the same after a restart, or on a copy of the session on another machine.
"""

from __future__ import annotations

import asyncio
import json
import time
from typing import TYPE_CHECKING, Any, cast

from rich.console import Group
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Footer, Header, Label, Log, Static

from cdpo_core.events import Metric, Progress
from cdpo_core.pipeline import headline
from cdpo_core.session import Session
from cdpo_core.store import StoreError
from cdpo_core.store_views import RunRecord, StoredLog, run_records, stored_log
from cdpo_tui.screens.base import AppKeysFirst
from cdpo_tui.widgets.plan_table import STATUS_STYLE, format_duration, format_start
from cdpo_tui.widgets.stage_log import MAX_LINES, format_event
from cdpo_tui.widgets.stage_monitor import stage_name

if TYPE_CHECKING:
    from cdpo_tui.app import CdpoApp


def flat_settings(settings: dict[str, Any], prefix: str = "") -> list[tuple[str, str]]:
    """`section.field = value` pairs, as `cdpo set` names them."""
    out: list[tuple[str, str]] = []
    for key, value in settings.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            out += flat_settings(value, name + ".")
        else:
            out.append((name, json.dumps(value) if not isinstance(value, str) else repr(value)))
    return out


def error_text(session: Session, record: RunRecord) -> str:
    """The run's whole error: its message, what to do, and the traceback the frame saved."""
    run = record.run
    parts = [run.error] if run.error else []
    if record.hint:
        parts.append(f"hint: {record.hint}")
    trace = session.path / "runs" / f"{run.id:04d}-{run.step}" / "error.log"
    if trace.is_file():
        parts.append(trace.read_text(encoding="utf-8", errors="replace").rstrip())
    return "\n".join(parts)


def log_lines(log: StoredLog) -> list[str]:
    """The stored events as the log pane writes them; progress and metrics as counts."""
    lines = [line for e in log.events if (line := format_event(e)) is not None]
    steps = [e.step for e in log.events if isinstance(e, Metric)]
    progress = [e for e in log.events if isinstance(e, Progress)]
    if progress:
        last = progress[-1]
        total = last.total if last.total else "?"
        lines.append(f"({len(progress)} progress events; last {last.done}/{total} {last.unit})")
    if steps:
        lines.append(f"({len(steps)} metric records, steps {min(steps)}–{max(steps)})")
    return lines


class HistoryTable(DataTable[str | Text]):
    """One row per run, newest first, keyed by run id."""

    COLUMNS = ("run", "step", "status", "started", "duration", "attempts", "result")

    def on_mount(self) -> None:
        self.cursor_type = "row"
        self.zebra_stripes = True
        for name in self.COLUMNS:
            self.add_column(name, key=name)

    def show(self, records: list[RunRecord], now: float, select: int | None = None) -> None:
        self.clear()
        for r in reversed(records):
            run = r.run
            # The plan table's headline where the kind has one, else the summary's numbers.
            result = run.error or headline(run) or _summary(run.summary)
            self.add_row(
                str(run.id),
                run.step,
                Text(r.status, style=STATUS_STYLE.get(r.status, "")),
                format_start(run.started),
                format_duration(r.duration(now)),
                str(len(r.attempts)),
                result if len(result) <= 60 else result[:59] + "…",
                key=str(run.id),
            )
        keys = [str(r.run.id) for r in reversed(records)]
        if select is not None and str(select) in keys:
            self.move_cursor(row=keys.index(str(select)))

    @property
    def selected_run(self) -> int | None:
        if not self.row_count:
            return None
        return int(str(self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value))


def _summary(summary: dict[str, Any]) -> str:
    return ", ".join(f"{k}={v}" for k, v in summary.items() if isinstance(v, int | float | str))


class HistoryScreen(AppKeysFirst):
    """All runs of one session; `escape` goes back to the pipeline."""

    DEFAULT_CSS = """
    HistoryScreen HistoryTable { height: auto; max-height: 40%; }
    HistoryScreen #run-detail { height: 1fr; border-top: solid $panel; }
    HistoryScreen #run-error { color: $error; }
    HistoryScreen #run-log { height: auto; max-height: 20; min-height: 4; border: round $panel; }
    HistoryScreen #run-title { text-style: bold; }
    """

    AUTO_FOCUS = "#runs"

    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", id="history.back"),
        Binding("r", "refresh", "Refresh", id="history.refresh"),
    ]

    def __init__(self, session: Session, step: str | None = None) -> None:
        super().__init__()
        self.session = session
        self.step = step
        """The step whose latest run is selected first (the plan row the user came from)."""
        self.records: dict[int, RunRecord] = {}

    @property
    def cdpo(self) -> CdpoApp:
        return cast("CdpoApp", self.app)

    def compose(self) -> ComposeResult:
        yield Header()
        yield Label(f"runs of {self.session.name}", id="history-info")
        yield HistoryTable(id="runs")
        with VerticalScroll(id="run-detail"):
            yield Label("", id="run-title")
            yield Static("", id="run-error")
            yield Log(max_lines=MAX_LINES, highlight=False, id="run-log")
            yield Static("", id="run-settings")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = self.session.name
        self.run_worker(self.action_refresh(), group="history", exclusive=True)

    async def action_refresh(self) -> None:
        try:
            records = await asyncio.to_thread(run_records, self.session.db_path)
        except StoreError as exc:
            self.query_one("#history-info", Label).update(str(exc))
            return
        self.records = {r.run.id: r for r in records}
        table = self.query_one(HistoryTable)
        select = table.selected_run
        if select is None and self.step is not None:
            select = next((r.run.id for r in reversed(records) if r.run.step == self.step), None)
        table.show(records, time.time(), select)
        self.query_one("#history-info", Label).update(
            f"{len(records)} runs of {self.session.name}" if records else "no runs yet"
        )
        await self.show_run(table.selected_run)

    async def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.row_key.value is not None:
            await self.show_run(int(str(event.row_key.value)))

    async def show_run(self, run_id: int | None) -> None:
        record = self.records.get(run_id) if run_id is not None else None
        title = self.query_one("#run-title", Label)
        error = self.query_one("#run-error", Static)
        log = self.query_one("#run-log", Log)
        settings = self.query_one("#run-settings", Static)
        log.clear()
        if record is None:
            title.update("")
            error.update("")
            settings.update("")
            return
        run = record.run
        spans = ", ".join(
            format_duration((a.ended if a.ended is not None else time.time()) - a.started)
            for a in record.attempts
        )
        title.update(
            f"{stage_name(self.session.name, run.step)}: run {run.id}, {record.status}, "
            f"attempts {spans or '—'}" + (f", model {run.model}" if run.model else "")
        )
        error.update(Text(error_text(self.session, record)))
        stored = await asyncio.to_thread(stored_log, self.session.db_path, run.id)
        lines = log_lines(stored)
        log.border_title = f"log · {stage_name(self.session.name, run.step)} #{run.id}"
        log.write_lines(lines or ["(no stored events)"])
        pairs = flat_settings(run.settings)
        shown = Text("\n".join(f"{k} = {v}" for k, v in pairs) or "(no settings recorded)")
        settings.update(Group(Text("settings", style="bold"), shown))
