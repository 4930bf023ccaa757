"""`cdpo model build-tiny`: the session's own small model, for machines without GPU or hub."""

from __future__ import annotations

import dataclasses
from typing import Any

from cdpo_core.events import Emit
from cdpo_core.runner import RunContext, StageError
from cdpo_core.session import TINY_MODEL, Session
from cdpo_core.steps import STEPS, StepCall


def run_build_tiny(
    session: Session, *, emit: Emit, seconds: float | None = None, restart: bool = False
) -> str:
    """The `build-tiny` step outside a plan: `seconds` caps the training time of this build
    (recorded in its `tiny` settings, so a changed cap never resumes another build)."""
    from cdpo_core.pipeline import call_step

    sections: dict[str, Any] = {}
    if seconds is not None:
        sections["tiny"] = dataclasses.replace(session.config.tiny, max_seconds=seconds)
    call = StepCall(STEPS["build-tiny"], emit, restart=restart, sections=sections)
    return str(call_step(session, call)["path"])


def build_tiny_step(session: Session, call: StepCall, ctx: RunContext) -> None:
    """Train the tiny model on the session's TRAINING split only, so the test split stays unseen.

    The run's summary keeps `steps`, `planned_steps`, `final_loss` and `hardware` (the
    fingerprint the model's bits depend on), also when the build fails as undertrained.
    """
    from cdpo_core.models.tiny import UndertrainedError, build_tiny_model

    settings = call.section(session.config, "tiny")
    out = session.path / "models" / TINY_MODEL
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
