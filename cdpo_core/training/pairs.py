"""Preference pairs from compiler feedback (the paper, section 5) and their variants.

A completion the compiler rejects becomes a pair: the prompt, the original continuation as
`chosen`, the model's continuation as `rejected`. Every pair carries its character edit
distance and failure category, because the paper's analysis (section 6.1) turns on how close
chosen and rejected are: DPO's gains collapse when pairs differ by a few characters.

With `preferences.grading = "execution"` the verdict of each completion's run on its
problem's tests grades it instead (`grade`): accepted > wrong answer > runtime error and the
limits > warnings > compile error by default (`preferences.order`). This generalises the
levels mode (clean > warnings > errors) to the paper's "multiple waves" with execution.
"""

from __future__ import annotations

import random
import statistics
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from cdpo_core.judge.runner import VERDICTS
from cdpo_core.oracle.verdict import LEVELS
from cdpo_core.training.negatives import misspelt_continuations
from cdpo_core.training.settings import PreferenceSettings, TrainingError

SYNTHETIC_CATEGORY = "synthetic/misspelt-identifier"
HISTOGRAM_EDGES = (0, 10, 25, 50, 100, 200, 400, 800)
"""Edit-distance bins; the paper's means (108 vs 224 characters) fall in distinct bins."""

ToRow = Callable[[Any, str, str], dict[str, Any]]
"""Builds a TRL preference row from (masked program or prefix, chosen, rejected)."""


@dataclass(frozen=True)
class JudgedCompletion:
    """One model completion of a masked program, with the compiler's verdict.

    Attributes:
        sample_id: the sample (one masked program); several completions may share it.
        problem_id: the CodeNet problem, kept for per-problem analysis.
        prefix: the visible part of the program (what the prompt shows).
        target: the original continuation that was masked.
        completion: what the model wrote in its place.
        level: the oracle's verdict level, one of `cdpo_core.oracle.verdict.LEVELS`
            ("clean", "warnings", "errors", "timeout").
        passed: the oracle's verdict under the session's warnings policy ("Good").
        categories: failure categories of the diagnostics, most important first.
        suffix: text after the masked span (infill masking only; empty otherwise).
        masked: the caller's MaskedProgram, handed to the prompt format untouched; when None
            the prompt format receives `prefix`.
    """

    sample_id: str
    problem_id: str
    prefix: str
    target: str
    completion: str
    level: str
    passed: bool
    categories: tuple[str, ...] = ()
    suffix: str = ""
    masked: Any = None
    execution: str = ""
    """The verdict of its run on the problem's tests (`stages.execute`); "" when not run."""

    @property
    def original(self) -> str:
        return self.prefix + self.target + self.suffix


@dataclass(frozen=True)
class PreferencePair:
    """A preference row for TRL plus what the analysis needs to know about it."""

    sample_id: str
    problem_id: str
    row: dict[str, Any]
    chosen: str
    rejected: str
    edit_distance: int
    category: str
    chosen_from: str  # "original" or "completion:<level>"
    synthetic: bool = False


@dataclass(frozen=True)
class PairReport:
    """Counts and edit-distance summaries of one `make_pairs` run."""

    records: int
    samples: int
    pairs: int
    skipped: dict[str, int] = field(default_factory=dict)
    synthetic_kept: int = 0
    synthetic_compiled: int = 0
    edit_distance_mean: float = 0.0
    edit_distance_median: float = 0.0
    histogram: tuple[tuple[str, int], ...] = ()
    categories: dict[str, int] = field(default_factory=dict)


def standard_row(prompt: Any, chosen: str, rejected: str) -> dict[str, Any]:
    """TRL's standard (non-chat) preference row, for base models and tests."""
    return {"prompt": prompt, "chosen": chosen, "rejected": rejected}


def _rapidfuzz_distance(a: str, b: str) -> int:
    from rapidfuzz.distance import Levenshtein

    return int(Levenshtein.distance(a, b))


def _nltk_distance(a: str, b: str) -> int:
    from nltk import edit_distance as nltk_edit_distance

    return int(nltk_edit_distance(a, b))


EDIT_DISTANCES: dict[str, Callable[[str, str], int]] = {
    "rapidfuzz": _rapidfuzz_distance,
    "nltk": _nltk_distance,
}
"""`preferences.edit_distance` values: the same character Levenshtein distance either way.
rapidfuzz runs it in C; nltk (pure Python, quadratic) is the implementation the paper measured
its edit distances with, kept so a run can reproduce those numbers with the paper's own code."""


def edit_distance(a: str, b: str, method: str = "rapidfuzz") -> int:
    """Character Levenshtein distance between `a` and `b`, computed by `method`."""
    return _measure(method)(a, b)


def _measure(method: str) -> Callable[[str, str], int]:
    if method not in EDIT_DISTANCES:
        raise TrainingError(
            f"unknown preferences.edit_distance {method!r}",
            f"use one of {', '.join(EDIT_DISTANCES)}",
        )
    return EDIT_DISTANCES[method]


