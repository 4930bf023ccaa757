"""`cdpo judge FILE.cpp... --tests DIR [--json]`: the execution judge as a command-line tool.

`judge_files` takes a `ProblemTests`, wherever it came from: a folder of `N.in`/`N.out`
pairs (`tests_from_dir`) or a session's stored problem (`--problem pXXXXX --session NAME`,
`tests_from_session`), so a program is judged on exactly the tests evaluation used.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from rich.console import Console
from rich.markup import escape

from cdpo_core.judge.runner import Judge, Report
from cdpo_core.judge.settings import ExecutionSettings, JudgeError
from cdpo_core.judge.tests import ProblemTests, TestCase
from cdpo_core.oracle.cli import MAX_SOURCE_BYTES, SourceRefused, read_source
from cdpo_core.oracle.settings import OracleSettings

_STYLE = {"accepted": "green", "wrong_answer": "red", "compile_error": "red"}


def _order(name: str) -> tuple[int, int | str]:
    return (0, int(name)) if name.isdigit() else (1, name)


def tests_from_dir(folder: Path) -> ProblemTests:
    """The tests in `folder`: every `NAME.in` with its `NAME.out`, in numeric order.

    Raises:
        JudgeError: The folder is missing, holds no pair, or an input lacks its output.
    """
    if not folder.is_dir():
        raise JudgeError(f"--tests {folder}: not a folder", "give a folder of N.in/N.out files")
    inputs = {p.stem: p for p in folder.glob("*.in") if p.is_file()}
    if not inputs:
        raise JudgeError(f"--tests {folder}: no NAME.in files", "each test is NAME.in + NAME.out")
    missing = sorted(name for name in inputs if not (folder / f"{name}.out").is_file())
    if missing:
        raise JudgeError(f"--tests {folder}: {missing[0]}.in has no {missing[0]}.out")
    cases = tuple(
        TestCase(
            name=name,
            input=inputs[name].read_text(encoding="utf-8", errors="surrogateescape"),
            output=(folder / f"{name}.out").read_text(encoding="utf-8", errors="surrogateescape"),
        )
        for name in sorted(inputs, key=_order)
    )
    problem = re.sub(r"[^\w.-]", "_", folder.resolve().name) or "tests"
    return ProblemTests(problem, cases, None, None, source=str(folder))


def tests_from_session(db_path: Path, session: str, problem_id: str) -> ProblemTests:
    """The tests `prep` stored for `problem_id` in a session's database, with its limits.

    Raises:
        JudgeError: The session stored no tests for that problem.
    """
    from cdpo_core.store import Store

    with Store(db_path, readonly=True) as store:
        problem = store.problem_tests(problem_id)
        known = sorted(store.all_tests()) if problem is None else []
    if problem is None or not problem.cases:
        listed = ", ".join(known[:5]) + (", ..." if len(known) > 5 else "")
        raise JudgeError(
            f"session {session} has no tests for problem {problem_id}",
            f"problems with tests: {listed}" if known else "its prep stored no tests at all",
        )
    return problem


def judge_files(
    paths: list[Path],
    tests: ProblemTests,
    *,
    as_json: bool,
    settings: ExecutionSettings,
    oracle_settings: OracleSettings,
    console: Console,
    max_bytes: int = MAX_SOURCE_BYTES,
) -> int:
    """Judge each file on `tests` and print its compile level and one verdict per test.

    Args:
        paths: C++ source files.
        tests: The problem's tests and limits.
        as_json: One JSON object per line per file (`file`, `level`, `verdict`, `tests`
            with `name`, `verdict`, `time_s`, and `passed`) instead of the human report.
        settings: Execution limits, tolerance, sandbox.
        oracle_settings: Compiler and flags.
        console: Where results go; warnings and refused files go to stderr.
        max_bytes: Larger source files are refused.

    Returns:
        0 when every file is accepted, 1 when any is not, 2 when a file cannot be read.
    """
    stderr = Console(stderr=True, soft_wrap=True)
    codes: list[str] = []
    for path in paths:
        try:
            codes.append(read_source(path, max_bytes))
        except SourceRefused as exc:
            stderr.print(f"[red]error:[/] {escape(str(exc))}", highlight=False)
    if len(codes) != len(paths):
        return 2

    def warn(message: str) -> None:
        stderr.print(f"[yellow]warning:[/] {escape(message)}", highlight=False)

    with Judge(settings, oracle_settings, warn=warn) as judge:
        reports = judge.judge_many(codes, [tests] * len(codes))
    for path, report in zip(paths, reports, strict=True):
        if as_json:
            console.file.write(json.dumps({"file": str(path), **report.to_dict()}) + "\n")
        else:
            _print_report(console, path, report)
    if not as_json and len(paths) > 1:
        passed = sum(r.passed for r in reports)
        console.print(f"{passed}/{len(paths)} accepted on {len(tests.cases)} tests")
    return 0 if all(r.passed for r in reports) else 1


def _print_report(console: Console, path: Path, report: Report) -> None:
    outcome = "[green]PASS[/]" if report.passed else "[red]FAIL[/]"
    style = _STYLE.get(report.verdict, "yellow")
    console.print(
        f"{outcome} [bold]{escape(str(path))}[/]: [{style}]{report.verdict}[/] "
        f"[dim](compile {report.level}, sandbox {report.sandbox})[/]",
        highlight=False,
    )
    if report.verdict == "compile_error":
        console.print(f"  {escape(report.compile.first_error)}", highlight=False)
    width = max((len(t.name) for t in report.tests), default=0)
    for test in report.tests:
        style = _STYLE.get(test.verdict, "yellow")
        detail = f"  [dim]{escape(test.detail)}[/]" if test.detail else ""
        cached = " [dim](cached)[/]" if test.cached else ""
        console.print(
            f"  {escape(test.name):<{width}}  [{style}]{test.verdict:<13}[/] "
            f"{test.time_s:6.2f} s{cached}{detail}",
            highlight=False,
        )
