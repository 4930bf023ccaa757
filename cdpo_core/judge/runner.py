"""The judge: compile once, run the binary on every test in the sandbox, decide the verdicts.

Verdicts, from best to worst (a program's verdict is its worst test's):

    accepted < wrong_answer < output_limit < memory_limit < runtime_error < time_limit
    < compile_error

How a run becomes a verdict, first match wins:

* `output_limit`: it printed more than `output_limit_mb` (it was killed there);
* `time_limit`: still running at the wall-clock limit, or more CPU seconds than the limit
  (SIGXCPU from RLIMIT_CPU, or a run that finished too slowly);
* `memory_limit`: it failed and either its standard error says `std::bad_alloc` (what a
  C++ allocation past RLIMIT_AS throws) or its peak memory reached the limit;
* `runtime_error`: any other signal (named: SIGSEGV, SIGFPE, SIGABRT, ...) or exit status;
* `accepted` / `wrong_answer`: the output compared by `compare.outputs_match`.

A compile at level errors or timeout (the oracle's levels) is `compile_error` and runs
nothing; a compile with warnings still runs. Compiles and runs go to two thread pools of
`workers` each, so one program's tests run in parallel and the next programs compile
meanwhile. Results are cached by binary hash + test hash (`cache.py`).
"""

from __future__ import annotations

import dataclasses
import functools
import logging
import os
import signal
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor, as_completed
from dataclasses import dataclass, replace
from pathlib import Path
from types import TracebackType
from typing import Any

from cdpo_core.judge.binary import BINARY_NAME, compile_binary, file_digest
from cdpo_core.judge.cache import ResultCache, default_results_path, result_key
from cdpo_core.judge.compare import outputs_match
from cdpo_core.judge.sandbox import Limits, RunResult, expose, open_sandbox
from cdpo_core.judge.settings import ExecutionSettings, JudgeError
from cdpo_core.judge.tests import ProblemTests, TestCase
from cdpo_core.oracle.cache import CacheUnavailable
from cdpo_core.oracle.compiler import job_directory
from cdpo_core.oracle.pool import Oracle
from cdpo_core.oracle.settings import OracleSettings
from cdpo_core.oracle.verdict import Verdict, passed_under

VERDICTS = (
    "accepted",
    "wrong_answer",
    "output_limit",
    "memory_limit",
    "runtime_error",
    "time_limit",
    "compile_error",
)
OUTPUT_KEPT = 8192  # characters of a program's output kept per test, for the failure browser
RESULT_VERSION = 1  # part of every cache key: bump when a verdict rule changes


def worst(verdicts: Sequence[str]) -> str:
    """The worst of `verdicts` in the order of `VERDICTS`."""
    return max(verdicts, key=VERDICTS.index)


@dataclass(frozen=True)
class TestResult:
    """One test's verdict.

    Attributes:
        name: The test's name (`1`, `sample-2`).
        verdict: One of `VERDICTS` (never compile_error).
        time_s: CPU seconds the run used.
        detail: Why, for a failure: the signal, the exit status, the limit passed.
        output: The first `OUTPUT_KEPT` characters of what the program printed.
        cached: Whether it came from the result cache.
    """

    __test__ = False  # not a pytest test class, despite the name

    name: str
    verdict: str
    time_s: float
    detail: str = ""
    output: str = ""
    cached: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "verdict": self.verdict,
            "time_s": round(self.time_s, 4),
            "detail": self.detail,
        }


@dataclass(frozen=True)
class Report:
    """One program judged on all its problem's tests.

    Attributes:
        level: The oracle's compile level (clean, warnings, errors, timeout).
        verdict: The worst test verdict, or compile_error.
        tests: One result per test, in the tests' order (empty after a compile error).
        sandbox: The sandbox level the tests ran under (`sandbox.LEVELS`).
        compile: The compile's verdict, with its diagnostics.
    """

    level: str
    verdict: str
    tests: tuple[TestResult, ...]
    sandbox: str
    compile: Verdict

    @property
    def passed(self) -> bool:
        """Accepted on every test."""
        return self.verdict == "accepted"

    def to_dict(self) -> dict[str, Any]:
        return {
            "level": self.level,
            "verdict": self.verdict,
            "passed": self.passed,
            "sandbox": self.sandbox,
            "tests": [t.to_dict() for t in self.tests],
            "compile_error": self.compile.first_error if self.verdict == "compile_error" else "",
        }


