"""Pipeline: the plan's stages and their state; launch, follow and cancel a stage.

The running stage shows as a progress bar, a log pane and live plots of its training metrics;
a finished training run's plots are drawn from the store when its row is selected.
"""

from __future__ import annotations

import dataclasses

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Footer, Header, Label, TabbedContent, TabPane

from cdpo_core.events import Metric, StageFailed, StageFinished, StageStarted
from cdpo_core.pipeline import StepState, plan_status
from cdpo_core.steps import STEPS, plan_steps
from cdpo_core.store import StoreError
from cdpo_tui.messages import StageEvent, StageExited
from cdpo_tui.screens.base import SessionScreen
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
from cdpo_tui.widgets.stage_monitor import StageMonitor


class PipelineScreen(SessionScreen):
    """The session's plan, the running stage and its output."""

    AUTO_FOCUS = "#plan"

    BINDINGS = [
        Binding("m", "menu", "Run…", id="stage.menu"),
        Binding("r", "run_selected", "Run step", id="stage.run"),
        Binding("a", "run_plan", "Run plan", id="stage.plan"),
        Binding("x", "cancel", "Cancel stage", id="stage.cancel"),
        Binding("p", "toggle_pane", "Log/plots", id="stage.pane"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.live_step: str | None = None
        """The stage whose streamed metrics the plots show, until another row is chosen."""

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

    def on_mount(self) -> None:
        super().on_mount()
        log = self.query_one(StageLog)
        log.write_lines(list(self.cdpo.stage_lines))

    def states(self) -> list[StepState]:
        """Every step of the plan (prep first), a failed one showing its error."""
        session = self.cdpo.session
        assert session is not None
        states = plan_status(session)
        with session.store(readonly=True) as store:
            return [
                dataclasses.replace(s, headline=store.run(s.run_id).error or s.headline)
                if s.run_id is not None and s.status in ("failed", "cancelled")
                else s
                for s in states
            ]

    async def reload(self) -> None:
        session = self.cdpo.session
        info = self.query_one("#session-info", Label)
        table = self.query_one(PlanTable)
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
        """Plots of `step`'s latest training run, unless a live stage owns the plots."""
        session = self.cdpo.session
        if session is None or step is None or self.cdpo.stage_running:
            return
        spec = STEPS.get(step)
        kind = spec.kind if spec else ""
        title = self.query_one("#metrics-title", Label)
        if kind not in PLOTTED:
            title.update(f"{step} has no training metrics")
            self.query_one(MetricsPanel).show_run("", {})
            return
        with session.store(readonly=True) as store:
            run = store.latest_run(step)
            metrics = store.metrics(run.id) if run else {}
        title.update(f"{step}: run {run.id}" if run else f"{step}: not run yet")
        self.query_one(MetricsPanel).show_run(kind, metrics)

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
        root = self.cdpo.root
        if key == "plan":
            return plan_command(root, session.name)
        step = key.removeprefix("step:")
        spec = STEPS.get(step)
        return step_command(root, session.name, step, spec.title if spec else "")

    def launch(self, key: str) -> None:
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
        if self.cdpo.stage_running:
            entries.append(("cancel", "Cancel the running stage"))

        def chosen(key: str | None) -> None:
            if key == "cancel":
                self.action_cancel()
            elif key:
                self.launch(key)

        self.app.push_screen(StageMenuScreen(entries), chosen)

    def action_toggle_pane(self) -> None:
        panes = self.query_one(TabbedContent)
        panes.active = "metrics-pane" if panes.active == "log-pane" else "log-pane"

    # -- following -----------------------------------------------------------------------------

    def stage_event(self, message: StageEvent) -> None:
        if self.cdpo.session is None or message.session != self.cdpo.session.name:
            return
        event = message.event
        self.query_one(StageMonitor).apply(event)
        line = format_event(event)
        if line is not None:
            self.query_one(StageLog).write_line(line)
        spec = STEPS.get(event.stage)
        if isinstance(event, StageStarted) and spec and spec.kind in PLOTTED:
            self.live_step = event.stage
            self.query_one("#metrics-title", Label).update(f"{event.stage}: live")
            self.query_one(MetricsPanel).show_run(spec.kind, {})
        if isinstance(event, Metric):
            self.query_one(MetricsPanel).add(event.step, event.values)
        if isinstance(event, StageStarted | StageFinished | StageFailed):
            self.query_one(PlanTable).show(self.states())

    def stage_exited(self, message: StageExited) -> None:
        code = message.returncode
        if code not in (0, None) and not was_cancelled(code):
            self.query_one(StageMonitor).exited(
                code, message.stderr_tail.splitlines()[-1] if message.stderr_tail else ""
            )
            log = self.query_one(StageLog)
            log.write_line(f"{message.title} failed: exit status {code}")
            if message.stderr_tail:
                log.write_lines(message.stderr_tail.splitlines())
        elif code is not None and was_cancelled(code):
            self.query_one(StageLog).write_line(f"{message.title} cancelled")
        self._version = self.cdpo.data_version
        self.run_worker(self.reload(), group="pipeline-refresh")
