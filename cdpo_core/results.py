"""The paper's tables, recomputed from stored verdicts every time they are shown.

Table 1 is compile success per model and stage (Base, +SFT, +DPO, +SFT+DPO) with the best stage
of each model marked; Table 2 is the relative gain of that best stage over Base and over +SFT.
Every verdict count is recounted from the `verdicts` and `pairs` tables, so a table can never
disagree with the failures a researcher browses. The one number taken from a run's summary is
how many prompts evaluation skipped as too long for the model's context: they have no
completion to store. A cell always says how many there were; `plan.skipped_count_as_failures`
chooses whether they also count as failed completions in the rate.

Beside compile success, each stage whose evaluation ran the tests (`stages.execute`) shows
pass@1: completions accepted on every test of their problem, out of the same denominator as
compile success (every judged completion, plus the skipped prompts' where they count). So a
completion that did not compile, and one whose problem has no tests, count as not passed;
how many had no tests is said in the cell. With several completions per prompt the table also
gives the unbiased pass@k of Chen et al. (2021), averaged over prompts.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import math
import statistics
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

from cdpo_core.session import Session
from cdpo_core.steps import DPO_ROUNDS, round_label
from cdpo_core.store import Store

STAGE_LABELS = ("Base", "+SFT", "+DPO", "+SFT+DPO")
ONLINE_LABELS = ("+GRPO", "+SFT+GRPO", *(round_label(n) for n in range(1, DPO_ROUNDS + 1)))
"""Beyond the paper: a column of Table 1 each, shown once a session has evaluated it."""
HISTOGRAM_EDGES = (0, 10, 25, 50, 100, 200, 400, 800)
EXECUTION_FAILURES = ("wrong_answer", "runtime_error", "time_limit", "memory_limit", "output_limit")
"""Failure categories of programs that compiled but failed a test, in the judge's order."""
TEST_OUTCOMES = (*EXECUTION_FAILURES, "no_tests")
"""What the failure tables count of the programs that compiled: failed verdicts, no tests."""
PASS_KS = (1, 5, 10, 100)
"""The k of pass@k reported where a prompt has at least k completions (and k = n itself)."""


@dataclass(frozen=True)
class Table:
    """A titled table of strings, ready for Rich, Textual, Markdown or CSV."""

    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class StageResult:
    """One evaluation run: the numbers behind a cell of Table 1.

    Attributes:
        total: Completions judged by the compiler.
        skipped: Prompts that were not generated for (too long for the model's context).
        per_prompt: Completions asked of each prompt (`generation.num_return_sequences`).
        skipped_as_failures: Whether the skipped prompts' completions count as failed.
    """

    session: str
    model: str
    stage: str
    run_id: int
    split: str
    passed: int
    total: int
    categories: dict[str, int] = field(default_factory=dict)
    skipped: int = 0
    per_prompt: int = 1
    skipped_as_failures: bool = False
    executions: dict[str, int] = field(default_factory=dict)
    """Execution verdict -> completions (empty: the tests were not run)."""
    pass_at: dict[int, float] = field(default_factory=dict)
    """k -> unbiased pass@k over prompts (Chen et al. 2021)."""

    @property
    def executed(self) -> bool:
        return bool(self.executions)

    @property
    def accepted(self) -> int:
        return self.executions.get("accepted", 0)

    @property
    def no_tests(self) -> int:
        return self.executions.get("no_tests", 0)

    @property
    def pass_rate(self) -> float:
        """pass@1 as a fraction of the compile-success denominator (see the module doc)."""
        return self.accepted / self.denominator if self.denominator else 0.0

    def pass_cell(self) -> str:
        """`5.0% (1/20), 2 no tests`, then pass@k for k > 1; "—" when no test ran."""
        if not self.executed:
            return "—"
        text = format_rate(
            self.accepted,
            self.total,
            self.skipped,
            as_failures=self.skipped_as_failures,
            per_prompt=self.per_prompt,
        )
        if self.no_tests:
            text += f", {self.no_tests} no tests"
        more = [f"pass@{k} {100 * v:.1f}%" for k, v in sorted(self.pass_at.items()) if k > 1]
        return text + ("; " + ", ".join(more) if more else "")

    @property
    def denominator(self) -> int:
        """Completions the rate is out of: the judged ones, plus the skipped when they count."""
        return self.total + (self.skipped * self.per_prompt if self.skipped_as_failures else 0)

    @property
    def rate(self) -> float:
        return self.passed / self.denominator if self.denominator else 0.0

    def cell(self) -> str:
        """The Table 1 text: `10.0% (12/120), 12 skipped`."""
        return format_rate(
            self.passed,
            self.total,
            self.skipped,
            as_failures=self.skipped_as_failures,
            per_prompt=self.per_prompt,
        )


