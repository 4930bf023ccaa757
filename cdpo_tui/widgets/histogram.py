"""Edit-distance distribution of a preference set as horizontal bars."""

from __future__ import annotations

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.widgets import Static

from cdpo_core.results import PairStats

BAR_WIDTH = 40


class Histogram(Static):
    """One bar block per preference set; short distances are the paper's collapse signal."""

    def show(self, sets: tuple[PairStats, ...]) -> None:
        if not sets:
            self.update(Text("no preference set yet (run a prefs-* stage)", style="dim"))
            return
        blocks = []
        for p in sets:
            table = Table(
                title=f"{p.session} {p.step}: {p.pairs} pairs, mean {p.mean:.1f}, "
                f"median {p.median:.0f}",
                title_justify="left",
                box=None,
                show_header=False,
                padding=(0, 1),
            )
            table.add_column(justify="right", no_wrap=True)
            table.add_column(no_wrap=True)
            table.add_column(justify="right")
            peak = max(p.histogram.values()) or 1
            for label, count in p.histogram.items():
                bar = "█" * round(BAR_WIDTH * count / peak)
                table.add_row(label, Text(bar, style="magenta"), str(count))
            blocks.append(table)
        self.update(Group(*blocks))
