"""Read-only views of a session database: what the console shows, never what a stage writes.

The console's browsers, its run history, its curves and its "is anything running" checks all
read through here, so the store package holds every line of SQL the project runs. Each call
opens its own read-only connection: the console calls these in worker threads, and a SQLite
connection must not be shared between threads.

The failure browser must stay responsive on 100,000 completions, so it pages with keyset
queries (`WHERE (key, id) > (?, ?) ORDER BY key, id LIMIT n`) rather than OFFSET, which would
re-read every skipped row.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from cdpo_core.events import Event
from cdpo_core.locks import held_by_someone
from cdpo_core.oracle.diagnostics import Diagnostic
from cdpo_core.runner import effective_status
from cdpo_core.store import ExecutionTest, Run, Sample, Store

PAGE_SIZE = 200

SORT_KEYS: dict[str, str] = {
    "id": "c.id",
    "run": "c.run_id",
    "problem": "s.problem_id",
    "sample": "s.submission_id",
    "verdict": "v.level",
    "category": "v.category",
    "error": "v.first_error",
}
"""Columns the failure table sorts by, and the SQL each one sorts on."""

_FROM = (
    " FROM completions c JOIN verdicts v ON v.completion_id = c.id"
    " JOIN samples s ON s.id = c.sample_id JOIN runs r ON r.id = c.run_id"
)

Points = list[tuple[int, float]]


@contextmanager
def _db(db_path: Path) -> Iterator[sqlite3.Connection]:
    store = Store(db_path, readonly=True)
    try:
        yield store.db
    finally:
        store.close()


# -- the failure browser -----------------------------------------------------------------------


@dataclass(frozen=True)
class FailureFilter:
    """What the failure browser shows; None (or "") means no restriction."""

    run_id: int | None = None
    stage: str | None = None
    verdict: str | None = None
    category: str | None = None
    problem: str | None = None
    search: str = ""

    def where(self) -> tuple[str, list[Any]]:
        clauses: list[str] = []
        args: list[Any] = []
        if self.run_id is not None:
            clauses.append("c.run_id = ?")
            args.append(self.run_id)
        if self.stage:
            clauses.append("r.label = ?")
            args.append(self.stage)
        if self.verdict == "failed":
            clauses.append("v.passed = 0")
        elif self.verdict == "passed":
            clauses.append("v.passed = 1")
        elif self.verdict:
            clauses.append("v.level = ?")
            args.append(self.verdict)
        if self.category:
            clauses.append("v.category = ?")
            args.append(self.category)
        if self.problem:
            clauses.append("s.problem_id LIKE ?")
            args.append(self.problem.strip() + "%")
        if self.search.strip():
            # The program and every diagnostic too: a warning's text, a note ("to match this
            # '{'") or an identifier in the code is what a reader searches for.
            needle = f"%{self.search.strip()}%"
            clauses.append(
                "(v.first_error LIKE ? OR s.problem_id LIKE ? OR s.submission_id LIKE ?"
                " OR c.program LIKE ? OR EXISTS (SELECT 1 FROM diagnostics d"
                " WHERE d.completion_id = c.id AND (d.message LIKE ? OR d.children LIKE ?)))"
            )
            args += [needle] * 6
        return (" WHERE " + " AND ".join(clauses)) if clauses else "", args


@dataclass(frozen=True)
class FailureRow:
    """One row of the failure table."""

    completion_id: int
    run_id: int
    step: str
    stage: str
    problem_id: str
    submission_id: str
    seq: int
    level: str
    passed: bool
    category: str
    first_error: str
    edit_distance: int | None
    sort_value: Any

    @property
    def key(self) -> tuple[Any, int]:
        """The keyset position just after this row."""
        return (self.sort_value, self.completion_id)


@dataclass(frozen=True)
class Facets:
    """The choices the failure browser's filters offer."""

    runs: tuple[tuple[int, str], ...] = ()
    stages: tuple[str, ...] = ()
    verdicts: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()


