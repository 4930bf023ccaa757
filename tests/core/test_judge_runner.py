"""The judge on ordinary programs: verdicts, the worst-test rule, the cache, the fallback
without bubblewrap, and `cdpo judge`."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path

import pytest

from cdpo_core.cli import main
from cdpo_core.judge import sandbox as sandbox_module
from cdpo_core.judge.runner import Judge, worst
from cdpo_core.judge.sandbox import open_sandbox
from cdpo_core.judge.settings import ExecutionSettings, JudgeError
from cdpo_core.judge.tests import ProblemTests, TestCase
from cdpo_core.oracle import OracleSettings
from cdpo_core.settings_io import SettingsError

pytestmark = pytest.mark.skipif(shutil.which("g++") is None, reason="g++ is not installed")

ORACLE = OracleSettings(pch=False, cache=False)
FAST = ExecutionSettings(time_limit_s=1.0, wall_factor=2.0, memory_limit_mb=128, cache=False)

SUM_PRODUCT = ProblemTests(
    "p00001",
    (
        TestCase("1", "3 5\n", "8 15\n"),
        TestCase("2", "-1000000000 1000000000\n", "0 -1000000000000000000\n"),
    ),
    None,
    None,
    "test",
)
RIGHT = """#include <cstdio>
int main() {
    long long a, b;
    std::scanf("%lld %lld", &a, &b);
    std::printf("%lld %lld\\n", a + b, a * b);
}
"""
# Right on test 1; a * b overflows on test 2.
NARROW = """#include <cstdio>
int main() { int a, b; std::scanf("%d %d", &a, &b); std::printf("%d %d\\n", a + b, a * b); }
"""


@pytest.fixture(scope="module")
def judge() -> Judge:
    with Judge(FAST, ORACLE) as opened:
        yield opened  # type: ignore[misc]


def test_right_program_is_accepted_on_every_test(judge: Judge) -> None:
    report = judge.judge(RIGHT, SUM_PRODUCT)
    assert report.verdict == "accepted" and report.passed
    assert [t.verdict for t in report.tests] == ["accepted", "accepted"]
    assert report.tests[0].output == "8 15\n"


@pytest.mark.parametrize(
    "variant",
    [
        RIGHT.replace("a + b, a * b", "a + b + 1, a * b"),  # off by one
        RIGHT.replace('"%lld %lld\\n"', '"%lld\\n%lld\\n"'),  # one line per number
        RIGHT.replace('"%lld %lld\\n"', '"sum=%lld product=%lld\\n"'),  # chatty output
        NARROW,  # overflows on test 2 only
    ],
)
def test_wrong_variants_are_wrong_answer(judge: Judge, variant: str) -> None:
    report = judge.judge(variant, SUM_PRODUCT)
    assert report.verdict == "wrong_answer", report.tests


def test_float_within_tolerance_is_accepted_and_beyond_is_not(judge: Judge) -> None:
    circle = ProblemTests("c", (TestCase("1", "2\n", "12.566371 12.566371\n"),), None, None, "t")
    code = """#include <cstdio>
int main() { double r; std::scanf("%lf", &r); double a = 3.14159265358979 * r * r;
             std::printf("%.10f %.10f\\n", a, 2 * 3.14159265358979 * r); }
