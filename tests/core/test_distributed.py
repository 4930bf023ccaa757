"""Steps under `accelerate launch`: two CPU processes (gloo, configs/accelerate/cpu_ddp.yaml).

Each launched step is compared with the same step run in one process on an identical session:
the store must hold what one process would have written, once. The counts are read with plain
SQL, independently of the Store class.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from micro_session import micro_session

from cdpo_core.cli import main
from cdpo_core.launch import LAUNCHED

CONFIG = Path(__file__).resolve().parents[2] / "configs" / "accelerate" / "cpu_ddp.yaml"
# Four training programs (one DDP step of 2 x 2 takes them all) and six test programs (three
# per rank). Greedy decoding, the paper's and the session default.
SIZES = ("selection.test_per_problem=3", "generation.max_new_tokens=24")


@pytest.fixture(scope="module")
def sessions(tmp_path_factory: pytest.TempPathFactory, tiny_model_dir: Path) -> tuple[Path, ...]:
    """Two identical prepared sessions: `alone` runs in one process, `launched` under accelerate."""
    root = tmp_path_factory.mktemp("sessions")
    for name in ("alone", "launched"):
        micro_session(root, tiny_model_dir, name, *SIZES)
    return root, root / "alone" / "session.db", root / "launched" / "session.db"


def step(root: Path, name: str, step_name: str, *, launch: bool) -> int:
    args = ["--sessions", str(root), "step", name, step_name]
    if launch:
        args += ["--launcher", "accelerate", "--config", str(CONFIG)]
    return main(args)


def query(db: Path, sql: str, *params: object) -> list[tuple]:
    con = sqlite3.connect(db)
    try:
        return con.execute(sql, params).fetchall()
    finally:
        con.close()


def run_of(db: Path, step_name: str) -> tuple[int, str, str]:
    rows = query(db, "SELECT id, status, artifact FROM runs WHERE step = ?", step_name)
    assert len(rows) == 1, f"{step_name}: expected one run, found {rows}"
    return rows[0]


def event_types(db: Path, run_id: int) -> Counter[str]:
    return Counter(t for (t,) in query(db, "SELECT type FROM events WHERE run_id = ?", run_id))


def completions(db: Path, run_id: int) -> dict[str, list[tuple[int, str]]]:
    """Each sample's stored (seq, output), by submission id (the same in both sessions)."""
    found: dict[str, list[tuple[int, str]]] = {}
    for sub, seq, output in query(
        db,
        "SELECT s.submission_id, c.seq, c.output FROM completions c JOIN verdicts v"
        " ON v.completion_id = c.id JOIN samples s ON s.id = c.sample_id WHERE c.run_id = ?"
        " ORDER BY c.id",
        run_id,
    ):
        found.setdefault(sub, []).append((seq, output))
    return found


def logs(db: Path, run_id: int) -> list[str]:
    rows = query(db, "SELECT payload FROM events WHERE run_id = ? AND type = 'log'", run_id)
    return [json.loads(p)["message"] for (p,) in rows]


