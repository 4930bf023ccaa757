"""The stage menu: run the selected step, any step, the rest of the plan, or cancel."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option


class StageMenuScreen(ModalScreen[str | None]):
    """Returns the chosen entry's id (`prep`, `step:<name>`, `plan`, `cancel`) or None."""

    BINDINGS = [Binding("escape", "dismiss_menu", "Close", id="menu.close")]

    def __init__(self, entries: list[tuple[str, str]]) -> None:
        super().__init__()
        self.entries = entries

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label("Run a stage", id="menu-title")
            yield OptionList(*(Option(text, id=key) for key, text in self.entries), id="menu")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_dismiss_menu(self) -> None:
        self.dismiss(None)
