"""`cdpo model build-tiny`: the session's own small model, for machines without GPU or hub."""

from __future__ import annotations

import dataclasses

from cdpo_core.events import Emit
from cdpo_core.runner import StageError, stage_run
from cdpo_core.session import TINY_MODEL, Session
from cdpo_core.settings_io import to_dict


def run_build_tiny(session: Session, *, emit: Emit, seconds: float | None = None) -> str:
    """Train the tiny model on the session's TRAINING split only, so the test split stays unseen."""
    from cdpo_core.models.tiny import build_tiny_model

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
        settings=to_dict(settings),
    ) as ctx:
        texts = [s.code for s in ctx.store.samples("train")]
        if not texts:
            raise StageError(
                "the tiny model trains on the training split, which is empty",
                f"run `cdpo prep {session.name}` first",
            )
        build_tiny_model(out, texts, settings, emit=ctx.emit)
        ctx.store.set_artifact(ctx.run_id, str(out))
        ctx.summary.update({"path": str(out), "programs": len(texts)})
    return str(out)
