"""The session database: one SQLite file per session, WAL mode, versioned schema.

Everything a table or a browser shows is read from here, so a session copied to another machine
shows the same. Stages write in short transactions as they go (a killed process leaves a consistent
store, and a re-run continues from what was committed); the console reads concurrently, which is
what WAL is for.

The schema version is `PRAGMA user_version`, moved forward by the ordered `MIGRATIONS` (as the
oracle's verdict cache does). Version 1 databases kept it in a `meta` row; they are read as 1.
A store is created only by `Session.create`: opening a missing or empty file is refused, so a
lost `session.db` is never silently replaced by an empty one.
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

from cdpo_core.errors import CdpoError
from cdpo_core.fingerprint import digest
from cdpo_core.judge.tests import ProblemTests, TestCase

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS samples (
    id INTEGER PRIMARY KEY,
    problem_id TEXT NOT NULL,
    submission_id TEXT NOT NULL UNIQUE,
    split TEXT NOT NULL CHECK (split IN ('train', 'test')),
    code TEXT NOT NULL,
    prefix TEXT NOT NULL,
    target TEXT NOT NULL,
    suffix TEXT NOT NULL DEFAULT '',
    mask_start INTEGER NOT NULL,
    mask_end INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS samples_split ON samples (split, problem_id);
CREATE TABLE IF NOT EXISTS runs (
    id INTEGER PRIMARY KEY,
    step TEXT NOT NULL,
    kind TEXT NOT NULL,
    label TEXT NOT NULL DEFAULT '',
    model TEXT NOT NULL DEFAULT '',
    split TEXT,
    settings TEXT NOT NULL DEFAULT '{}',
    status TEXT NOT NULL CHECK (status IN ('running', 'done', 'failed', 'cancelled')),
    started REAL NOT NULL,
    ended REAL,
    pid INTEGER,
    summary TEXT NOT NULL DEFAULT '{}',
    error TEXT NOT NULL DEFAULT '',
    artifact TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS runs_step ON runs (step, id);
CREATE TABLE IF NOT EXISTS completions (
    id INTEGER PRIMARY KEY,
    run_id INTEGER NOT NULL REFERENCES runs (id),
    sample_id INTEGER NOT NULL REFERENCES samples (id),
    seq INTEGER NOT NULL DEFAULT 0,
    prompt TEXT NOT NULL,
    output TEXT NOT NULL,
    continuation TEXT NOT NULL,
    program TEXT NOT NULL,
    new_tokens INTEGER NOT NULL DEFAULT 0,
    seconds REAL NOT NULL DEFAULT 0,
    UNIQUE (run_id, sample_id, seq)
);
CREATE INDEX IF NOT EXISTS completions_run ON completions (run_id, id);
CREATE TABLE IF NOT EXISTS verdicts (
    completion_id INTEGER PRIMARY KEY REFERENCES completions (id),
    level TEXT NOT NULL,
    passed INTEGER NOT NULL,
    category TEXT NOT NULL DEFAULT '',
    categories TEXT NOT NULL DEFAULT '[]',
    first_error TEXT NOT NULL DEFAULT '',
    compile_seconds REAL NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS verdicts_level ON verdicts (passed, category);
CREATE TABLE IF NOT EXISTS diagnostics (
    id INTEGER PRIMARY KEY,
    completion_id INTEGER NOT NULL REFERENCES completions (id),
    kind TEXT NOT NULL,
    message TEXT NOT NULL,
    line INTEGER,
    col INTEGER,
    option TEXT,
    children TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX IF NOT EXISTS diagnostics_completion ON diagnostics (completion_id);
CREATE TABLE IF NOT EXISTS pairs (
    id INTEGER PRIMARY KEY,
    run_id INTEGER NOT NULL REFERENCES runs (id),
    sample_id INTEGER NOT NULL REFERENCES samples (id),
    completion_id INTEGER REFERENCES completions (id),
    source TEXT NOT NULL DEFAULT 'model',
    chosen TEXT NOT NULL,
    rejected TEXT NOT NULL,
    edit_distance INTEGER NOT NULL,
    category TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS pairs_run ON pairs (run_id);
CREATE INDEX IF NOT EXISTS pairs_completion ON pairs (completion_id);
CREATE TABLE IF NOT EXISTS metrics (
    run_id INTEGER NOT NULL REFERENCES runs (id),
    step INTEGER NOT NULL,
    name TEXT NOT NULL,
    value REAL NOT NULL,
    PRIMARY KEY (run_id, step, name)
);
CREATE TABLE IF NOT EXISTS events (
    id INTEGER PRIMARY KEY,
    run_id INTEGER REFERENCES runs (id),
    ts REAL NOT NULL,
    type TEXT NOT NULL,
    payload TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS events_run ON events (run_id, id);
"""

