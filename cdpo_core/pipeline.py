"""The session's plan: which stages run, in which order, on which model.

The paper's plan (section 5) evaluates the base model, fine-tunes it (SFT), builds preference
pairs from the compiler's verdicts on the training split, trains DPO on top of +SFT and on top of
Base, and evaluates every model on the test split. Each step names where its model comes from,
so any sub-plan (say, DPO on Base only) is just a shorter list of steps in `session.toml`.
"""

from __future__ import annotations

from dataclasses import dataclass

from cdpo_core.events import Emit, LogLine
from cdpo_core.runner import StageError, effective_status
from cdpo_core.session import Session
from cdpo_core.store import Run


@dataclass(frozen=True)
class StepSpec:
    """One step: its kind, its table label, the step whose adapter it starts from, its pairs."""

    name: str
    kind: str
    label: str
    adapter_from: str | None = None
    pairs_from: str | None = None
    title: str = ""


STEPS: dict[str, StepSpec] = {
    s.name: s
    for s in (
        StepSpec("eval-base", "eval", "Base", title="Evaluate the base model"),
        StepSpec("sft", "sft", "+SFT", title="Supervised fine-tuning on whole programs"),
        StepSpec("eval-sft", "eval", "+SFT", adapter_from="sft", title="Evaluate +SFT"),
        StepSpec(
            "prefs-sft",
            "prefs",
            "+SFT",
            adapter_from="sft",
            title="Preference pairs from +SFT's compile failures",
        ),
        StepSpec(
            "dpo-sft",
            "dpo",
            "+SFT+DPO",
            adapter_from="sft",
            pairs_from="prefs-sft",
            title="DPO on top of +SFT",
        ),
        StepSpec(
            "eval-sft-dpo", "eval", "+SFT+DPO", adapter_from="dpo-sft", title="Evaluate +SFT+DPO"
        ),
        StepSpec("prefs-base", "prefs", "Base", title="Preference pairs from Base's failures"),
        StepSpec("dpo-base", "dpo", "+DPO", pairs_from="prefs-base", title="DPO on Base"),
        StepSpec("eval-dpo", "eval", "+DPO", adapter_from="dpo-base", title="Evaluate +DPO"),
    )
}


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
        return f"{100 * s['passed'] / max(1, s['total']):.1f}% ({s['passed']}/{s['total']})"
    if run.kind == "prefs" and "pairs" in s:
        return f"{s['pairs']} pairs, mean edit distance {s.get('mean_edit_distance', 0):.0f}"
    if run.kind in {"sft", "dpo"} and "final_loss" in s:
        return f"loss {s['final_loss']:.3f} after {s.get('steps', '?')} steps"
    if run.kind == "prep" and "train" in s:
        return f"train {s['train']}, test {s['test']}"
    return ""


def step_spec(name: str) -> StepSpec:
    if name not in STEPS:
        raise StageError(f"unknown step {name!r}", f"steps: {', '.join(STEPS)}")
    return STEPS[name]


def plan_status(session: Session) -> list[StepState]:
    with session.store(readonly=True) as store:
        latest = {step: store.latest_run(step) for step in session.config.plan.steps}
    states = []
    for step in session.config.plan.steps:
        spec = STEPS.get(step, StepSpec(step, "?", step))
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


def run_step(session: Session, name: str, *, emit: Emit, force: bool = False) -> None:
    """Run one plan step unless it is already done; `force` starts a new run of it.

    An unfinished run of the step (cancelled, failed, killed) is resumed, not restarted.
    """
    from cdpo_core.stages.evaluate import run_eval
    from cdpo_core.stages.training import run_dpo_step, run_prefs, run_sft_step

    spec = step_spec(name)
    with session.store(readonly=True) as store:
        last = store.latest_run(name)
    if last is not None and last.status == "done" and not force:
        emit(LogLine(stage=name, message=f"{name} is done already (run {last.id}); skipping"))
        return
    adapter = finished_artifact(session, spec.adapter_from) if spec.adapter_from else None
    if spec.kind == "eval":
        run_eval(
            session,
            emit=emit,
            adapter=adapter,
            split=session.config.plan.eval_split,
            label=spec.label,
            step=name,
        )
    elif spec.kind == "sft":
        run_sft_step(session, step=name, emit=emit)
    elif spec.kind == "prefs":
        run_prefs(session, step=name, label=spec.label, adapter=adapter, emit=emit)
    elif spec.kind == "dpo":
        assert spec.pairs_from is not None
        pairs = finished_artifact(session, spec.pairs_from)
        run_dpo_step(session, step=name, label=spec.label, adapter=adapter, pairs=pairs, emit=emit)


def run_plan(session: Session, *, emit: Emit, start: str | None = None) -> None:
    """Run the plan; finished steps are skipped, `start` and everything after it run again."""
    steps = list(session.config.plan.steps)
    for name in steps:
        step_spec(name)
    if start is not None and start not in steps:
        raise StageError(f"--from {start}: not in this session's plan", f"plan: {', '.join(steps)}")
    redo = False
    with session.store(readonly=True) as store:
        prepared = bool(store.sample_counts())
    if not prepared:
        from cdpo_core.stages.prep import run_prep

        run_prep(session, emit=emit)
    for name in steps:
        redo = redo or name == start
        run_step(session, name, emit=emit, force=redo)