def test_sft_on_two_processes_records_once(sessions: tuple[Path, ...]) -> None:
    root, alone, launched = sessions
    assert step(root, "alone", "sft", launch=False) == 0
    # `accelerate launch` typed by hand, as a SLURM script does (the eval test goes through
    # `--launcher accelerate`).
    env = {k: v for k, v in os.environ.items() if k != LAUNCHED}
    command = [sys.executable, "-m", "accelerate.commands.launch", "--config_file", str(CONFIG)]
    command += ["--num_processes", "2", "-m", "cdpo_core", "--sessions", str(root)]
    proc = subprocess.run(
        [*command, "step", "launched", "sft", "--events"],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    # Only the main process reports: one stream of events on stdout, each line JSON.
    printed = Counter(json.loads(line)["type"] for line in proc.stdout.splitlines())

    run_id, status, artifact = run_of(launched, "sft")
    assert status == "done"
    assert (Path(artifact) / "adapter_config.json").is_file()
    adapters = list((root / "launched" / "runs").glob("*/adapter"))
    assert adapters == [Path(artifact)]
    # Both ranks trained: one DDP step of 2 processes x 2 rows covers the 4 training rows,
    # where one process needs two steps per epoch.
    epochs = dict(query(launched, "SELECT step, value FROM metrics WHERE name = 'train/epoch'"))
    alone_id = run_of(alone, "sft")[0]
    epochs_alone = dict(
        query(
            alone,
            "SELECT step, value FROM metrics WHERE run_id = ? AND name = ?",
            alone_id,
            "train/epoch",
        )
    )
    assert epochs == {1: 1.0, 2: 2.0}
    assert epochs_alone == {1: 0.5, 2: 1.0}
    # One set of metrics and events, as one process writes them.
    metric_rows = "SELECT COUNT(*) FROM metrics WHERE run_id = ?"
    assert query(launched, metric_rows, run_id) == query(alone, metric_rows, alone_id)
    assert event_types(launched, run_id) == event_types(alone, alone_id)
    assert event_types(launched, run_id)["stage_finished"] == 1
    assert printed == event_types(launched, run_id)
    # The checkpoint is marked complete (by the main process, once its files are written).
    assert (Path(artifact).parent / "checkpoint-2" / "cdpo_checkpoint.json").is_file()


def test_sharded_eval_matches_one_process_and_resumes_per_shard(
    sessions: tuple[Path, ...],
) -> None:
    root, alone, launched = sessions
    assert step(root, "alone", "eval-base", launch=False) == 0
    assert step(root, "launched", "eval-base", launch=True) == 0

    run_id, status, _ = run_of(launched, "eval-base")
    alone_id = run_of(alone, "eval-base")[0]
    assert status == "done"
    tests = query(launched, "SELECT COUNT(*) FROM samples WHERE split = 'test'")[0][0]
    assert tests == 6
    stored = completions(launched, run_id)
    assert len(stored) == tests
    assert all(len(rows) == 1 for rows in stored.values()), stored
    assert stored == completions(alone, alone_id)
    # The main process generated half; the other rank stored the rest.
    assert "judging 3 of 6 samples here, the rest on the other ranks" in logs(launched, run_id)
    assert event_types(launched, run_id)["stage_finished"] == 1

    # A run killed after two samples were judged: the rerun splits only the four left.
    kept = query(
        launched, "SELECT id FROM completions WHERE run_id = ? ORDER BY id LIMIT 2", run_id
    )
    gone = [
        cid
        for (cid,) in query(launched, "SELECT id FROM completions WHERE run_id = ?", run_id)
        if (cid,) not in kept
    ]
    con = sqlite3.connect(launched)
    with con:
        marks = ",".join("?" * len(gone))
        con.execute(f"DELETE FROM execution_tests WHERE completion_id IN ({marks})", gone)
        con.execute(f"DELETE FROM executions WHERE completion_id IN ({marks})", gone)
        con.execute(f"DELETE FROM diagnostics WHERE completion_id IN ({marks})", gone)
        con.execute(f"DELETE FROM verdicts WHERE completion_id IN ({marks})", gone)
        con.execute(f"DELETE FROM completions WHERE id IN ({marks})", gone)
        con.execute("UPDATE runs SET status = 'cancelled' WHERE id = ?", (run_id,))
    con.close()
    assert step(root, "launched", "eval-base", launch=True) == 0
    assert run_of(launched, "eval-base") == (run_id, "done", "")
    assert completions(launched, run_id) == stored
    assert "judging 2 of 4 samples here, the rest on the other ranks" in logs(launched, run_id)
    summary = json.loads(query(launched, "SELECT summary FROM runs WHERE id = ?", run_id)[0][0])
    assert summary["total"] == tests


def test_launcher_refuses_what_it_cannot_run(
    sessions: tuple[Path, ...], capsys: pytest.CaptureFixture[str]
) -> None:
    base = ["--sessions", str(sessions[0]), "step", "launched"]
    launch = ["--launcher", "accelerate", "--config", str(CONFIG)]
    assert main([*base, "sft", "--launcher", "accelerate"]) == 2
    assert main([*base, "prep", *launch]) == 2
    assert main([*base, "dpo-round-1", *launch]) == 2
    assert main([*base, "sft", "--launcher", "accelerate", "--config", "missing.yaml"]) == 2
    assert main([*base, "sft", "--config", str(CONFIG)]) == 2
    err = capsys.readouterr().err
    assert err.count("cannot run under accelerate yet") == 2
    assert "--launcher accelerate needs --config FILE" in err
    assert "no such accelerate config file" in err
    assert "add --launcher accelerate" in err
    assert "Traceback" not in err


def test_each_launched_process_loads_its_model_on_its_own_gpu(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from cdpo_core.models.loading import _own_gpu

    monkeypatch.delenv("LOCAL_RANK", raising=False)
    assert _own_gpu() == {"": 0}  # one process: the first GPU
    monkeypatch.setenv("LOCAL_RANK", "3")  # what torchrun gives the fourth process of a node
    assert _own_gpu() == {"": 3}


AGREE = """
import sys
import torch.distributed as dist
from cdpo_core.training.callbacks import _agreed
rank, store = int(sys.argv[1]), sys.argv[2]
dist.init_process_group("gloo", init_method=f"file://{store}", rank=rank, world_size=2)
# Only rank 1 is asked to stop, at step 2: a stop file or a signal seen by one rank first.
print([_agreed(rank == 1 and step == 2) for step in range(4)])
dist.destroy_process_group()
"""


def test_a_stop_seen_by_one_rank_stops_every_rank_at_the_same_step(tmp_path: Path) -> None:
    # Otherwise the rank that stops leaves the loop and the other waits forever in its next
    # gradient all-reduce.
    ranks = [
        subprocess.Popen(
            [sys.executable, "-c", AGREE, str(rank), str(tmp_path / "rendezvous")],
            stdout=subprocess.PIPE,
            text=True,
        )
        for rank in (0, 1)
    ]
    outputs = [rank.communicate(timeout=120)[0].strip() for rank in ranks]
    assert [rank.returncode for rank in ranks] == [0, 0]
    assert outputs == ["[False, False, True, False]"] * 2
