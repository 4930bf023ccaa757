"""Who may write a session right now: `flock` locks that the kernel drops when a process dies.

Each step holds an exclusive lock on `locks/<step>.lock`, so a second process starting the same
step is refused at once instead of doing the work twice (or failing half-way on a UNIQUE
constraint). Every step also holds `locks/session.lock` shared, and prep holds it exclusive:
prep re-selects the samples, which must not happen under a running evaluation. A lock file
holds its owner's pid and start time, for the refusal message only; the lock itself is what
decides, so a stale file from a killed process never blocks anyone.

`flock` is advisory and per open file: it needs no cleanup after `kill -9`, and it is atomic,
unlike a check of the `runs` table followed by an insert.
"""

from __future__ import annotations

import fcntl
import json
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from cdpo_core.errors import CdpoError

EXCLUSIVE_STEPS = frozenset({"prep"})
"""Steps that rewrite what every other step reads, so they run alone in their session."""


class SessionBusy(CdpoError):
    """Another process holds the lock this step needs."""


def _holder(path: Path) -> str:
    try:
        info = json.loads(path.read_text(encoding="utf-8"))
        since = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(float(info["since"])))
        return f"in pid {int(info['pid'])} since {since}"
    except (OSError, ValueError, KeyError, TypeError):
        return "in another process"


def _try_lock(path: Path, mode: int) -> int | None:
    """An fd holding `path` locked in `mode`, or None when another process holds it."""
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    try:
        fcntl.flock(fd, mode | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        return None
    return fd


def held_by_someone(folder: Path, step: str) -> bool:
    """Whether a live process holds `step`'s lock; for readers, who never take it."""
    path = folder / "locks" / f"{step}.lock"
    try:
        fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(fd)
    return False


@contextmanager
def step_lock(folder: Path, step: str) -> Iterator[None]:
    """Hold `step`'s lock in the session at `folder` for the body, or refuse at once.

    Raises:
        SessionBusy: the step (or prep, or for prep any step) is running elsewhere.
    """
    locks = folder / "locks"
    exclusive = step in EXCLUSIVE_STEPS
    try:
        locks.mkdir(exist_ok=True)
        session_fd = _try_lock(
            locks / "session.lock", fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH
        )
    except OSError as exc:
        raise CdpoError(
            f"cannot run {step}: the session folder {folder} is not writable ({exc.strerror})",
            "copy the session somewhere writable to run stages on it",
        ) from exc
    if session_fd is None:
        if exclusive:
            busy = sorted(
                p.stem
                for p in locks.glob("*.lock")
                if p.stem != "session" and held_by_someone(folder, p.stem)
            )
            running = (
                ", ".join(f"{name} is running {_holder(locks / f'{name}.lock')}" for name in busy)
                or "another step is running"
            )
            raise SessionBusy(
                f"cannot run {step} now: {running}",
                f"{step} rewrites the samples other steps read; wait for them",
            )
        raise SessionBusy(
            f"cannot run {step} now: prep is running {_holder(locks / 'prep.lock')}",
            "prep is re-selecting the samples; wait for it to finish",
        )
    step_fd = None
    try:
        step_fd = _try_lock(locks / f"{step}.lock", fcntl.LOCK_EX)
        if step_fd is None:
            raise SessionBusy(
                f"{step} is running {_holder(locks / f'{step}.lock')}",
                "wait for it, or cancel it (console: x; shell: kill -INT <pid>)",
            )
        os.ftruncate(step_fd, 0)
        os.write(step_fd, json.dumps({"pid": os.getpid(), "since": time.time()}).encode())
        yield
    finally:
        for fd in (step_fd, session_fd):
            if fd is not None:
                with suppress(OSError):
                    os.close(fd)
