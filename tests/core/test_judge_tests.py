"""Tests from the data: the samples of real description markups, CodeNet's derived sample, a
JSONL `tests` field and the limits; selection that requires tests or a passing reference; prep
storing them in the session; an older session database opening; and the demo corpus, whose
every accepted solution must pass its problem's samples."""

from __future__ import annotations

import csv
import io
import json
import shutil
import sqlite3
import tarfile
from collections.abc import Sequence
from pathlib import Path

import pytest

from cdpo_core.codenet import IngestReport, Submission, read_submissions
from cdpo_core.events import LogLine, Recorder
from cdpo_core.judge.tests import (
    REASON_BAD_TESTS,
    REASON_NO_DESCRIPTION,
    REASON_NO_SAMPLES,
    REASON_UNPAIRED,
    ProblemTests,
    TestCase,
    TestsCollector,
    TestsError,
    TestsReport,
    parse_description,
    parse_jsonl_tests,
    parse_limits,
)
from cdpo_core.selection import REASON_NO_TESTS, SelectionError, SelectionSettings, select
from cdpo_core.session import DEMO_CORPUS, Session, preset
from cdpo_core.settings_io import replace_path
from cdpo_core.stages.prep import run_prep
from cdpo_core.store import MIGRATIONS, SCHEMA_VERSION, Store

needs_gxx = pytest.mark.skipif(shutil.which("g++") is None, reason="g++ is not installed")
DATA = Path(__file__).parent / "data"

# The markups below copy the real CodeNet ones: AtCoder pages put each heading in a
# <section> with <h3>, and pages in both languages repeat every sample in a lang-ja span.
ATCODER_BOTH = """<span class="lang">
<span class="lang-ja">
<p>配点 : <var>100</var> 点</p>
<div class="part"><section><h3>入力例 1</h3><pre>2 3
</pre></section></div>
<div class="part"><section><h3>出力例 1</h3><pre>6
</pre></section></div>
</span>
<span class="lang-en">
<p>Score : <var>100</var> points</p>
<div class="part"><section><h3>Input</h3><p>Input is given in the following format:</p>
<pre><var>A</var> <var>B</var>
</pre></section></div>
<div class="part"><section><h3>Sample Input 1</h3><pre>2 3
</pre></section></div>
<div class="part"><section><h3>Sample Output 1</h3><pre>6
</pre><p>2 &times; 3 = 6.</p></section></div>
<div class="part"><section><h3>Sample Input 2</h3><pre>100 &lt;5&gt; &amp;
</pre></section></div>
<div class="part"><section><h3>Sample Output 2</h3><pre>500
</pre></section></div>
</span>
</span>"""

# Older JOI problems on AtCoder are Japanese only, some with full-width digits.
JAPANESE_ONLY = """<h3>入力例１</h3><pre>
5
</pre><h3>出力例１</h3><pre>
25
</pre><h3>入力例 2</h3><pre>1
</pre><h3>出力例 2</h3><pre>1
</pre>"""

# AIZU's ICPC problems: one unnumbered sample, its output headed "Output for the Sample Input".
ICPC = """<H1>Hills</H1><H2>Output</H2><pre>
the heights, one a line
</pre>
<H2>Sample Input</H2>
<pre>
1819
2003
0
</pre>
<H2>Output for the Sample Input</H2>

<pre>
2003
1819
</pre>"""


def test_aizu_samples_of_the_demo_corpus() -> None:
    page = (DEMO_CORPUS / "problem_descriptions" / "p00001.html").read_text()
    assert parse_description(page) == (
        TestCase("1", "3 5\n", "8 15\n"),
        TestCase("2", "-1000000000 1000000000\n", "0 -1000000000000000000\n"),
        TestCase("3", "7 -2\n", "5 -14\n"),
    )


def test_atcoder_page_in_both_languages_gives_each_sample_once() -> None:
    # The <pre> of the input format is under "Input", not a sample; entities are unescaped.
    assert parse_description(ATCODER_BOTH) == (
        TestCase("1", "2 3\n", "6\n"),
        TestCase("2", "100 <5> &\n", "500\n"),
    )
    japanese = ATCODER_BOTH.split('<span class="lang-en">')[0]
    assert parse_description(japanese) == (TestCase("1", "2 3\n", "6\n"),)