EXPORT_HEADER = (
    "completion_id",
    "run_id",
    "step",
    "stage",
    "problem_id",
    "submission_id",
    "seq",
    "level",
    "passed",
    "category",
    "first_error",
)


@dataclass(frozen=True)
class ExecutionView:
    """A completion's run on its problem's tests: the worst verdict and each test."""

    verdict: str
    passed_tests: int
    total_tests: int
    sandbox: str
    tests: tuple[ExecutionTest, ...]


@dataclass(frozen=True)
class CompletionDetail:
    """Everything the detail panes show for one completion."""

    completion_id: int
    run_id: int
    step: str
    stage: str
    problem_id: str
    submission_id: str
    prompt: str
    continuation: str
    program: str
    original: str
    mask_start: int
    mask_end: int
    level: str
    passed: bool
    category: str
    first_error: str
    edit_distance: int | None
    diagnostics: tuple[dict[str, Any], ...] = field(default_factory=tuple)

    @property
    def error_lines(self) -> set[int]:
        return {d["line"] for d in self.diagnostics if d.get("line")}

    @property
    def mask_line(self) -> int:
        """1-based line of the original program where the masked tail begins."""
        return self.original.count("\n", 0, self.mask_start) + 1


class SessionQueries:
    """Paged read-only queries over one session database."""

    def __init__(self, db_path: Path) -> None:
        self.db_path = db_path

    def count(self, filt: FailureFilter) -> int:
        where, args = filt.where()
        with _db(self.db_path) as db:
            return int(db.execute("SELECT COUNT(*)" + _FROM + where, args).fetchone()[0])

    def page(
        self,
        filt: FailureFilter,
        *,
        sort: str = "id",
        descending: bool = False,
        after: tuple[Any, int] | None = None,
        limit: int = PAGE_SIZE,
    ) -> list[FailureRow]:
        """The `limit` rows that follow `after` (a `FailureRow.key`) in the chosen order."""
        key = SORT_KEYS[sort]
        where, args = filt.where()
        op, order = ("<", "DESC") if descending else (">", "ASC")
        if after is not None:
            where += (" AND " if where else " WHERE ") + f"({key}, c.id) {op} (?, ?)"
            args = [*args, *after]
        sql = (
            f"SELECT c.id, c.run_id, r.step, r.label, s.problem_id, s.submission_id, c.seq,"
            f" v.level, v.passed, v.category, v.first_error, {key} AS sort_value"
            + _FROM
            + where
            + f" ORDER BY {key} {order}, c.id {order} LIMIT ?"
        )
        with _db(self.db_path) as db:
            rows = db.execute(sql, [*args, limit]).fetchall()
            distances = _distances(db, [r[0] for r in rows])
        return [
            FailureRow(
                r[0],
                r[1],
                r[2],
                r[3],
                r[4],
                r[5],
                r[6],
                r[7],
                bool(r[8]),
                r[9],
                r[10],
                distances.get(r[0]),
                r[11],
            )
            for r in rows
        ]

    def facets(self) -> Facets:
        with _db(self.db_path) as db:
            runs = db.execute(
                "SELECT id, step, label FROM runs r WHERE EXISTS"
                " (SELECT 1 FROM completions c WHERE c.run_id = r.id) ORDER BY id"
            ).fetchall()
            categories = [
                r[0]
                for r in db.execute(
                    "SELECT DISTINCT category FROM verdicts WHERE category != '' ORDER BY 1"
                )
            ]
            levels = [r[0] for r in db.execute("SELECT DISTINCT level FROM verdicts ORDER BY 1")]
        return Facets(
            runs=tuple((r[0], f"#{r[0]} {r[1]} ({r[2]})") for r in runs),
            stages=tuple(sorted({r[2] for r in runs if r[2]})),
            verdicts=tuple(levels),
            categories=tuple(categories),
        )

    def detail(self, completion_id: int) -> CompletionDetail:
        with _db(self.db_path) as db:
            r = db.execute(
                "SELECT c.id, c.run_id, r.step, r.label, s.problem_id, s.submission_id,"
                " c.prompt, c.continuation, c.program, s.code, s.mask_start, s.mask_end,"
                " v.level, v.passed, v.category, v.first_error" + _FROM + " WHERE c.id = ?",
                (completion_id,),
            ).fetchone()
            if r is None:
                raise LookupError(f"no completion {completion_id}")
            diagnostics = tuple(
                dict(d)
                for d in db.execute(
                    "SELECT kind, message, line, col, option FROM diagnostics"
                    " WHERE completion_id = ? ORDER BY id",
                    (completion_id,),
                )
            )
            distance = _distances(db, [completion_id]).get(completion_id)
        return CompletionDetail(
            r[0],
            r[1],
            r[2],
            r[3],
            r[4],
            r[5],
            r[6],
            r[7],
            r[8],
            r[9],
            r[10],
            r[11],
            r[12],
            bool(r[13]),
            r[14],
            r[15],
            distance,
            diagnostics,
        )

    def diagnostics(self, completion_id: int) -> tuple[Diagnostic, ...]:
        """The completion's diagnostics in compiler order, each with its notes as children."""
        with _db(self.db_path) as db:
            rows = db.execute(
                "SELECT kind, message, line, col, option, children FROM diagnostics"
                " WHERE completion_id = ? ORDER BY id",
                (completion_id,),
            ).fetchall()
        return tuple(
            Diagnostic(
                kind=r[0],
                message=r[1],
                line=r[2],
                column=r[3],
                option=r[4],
                children=tuple(Diagnostic.from_dict(c) for c in json.loads(r[5] or "[]")),
            )
            for r in rows
        )

    def execution(self, completion_id: int) -> ExecutionView | None:
        """The completion's run on its tests, or None when its run was not executed."""
        with Store(self.db_path, readonly=True) as store:
            db = store.db
            if not db.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'executions'"
            ).fetchone():
                return None  # a session last written before executions existed
            row = db.execute(
                "SELECT verdict, passed_tests, total_tests, sandbox FROM executions"
                " WHERE completion_id = ?",
                (completion_id,),
            ).fetchone()
            if row is None:
                return None
            tests = tuple(store.execution_tests(completion_id))
        return ExecutionView(row[0], int(row[1]), int(row[2]), row[3], tests)

    def category_counts(self, filt: FailureFilter) -> list[tuple[str, int]]:
        """Failures per category under every filter but the category itself, most frequent
        first: the sidebar offers these to drill into, so its counts must not shrink to the
        one category already chosen."""
        where, args = replace(filt, category=None).where()
        where += (" AND " if where else " WHERE ") + "v.category != ''"
        with _db(self.db_path) as db:
            rows = db.execute(
                "SELECT v.category, COUNT(*)" + _FROM + where + " GROUP BY v.category"
                " ORDER BY COUNT(*) DESC, v.category",
                args,
            ).fetchall()
        return [(r[0], int(r[1])) for r in rows]

    def export_rows(self, filt: FailureFilter) -> Iterator[tuple[Any, ...]]:
        """Every row the filter selects (not only the page shown), as plain values for a CSV
        whose columns are `EXPORT_HEADER`."""
        where, args = filt.where()
        with _db(self.db_path) as db:
            yield from db.execute(
                "SELECT c.id, c.run_id, r.step, r.label, s.problem_id, s.submission_id, c.seq,"
                " v.level, v.passed, v.category, v.first_error" + _FROM + where + " ORDER BY c.id",
                args,
            )

    def samples(self, split: str | None = None, limit: int = PAGE_SIZE) -> list[Sample]:
        """The first `limit` samples, for the dataset preview list."""
        where, args = (" WHERE split = ?", [split]) if split else ("", [])
        with _db(self.db_path) as db:
            rows = db.execute(
                "SELECT * FROM samples" + where + " ORDER BY split DESC, id LIMIT ?",
                [*args, limit],
            ).fetchall()
        return [Sample(**dict(r)) for r in rows]


