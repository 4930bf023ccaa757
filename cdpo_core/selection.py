"""Choose the train and test programs of a session, as the paper does (section 5).

Per problem, k distinct accepted programs for training and j for testing, every one of which
compiles under the session's policy: a program that fails the oracle would teach the model
that failing code is "chosen", and would make compile success on the test split meaningless.

Determinism comes from hashing, not from input order: every submission gets a priority from
``hash(seed, problem, submission)`` and every problem one from ``hash(seed, problem)``, so the
same data and seed select the same programs whether they arrive sorted, shuffled or from a
different layout. Compiles cost about 0.3 s each, so candidates are compiled lazily, in
priority order, a batch at a time and only as many as a problem still needs.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from cdpo_core.codenet import IngestReport, Submission, plural
from cdpo_core.errors import CdpoError
from cdpo_core.events import Emit, LogLine, Progress, discard

Check = Callable[[Sequence[str]], Sequence[bool]]
"""The compiler oracle as selection sees it: a batch of programs -> passed flags."""

ProblemCheck = Callable[[str, Sequence[str]], str | None]
"""A check of a problem once its programs are chosen: (problem id, programs) -> why it is
skipped (a reason starting with "problem "), or None to keep it. `require_reference_pass` runs
the chosen programs on the problem's tests with one."""

REASON_DUPLICATE_CODE = "duplicate code"
REASON_NO_COMPILE = "does not compile under the session policy"
REASON_TOO_SHORT = "shorter than min_chars"
REASON_TOO_LONG = "longer than max_chars"
REASON_OVER_CAP = "problem beyond max_problems"
REASON_NONE_COMPILES = "problem with no program that compiles"
REASON_NO_TESTS = "problem without tests"
_PROBLEM_REASON = "problem "
"""Reasons about a whole problem start with this; every other reason is about one program."""

_STAGE = "prep"
_READ_PROGRESS_EVERY = 1000


class SelectionError(CdpoError, ValueError):
    """Settings or a check callable that cannot give a selection; the message says which."""


@dataclass(frozen=True)
class SelectionSettings:
    """How samples are chosen from CodeNet (paper defaults)."""

    language: str = field(
        default="C++", metadata={"help": "Language to keep (CodeNet's `language` column)."}
    )
    status: str = field(
        default="Accepted",
        metadata={"help": "Judge status to keep; the paper uses accepted submissions only."},
    )
    train_per_problem: int = field(
        default=5, metadata={"help": "k: training programs per problem (paper: 5)."}
    )
    test_per_problem: int = field(
        default=2, metadata={"help": "j: test programs per problem (paper: 2)."}
    )
    seed: int = field(
        default=0,
        metadata={"help": "Seed of the choice of programs and problems; same seed, same samples."},
    )
    max_problems: int | None = field(
        default=None,
        metadata={"help": "Keep at most this many problems, chosen by seed (none: all)."},
    )
    max_chars: int | None = field(
        default=None,
        metadata={"help": "Skip programs longer than this many characters (none: no limit)."},
    )
    min_chars: int = field(
        default=1, metadata={"help": "Skip programs shorter than this many characters."}
    )
    require_full: bool = field(
        default=True,
        metadata={
            "help": "Skip problems with fewer than k+j programs that compile; off keeps them "
            "with what they have (training filled first)."
        },
    )
    candidates_per_problem: int = field(
        default=64,
        metadata={
            "help": "Distinct programs per problem held in memory as compile candidates (the "
            "first ones in seeded order); bounds memory on the full dataset."
        },
    )
    compile_batch: int = field(
        default=32,
        metadata={"help": "Programs sent to the compiler oracle per call (its parallelism)."},
    )
    require_tests: bool = field(
        default=False,
        metadata={
            "help": "Keep only problems with tests (the description's samples, CodeNet's "
            "derived sample or a JSONL `tests` field); off keeps the others, which are judged "
            "by compiling only. Either way prep reports how many have none."
        },
    )
    require_reference_pass: bool = field(
        default=False,
        metadata={
            "help": "Run the chosen programs (accepted references) on their problem's tests, "
            "sandboxed, and skip a problem where one fails: a broken test is caught before it "
            "grades a model. Problems without tests have nothing to fail (see require_tests)."
        },
    )

    def __post_init__(self) -> None:
        for name in ("train_per_problem", "test_per_problem", "min_chars"):
            if getattr(self, name) < 0:
                raise SelectionError(f"{name} must be 0 or more, got {getattr(self, name)}")
        if self.train_per_problem + self.test_per_problem == 0:
            raise SelectionError("train_per_problem + test_per_problem must be at least 1")
        for name in ("max_problems", "max_chars"):
            value = getattr(self, name)
            if value is not None and value < 1:
                raise SelectionError(f"{name} must be 1 or more (or unset), got {value}")
        if self.candidates_per_problem < self.per_problem:
            raise SelectionError(
                f"candidates_per_problem ({self.candidates_per_problem}) must be at least "
                f"train_per_problem + test_per_problem ({self.per_problem})"
            )
        if self.compile_batch < 1:
            raise SelectionError(f"compile_batch must be 1 or more, got {self.compile_batch}")

    @property
    def per_problem(self) -> int:
        """k + j: the programs a full problem contributes."""
        return self.train_per_problem + self.test_per_problem


