"""`cdpo-tui`: the lab console. `make_app()` builds it for the CLI entry point and the tests.

Stage workers live here, on the App, because a worker dies with the node that started it and
screens come and go. The App keeps the running stage's state (its log, its last progress) and
hands every event to the screens that registered as listeners.
"""

from __future__ import annotations

import argparse
import importlib
from collections import deque
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

from textual import work
from textual.app import App
from textual.binding import Binding
from textual.screen import Screen
from textual.worker import Worker, WorkerState

from cdpo_core.events import Event, LogLine, StageFailed
from cdpo_core.session import Session, SessionError, sessions_root
from cdpo_core.store import StoreError
from cdpo_core.store_views import running_runs
from cdpo_tui.commands import SessionCommands, StageCommands
from cdpo_tui.habits import HabitsApp
from cdpo_tui.messages import StageEvent, StageExited, failure_line
from cdpo_tui.paths import stylesheets
from cdpo_tui.screens.base import SessionScreen
from cdpo_tui.screens.confirm import ConfirmScreen
from cdpo_tui.screens.sessions import SessionsScreen
from cdpo_tui.stage_runner import (
    StageCommand,
    cancel_process,
    follow_run,
    run_child,
    was_cancelled,
)
from cdpo_tui.widgets.stage_log import MAX_LINES, format_event
from cdpo_tui.widgets.stage_monitor import stage_name

SCREENS = Binding.Group("screens", compact=True)
"""The screen-number keys, drawn as one compact group so they fit in any footer."""


class StageListener(Protocol):
    """A screen that shows the running stage."""

    def stage_event(self, message: StageEvent) -> None: ...

    def stage_exited(self, message: StageExited) -> None: ...


def _screen(module: str, name: str) -> Screen:
    screen: type[Screen] = getattr(importlib.import_module(f"cdpo_tui.screens.{module}"), name)
    return screen()


