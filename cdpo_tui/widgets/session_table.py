"""The sessions under the root: model, preset, samples and how far each plan got."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.widgets import DataTable


@dataclass(frozen=True)
class SessionSummary:
    """One row of the sessions table, read without loading anything heavy."""

    name: str
    preset: str
    model: str
    samples: str
    stages: str
    state: str
    error: str = ""


class SessionTable(DataTable[str | Text]):
    """Keyed by session name, so open/copy/delete act on the row under the cursor."""

    DEFAULT_CSS = """
    SessionTable { height: 1fr; }
    """

    def on_mount(self) -> None:
        self.cursor_type = "row"
        self.zebra_stripes = True
        for name in ("session", "preset", "model", "samples", "stages done", "state"):
            self.add_column(name, key=name)

    @property
    def selected(self) -> str | None:
        if not self.row_count:
            return None
        return str(self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value)

    def show(self, rows: list[SessionSummary], select: str | None = None) -> None:
        keep = select or self.selected
        self.clear()
        for r in rows:
            state = Text(r.error, style="red") if r.error else Text(r.state)
            self.add_row(r.name, r.preset, r.model, r.samples, r.stages, state, key=r.name)
        names = [r.name for r in rows]
        if keep in names:
            self.move_cursor(row=names.index(keep))