@dataclass(frozen=True)
class SelectedSample:
    """One chosen program; `split` is "train" or "test"."""

    problem_id: str
    submission_id: str
    split: str
    code: str


@dataclass
class SelectionReport:
    """What selection saw and why it left things out.

    Attributes:
        submissions_seen: Submissions handed to `select`.
        problems_seen: Distinct problems among them.
        problems_kept: Problems that contributed samples.
        compiled: Programs sent to the oracle (the cost of the selection).
        skipped: Reason -> count, for submissions and problems alike: a reason about a problem
            starts with "problem " (e.g. `REASON_NONE_COMPILES`), the others count programs.
        ingest: The reader's report, when the caller passes it, so one summary tells all.
    """

    submissions_seen: int = 0
    problems_seen: int = 0
    problems_kept: int = 0
    compiled: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    ingest: IngestReport | None = None

    def lines(self) -> list[str]:
        """A human summary, reading first when known."""
        out = self.ingest.lines() if self.ingest is not None else []
        out.append(
            f"selection: {self.submissions_seen} submissions over {self.problems_seen} problems;"
            f" kept {self.problems_kept} problems; compiled {self.compiled}"
        )
        for reason, count in self.skipped.most_common():
            if reason.startswith(_PROBLEM_REASON):
                # "problem with ..." -> "46 problems with ...", "1 problem with ..."
                rest = reason.removeprefix(_PROBLEM_REASON)
                out.append(f"  skipped {plural(count, 'problem')} {rest}")
            else:
                out.append(f"  skipped {plural(count, 'program')}: {reason}")
        return out


@dataclass
class Selection:
    """The chosen samples, in problem order then seeded order, and the report."""

    train: list[SelectedSample]
    test: list[SelectedSample]
    report: SelectionReport


class _Verdict(Protocol):
    @property
    def passed(self) -> bool: ...  # read-only, as on the oracle's frozen Verdict


class _Oracle(Protocol):
    def check_many(self, codes: Sequence[str]) -> Sequence[_Verdict]: ...


def oracle_check(oracle: _Oracle) -> Check:
    """Adapt the compiler oracle (`check_many` -> verdicts) to the `Check` that `select` calls.

    Selection and evaluation must share one oracle so that they can never disagree about what
    compiles; this is the one place that joins them.
    """

    def check(codes: Sequence[str]) -> list[bool]:
        return [verdict.passed for verdict in oracle.check_many(codes)]

    return check


def _priority(*parts: object) -> int:
    """A seeded, order-free rank: the same parts always give the same number."""
    key = "\x00".join(str(p) for p in parts).encode("utf-8")
    return int.from_bytes(hashlib.blake2b(key, digest_size=8).digest(), "big")


@dataclass
class _Candidate:
    rank: tuple[int, str]
    submission_id: str
    code: str
    digest: bytes


class _Pool:
    """One problem's distinct programs: the best `size` by rank, with every duplicate counted.

    A digest per distinct program is kept (to count duplicates exactly), code only for the
    best `size`. Among copies of one program the best-ranked copy represents it, so the
    result does not depend on which copy came first.
    """

    def __init__(self, size: int) -> None:
        self.size = size
        self.best_rank: dict[bytes, tuple[int, str]] = {}
        self.kept: dict[bytes, _Candidate] = {}
        self.duplicates = 0
        self._worst: tuple[int, str] | None = None  # worst rank in `kept` once it is full

    def add(self, rank: tuple[int, str], submission_id: str, code: str) -> None:
        digest = hashlib.blake2b(
            code.strip().encode("utf-8", "surrogatepass"), digest_size=16
        ).digest()
        previous = self.best_rank.get(digest)
        if previous is not None:
            self.duplicates += 1
            if previous <= rank:
                return
        self.best_rank[digest] = rank
        if digest in self.kept:
            self.kept[digest] = _Candidate(rank, submission_id, code, digest)
            self._worst = None
            return
        if len(self.kept) >= self.size:
            if self._worst is None:
                self._worst = max(c.rank for c in self.kept.values())
            if rank >= self._worst:
                return
            worst = next(d for d, c in self.kept.items() if c.rank == self._worst)
            del self.kept[worst]
            self._worst = None
        self.kept[digest] = _Candidate(rank, submission_id, code, digest)

    def ordered(self) -> list[_Candidate]:
        return sorted(self.kept.values(), key=lambda c: c.rank)