class CdpoApp(HabitsApp):
    """The console: five screens (modes) over one open session."""

    TITLE = "cdpo"
    CSS_PATH = stylesheets()
    # The other screens are imported when first shown: the console opens on one screen, and
    # importing all five (the failure browser's syntax highlighting, the plots) made start-up
    # slower than a researcher notices.
    MODES = {
        "sessions": SessionsScreen,
        "dataset": lambda: _screen("dataset", "DatasetScreen"),
        "pipeline": lambda: _screen("pipeline", "PipelineScreen"),
        "failures": lambda: _screen("failures", "FailuresScreen"),
        "results": lambda: _screen("results", "ResultsScreen"),
    }
    DEFAULT_MODE = "sessions"
    COMMANDS = App.COMMANDS | {SessionCommands, StageCommands}
    BINDINGS = [
        Binding("1", "show('sessions')", "Sessions", id="screen.sessions", group=SCREENS),
        Binding("2", "show('dataset')", "Dataset", id="screen.dataset", group=SCREENS),
        Binding("3", "show('pipeline')", "Pipeline", id="screen.pipeline", group=SCREENS),
        Binding("4", "show('failures')", "Failures", id="screen.failures", group=SCREENS),
        Binding("5", "show('results')", "Results", id="screen.results", group=SCREENS),
        Binding("ctrl+t", "toggle_theme", "Light/dark", id="app.theme"),
        Binding("ctrl+q", "quit_console", "Quit", id="app.quit", priority=True),
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
        self.stage_logs: dict[str, deque[str]] = {}
        """Each session's log lines since the console started (its history has the rest)."""
        self.stage_last: dict[str, Event] = {}
        """Each session's latest stage event, so its monitor can be redrawn when reopened."""
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
        if self.current_mode == "pipeline":
            # No mode switch, so no resume: reload the screen in view, or it keeps showing
            # the old session while `r` would launch steps in the new one.
            self.call_later(self.reload_current)
        else:
            self.switch_mode("pipeline")
        return True

    async def reload_current(self) -> None:
        """Reload the screen at the bottom of the current mode if it is stale."""
        screen = self.screen_stack[0] if self.screen_stack else None
        if isinstance(screen, SessionScreen):
            await screen.on_screen_resume()

    def close_session(self) -> None:
        self.session = None
        self.sub_title = ""
        self.data_version += 1

    # -- stages --------------------------------------------------------------------------------

    @property
    def stage_running(self) -> bool:
        return self.stage_command is not None

    def stage_of(self, session: str) -> StageCommand | None:
        """The console's stage if it belongs to `session`."""
        command = self.stage_command
        return command if command is not None and command.session == session else None

    def log_of(self, session: str) -> deque[str]:
        return self.stage_logs.setdefault(session, deque(maxlen=MAX_LINES))

    def launch(self, command: StageCommand) -> bool:
        """Start a stage unless one is running; one at a time keeps GPU memory predictable."""
        running = self.stage_command
        if running is not None:
            self.notify(
                f"{stage_name(running.session, running.title)} is still running; "
                + (
                    "cancel it first (x)"
                    if self.session is not None and running.session == self.session.name
                    else f"open {running.session} to cancel it, or wait for it"
                ),
                severity="warning",
            )
            return False
        self.stage_command = command
        self.stage_last.pop(command.session, None)
        said = LogLine(stage="console", message=f"$ cdpo {' '.join(command.args)}")
        self.post_message(StageEvent(command.session, said))
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
        self.log_of(session.name).append(
            f"following {step}, run {run_id}, started elsewhere (pid {pid})"
        )

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
        """Cancel the open session's running stage, after asking; never another session's."""
        if self.session is None:
            self.notify("open a session first (1)", severity="warning")
            return
        name = self.session.name
        target = self.cancel_target(name)
        if target is None:
            other = self.stage_command
            elsewhere = (
                f"; {stage_name(other.session, other.title)} runs in another session"
                if other is not None and other.session != name
                else ""
            )
            self.notify(f"no stage of {name} is running{elsewhere}", severity="warning")
            return
        pid, own_group, title = target

        def cancel(yes: bool | None) -> None:
            if yes and cancel_process(pid, own_group=own_group):
                self.notify(f"cancelling {stage_name(name, title)}: it stops at a safe point")

        self.push_screen(
            ConfirmScreen(
                f"Cancel {stage_name(name, title)}? It stops at its next safe point and keeps "
                "what it finished; running it again continues from there."
            ),
            cancel,
        )

    def cancel_target(self, session: str) -> tuple[int, bool, str] | None:
        """(pid, whether it leads its own group, title) of `session`'s running stage: the
        console's own, or one started elsewhere that the store knows of."""
        command = self.stage_of(session)
        if command is not None and self.stage_pid is not None:
            return self.stage_pid, self.stage_own_group, command.title
        if self.session is None or self.session.name != session:
            return None
        runs = [r for r in running_runs(self.session.db_path) if r.pid]
        if not runs:
            return None
        return int(runs[-1].pid or 0), False, runs[-1].step

    def on_stage_event(self, message: StageEvent) -> None:
        line = format_event(message.event)
        if line is not None:
            self.log_of(message.session).append(line)
        if not isinstance(message.event, LogLine):
            self.stage_last[message.session] = message.event
        for listener in list(self.stage_listeners):
            listener.stage_event(message)

    def on_stage_exited(self, message: StageExited) -> None:
        last = self.stage_last.get(message.session)
        self.stage_command = None
        self.stage_last.pop(message.session, None)
        self.stage_pid = None
        self.data_version += 1
        code = message.returncode
        if code not in (0, None):
            cancelled = was_cancelled(code)
            what = "cancelled" if cancelled else f"failed (exit status {code})"
            log = self.log_of(message.session)
            log.append(f"{message.title} {what}")
            if message.stderr_tail and not cancelled:
                log.extend(message.stderr_tail.splitlines())
            said = last if isinstance(last, StageFailed) and last.error else None
            self.notify(
                (said.error if said else failure_line(message.stderr_tail)) or what,
                title=f"{stage_name(message.session, message.title)} {what}",
                severity="warning" if cancelled else "error",
                timeout=10,
            )
        else:
            # A child that exited 0 has nothing to say on stderr but library warnings (a
            # tokenizer's "Token indices sequence length…" stacked one toast per step); only a
            # followed stage's tail ("ended done") is the console's own words.
            said = message.stderr_tail if code is None else ""
            self.notify(f"{stage_name(message.session, message.title)}: {said or 'finished'}")
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
