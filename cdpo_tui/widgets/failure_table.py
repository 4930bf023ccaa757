"""One page of completions with their verdicts; rows are keyed by completion id."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.message import Message
from textual.widgets import DataTable

from cdpo_tui.queries import FailureRow

COLUMNS = (
    ("id", "id", 6),
    ("run", "run", 10),
    ("problem", "problem", 8),
    ("sample", "sample", 12),
    ("verdict", "verdict", 8),
    ("category", "category", 20),
    ("error", "first error", 28),
    ("distance", "edit dist", 9),
)
"""(key, header, width) of each column; the key doubles as the sort key where one exists.
Fixed widths: columns must not jump about from one page to the next."""

LEVEL_STYLE = {"clean": "green", "warnings": "yellow", "errors": "red", "timeout": "magenta"}


class FailureTable(DataTable[str | Text]):
    """Shows the rows it is given and reports the completion under the cursor."""

    DEFAULT_CSS = """
    FailureTable { height: 1fr; }
    """

    @dataclass
    class Selected(Message):
        """The cursor moved onto a completion."""

        table: FailureTable
        completion_id: int

        @property
        def control(self) -> FailureTable:
            return self.table

    @dataclass
    class SortRequested(Message):
        """A column header was clicked."""

        table: FailureTable
        column: str

        @property
        def control(self) -> FailureTable:
            return self.table

    def on_mount(self) -> None:
        self.cursor_type = "row"
        self.zebra_stripes = True
        for key, header, width in COLUMNS:
            self.add_column(header, key=key, width=width)

    def show(self, rows: list[FailureRow]) -> None:
        """Replace the page in one batch: one repaint for up to a page of rows."""
        with self.app.batch_update():
            self.clear()
            for r in rows:
                self.add_row(
                    str(r.completion_id),
                    f"#{r.run_id} {r.stage}",
                    r.problem_id,
                    r.submission_id + (f"/{r.seq}" if r.seq else ""),
                    Text(r.level, style=LEVEL_STYLE.get(r.level, "")),
                    Text(r.category, no_wrap=True, overflow="ellipsis"),
                    Text(r.first_error, no_wrap=True, overflow="ellipsis"),
                    "" if r.edit_distance is None else str(r.edit_distance),
                    key=str(r.completion_id),
                )

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        if event.row_key.value is not None:
            self.post_message(self.Selected(self, int(event.row_key.value)))

    def on_data_table_header_selected(self, event: DataTable.HeaderSelected) -> None:
        event.stop()
        self.post_message(self.SortRequested(self, str(event.column_key.value)))
