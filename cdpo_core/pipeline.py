"""Running a session's plan: which steps are done, what each takes from earlier ones, in order.

The steps themselves are data (`cdpo_core.steps`); this module walks them. The paper's plan
(section 5) evaluates the base model, fine-tunes it (SFT), builds preference pairs from the
compiler's verdicts on the training split, trains DPO on top of +SFT and on top of Base, and
evaluates every model on the test split. Every plan starts with prep (and the tiny model's
build when the session uses it), so `cdpo run` on a fresh session does everything.

`run_step` resolves a step's inputs, and `call_step`, which it calls, is the one place a
step's run frame is opened: it builds the frame from the spec (`runner.step_frame`: the
settings it records, the inputs it fingerprints) and calls the stage function inside it. A
stage function only does the work; the direct entries that run a stage outside the plan
(`cdpo eval`, `cdpo model build-tiny --seconds`, the loss sweep's runs) hand `call_step` a call
of their own.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cdpo_core.events import Emit, LogLine
from cdpo_core.results import format_rate
from cdpo_core.runner import RunContext, StageError, effective_status, step_frame
from cdpo_core.session import Session, list_sessions, preset
from cdpo_core.steps import STEPS, StepCall, StepSpec, plan_steps, spec_of
from cdpo_core.store import Run


@dataclass(frozen=True)
class StepState:
    """Where a plan step stands, for `cdpo status` and the console's pipeline screen."""

    step: str
    kind: str
    label: str
    status: str
    run_id: int | None
    started: float | None
    duration: float | None
    headline: str


def headline(run: Run) -> str:
    """The one number a researcher looks for first."""
    s = run.summary
    if run.kind == "eval" and "total" in s:
        return format_rate(s["passed"], s["total"], s.get("skipped_prompts", 0))
    if run.kind == "prefs" and "pairs" in s:
        return f"{s['pairs']} pairs, mean edit distance {s.get('mean_edit_distance', 0):.0f}"
    if run.kind in {"sft", "dpo", "grpo"} and "final_loss" in s:
        alarm = s.get("collapse_alarm")
        note = f", collapse alarm at step {alarm['step']:.0f}" if alarm else ""
        return f"loss {s['final_loss']:.3f} after {s.get('steps', '?')} steps{note}"
    if run.kind == "build-tiny" and "final_loss" in s:
        loss = "nan" if s["final_loss"] is None else f"{s['final_loss']:.3f}"
        return f"loss {loss} after {s.get('steps', '?')} of {s.get('planned_steps', '?')} steps"
    if run.kind == "prep" and "train" in s:
        return f"train {s['train']}, test {s['test']}"
    return ""


def plan_status(session: Session) -> list[StepState]:
    steps = plan_steps(session.config)
    with session.store(readonly=True) as store:
        latest = {step: store.latest_run(step) for step in steps}
    states = []
    for step in steps:
        spec = STEPS[step]
        run = latest[step]
        if run is None:
            states.append(StepState(step, spec.kind, spec.label, "pending", None, None, None, ""))
            continue
        states.append(
            StepState(
                step,
                spec.kind,
                spec.label,
                effective_status(run),
                run.id,
                run.started,
                run.duration,
                headline(run),
            )
        )
    return states


def finished_artifact(session: Session, step: str) -> str:
    """The adapter (or pair set) a finished step left, or a clear error naming what to run."""
    with session.store(readonly=True) as store:
        run = store.latest_run(step)
    if run is None or run.status != "done" or not run.artifact:
        raise StageError(
            f"step {step} has not finished yet",
            f"run `cdpo step {session.name} {step}` (or `cdpo run {session.name}`) first",
        )
    return run.artifact


def step_call(session: Session, spec: StepSpec, emit: Emit, restart: bool) -> StepCall:
    """The plan's call of `spec`: the adapter and pairs its earlier steps left."""
    adapter = finished_artifact(session, spec.adapter_from) if spec.adapter_from else None
    pairs = finished_artifact(session, spec.pairs_from) if spec.pairs_from else None
    return StepCall(spec, emit, adapter=adapter, pairs=pairs, restart=restart)


def call_step(
    session: Session, call: StepCall, on_open: Callable[[RunContext], None] | None = None
) -> dict[str, Any]:
    """Open the run frame of `call` from its spec, run its stage in it; returns the summary.

    An unfinished run of the step (cancelled, failed, killed) is resumed when its recorded
    settings and inputs are unchanged; `call.restart` starts it over instead. `on_open` sees
    the frame before the stage runs (a launched job's main process tells the others its run).
    """
    with step_frame(session, call) as ctx:
        if on_open is not None:
            on_open(ctx)
        call.spec.function()(session, call, ctx)
    return ctx.summary


def run_step(
    session: Session,
    name: str,
    *,
    emit: Emit,
    force: bool = False,
    restart: bool = False,
    on_open: Callable[[RunContext], None] | None = None,
) -> None:
    """Run one plan step unless it is already done; `force` starts a new run of a done step.

    An unfinished run of the step (cancelled, failed, killed) is resumed when its inputs are
    unchanged; `restart` starts it over instead. `on_open` as in `call_step`.
    """
    spec = spec_of(name)
    with session.store(readonly=True) as store:
        last = store.latest_run(name)
    if last is not None and last.status == "done" and not force:
        emit(LogLine(stage=name, message=f"{name} is done already (run {last.id}); skipping"))
        return
    call_step(session, step_call(session, spec, emit, restart), on_open)


def run_plan(
    session: Session, *, emit: Emit, start: str | None = None, restart: bool = False
) -> None:
    """Run the plan; finished steps are skipped, `start` and everything after it run again."""
    steps = plan_steps(session.config)
    if start is not None and start not in steps:
        raise StageError(f"--from {start}: not in this session's plan", f"plan: {', '.join(steps)}")
    redo = False
    for name in steps:
        redo = redo or name == start
        run_step(session, name, emit=emit, force=redo, restart=restart)


def run_demo(root: Path, name: str, *, emit: Emit, fresh: bool = False) -> Session:
    """`cdpo demo`: create (or continue) a session with the demo preset, then run its plan.

    Nothing else is special to the demo: its plan starts with prep and the tiny model's build,
    as every plan on `cdpo-tiny` does, and a second call after an interruption goes on.
    """
    if fresh and name in list_sessions(root):
        Session.open(root, name).delete()
    if name in list_sessions(root):
        session = Session.open(root, name)
        emit(LogLine(stage="demo", message=f"continuing session {name} at {session.path}"))
    else:
        session = Session.create(root, name, preset("demo"))
        emit(LogLine(stage="demo", message=f"created session {name} at {session.path}"))
    run_plan(session, emit=emit)
    return session