def test_japanese_only_page_with_full_width_numbers() -> None:
    assert parse_description(JAPANESE_ONLY) == (
        TestCase("1", "5\n", "25\n"),
        TestCase("2", "1\n", "1\n"),
    )


def test_icpc_page_with_one_unnumbered_sample() -> None:
    assert parse_description(ICPC) == (TestCase("1", "1819\n2003\n0\n", "2003\n1819\n"),)


def test_headings_in_any_case_and_spacing_line_ends_and_tags() -> None:
    page = (
        "<h2 class='x'>  sample\r\n INPUT 1 </H2>\r\n<PRE>\r\n<var>4</var>\r\n</PRE>"
        "<h2>Sample Output 1:</h2><pre>16</pre>"
    )
    assert parse_description(page) == (TestCase("1", "4\n", "16\n"),)
    assert parse_description("<H1>QQ</H1><p>No samples.</p>") == ()


def test_samples_that_do_not_pair_are_refused_not_guessed() -> None:
    half = ICPC.replace("Output for the Sample Input", "Notes")
    with pytest.raises(TestsError, match="1 inputs, 0 outputs"):
        parse_description(half)
    numbered = "<h3>Sample Input 1</h3><pre>1</pre><h3>Sample Output 2</h3><pre>2</pre>"
    with pytest.raises(TestsError, match="only one half"):
        parse_description(numbered)


def test_limits_in_the_datasets_units() -> None:
    assert parse_limits("2000", "1048576") == (2.0, 1024)
    assert parse_limits("", "") == (None, None)
    assert parse_limits("fast", "0") == (None, None)


def test_jsonl_tests_field() -> None:
    assert parse_jsonl_tests(
        [{"input": "1\n", "output": "2\n"}, {"name": "big", "input": "", "output": "0"}]
    ) == (
        TestCase("1", "1\n", "2\n"),
        TestCase("big", "", "0"),
    )
    for bad in ({"input": "1"}, [{"input": 1, "output": "2"}], ["x"]):
        with pytest.raises(TestsError):
            parse_jsonl_tests(bad)


# ---------------------------------------------------------------------------- from a read


def copy_corpus(root: Path, problems: Sequence[str]) -> Path:
    """A small Project_CodeNet folder with some of the demo corpus's problems."""
    dest = root / "Project_CodeNet"
    for sub in ("metadata", "problem_descriptions", "data"):
        (dest / sub).mkdir(parents=True)
    shutil.copy(DEMO_CORPUS / "metadata" / "problem_list.csv", dest / "metadata")
    for problem in problems:
        shutil.copy(DEMO_CORPUS / "metadata" / f"{problem}.csv", dest / "metadata")
        shutil.copy(
            DEMO_CORPUS / "problem_descriptions" / f"{problem}.html", dest / "problem_descriptions"
        )
        shutil.copytree(DEMO_CORPUS / "data" / problem / "C++", dest / "data" / problem / "C++")
    return dest


def collect(path: Path) -> tuple[TestsCollector, set[str]]:
    collector = TestsCollector()
    subs = read_submissions(path, IngestReport(), problem_files=collector.add)
    return collector, {s.problem_id for s in subs}


def add_derived(root: Path, problem: str, given: str, expected: str) -> None:
    folder = root / "derived" / "input_output" / "data" / problem
    folder.mkdir(parents=True)
    (folder / "input.txt").write_text(given)
    (folder / "output.txt").write_text(expected)