@dataclass(frozen=True)
class PairStats:
    """Edit-distance summary of one preference set (the paper's collapse analysis)."""

    session: str
    run_id: int
    step: str
    pairs: int
    mean: float
    median: float
    histogram: dict[str, int]
    collapse: str = ""
    """The DPO runs on this set whose collapse alarm fired, as `step@N` (empty: none)."""


@dataclass(frozen=True)
class Results:
    stages: tuple[StageResult, ...]
    pairs: tuple[PairStats, ...]

    @property
    def table1(self) -> Table:
        return table1(self.stages)

    @property
    def table1_by_stage(self) -> Table:
        return table1_by_stage(self.stages)

    @property
    def table2(self) -> Table:
        return table2(self.stages)

    @property
    def categories(self) -> Table:
        return categories_table(self.stages)

    @property
    def categories_by_stage(self) -> Table:
        return categories_by_stage(self.stages)

    @property
    def pair_table(self) -> Table:
        return pairs_table(self.pairs)

    def to_json(self) -> list[dict[str, Any]]:
        """One object per run, as `cdpo results --json` promises."""
        out: list[dict[str, Any]] = []
        for s in self.stages:
            out.append(
                {
                    "kind": "eval",
                    "session": s.session,
                    "run_id": s.run_id,
                    "stage": s.stage,
                    "model": s.model,
                    "split": s.split,
                    "passed": s.passed,
                    "total": s.total,
                    "skipped_prompts": s.skipped,
                    "skipped_count_as_failures": s.skipped_as_failures,
                    "rate": round(s.rate, 6),
                    "categories": s.categories,
                    "execution": s.executions,
                    "accepted": s.accepted if s.executed else None,
                    "no_tests": s.no_tests if s.executed else None,
                    "pass_at_1": round(s.pass_rate, 6) if s.executed else None,
                    "pass_at_k": {str(k): round(v, 6) for k, v in sorted(s.pass_at.items())},
                }
            )
        for p in self.pairs:
            out.append({"kind": "pairs", **asdict(p)})
        return out


def format_rate(
    passed: int, total: int, skipped: int = 0, *, as_failures: bool = False, per_prompt: int = 1
) -> str:
    """`10.0% (12/120)`, with `, 12 skipped` when prompts were skipped.

    Args:
        passed: Completions that compiled.
        total: Completions judged.
        skipped: Prompts not generated for (too long for the context).
        as_failures: Count each skipped prompt's `per_prompt` completions as failed.
        per_prompt: Completions asked of each prompt.
    """
    denominator = total + (skipped * per_prompt if as_failures else 0)
    note = ""
    if skipped:
        note = f", {skipped} skipped" + (" as failures" if as_failures else "")
    if not denominator:
        return f"no completions{note}" if skipped else "—"
    return f"{100 * passed / denominator:.1f}% ({passed}/{denominator}){note}"


def pass_at_k(n: int, c: int, k: int) -> float:
    """Chen et al. (2021)'s unbiased pass@k of one prompt: 1 - C(n-c, k) / C(n, k).

    `n` completions of which `c` passed; exact (integer binomials), so no overflow or loss.
    """
    if not 0 <= c <= n or not 1 <= k <= n:
        raise ValueError(f"pass@{k} needs 0 <= c <= n and 1 <= k <= n (n={n}, c={c})")
    return 1.0 - math.comb(n - c, k) / math.comb(n, k)


def mean_pass_at_k(per_prompt: list[tuple[int, int]], k: int, failed_prompts: int = 0) -> float:
    """pass@k averaged over the prompts with at least k completions; `failed_prompts` more
    prompts (skipped ones, where they count as failures) add a 0 each."""
    values = [pass_at_k(n, c, k) for n, c in per_prompt if n >= k]
    count = len(values) + failed_prompts
    return sum(values) / count if count else 0.0


def pass_ks(per_prompt: int) -> tuple[int, ...]:
    """The k reported for `per_prompt` completions a prompt: `PASS_KS` up to it, and itself."""
    return tuple(sorted({k for k in PASS_KS if k <= per_prompt} | {max(1, per_prompt)}))


