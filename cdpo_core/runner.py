"""The frame every stage runs in: its row in `runs`, its events, its ending.

A stage function only does its work and reports through `emit`; this module records the run,
resumes an unfinished one instead of starting over, turns Ctrl-C / SIGTERM into a `cancelled`
run that keeps what it finished, and turns errors into a `failed` run with one clear line.
`step_frame` builds a step's frame from its spec (`cdpo_core.steps`); the pipeline opens it,
so no stage function opens one of its own.
"""

from __future__ import annotations

import errno
import os
import signal
import sqlite3
import traceback
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cdpo_core.errors import CdpoError
from cdpo_core.events import Emit, LogLine, StageFailed, StageFinished, StageStarted
from cdpo_core.fingerprint import (
    changes,
    compiler_version,
    dataset_fingerprint,
    fingerprint,
    path_fingerprint,
)
from cdpo_core.locks import step_lock
from cdpo_core.oracle.reaper import start_ticks
from cdpo_core.reporting import StoreEmitter, Tee
from cdpo_core.session import Session
from cdpo_core.settings_io import to_dict
from cdpo_core.steps import StepCall, recorded_settings
from cdpo_core.store import Run, Store


class StageError(CdpoError):
    """A stage cannot go on; `hint` tells the researcher what to do about it.

    `reported` is set once the run frame has stored and emitted it, so the CLI does not print
    it a second time on a terminal that already showed the stage's failure.
    """

    def __init__(self, message: str, hint: str = "", *, reported: bool = False) -> None:
        super().__init__(message, hint)
        self.reported = reported


class ResumeRefused(CdpoError):
    """An interrupted run whose inputs have changed since: resuming it would mix the two."""


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

    def warn(self, message: str) -> None:
        self.log(message, "warning")


def stage_inputs(
    session: Session,
    *,
    model: str | None = None,
    adapter: str | None = None,
    split: str | None = None,
    compiler: bool = False,
    pairs: str | None = None,
) -> dict[str, str]:
    """The fingerprints of what a stage reads besides its settings (see `cdpo_core.fingerprint`).

    `split` names the samples it works on ("all" for every split); `compiler` adds the
    compiler's version, since a new g++ may judge the same program differently.
    """
    out: dict[str, str] = {}
    if model is not None:
        out["model"] = path_fingerprint(session.model_path(model))
    if adapter is not None:
        out["adapter"] = path_fingerprint(adapter)
    if pairs is not None:
        out["pairs"] = dataset_fingerprint(pairs)
    if split is not None:
        with session.store(readonly=True) as store:
            out["samples"] = store.samples_digest(None if split == "all" else split)
    if compiler:
        out["compiler"] = compiler_version(session.config.oracle.compiler)
    return out


def step_frame(session: Session, call: StepCall) -> AbstractContextManager[RunContext]:
    """The run frame of `call`, built from its spec alone: what it records and fingerprints.

    The settings are the spec's sections (with the call's replacements), the adapter or pairs
    keys it `records`, then its `extras`; the inputs are its model, the call's adapter and
    pairs, its split's samples and the compiler's version as the spec says, then the extras'.
    The extras run first, so one that refuses (prep once completions exist) starts no run.
    """
    spec, cfg = call.spec, session.config
    extra_settings: dict[str, Any] = {}
    extra_inputs: dict[str, str] = {}
    if (extras := spec.extras_function()) is not None:
        extra_settings, extra_inputs = extras(session, call)
    values = {"adapter": call.adapter, "sft_adapter": call.adapter, "pairs": call.pairs}
    settings = (
        recorded_settings(cfg, spec)
        | {name: to_dict(section) for name, section in call.sections.items()}
        | {key: values[key] for key in spec.records}
        | extra_settings
    )
    model = (call.model or cfg.model.name_or_path) if spec.needs_model else spec.model
    split = call.split_of(cfg)
    inputs = extra_inputs | stage_inputs(
        session,
        model=model if spec.needs_model else None,
        adapter=call.adapter,
        split=split if spec.samples else None,
        compiler=spec.compiler,
        pairs=call.pairs,
    )
    return stage_run(
        session,
        spec.name,
        spec.kind,
        emit=call.emit,
        label=spec.label if spec.needs_model else "",
        model=model,
        split=split,
        settings=settings,
        inputs=inputs,
        restart=call.restart,
    )


def pid_alive(pid: int | None, started: float | None = None) -> bool:
    """Whether `pid` still runs *the same process*: a reused pid has another start time.

    Start times are clock ticks since boot (`/proc/PID/stat`), which, unlike a wall-clock
    start time, do not move when the clock is set.
    """
    if not pid:
        return False
    ticks = start_ticks(pid)
    return ticks is not None and (started is None or ticks == started)


def effective_status(run: Run) -> str:
    """A run marked running whose process is gone was interrupted (killed, machine rebooted)."""
    if run.status == "running" and not pid_alive(run.pid, run.pid_started):
        return "interrupted"
    return run.status


