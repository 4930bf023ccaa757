"""A reference program against a completion, side by side or unified.

Rendered from `difflib` with our own renderables (textual-diff-view is AGPL). Lines are never
cut with `…`: the view is as wide as its longest line and scrolls sideways. The masked
boundary is a rule drawn exactly above line N of the reference, so one sees at a glance that
every change lies below it; the split view opens at the first change, and `next_hunk` walks
from change to change. The labels are the caller's: an evaluated completion is "reference vs
completion", and only a preference pair is "chosen vs rejected".
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from rich.cells import cell_len
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.containers import ScrollableContainer
from textual.reactive import reactive
from textual.widgets import Static

from cdpo_tui.code_text import code_lines, widest
from cdpo_tui.widgets.code_view import mask_rule

NUMBER_WIDTH = 4


@dataclass(frozen=True)
class DiffLabels:
    """What the two sides are called."""

    left: str = "reference"
    right: str = "completion"


PAIR_LABELS = DiffLabels("chosen (reference)", "rejected (completion)")


@dataclass(frozen=True)
class DiffRow:
    """One line of a side-by-side diff; a side is None where it has no line."""

    tag: str
    left_no: int | None
    left: str | None
    right_no: int | None
    right: str | None


def diff_rows(left: str, right: str) -> list[DiffRow]:
    """Pair the two programs' (tab-expanded) lines: equal, replace, delete, insert."""
    a, b = code_lines(left), code_lines(right)
    rows: list[DiffRow] = []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        for k in range(max(i2 - i1, j2 - j1)):
            i, j = i1 + k, j1 + k
            left_line = a[i] if i < i2 else None
            right_line = b[j] if j < j2 else None
            rows.append(
                DiffRow(
                    tag,
                    i + 1 if left_line is not None else None,
                    left_line,
                    j + 1 if right_line is not None else None,
                    right_line,
                )
            )
    return rows


@dataclass(frozen=True)
class UnifiedLine:
    """One line of a unified listing and the reference line it stands at (for the rule)."""

    text: str
    at: int
    """The reference line this stands at; an inserted line stands at the line after it."""


def unified_lines(left: str, right: str, labels: DiffLabels = DiffLabels()) -> list[UnifiedLine]:
    """A unified diff with 3 lines of context, each line knowing its reference position."""
    a, b = code_lines(left), code_lines(right)
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    groups = list(matcher.get_grouped_opcodes(3))
    if not groups:
        return []
    out = [UnifiedLine(f"--- {labels.left}", 0), UnifiedLine(f"+++ {labels.right}", 0)]
    for group in groups:
        i1, i2, j1, j2 = group[0][1], group[-1][2], group[0][3], group[-1][4]
        out.append(UnifiedLine(f"@@ -{i1 + 1},{i2 - i1} +{j1 + 1},{j2 - j1} @@", i1 + 1))
        for tag, a1, a2, b1, b2 in group:
            if tag == "equal":
                out += [UnifiedLine(" " + a[i], i + 1) for i in range(a1, a2)]
                continue
            out += [UnifiedLine("-" + a[i], i + 1) for i in range(a1, a2)]
            out += [UnifiedLine("+" + b[j], a2 + 1) for j in range(b1, b2)]
    return out


def _row_at(rows: list[DiffRow]) -> list[int]:
    """The reference line each split row stands at (an inserted row: the line after it)."""
    at, last = [], 0
    for row in rows:
        if row.left_no is not None:
            last = row.left_no
            at.append(last)
        else:
            at.append(last + 1)
    return at


def render_side_by_side(
    rows: list[DiffRow], mask_line: int | None, labels: DiffLabels = DiffLabels()
) -> Table:
    """Two numbered columns, each as wide as its longest line; the rule above line N."""
    left_width, right_width = column_widths(rows, labels, mask_line)
    table = Table(box=None, show_header=True, expand=False, padding=(0, 1), show_edge=False)
    table.add_column("", justify="right", width=NUMBER_WIDTH, style="dim")
    table.add_column(labels.left, width=left_width, no_wrap=True, overflow="crop")
    table.add_column("", justify="right", width=NUMBER_WIDTH, style="dim")
    table.add_column(labels.right, width=right_width, no_wrap=True, overflow="crop")
    ruled = not mask_line
    for row, at in zip(rows, _row_at(rows), strict=True):
        if not ruled and mask_line and at >= mask_line:
            ruled = True
            table.add_row("", mask_rule(mask_line), "", "")
        style_l = {"replace": "on #5f0000", "delete": "on #5f0000"}.get(row.tag, "")
        style_r = {"replace": "on #005f00", "insert": "on #005f00"}.get(row.tag, "")
        table.add_row(
            str(row.left_no or ""),
            Text(row.left if row.left is not None else "", style=style_l),
            str(row.right_no or ""),
            Text(row.right if row.right is not None else "", style=style_r),
        )
    return table


def column_widths(
    rows: list[DiffRow], labels: DiffLabels, mask_line: int | None
) -> tuple[int, int]:
    """Each code column as wide as its longest line, its header, and (left) the mask rule."""
    rule = mask_rule(mask_line).cell_len if mask_line else 0
    left = max(widest([r.left or "" for r in rows]), cell_len(labels.left), rule)
    right = max(widest([r.right or "" for r in rows]), cell_len(labels.right))
    return left, right