def histogram(distances: list[int]) -> dict[str, int]:
    bins: dict[str, int] = {}
    edges = HISTOGRAM_EDGES
    for lo, hi in zip(edges, edges[1:], strict=False):
        bins[f"{lo}-{hi - 1}"] = sum(lo <= d < hi for d in distances)
    bins[f"{edges[-1]}+"] = sum(d >= edges[-1] for d in distances)
    return bins


def session_results(session: Session, split: str | None = None) -> Results:
    """Every finished evaluation and preference run of a session, counted from the store."""
    split = split or session.config.plan.eval_split
    store = Store(session.db_path, readonly=True)  # a lost database is an error, not "no runs"
    try:
        return _collect(session, store, split)
    finally:
        store.close()


def _collect(session: Session, store: Store, split: str) -> Results:
    as_failures = session.config.plan.skipped_count_as_failures
    stages: list[StageResult] = []
    pairs: list[PairStats] = []
    for run in store.runs():
        if run.status != "done":
            continue
        if run.kind == "eval" and run.split == split:
            passed, total = store.verdict_counts(run.id)
            per_prompt = int(run.settings.get("generation", {}).get("num_return_sequences", 1))
            skipped = int(run.summary.get("skipped_prompts", 0))
            per_sample = store.accepted_per_sample(run.id)
            failed_prompts = skipped if as_failures else 0
            stages.append(
                StageResult(
                    session=session.name,
                    model=run.model,
                    stage=run.label,
                    run_id=run.id,
                    split=split,
                    passed=passed,
                    total=total,
                    categories=store.category_counts(run.id),
                    skipped=skipped,
                    per_prompt=per_prompt,
                    skipped_as_failures=as_failures,
                    executions=store.execution_counts(run.id),
                    pass_at={
                        k: mean_pass_at_k(per_sample, k, failed_prompts)
                        for k in pass_ks(per_prompt)
                    }
                    if per_sample
                    else {},
                )
            )
        elif run.kind == "prefs" or (run.kind == "dpo" and store.pair_distances(run.id)):
            # A round of iterative DPO builds its own pairs: they are a set like any other.
            distances = store.pair_distances(run.id)
            pairs.append(
                PairStats(
                    session=session.name,
                    run_id=run.id,
                    step=run.step,
                    pairs=len(distances),
                    mean=round(statistics.fmean(distances), 1) if distances else 0.0,
                    median=float(statistics.median(distances)) if distances else 0.0,
                    histogram=histogram(distances),
                )
            )
    # The latest run of each (model, stage) is the one a table shows.
    latest: dict[tuple[str, str, str], StageResult] = {}
    for s in stages:
        latest[(s.session, s.model, s.stage)] = s
    return Results(tuple(latest.values()), tuple(_with_alarms(store, pairs)))


def _with_alarms(store: Store, pairs: list[PairStats]) -> list[PairStats]:
    """Each pair set with the collapse alarms of the DPO runs trained on it, so the alarm
    sits beside the edit-distance histogram that explains it."""
    runs = [r for r in store.runs() if r.status == "done"]
    set_of = {r.artifact: r.id for r in runs if r.kind == "prefs" and r.artifact}
    fired: dict[int, list[str]] = {}
    for run in runs:
        alarm = run.summary.get("collapse_alarm")
        if run.kind != "dpo" or not alarm:
            continue
        # A DPO step names the pairs it read; a round of iterative DPO trained on its own.
        source = set_of.get(run.settings.get("pairs", ""), run.id)
        fired.setdefault(source, []).append(f"{run.step}@{alarm['step']:.0f}")
    return [dataclasses.replace(p, collapse=" ".join(fired.get(p.run_id, []))) for p in pairs]


def combine(results: list[Results]) -> Results:
    return Results(
        tuple(s for r in results for s in r.stages), tuple(p for r in results for p in r.pairs)
    )


def _by_model(stages: tuple[StageResult, ...]) -> dict[tuple[str, str], dict[str, StageResult]]:
    grouped: dict[tuple[str, str], dict[str, StageResult]] = {}
    for s in stages:
        grouped.setdefault((s.session, s.model), {})[s.stage] = s
    return grouped


def _best(cells: dict[str, StageResult]) -> tuple[str, ...]:
    """The stages with the highest rate, in plan order; more than one is a tie. Equal
    fractions give equal floats (division rounds correctly), so 1/2 and 2/4 tie."""
    known = [label for label in STAGE_LABELS + ONLINE_LABELS if label in cells]
    if not known:
        return ()
    top = max(cells[label].rate for label in known)
    return tuple(label for label in known if cells[label].rate == top)