MIGRATIONS: tuple[str, ...] = (
    SCHEMA,
    # 2: a run's input fingerprint (resume only with the same inputs) and its process's start
    # time in clock ticks since boot (a reused pid never reads as the run still going).
    """
    ALTER TABLE runs ADD COLUMN fingerprint TEXT NOT NULL DEFAULT '{}';
    ALTER TABLE runs ADD COLUMN pid_started REAL;
    """,
    # 3: the selected problems' tests and limits, written by prep (see `replace_tests`).
    """
    CREATE TABLE problem_limits (
        problem_id TEXT PRIMARY KEY,
        time_limit_s REAL,
        memory_limit_mb INTEGER,
        source TEXT NOT NULL
    );
    CREATE TABLE tests (
        problem_id TEXT NOT NULL REFERENCES problem_limits (problem_id),
        seq INTEGER NOT NULL,
        name TEXT NOT NULL,
        input TEXT NOT NULL,
        output TEXT NOT NULL,
        PRIMARY KEY (problem_id, seq)
    );
    """,
    # 4: each compiled completion run on its problem's tests (see `add_executions`).
    """
    CREATE TABLE executions (
        completion_id INTEGER PRIMARY KEY REFERENCES completions (id),
        verdict TEXT NOT NULL,
        passed_tests INTEGER NOT NULL,
        total_tests INTEGER NOT NULL,
        sandbox TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX executions_verdict ON executions (verdict);
    CREATE TABLE execution_tests (
        completion_id INTEGER NOT NULL REFERENCES executions (completion_id),
        seq INTEGER NOT NULL,
        name TEXT NOT NULL,
        verdict TEXT NOT NULL,
        time_s REAL NOT NULL,
        detail TEXT NOT NULL DEFAULT '',
        input TEXT NOT NULL DEFAULT '',
        expected TEXT NOT NULL DEFAULT '',
        actual TEXT NOT NULL DEFAULT '',
        PRIMARY KEY (completion_id, seq)
    );
    """,
)
"""Migration i takes a database from version i to i + 1; never edit one that has shipped."""

SCHEMA_VERSION = len(MIGRATIONS)


class StoreError(CdpoError):
    """The session database cannot be used as it is (newer schema, not a cdpo database)."""


@dataclass(frozen=True)
class Run:
    """One row of `runs`: a stage execution."""

    id: int
    step: str
    kind: str
    label: str
    model: str
    split: str | None
    settings: dict[str, Any]
    status: str
    started: float
    ended: float | None
    pid: int | None
    summary: dict[str, Any]
    error: str
    artifact: str
    fingerprint: dict[str, str]
    pid_started: float | None

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> Run:
        data = dict(row)
        # A read-only store cannot migrate, so a version-1 database lacks the newer columns.
        data.setdefault("fingerprint", "{}")
        data.setdefault("pid_started", None)
        for key in ("settings", "summary", "fingerprint"):
            data[key] = json.loads(data[key])
        return cls(**data)

    @property
    def duration(self) -> float | None:
        return None if self.ended is None else self.ended - self.started


@dataclass(frozen=True)
class Sample:
    """One selected program with its mask."""

    id: int
    problem_id: str
    submission_id: str
    split: str
    code: str
    prefix: str
    target: str
    suffix: str
    mask_start: int
    mask_end: int


@dataclass(frozen=True)
class CompletionRecord:
    """What an evaluation writes for one generated completion and its verdict."""

    sample_id: int
    seq: int
    prompt: str
    output: str
    continuation: str
    program: str
    new_tokens: int
    seconds: float
    level: str
    passed: bool
    categories: tuple[str, ...]
    first_error: str
    compile_seconds: float
    diagnostics: tuple[dict[str, Any], ...] = ()


