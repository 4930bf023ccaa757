"""Two processes on one session: the kernel's locks let exactly one write each step."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from cdpo_core.cli import main
from cdpo_core.locks import SessionBusy, held_by_someone, step_lock
from cdpo_core.session import Session, preset

# A stage that enters its run frame, says so, and holds it until its stdin closes.
HOLDER = """
import sys
from pathlib import Path
from cdpo_core.errors import CdpoError
from cdpo_core.events import discard
from cdpo_core.runner import stage_run
from cdpo_core.session import Session

session = Session.open(Path(sys.argv[1]), sys.argv[2])
try:
    with stage_run(session, sys.argv[3], "eval", emit=discard):
        print("entered", flush=True)
        sys.stdin.read()
except CdpoError as exc:
    print("refused:", exc.one_line(), flush=True)
    sys.exit(2)
"""


@pytest.fixture()
def session(tmp_path: Path) -> Session:
    return Session.create(tmp_path, "locked", preset("demo"))


def start(session: Session, step: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(session.path.parent), session.name, step],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )


def test_two_processes_starting_one_step_at_once_run_it_once(session: Session) -> None:
    first, second = start(session, "eval-base"), start(session, "eval-base")
    assert first.stdout is not None and second.stdout is not None
    lines = {first: first.stdout.readline(), second: second.stdout.readline()}
    holders = [p for p, line in lines.items() if line.startswith("entered")]
    refused = [p for p, line in lines.items() if line.startswith("refused")]
    assert len(holders) == 1 and len(refused) == 1, lines
    loser, winner = refused[0], holders[0]
    # The refusal came while the winner still holds the step: it did not wait for it.
    assert loser.wait(timeout=60) == 2
    assert winner.poll() is None, "the winner is still inside its run"
    assert f"eval-base is running in pid {winner.pid} since" in lines[loser]
    winner.communicate("")
    assert winner.returncode == 0
    with session.store(readonly=True) as store:
        runs = store.runs("eval-base")
    assert [r.status for r in runs] == ["done"], "the store holds one run"


def test_prep_waits_for_no_one_and_is_refused_while_a_step_runs(session: Session) -> None:
    holder = start(session, "eval-base")
    assert holder.stdout is not None and holder.stdout.readline().startswith("entered")
    try:
        with pytest.raises(SessionBusy, match=rf"eval-base is running in pid {holder.pid}"):
            with step_lock(session.path, "prep"):
                pass
        with step_lock(session.path, "sft"):  # another step may run beside it
            assert held_by_someone(session.path, "eval-base")
    finally:
        holder.communicate("")
    assert not held_by_someone(session.path, "eval-base"), "the kernel dropped it at exit"
    with step_lock(session.path, "prep"):
        with pytest.raises(SessionBusy, match="prep is running"):
            with step_lock(session.path, "eval-base"):
                pass


def test_a_killed_holder_blocks_no_one(session: Session) -> None:
    holder = start(session, "sft")
    assert holder.stdout is not None and holder.stdout.readline().startswith("entered")
    holder.kill()
    holder.wait(timeout=30)
    assert not held_by_someone(session.path, "sft")
    with step_lock(session.path, "sft"):
        pass


def test_the_cli_refuses_a_second_run_in_one_line(
    session: Session, capsys: pytest.CaptureFixture[str]
) -> None:
    holder = start(session, "prep")
    assert holder.stdout is not None and holder.stdout.readline().startswith("entered")
    try:
        code = main(["--sessions", str(session.path.parent), "prep", session.name])
    finally:
        holder.communicate("")
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2 and len(err) == 1
    assert f"prep is running in pid {holder.pid}" in err[0]