def best_mark(label: str, best: tuple[str, ...]) -> str:
    """`best`, `tie` (the best rate, shared) or "" for a stage of one model."""
    if label not in best:
        return ""
    return "tie" if len(best) > 1 else "best"


def shown_labels(stages: tuple[StageResult, ...]) -> tuple[str, ...]:
    """The paper's four stages, then the online stages (GRPO, DPO rounds) some run evaluated."""
    present = {s.stage for s in stages}
    return STAGE_LABELS + tuple(label for label in ONLINE_LABELS if label in present)


def _marked(cell: StageResult, label: str, best: tuple[str, ...]) -> str:
    return cell.cell() + {"best": " *", "tie": " * (tie)", "": ""}[best_mark(label, best)]


def _table1_title(executed: bool) -> str:
    what = "compile success and pass@1 on tests" if executed else "compile success"
    marks = "* best compile success per model; (tie) when shared"
    return f"Table 1: {what} on the test split ({marks})"


def table1(stages: tuple[StageResult, ...]) -> Table:
    rows = []
    labels = shown_labels(stages)
    # pass@1 sits beside each stage's compile success once any stage ran the tests.
    executed = any(s.executed for s in stages)
    for (session, model), cells in _by_model(stages).items():
        best = _best(cells)
        row = [session, model]
        for label in labels:
            cell = cells.get(label)
            row.append(_marked(cell, label, best) if cell else "—")
            if executed:
                row.append(cell.pass_cell() if cell else "—")
        rows.append(tuple(row))
    columns = [
        c for label in labels for c in ((label, f"{label} pass@1") if executed else (label,))
    ]
    return Table(_table1_title(executed), ("session", "model", *columns), tuple(rows))


def table1_by_stage(stages: tuple[StageResult, ...]) -> Table:
    """Table 1 with one row per evaluated stage: the shape that fits a terminal once the
    online stages join the paper's four (the paper's shape is then 16 columns wide)."""
    executed = any(s.executed for s in stages)
    rows = []
    for (session, model), cells in _by_model(stages).items():
        best = _best(cells)
        for label in shown_labels(stages):
            cell = cells.get(label)
            if cell is not None:
                passed = (cell.pass_cell(),) if executed else ()
                rows.append((session, model, label, _marked(cell, label, best), *passed))
    columns = ("session", "model", "stage", "compile success", *(("pass@1",) if executed else ()))
    return Table(_table1_title(executed), columns, tuple(rows))


def table1_numbers(stages: tuple[StageResult, ...]) -> Table:
    """Table 1 as numbers, one row per evaluated stage, for a spreadsheet or pandas: the
    rate as a fraction, its counts, and the best stage marked in a column of its own."""
    rows = []
    for (session, model), cells in _by_model(stages).items():
        best = _best(cells)
        for label in shown_labels(stages):
            s = cells.get(label)
            if s is None:
                continue
            rows.append(
                (
                    session,
                    model,
                    label,
                    str(s.run_id),
                    s.split,
                    str(round(s.rate, 6)),
                    str(s.passed),
                    str(s.total),
                    str(s.skipped),
                    str(s.denominator),
                    *_pass_numbers(s),
                    best_mark(label, best),
                )
            )
    return Table(
        "Table 1: compile success on the test split",
        (
            "session",
            "model",
            "stage",
            "run_id",
            "split",
            "rate",
            "passed",
            "total",
            "skipped",
            "denominator",
            "pass_at_1",
            "accepted",
            "no_tests",
            "pass_k",
            "pass_at_k",
            "best",
        ),
        tuple(rows),
    )


def _pass_numbers(s: StageResult) -> tuple[str, str, str, str, str]:
    """pass@1, accepted, no-tests count, the largest k and its pass@k; empty when no test ran."""
    if not s.executed:
        return ("", "", "", "", "")
    k = max(s.pass_at, default=1)
    return (
        str(round(s.pass_rate, 6)),
        str(s.accepted),
        str(s.no_tests),
        str(k),
        str(round(s.pass_at.get(k, s.pass_rate), 6)),
    )


def _gain(best: StageResult, ref: StageResult | None) -> str:
    if ref is None or ref.rate == 0:
        return "—"
    return f"{100 * (best.rate - ref.rate) / ref.rate:+.1f}%"


def _gain_number(best: StageResult, ref: StageResult | None) -> str:
    if ref is None or ref.rate == 0:
        return ""
    return str(round((best.rate - ref.rate) / ref.rate, 6))