@dataclass
class _Problem:
    """A problem being filled: its candidates in seeded order and the ones that passed."""

    problem_id: str
    candidates: list[_Candidate]
    passed: list[_Candidate] = field(default_factory=list)
    tried: int = 0

    def remaining(self, need: int) -> int:
        return min(need - len(self.passed), len(self.candidates) - self.tried)


def select(
    submissions: Iterable[Submission],
    settings: SelectionSettings,
    check: Check,
    *,
    emit: Emit = discard,
    ingest_report: IngestReport | None = None,
    has_tests: Callable[[str], bool] | None = None,
    reference_check: ProblemCheck | None = None,
) -> Selection:
    """Choose k train and j test programs per problem, each distinct and each compiling.

    Args:
        submissions: Any iterable, usually `codenet.read_submissions`; order does not matter.
        settings: Counts, caps and seed.
        check: The compiler oracle (see `oracle_check`); called in batches, lazily.
        emit: Receives `Progress` events of stage "prep" (submissions read, problems done).
        ingest_report: The reader's report, carried into the selection report.
        has_tests: Whether a problem has tests; asked after `submissions` is exhausted (so a
            reader that meets the tests as it goes has met them all). Needed by
            `settings.require_tests`.
        reference_check: Run on each problem once its programs are chosen, before it counts
            towards `max_problems`; a problem it rejects is skipped under its reason and the
            next one takes its place. Needed by `settings.require_reference_pass`.

    Raises:
        SelectionError: When `check` answers a batch with the wrong number of flags, or a
            setting needs a callable that was not given.
    """
    if settings.require_tests and has_tests is None:
        raise SelectionError("selection.require_tests needs the problems' tests (has_tests)")
    if settings.require_reference_pass and reference_check is None:
        raise SelectionError(
            "selection.require_reference_pass needs a judge of the problems' tests"
            " (reference_check)"
        )
    report = SelectionReport(ingest=ingest_report)
    pools = _gather(submissions, settings, report, emit)
    report.problems_seen = len(pools)
    report.skipped[REASON_DUPLICATE_CODE] += sum(p.duplicates for p in pools.values())

    need = settings.per_problem
    order = sorted(pools, key=lambda pid: (_priority(settings.seed, pid), pid))
    queue: list[_Problem] = []
    for problem_id in order:
        candidates = pools[problem_id].ordered()
        if settings.require_full and len(candidates) < need:
            report.skipped[f"problem with fewer than {need} distinct programs"] += 1
        elif settings.require_tests and has_tests is not None and not has_tests(problem_id):
            report.skipped[REASON_NO_TESTS] += 1
        else:
            queue.append(_Problem(problem_id, candidates))
    pools.clear()

    verify = reference_check if settings.require_reference_pass else None
    kept = _fill(queue, settings, check, report, emit, verify)
    train: list[SelectedSample] = []
    test: list[SelectedSample] = []
    for problem in sorted(kept, key=lambda p: p.problem_id):
        for i, cand in enumerate(problem.passed):
            split, out = ("train", train) if i < settings.train_per_problem else ("test", test)
            out.append(SelectedSample(problem.problem_id, cand.submission_id, split, cand.code))
    report.problems_kept = len(kept)
    report.skipped = Counter({k: v for k, v in report.skipped.items() if v})
    for line in report.lines():
        emit(LogLine(stage=_STAGE, message=line))
    return Selection(train=train, test=test, report=report)


