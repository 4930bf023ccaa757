"""Selecting k train and j test programs per problem: deterministic, distinct, compiling."""

from __future__ import annotations

import random
import subprocess
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest

from cdpo_core.codenet import IngestReport, Submission, read_submissions
from cdpo_core.events import LogLine, Progress, Recorder
from cdpo_core.selection import (
    REASON_DUPLICATE_CODE,
    REASON_NO_COMPILE,
    REASON_NONE_COMPILES,
    REASON_OVER_CAP,
    REASON_TOO_LONG,
    REASON_TOO_SHORT,
    Selection,
    SelectionError,
    SelectionSettings,
    oracle_check,
    select,
)

SHARED_DATA = Path(__file__).resolve().parents[2] / ".." / "shared" / "data"


def sub(pid: str, sid: str, code: str, **kw: str) -> Submission:
    return Submission(pid, sid, kw.get("language", "C++"), kw.get("status", "Accepted"), code, sid)


def corpus(problems: int = 6, per_problem: int = 12) -> list[Submission]:
    """Distinct programs; those whose id ends in 3 carry BAD, which `FakeCheck` fails."""
    out = []
    for p in range(problems):
        for s in range(per_problem):
            bad = "BAD" if s % 10 == 3 else ""
            code = f"int main() {{ return {s}; }} // p{p} {bad}"
            out.append(sub(f"p{p:05d}", f"s{p:03d}{s:03d}", code))
    return out


class FakeCheck:
    """A cheap deterministic oracle: a program fails when it contains BAD. Records each call."""

    def __init__(self) -> None:
        self.calls: list[list[str]] = []

    def __call__(self, codes: Sequence[str]) -> list[bool]:
        self.calls.append(list(codes))
        return ["BAD" not in code for code in codes]

    @property
    def compiled(self) -> int:
        return sum(len(c) for c in self.calls)


def picked(selection: Selection) -> list[tuple[str, str, str]]:
    return [(s.problem_id, s.submission_id, s.split) for s in selection.train + selection.test]


def test_per_problem_counts_splits_are_disjoint_and_all_compile() -> None:
    settings = SelectionSettings(train_per_problem=5, test_per_problem=2)
    check = FakeCheck()
    result = select(corpus(), settings, check)
    assert len(result.train) == 6 * 5 and len(result.test) == 6 * 2
    for pid in {s.problem_id for s in result.train}:
        assert sum(s.problem_id == pid for s in result.train) == 5
        assert sum(s.problem_id == pid for s in result.test) == 2
    train_ids = {s.submission_id for s in result.train}
    test_ids = {s.submission_id for s in result.test}
    assert not train_ids & test_ids
    assert not {s.code for s in result.train} & {s.code for s in result.test}
    assert all("BAD" not in s.code for s in result.train + result.test)
    assert {s.split for s in result.train} == {"train"} and {s.split for s in result.test} == {
        "test"
    }
    assert result.report.problems_seen == result.report.problems_kept == 6


def test_same_seed_same_selection_whatever_the_input_order() -> None:
    data = corpus()
    settings = SelectionSettings(seed=7, max_problems=4)
    first = select(data, settings, FakeCheck())
    shuffled = data[:]
    random.Random(3).shuffle(shuffled)
    again = select(reversed(shuffled), settings, FakeCheck())
    assert picked(first) == picked(again)
    other = select(data, SelectionSettings(seed=8, max_problems=4), FakeCheck())
    assert picked(other) != picked(first)


def test_exact_duplicates_are_removed_and_counted_whatever_comes_first() -> None:
    base = [sub("p00001", f"s{i}", f"int main() {{ return {i}; }}") for i in range(7)]
    # Same program as s0 up to surrounding whitespace: duplicates, counted.
    dupes = [
        sub("p00001", "d1", "\n  int main() { return 0; }\n"),
        sub("p00001", "d2", "int main() { return 0; }  "),
    ]
    settings = SelectionSettings(train_per_problem=4, test_per_problem=3)
    one = select(base + dupes, settings, FakeCheck())
    two = select(dupes[::-1] + base[::-1], settings, FakeCheck())
    assert one.report.skipped[REASON_DUPLICATE_CODE] == 2
    assert picked(one) == picked(two)
    codes = [s.code.strip() for s in one.train + one.test]
    assert len(codes) == len(set(codes)) == 7