def _distances(db: sqlite3.Connection, ids: list[int]) -> dict[int, int]:
    """Edit distance of the preference pair built from each completion, where one exists."""
    if not ids:
        return {}
    marks = ",".join("?" * len(ids))
    rows = db.execute(
        f"SELECT completion_id, MIN(edit_distance) FROM pairs WHERE completion_id IN ({marks})"
        " GROUP BY completion_id",
        ids,
    )
    return {r[0]: r[1] for r in rows}


# -- what is running -----------------------------------------------------------------------------


def running_runs(db_path: Path) -> list[Run]:
    """Runs marked running whose process is alive (same pid, same start ticks), oldest first."""
    if not db_path.is_file():
        return []
    with _db(db_path) as db:
        rows = db.execute("SELECT * FROM runs WHERE status = 'running' ORDER BY id").fetchall()
    runs = [Run.from_row(r) for r in rows]
    return [r for r in runs if effective_status(r) == "running"]


def busy_steps(session_path: Path) -> list[str]:
    """The steps of the session at `session_path` that run now, in any process.

    A step runs while a live process holds its lock (`cdpo_core.locks`), or while its run's
    recorded process is alive; either is enough, so a stage that has taken its lock but not
    yet written its run, or one from before locks existed, both count.
    """
    locks = session_path / "locks"
    held = (
        {p.stem for p in locks.glob("*.lock") if p.stem != "session"} if locks.is_dir() else set()
    )
    busy = {step for step in held if held_by_someone(session_path, step)}
    busy |= {r.step for r in running_runs(session_path / "session.db")}
    return sorted(busy)


