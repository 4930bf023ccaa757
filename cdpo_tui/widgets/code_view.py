"""A program with syntax highlighting, its error lines marked and the masked boundary shown.

Code never wraps: long lines scroll sideways, so a line number always means one line.
"""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.syntax import Syntax
from rich.text import Text
from textual.containers import ScrollableContainer
from textual.widgets import Static


def render_code(
    code: str, *, error_lines: set[int], mask_line: int | None, theme: str
) -> RenderableType:
    """The program as Rich renderables: highlighted, error lines marked, a rule at the mask."""
    if mask_line is None or mask_line < 1:
        return Syntax(
            code,
            "cpp",
            theme=theme,
            line_numbers=True,
            highlight_lines=error_lines,
            word_wrap=False,
        )
    lines = code.split("\n")
    head = "\n".join(lines[: mask_line - 1])
    tail = "\n".join(lines[mask_line - 1 :])
    parts: list[RenderableType] = []
    if head:
        parts.append(
            Syntax(
                head,
                "cpp",
                theme=theme,
                line_numbers=True,
                highlight_lines=error_lines,
                word_wrap=False,
            )
        )
    parts.append(Text(f"──── masked from line {mask_line} " + "─" * 20, style="bold magenta"))
    parts.append(
        Syntax(
            tail,
            "cpp",
            theme=theme,
            line_numbers=True,
            start_line=mask_line,
            highlight_lines=error_lines,
            word_wrap=False,
        )
    )
    return Group(*parts)


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

    def compose(self):  # type: ignore[no-untyped-def]
        yield Static("", id="code")

    def show(self, code: str, *, error_lines: set[int], mask_line: int | None) -> None:
        self.code = code
        self.mask_line = mask_line
        theme = "monokai" if self.app.current_theme.dark else "default"
        self.query_one("#code", Static).update(
            render_code(code, error_lines=error_lines, mask_line=mask_line, theme=theme)
        )
        self.scroll_home(animate=False)

    def jump_to(self, line: int) -> None:
        """Scroll so that `line` (1-based) is near the top, counting the mask rule."""
        y = line - 1 + (1 if self.mask_line and line >= self.mask_line else 0)
        self.scroll_to(y=max(0, y - 2), animate=False)