def limits_for(settings: ExecutionSettings, tests: ProblemTests) -> Limits:
    """The run limits of a problem: its own time and memory limits where known."""
    cpu = tests.time_limit_s or settings.time_limit_s
    return Limits(
        cpu_s=cpu,
        wall_s=cpu * settings.wall_factor + 1.0,
        memory_mb=tests.memory_limit_mb or settings.memory_limit_mb,
        output_bytes=settings.output_limit_mb * 1024 * 1024,
        scratch_mb=settings.scratch_mb,
        processes=settings.processes,
        open_files=settings.open_files,
    )


def classify(raw: RunResult, limits: Limits) -> tuple[str, str] | None:
    """(verdict, detail) for a run that failed, or None when its output decides."""
    if raw.output_exceeded:
        return "output_limit", f"printed more than {limits.output_bytes:,} bytes"
    if raw.timed_out:
        return "time_limit", f"still running after {limits.wall_s:g} s of wall clock"
    if raw.signal == signal.SIGXCPU or raw.cpu_s > limits.cpu_s:
        return "time_limit", f"{raw.cpu_s:.2f} s of CPU, limit {limits.cpu_s:g} s"
    if raw.signal is None and raw.exit_code == 0:
        return None
    if b"bad_alloc" in raw.stderr or raw.max_rss_kb >= limits.memory_mb * 1024:
        return "memory_limit", f"allocated past {limits.memory_mb} MiB"
    if raw.signal is not None:
        return "runtime_error", f"killed by {_signal_name(raw.signal)}"
    return "runtime_error", f"exit status {raw.exit_code}"


def _signal_name(number: int) -> str:
    try:
        return signal.Signals(number).name
    except ValueError:
        return f"signal {number}"


