"""Ask for one session name (the copy's), validated as the core validates it."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label

from cdpo_core.session import NAME_PATTERN


class NamePromptScreen(ModalScreen[str | None]):
    """Returns the name, or None when cancelled."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="prompt.cancel")]

    def __init__(self, title: str, taken: set[str], value: str = "") -> None:
        super().__init__()
        self.prompt_title = title
        self.taken = taken
        self.value = value

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label(self.prompt_title)
            yield Input(self.value, placeholder="name", id="name")
            yield Label("", id="error", classes="error")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        name = event.value.strip()
        error = ""
        if not NAME_PATTERN.match(name):
            error = "use letters, digits, '.', '_' or '-' (at most 64, first a letter or digit)"
        elif name in self.taken:
            error = f"a session {name!r} exists already"
        if error:
            self.query_one("#error", Label).update(error)
            return
        self.dismiss(name)

    def action_cancel(self) -> None:
        self.dismiss(None)
