"""Pipeline: the plan's stages and their state; launch, follow and cancel a stage.

The running stage shows as a progress bar, a log pane and live plots of its training metrics;
a finished training run's plots are drawn from the store when its row is selected. The screen
shows the open session only: a stage of another session is named in the monitor as running
elsewhere, never shown as this session's, and its events never reach this log or these plots.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Footer, Header, Label, TabbedContent, TabPane

from cdpo_core.events import Metric, Progress, StageFailed, StageFinished, StageStarted
from cdpo_core.pipeline import StepState, plan_status
from cdpo_core.steps import STEPS, plan_steps
from cdpo_core.store import StoreError
from cdpo_core.store_views import latest_run, run_records, stored_log
from cdpo_tui.messages import StageEvent, StageExited
from cdpo_tui.screens.base import SessionScreen
from cdpo_tui.screens.confirm import ConfirmScreen
from cdpo_tui.screens.history import HistoryScreen
from cdpo_tui.screens.stage_menu import StageMenuScreen
from cdpo_tui.stage_runner import (
    StageCommand,
    plan_command,
    step_command,
    was_cancelled,
)
from cdpo_tui.widgets.metrics_panel import PLOTTED, MetricsPanel
from cdpo_tui.widgets.plan_table import PlanTable
from cdpo_tui.widgets.stage_log import StageLog, format_event
from cdpo_tui.widgets.stage_monitor import StageMonitor, stage_name

if TYPE_CHECKING:
    from cdpo_tui.app import CdpoApp


def progress_text(event: Progress) -> str:
    """A running step's result cell: how far it got, never a previous attempt's number."""
    return f"{event.done}/{event.total if event.total else '?'} {event.unit}"


def launch_step(app: CdpoApp, step: str, started: Callable[[], object] = lambda: None) -> None:
    """Run `step` of the open session; one that is done already runs again only after a yes
    (the CLI's `--force`): a new run replaces the result later steps were built on."""
    session = app.session
    if session is None:
        app.notify("open a session first (1)", severity="warning")
        return
    spec = STEPS.get(step)
    title = spec.title if spec else ""
    done = next((s for s in plan_status(session) if s.step == step and s.status == "done"), None)
    if done is None:
        if app.launch(step_command(app.root, session.name, step, title)):
            started()
        return

    def rerun(yes: bool | None) -> None:
        command = step_command(app.root, session.name, step, title, force=True)
        if yes and app.launch(command):
            started()

    app.push_screen(
        ConfirmScreen(
            f"{stage_name(session.name, step)} is done (run {done.run_id}). Run it again as a "
            "new run? Steps built on it keep their results until they run again."
        ),
        rerun,
    )


class PipelineScreen(SessionScreen):
    """The session's plan, the running stage and its output."""

    AUTO_FOCUS = "#plan"

    BINDINGS = [
        Binding("m", "menu", "Run…", id="stage.menu"),
        Binding("r", "run_selected", "Run step", id="stage.run"),
        Binding("a", "run_plan", "Run plan", id="stage.plan"),
        Binding("x", "cancel", "Cancel stage", id="stage.cancel"),
        Binding("p", "toggle_pane", "Log/plots", id="stage.pane"),
        Binding("h", "history", "History", id="stage.history"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.live_step: str | None = None
        """The stage whose streamed metrics the plots show, until another row is chosen."""
        self.shown_session: str | None = None
        """The session whose log and monitor this screen shows."""
        self._rows_read = 0.0
        """When the plan rows were last read (monotonic): a running row's duration follows."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield Label("", id="session-info")
        yield PlanTable(id="plan")
        yield StageMonitor(id="monitor")
        with TabbedContent(id="panes"):
            with TabPane("Log", id="log-pane"):
                yield StageLog(id="log")
            with TabPane("Metrics", id="metrics-pane"):
                yield Label("", id="metrics-title")
                yield MetricsPanel(id="metrics")
        yield Footer()

    def states(self) -> list[StepState]:
        """Every step of the plan (prep first): a failed one shows its error, a running one
        how far it got, and durations count the run's attempts, not the time since its first
        start."""
        session = self.cdpo.session
        assert session is not None
        states = plan_status(session)
        records = {r.run.id: r for r in run_records(session.db_path, [s.step for s in states])}
        last = self.cdpo.stage_last.get(session.name)
        now = time.time()
        out = []
        for s in states:
            record = records.get(s.run_id) if s.run_id is not None else None
            if record is None:
                out.append(s)
                continue
            headline = s.headline
            if s.status in ("failed", "cancelled"):
                headline = record.run.error or headline
            elif s.status == "running":
                live = last if isinstance(last, Progress) and last.stage == s.step else None
                headline = progress_text(live) if live is not None else "running…"
            out.append(dataclasses.replace(s, headline=headline, duration=record.duration(now)))
        return out

    def show_session_log(self, name: str | None) -> None:
        """The log and monitor of `name` (the open session), nothing of any other."""
        self.shown_session = name
        self.live_step = None
        log = self.query_one(StageLog)
        log.clear()
        monitor = self.query_one(StageMonitor)
        if name is None:
            log.border_title = "log"
            monitor.idle("no session open")
            return
        log.border_title = f"log · {name}"
        lines = list(self.cdpo.log_of(name))
        if not lines:
            lines = self.stored_lines(name)
        log.write_lines(lines)
        last = self.cdpo.stage_last.get(name)
        other = self.cdpo.stage_command
        if last is not None:
            monitor.apply(last, name)
        elif other is not None and other.session != name:
            monitor.idle(
                f"no stage of {name} running ({stage_name(other.session, other.title)} runs)"
            )
        else:
            monitor.idle(f"no stage of {name} running")

    def stored_lines(self, name: str) -> list[str]:
        """The latest run's stored log, for a console that did not see it run (h: all runs)."""
        session = self.cdpo.session
        try:
            run = latest_run(session.db_path) if session is not None else None
            stored = stored_log(session.db_path, run.id) if session and run else None
        except StoreError:
            return []
        if run is None or stored is None or not stored.events:
            return []
        return [f"stored log of {stage_name(name, run.step)} #{run.id} (h: every run)"] + [
            line for e in stored.events if (line := format_event(e)) is not None
        ]

    async def reload(self) -> None:
        session = self.cdpo.session
        info = self.query_one("#session-info", Label)
        table = self.query_one(PlanTable)
        name = session.name if session is not None else None
        if name != self.shown_session:
            self.show_session_log(name)
        if session is None:
            info.update("no session open: choose one on the Sessions screen (1)")
            table.clear()
            return
        self.sub_title = session.name
        info.update(
            Text(
                f"{session.name}: model {session.config.model.name_or_path}, "
                f"preset {session.config.preset}"
            )
        )
        try:
            table.show(self.states())
        except StoreError as exc:
            info.update(f"cannot read {session.db_path}: {exc}")
            return
        if self.live_step is None:
            await self.show_metrics(table.selected_step)

    async def show_metrics(self, step: str | None) -> None:
        """Plots of `step`'s latest training run, unless they show it live already."""
        session = self.cdpo.session
        if session is None or step is None or step == self.live_step:
            return
        spec = STEPS.get(step)
        kind = spec.kind if spec else ""
        title = self.query_one("#metrics-title", Label)
        name = stage_name(session.name, step)
        if kind not in PLOTTED:
            title.update(f"{name} has no training metrics")
            self.query_one(MetricsPanel).show_run("", {})
            return
        with session.store(readonly=True) as store:
            run = store.latest_run(step)
            metrics = store.metrics(run.id) if run else {}
        panel = self.query_one(MetricsPanel)
        panel.show_run(kind, metrics)
        line = f"{name}: run {run.id}" if run else f"{name}: not run yet"
        title.update(f"{line} · {panel.alarm_text}" if panel.alarm_text else line)

    async def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.row_key.value is not None and event.row_key.value != self.live_step:
            self.live_step = None
            await self.show_metrics(str(event.row_key.value))

    # -- launching -----------------------------------------------------------------------------

    def command_for(self, key: str) -> StageCommand | None:
        session = self.cdpo.session
        if session is None:
            self.notify("open a session first (1)", severity="warning")
            return None
        return plan_command(self.cdpo.root, session.name) if key == "plan" else None

    def launch(self, key: str) -> None:
        if key.startswith("step:"):
            launch_step(self.cdpo, key.removeprefix("step:"), self.query_one(PlanTable).focus)
            return
        command = self.command_for(key)
        if command is not None and self.cdpo.launch(command):
            self.query_one(PlanTable).focus()

    def action_run_selected(self) -> None:
        step = self.query_one(PlanTable).selected_step
        if step:
            self.launch(f"step:{step}")

    def action_run_plan(self) -> None:
        self.launch("plan")

    def action_cancel(self) -> None:
        self.cdpo.action_cancel_stage()

    def action_menu(self) -> None:
        session = self.cdpo.session
        if session is None:
            self.notify("open a session first (1)", severity="warning")
            return
        entries = [
            (f"step:{step}", f"Run {step}: {STEPS[step].title}")
            for step in plan_steps(session.config)
        ]
        entries.append(("plan", "Run the rest of the plan"))
        entries.append(("history", "Run history"))
        if self.cdpo.cancel_target(session.name) is not None:
            entries.append(("cancel", "Cancel the running stage"))

        def chosen(key: str | None) -> None:
            if key == "cancel":
                self.action_cancel()
            elif key == "history":
                self.action_history()
            elif key:
                self.launch(key)

        self.app.push_screen(StageMenuScreen(entries), chosen)

    def action_history(self) -> None:
        session = self.cdpo.session
        if session is None:
            self.notify("open a session first (1)", severity="warning")
            return
        self.app.push_screen(HistoryScreen(session, self.query_one(PlanTable).selected_step))

    def action_toggle_pane(self) -> None:
        panes = self.query_one(TabbedContent)
        panes.active = "metrics-pane" if panes.active == "log-pane" else "log-pane"

    # -- following -----------------------------------------------------------------------------

    def stage_event(self, message: StageEvent) -> None:
        if self.cdpo.session is None or message.session != self.cdpo.session.name:
            return
        event = message.event
        name = message.session
        self.query_one(StageMonitor).apply(event, name)
        line = format_event(event)
        log = self.query_one(StageLog)
        if line is not None:
            log.write_line(line)
        spec = STEPS.get(event.stage)
        if isinstance(event, StageStarted):
            log.border_title = f"log · {stage_name(name, event.stage)}"
        if isinstance(event, StageStarted) and spec and spec.kind in PLOTTED:
            self.live_step = event.stage
            self.query_one("#metrics-title", Label).update(f"{stage_name(name, event.stage)}: live")
            self.query_one(MetricsPanel).show_run(spec.kind, {})
        if isinstance(event, Metric) and event.stage == self.live_step:
            panel = self.query_one(MetricsPanel)
            fired = panel.alarm_step is not None
            panel.add(event.step, event.values)
            if panel.alarm_text and not fired:
                live = f"{stage_name(name, event.stage)}: live · {panel.alarm_text}"
                self.query_one("#metrics-title", Label).update(live)
        table = self.query_one(PlanTable)
        if isinstance(event, Progress) and event.stage in table.steps:
            table.set_result(event.stage, progress_text(event))
        # Progress reads the rows again at most once a second, or a running row's duration
        # stays at the 0s it had when its stage started.
        now = time.monotonic()
        boundary = isinstance(event, StageStarted | StageFinished | StageFailed)
        if boundary or (isinstance(event, Progress) and now - self._rows_read >= 1.0):
            self._rows_read = now
            table.show(self.states())

    def stage_exited(self, message: StageExited) -> None:
        if self.cdpo.session is None or message.session != self.cdpo.session.name:
            self.query_one(StageMonitor).idle(f"no stage of {self.shown_session} running")
            return
        code = message.returncode
        cancelled = code is not None and was_cancelled(code)
        tail = message.stderr_tail.splitlines()
        self.query_one(StageMonitor).exited(
            stage_name(message.session, message.title),
            code,
            tail[-1] if tail else "",
            cancelled=cancelled,
        )
        log = self.query_one(StageLog)
        if code not in (0, None) and not cancelled:
            log.write_line(f"{message.title} failed: exit status {code}")
            log.write_lines(tail)
        elif cancelled:
            log.write_line(f"{message.title} cancelled")
        self._version = self.cdpo.data_version
        self.run_worker(self.reload(), group="pipeline-refresh")