def _gather(
    submissions: Iterable[Submission],
    settings: SelectionSettings,
    report: SelectionReport,
    emit: Emit,
) -> dict[str, _Pool]:
    """Group the usable submissions by problem, filtering and de-duplicating as they come."""
    pools: dict[str, _Pool] = {}
    for sub in submissions:
        report.submissions_seen += 1
        if report.submissions_seen % _READ_PROGRESS_EVERY == 0:
            emit(Progress(stage=_STAGE, done=report.submissions_seen, unit="submissions"))
        if sub.language != settings.language:
            report.skipped[f"not {settings.language}"] += 1
            continue
        if sub.status != settings.status:
            report.skipped[f"not {settings.status}"] += 1
            continue
        length = len(sub.code.strip())
        if length < settings.min_chars:
            report.skipped[REASON_TOO_SHORT] += 1
            continue
        if settings.max_chars is not None and length > settings.max_chars:
            report.skipped[REASON_TOO_LONG] += 1
            continue
        pool = pools.get(sub.problem_id)
        if pool is None:
            pool = pools[sub.problem_id] = _Pool(settings.candidates_per_problem)
        rank = (_priority(settings.seed, sub.problem_id, sub.submission_id), sub.submission_id)
        pool.add(rank, sub.submission_id, sub.code)
    emit(Progress(stage=_STAGE, done=report.submissions_seen, unit="submissions"))
    return pools


def _fill(
    queue: list[_Problem],
    settings: SelectionSettings,
    check: Check,
    report: SelectionReport,
    emit: Emit,
    verify: ProblemCheck | None = None,
) -> list[_Problem]:
    """Compile candidates in seeded order until each problem is full or out of candidates.

    A window of problems is filled together so that each oracle call carries about
    `compile_batch` programs. Problems are decided strictly in seeded order, which keeps the
    cap and the cross-problem rule (a program already chosen for an earlier problem is a
    duplicate, so no program can sit in both splits) independent of the window. `verify`
    judges a problem that is otherwise kept; one it rejects leaves its place to the next.
    """
    need = settings.per_problem
    cap = settings.max_problems if settings.max_problems is not None else len(queue)
    window_size = max(1, settings.compile_batch // need)
    taken: set[bytes] = set()
    kept: list[_Problem] = []
    active: list[_Problem] = []
    position = done = 0
    total = len(queue)
    while (active or position < len(queue)) and len(kept) < cap:
        while position < len(queue) and len(active) < min(window_size, cap - len(kept)):
            active.append(queue[position])
            position += 1
        batch = _next_batch(active, need, taken, report)
        if batch:
            flags = list(check([cand.code for _, cand in batch]))
            if len(flags) != len(batch):
                raise SelectionError(
                    f"the compile check answered {len(flags)} flags for {len(batch)} programs"
                )
            report.compiled += len(batch)
            for (problem, cand), ok in zip(batch, flags, strict=True):
                if ok:
                    problem.passed.append(cand)
                else:
                    report.skipped[REASON_NO_COMPILE] += 1
        while active and len(kept) < cap:
            front = active[0]
            # Passes chosen meanwhile by an earlier problem are duplicates after all.
            clash = [c for c in front.passed if c.digest in taken]
            if clash:
                report.skipped[REASON_DUPLICATE_CODE] += len(clash)
                front.passed = [c for c in front.passed if c.digest not in taken]
            if front.remaining(need) > 0:
                break
            active.pop(0)
            done += 1
            if len(front.passed) == need or (front.passed and not settings.require_full):
                why = verify(front.problem_id, [c.code for c in front.passed]) if verify else None
                if why is None:
                    kept.append(front)
                    taken.update(c.digest for c in front.passed)
                else:
                    report.skipped[why] += 1
            elif front.passed:
                short = f"problem with fewer than {need} distinct programs that compile"
                report.skipped[short] += 1
            else:
                report.skipped[REASON_NONE_COMPILES] += 1
            emit(Progress(stage=_STAGE, done=done, total=total, unit="problems"))
    report.skipped[REASON_OVER_CAP] += total - done
    return kept


def _next_batch(
    active: list[_Problem], need: int, taken: set[bytes], report: SelectionReport
) -> list[tuple[_Problem, _Candidate]]:
    """The next candidates of each active problem, as many as it still needs, in seeded order."""
    batch: list[tuple[_Problem, _Candidate]] = []
    for problem in active:
        want = need - len(problem.passed)
        while want > 0 and problem.tried < len(problem.candidates):
            cand = problem.candidates[problem.tried]
            problem.tried += 1
            if cand.digest in taken:  # chosen for an earlier problem: no need to compile it
                report.skipped[REASON_DUPLICATE_CODE] += 1
                continue
            batch.append((problem, cand))
            want -= 1
    return batch