class Judge:
    """Compiles programs once and runs them on their tests, sandboxed, parallel, cached.

    Thread-safe; use as a context manager. It opens an `Oracle` for the compiler, its
    identity and the precompiled headers (so a program compiles here exactly as the oracle
    compiles it), and the sandbox (`open_sandbox`, which may warn and fall back).

    Args:
        settings: Limits, tolerance, workers, sandbox and cache.
        oracle_settings: The session's compiler, flags and compile limits.
        cache_path: The result cache; None means `default_results_path()`.
        warn: Called with each warning line; None means the `cdpo_core.judge` logger.

    Raises:
        JudgeError: The sandbox asked for cannot start, or prlimit is missing.
        OracleError: The compiler is missing or broken.
    """

    def __init__(
        self,
        settings: ExecutionSettings = ExecutionSettings(),  # noqa: B008 (frozen)
        oracle_settings: OracleSettings = OracleSettings(),  # noqa: B008 (frozen)
        *,
        cache_path: Path | None = None,
        warn: Callable[[str], None] | None = None,
    ) -> None:
        self.settings = settings
        self._warn = warn or logging.getLogger("cdpo_core.judge").warning
        self.sandbox = open_sandbox(settings.sandbox, self._warn)
        self.oracle_settings = replace(oracle_settings, cache=False)
        self._oracle = Oracle(self.oracle_settings, warn=self._warn)
        pch = self._oracle.pch_path
        # The oracle's own extra flags: its linker choice, then its precompiled headers.
        linker = tuple(self._oracle.linker.flags)
        self._extra_flags = (*linker, f"-I{pch}") if pch is not None else linker
        self._wrap = functools.partial(
            self.sandbox.wrap_compile, read_only=(pch,) if pch is not None else ()
        )
        self._cache: ResultCache | None = None
        if settings.cache:
            try:
                self._cache = ResultCache(cache_path or default_results_path())
            except CacheUnavailable as problem:
                self._warn(f"{problem.one_line()}; judging without the result cache")
            except BaseException:
                self._oracle.close()
                raise
        workers = settings.workers or oracle_settings.workers or os.cpu_count() or 1
        self._compiles = ThreadPoolExecutor(workers, thread_name_prefix="cdpo-judge-compile")
        self._runs = ThreadPoolExecutor(workers, thread_name_prefix="cdpo-judge-run")
        self.runs = 0  # fresh sandboxed runs (the cache's effect, for stats)
        self.cache_hits = 0
        self._lock = threading.Lock()
        self._closed = False

    def judge(self, code: str, tests: ProblemTests) -> Report:
        """Judge one program on its problem's tests (blocking)."""
        return self.judge_many([code], [tests])[0]

    def judge_many(
        self,
        codes: Sequence[str],
        tests: Sequence[ProblemTests],
        on_result: Callable[[int, Report], None] | None = None,
    ) -> list[Report]:
        """Judge many programs in parallel; reports in the order of `codes`.

        Args:
            codes: The programs.
            tests: Each program's problem tests (the same object may repeat).
            on_result: Called as `on_result(index, report)` in the caller's thread as each
                report arrives, e.g. to report progress.
        """
        if len(codes) != len(tests):
            raise JudgeError(f"{len(codes)} programs but {len(tests)} test sets")
        if self._closed:
            raise JudgeError("this Judge is closed; open a new one")
        for problem in tests:
            if not problem.cases:
                raise JudgeError(
                    f"problem {problem.problem_id} has no tests to run",
                    "give tests, or leave the problem out (selection can require tests)",
                )
        futures = {
            self._compiles.submit(self._program, code, problem): i
            for i, (code, problem) in enumerate(zip(codes, tests, strict=True))
        }
        reports: list[Report | None] = [None] * len(codes)
        for future in as_completed(futures):
            i = futures[future]
            reports[i] = future.result()
            if on_result is not None:
                on_result(i, reports[i])  # type: ignore[arg-type]
        return [r for r in reports if r is not None]

    def _program(self, code: str, problem: ProblemTests) -> Report:
        oracle = self._oracle
        with job_directory() as workdir:
            judged = compile_binary(
                code,
                workdir,
                compiler_path=oracle.compiler_path,
                settings=self.oracle_settings,
                extra_flags=self._extra_flags,
                wrap=self._wrap,
            )
            compile_verdict = Verdict(
                level=judged.level,
                passed=passed_under(judged.level, self.oracle_settings.policy),
                categories=judged.categories,
                diagnostics=judged.diagnostics,
                duration_s=judged.duration_s,
            )
            if judged.level in ("errors", "timeout"):
                return Report(
                    judged.level, "compile_error", (), self.sandbox.level, compile_verdict
                )
            binary = workdir / BINARY_NAME
            expose(binary)
            digest = file_digest(binary)
            limits = limits_for(self.settings, problem)
            runs: list[Future[TestResult]] = [
                self._runs.submit(self._test, binary, digest, case, limits)
                for case in problem.cases
            ]
            results = tuple(f.result() for f in runs)
        verdict = worst([r.verdict for r in results])
        return Report(judged.level, verdict, results, self.sandbox.level, compile_verdict)

    def _test(self, binary: Path, digest: str, case: TestCase, limits: Limits) -> TestResult:
        context = {
            "version": RESULT_VERSION,
            "limits": dataclasses.asdict(limits),
            "tolerance": self.settings.float_tolerance,
            "sandbox": self.sandbox.level,
        }
        key = result_key(digest, case.input, case.output, context)
        if self._cache is not None:
            hit = self._cache.get(key)
            if hit is not None:
                with self._lock:
                    self.cache_hits += 1
                verdict, detail, time_s, output = hit
                return TestResult(case.name, verdict, time_s, detail, output, cached=True)
        raw = self.sandbox.run(binary, case.input.encode("utf-8", "surrogateescape"), limits)
        with self._lock:
            self.runs += 1
        output = raw.stdout.decode("utf-8", errors="replace")
        failed = classify(raw, limits)
        if failed is None:
            accepted = outputs_match(case.output, output, self.settings.float_tolerance)
            verdict, detail = ("accepted", "") if accepted else ("wrong_answer", "")
        else:
            verdict, detail = failed
        result = TestResult(case.name, verdict, raw.cpu_s, detail, output[:OUTPUT_KEPT])
        # A time limit depends on the machine's load; a SIGKILL none of our limits sent (the
        # OOM killer, a person) on the machine's state: neither says anything to keep.
        outside = raw.signal == signal.SIGKILL and verdict == "runtime_error"
        if self._cache is not None and verdict != "time_limit" and not outside:
            try:
                self._cache.put(key, verdict, detail, raw.cpu_s, result.output)
            except CacheUnavailable as problem:
                with self._lock:
                    first, self._cache = self._cache is not None, None
                if first:  # warn once, not once per worker
                    self._warn(f"{problem.one_line()}; new results are no longer cached")
        return result

    def close(self, *, cancel: bool = False) -> None:
        """Wait for (or with `cancel`, drop) pending work, then release pools and caches."""
        if self._closed:
            return
        self._closed = True
        self._compiles.shutdown(wait=True, cancel_futures=cancel)
        self._runs.shutdown(wait=True, cancel_futures=cancel)
        if self._cache is not None:
            self._cache.close()
        self._oracle.close()

    def __enter__(self) -> Judge:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close(cancel=exc is not None)
