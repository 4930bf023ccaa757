"""Settings dataclasses shown as a table of name, value and the field's own help text."""

from __future__ import annotations

from dataclasses import fields, is_dataclass
from typing import Any

from rich.table import Table
from rich.text import Text
from textual.widgets import Static


def settings_table(title: str, settings: Any) -> Table:
    """Every field of a settings dataclass, with its help from `field(metadata={"help": ...})`."""
    assert is_dataclass(settings)
    table = Table(title=title, title_justify="left", expand=True, box=None, padding=(0, 1))
    table.add_column("setting", style="bold", no_wrap=True)
    table.add_column("value", no_wrap=True, overflow="ellipsis", max_width=24)
    table.add_column("help", style="dim", ratio=1, min_width=24)
    for f in fields(settings):
        value = getattr(settings, f.name)
        shown = "(none)" if value is None else ("''" if value == "" else str(value))
        table.add_row(f.name, Text(shown), f.metadata.get("help", ""))
    return table


class SettingsView(Static):
    """Shows one or more settings dataclasses (read-only; edit with `cdpo set`)."""

    def show(self, sections: list[tuple[str, Any]]) -> None:
        from rich.console import Group

        self.update(Group(*(settings_table(title, s) for title, s in sections)))