def make_pairs(
    records: Iterable[JudgedCompletion],
    fmt: Any = standard_row,
    settings: PreferenceSettings | None = None,
    *,
    check: Callable[[str], bool] | None = None,
) -> tuple[list[PreferencePair], PairReport]:
    """Turn judged completions into preference pairs.

    Args:
        records: judged completions; several per sample are allowed (sampled decoding).
        fmt: the prompt format (anything with `preference(m, chosen, rejected) -> dict`) or a
            plain `to_row(m, chosen, rejected)` callable.
        settings: pairing mode, edit-distance measure and filter, synthetic negatives.
        check: `check(program) -> passed` compiles a whole program; needed for synthetic
            negatives, which are kept only when it returns False.

    Returns:
        The pairs, and a report of counts, skips with reasons and edit-distance summaries.
    """
    settings = settings or PreferenceSettings()
    to_row: ToRow = fmt.preference if hasattr(fmt, "preference") else fmt
    if settings.mode not in ("bad", "levels"):
        raise TrainingError(f"unknown pairing mode {settings.mode!r}", "use 'bad' or 'levels'")
    tiers = tiers_of(settings.order) if settings.grading == "execution" else None
    distance_of = _measure(settings.edit_distance)
    if settings.synthetic_negatives > 0 and check is None:
        raise TrainingError(
            "synthetic negatives need a compile check",
            "pass check=<oracle's passes(program)> or synthetic_negatives=0",
        )
    groups: dict[str, list[JudgedCompletion]] = {}
    total = 0
    for record in records:
        if record.level not in LEVELS:
            raise TrainingError(
                f"sample {record.sample_id}: unknown verdict level {record.level!r}",
                f"use one of {', '.join(LEVELS)}",
            )
        groups.setdefault(record.sample_id, []).append(record)
        total += 1
    skipped: Counter[str] = Counter()
    pairs: list[PreferencePair] = []
    synthetic = Counter[str]()
    for sample_id, group in groups.items():
        if tiers is not None:
            candidates = _graded(group, settings.mode, tiers, skipped)
        else:
            candidates = _candidates(group, settings.mode)
        if settings.synthetic_negatives > 0 and check is not None:
            first = group[0]
            rng = random.Random(f"{settings.seed}:{sample_id}")
            variants = misspelt_continuations(
                first.prefix, first.target, settings.synthetic_negatives, rng
            )
            if not variants:
                skipped["no declared identifier in the masked part"] += 1
            for variant in variants:
                if check(first.prefix + variant + first.suffix):
                    synthetic["compiled"] += 1  # the typo hit dead code or a string: no failure
                    continue
                synthetic["kept"] += 1
                candidates.append((first.target, "original", variant, SYNTHETIC_CATEGORY, True))
        seen: set[tuple[str, str]] = set()
        for chosen, chosen_from, rejected, category, is_synthetic in candidates:
            record = group[0]
            if rejected == chosen:
                skipped["rejected identical to chosen"] += 1
                continue
            if (chosen, rejected) in seen:
                skipped["duplicate rejected completion"] += 1
                continue
            seen.add((chosen, rejected))
            distance = distance_of(chosen, rejected)
            if distance < settings.min_edit_distance:
                skipped[f"edit distance below {settings.min_edit_distance}"] += 1
                continue
            masked = record.masked if record.masked is not None else record.prefix
            pairs.append(
                PreferencePair(
                    sample_id=sample_id,
                    problem_id=record.problem_id,
                    row=to_row(masked, chosen, rejected),
                    chosen=chosen,
                    rejected=rejected,
                    edit_distance=distance,
                    category=category,
                    chosen_from=chosen_from,
                    synthetic=is_synthetic,
                )
            )
    return pairs, _report(total, len(groups), pairs, skipped, synthetic)


def _candidates(group: list[JudgedCompletion], mode: str) -> list[tuple[str, str, str, str, bool]]:
    """(chosen, chosen_from, rejected, category, synthetic) for one sample's completions."""
    original = group[0].target
    if mode == "bad":
        return [
            (original, "original", r.completion, _category(r), False) for r in group if not r.passed
        ]
    # levels: clean > warnings > errors = timeout. The best chosen is a clean completion of the
    # model itself (on-policy, so DPO need not pull towards a style the model never writes).
    # A timeout ranks with errors, not between or below them: the compiler never finished, so
    # nothing says the program is better or worse than one that failed with errors, and a
    # program that does not compile must never be the chosen side. Both fail under any policy.
    clean = [r for r in group if r.level == "clean"]
    warned = [r for r in group if r.level == "warnings"]
    chosen, chosen_from = (
        (clean[0].completion, "completion:clean") if clean else (original, "original")
    )
    out = [
        (chosen, chosen_from, r.completion, _category(r), False)
        for r in group
        if r.level != "clean"
    ]
    if warned:
        out += [
            (warned[0].completion, "completion:warnings", r.completion, _category(r), False)
            for r in group
            if r.level in ("errors", "timeout")
        ]
    return out


