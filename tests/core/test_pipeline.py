"""The paper's whole plan on a micro configuration, and tables recomputed from the store."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from pathlib import Path

import pytest
from micro_session import MICRO, TINY_MICRO

from cdpo_core.cli import main
from cdpo_core.events import Metric, Recorder, StageFailed, StageFinished
from cdpo_core.pipeline import plan_status, run_plan
from cdpo_core.results import STAGE_LABELS, session_results, to_csv, to_markdown
from cdpo_core.session import PAPER_PLAN, Session


def recount(db: Path, run_id: int) -> tuple[int, int]:
    """Count verdicts with plain SQL, independently of the Store class."""
    con = sqlite3.connect(db)
    row = con.execute(
        "SELECT SUM(v.passed), COUNT(*) FROM completions c JOIN verdicts v"
        " ON v.completion_id = c.id WHERE c.run_id = ?",
        (run_id,),
    ).fetchone()
    con.close()
    return int(row[0] or 0), int(row[1])


@pytest.fixture(scope="module")
def finished(tmp_path_factory: pytest.TempPathFactory) -> tuple[Session, Recorder]:
    root = tmp_path_factory.mktemp("sessions")
    mp = pytest.MonkeyPatch()
    mp.setenv("XDG_CACHE_HOME", str(root / "cache"))
    # The demo preset's own model, cdpo-tiny, at the micro size: the plan must build it.
    args = ["--sessions", str(root), "init", "micro", "--preset", "demo"]
    for assignment in MICRO + TINY_MICRO:
        args += ["--set", assignment]
    assert main(args) == 0
    session = Session.open(root, "micro")
    seen = Recorder()
    run_plan(session, emit=seen)
    yield session, seen
    mp.undo()


@pytest.mark.slow
def test_every_plan_step_finishes(finished: tuple[Session, Recorder]) -> None:
    session, seen = finished
    states = plan_status(session)
    assert [s.step for s in states] == ["prep", "build-tiny", *PAPER_PLAN]
    assert all(s.status == "done" for s in states), [(s.step, s.status) for s in states]
    assert not seen.of(StageFailed)
    finished_steps = {e.stage for e in seen.of(StageFinished)}
    assert set(PAPER_PLAN) | {"prep", "build-tiny"} <= finished_steps
    built = next(e for e in seen.of(StageFinished) if e.stage == "build-tiny")
    assert built.summary["planned_steps"] == 80 and built.summary["steps"] >= 40
    # Training streamed its metrics, DPO with the collapse signal.
    names = {k for e in seen.of(Metric) for k in e.values}
    assert {"train/loss", "rewards/margins", "logps/chosen"} <= names


@pytest.mark.slow
def test_table1_cells_are_recounted_from_stored_verdicts(
    finished: tuple[Session, Recorder],
) -> None:
    session, _ = finished
    results = session_results(session)
    table = results.table1
    # The demo ships tests, so each stage's compile success has its pass@1 column beside it.
    assert table.columns == (
        "session",
        "model",
        *(c for label in STAGE_LABELS for c in (label, f"{label} pass@1")),
    )
    assert len(table.rows) == 1
    with session.store(readonly=True) as store:
        runs = {r.label: r for r in store.runs() if r.kind == "eval"}
        test_samples = store.sample_counts()["test"]
    assert set(runs) == set(STAGE_LABELS)
    compile_cells = table.rows[0][2::2]
    for label, cell in zip(STAGE_LABELS, compile_cells, strict=True):
        passed, total = recount(session.db_path, runs[label].id)
        assert total == test_samples
        assert cell.startswith(f"{100 * passed / total:.1f}% ({passed}/{total})")
    marks = [cell.endswith(" *") for cell in compile_cells]
    ties = [cell.endswith(" * (tie)") for cell in compile_cells]
    assert (sum(marks), sum(ties) > 1) in ((1, False), (0, True))  # one best, or a tie

    # Flip one stored verdict: the table follows, since nothing is cached.
    con = sqlite3.connect(session.db_path)
    con.execute(
        "UPDATE verdicts SET passed = 1 - passed WHERE completion_id ="
        " (SELECT MIN(id) FROM completions WHERE run_id = ?)",
        (runs["Base"].id,),
    )
    con.commit()
    con.close()
    passed, total = recount(session.db_path, runs["Base"].id)
    assert (
        session_results(session)
        .table1.rows[0][2]
        .startswith(f"{100 * passed / total:.1f}% ({passed}/{total})")
    )


@pytest.mark.slow
def test_table2_pairs_and_exports(finished: tuple[Session, Recorder]) -> None:
    session, _ = finished
    results = session_results(session)
    assert results.table2.columns == ("session", "model", "best stage", "over Base", "over +SFT")
    assert set(results.table2.rows[0][2].split(" = ")) <= set(STAGE_LABELS)
    with session.store(readonly=True) as store:
        prefs = [r for r in store.runs() if r.kind == "prefs"]
        distances = {r.step: store.pair_distances(r.id) for r in prefs}
    assert {p.step for p in results.pairs} == {"prefs-sft", "prefs-base"}
    for p in results.pairs:
        assert p.pairs == len(distances[p.step]) > 0
        assert sum(p.histogram.values()) == p.pairs
    markdown = to_markdown(results.table1)
    assert markdown.startswith("### Table 1") and "| session | model | Base |" in markdown
    rows = list(csv.reader(io.StringIO(to_csv(results.table2))))
    assert rows[0] == list(results.table2.columns)
    objects = results.to_json()
    evals = [o for o in objects if o["kind"] == "eval"]
    assert {o["stage"] for o in evals} == set(STAGE_LABELS)
    for o in evals:
        assert o["rate"] == pytest.approx(o["passed"] / o["total"])
    json.dumps(objects)


@pytest.mark.slow
def test_a_finished_plan_is_not_redone_and_from_restarts(
    finished: tuple[Session, Recorder],
) -> None:
    session, _ = finished
    with session.store(readonly=True) as store:
        before = len(store.runs())
    again = Recorder()
    run_plan(session, emit=again)
    with session.store(readonly=True) as store:
        assert len(store.runs()) == before
    assert not again.of(StageFinished)
    run_plan(session, emit=again, start="eval-dpo")
    with session.store(readonly=True) as store:
        runs = store.runs()
        assert len(runs) == before + 1
        assert runs[-1].step == "eval-dpo" and runs[-1].status == "done"


@pytest.mark.slow
def test_sampled_pairs_use_several_completions_per_prompt(
    tiny_model_dir: Path, tmp_path: Path
) -> None:
    from cdpo_core.pipeline import run_step

    root = tmp_path / "sessions"
    args = [
        "--sessions",
        str(root),
        "init",
        "sampled",
        "--preset",
        "demo",
        "--model",
        str(tiny_model_dir),
    ]
    for assignment in [
        *MICRO,
        "preferences.completions_per_prompt=3",
        "preferences.temperature=0.9",
        "preferences.seed=1",
    ]:
        args += ["--set", assignment]
    assert main(args) == 0
    session = Session.open(root, "sampled")
    assert main(["--sessions", str(root), "prep", "sampled"]) == 0
    run_step(session, "prefs-base", emit=Recorder())
    with session.store(readonly=True) as store:
        run = store.latest_run("prefs-base")
        assert run is not None and run.status == "done"
        rows = store.completions_with_verdicts(run.id)
        train = store.sample_counts()["train"]
        pairs = store.pair_distances(run.id)
    assert len(rows) == 3 * train
    assert {r["seq"] for r in rows} == {0, 1, 2}
    by_sample: dict[int, set[str]] = {}
    for r in rows:
        by_sample.setdefault(r["sample_id"], set()).add(r["continuation"])
    assert any(len(texts) > 1 for texts in by_sample.values()), "sampling made them differ"
    failed = sum(1 for r in rows if not r["passed"])
    assert 0 < len(pairs) <= failed