def test_a_program_chosen_for_one_problem_is_not_chosen_again_for_another() -> None:
    shared = [f"int main() {{ return {i}; }}" for i in range(7)]
    data = []
    for n, pid in enumerate(("p00001", "p00002")):
        data += [sub(pid, f"{pid}-{i}", code) for i, code in enumerate(shared)]
        data += [
            sub(pid, f"{pid}-own{i}", f"int main() {{ return {100 * (n + 1) + i}; }}")
            for i in range(7)
        ]
    clashes = 0
    for seed in range(5):
        result = select(data, SelectionSettings(seed=seed), FakeCheck())
        chosen = [s.code for s in result.train + result.test]
        assert len(chosen) == len(set(chosen)) == 14
        assert picked(result) == picked(
            select(data[::-1], SelectionSettings(seed=seed), FakeCheck())
        )
        clashes += result.report.skipped[REASON_DUPLICATE_CODE]
    assert clashes > 0  # the rule did fire: shared programs ranked high for both problems


def test_duplicates_make_a_problem_too_small() -> None:
    same = [sub("p00001", f"s{i}", "int main() {}") for i in range(10)]
    result = select(same, SelectionSettings(), FakeCheck())
    assert result.train == [] and result.test == []
    assert result.report.skipped[REASON_DUPLICATE_CODE] == 9
    assert result.report.skipped["problem with fewer than 7 distinct programs"] == 1


def test_caps_on_problems_and_program_length() -> None:
    data = corpus(problems=10)
    data.append(sub("p00000", "long", "int main() { return 0; } //" + "x" * 200))
    data.append(sub("p00000", "short", " ; "))
    settings = SelectionSettings(max_problems=3, max_chars=100, min_chars=3)
    check = FakeCheck()
    result = select(data, settings, check)
    assert len({s.problem_id for s in result.train + result.test}) == 3
    assert result.report.problems_kept == 3
    assert result.report.skipped[REASON_OVER_CAP] == 7
    assert result.report.skipped[REASON_TOO_LONG] == 1
    assert result.report.skipped[REASON_TOO_SHORT] == 1
    # Only the capped problems were compiled (about 7 each, plus the failures met on the way).
    assert check.compiled <= 3 * 8
    # The cap keeps the first problems of the seeded order, so a larger cap keeps a superset.
    more = select(data, SelectionSettings(max_problems=5, max_chars=100, min_chars=3), FakeCheck())
    assert {s.problem_id for s in result.train} <= {s.problem_id for s in more.train}


def test_compile_filter_is_lazy_and_batched() -> None:
    check = FakeCheck()
    settings = SelectionSettings(compile_batch=14)
    result = select(corpus(problems=6, per_problem=40), settings, check)
    # Every problem needs 7 passes; at most one BAD program per 10 is met before that.
    assert result.report.compiled == check.compiled
    assert 6 * 7 <= check.compiled <= 6 * 9
    assert result.report.skipped[REASON_NO_COMPILE] == check.compiled - 6 * 7
    assert all(len(call) <= 14 for call in check.calls)
    assert len(check.calls) < check.compiled  # batched, not one by one


def test_problems_without_enough_compiling_programs() -> None:
    good = [sub("p00001", f"g{i}", f"int main() {{ return {i}; }}") for i in range(4)]
    bad = [sub("p00001", f"b{i}", f"BAD {i}") for i in range(6)]
    full = corpus(problems=1)
    strict = select(good + bad + full, SelectionSettings(), FakeCheck())
    assert strict.report.skipped["problem with fewer than 7 distinct programs that compile"] == 1
    assert strict.report.skipped[REASON_NO_COMPILE] >= 6
    assert {s.problem_id for s in strict.train} == {"p00000"}
    lenient = select(good + bad, SelectionSettings(require_full=False), FakeCheck())
    assert [s.split for s in lenient.train + lenient.test] == ["train"] * 4  # train fills first
    assert {s.submission_id for s in lenient.train} == {"g0", "g1", "g2", "g3"}


def test_the_report_tells_no_compiling_program_from_too_few_and_counts_in_plural() -> None:
    def problem(pid: str, good: int, bad: int) -> list[Submission]:
        return [
            sub(pid, f"{pid}g{i}", f"int main() {{ return {i}; }} // {pid}") for i in range(good)
        ] + [sub(pid, f"{pid}b{i}", f"BAD {pid} {i}") for i in range(bad)]

    # Two problems where nothing compiles, one with 4 of 7, one full; one program too short.
    data = problem("p00001", 0, 8) + problem("p00002", 0, 7) + problem("p00003", 4, 6)
    data += corpus(problems=1) + [sub("p00000", "tiny", " ; ")]
    result = select(data, SelectionSettings(min_chars=3), FakeCheck())
    skipped = result.report.skipped
    assert skipped[REASON_NONE_COMPILES] == 2
    assert skipped["problem with fewer than 7 distinct programs that compile"] == 1
    lines = result.report.lines()
    assert "  skipped 2 problems with no program that compiles" in lines
    assert "  skipped 1 problem with fewer than 7 distinct programs that compile" in lines
    assert "  skipped 1 program: shorter than min_chars" in lines
    assert f"  skipped {skipped[REASON_NO_COMPILE]} programs: {REASON_NO_COMPILE}" in lines


