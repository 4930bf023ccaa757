"""The paper's tables, recomputed from stored verdicts every time they are shown.

Table 1 is compile success per model and stage (Base, +SFT, +DPO, +SFT+DPO) with the best stage
of each model marked; Table 2 is the relative gain of that best stage over Base and over +SFT.
Every verdict count is recounted from the `verdicts` and `pairs` tables, so a table can never
disagree with the failures a researcher browses. The one number taken from a run's summary is
how many prompts evaluation skipped as too long for the model's context: they have no
completion to store. A cell always says how many there were; `plan.skipped_count_as_failures`
chooses whether they also count as failed completions in the rate.
"""

from __future__ import annotations

import csv
import io
import json
import statistics
from dataclasses import asdict, dataclass, field
from typing import Any

from cdpo_core.session import Session
from cdpo_core.store import Store

STAGE_LABELS = ("Base", "+SFT", "+DPO", "+SFT+DPO")
HISTOGRAM_EDGES = (0, 10, 25, 50, 100, 200, 400, 800)


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


@dataclass(frozen=True)
class Results:
    stages: tuple[StageResult, ...]
    pairs: tuple[PairStats, ...]

    @property
    def table1(self) -> Table:
        return table1(self.stages)

    @property
    def table2(self) -> Table:
        return table2(self.stages)

    @property
    def categories(self) -> Table:
        return categories_table(self.stages)

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
                    skipped=int(run.summary.get("skipped_prompts", 0)),
                    per_prompt=int(
                        run.settings.get("generation", {}).get("num_return_sequences", 1)
                    ),
                    skipped_as_failures=as_failures,
                )
            )
        elif run.kind == "prefs":
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
    return Results(tuple(latest.values()), tuple(pairs))


def combine(results: list[Results]) -> Results:
    return Results(
        tuple(s for r in results for s in r.stages), tuple(p for r in results for p in r.pairs)
    )


def _by_model(stages: tuple[StageResult, ...]) -> dict[tuple[str, str], dict[str, StageResult]]:
    grouped: dict[tuple[str, str], dict[str, StageResult]] = {}
    for s in stages:
        grouped.setdefault((s.session, s.model), {})[s.stage] = s
    return grouped


def _best(cells: dict[str, StageResult]) -> str | None:
    known = [label for label in STAGE_LABELS if label in cells]
    return max(known, key=lambda label: cells[label].rate) if known else None


def table1(stages: tuple[StageResult, ...]) -> Table:
    rows = []
    for (session, model), cells in _by_model(stages).items():
        best = _best(cells)
        row = [session, model]
        for label in STAGE_LABELS:
            cell = cells.get(label)
            text = cell.cell() if cell else "—"
            row.append(f"{text} *" if label == best and cell else text)
        rows.append(tuple(row))
    return Table(
        "Table 1: compile success on the test split (* best stage per model)",
        ("session", "model", *STAGE_LABELS),
        tuple(rows),
    )


def _gain(best: StageResult, ref: StageResult | None) -> str:
    if ref is None or ref.rate == 0:
        return "—"
    return f"{100 * (best.rate - ref.rate) / ref.rate:+.1f}%"


def table2(stages: tuple[StageResult, ...]) -> Table:
    rows = []
    for (session, model), cells in _by_model(stages).items():
        best = _best(cells)
        if best is None:
            continue
        chosen = cells[best]
        rows.append(
            (
                session,
                model,
                best,
                _gain(chosen, cells.get("Base")),
                _gain(chosen, cells.get("+SFT")),
            )
        )
    return Table(
        "Table 2: relative gain of the best stage",
        ("session", "model", "best stage", "over Base", "over +SFT"),
        tuple(rows),
    )


def categories_table(stages: tuple[StageResult, ...]) -> Table:
    names = sorted({c for s in stages for c in s.categories})
    rows = tuple(
        (s.session, s.stage, *(str(s.categories.get(n, 0)) for n in names)) for s in stages
    )
    return Table("Failure categories per stage", ("session", "stage", *names), rows)


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
        )
        for p in pairs
    )
    return Table(
        "Preference pairs: edit distance between chosen and rejected",
        ("session", "set", "pairs", "mean", "median", *edges),
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


def results_json(results: Results) -> str:
    return "\n".join(json.dumps(obj) for obj in results.to_json())
