"""The loss sweep: one pair set under several DPO losses, each from the same start.

`cdpo sweep NAME --pairs prefs-sft --losses sigmoid,dpop,rpo,ipo,apo_zero` trains one adapter
per loss on the pairs of the finished step `--pairs`, starting from the adapter that step
sampled from (+SFT for `prefs-sft`, the base for `prefs-base`), and evaluates each on the
plan's split. All losses share one reference (the start model), so its log-probabilities of
every pair are computed once, by TRL's own `precompute_ref_log_probs` pass, and kept in the
session (`refs/<key>`, a `datasets` folder: the pairs plus TRL's `ref_chosen_logps` /
`ref_rejected_logps` columns). Every later loss, and every later sweep of the same pairs from
the same start, reads them instead of running the reference model.

Each loss is a run of its own (`sweep-NAME-LOSS`, then `eval-sweep-NAME-LOSS`), so a stopped
sweep goes on where it stopped and its numbers are recounted from the store like any other.
A sweep is thus no single step: it hands `pipeline.call_step` one call per run, each with a
spec derived from `SWEEP_LOSS` (or from `eval-base`, through `run_eval`), and the pipeline
opens each run's frame as it does a plan step's.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cdpo_core.events import Emit, LogLine
from cdpo_core.fingerprint import dataset_fingerprint, digest, path_fingerprint
from cdpo_core.results import Table, format_rate
from cdpo_core.runner import RunContext, StageError
from cdpo_core.session import Session
from cdpo_core.steps import StepCall, StepSpec, spec_of
from cdpo_core.training.settings import TRL_LOSSES, DPOSettings

# Names the sweep knows beside TRL's own losses: (TRL loss_type, DPOP lambda when unset).
ALIASES = {"dpop": ("sigmoid", 50.0), "rpo": ("sigmoid,sft", 0.0)}

SWEEP_LOSS = StepSpec(
    "sweep",
    "dpo",
    "",
    "cdpo_core.stages.sweep:sweep_loss_step",
    ("model", "dpo"),
    title="DPO under one loss of a sweep",
    samples=False,  # it reads the pair set, not the split's samples
    records=("pairs",),
)
"""The spec each loss's training run is derived from (its name, its label, its `dpo` section
replaced by the loss's settings); no plan lists it."""


@dataclass(frozen=True)
class SweepRow:
    """One loss of a sweep: its training run and its evaluation."""

    loss: str
    train_run: int
    eval_run: int
    passed: int
    total: int
    final_loss: float
    collapse_step: int | None
    accepted: int | None = None
    """Completions accepted on every test of their problem; None when no test ran."""
    chosen_reward: tuple[float, float] | None = None
    """TRL's `rewards/chosen`, beta x (policy - reference) log-probability of the chosen side,
    at its lowest and at the last logged step. Below zero the policy has pushed the chosen
    programs down (the paper's collapse); the raw `logps/chosen` would not show it, since each
    step logs another batch of pairs, of other lengths."""


def loss_settings(dpo: DPOSettings, loss: str) -> DPOSettings:
    """The session's DPO settings with `loss` in place of its loss.

    `dpop` is sigmoid with the DPOP penalty (the session's `dpo.dpop_lambda`, or 50 when it
    is 0); `rpo` is TRL's `["sigmoid", "sft"]`; any other TRL loss name is used as it is.
    """
    if loss in ALIASES:
        names, lam = ALIASES[loss]
        if loss == "dpop":
            lam = dpo.dpop_lambda or lam
        return dataclasses.replace(dpo, loss_type=names, dpop_lambda=lam)
    if loss not in TRL_LOSSES:
        raise StageError(
            f"unknown loss {loss!r} for the sweep",
            f"use {', '.join(ALIASES)} or a TRL loss: {', '.join(TRL_LOSSES)}",
        )
    return dataclasses.replace(dpo, loss_type=loss, dpop_lambda=0.0)


def parse_losses(text: str) -> list[str]:
    losses = [name.strip() for name in text.split(",") if name.strip()]
    if not losses:
        raise StageError("--losses names no loss", "e.g. --losses sigmoid,dpop,rpo,ipo,apo_zero")
    return list(dict.fromkeys(losses))


def _finished(session: Session, step: str) -> Any:
    with session.store(readonly=True) as store:
        run = store.latest_run(step)
    return run if run is not None and run.status == "done" else None


def _artifact(session: Session, step: str) -> str:
    run = _finished(session, step)
    if run is None or not run.artifact:
        raise StageError(
            f"step {step} has not finished yet",
            f"run `cdpo step {session.name} {step}` first",
        )
    return str(run.artifact)


def reference_folder(session: Session, pairs: str, start: str | None) -> Path:
    """Where the reference log-probabilities of `pairs` from `start` are kept (`refs/<key>`)."""
    cfg = session.config
    key = digest(
        {
            "pairs": dataset_fingerprint(pairs),
            "model": path_fingerprint(session.model_path()),
            "start": path_fingerprint(start),
            "max_length": cfg.dpo.max_length,
            "max_prompt_length": cfg.dpo.max_prompt_length,
        }
    )
    return session.path / "refs" / key


