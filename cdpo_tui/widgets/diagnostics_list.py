"""The compiler's structured diagnostics; choosing one jumps to its line."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rich.text import Text
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

KIND_STYLE = {"error": "bold red", "fatal error": "bold red", "warning": "yellow", "note": "cyan"}


class DiagnosticsList(OptionList):
    """One option per diagnostic: `line:col kind: message [option]`."""

    @dataclass
    class JumpTo(Message):
        """Show this line of the program."""

        line: int

    def show(self, diagnostics: tuple[dict[str, Any], ...]) -> None:
        self.clear_options()
        if not diagnostics:
            self.add_option(
                Option(Text("no diagnostics (the program compiled cleanly)"), disabled=True)
            )
            return
        for i, d in enumerate(diagnostics):
            where = f"{d['line']}:{d['col'] or 0}" if d.get("line") else "link"
            text = Text.assemble(
                (f"{where:>8} ", "dim"),
                (f"{d['kind']}: ", KIND_STYLE.get(d["kind"], "")),
                d["message"],
                (f" [{d['option']}]" if d.get("option") else "", "dim"),
            )
            self.add_option(Option(text, id=f"diag-{i}-{d.get('line') or 0}"))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        line = int(str(event.option.id).rsplit("-", 1)[1])
        if line:
            self.post_message(self.JumpTo(line))
