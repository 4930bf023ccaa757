"""A `cdpo_core.results.Table` in a DataTable, best stages marked."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import DataTable

from cdpo_core.results import Table


class ResultsTable(DataTable[str | Text]):
    """Shows one results table; Table 1's best stages (`*`, tied ones too) in bold green."""

    DEFAULT_CSS = """
    ResultsTable { height: auto; max-height: 12; margin-bottom: 1; }
    """

    def show(self, table: Table) -> None:
        self.clear(columns=True)
        self.border_title = table.title
        self.add_columns(*table.columns)
        for row in table.rows:
            self.add_row(*(Text(c, style="bold green") if " *" in c else Text(c) for c in row))
