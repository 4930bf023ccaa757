"""The compiler's structured diagnostics; choosing one jumps to its line.

Each message carries its severity's marker (✖ error, ▲ warning, ● note) as well as its colour,
and gcc's notes ("to match this '{'", "declared here") are listed indented under the message
they explain, as gcc prints them, instead of being dropped.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from cdpo_core.oracle.diagnostics import Diagnostic
from cdpo_tui.severity import MARKER, STYLE, program_line, severity


def diagnostic_text(d: Diagnostic, *, depth: int = 0) -> Text:
    """`✖  7:5 error: message [option]`, indented two cells per level of nesting."""
    level = severity(d.kind)
    where = f"{d.line}:{d.column or 0}" if d.line else "link"
    return Text.assemble(
        "  " * depth,
        (f"{MARKER[level]} ", STYLE[level]),
        (f"{where:>7} ", "dim"),
        (f"{d.kind}: ", STYLE[level]),
        d.message,
        (f" [{d.option}]" if d.option else "", "dim"),
    )


class DiagnosticsList(OptionList):
    """One option per diagnostic, its notes under it; ids are `diag-<path>-<line>`."""

    @dataclass
    class JumpTo(Message):
        """Show this line of the program."""

        line: int

    def show(self, diagnostics: tuple[Diagnostic, ...]) -> None:
        self.clear_options()
        if not diagnostics:
            self.add_option(
                Option(Text("no diagnostics (the program compiled cleanly)"), disabled=True)
            )
            return
        options: list[Option] = []
        for i, d in enumerate(diagnostics):
            options.append(Option(diagnostic_text(d), id=f"diag-{i}-{program_line(d) or 0}"))
            for j, note in enumerate(d.children):
                options.append(
                    Option(
                        diagnostic_text(note, depth=1), id=f"diag-{i}.{j}-{program_line(note) or 0}"
                    )
                )
        self.add_options(options)
        self.highlighted = 0

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        line = int(str(event.option.id).rsplit("-", 1)[1])
        if line:
            self.post_message(self.JumpTo(line))
