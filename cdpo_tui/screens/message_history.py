"""Every toast the console showed, newest first, so that a message that faded can be read."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

SEVERITY_STYLE = {"information": "", "warning": "yellow", "error": "bold red"}
SEVERITY_MARK = {"information": "·", "warning": "▲", "error": "✖"}


@dataclass(frozen=True)
class Notice:
    """One toast as it was shown."""

    title: str
    message: str
    severity: str


class MessageHistoryScreen(ModalScreen[None]):
    """The message history; Esc (or ctrl+l again) closes it."""

    BINDINGS = [Binding("escape,ctrl+l", "close", "Close", id="messages.close")]

    def __init__(self, notices: tuple[Notice, ...]) -> None:
        super().__init__()
        self.notices = notices

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label(f"Messages ({len(self.notices)}, newest first)", id="history-title")
            options = [
                Option(
                    Text.assemble(
                        (
                            f"{SEVERITY_MARK.get(n.severity, '·')} ",
                            SEVERITY_STYLE.get(n.severity, ""),
                        ),
                        (f"{n.title}: " if n.title else "", "bold"),
                        n.message,
                    )
                )
                for n in reversed(self.notices)
            ]
            yield OptionList(
                *(options or [Option(Text("nothing said yet", style="dim"), disabled=True)]),
                id="history",
            )

    def action_close(self) -> None:
        self.dismiss(None)
