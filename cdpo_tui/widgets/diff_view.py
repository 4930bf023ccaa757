"""Chosen (the original program) against rejected (the completion), side by side or unified.

Rendered from `difflib` with our own renderables (textual-diff-view is AGPL); the masked
boundary is drawn as a rule, so one sees at a glance that every change lies below it.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.containers import ScrollableContainer
from textual.reactive import reactive
from textual.widgets import Static


@dataclass(frozen=True)
class DiffRow:
    """One line of a side-by-side diff; a side is None where it has no line."""

    tag: str
    left_no: int | None
    left: str | None
    right_no: int | None
    right: str | None


def diff_rows(chosen: str, rejected: str) -> list[DiffRow]:
    """Pair the two programs' lines: equal, replace, delete (left only), insert (right only)."""
    a, b = chosen.split("\n"), rejected.split("\n")
    rows: list[DiffRow] = []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        for k in range(max(i2 - i1, j2 - j1)):
            i, j = i1 + k, j1 + k
            left = a[i] if i < i2 else None
            right = b[j] if j < j2 else None
            rows.append(
                DiffRow(
                    tag,
                    i + 1 if left is not None else None,
                    left,
                    j + 1 if right is not None else None,
                    right,
                )
            )
    return rows


def unified_lines(chosen: str, rejected: str) -> list[str]:
    return list(
        difflib.unified_diff(
            chosen.split("\n"), rejected.split("\n"), "chosen", "rejected", lineterm="", n=3
        )
    )


def _mask_rule(mask_line: int) -> Text:
    return Text(f"──── masked from line {mask_line} ────", style="bold magenta")


def render_side_by_side(rows: list[DiffRow], mask_line: int | None) -> RenderableType:
    table = Table(box=None, show_header=True, expand=True, padding=(0, 1), show_edge=False)
    table.add_column("", justify="right", width=4, style="dim")
    table.add_column("chosen (original)", ratio=1, no_wrap=True, overflow="ellipsis")
    table.add_column("", justify="right", width=4, style="dim")
    table.add_column("rejected (completion)", ratio=1, no_wrap=True, overflow="ellipsis")
    ruled = False
    for row in rows:
        if mask_line and not ruled and (row.left_no or 0) >= mask_line:
            ruled = True
            table.add_row("", _mask_rule(mask_line), "", "")
        style_l = {"replace": "on #5f0000", "delete": "on #5f0000"}.get(row.tag, "")
        style_r = {"replace": "on #005f00", "insert": "on #005f00"}.get(row.tag, "")
        table.add_row(
            str(row.left_no or ""),
            Text(row.left if row.left is not None else "", style=style_l),
            str(row.right_no or ""),
            Text(row.right if row.right is not None else "", style=style_r),
        )
    return table


def render_unified(lines: list[str], mask_line: int | None) -> RenderableType:
    out: list[RenderableType] = []
    if mask_line:
        out.append(_mask_rule(mask_line))
    for line in lines:
        style = ""
        if line.startswith("+") and not line.startswith("+++"):
            style = "green"
        elif line.startswith("-") and not line.startswith("---"):
            style = "red"
        elif line.startswith("@@"):
            style = "cyan"
        out.append(Text(line, style=style, no_wrap=True, overflow="ellipsis"))
    if not lines:
        out.append(Text("the two programs are identical", style="dim"))
    return Group(*out)


class DiffView(ScrollableContainer, can_focus=True):
    """Chosen against rejected; `mode` is "split" or "unified"."""

    DEFAULT_CSS = """
    DiffView { height: 1fr; }
    """

    mode: reactive[str] = reactive("split")
    """"split" shows the programs side by side, "unified" as one +/- listing."""

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self.chosen = ""
        self.rejected = ""
        self.mask_line: int | None = None

    def compose(self):  # type: ignore[no-untyped-def]
        yield Static("", id="diff")

    def show(self, chosen: str, rejected: str, mask_line: int | None) -> None:
        self.chosen, self.rejected, self.mask_line = chosen, rejected, mask_line
        self._render_diff()

    def watch_mode(self) -> None:
        if self.is_mounted:
            self._render_diff()

    def toggle(self) -> None:
        self.mode = "unified" if self.mode == "split" else "split"

    def _render_diff(self) -> None:
        if self.mode == "split":
            body = render_side_by_side(diff_rows(self.chosen, self.rejected), self.mask_line)
        else:
            body = render_unified(unified_lines(self.chosen, self.rejected), self.mask_line)
        self.query_one("#diff", Static).update(body)