def test_folder_read_gives_samples_derived_sample_and_limits(tmp_path: Path) -> None:
    root = copy_corpus(tmp_path, ["p00001", "p00004", "p00005"])
    add_derived(root, "p00001", "3 5\n", "8 15\n")  # sample 1 again: not repeated
    add_derived(root, "p00004", "zzz\n", "z3\n")  # a sample the description lacks
    (root / "problem_descriptions" / "p00005.html").unlink()
    collector, problems = collect(root)
    assert problems == {"p00001", "p00004", "p00005"}

    first = collector.tests_for("p00001")
    assert first is not None and len(first.cases) == 3 and first.source == "description"
    assert (first.time_limit_s, first.memory_limit_mb) == (1.0, 128)
    rle = collector.tests_for("p00004")
    assert rle is not None and rle.source == "description+derived"
    assert rle.cases[-1] == TestCase("derived", "zzz\n", "z3\n")
    assert (rle.time_limit_s, rle.memory_limit_mb) == (2.0, 1024)
    assert collector.tests_for("p00005") is None

    report = TestsReport.of(collector, problems)
    assert (report.problems, report.with_tests) == (3, 2)
    assert report.without == {REASON_NO_DESCRIPTION: 1}
    assert "p00005" in report.lines()[1]


def test_archive_read_delivers_the_problem_files_as_it_streams(tmp_path: Path) -> None:
    root = copy_corpus(tmp_path, ["p00002", "p00003"])
    add_derived(root, "p00003", "hello\n", "olleh\n")
    (root / "problem_descriptions" / "p00002.html").write_text("<H1>Watch</H1><p>none</p>")
    archive = tmp_path / "codenet.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        tar.add(root, arcname="Project_CodeNet")
    folder, _ = collect(root)
    packed, problems = collect(archive)
    assert problems == {"p00002", "p00003"}
    for problem in problems:
        assert packed.tests_for(problem) == folder.tests_for(problem)
    assert packed.why_none("p00002") == REASON_NO_SAMPLES
    derived = packed.tests_for("p00003")
    assert derived is not None and derived.cases[-1].name == "derived"
    assert derived.time_limit_s == 1.0


def test_jsonl_tests_come_from_the_first_record_of_a_problem(tmp_path: Path) -> None:
    lines = [
        {
            "problem_id": "p1",
            "submission_id": "s1",
            "code": "int main(){}",
            "tests": [{"input": "1\n", "output": "2\n"}],
        },
        {
            "problem_id": "p1",
            "submission_id": "s2",
            "code": "int main(){}",
            "tests": [{"input": "9\n", "output": "9\n"}],
        },
        {"problem_id": "p2", "submission_id": "s3", "code": "int main(){}", "tests": "oops"},
        {"problem_id": "p3", "submission_id": "s4", "code": "int main(){}"},
        {
            "problem_id": "p4",
            "submission_id": "s5",
            "code": "x",
            "status": "Wrong Answer",
            "tests": [{"input": "", "output": "4\n"}],
        },
    ]
    path = tmp_path / "subs.jsonl"
    path.write_text("".join(json.dumps(line) + "\n" for line in lines))
    collector, problems = collect(path)
    assert problems == {"p1", "p2", "p3"}
    assert collector.tests_for("p1") == ProblemTests(
        "p1", (TestCase("1", "1\n", "2\n"),), None, None, "jsonl"
    )
    assert collector.why_none("p2") == REASON_BAD_TESTS
    assert collector.why_none("p3") == REASON_NO_DESCRIPTION
    # A filtered-out record still tells its problem's tests.
    assert collector.tests_for("p4") is not None


def test_unpaired_description_is_counted_under_its_reason(tmp_path: Path) -> None:
    root = copy_corpus(tmp_path, ["p00002"])
    page = root / "problem_descriptions" / "p00002.html"
    page.write_text(page.read_text().replace("Sample Output 2", "Notes"))
    collector, _ = collect(root)
    assert collector.why_none("p00002") == REASON_UNPAIRED


# ---------------------------------------------------------------------------- selection


def sub(problem: str, number: int) -> Submission:
    return Submission(
        problem, f"{problem}-s{number}", "C++", "Accepted", f"// {problem} {number}\n", ""
    )


def flags(codes: Sequence[str]) -> list[bool]:
    return [True] * len(codes)