"""
    assert judge.judge(code, circle).verdict == "accepted"
    rough = code.replace("3.14159265358979", "3.1416")
    assert judge.judge(rough, circle).verdict == "wrong_answer"


def test_runtime_errors_name_the_signal_or_exit_status(judge: Judge) -> None:
    one = ProblemTests("p", (TestCase("1", "0\n", "x\n"),), None, None, "t")
    crash = '#include <cstdio>\nint main() { int z; std::scanf("%d", &z); return 7 / z; }\n'
    exits = "int main() { return 3; }\n"
    reports = judge.judge_many([crash, exits], [one, one])
    assert [r.verdict for r in reports] == ["runtime_error", "runtime_error"]
    assert reports[0].tests[0].detail == "killed by SIGFPE"
    assert reports[1].tests[0].detail == "exit status 3"


def test_compile_error_runs_nothing(judge: Judge) -> None:
    report = judge.judge("int main() { return x; }\n", SUM_PRODUCT)
    assert report.verdict == "compile_error" and report.level == "errors"
    assert report.tests == ()
    assert "x" in report.compile.first_error


def test_a_program_gets_its_worst_tests_verdict(judge: Judge) -> None:
    report = judge.judge(NARROW, SUM_PRODUCT)
    assert [t.verdict for t in report.tests] == ["accepted", "wrong_answer"]
    assert report.verdict == "wrong_answer"
    assert worst(["accepted", "time_limit", "wrong_answer"]) == "time_limit"


def test_no_tests_is_an_error_not_an_accept(judge: Judge) -> None:
    with pytest.raises(JudgeError, match="no tests"):
        judge.judge(RIGHT, ProblemTests("p", (), None, None, "t"))


def test_problem_limits_win_over_the_defaults(judge: Judge) -> None:
    tight = ProblemTests("p", (TestCase("1", "", ""),), 1.0, 16, "t")
    code = """#include <vector>
