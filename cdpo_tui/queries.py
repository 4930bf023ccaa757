"""Read-only, paged SQL for the browsers: never more than one page of rows in memory.

The failure browser must stay responsive on 100,000 completions, so it pages with keyset
queries (`WHERE (key, id) > (?, ?) ORDER BY key, id LIMIT n`) rather than OFFSET, which
would re-read every skipped row. Each call opens its own read-only connection: calls run in
worker threads, and a SQLite connection must not be shared between threads.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cdpo_core.store import Sample, Store

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
            needle = f"%{self.search.strip()}%"
            clauses.append(
                "(v.first_error LIKE ? OR s.problem_id LIKE ? OR s.submission_id LIKE ?)"
            )
            args += [needle, needle, needle]
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

    @contextmanager
    def _db(self) -> Iterator[sqlite3.Connection]:
        store = Store(self.db_path, readonly=True)
        try:
            yield store.db
        finally:
            store.close()

    def count(self, filt: FailureFilter) -> int:
        where, args = filt.where()
        with self._db() as db:
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
        with self._db() as db:
            rows = db.execute(sql, [*args, limit]).fetchall()
            ids = [r[0] for r in rows]
            distances = _distances(db, ids)
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
        with self._db() as db:
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
        with self._db() as db:
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
            *r[:13],
            bool(r[13]),
            r[14],
            r[15],
            distance,
            diagnostics,  # type: ignore[arg-type]
        )

    def samples(self, split: str | None = None, limit: int = PAGE_SIZE) -> list[Sample]:
        """The first `limit` samples, for the dataset preview list."""
        where, args = (" WHERE split = ?", [split]) if split else ("", [])
        with self._db() as db:
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