def table2(stages: tuple[StageResult, ...]) -> Table:
    rows = []
    for (session, model), cells in _by_model(stages).items():
        best = _best(cells)
        if not best:
            continue
        chosen = cells[best[0]]  # tied stages share the rate, so the gains too
        rows.append(
            (
                session,
                model,
                " = ".join(best),
                _gain(chosen, cells.get("Base")),
                _gain(chosen, cells.get("+SFT")),
            )
        )
    return Table(
        "Table 2: relative gain of the best stage",
        ("session", "model", "best stage", "over Base", "over +SFT"),
        tuple(rows),
    )


def table2_numbers(stages: tuple[StageResult, ...]) -> Table:
    """Table 2 as numbers: gains as fractions (empty where the reference rate is 0 or
    missing); tied best stages are listed with `;` and flagged in `tie`."""
    rows = []
    for (session, model), cells in _by_model(stages).items():
        best = _best(cells)
        if not best:
            continue
        chosen = cells[best[0]]
        rows.append(
            (
                session,
                model,
                ";".join(best),
                "1" if len(best) > 1 else "0",
                str(round(chosen.rate, 6)),
                _gain_number(chosen, cells.get("Base")),
                _gain_number(chosen, cells.get("+SFT")),
            )
        )
    return Table(
        "Table 2: relative gain of the best stage",
        ("session", "model", "best_stage", "tie", "rate", "gain_over_base", "gain_over_sft"),
        tuple(rows),
    )


def categories_table(stages: tuple[StageResult, ...]) -> Table:
    """Compile failures by category, then (where tests ran) the programs that compiled but
    failed a test, by verdict, and those whose problem had no tests."""
    names = sorted({c for s in stages for c in s.categories})
    ran = [v for v in TEST_OUTCOMES if any(v in s.executions for s in stages)]
    rows = tuple(
        (
            s.session,
            s.stage,
            *(str(s.categories.get(n, 0)) for n in names),
            *(str(s.executions.get(v, 0)) for v in ran),
        )
        for s in stages
    )
    return Table("Failure categories per stage", ("session", "stage", *names, *ran), rows)


def categories_by_stage(stages: tuple[StageResult, ...]) -> Table:
    """The failure categories as one line per stage, most frequent first, zeros left out: the
    shape that fits a terminal when a category per column (13 on SmolLM2) does not."""

    def counted(counts: dict[str, int], names: Iterable[str]) -> str:
        present = [(name, counts[name]) for name in names if counts.get(name)]
        ranked = sorted(present, key=lambda item: (-item[1], item[0]))
        return ", ".join(f"{name}={n}" for name, n in ranked) or "—"

    ran = any(s.executions for s in stages)
    rows = tuple(
        (
            s.session,
            s.stage,
            counted(s.categories, s.categories),
            *((counted(s.executions, TEST_OUTCOMES),) if ran else ()),
        )
        for s in stages
    )
    columns = ("session", "stage", "compile failures", *(("on the tests",) if ran else ()))
    return Table("Failure categories per stage", columns, rows)


def pairs_table(pairs: tuple[PairStats, ...]) -> Table:
    edges = list(histogram([]))
    rows = tuple(
        (
            p.session,
            p.step,
            str(p.pairs),
            f"{p.mean:.1f}",
            f"{p.median:.0f}",
            *(str(p.histogram.get(e, 0)) for e in edges),
            p.collapse or "—",
        )
        for p in pairs
    )
    return Table(
        "Preference pairs: edit distance between chosen and rejected (and the collapse alarms "
        "of DPO on them)",
        ("session", "set", "pairs", "mean", "median", *edges, "collapse alarm"),
        rows,
    )


def to_markdown(table: Table) -> str:
    lines = [f"### {table.title}", "", "| " + " | ".join(table.columns) + " |"]
    lines.append("|" + "|".join("---" for _ in table.columns) + "|")
    lines += ["| " + " | ".join(row) + " |" for row in table.rows]
    return "\n".join(lines) + "\n"


def to_csv(table: Table) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(table.columns)
    writer.writerows(table.rows)
    return buffer.getvalue()


def all_tables(results: Results) -> list[Table]:
    return [results.table1, results.table2, results.categories, results.pair_table]


def number_tables(results: Results) -> list[Table]:
    """The tables an export writes as CSV: every cell a number or a name, never display
    text such as `20.0% (16/80) *`. Same titles as `all_tables`, so the same file names."""
    return [
        table1_numbers(results.stages),
        table2_numbers(results.stages),
        results.categories,
        results.pair_table,
    ]


def results_json(results: Results) -> str:
    return "\n".join(json.dumps(obj) for obj in results.to_json())
