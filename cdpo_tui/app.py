"""`cdpo-tui`: the lab console. `make_app()` builds it for the CLI entry point and the tests.

Stage workers live here, on the App, because a worker dies with the node that started it and
screens come and go. The App keeps the running stage's state (its log, its last progress) and
hands every event to the screens that registered as listeners.
"""

from __future__ import annotations

import argparse
from collections import deque
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

from textual import work
from textual.app import App
from textual.binding import Binding
from textual.worker import Worker, WorkerState

from cdpo_core.events import Event
from cdpo_core.session import Session, SessionError, sessions_root
from cdpo_core.store import StoreError
from cdpo_tui.commands import SessionCommands, StageCommands
from cdpo_tui.messages import StageEvent, StageExited
from cdpo_tui.paths import stylesheets
from cdpo_tui.screens.dataset import DatasetScreen
from cdpo_tui.screens.failures import FailuresScreen
from cdpo_tui.screens.pipeline import PipelineScreen
from cdpo_tui.screens.results import ResultsScreen
from cdpo_tui.screens.sessions import SessionsScreen
from cdpo_tui.stage_runner import (
    StageCommand,
    cancel_process,
    follow_run,
    run_child,
    running_runs,
    was_cancelled,
)
from cdpo_tui.widgets.stage_log import MAX_LINES, format_event


class StageListener(Protocol):
    """A screen that shows the running stage."""

    def stage_event(self, message: StageEvent) -> None: ...

    def stage_exited(self, message: StageExited) -> None: ...


