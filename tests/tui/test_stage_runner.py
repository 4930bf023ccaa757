"""The child-process protocol from the console's side, against the real `cdpo` CLI."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
from pathlib import Path

from cdpo_core.events import LogLine, Metric, StageStarted
from cdpo_core.store import Store
from cdpo_core.store_views import running_runs
from cdpo_tui.stage_runner import (
    StageCommand,
    cancel_process,
    follow_run,
    parse_line,
    run_child,
)

from .conftest import recording


async def test_child_events_arrive_in_order(tmp_path: Path) -> None:
    file = recording(tmp_path / "events.jsonl")
    seen = []
    pids = []
    cmd = StageCommand(tmp_path, "x", ("replay", str(file), "--speed", "0"), "replay")
    result = await run_child(cmd, seen.append, pids.append)
    assert result.returncode == 0
    assert [type(e).__name__ for e in seen] == [
        "StageStarted",
        "Progress",
        "Metric",
        "Metric",
        "LogLine",
        "Progress",
        "StageFinished",
    ]
    assert seen[3].values["train/loss"] == 0.61
    assert pids and pids[0] > 0


async def test_failing_child_reports_exit_status_and_stderr(tmp_path: Path) -> None:
    cmd = StageCommand(tmp_path, "nope", ("prep", "nope"), "prep")
    result = await run_child(cmd, lambda e: None)
    assert result.returncode == 2
    assert "no session 'nope'" in result.stderr_tail


async def test_cancel_interrupts_the_child_group(tmp_path: Path) -> None:
    file = recording(tmp_path / "slow.jsonl", gap=5.0)
    seen = []
    started = asyncio.Event()
    pid: list[int] = []

    def on_event(event: object) -> None:
        seen.append(event)
        started.set()

    cmd = StageCommand(tmp_path, "x", ("replay", str(file)), "replay")
    task = asyncio.create_task(run_child(cmd, on_event, pid.append))
    await asyncio.wait_for(started.wait(), 20)
    assert os.getpgid(pid[0]) == pid[0]  # its own group: the console's Ctrl-C never reaches it
    assert cancel_process(pid[0], own_group=True)
    result = await asyncio.wait_for(task, 20)
    assert result.returncode == 130
    assert len(seen) < 7


def test_a_stage_started_with_ctrl_c_ignored_still_hears_the_cancel(tmp_path: Path) -> None:
    """`cmd &` in a script (and a CI runner) starts children with SIGINT ignored; Python then
    raises no KeyboardInterrupt and the console's cancel would be lost."""
    file = recording(tmp_path / "slow.jsonl", gap=60.0)  # ignored, it would end in 6 minutes
    child = subprocess.Popen(
        [sys.executable, "-m", "cdpo_core", "replay", str(file), "--events"],
        stdout=subprocess.PIPE,
        text=True,
        start_new_session=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_IGN),
    )
    assert child.stdout is not None
    assert "stage_started" in child.stdout.readline()  # it runs
    assert cancel_process(child.pid, own_group=True)
    assert child.wait(timeout=600) == 130
    child.stdout.close()


def test_non_event_output_becomes_a_log_line() -> None:
    event = parse_line("prep", "some stray print")
    assert isinstance(event, LogLine) and event.message == "some stray print"


async def test_follow_a_run_started_elsewhere(tmp_path: Path) -> None:
    db = tmp_path / "session.db"
    with Store(db, create=True) as store:
        run = store.start_run("sft", "sft", pid=os.getpid())
        store.add_event(run, "stage_started", StageStarted(stage="sft", run_id=run).to_json())
    assert [r.id for r in running_runs(db)] == [run]
    seen = []
    follower = asyncio.create_task(follow_run(db, run, seen.append, interval=0.05))
    await asyncio.sleep(0.2)
    with Store(db) as store:
        store.add_event(run, "metric", Metric(stage="sft", step=1, values={"a": 1.0}).to_json())
        store.finish_run(run, "done")
    status = await asyncio.wait_for(follower, 10)
    assert status == "done"
    assert [type(e).__name__ for e in seen] == ["StageStarted", "Metric"]
    assert running_runs(db) == []


def test_dead_pid_is_not_followed(tmp_path: Path) -> None:
    db = tmp_path / "session.db"
    with Store(db, create=True) as store:
        store.start_run("sft", "sft", pid=2**22 + 12345)
    assert running_runs(db) == []
