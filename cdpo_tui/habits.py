"""The keyboard habits every screen shares, and the history of what the console said.

`?` shows the keys, `Esc` backs out of whatever panel is open, `q` asks before quitting,
`ctrl+q` quits at once unless a stage runs (it then says that the stage keeps running: stages
run in their own process group and outlive the console), and every toast is kept so that
`ctrl+l` can show it again after it faded.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

from textual.app import App
from textual.binding import Binding
from textual.notifications import SeverityLevel
from textual.screen import ModalScreen

from cdpo_tui.screens.confirm import ConfirmScreen
from cdpo_tui.screens.message_history import MessageHistoryScreen, Notice
from cdpo_tui.stage_runner import StageCommand
from cdpo_tui.widgets.stage_monitor import stage_name

HISTORY = 200
"""Toasts kept for the message history."""


@dataclass(frozen=True)
class QuitQuestion:
    """What quitting asks, if anything."""

    ask: bool
    question: str


class HabitsApp(App[None]):
    """An App with the console's shared keys and a message history."""

    BINDINGS = [
        Binding("question_mark", "toggle_keys", "Keys", id="app.keys"),
        Binding("ctrl+l", "message_history", "Messages", id="app.messages", show=False),
        Binding("q", "quit_console(True)", "Quit", id="app.ask_quit", show=False),
        Binding("escape", "back_out", "Back", id="app.back", show=False, priority=True),
    ]

    stage_command: StageCommand | None = None
    """The stage this console runs or follows; set by the subclass."""

    def __init__(self) -> None:
        super().__init__()
        self.notices: deque[Notice] = deque(maxlen=HISTORY)

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Show a toast and keep it for the message history."""
        self.notices.append(Notice(title, message, severity))
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=markup)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "back_out":
            # Only while the keys panel is open; otherwise Esc goes on to the screen.
            return self._keys_shown()
        if action == "quit_console" and parameters == (True,):
            return not isinstance(self.screen, ModalScreen)
        return super().check_action(action, parameters)

    def _keys_shown(self) -> bool:
        # Queried by name, as Textual does: importing HelpPanel pulls in Markdown (~40 ms of
        # start-up) for a panel most sessions never open.
        return bool(self.screen.query("HelpPanel"))

    def action_toggle_keys(self) -> None:
        if self._keys_shown():
            self.action_hide_help_panel()
        else:
            self.action_show_help_panel()

    def action_back_out(self) -> None:
        self.action_hide_help_panel()

    def action_message_history(self) -> None:
        if not isinstance(self.screen, MessageHistoryScreen):
            self.push_screen(MessageHistoryScreen(tuple(self.notices)))

    def quit_question(self, ask: bool) -> QuitQuestion:
        command = self.stage_command
        if command is not None:
            return QuitQuestion(
                True,
                f"Quit the console? {stage_name(command.session, command.title)} keeps running"
                " in its own process; open its session again to follow it.",
            )
        return QuitQuestion(ask, "Quit the console?")

    def action_quit_console(self, ask: bool = False) -> None:
        """`q` always asks; `ctrl+q` asks only when a stage runs, to say it keeps running."""
        question = self.quit_question(ask)
        if not question.ask:
            self.exit()
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.exit()

        self.push_screen(ConfirmScreen(question.question), answered)
