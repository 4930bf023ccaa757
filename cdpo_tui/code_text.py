"""Program text as the console draws it: tabs expanded once, the same way in every view.

Rich measures a line by its cells and counts a tab as none, so a tab-indented line was given
too little room and lost its end; and the Program, Diff and Dataset views each left tabs to a
different renderer (Syntax at 4, Text at 8, a table cell at 8). Every view now expands tabs
here, before measuring or rendering, so a column means the same thing everywhere and the
widths that decide horizontal scrolling are the widths actually drawn.
"""

from __future__ import annotations

from rich.cells import cell_len

TAB_SIZE = 4
"""Columns per tab stop in every code view."""


def expand_tabs(code: str) -> str:
    """`code` with each tab replaced by spaces up to the next stop of `TAB_SIZE` columns."""
    return code.expandtabs(TAB_SIZE)


def code_lines(code: str) -> list[str]:
    """The tab-expanded lines of a program; a final newline does not make an extra line."""
    text = expand_tabs(code)
    if text.endswith("\n"):
        text = text[:-1]
    return text.split("\n")


def widest(lines: list[str]) -> int:
    """Cells taken by the longest line, so a view can be made wide enough to show it whole."""
    return max((cell_len(line) for line in lines), default=0)
