"""The execute phase: a run's compiled completions on their problem's tests, stored as it goes.

Evaluation and the preferences stage call it after their compile verdicts are stored. Every
completion of the run gets one `executions` row, so no denominator ever loses one:

* a completion the oracle rejected (level errors or timeout) is `compile_error` and runs
  nothing; one with warnings compiled and runs, as a judge would run it;
* a completion whose problem has no stored tests is `no_tests`;
* every other one goes to the `Judge` (compiled once, run on each test in the sandbox, in
  parallel, cached by binary + test hash) and gets the worst of its test verdicts, its
  passed/total tests and one row per test. The first failing test also keeps its input, the
  expected and the actual output, `KEPT_CHARS` each, for the failure browser.

Each verdict is written as it arrives, so a killed run keeps what it judged; run again, it
judges only the completions without a row. A session whose prep stored no tests (or
`execution.enabled = false`) writes nothing, and its tables show no pass@1.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from cdpo_core.events import Progress
from cdpo_core.judge.runner import Judge, Report
from cdpo_core.judge.tests import ProblemTests
from cdpo_core.runner import RunContext
from cdpo_core.store import ExecutionRecord, ExecutionTest

NO_TESTS = "no_tests"
"""The verdict of a completion whose problem has no tests: counted, never dropped."""
COMPILE_ERROR = "compile_error"
KEPT_CHARS = 4096
"""Characters of a failing test's input, expected and actual output kept in the store."""
NOT_COMPILED = ("errors", "timeout")
"""Oracle levels that never produced a binary."""


@dataclass
class ExecutionTally:
    """What one call of `execute_run` found and did.

    Attributes:
        counts: Verdict -> completions of the run (all of them, resumed ones included).
        judged: Completions sent to the judge by this call (0 when all were stored).
        sandbox: The sandbox level the tests ran under ("" when nothing ran).
    """

    counts: dict[str, int] = field(default_factory=dict)
    judged: int = 0
    sandbox: str = ""

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def accepted(self) -> int:
        return self.counts.get("accepted", 0)


def _clip(text: str) -> str:
    return text if len(text) <= KEPT_CHARS else text[:KEPT_CHARS] + "\n[... truncated]"


def record_of(completion_id: int, report: Report, tests: ProblemTests) -> ExecutionRecord:
    """The stored form of a judge's report: texts kept for the first failing test only."""
    rows: list[ExecutionTest] = []
    first_failure = True
    for case, result in zip(tests.cases, report.tests, strict=False):
        keep = first_failure and result.verdict != "accepted"
        first_failure = first_failure and not keep
        rows.append(
            ExecutionTest(
                name=result.name,
                verdict=result.verdict,
                time_s=round(result.time_s, 4),
                detail=result.detail,
                input=_clip(case.input) if keep else "",
                expected=_clip(case.output) if keep else "",
                actual=_clip(result.output) if keep else "",
            )
        )
    return ExecutionRecord(
        completion_id=completion_id,
        verdict=report.verdict,
        passed_tests=sum(t.verdict == "accepted" for t in report.tests),
        total_tests=len(tests.cases),
        sandbox=report.sandbox,
        tests=tuple(rows),
    )


def execute_run(ctx: RunContext) -> ExecutionTally:
    """Run every stored completion of `ctx`'s run that has no execution yet on its tests.

    Returns the tally over the whole run; empty when the session has no tests or execution
    is off.
    """
    cfg = ctx.session.config
    store = ctx.store
    tests = store.all_tests()
    if not cfg.execution.enabled or not tests:
        if cfg.execution.enabled:
            ctx.log("no tests in this session: pass@1 is not measured (compile verdicts only)")
        return ExecutionTally()
    problem_of = {s.id: s.problem_id for s in store.samples()}
    done = store.executed_ids(ctx.run_id)
    rows = [r for r in store.completions_with_verdicts(ctx.run_id) if r["id"] not in done]
    settled: list[ExecutionRecord] = []
    to_judge: list[tuple[int, str, ProblemTests]] = []
    for row in rows:
        problem = tests.get(problem_of[row["sample_id"]])
        if row["level"] in NOT_COMPILED:
            settled.append(ExecutionRecord(row["id"], COMPILE_ERROR, 0, _count(problem)))
        elif problem is None or not problem.cases:
            settled.append(ExecutionRecord(row["id"], NO_TESTS, 0, 0))
        else:
            to_judge.append((row["id"], row["program"], problem))
    if done:
        ctx.log(f"executions: resuming, {len(done)} stored, {len(rows)} to go")
    store.add_executions(settled)
    tally = ExecutionTally(judged=len(to_judge))
    if to_judge:
        tally.sandbox = _judge_all(ctx, to_judge, total=len(done) + len(rows), first=len(done))
    tally.counts = store.execution_counts(ctx.run_id)
    return tally


def _count(problem: ProblemTests | None) -> int:
    return len(problem.cases) if problem is not None else 0


def _judge_all(
    ctx: RunContext, jobs: Sequence[tuple[int, str, ProblemTests]], *, total: int, first: int
) -> str:
    """Judge `jobs` in parallel, storing each report as it arrives; the sandbox level used."""
    cfg = ctx.session.config
    verdicts: Counter[str] = Counter()
    stored = first + (total - first - len(jobs))

    def on_result(index: int, report: Report) -> None:
        completion_id, _, problem = jobs[index]
        ctx.store.add_executions([record_of(completion_id, report, problem)])
        verdicts[report.verdict] += 1
        judged = sum(verdicts.values())
        ctx.emit(
            Progress(
                stage=ctx.run.step,
                done=stored + judged,
                total=total,
                unit="programs run",
                stats={"accepted/rate": round(verdicts["accepted"] / judged, 4)},
            )
        )

    with Judge(cfg.execution, cfg.oracle, warn=ctx.warn) as judge:
        ctx.log(f"running {len(jobs)} compiled completions on their tests ({judge.sandbox.level})")
        judge.judge_many([j[1] for j in jobs], [j[2] for j in jobs], on_result=on_result)
        return judge.sandbox.level
