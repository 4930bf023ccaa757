"""`cdpo demo`: the whole paper pipeline on the shipped corpus with the tiny model, on a CPU."""

from __future__ import annotations

from pathlib import Path

from cdpo_core.events import Emit, LogLine
from cdpo_core.pipeline import run_plan
from cdpo_core.session import TINY_MODEL, Session, list_sessions, preset
from cdpo_core.stages.prep import run_prep
from cdpo_core.stages.tiny import run_build_tiny


def run_demo(root: Path, name: str, *, emit: Emit, fresh: bool = False) -> Session:
    """Create (or continue) the demo session, build its model if needed, run the plan.

    Everything is resumable: a second `cdpo demo` after an interruption goes on from the
    last finished work.
    """
    if fresh and name in list_sessions(root):
        Session.open(root, name).delete()
    if name in list_sessions(root):
        session = Session.open(root, name)
        emit(LogLine(stage="demo", message=f"continuing session {name} at {session.path}"))
    else:
        session = Session.create(root, name, preset("demo"))
        emit(LogLine(stage="demo", message=f"created session {name} at {session.path}"))
    with session.store(readonly=True) as store:
        prepared = bool(store.sample_counts())
        built = store.latest_run("build-tiny")
    if not prepared:
        run_prep(session, emit=emit)
    if session.config.model.name_or_path == TINY_MODEL and (
        built is None or built.status != "done"
    ):
        run_build_tiny(session, emit=emit)
    run_plan(session, emit=emit)
    return session