class CdpoApp(App[None]):
    """The console: five screens (modes) over one open session."""

    TITLE = "cdpo"
    CSS_PATH = stylesheets()
    MODES = {
        "sessions": SessionsScreen,
        "dataset": DatasetScreen,
        "pipeline": PipelineScreen,
        "failures": FailuresScreen,
        "results": ResultsScreen,
    }
    DEFAULT_MODE = "sessions"
    COMMANDS = App.COMMANDS | {SessionCommands, StageCommands}
    BINDINGS = [
        Binding("1", "show('sessions')", "Sessions", id="screen.sessions"),
        Binding("2", "show('dataset')", "Dataset", id="screen.dataset"),
        Binding("3", "show('pipeline')", "Pipeline", id="screen.pipeline"),
        Binding("4", "show('failures')", "Failures", id="screen.failures"),
        Binding("5", "show('results')", "Results", id="screen.results"),
        Binding("ctrl+t", "toggle_theme", "Light/dark", id="app.theme"),
        Binding("ctrl+q", "quit", "Quit", id="app.quit", priority=True),
    ]

    def __init__(self, root: Path, session: str | None = None) -> None:
        super().__init__()
        self.root = root
        self.session: Session | None = None
        self.data_version = 0
        """Bumped when the open session changes or a stage ends: screens reload when stale."""
        self.stage_command: StageCommand | None = None
        self.stage_pid: int | None = None
        self.stage_own_group = False
        self.stage_lines: deque[str] = deque(maxlen=MAX_LINES)
        self.stage_listeners: set[StageListener] = set()
        self._initial_session = session

    def on_mount(self) -> None:
        if self._initial_session:
            self.open_session(self._initial_session)

    # -- sessions ------------------------------------------------------------------------------

    def open_session(self, name: str) -> bool:
        """Open `name`, follow any stage of it already running, and show its pipeline."""
        try:
            session = Session.open(self.root, name)
            running = running_runs(session.db_path)
        except (SessionError, StoreError) as exc:
            self.notify(str(exc), title="cannot open session", severity="error", timeout=8)
            return False
        self.session = session
        self.sub_title = name
        self.data_version += 1
        if running and not self.stage_running:
            run = running[-1]
            self.stage_command = StageCommand(
                self.root, name, (run.step,), f"{run.step} (pid {run.pid})"
            )
            self.stage_pid = run.pid
            self.stage_own_group = False
            self.follow_stage(session, run.id, run.step, run.pid)
        self.switch_mode("pipeline")
        return True

    def close_session(self) -> None:
        self.session = None
        self.sub_title = ""
        self.data_version += 1

    # -- stages --------------------------------------------------------------------------------

    @property
    def stage_running(self) -> bool:
        return self.stage_command is not None

    def launch(self, command: StageCommand) -> bool:
        """Start a stage unless one is running; one at a time keeps GPU memory predictable."""
        if self.stage_command is not None:
            self.notify(
                f"{self.stage_command.title} is still running; cancel it first (x)",
                severity="warning",
            )
            return False
        self.stage_command = command
        self.stage_lines.append(f"$ cdpo {' '.join(command.args)}")
        self.run_stage(command)
        return True

    @work(exclusive=True, group="stage", exit_on_error=False)
    async def run_stage(self, command: StageCommand) -> None:
        def on_start(pid: int) -> None:
            self.stage_pid = pid
            self.stage_own_group = True

        def on_event(event: Event) -> None:
            self.post_message(StageEvent(command.session, event))

        result = await run_child(command, on_event, on_start)
        self.post_message(
            StageExited(command.session, command.title, result.returncode, result.stderr_tail)
        )

    @work(exclusive=True, group="stage", exit_on_error=False)
    async def follow_stage(self, session: Session, run_id: int, step: str, pid: int | None) -> None:
        """Follow a stage started before this console opened, through the store."""
        self.stage_lines.append(f"following {step}, run {run_id}, started elsewhere (pid {pid})")

        def on_event(event: Event) -> None:
            self.post_message(StageEvent(session.name, event))

        status = await follow_run(session.db_path, run_id, on_event)
        self.post_message(StageExited(session.name, step, None, f"ended {status}"))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A worker that could not start its child (or crashed) must not leave a ghost stage."""
        if event.worker.group == "stage" and event.state == WorkerState.ERROR:
            command = self.stage_command
            self.post_message(
                StageExited(
                    command.session if command else "",
                    command.title if command else "stage",
                    -1,
                    str(event.worker.error),
                )
            )

    def action_cancel_stage(self) -> None:
        if self.stage_pid is None:
            self.notify("no stage is running", severity="warning")
            return
        if cancel_process(self.stage_pid, own_group=self.stage_own_group):
            self.notify("cancelling: the stage stops at its next safe point")

    def on_stage_event(self, message: StageEvent) -> None:
        line = format_event(message.event)
        if line is not None:
            self.stage_lines.append(line)
        for listener in list(self.stage_listeners):
            listener.stage_event(message)

    def on_stage_exited(self, message: StageExited) -> None:
        self.stage_command = None
        self.stage_pid = None
        self.data_version += 1
        code = message.returncode
        if code not in (0, None):
            cancelled = was_cancelled(code)
            what = "cancelled" if cancelled else f"failed (exit status {code})"
            self.stage_lines.append(f"{message.title} {what}")
            if message.stderr_tail and not cancelled:
                self.stage_lines.extend(message.stderr_tail.splitlines())
            self.notify(
                message.stderr_tail.splitlines()[-1] if message.stderr_tail else what,
                title=f"{message.title} {what}",
                severity="warning" if cancelled else "error",
                timeout=10,
            )
        else:
            self.notify(f"{message.title}: {message.stderr_tail or 'finished'}")
        for listener in list(self.stage_listeners):
            listener.stage_exited(message)

    # -- navigation ----------------------------------------------------------------------------

    def action_show(self, mode: str) -> None:
        self.switch_mode(mode)

    def action_toggle_theme(self) -> None:
        self.theme = "textual-light" if self.current_theme.dark else "textual-dark"


def make_app(root: Path | str | None = None, session: str | None = None) -> CdpoApp:
    """The console over the sessions in `root` (default: $CDPO_SESSIONS or ./sessions)."""
    return CdpoApp(sessions_root(root), session)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="cdpo-tui", description="The cdpo lab console: sessions, stages, failures, results."
    )
    parser.add_argument("--sessions", metavar="DIR", help="sessions folder (default: ./sessions)")
    parser.add_argument("--session", metavar="NAME", help="open this session directly")
    args = parser.parse_args(argv)
    make_app(args.sessions, args.session).run()
    return 0