# -- run history -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Attempt:
    """One process's go at a run: a resumed run has several. `ended` is None while it runs."""

    started: float
    ended: float | None


@dataclass(frozen=True)
class RunRecord:
    """A run as the history shows it: its row, its attempts and how it stands now."""

    run: Run
    status: str
    attempts: tuple[Attempt, ...]
    hint: str = ""

    def duration(self, now: float) -> float | None:
        """The time its attempts took (a running one up to `now`), not the time since the
        first start: the hours a resumed run sat cancelled are not its duration."""
        if not self.attempts:
            return None
        return sum((now if a.ended is None else a.ended) - a.started for a in self.attempts)


def _attempts(db: sqlite3.Connection, runs: list[Run]) -> dict[int, tuple[Attempt, ...]]:
    """Attempts from the stored events: each `stage_started` opens one, which lasts to its
    last event; the last attempt of an ended run lasts to the run's end. A run without events
    (written by other tools) is one attempt from its start to its end."""
    if not runs:
        return {}
    marks = ",".join("?" * len(runs))
    rows = db.execute(
        "SELECT run_id, attempt, MIN(ts), MAX(ts) FROM ("
        " SELECT run_id, ts, SUM(type = 'stage_started') OVER"
        " (PARTITION BY run_id ORDER BY id ROWS UNBOUNDED PRECEDING) AS attempt"
        f" FROM events WHERE run_id IN ({marks}))"
        " WHERE attempt > 0 GROUP BY run_id, attempt ORDER BY run_id, attempt",
        [r.id for r in runs],
    ).fetchall()
    spans: dict[int, list[tuple[float, float]]] = {}
    for run_id, _, first, last in rows:
        spans.setdefault(run_id, []).append((first, last))
    out: dict[int, tuple[Attempt, ...]] = {}
    for run in runs:
        status = effective_status(run)
        found = spans.get(run.id)
        if not found:
            end = run.ended if status != "running" else None
            out[run.id] = (Attempt(run.started, end),)
            continue
        attempts = [Attempt(first, last) for first, last in found]
        first, last = found[-1]
        if status == "running":
            attempts[-1] = Attempt(first, None)
        elif run.ended is not None and run.ended >= first:
            attempts[-1] = Attempt(first, max(last, run.ended))
        out[run.id] = tuple(attempts)
    return out


