"""The frame every stage runs in: its row in `runs`, its events, its ending.

A stage function only does its work and reports through `emit`; this module records the run,
resumes an unfinished one instead of starting over, turns Ctrl-C / SIGTERM into a `cancelled`
run that keeps what it finished, and turns errors into a `failed` run with one clear line.
"""

from __future__ import annotations

import os
import signal
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cdpo_core.events import Emit, LogLine, StageFailed, StageFinished, StageStarted
from cdpo_core.reporting import StoreEmitter, Tee
from cdpo_core.session import Session
from cdpo_core.store import Run, Store


class StageError(Exception):
    """A stage cannot go on; `hint` tells the researcher what to do about it."""

    def __init__(self, message: str, hint: str = "", *, reported: bool = False) -> None:
        super().__init__(message)
        self.hint = hint
        self.reported = reported


@dataclass
class RunContext:
    """What a stage function gets: where to write, how to report, what was done before."""

    session: Session
    store: Store
    run: Run
    emit: Emit
    directory: Path
    resumed: bool
    summary: dict[str, Any]

    @property
    def run_id(self) -> int:
        return self.run.id

    def log(self, message: str, level: str = "info") -> None:
        self.emit(LogLine(stage=self.run.step, level=level, message=message))


def pid_alive(pid: int | None) -> bool:
    if not pid:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def effective_status(run: Run) -> str:
    """A run marked running whose process is gone was interrupted (killed, machine rebooted)."""
    if run.status == "running" and not pid_alive(run.pid):
        return "interrupted"
    return run.status


def install_signal_handlers() -> None:
    """SIGTERM (the console's cancel, a cluster's pre-emption) behaves like Ctrl-C."""

    def _raise(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, _raise)


@contextmanager
def stage_run(
    session: Session,
    step: str,
    kind: str,
    *,
    emit: Emit,
    label: str = "",
    model: str = "",
    split: str | None = None,
    settings: dict[str, Any] | None = None,
    total: int | None = None,
) -> Iterator[RunContext]:
    """Run the body as the stage `step`, resuming its last unfinished run if there is one.

    The body fills `ctx.summary`; it is stored and reported when the body returns.
    """
    store = session.store()
    previous = store.latest_run(step)
    resumed = False
    if previous is not None and effective_status(previous) == "running":
        store.close()
        raise StageError(
            f"{step} is already running (pid {previous.pid})",
            "wait for it, or cancel it from the console or with `kill -INT <pid>`",
        )
    if previous is not None and effective_status(previous) in {
        "interrupted",
        "cancelled",
        "failed",
    }:
        run_id = previous.id
        store.resume_run(run_id, os.getpid())
        resumed = True
    else:
        run_id = store.start_run(
            step, kind, label=label, model=model, split=split, settings=settings, pid=os.getpid()
        )
    run = store.run(run_id)
    both = Tee(emit, StoreEmitter(store, run_id))
    directory = session.run_dir(run_id, step)
    ctx = RunContext(session, store, run, both, directory, resumed, {})
    detail = (
        f"run {run_id}" + (" (resumed)" if resumed else "") + (f", model {model}" if model else "")
    )
    both(StageStarted(stage=step, run_id=run_id, total=total, detail=detail))
    try:
        yield ctx
    except KeyboardInterrupt:
        store.finish_run(run_id, "cancelled", summary=ctx.summary, error="cancelled")
        both(
            StageFailed(
                stage=step,
                run_id=run_id,
                error="cancelled; finished work is kept",
                hint=f"run the stage again to continue where {step} stopped",
                cancelled=True,
            )
        )
        store.close()
        raise
    except StageError as exc:
        store.finish_run(run_id, "failed", summary=ctx.summary, error=str(exc))
        both(StageFailed(stage=step, run_id=run_id, error=str(exc), hint=exc.hint))
        store.close()
        exc.reported = True
        raise
    except Exception as exc:
        if type(exc).__module__.startswith("cdpo_core."):
            # Errors cdpo raises on purpose already say what was wrong and what to do.
            hint = str(getattr(exc, "hint", ""))
            store.finish_run(run_id, "failed", summary=ctx.summary, error=str(exc))
            both(StageFailed(stage=step, run_id=run_id, error=str(exc), hint=hint))
            store.close()
            raise StageError(str(exc), hint, reported=True) from exc
        (directory / "error.log").write_text(traceback.format_exc(), encoding="utf-8")
        message = f"{type(exc).__name__}: {exc}"
        store.finish_run(run_id, "failed", summary=ctx.summary, error=message)
        both(
            StageFailed(
                stage=step,
                run_id=run_id,
                error=message,
                hint=f"the traceback is in {directory / 'error.log'}",
            )
        )
        store.close()
        hint = f"the traceback is in {directory / 'error.log'}"
        raise StageError(message, hint, reported=True) from exc
    store.finish_run(run_id, "done", summary=ctx.summary)
    both(StageFinished(stage=step, run_id=run_id, summary=ctx.summary))
    store.close()