def install_signal_handlers() -> None:
    """SIGTERM (the console's cancel, a cluster's pre-emption) behaves like Ctrl-C."""

    def _raise(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, _raise)


def _no_space(exc: BaseException) -> bool:
    """A full disk, as the OS or SQLite reports it."""
    if isinstance(exc, OSError) and exc.errno == errno.ENOSPC:
        return True
    return isinstance(exc, sqlite3.OperationalError) and "full" in str(exc)


def _resumable(
    store: Store,
    step: str,
    *,
    settings: dict[str, Any],
    prints: dict[str, str],
    restart: bool,
) -> Run | None:
    """The unfinished run of `step` to continue, if its inputs are still the same.

    Holding the step's lock, any run still marked `running` is one whose process died. A
    failed run whose inputs have changed is not resumed either: changing a setting is how a
    failure gets fixed, so a new run starts and the failed one stays as history.
    """
    previous = store.latest_run(step)
    if previous is None or previous.status == "done" or restart:
        return None
    old = previous.fingerprint or fingerprint(previous.settings, {})
    new = prints if previous.fingerprint else fingerprint(settings, {})
    if old != new and previous.status == "failed":
        return None
    if old != new:
        what = changes(old, new, previous.settings, settings)
        raise ResumeRefused(
            f"{step}: run {previous.id} was interrupted, and its inputs have changed since "
            f"({'; '.join(what)}), so it cannot be resumed without mixing the two",
            f"rerun with --restart to start {step} over with the new inputs (run "
            f"{previous.id} is kept as history), or set the old values back to resume it",
        )
    return previous


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
    inputs: dict[str, str] | None = None,
    total: int | None = None,
    restart: bool = False,
) -> Iterator[RunContext]:
    """Run the body as the stage `step`, resuming its last unfinished run if there is one.

    `settings` are the sections the stage reads and `inputs` the fingerprints of what else
    decides its output (model, adapter, samples, compiler); an unfinished run resumes only when
    both are unchanged, unless `restart` starts a new run. The body fills `ctx.summary`; it is
    stored and reported when the body returns. One `finally` closes the store and the lock,
    whatever happened.
    """
    settings = settings or {}
    prints = fingerprint(settings, inputs or {})
    with step_lock(session.path, step):
        store = session.store()
        try:
            yield from _framed(
                session,
                store,
                step,
                kind,
                emit=emit,
                label=label,
                model=model,
                split=split,
                settings=settings,
                prints=prints,
                total=total,
                restart=restart,
            )
        finally:
            store.close()


def _framed(
    session: Session,
    store: Store,
    step: str,
    kind: str,
    *,
    emit: Emit,
    label: str,
    model: str,
    split: str | None,
    settings: dict[str, Any],
    prints: dict[str, str],
    total: int | None,
    restart: bool,
) -> Iterator[RunContext]:
    me = os.getpid()
    began = start_ticks(me)
    previous = _resumable(store, step, settings=settings, prints=prints, restart=restart)
    if previous is not None:
        run_id = previous.id
        store.resume_run(run_id, me, began)
    else:
        run_id = store.start_run(
            step,
            kind,
            label=label,
            model=model,
            split=split,
            settings=settings,
            fingerprint=prints,
            pid=me,
            pid_started=began,
        )
    resumed = previous is not None
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
        _end(
            ctx,
            "cancelled",
            "cancelled; finished work is kept",
            f"run the stage again to continue where {step} stopped",
            cancelled=True,
        )
        raise
    except CdpoError as exc:
        _end(ctx, "failed", exc.message, exc.hint)
        raise StageError(exc.message, exc.hint, reported=True) from exc
    except Exception as exc:
        if _no_space(exc):
            message = f"no space left on the disk of {session.path} ({exc})"
            hint = f"free space and run the same command again to resume {step}"
        else:
            message = f"{type(exc).__name__}: {exc}"
            hint = f"the traceback is in {directory / 'error.log'}"
            with suppress(OSError):
                (directory / "error.log").write_text(traceback.format_exc(), encoding="utf-8")
        _end(ctx, "failed", message, hint)
        raise StageError(message, hint, reported=True) from exc
    store.finish_run(run_id, "done", summary=ctx.summary)
    both(StageFinished(stage=step, run_id=run_id, summary=ctx.summary))


def _end(ctx: RunContext, status: str, error: str, hint: str, *, cancelled: bool = False) -> None:
    """Record how the run ended and say so; never raise, since it runs on the way out of
    another error (on a full disk the store may refuse the write: the run then reads as
    interrupted, because its process is gone, and resumes all the same)."""
    step, run_id = ctx.run.step, ctx.run_id
    with suppress(sqlite3.Error, OSError):
        ctx.store.finish_run(run_id, status, summary=ctx.summary, error=error)
    event = StageFailed(stage=step, run_id=run_id, error=error, hint=hint, cancelled=cancelled)
    for sink in ctx.emit.sinks if isinstance(ctx.emit, Tee) else (ctx.emit,):
        with suppress(sqlite3.Error, OSError):
            sink(event)