def test_candidate_pool_bounds_memory_without_breaking_determinism() -> None:
    # 200 submissions of 60 distinct programs, arriving in different orders.
    data = [sub("p00001", f"s{i}", f"int main() {{ return {i % 60}; }}") for i in range(200)]
    settings = SelectionSettings(candidates_per_problem=10)
    one = select(data, settings, FakeCheck())
    assert one.report.skipped[REASON_DUPLICATE_CODE] == 140
    for order_seed in range(3):
        shuffled = data[:]
        random.Random(order_seed).shuffle(shuffled)
        assert picked(select(shuffled, settings, FakeCheck())) == picked(one)
    # The pool holds the 10 best-ranked programs, and those are what an unbounded pool tries.
    unbounded = select(data, SelectionSettings(candidates_per_problem=500), FakeCheck())
    assert picked(one) == picked(unbounded)


def test_filters_and_progress_events() -> None:
    data = corpus(problems=2)
    data.append(sub("p00000", "py", "print(1)", language="Python"))
    data.append(sub("p00000", "wa", "int main() { return 9; }", status="Wrong Answer"))
    events = Recorder()
    ingest = IngestReport(layout="jsonl", read=30, kept=26)
    result = select(data, SelectionSettings(), FakeCheck(), emit=events, ingest_report=ingest)
    assert result.report.skipped["not C++"] == 1 and result.report.skipped["not Accepted"] == 1
    progress = events.of(Progress)
    assert progress and all(e.stage == "prep" for e in events.events)
    assert progress[-1].done == progress[-1].total == 2 and progress[-1].unit == "problems"
    logged = [e.message for e in events.of(LogLine)]
    assert logged[0].startswith("jsonl: read 30, kept 26")
    assert any("selection: 26 submissions over 2 problems" in line for line in logged)


def test_bad_settings_and_a_check_that_miscounts() -> None:
    with pytest.raises(SelectionError, match="train_per_problem"):
        SelectionSettings(train_per_problem=-1)
    with pytest.raises(SelectionError, match="candidates_per_problem"):
        SelectionSettings(candidates_per_problem=3)
    with pytest.raises(SelectionError, match="answered 1 flags for 7 programs"):
        select(corpus(problems=1), SelectionSettings(), lambda codes: [True])


def test_every_setting_has_help() -> None:
    from dataclasses import fields

    assert all(f.metadata.get("help") for f in fields(SelectionSettings))


@dataclass(frozen=True)
class _Verdict:
    passed: bool


class _Oracle:
    """Shaped like `cdpo_core.oracle.Oracle`: verdicts with `.passed`, computed by real g++."""

    def check_many(self, codes: Sequence[str]) -> list[_Verdict]:
        return [_Verdict(ok) for ok in gxx_check(codes)]


def gxx_check(codes: Sequence[str]) -> list[bool]:
    """The paper's strict policy with real g++ (a warning fails), for tests only."""
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for i, code in enumerate(codes):
            source = Path(tmp) / f"c{i}.cpp"
            source.write_text(code)
            proc = subprocess.run(
                ["g++", "-std=c++17", "-Wall", "-Wextra", "-Werror", "-fsyntax-only", str(source)],
                capture_output=True,
                timeout=60,
                env={"LC_ALL": "C", "PATH": "/usr/bin:/bin"},
            )
            results.append(proc.returncode == 0)
    return results


def test_real_compiler_filters_errors_and_warnings() -> None:
    good = [f"int main() {{ return {i}; }}\n" for i in range(3)]
    broken = "int main() { return x; }\n"  # undeclared name
    warns = "int main() { int unused = 1; return 0; }\n"  # -Wunused-variable
    data = [sub("p00001", f"s{i}", code) for i, code in enumerate([broken, warns, *good])]
    settings = SelectionSettings(train_per_problem=2, test_per_problem=1)
    assert gxx_check([broken, warns, good[0]]) == [False, False, True]
    result = select(data, settings, oracle_check(_Oracle()))
    assert sorted(s.code for s in result.train + result.test) == sorted(good)
    # Lazy: compiling stops once three pass, so a failure ranked last is never compiled.
    failed = result.report.skipped[REASON_NO_COMPILE]
    assert 0 <= failed <= 2 and result.report.compiled == 3 + failed


def test_shared_unlabelled_file_gives_an_empty_selection_with_reasons() -> None:
    path = SHARED_DATA / "codenet_cpp_unlabelled.jsonl.gz"
    if not path.exists():
        pytest.skip(f"{path} is absent (it lives outside the repository)")
    ingest = IngestReport()
    check = FakeCheck()
    result = select(
        read_submissions(path, ingest), SelectionSettings(), check, ingest_report=ingest
    )
    assert result.train == [] and result.test == [] and check.calls == []
    assert "skipped 1600 records: no problem_id" in "\n".join(result.report.lines())
