"""A program with syntax highlighting, its diagnostics marked and the masked boundary shown.

Code never wraps and is never cut: the view is made as wide as the longest (tab-expanded)
line and scrolls sideways, so a line number always means one whole line. The lines are drawn
as one `Text` with our own gutter rather than as `Syntax` blocks, because the mask rule must
sit between two lines and two `Syntax` blocks would number their gutters at different widths.
"""

from __future__ import annotations

from rich.syntax import Syntax
from rich.text import Text
from textual.containers import ScrollableContainer
from textual.widgets import Static

from cdpo_tui.code_text import code_lines, widest
from cdpo_tui.severity import MARKER, STYLE, Severity

CURSOR = "▶"


def mask_rule(mask_line: int) -> Text:
    """The line drawn just above line `mask_line`: everything from there on was masked."""
    return Text(f"──── masked from line {mask_line} ────", style="bold magenta")


def render_code(
    code: str,
    *,
    marks: dict[int, Severity],
    mask_line: int | None,
    theme: str,
    cursor: int | None = None,
) -> Text:
    """The program as one Text: gutter (marker, number), highlighted code, the mask rule.

    Args:
        marks: the worst severity reported on each 1-based line.
        mask_line: the first masked line; the rule is drawn just above it.
        cursor: the line a jump landed on, pointed at in the gutter.
    """
    lines = code_lines(code)
    source = "\n".join(lines)
    highlighted = Syntax(source, "cpp", theme=theme, background_color="default").highlight(source)
    digits = len(str(len(lines)))
    rows: list[Text] = []
    for number, line in enumerate(highlighted.split("\n", allow_blank=True), 1):
        if number > len(lines):
            break
        if mask_line and number == mask_line:
            rows.append(mask_rule(mask_line))
        severity = marks.get(number)
        style = STYLE[severity] if severity else "dim"
        row = Text(CURSOR if number == cursor else " ", style="bold")
        row.append(MARKER[severity] if severity else " ", style=style)
        row.append(f"{number:>{digits}} ", style=style)
        row.append_text(line)
        rows.append(row)
    out = Text("\n", no_wrap=True, end="").join(rows)
    out.no_wrap = True
    return out


class CodeView(ScrollableContainer, can_focus=True):
    """Scrolls in both directions; `jump_to(line)` brings a diagnostic's line into view."""

    DEFAULT_CSS = """
    CodeView { height: 1fr; }
    CodeView > Static { width: auto; }
    """

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self.mask_line: int | None = None
        self.code = ""
        self.marks: dict[int, Severity] = {}
        self.cursor: int | None = None
        """The line the last jump landed on (1-based), None before any jump."""

    def compose(self):  # type: ignore[no-untyped-def]
        yield Static("", id="code")

    def show(self, code: str, *, marks: dict[int, Severity], mask_line: int | None) -> None:
        self.code, self.marks, self.mask_line, self.cursor = code, marks, mask_line, None
        self._draw()
        self.scroll_home(animate=False)

    def _draw(self) -> None:
        theme = "monokai" if self.app.current_theme.dark else "default"
        body = self.query_one("#code", Static)
        lines = code_lines(self.code)
        # gutter: cursor, marker, number, space; the Static is exactly as wide as what it draws.
        width = widest(lines) + len(str(len(lines))) + 3
        if self.mask_line:
            width = max(width, mask_rule(self.mask_line).cell_len)
        body.styles.width = width
        body.update(
            render_code(
                self.code,
                marks=self.marks,
                mask_line=self.mask_line,
                theme=theme,
                cursor=self.cursor,
            )
        )

    def jump_to(self, line: int) -> None:
        """Point at `line` (1-based) and scroll it near the top, counting the mask rule."""
        self.cursor = line
        self._draw()
        y = line - 1 + (1 if self.mask_line and line >= self.mask_line else 0)
        self.scroll_to(x=0, y=max(0, y - 2), animate=False)
