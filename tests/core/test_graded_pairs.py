"""Graded preferences: completions ordered by their real run on the tests, paired across tiers."""

from __future__ import annotations

import dataclasses
import json

import pytest
from executed_session import TAILS, add_completions, make_session

from cdpo_core.events import Recorder
from cdpo_core.runner import stage_run
from cdpo_core.stages.execute import execute_run
from cdpo_core.training.pairs import JudgedCompletion, grade, make_pairs, tiers_of
from cdpo_core.training.settings import PreferenceSettings, TrainingError

TRAIN_SAMPLE = 3  # p00001's training sample (make_session's third row)


@pytest.fixture(scope="module")
def judged(tmp_path_factory: pytest.TempPathFactory) -> list[JudgedCompletion]:
    """The five a+b continuations, compiled by the oracle and run by the judge for real."""
    root = tmp_path_factory.mktemp("graded")
    mp = pytest.MonkeyPatch()
    mp.setenv("XDG_CACHE_HOME", str(root / "cache"))
    session = make_session(root / "sessions")
    names = ["wrong_answer", "compile_error", "runtime_error", "warnings"]
    with stage_run(session, "prefs-base", "prefs", emit=Recorder(), split="train") as ctx:
        add_completions(ctx.store, ctx.run_id, session, TRAIN_SAMPLE, [TAILS[n] for n in names])
        execute_run(ctx)
        verdicts = ctx.store.execution_verdicts(ctx.run_id)
        rows = ctx.store.completions_with_verdicts(ctx.run_id)
        sample = ctx.store.samples("train")[0]
    mp.undo()
    return [
        JudgedCompletion(
            sample_id=str(sample.id),
            problem_id=sample.problem_id,
            prefix=sample.prefix,
            target=sample.target,
            completion=row["continuation"],
            level=row["level"],
            passed=bool(row["passed"]),
            categories=tuple(json.loads(row["categories"])),
            execution=verdicts[row["id"]],
        )
        for row in rows
    ]


def _by_tail(records: list[JudgedCompletion]) -> dict[str, JudgedCompletion]:
    return {name: next(r for r in records if r.completion == TAILS[name]) for name in TAILS}


def test_real_verdicts_grade_the_completions(judged: list[JudgedCompletion]) -> None:
    by = _by_tail([*judged, dataclasses.replace(judged[0], completion=TAILS["accepted"])])
    assert grade(by["wrong_answer"]) == "wrong_answer"
    assert grade(by["runtime_error"]) == "runtime_error"
    assert grade(by["compile_error"]) == "compile_error"
    # The one with warnings compiled and passes the tests: execution grades it accepted.
    assert grade(by["warnings"]) == "accepted"


def test_levels_pair_across_tiers_with_an_accepted_completion_on_top(
    judged: list[JudgedCompletion],
) -> None:
    settings = PreferenceSettings(mode="levels", grading="execution")
    pairs, report = make_pairs(judged, settings=settings)
    name = {tail: n for n, tail in TAILS.items()}
    got = {(p.chosen_from, name[p.chosen], name[p.rejected], p.category) for p in pairs}
    # The top is the model's own program accepted on every test (it compiled with warnings).
    assert got == {
        ("completion:accepted", "warnings", "wrong_answer", "wrong_answer"),
        ("completion:accepted", "warnings", "runtime_error", "runtime_error"),
        ("completion:accepted", "warnings", "compile_error", "expected_token"),
        ("completion:wrong_answer", "wrong_answer", "runtime_error", "runtime_error"),
        ("completion:wrong_answer", "wrong_answer", "compile_error", "expected_token"),
        ("completion:runtime_error", "runtime_error", "compile_error", "expected_token"),
    }
    assert report.pairs == 6


def test_reference_on_top_when_nothing_is_accepted(judged: list[JudgedCompletion]) -> None:
    failing = [r for r in judged if grade(r) != "accepted"]
    pairs, _ = make_pairs(failing, settings=PreferenceSettings(mode="bad", grading="execution"))
    assert {p.chosen_from for p in pairs} == {"original"}
    assert {p.rejected for p in pairs} == {
        TAILS["wrong_answer"],
        TAILS["runtime_error"],
        TAILS["compile_error"],
    }


def test_compile_grading_is_unchanged(judged: list[JudgedCompletion]) -> None:
    """The paper's mode pairs every compile failure, even a program that passes the tests."""
    pairs, _ = make_pairs(judged, settings=PreferenceSettings(mode="bad"))
    assert {p.rejected for p in pairs} == {TAILS["compile_error"], TAILS["warnings"]}


def test_order_is_configurable_and_checked(judged: list[JudgedCompletion]) -> None:
    # Runtime errors above wrong answers, by choice: the pair between them flips.
    order = ("accepted", "runtime_error", "wrong_answer", "compile_error")
    pairs, _ = make_pairs(
        judged, settings=PreferenceSettings(mode="levels", grading="execution", order=order)
    )
    assert any(
        p.chosen == TAILS["runtime_error"] and p.rejected == TAILS["wrong_answer"] for p in pairs
    )
    assert not any(
        p.chosen == TAILS["wrong_answer"] and p.rejected == TAILS["runtime_error"] for p in pairs
    )
    with pytest.raises(TrainingError, match="unknown grade"):
        tiers_of(("accepted", "segfault"))
    with pytest.raises(TrainingError, match="repeats"):
        tiers_of(("accepted|wrong_answer", "wrong_answer"))
