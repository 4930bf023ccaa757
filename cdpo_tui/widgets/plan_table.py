"""The session's stages in plan order with their state, headline, duration and start."""

from __future__ import annotations

import time

from rich.text import Text
from textual.widgets import DataTable

from cdpo_core.pipeline import StepState

STATUS_STYLE = {
    "done": "green",
    "running": "bold yellow",
    "failed": "bold red",
    "cancelled": "magenta",
    "interrupted": "red",
    "pending": "dim",
}


def format_duration(seconds: float | None) -> str:
    if seconds is None:
        return ""
    seconds = int(seconds)
    if seconds < 60:
        return f"{seconds}s"
    if seconds < 3600:
        return f"{seconds // 60}m{seconds % 60:02d}s"
    return f"{seconds // 3600}h{seconds % 3600 // 60:02d}m"


def format_start(started: float | None) -> str:
    return time.strftime("%m-%d %H:%M:%S", time.localtime(started)) if started else ""


class PlanTable(DataTable[str | Text]):
    """One keyed row per plan step, so a refresh updates cells instead of rebuilding."""

    DEFAULT_CSS = """
    PlanTable { height: auto; max-height: 14; }
    """

    # The result before the times: at 80 columns it is what a glance is for, and the start
    # is on the history screen too.
    COLUMNS = ("step", "label", "status", "result", "duration", "run", "started")

    def on_mount(self) -> None:
        self.cursor_type = "row"
        self.zebra_stripes = True
        for name in self.COLUMNS:
            self.add_column(name, key=name)

    @property
    def selected_step(self) -> str | None:
        if not self.row_count:
            return None
        key = self.coordinate_to_cell_key(self.cursor_coordinate).row_key
        return str(key.value)

    @property
    def steps(self) -> list[str]:
        return [str(k.value) for k in self.rows]

    def set_result(self, step: str, text: str) -> None:
        """A running step's live result (its progress), until its run ends."""
        self.update_cell(step, "result", text, update_width=True)

    def show(self, states: list[StepState]) -> None:
        """Show `states`; rows keep their keys so the cursor stays on its step."""
        wanted = [s.step for s in states]
        current = [str(k.value) for k in self.rows]
        if current != wanted:
            cursor = self.selected_step
            self.clear()
            for s in states:
                self.add_row(*self._cells(s), key=s.step)
            if cursor in wanted:
                self.move_cursor(row=wanted.index(cursor))
            return
        for s in states:
            for column, value in zip(self.COLUMNS, self._cells(s), strict=True):
                self.update_cell(s.step, column, value, update_width=True)

    @staticmethod
    def _cells(s: StepState) -> tuple[str | Text, ...]:
        return (
            s.step,
            s.label,
            Text(s.status, style=STATUS_STYLE.get(s.status, "")),
            s.headline,
            format_duration(s.duration),
            str(s.run_id or ""),
            format_start(s.started),
        )