def _hints(db: sqlite3.Connection, runs: list[Run]) -> dict[int, str]:
    """The hint of each failed run's last `stage_failed` event (what to do about it)."""
    failed = [r.id for r in runs if r.status in ("failed", "cancelled")]
    if not failed:
        return {}
    marks = ",".join("?" * len(failed))
    rows = db.execute(
        "SELECT run_id, json_extract(payload, '$.hint') FROM events WHERE id IN"
        f" (SELECT MAX(id) FROM events WHERE type = 'stage_failed' AND run_id IN ({marks})"
        " GROUP BY run_id)",
        failed,
    )
    return {r[0]: r[1] or "" for r in rows}


def run_records(db_path: Path, steps: Iterable[str] | None = None) -> list[RunRecord]:
    """Every run of the session (or of `steps`), oldest first, with attempts and hints."""
    with _db(db_path) as db:
        if steps is None:
            rows = db.execute("SELECT * FROM runs ORDER BY id").fetchall()
        else:
            wanted = list(steps)
            marks = ",".join("?" * len(wanted)) or "NULL"
            rows = db.execute(
                f"SELECT * FROM runs WHERE step IN ({marks}) ORDER BY id", wanted
            ).fetchall()
        runs = [Run.from_row(r) for r in rows]
        attempts = _attempts(db, runs)
        hints = _hints(db, runs)
    return [
        RunRecord(r, effective_status(r), attempts.get(r.id, ()), hints.get(r.id, "")) for r in runs
    ]


@dataclass(frozen=True)
class StoredLog:
    """A run's recorded events, parsed, in the order the stage reported them."""

    events: tuple[Event, ...]


def stored_events(db_path: Path, run_id: int, after_id: int = 0) -> list[tuple[int, Event]]:
    """The run's recorded events after `after_id`, parsed, with their ids (unknown ones are
    skipped: a newer cdpo may record types this one does not know)."""
    with _db(db_path) as db:
        rows = db.execute(
            "SELECT id, payload FROM events WHERE run_id = ? AND id > ? ORDER BY id",
            (run_id, after_id),
        ).fetchall()
    out = []
    for event_id, payload in rows:
        try:
            out.append((int(event_id), Event.from_json(payload)))
        except ValueError:
            continue
    return out


def stored_log(db_path: Path, run_id: int) -> StoredLog:
    """What the run reported, replayed from the `events` table."""
    return StoredLog(tuple(e for _, e in stored_events(db_path, run_id)))


def latest_run(db_path: Path) -> Run | None:
    """The session's most recent run of any step, for a log pane opened after a restart."""
    with _db(db_path) as db:
        row = db.execute("SELECT * FROM runs ORDER BY id DESC LIMIT 1").fetchone()
    return Run.from_row(row) if row else None


def run_status(db_path: Path, run_id: int) -> str:
    """How the run stands now (`running` only while its process lives)."""
    with Store(db_path, readonly=True) as store:
        return effective_status(store.run(run_id))


# -- curves ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Curve:
    """One metric of one training run, for plots that overlay runs and sessions."""

    session: str
    run_id: int
    step: str
    kind: str
    metric: str
    points: tuple[tuple[int, float], ...]

    @property
    def label(self) -> str:
        return f"{self.session} · {self.step} #{self.run_id}"


def curves(db_path: Path, session: str, metrics: Iterable[str]) -> list[Curve]:
    """Every stored run's series of `metrics`, in run order, one `Curve` per run and metric."""
    names = list(metrics)
    if not names or not db_path.is_file():
        return []
    marks = ",".join("?" * len(names))
    with _db(db_path) as db:
        rows = db.execute(
            "SELECT m.run_id, r.step, r.kind, m.name, m.step, m.value FROM metrics m"
            f" JOIN runs r ON r.id = m.run_id WHERE m.name IN ({marks})"
            " ORDER BY m.run_id, m.name, m.step",
            names,
        ).fetchall()
    grouped: dict[tuple[int, str], list[Any]] = {}
    for run_id, step, kind, name, at, value in rows:
        grouped.setdefault((run_id, name), [step, kind]).append((int(at), float(value)))
    return [
        Curve(session, run_id, data[0], data[1], name, tuple(data[2:]))
        for (run_id, name), data in grouped.items()
    ]
