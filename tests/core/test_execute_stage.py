"""The execute phase: real compiles, real sandboxed runs, stored verdicts, resumed after a kill."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from executed_session import TAILS, add_completions, make_session

from cdpo_core.events import Progress, Recorder
from cdpo_core.results import mean_pass_at_k, pass_at_k, session_results, table1_numbers
from cdpo_core.runner import stage_run
from cdpo_core.stages.execute import KEPT_CHARS, execute_run
from cdpo_core.store import Store

ORDER = ["accepted", "wrong_answer", "runtime_error", "warnings", "compile_error"]


@pytest.fixture(autouse=True)
def _own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))


def test_every_completion_gets_its_verdict_and_the_failing_test_its_texts(tmp_path: Path) -> None:
    session = make_session(tmp_path / "sessions")
    with stage_run(
        session, "eval-base", "eval", emit=Recorder(), label="Base", split="test"
    ) as ctx:
        add_completions(ctx.store, ctx.run_id, session, 1, [TAILS[k] for k in ORDER])
        add_completions(ctx.store, ctx.run_id, session, 2, [TAILS["accepted"]])  # no tests
        tally = execute_run(ctx)
    assert tally.judged == 4  # compile_error and no_tests run nothing
    assert tally.counts == {
        "accepted": 2,  # the clean one and the one with warnings
        "wrong_answer": 1,
        "runtime_error": 1,
        "compile_error": 1,
        "no_tests": 1,
    }
    with Store(session.db_path, readonly=True) as store:
        verdicts = store.execution_verdicts(1)
        ids = sorted(verdicts)
        assert [verdicts[i] for i in ids] == [
            "accepted",
            "wrong_answer",
            "runtime_error",
            "accepted",
            "compile_error",
            "no_tests",
        ]
        wrong = store.execution_tests(ids[1])
        # Both tests ran; only the first failing one keeps its input and outputs.
        assert [(t.name, t.verdict) for t in wrong] == [
            ("1", "wrong_answer"),
            ("2", "wrong_answer"),
        ]
        assert (wrong[0].input, wrong[0].expected, wrong[0].actual) == ("1 2\n", "3\n", "4\n")
        assert (wrong[1].input, wrong[1].actual) == ("", "")
        crash = store.execution_tests(ids[2])[0]
        assert crash.verdict == "runtime_error" and "SIG" in crash.detail
        assert all(t.input == "" for t in store.execution_tests(ids[0]))  # passing: no texts
        row = store.db.execute(
            "SELECT passed_tests, total_tests FROM executions WHERE completion_id = ?", (ids[1],)
        ).fetchone()
        assert tuple(row) == (0, 2)


def test_a_killed_run_resumes_without_rerunning_stored_executions(tmp_path: Path) -> None:
    session = make_session(tmp_path / "sessions", cache=False, workers=1)
    seen = 0

    def kill_after_first(event: object) -> None:
        nonlocal seen
        if isinstance(event, Progress) and event.unit == "programs run":
            seen += 1
            if seen == 1:
                raise KeyboardInterrupt

    settings = {"execution": {"cache": False}}
    with pytest.raises(KeyboardInterrupt):
        with stage_run(
            session, "eval-base", "eval", emit=kill_after_first, settings=settings
        ) as ctx:
            add_completions(ctx.store, ctx.run_id, session, 1, [TAILS[k] for k in ORDER])
            execute_run(ctx)
    db = sqlite3.connect(session.db_path)
    stored = {r[0] for r in db.execute("SELECT completion_id FROM executions")}
    db.close()
    # The compile error was settled at once, one judged report was stored, then the kill.
    assert len(stored) == 2
    with stage_run(session, "eval-base", "eval", emit=Recorder(), settings=settings) as ctx:
        assert ctx.resumed
        tally = execute_run(ctx)
    assert tally.judged == 3  # only the four judged minus the one already stored
    assert sum(tally.counts.values()) == 5
    with stage_run(session, "eval-base", "eval", emit=Recorder(), settings=settings) as ctx:
        assert execute_run(ctx).judged == 0


def test_execution_off_or_no_tests_writes_nothing(tmp_path: Path) -> None:
    session = make_session(tmp_path / "sessions", enabled=False)
    with stage_run(session, "eval-base", "eval", emit=Recorder()) as ctx:
        add_completions(ctx.store, ctx.run_id, session, 1, [TAILS["accepted"]])
        assert execute_run(ctx).counts == {}
        assert ctx.store.execution_counts(ctx.run_id) == {}


def test_table1_carries_pass_at_1_beside_compile_success(tmp_path: Path) -> None:
    session = make_session(tmp_path / "sessions")
    with stage_run(
        session, "eval-base", "eval", emit=Recorder(), label="Base", split="test"
    ) as ctx:
        add_completions(ctx.store, ctx.run_id, session, 1, [TAILS[k] for k in ORDER])
        add_completions(ctx.store, ctx.run_id, session, 2, [TAILS["accepted"]])
        execute_run(ctx)
        ctx.summary["skipped_prompts"] = 0
    results = session_results(session)
    table = results.table1
    assert table.columns[2:4] == ("Base", "Base pass@1")
    # Four compile clean (the wrong and the crashing one too); two of six pass the tests.
    assert table.rows[0][2] == "66.7% (4/6) *"
    assert table.rows[0][3] == "33.3% (2/6), 1 no tests"
    numbers = table1_numbers(results.stages)
    row = dict(zip(numbers.columns, numbers.rows[0], strict=True))
    assert (row["pass_at_1"], row["accepted"], row["no_tests"]) == ("0.333333", "2", "1")
    [obj] = [o for o in results.to_json() if o["kind"] == "eval"]
    assert obj["execution"]["wrong_answer"] == 1 and obj["pass_at_1"] == round(2 / 6, 6)
    categories = results.categories
    assert {"wrong_answer", "runtime_error", "no_tests"} <= set(categories.columns)


def test_unbiased_pass_at_k() -> None:
    assert pass_at_k(5, 0, 1) == 0.0
    assert pass_at_k(5, 5, 3) == 1.0
    assert pass_at_k(4, 1, 1) == pytest.approx(0.25)
    assert pass_at_k(4, 1, 2) == pytest.approx(0.5)  # 1 - C(3,2)/C(4,2) = 1 - 3/6
    assert pass_at_k(10, 3, 5) == pytest.approx(1 - 21 / 252)
    # Averaged over prompts; a skipped prompt counted as failed adds a zero.
    assert mean_pass_at_k([(4, 1), (4, 4)], 2) == pytest.approx(0.75)
    assert mean_pass_at_k([(4, 1), (4, 4)], 2, failed_prompts=1) == pytest.approx(0.5)
    with pytest.raises(ValueError):
        pass_at_k(3, 1, 4)


def test_long_texts_are_truncated(tmp_path: Path) -> None:
    from cdpo_core.judge.runner import Report, TestResult
    from cdpo_core.judge.tests import ProblemTests, TestCase
    from cdpo_core.oracle import Verdict
    from cdpo_core.stages.execute import record_of

    big = "9" * (3 * KEPT_CHARS)
    tests = ProblemTests("p", (TestCase("1", big, big),), None, None, "jsonl")
    report = Report(
        "clean",
        "wrong_answer",
        (TestResult("1", "wrong_answer", 0.0, output=big),),
        "none",
        Verdict(level="clean", passed=True),
    )
    [test] = record_of(7, report, tests).tests
    assert len(test.input) < 2 * KEPT_CHARS and test.input.endswith("[... truncated]")


def test_cdpo_judge_uses_a_sessions_stored_tests(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from executed_session import PREFIX

    from cdpo_core.cli import main

    root = tmp_path / "sessions"
    make_session(root)
    good, wrong = tmp_path / "good.cpp", tmp_path / "wrong.cpp"
    good.write_text(PREFIX + TAILS["accepted"])
    wrong.write_text(PREFIX + TAILS["wrong_answer"])
    args = ["--sessions", str(root), "judge", "--problem", "p00001", "--session", "exec"]
    assert main([*args, str(good), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["verdict"] == "accepted"
    assert [t["name"] for t in report["tests"]] == ["1", "2"]  # the two stored tests
    assert main([*args, str(wrong), "--json"]) == 1
    assert json.loads(capsys.readouterr().out)["verdict"] == "wrong_answer"
    # A problem without stored tests, or --problem without --session: one line, exit 2.
    missing = ["--sessions", str(root), "judge", str(good), "--problem", "p00002"]
    assert main([*missing, "--session", "exec"]) == 2
    assert "no tests for problem p00002" in capsys.readouterr().err
    assert main(missing) == 2
