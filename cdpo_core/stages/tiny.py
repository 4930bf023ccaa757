"""`cdpo model build-tiny`: the session's own small model, for machines without GPU or hub."""

from __future__ import annotations

import dataclasses

from cdpo_core.events import Emit
from cdpo_core.runner import StageError, stage_inputs, stage_run
from cdpo_core.session import TINY_MODEL, Session
from cdpo_core.settings_io import to_dict
from cdpo_core.steps import StepCall


def build_tiny_step(session: Session, call: StepCall) -> None:
    """The plan's `build-tiny` step (in every plan whose model is `cdpo-tiny`)."""
    run_build_tiny(session, emit=call.emit, restart=call.restart)


def run_build_tiny(
    session: Session, *, emit: Emit, seconds: float | None = None, restart: bool = False
) -> str:
    """Train the tiny model on the session's TRAINING split only, so the test split stays unseen.

    The run's summary keeps `steps`, `planned_steps`, `final_loss` and `hardware` (the
    fingerprint the model's bits depend on), also when the build fails as undertrained.
    """
    from cdpo_core.models.tiny import UndertrainedError, build_tiny_model

    settings = session.config.tiny
    if seconds is not None:
        settings = dataclasses.replace(settings, max_seconds=seconds)
    out = session.path / "models" / TINY_MODEL
    with stage_run(
        session,
        "build-tiny",
        "build-tiny",
        emit=emit,
        model=TINY_MODEL,
        split="train",
        settings={"tiny": to_dict(settings)},
        inputs=stage_inputs(session, split="train"),
        restart=restart,
    ) as ctx:
        texts = [s.code for s in ctx.store.samples("train")]
        if not texts:
            raise StageError(
                "the tiny model trains on the training split, which is empty",
                f"run `cdpo prep {session.name}` first",
            )
        ctx.summary["programs"] = len(texts)
        try:
            built = build_tiny_model(out, texts, settings, emit=ctx.emit)
        except UndertrainedError as exc:
            ctx.summary.update(exc.report.summary())
            raise
        ctx.store.set_artifact(ctx.run_id, str(out))
        ctx.summary.update({"path": str(out), **built.report.summary()})
    return str(out)