def test_require_tests_keeps_only_problems_with_tests() -> None:
    subs = [sub(p, n) for p in ("pa", "pb", "pc") for n in range(3)]
    settings = SelectionSettings(train_per_problem=1, test_per_problem=1, require_tests=True)
    chosen = select(subs, settings, flags, has_tests=lambda p: p != "pb")
    assert sorted({s.problem_id for s in chosen.train}) == ["pa", "pc"]
    assert chosen.report.skipped[REASON_NO_TESTS] == 1
    assert "  skipped 1 problem without tests" in chosen.report.lines()
    # Off (the default), the same problems are all kept.
    lenient = select(subs, SelectionSettings(train_per_problem=1, test_per_problem=1), flags)
    assert lenient.report.problems_kept == 3
    with pytest.raises(SelectionError, match="require_tests"):
        select(subs, settings, flags)


def test_a_problem_whose_reference_fails_gives_its_place_to_the_next() -> None:
    subs = [sub(p, n) for p in ("pa", "pb", "pc") for n in range(3)]
    settings = SelectionSettings(
        train_per_problem=1, test_per_problem=1, max_problems=2, require_reference_pass=True
    )
    judged: list[str] = []
    reason = "problem whose reference gets wrong_answer on its tests"

    def reference(problem: str, codes: Sequence[str]) -> str | None:
        judged.append(problem)
        assert len(codes) == 2
        return reason if len(judged) == 1 else None  # the first problem in seeded order fails

    chosen = select(subs, settings, flags, reference_check=reference)
    kept = {s.problem_id for s in [*chosen.train, *chosen.test]}
    assert len(judged) == 3, "the cap was filled by the next problem"
    assert kept == set(judged[1:]) and chosen.report.problems_kept == 2
    assert chosen.report.skipped[reason] == 1
    with pytest.raises(SelectionError, match="require_reference_pass"):
        select(subs, settings, flags)


# ---------------------------------------------------------------------------- prep


def small_session(tmp_path: Path, name: str, **settings: str) -> tuple[Session, Path]:
    root = copy_corpus(tmp_path / "data", ["p00001", "p00002", "p00003"])
    config = preset("demo")
    for key, value in {
        "data.source": str(root),
        "selection.train_per_problem": "1",
        "selection.test_per_problem": "1",
        **settings,
    }.items():
        config = replace_path(config, key, value)
    return Session.create(tmp_path, name, config), root


@needs_gxx
def test_prep_stores_the_tests_and_reports_the_problems_without(tmp_path: Path) -> None:
    session, root = small_session(tmp_path, "stored")
    (root / "problem_descriptions" / "p00002.html").unlink()
    events = Recorder()
    summary = run_prep(session, emit=events)
    assert summary["problems"] == 3, "not required: the problem without tests is kept"
    assert summary["tests"] == {
        "problems_with_tests": 2,
        "cases": 6,
        "problems_without_tests": {REASON_NO_DESCRIPTION: 1},
    }
    logged = [e.message for e in events.of(LogLine)]
    assert "tests: 2 of 3 selected problems have tests (6 in all)" in logged
    assert any("1 problem without tests" in m and "p00002" in m for m in logged)
    with session.store(readonly=True) as store:
        stored = store.all_tests()
        assert sorted(stored) == ["p00001", "p00003"]
        assert store.problem_tests("p00001") == ProblemTests(
            "p00001",
            parse_description((root / "problem_descriptions" / "p00001.html").read_text()),
            1.0,
            128,
            "description",
        )
        assert store.problem_tests("p00002") is None


@needs_gxx
def test_prep_with_require_tests_leaves_the_problem_out_and_counts_it(tmp_path: Path) -> None:
    session, root = small_session(tmp_path, "required", **{"selection.require_tests": "true"})
    (root / "problem_descriptions" / "p00002.html").unlink()
    summary = run_prep(session, emit=Recorder())
    assert summary["problems"] == 2
    assert summary["skipped"][REASON_NO_TESTS] == 1
    with session.store(readonly=True) as store:
        assert {s.problem_id for s in store.samples()} == {"p00001", "p00003"}


@needs_gxx
def test_prep_with_require_reference_pass_catches_a_broken_sample(tmp_path: Path) -> None:
    session, root = small_session(
        tmp_path, "reference", **{"selection.require_reference_pass": "true"}
    )
    page = root / "problem_descriptions" / "p00001.html"
    page.write_text(page.read_text().replace("8 15", "8 16"))  # a wrong expected output
    events = Recorder()
    summary = run_prep(session, emit=events)
    reason = "problem whose reference gets wrong_answer on its tests"
    assert summary["skipped"][reason] == 1
    assert summary["problems"] == 2
    assert any(
        m.startswith("p00001: a chosen accepted program gets wrong_answer on test 1")
        for m in (e.message for e in events.of(LogLine))
    )
    with session.store(readonly=True) as store:
        run = store.latest_run("prep")
        assert run is not None and "execution" in run.settings