def side_by_side_width(rows: list[DiffRow], labels: DiffLabels, mask_line: int | None) -> int:
    """Cells the split table takes: two number columns, two code columns, cell padding."""
    left, right = column_widths(rows, labels, mask_line)
    return 2 * NUMBER_WIDTH + left + right + 8


def render_unified(lines: list[UnifiedLine], mask_line: int | None) -> Group:
    """The +/- listing, the mask rule just before the first line at or below line N."""
    out: list[RenderableType] = []
    ruled = not mask_line
    for line in lines:
        hunk = line.text.startswith("@@")
        if not ruled and mask_line and not hunk and line.at >= mask_line and line.at > 0:
            ruled = True
            out.append(mask_rule(mask_line))
        style = ""
        if line.text.startswith("+") and not line.text.startswith("+++"):
            style = "green"
        elif line.text.startswith("-") and not line.text.startswith("---"):
            style = "red"
        elif hunk:
            style = "cyan"
        out.append(Text(line.text, style=style, no_wrap=True, overflow="crop"))
    if not lines:
        out.append(Text("the two programs are identical", style="dim"))
    return Group(*out)


class DiffView(ScrollableContainer, can_focus=True):
    """Reference against completion; `mode` is "split" or "unified"."""

    DEFAULT_CSS = """
    DiffView { height: 1fr; }
    DiffView > Static { width: auto; }
    """

    mode: reactive[str] = reactive("split")
    """"split" shows the programs side by side, "unified" as one +/- listing."""

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self.left = ""
        self.right = ""
        self.mask_line: int | None = None
        self.labels = DiffLabels()
        self.hunks: list[int] = []
        """The y (in rows of the rendered diff) where each run of changes starts."""
        self._height = 0
        self._tries = 0
        self._opening = False
        """Set until the new diff is laid out and has been scrolled to its first change."""

    def compose(self):  # type: ignore[no-untyped-def]
        yield Static("", id="diff")

    def show(
        self, left: str, right: str, mask_line: int | None, labels: DiffLabels = DiffLabels()
    ) -> None:
        self.left, self.right, self.mask_line, self.labels = left, right, mask_line, labels
        self._open()

    def watch_mode(self) -> None:
        if self.is_mounted:
            self._open()

    def _open(self) -> None:
        """Render, then scroll to the first change once the new content is laid out."""
        self._render_diff()
        self._opening = True
        self._tries = 0
        self.call_after_refresh(self._opened)

    def _opened(self) -> None:
        if not self._opening:
            return
        if not self.size.height:
            return  # in a hidden tab: it cannot scroll yet, so `on_show` tries again
        laid_out = self.virtual_size.height >= self._height
        if laid_out and (self.allow_vertical_scroll or self.max_scroll_y == 0):
            self._opening = False
            self.first_change()
        elif self._tries < 5:  # the scrollbars come a refresh after the content
            self._tries += 1
            self.call_after_refresh(self._opened)

    def on_show(self) -> None:
        # A diff shown while its tab was hidden (the usual case: the Program tab is open when
        # a failure is picked) is scrolled to its first change once the tab opens.
        if self._opening:
            self._tries = 0
            self.call_after_refresh(self._opened)

    def watch_virtual_size(self) -> None:
        # A longer diff is laid out a refresh or two after `show`; scroll only then, or the
        # scroll would be clamped to the old, shorter content.
        self._opened()

    def toggle(self) -> None:
        self.mode = "unified" if self.mode == "split" else "split"

    def first_change(self) -> None:
        """Scroll to the first change (a split view would otherwise open on equal lines)."""
        y = max(0, self.hunks[0] - 2) if self.hunks else 0
        self.scroll_to(x=0, y=y, animate=False, immediate=True)

    def next_hunk(self) -> int | None:
        """Scroll to the next run of changes below the top of the view; its y, or None."""
        self._opening = False  # the user moved: a late first-change scroll must not undo it
        top = round(self.scroll_y) + 2
        following = [y for y in self.hunks if y > top]
        target = following[0] if following else (self.hunks[0] if self.hunks else None)
        if target is not None:
            self.scroll_to(x=0, y=max(0, target - 2), animate=False, immediate=True)
        return target

    def _render_diff(self) -> None:
        body = self.query_one("#diff", Static)
        if self.mode == "split":
            rows = diff_rows(self.left, self.right)
            at = _row_at(rows)
            self.hunks = []
            for i, row in enumerate(rows):
                if row.tag != "equal" and (i == 0 or rows[i - 1].tag == "equal"):
                    # 1 for the header row, 1 more below the mask rule's row
                    shift = 1 if self.mask_line and at[i] >= self.mask_line else 0
                    self.hunks.append(1 + i + shift)
            body.styles.width = side_by_side_width(rows, self.labels, self.mask_line)
            self._height = 1 + len(rows) + (1 if self.mask_line else 0)
            body.update(render_side_by_side(rows, self.mask_line, self.labels))
        else:
            lines = unified_lines(self.left, self.right, self.labels)
            rendered = render_unified(lines, self.mask_line)
            self.hunks = [
                i
                for i, r in enumerate(rendered.renderables)
                if isinstance(r, Text) and r.plain.startswith("@@")
            ]
            body.styles.width = max(
                [r.cell_len for r in rendered.renderables if isinstance(r, Text)], default=1
            )
            self._height = len(rendered.renderables)
            body.update(rendered)