def reference_set(session: Session, pairs: str, start: str | None, emit: Emit) -> Path:
    """The pairs with their reference log-probabilities, computed the first time only.

    The key covers what decides the numbers: the pairs, the model, the start adapter and the
    two lengths that truncate a pair; a changed one computes a new set.
    """
    from datasets import load_from_disk

    from cdpo_core.training.dpo import REF_COLUMNS, reference_log_probs

    cfg = session.config
    folder = reference_folder(session, pairs, start)
    key = folder.name
    if (folder / "dataset_info.json").is_file():
        emit(LogLine(stage="sweep", message=f"reference log-probabilities reused from {folder}"))
        return folder
    from cdpo_core.stages.training import load_session_model

    dataset = load_from_disk(pairs)
    loaded = load_session_model(session)
    chosen, rejected = reference_log_probs(
        loaded.model,
        loaded.tokenizer,
        dataset,
        cfg.dpo,
        session.path / "refs" / f"{key}.work",
        sft_adapter=Path(start) if start else None,
    )
    if len(chosen) != len(dataset):
        raise StageError(
            f"TRL kept {len(chosen)} of {len(dataset)} pairs when computing the reference",
            "raise dpo.max_length so that no pair is truncated away",
        )
    dataset = dataset.add_column(REF_COLUMNS[0], chosen).add_column(REF_COLUMNS[1], rejected)
    dataset.save_to_disk(str(folder))
    emit(
        LogLine(
            stage="sweep",
            message=f"reference log-probabilities of {len(chosen)} pairs computed once, "
            f"kept in {folder}",
        )
    )
    return folder


def run_sweep(
    session: Session,
    name: str,
    pairs_step: str,
    losses: list[str],
    *,
    emit: Emit,
    restart: bool = False,
) -> list[SweepRow]:
    """Train and evaluate one adapter per loss on `pairs_step`'s pairs; finished ones stay."""
    from cdpo_core.pipeline import call_step
    from cdpo_core.stages.evaluate import run_eval

    spec = spec_of(pairs_step)
    if spec.kind != "prefs":
        raise StageError(f"{pairs_step} builds no pairs", "name a prefs step, e.g. prefs-sft")
    settings = {loss: loss_settings(session.config.dpo, loss) for loss in losses}
    pairs = _artifact(session, pairs_step)
    start = _artifact(session, spec.adapter_from) if spec.adapter_from else None
    reference_set(session, pairs, start, emit)
    cfg = session.config
    for loss, dpo in settings.items():
        step = f"sweep-{name}-{loss}"
        if _finished(session, step) is not None:
            continue
        loss_spec = dataclasses.replace(SWEEP_LOSS, name=step, label=f"sweep {name}: {loss}")
        call = StepCall(
            loss_spec, emit, adapter=start, pairs=pairs, restart=restart, sections={"dpo": dpo}
        )
        call_step(session, call)
    for loss in settings:
        step = f"eval-sweep-{name}-{loss}"
        if _finished(session, step) is None:
            run_eval(
                session,
                emit=emit,
                adapter=_artifact(session, f"sweep-{name}-{loss}"),
                split=cfg.plan.eval_split,
                label=f"sweep {name}: {loss}",
                step=step,
                restart=restart,
            )
    return sweep_rows(session, name, losses)


def sweep_loss_step(session: Session, call: StepCall, ctx: RunContext) -> None:
    """One loss of a sweep: DPO from the sweep's start on the pairs with their reference
    log-probabilities (computed by `run_sweep` before its first loss), under the loss's
    settings (`call.sections["dpo"]`)."""
    from datasets import load_from_disk

    from cdpo_core.stages.training import finish_training, load_session_model
    from cdpo_core.training.dpo import run_dpo

    assert call.pairs is not None, "a sweep's loss trains on a pair set"
    start = call.adapter
    loaded = load_session_model(session)
    result = run_dpo(
        loaded.model,
        loaded.tokenizer,
        load_from_disk(str(reference_folder(session, call.pairs, start))),
        call.section(session.config, "dpo"),
        ctx.directory,
        sft_adapter=Path(start) if start else None,
        emit=ctx.emit,
        resume=ctx.resumed,
        collapse=session.config.collapse,
    )
    finish_training(ctx, result)


def sweep_rows(session: Session, name: str, losses: list[str]) -> list[SweepRow]:
    """The sweep's finished losses, counted from the store."""
    rows = []
    with session.store(readonly=True) as store:
        for loss in losses:
            trained = store.latest_run(f"sweep-{name}-{loss}")
            judged = store.latest_run(f"eval-sweep-{name}-{loss}")
            if trained is None or judged is None or judged.status != "done":
                continue
            passed, total = store.verdict_counts(judged.id)
            alarm = trained.summary.get("collapse_alarm")
            chosen = store.metrics(trained.id).get("rewards/chosen")
            executions = store.execution_counts(judged.id)
            rows.append(
                SweepRow(
                    loss=loss,
                    train_run=trained.id,
                    eval_run=judged.id,
                    passed=passed,
                    total=total,
                    final_loss=float(trained.summary.get("final_loss", 0.0)),
                    collapse_step=int(alarm["step"]) if alarm else None,
                    accepted=executions.get("accepted", 0) if executions else None,
                    chosen_reward=(min(v for _, v in chosen), chosen[-1][1]) if chosen else None,
                )
            )
    return rows


def sweep_table(name: str, rows: list[SweepRow]) -> Table:
    return Table(
        f"Loss sweep {name}: compile success per loss, same pairs, same start",
        (
            "loss",
            "compile success",
            "pass@1",
            "final loss",
            "rewards/chosen min, last",
            "collapse alarm",
        ),
        tuple(
            (
                r.loss,
                format_rate(r.passed, r.total),
                format_rate(r.accepted, r.total) if r.accepted is not None else "—",
                f"{r.final_loss:.4f}",
                f"{r.chosen_reward[0]:.3f}, {r.chosen_reward[1]:.3f}" if r.chosen_reward else "-",
                f"step {r.collapse_step}" if r.collapse_step is not None else "quiet",
            )
            for r in rows
        ),
    )
