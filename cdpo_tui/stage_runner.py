"""Start stages as child processes and follow them: the console side of the event protocol.

A stage runs as `python -m cdpo_core --sessions ROOT <command> ... --events` in its own process
group (`start_new_session=True`), so closing the console never stops it and Ctrl-C in the
console never reaches it. Cancel sends SIGINT to that group; the stage stops at a safe point,
marks its run `cancelled` and keeps what it finished. A stage started elsewhere (a terminal, an
earlier console) is found in the store (`cdpo_core.store_views.running_runs`) and followed by
polling its recorded events. Every command names its session: the console shows a stage only
in the session it belongs to.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from cdpo_core.events import Event, LogLine
from cdpo_core.store_views import run_status, stored_events

STDERR_LINES = 30
"""How much of a failed child's stderr the console shows."""
LINE_LIMIT = 16 * 1024 * 1024


@dataclass(frozen=True)
class StageCommand:
    """A CLI stage command for one session, e.g. `("step", "demo", "sft")`."""

    root: Path
    session: str
    args: tuple[str, ...]
    title: str

    def argv(self) -> list[str]:
        return [
            sys.executable,
            "-m",
            "cdpo_core",
            "--sessions",
            str(self.root),
            *self.args,
            "--events",
        ]


def prep_command(root: Path, session: str) -> StageCommand:
    return StageCommand(root, session, ("prep", session), "Run selection (prep)")


def step_command(
    root: Path, session: str, step: str, title: str = "", *, force: bool = False
) -> StageCommand:
    """`cdpo step SESSION STEP`; `force` runs a finished step again as a new run."""
    args = ("step", session, step, *(("--force",) if force else ()))
    return StageCommand(root, session, args, title or f"Run {step}")


def plan_command(root: Path, session: str) -> StageCommand:
    return StageCommand(root, session, ("run", session), "Run the rest of the plan")


@dataclass(frozen=True)
class ChildResult:
    """How a child ended: its exit status and the tail of its stderr."""

    returncode: int
    stderr_tail: str


def parse_line(stage: str, line: str) -> Event:
    """A stdout line as an event; anything else a child prints becomes a log line, not a crash."""
    try:
        return Event.from_json(line)
    except ValueError:
        return LogLine(stage=stage, level="info", message=line)


async def run_child(
    command: StageCommand,
    on_event: Callable[[Event], None],
    on_start: Callable[[int], None] = lambda pid: None,
) -> ChildResult:
    """Run the stage to its end, calling `on_event` for every event it prints."""
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    process = await asyncio.create_subprocess_exec(
        *command.argv(),
        stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
        start_new_session=True,
        env=env,
        # A summary event with a long skip report can pass asyncio's 64 KiB line limit.
        limit=LINE_LIMIT,
    )
    on_start(process.pid)
    tail: deque[str] = deque(maxlen=STDERR_LINES)
    stage = command.args[0]

    async def read_stdout() -> None:
        assert process.stdout is not None
        while line := await process.stdout.readline():
            text = line.decode("utf-8", "replace").rstrip("\n")
            if text.strip():
                on_event(parse_line(stage, text))

    async def read_stderr() -> None:
        assert process.stderr is not None
        while line := await process.stderr.readline():
            tail.append(line.decode("utf-8", "replace").rstrip())

    await asyncio.gather(read_stdout(), read_stderr())
    returncode = await process.wait()
    return ChildResult(returncode, "\n".join(line for line in tail if line))


def cancel_process(pid: int, *, own_group: bool) -> bool:
    """Ask a stage to stop at its next safe point (SIGINT = Ctrl-C in the child).

    Our own children lead their process group, so the whole group (compile workers too) gets
    the signal; a stage started elsewhere gets it alone, never its terminal's other jobs.
    """
    try:
        if own_group:
            os.killpg(pid, signal.SIGINT)
        else:
            os.kill(pid, signal.SIGINT)
    except ProcessLookupError:
        return False
    return True


def was_cancelled(returncode: int) -> bool:
    """130 is the CLI's own "cancelled"; -SIGINT a child interrupted before its handler was
    installed (still importing), which kept nothing and lost nothing."""
    return returncode in (130, -signal.SIGINT)


async def follow_run(
    db_path: Path,
    run_id: int,
    on_event: Callable[[Event], None],
    interval: float = 0.5,
) -> str:
    """Replay the run's stored events, then poll for new ones until it stops; its final status.

    The console polls rather than watching files: SQLite in WAL mode gives a consistent read
    while the stage writes, and the stage already throttles what it stores.
    """
    after = 0
    while True:
        events = await asyncio.to_thread(stored_events, db_path, run_id, after)
        status = await asyncio.to_thread(run_status, db_path, run_id)
        for event_id, event in events:
            after = event_id
            on_event(event)
        if status != "running":
            # Events written between the two reads are delivered before the end is reported.
            for _, event in await asyncio.to_thread(stored_events, db_path, run_id, after):
                on_event(event)
            return status
        await asyncio.sleep(interval)