int main() { std::vector<char> v(64 << 20, 1); return v[12345] - 1; }
"""
    assert judge.judge(code, tight).verdict == "memory_limit"
    roomy = ProblemTests("p", (TestCase("1", "", ""),), 1.0, 512, "t")
    assert judge.judge(code, roomy).verdict == "accepted"


def test_results_are_cached_by_binary_and_test(tmp_path: Path) -> None:
    settings = ExecutionSettings(time_limit_s=1.0, wall_factor=2.0, cache=True)
    cache = tmp_path / "executions.sqlite"
    spin = "int main() { volatile long i = 0; for (;;) ++i; }\n"
    with Judge(settings, ORACLE, cache_path=cache) as first:
        first.judge_many([RIGHT, spin], [SUM_PRODUCT, SUM_PRODUCT])
        assert (first.runs, first.cache_hits) == (4, 0)
    # The same source in other words compiles to the same binary: its results are reused.
    respaced = RIGHT.replace("int main() {", "int main()\n{")
    assert respaced != RIGHT
    with Judge(settings, ORACLE, cache_path=cache) as second:
        reports = second.judge_many([respaced, spin], [SUM_PRODUCT, SUM_PRODUCT])
        assert all(t.cached for t in reports[0].tests)
        assert not any(t.cached for t in reports[1].tests)  # a time limit is never kept
        assert (second.runs, second.cache_hits) == (2, 2)
        changed = ProblemTests("p00001", (TestCase("3", "2 2\n", "4 4\n"),), None, None, "t")
        assert not second.judge(RIGHT, changed).tests[0].cached


def test_settings_limits_are_checked() -> None:
    with pytest.raises(SettingsError, match="execution.time_limit_s"):
        ExecutionSettings(time_limit_s=0)
    with pytest.raises(SettingsError, match="execution.sandbox"):
        ExecutionSettings(sandbox="docker")


def _without_bwrap(monkeypatch: pytest.MonkeyPatch) -> None:
    """No bwrap on PATH, as far as the sandbox can tell."""
    real = shutil.which
    monkeypatch.setattr(
        sandbox_module.shutil, "which", lambda name: None if name == "bwrap" else real(name)
    )


def test_without_bwrap_auto_falls_back_loudly_and_bwrap_refuses(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _without_bwrap(monkeypatch)
    warnings: list[str] = []
    assert open_sandbox("auto", warnings.append).level == "rlimits"
    assert len(warnings) == 1 and "not installed" in warnings[0]
    assert "WITHOUT isolation" in warnings[0]
    with pytest.raises(JudgeError, match="bubblewrap is not installed"):
        open_sandbox("bwrap", warnings.append)


def test_a_bwrap_that_cannot_start_falls_back_too(monkeypatch: pytest.MonkeyPatch) -> None:
    # In the shared temporary folder: the sandbox may start bwrap as `nobody`, who cannot
    # enter pytest's private tmp_path.
    with tempfile.TemporaryDirectory() as folder:
        fake = Path(folder) / "bwrap"
        fake.write_text("#!/bin/sh\necho 'bwrap: no permission' >&2\nexit 1\n")
        for path in (Path(folder), fake):
            path.chmod(0o755)
        monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ['PATH']}")
        warnings: list[str] = []
        assert open_sandbox("auto", warnings.append).level == "rlimits"
    assert "cannot start here (bwrap: no permission)" in warnings[0]


def test_rlimits_level_still_enforces_the_limits(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _without_bwrap(monkeypatch)
    programs = {
        "accepted": RIGHT,
        "time_limit": "int main() { volatile long i = 0; for (;;) ++i; }\n",
        "memory_limit": "#include <vector>\nint main() { std::vector<long> v; for (;;) "
        "v.push_back(1); }\n",
        "output_limit": '#include <cstdio>\nint main() { for (;;) std::puts("spam"); }\n',
    }
    warnings: list[str] = []
    settings = ExecutionSettings(
        time_limit_s=1.0, wall_factor=2.0, memory_limit_mb=128, output_limit_mb=1, cache=False
    )
    with Judge(settings, ORACLE, warn=warnings.append) as judge:
        reports = judge.judge_many(list(programs.values()), [SUM_PRODUCT] * len(programs))
    assert [r.verdict for r in reports] == list(programs)
    assert {r.sandbox for r in reports} == {"rlimits"}
    assert any("WITHOUT isolation" in w for w in warnings)


def _write_tests(folder: Path, tests: ProblemTests) -> Path:
    folder.mkdir()
    for case in tests.cases:
        (folder / f"{case.name}.in").write_text(case.input)
        (folder / f"{case.name}.out").write_text(case.output)
    return folder


def test_cli_judge_json_and_exit_status(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    tests = _write_tests(tmp_path / "tests", SUM_PRODUCT)
    good, bad = tmp_path / "good.cpp", tmp_path / "bad.cpp"
    good.write_text(RIGHT)
    bad.write_text(RIGHT.replace("a + b, a * b", "a + b + 1, a * b"))
    assert main(["judge", str(good), "--tests", str(tests), "--json"]) == 0
    assert main(["judge", str(good), str(bad), "--tests", str(tests), "--json"]) == 1
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["passed"] for r in rows] == [True, True, False]
    last = rows[-1]
    assert {"file", "level", "verdict", "tests", "passed"} <= set(last)
    assert (last["file"], last["level"], last["verdict"]) == (str(bad), "clean", "wrong_answer")
    assert [(t["name"], t["verdict"]) for t in last["tests"]] == [
        ("1", "wrong_answer"),
        ("2", "wrong_answer"),
    ]
    assert all(isinstance(t["time_s"], float) for t in last["tests"])


def test_cli_judge_human_report_and_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    tests = _write_tests(tmp_path / "tests", SUM_PRODUCT)
    broken = tmp_path / "broken.cpp"
    broken.write_text("int main() { return x; }\n")
    assert main(["judge", str(broken), "--tests", str(tests)]) == 1
    out = capsys.readouterr().out
    assert "compile_error" in out and "compile errors" in out
    (tests / "3.in").write_text("1 1\n")
    assert main(["judge", str(broken), "--tests", str(tests)]) == 2
    assert "3.in has no 3.out" in capsys.readouterr().err
    assert main(["judge", str(broken), "--tests", str(tmp_path / "missing")]) == 2


def test_a_large_parent_does_not_make_a_crash_read_as_memory_limit(judge: Judge) -> None:
    """A forked child's peak RSS starts at the parent's size: seen in the full suite, where the
    test process holds torch, every segfault read as memory_limit."""
    ballast = bytearray(400 * 1024 * 1024)
    ballast[::4096] = b"\1" * len(ballast[::4096])
    one = ProblemTests("p", (TestCase("1", "0\n", "x\n"),), None, None, "t")
    crash = "int main() { int *p = nullptr; *p = 1; return p[0]; }\n"
    report = judge.judge(crash, one)
    assert (report.verdict, report.tests[0].detail) == ("runtime_error", "killed by SIGSEGV")
    del ballast
