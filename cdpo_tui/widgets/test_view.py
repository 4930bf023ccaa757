"""A completion's run on its problem's tests: one line per test, then the first failing test's
input, the expected and the actual output, with the lines that differ marked.

The marks come from `difflib` over the two outputs' lines: an expected line the program did
not print is `-` on green, a line it printed instead is `+` on red, and equal lines are plain,
so an off-by-one in the third line of forty stands out at once. Trailing whitespace is shown
as `·`, because the judge ignores it but a reader wondering why a line differs should see it.
"""

from __future__ import annotations

import difflib

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from cdpo_tui.queries import ExecutionView

_VERDICT_STYLE = {"accepted": "green", "compile_error": "red", "no_tests": "dim"}


def _visible(line: str) -> str:
    stripped = line.rstrip(" \t")
    return stripped + "·" * (len(line) - len(stripped))


def marked_difference(expected: str, actual: str) -> Text:
    """Expected against actual, line by line: `-` expected only, `+` actual only, `  ` same."""
    out = Text()
    want, got = expected.splitlines(), actual.splitlines()
    for op, a0, a1, b0, b1 in difflib.SequenceMatcher(None, want, got).get_opcodes():
        if op == "equal":
            for line in want[a0:a1]:
                out.append(f"  {_visible(line)}\n")
            continue
        for line in want[a0:a1]:
            out.append(f"- {_visible(line)}\n", style="black on green")
        for line in got[b0:b1]:
            out.append(f"+ {_visible(line)}\n", style="white on red")
    if not got and want:
        out.append("(the program printed nothing)\n", style="italic")
    return out


def summary_text(view: ExecutionView | None) -> Text:
    """The verdict line and one line per test."""
    if view is None:
        return Text("not run on tests (this run was not executed)", style="dim")
    style = _VERDICT_STYLE.get(view.verdict, "yellow")
    text = Text.assemble(
        (view.verdict, f"bold {style}"),
        f"  {view.passed_tests}/{view.total_tests} tests passed",
        (f"  sandbox {view.sandbox}" if view.sandbox else "", "dim"),
        "\n",
    )
    for t in view.tests:
        text.append(f"  {t.name:<10} ")
        text.append(f"{t.verdict:<14}", style=_VERDICT_STYLE.get(t.verdict, "yellow"))
        text.append(f"{t.time_s:6.2f} s  ")
        text.append(f"{t.detail}\n", style="dim")
    return text


class TestView(VerticalScroll):
    """The Tests pane of the failure browser."""

    __test__ = False  # not a pytest test class, despite the name

    DEFAULT_CSS = """
    TestView { height: 1fr; }
    TestView > Static { margin-bottom: 1; }
    """

    def compose(self) -> ComposeResult:
        yield Static(id="tests-summary")
        yield Static(id="tests-input")
        yield Static(id="tests-difference")

    def show(self, view: ExecutionView | None) -> None:
        self.query_one("#tests-summary", Static).update(summary_text(view))
        failing = next((t for t in view.tests if t.verdict != "accepted"), None) if view else None
        shown = failing is not None and bool(failing.input or failing.expected or failing.actual)
        if failing is None or not shown:
            self.query_one("#tests-input", Static).update("")
            self.query_one("#tests-difference", Static).update("")
            return
        title = Text(f"test {failing.name}: input\n", style="bold")
        self.query_one("#tests-input", Static).update(title + Text(failing.input))
        legend = Text.assemble(
            (f"test {failing.name}: expected against actual output  ", "bold"),
            ("- expected", "black on green"),
            "  ",
            ("+ actual", "white on red"),
            "\n",
        )
        self.query_one("#tests-difference", Static).update(
            legend + marked_difference(failing.expected, failing.actual)
        )