@dataclass(frozen=True)
class ExecutionTest:
    """One test of an executed completion, as stored.

    `input`, `expected` and `actual` are kept (truncated to `stages.execute.KEPT_CHARS`) for
    the first failing test only: the failure browser shows that one, and storing every
    passing test's text would grow the database by the tests' size for every completion.
    """

    name: str
    verdict: str
    time_s: float
    detail: str = ""
    input: str = ""
    expected: str = ""
    actual: str = ""


@dataclass(frozen=True)
class ExecutionRecord:
    """What the execute phase writes for one completion: its verdict over all its tests."""

    completion_id: int
    verdict: str
    passed_tests: int
    total_tests: int
    sandbox: str = ""
    tests: tuple[ExecutionTest, ...] = ()


class Store:
    """A connection to one session database. Not shared across threads; open one per thread."""

    def __init__(self, path: Path, *, readonly: bool = False, create: bool = False) -> None:
        self.path = Path(path)
        self._refuse_missing_or_empty(create)
        try:
            self.db = self._connect(readonly)
            self.db.row_factory = sqlite3.Row
            if readonly:
                self._check_version()
            else:
                self.db.execute("PRAGMA journal_mode=WAL")
                self.db.execute("PRAGMA synchronous=NORMAL")
                self._migrate()
        except sqlite3.DatabaseError as exc:
            raise StoreError(
                f"{self.path} is not a cdpo session database ({exc})",
                "the datasets/ and runs/ folders beside it are intact; restore the file from a "
                "copy, or move the session aside and create a new one with `cdpo init`",
            ) from exc

    def _refuse_missing_or_empty(self, create: bool) -> None:
        if create:
            return
        recover = (
            f"the datasets/ and runs/ folders in {self.path.parent} are intact; restore "
            "session.db from a copy, or move the session aside and start a new one with "
            "`cdpo init` (never over the old folder)"
        )
        if not self.path.exists():
            raise StoreError(f"{self.path} is missing: this session has lost its database", recover)
        wal = self.path.with_name(self.path.name + "-wal")
        if self.path.stat().st_size == 0 and not wal.exists():
            raise StoreError(f"{self.path} is empty (0 bytes): its history is gone", recover)

    def _connect(self, readonly: bool) -> sqlite3.Connection:
        if not readonly:
            return sqlite3.connect(self.path, timeout=30, check_same_thread=False)
        uri = f"file:{quote(str(self.path))}?mode=ro"
        db = sqlite3.connect(uri, uri=True, timeout=30, check_same_thread=False)
        try:
            db.execute("SELECT 1 FROM sqlite_master LIMIT 1").fetchone()
            return db
        except sqlite3.OperationalError:
            db.close()
            if os.access(self.path.parent, os.W_OK):
                raise
        # A WAL database on a read-only folder (a lab's shared archive) cannot make its -shm
        # file, so `mode=ro` fails; `immutable=1` reads the main file as it is. Any writer has
        # checkpointed the WAL into it when it closed, which is how a finished session is left.
        uri = f"file:{quote(str(self.path))}?mode=ro&immutable=1"
        return sqlite3.connect(uri, uri=True, timeout=30, check_same_thread=False)

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _check_version(self) -> int:
        version = int(self.db.execute("PRAGMA user_version").fetchone()[0])
        if (
            version == 0
            and self.db.execute(
                "SELECT 1 FROM sqlite_master WHERE type='table' AND name='meta'"
            ).fetchone()
        ):
            row = self.db.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
            version = int(row[0]) if row else 0
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path} has schema version {version}, newer than this cdpo "
                f"({SCHEMA_VERSION})",
                "upgrade cdpo to open it",
            )
        return version

    def _migrate(self) -> None:
        version = self._check_version()
        for number in range(version, SCHEMA_VERSION):
            # executescript commits first, so each migration is its own transaction, and
            # user_version moves inside it: a crash mid-way leaves the old version, re-run.
            self.db.executescript(
                f"BEGIN; {MIGRATIONS[number]}; PRAGMA user_version = {number + 1}; COMMIT;"
            )

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One atomic write: all of it lands or none of it does."""
        with self.db:
            yield self.db

    # -- samples -----------------------------------------------------------------------------

    def has_completions(self) -> bool:
        return self.db.execute("SELECT 1 FROM completions LIMIT 1").fetchone() is not None

    def replace_samples(self, rows: Iterable[dict[str, Any]]) -> int:
        """Replace the selected samples (a re-run of prep). Refused once completions exist."""
        with self.transaction() as db:
            if db.execute("SELECT 1 FROM completions LIMIT 1").fetchone():
                raise StoreError(
                    "this session already has completions for its samples; "
                    "create a new session to select different data"
                )
            db.execute("DELETE FROM samples")
            cur = db.executemany(
                "INSERT INTO samples (problem_id, submission_id, split, code, prefix, target,"
                " suffix, mask_start, mask_end) VALUES (:problem_id, :submission_id, :split,"
                " :code, :prefix, :target, :suffix, :mask_start, :mask_end)",
                list(rows),
            )
            return cur.rowcount

    def samples(self, split: str | None = None) -> list[Sample]:
        query = "SELECT * FROM samples"
        args: tuple[Any, ...] = ()
        if split:
            query += " WHERE split = ?"
            args = (split,)
        return [Sample(**dict(r)) for r in self.db.execute(query + " ORDER BY id", args)]

    def samples_digest(self, split: str | None = None) -> str:
        """A hash of which samples a split holds and where their masks lie (a run's input)."""
        rows = self.db.execute(
            "SELECT id, submission_id, split, mask_start, mask_end, length(code) FROM samples"
            + (" WHERE split = ?" if split else "")
            + " ORDER BY id",
            (split,) if split else (),
        )
        return digest([tuple(r) for r in rows])

    def sample_counts(self) -> dict[str, int]:
        rows = self.db.execute("SELECT split, COUNT(*) FROM samples GROUP BY split")
        return {r[0]: r[1] for r in rows}

    # -- tests -------------------------------------------------------------------------------
    # One block, added with schema version 3: a problem's limits in `problem_limits`, its test
    # cases in order in `tests`. Only problems that have tests have rows.

    def replace_tests(self, problems: Iterable[ProblemTests]) -> int:
        """Replace the stored tests (a re-run of prep); returns the number of test cases."""
        with self.transaction() as db:
            db.execute("DELETE FROM tests")
            db.execute("DELETE FROM problem_limits")
            cases = 0
            for problem in problems:
                db.execute(
                    "INSERT INTO problem_limits (problem_id, time_limit_s, memory_limit_mb,"
                    " source) VALUES (?,?,?,?)",
                    (
                        problem.problem_id,
                        problem.time_limit_s,
                        problem.memory_limit_mb,
                        problem.source,
                    ),
                )
                db.executemany(
                    "INSERT INTO tests (problem_id, seq, name, input, output) VALUES (?,?,?,?,?)",
                    [
                        (problem.problem_id, seq, case.name, case.input, case.output)
                        for seq, case in enumerate(problem.cases)
                    ],
                )
                cases += len(problem.cases)
            return cases

    def problem_tests(self, problem_id: str) -> ProblemTests | None:
        """One problem's stored tests, or None when it has none."""
        return self.all_tests(problem_id).get(problem_id)

    def all_tests(self, problem_id: str | None = None) -> dict[str, ProblemTests]:
        """Problem id -> its stored tests (one problem's when `problem_id` is given).

        A read-only store of a version-2 database cannot migrate and has no tests tables; it
        reads as a session without tests.
        """
        if not self._has_table("problem_limits"):
            return {}
        where, args = (" WHERE problem_id = ?", (problem_id,)) if problem_id else ("", ())
        cases: dict[str, list[TestCase]] = {}
        for row in self.db.execute(
            "SELECT problem_id, name, input, output FROM tests"
            + where
            + " ORDER BY problem_id, seq",
            args,
        ):
            cases.setdefault(row[0], []).append(TestCase(row[1], row[2], row[3]))
        return {
            row[0]: ProblemTests(row[0], tuple(cases.get(row[0], ())), row[1], row[2], row[3])
            for row in self.db.execute(
                "SELECT problem_id, time_limit_s, memory_limit_mb, source FROM problem_limits"
                + where
                + " ORDER BY problem_id",
                args,
            )
        }

    # -- executions --------------------------------------------------------------------------
    # One block, added with schema version 4: a completion's run on its problem's tests
    # (`stages.execute`). Every completion of an executed run gets a row, also those that did
    # not compile (`compile_error`) and those whose problem has no tests (`no_tests`), so a
    # denominator never loses them; only tests that ran have `execution_tests` rows.

    def add_executions(self, records: Sequence[ExecutionRecord]) -> None:
        """Write executions with their per-test results in one transaction."""
        with self.transaction() as db:
            for rec in records:
                db.execute(
                    "INSERT OR REPLACE INTO executions (completion_id, verdict, passed_tests,"
                    " total_tests, sandbox) VALUES (?,?,?,?,?)",
                    (
                        rec.completion_id,
                        rec.verdict,
                        rec.passed_tests,
                        rec.total_tests,
                        rec.sandbox,
                    ),
                )
                db.execute(
                    "DELETE FROM execution_tests WHERE completion_id = ?", (rec.completion_id,)
                )
                db.executemany(
                    "INSERT INTO execution_tests (completion_id, seq, name, verdict, time_s,"
                    " detail, input, expected, actual) VALUES (?,?,?,?,?,?,?,?,?)",
                    [
                        (
                            rec.completion_id,
                            seq,
                            t.name,
                            t.verdict,
                            t.time_s,
                            t.detail,
                            t.input,
                            t.expected,
                            t.actual,
                        )
                        for seq, t in enumerate(rec.tests)
                    ],
                )

    def executed_ids(self, run_id: int) -> set[int]:
        """Completions of a run that already have a stored execution (a resume skips them)."""
        if not self._has_table("executions"):
            return set()
        rows = self.db.execute(
            "SELECT e.completion_id FROM executions e JOIN completions c"
            " ON c.id = e.completion_id WHERE c.run_id = ?",
            (run_id,),
        )
        return {r[0] for r in rows}

    def execution_verdicts(self, run_id: int) -> dict[int, str]:
        """Completion id -> its stored execution verdict, for a run."""
        if not self._has_table("executions"):
            return {}
        rows = self.db.execute(
            "SELECT e.completion_id, e.verdict FROM executions e JOIN completions c"
            " ON c.id = e.completion_id WHERE c.run_id = ?",
            (run_id,),
        )
        return {r[0]: r[1] for r in rows}

    def execution_counts(self, run_id: int) -> dict[str, int]:
        """Execution verdict -> completions of the run with it (empty: never executed)."""
        if not self._has_table("executions"):
            return {}
        rows = self.db.execute(
            "SELECT e.verdict, COUNT(*) FROM executions e JOIN completions c"
            " ON c.id = e.completion_id WHERE c.run_id = ? GROUP BY e.verdict"
            " ORDER BY COUNT(*) DESC, e.verdict",
            (run_id,),
        )
        return {r[0]: int(r[1]) for r in rows}

    def accepted_per_sample(self, run_id: int) -> list[tuple[int, int]]:
        """(completions, accepted) per sample of an executed run: the input of pass@k."""
        if not self._has_table("executions"):
            return []
        rows = self.db.execute(
            "SELECT COUNT(*), SUM(e.verdict = 'accepted') FROM completions c"
            " JOIN executions e ON e.completion_id = c.id WHERE c.run_id = ?"
            " GROUP BY c.sample_id ORDER BY c.sample_id",
            (run_id,),
        )
        return [(int(r[0]), int(r[1] or 0)) for r in rows]

    def execution_tests(self, completion_id: int) -> list[ExecutionTest]:
        """A completion's per-test results in the tests' order (empty: none ran)."""
        if not self._has_table("execution_tests"):
            return []
        rows = self.db.execute(
            "SELECT name, verdict, time_s, detail, input, expected, actual FROM execution_tests"
            " WHERE completion_id = ? ORDER BY seq",
            (completion_id,),
        )
        return [ExecutionTest(*r) for r in rows]

    def _has_table(self, name: str) -> bool:
        row = self.db.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)
        ).fetchone()
        return row is not None

    # -- runs --------------------------------------------------------------------------------

    def start_run(
        self,
        step: str,
        kind: str,
        *,
        label: str = "",
        model: str = "",
        split: str | None = None,
        settings: dict[str, Any] | None = None,
        fingerprint: dict[str, str] | None = None,
        pid: int | None = None,
        pid_started: float | None = None,
    ) -> int:
        with self.transaction() as db:
            cur = db.execute(
                "INSERT INTO runs (step, kind, label, model, split, settings, fingerprint,"
                " status, started, pid, pid_started) VALUES (?,?,?,?,?,?,?, 'running', ?,?,?)",
                (
                    step,
                    kind,
                    label,
                    model,
                    split,
                    json.dumps(settings or {}),
                    json.dumps(fingerprint or {}),
                    time.time(),
                    pid,
                    pid_started,
                ),
            )
            assert cur.lastrowid is not None
            return cur.lastrowid

    def resume_run(self, run_id: int, pid: int | None, pid_started: float | None = None) -> None:
        """Mark an unfinished run as running again, in this process."""
        with self.transaction() as db:
            db.execute(
                "UPDATE runs SET status='running', ended=NULL, error='', pid=?, pid_started=?"
                " WHERE id=?",
                (pid, pid_started, run_id),
            )

    def finish_run(
        self,
        run_id: int,
        status: str,
        *,
        summary: dict[str, Any] | None = None,
        error: str = "",
        artifact: str | None = None,
    ) -> None:
        with self.transaction() as db:
            db.execute(
                "UPDATE runs SET status=?, ended=?, summary=?, error=?,"
                " artifact=COALESCE(?, artifact) WHERE id=?",
                (status, time.time(), json.dumps(summary or {}), error, artifact, run_id),
            )

    def set_artifact(self, run_id: int, artifact: str) -> None:
        with self.transaction() as db:
            db.execute("UPDATE runs SET artifact=? WHERE id=?", (artifact, run_id))

    def run(self, run_id: int) -> Run:
        row = self.db.execute("SELECT * FROM runs WHERE id = ?", (run_id,)).fetchone()
        if row is None:
            raise StoreError(f"no run {run_id}")
        return Run.from_row(row)

    def runs(self, step: str | None = None) -> list[Run]:
        if step is None:
            rows = self.db.execute("SELECT * FROM runs ORDER BY id")
        else:
            rows = self.db.execute("SELECT * FROM runs WHERE step = ? ORDER BY id", (step,))
        return [Run.from_row(r) for r in rows]

    def latest_run(self, step: str) -> Run | None:
        row = self.db.execute(
            "SELECT * FROM runs WHERE step = ? ORDER BY id DESC LIMIT 1", (step,)
        ).fetchone()
        return Run.from_row(row) if row else None

    # -- completions and verdicts ------------------------------------------------------------

    def done_keys(self, run_id: int) -> set[tuple[int, int]]:
        """(sample_id, seq) pairs that already have a stored completion and verdict."""
        rows = self.db.execute(
            "SELECT c.sample_id, c.seq FROM completions c JOIN verdicts v"
            " ON v.completion_id = c.id WHERE c.run_id = ?",
            (run_id,),
        )
        return {(r[0], r[1]) for r in rows}

    def add_completions(self, run_id: int, records: Sequence[CompletionRecord]) -> None:
        """Write completions with their verdicts and diagnostics in one transaction."""
        with self.transaction() as db:
            for rec in records:
                cur = db.execute(
                    "INSERT INTO completions (run_id, sample_id, seq, prompt, output,"
                    " continuation, program, new_tokens, seconds) VALUES (?,?,?,?,?,?,?,?,?)",
                    (
                        run_id,
                        rec.sample_id,
                        rec.seq,
                        rec.prompt,
                        rec.output,
                        rec.continuation,
                        rec.program,
                        rec.new_tokens,
                        rec.seconds,
                    ),
                )
                cid = cur.lastrowid
                db.execute(
                    "INSERT INTO verdicts (completion_id, level, passed, category, categories,"
                    " first_error, compile_seconds) VALUES (?,?,?,?,?,?,?)",
                    (
                        cid,
                        rec.level,
                        int(rec.passed),
                        "" if rec.passed or not rec.categories else rec.categories[0],
                        json.dumps(list(rec.categories)),
                        rec.first_error,
                        rec.compile_seconds,
                    ),
                )
                db.executemany(
                    "INSERT INTO diagnostics (completion_id, kind, message, line, col, option,"
                    " children) VALUES (?,?,?,?,?,?,?)",
                    [
                        (
                            cid,
                            d.get("kind", ""),
                            d.get("message", ""),
                            d.get("line"),
                            d.get("column"),
                            d.get("option"),
                            json.dumps(d.get("children", [])),
                        )
                        for d in rec.diagnostics
                    ],
                )

    def verdict_counts(self, run_id: int) -> tuple[int, int]:
        """(passed, total) for a run, recomputed from the stored verdicts."""
        row = self.db.execute(
            "SELECT COALESCE(SUM(v.passed), 0), COUNT(*) FROM completions c"
            " JOIN verdicts v ON v.completion_id = c.id WHERE c.run_id = ?",
            (run_id,),
        ).fetchone()
        return int(row[0]), int(row[1])

    def category_counts(self, run_id: int) -> dict[str, int]:
        rows = self.db.execute(
            "SELECT v.category, COUNT(*) FROM completions c JOIN verdicts v"
            " ON v.completion_id = c.id WHERE c.run_id = ? AND v.passed = 0"
            " GROUP BY v.category ORDER BY COUNT(*) DESC",
            (run_id,),
        )
        return {(r[0] or "other"): r[1] for r in rows}

    def completions_with_verdicts(self, run_id: int) -> list[sqlite3.Row]:
        return list(
            self.db.execute(
                "SELECT c.*, v.level, v.passed, v.category, v.categories, v.first_error"
                " FROM completions c JOIN verdicts v ON v.completion_id = c.id"
                " WHERE c.run_id = ? ORDER BY c.sample_id, c.seq",
                (run_id,),
            )
        )

    # -- pairs, metrics, events --------------------------------------------------------------

    def replace_pairs(self, run_id: int, rows: Iterable[dict[str, Any]]) -> int:
        with self.transaction() as db:
            db.execute("DELETE FROM pairs WHERE run_id = ?", (run_id,))
            cur = db.executemany(
                "INSERT INTO pairs (run_id, sample_id, completion_id, source, chosen, rejected,"
                " edit_distance, category) VALUES (?,?,?,?,?,?,?,?)",
                [
                    (
                        run_id,
                        r["sample_id"],
                        r.get("completion_id"),
                        r.get("source", "model"),
                        r["chosen"],
                        r["rejected"],
                        r["edit_distance"],
                        r.get("category", ""),
                    )
                    for r in rows
                ],
            )
            return cur.rowcount

    def pair_distances(self, run_id: int) -> list[int]:
        rows = self.db.execute("SELECT edit_distance FROM pairs WHERE run_id = ?", (run_id,))
        return [r[0] for r in rows]

    def add_metrics(self, run_id: int, step: int, values: dict[str, float]) -> None:
        with self.transaction() as db:
            db.executemany(
                "INSERT OR REPLACE INTO metrics VALUES (?, ?, ?, ?)",
                [(run_id, step, k, float(v)) for k, v in values.items()],
            )

    def metrics(self, run_id: int) -> dict[str, list[tuple[int, float]]]:
        out: dict[str, list[tuple[int, float]]] = {}
        for r in self.db.execute(
            "SELECT name, step, value FROM metrics WHERE run_id = ? ORDER BY step", (run_id,)
        ):
            out.setdefault(r[0], []).append((r[1], r[2]))
        return out

    def add_event(self, run_id: int | None, type_: str, payload: str) -> None:
        with self.transaction() as db:
            db.execute(
                "INSERT INTO events (run_id, ts, type, payload) VALUES (?, ?, ?, ?)",
                (run_id, time.time(), type_, payload),
            )

    def events(self, run_id: int, after_id: int = 0) -> list[sqlite3.Row]:
        return list(
            self.db.execute(
                "SELECT id, ts, type, payload FROM events WHERE run_id = ? AND id > ? ORDER BY id",
                (run_id, after_id),
            )
        )