GRADES = (*VERDICTS, "no_tests", "clean", "warnings")
"""What a tier of `preferences.order` may name."""


def tiers_of(order: tuple[str, ...]) -> dict[str, int]:
    """Grade -> its tier (0 is best) for `preferences.order`; refuses unknown or repeated names."""
    tiers: dict[str, int] = {}
    for rank, tier in enumerate(order):
        for name in (n.strip() for n in tier.split("|")):
            if name not in GRADES or name in tiers:
                problem = "repeats" if name in tiers else "names an unknown grade"
                raise TrainingError(
                    f"preferences.order {problem}: {name!r}",
                    f"use each of {', '.join(GRADES)} at most once; join a tier with '|'",
                )
            tiers[name] = rank
    if not tiers:
        raise TrainingError("preferences.order is empty", "name the tiers, best first")
    return tiers


def grade(record: JudgedCompletion) -> str:
    """A completion's grade: `compile_error` when it did not compile, else its tests' verdict;
    untested ones (no tests, or not run) by their compile level (clean, warnings)."""
    if record.level in ("errors", "timeout"):
        return "compile_error"
    if record.execution and record.execution != "no_tests":
        return record.execution
    return record.level


def _graded(
    group: list[JudgedCompletion], mode: str, tiers: dict[str, int], skipped: Counter[str]
) -> list[tuple[str, str, str, str, bool]]:
    """Pairs across tiers. The top is the best completion of the first tier, else the
    reference program; in mode 'levels' the best of each lower tier is also chosen over every
    completion below it, in mode 'bad' only the top is."""
    ranked: dict[int, list[JudgedCompletion]] = {}
    for r in group:
        tier = tiers.get(grade(r))
        if tier is None:
            skipped[f"grade {grade(r)} is not in preferences.order"] += 1
            continue
        ranked.setdefault(tier, []).append(r)
    best = ranked.get(0, [])
    top = (
        (best[0].completion, f"completion:{grade(best[0])}")
        if best
        else (group[0].target, "original")
    )
    out: list[tuple[str, str, str, str, bool]] = []
    heads = [top]  # chosen sides for the tiers still to come: always better than them
    for tier in sorted(t for t in ranked if t > 0):
        members = ranked[tier]
        for chosen, chosen_from in heads:
            out += [
                (chosen, chosen_from, r.completion, _graded_category(r), False) for r in members
            ]
        if mode == "levels":
            heads.append((members[0].completion, f"completion:{grade(members[0])}"))
    return out


def _graded_category(record: JudgedCompletion) -> str:
    verdict = grade(record)
    return verdict if verdict in VERDICTS and verdict != "compile_error" else _category(record)


def _category(record: JudgedCompletion) -> str:
    if record.categories:
        return record.categories[0]
    return record.level if record.level in ("warnings", "timeout") else "uncategorised"


def _report(
    records: int,
    samples: int,
    pairs: list[PreferencePair],
    skipped: Counter[str],
    synthetic: Counter[str],
) -> PairReport:
    distances = [p.edit_distance for p in pairs]
    return PairReport(
        records=records,
        samples=samples,
        pairs=len(pairs),
        skipped=dict(skipped),
        synthetic_kept=synthetic["kept"],
        synthetic_compiled=synthetic["compiled"],
        edit_distance_mean=statistics.fmean(distances) if distances else 0.0,
        edit_distance_median=float(statistics.median(distances)) if distances else 0.0,
        histogram=histogram(distances),
        categories=dict(Counter(p.category for p in pairs).most_common()),
    )


def histogram(distances: list[int]) -> tuple[tuple[str, int], ...]:
    """Counts per `HISTOGRAM_EDGES` bin, labelled "lo-hi" (inclusive) and "lo+" for the last."""
    edges = HISTOGRAM_EDGES
    labels = [f"{lo}-{hi - 1}" for lo, hi in zip(edges, edges[1:], strict=False)]
    labels.append(f"{edges[-1]}+")
    counts = [0] * len(labels)
    for d in distances:
        counts[sum(1 for edge in edges[1:] if d >= edge)] += 1
    return tuple(zip(labels, counts, strict=True))


def pairs_to_dataset(pairs: list[PreferencePair], *, with_meta: bool = False) -> Any:
    """A `datasets.Dataset` of the pairs' TRL rows (plus analysis columns when asked)."""
    from datasets import Dataset

    if not pairs:
        raise TrainingError(
            "no preference pairs to save",
            "check the pair report: every completion may have compiled",
        )
    rows = []
    for pair in pairs:
        row = dict(pair.row)
        if with_meta:
            row.update(
                sample_id=pair.sample_id,
                problem_id=pair.problem_id,
                edit_distance=pair.edit_distance,
                category=pair.category,
            )
        rows.append(row)
    return Dataset.from_list(rows)