# ---------------------------------------------------------------------------- the store


def v2_database(path: Path) -> None:
    db = sqlite3.connect(path)
    for number in range(2):
        db.executescript(
            f"BEGIN; {MIGRATIONS[number]}; PRAGMA user_version = {number + 1}; COMMIT;"
        )
    db.execute(
        "INSERT INTO samples (problem_id, submission_id, split, code, prefix, target, suffix,"
        " mask_start, mask_end) VALUES ('p1', 's1', 'test', 'c', 'p', 't', '', 0, 1)"
    )
    db.commit()
    db.close()


def test_a_v2_database_opens_and_migrates_to_v3(tmp_path: Path) -> None:
    assert SCHEMA_VERSION >= 3
    path = tmp_path / "session.db"
    v2_database(path)
    with Store(path, readonly=True) as old:
        assert old.all_tests() == {}, "read-only: no migration, no tests"
    with Store(path) as store:
        assert store.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert [s.submission_id for s in store.samples()] == ["s1"]
        tests = ProblemTests(
            "p1", (TestCase("1", "a\n", "b\n"), TestCase("2", "", "")), 2.0, None, "jsonl"
        )
        assert store.replace_tests([tests]) == 2
        assert store.problem_tests("p1") == tests
        assert store.replace_tests([]) == 0 and store.all_tests() == {}


def test_the_v1_fixture_migrates_through_v3(tmp_path: Path) -> None:
    path = tmp_path / "session.db"
    shutil.copy(DATA / "session_v1.db", path)
    with Store(path) as store:
        assert store.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert store.all_tests() == {}


# ---------------------------------------------------------------------------- the demo corpus


def demo_accepted() -> dict[str, list[Path]]:
    """Problem -> its accepted C++ solutions in the demo corpus, from its metadata."""
    out: dict[str, list[Path]] = {}
    for meta in sorted((DEMO_CORPUS / "metadata").glob("p[0-9]*.csv")):
        for row in csv.DictReader(io.StringIO(meta.read_text())):
            if row["language"] == "C++" and row["status"] == "Accepted":
                file = (
                    DEMO_CORPUS / "data" / row["problem_id"] / "C++" / f"{row['submission_id']}.cpp"
                )
                out.setdefault(row["problem_id"], []).append(file)
    return out


def judge_demo(per_problem: int | None) -> list[str]:
    from cdpo_core.judge.runner import Judge
    from cdpo_core.judge.settings import ExecutionSettings

    collector, problems = collect(DEMO_CORPUS)
    accepted = demo_accepted()
    assert set(accepted) == problems and len(problems) == 40
    codes, tests, names = [], [], []
    for problem in sorted(problems):
        problem_tests = collector.tests_for(problem)
        assert problem_tests is not None and len(problem_tests.cases) >= 2, problem
        for file in accepted[problem][:per_problem]:
            codes.append(file.read_text())
            tests.append(problem_tests)
            names.append(f"{problem}/{file.stem}")
    with Judge(ExecutionSettings(cache=False), preset("demo").oracle) as judge:
        reports = judge.judge_many(codes, tests)
    return [
        f"{name}: {r.verdict} " + ", ".join(f"{t.name}={t.verdict} {t.detail}" for t in r.tests)
        for name, r in zip(names, reports, strict=True)
        if not r.passed
    ]


@needs_gxx
def test_one_accepted_demo_solution_per_problem_passes_its_samples() -> None:
    assert judge_demo(per_problem=1) == []


@needs_gxx
@pytest.mark.slow
def test_every_accepted_demo_solution_passes_its_samples() -> None:
    """All 361 (about 9 minutes on two cores): run under the heavy-job lock."""
    assert judge_demo(per_problem=None) == []
