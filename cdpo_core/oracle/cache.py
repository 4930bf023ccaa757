"""A content-addressed verdict cache in SQLite, shared by threads and processes.

The key is sha256(compiler `--version` output, flags, code): the same program under the same
compiler and flags is never compiled twice, across runs and sessions. The cache stores the
level, categories and diagnostics but not `passed`, which is recomputed from the policy of
whoever asks, so the two policies share one cache.

Memory and file-size failures depend on the limits, not only on the code: they are stored
with the limits they were reached under and reused only by a run whose limits are no larger
(a program that ran out of 512 MB also runs out under 256 MB, but might compile with 4 GB).
Timeouts and compiles killed from outside (the OOM killer) are never stored: they depend on
how busy the machine was, not on the program (`Judgement.cacheable`, decided by the oracle).

A cache folder that cannot be written raises `CacheUnavailable`, on which the oracle falls
back to a private temporary cache with a warning.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from cdpo_core.errors import CdpoError
from cdpo_core.oracle.compiler import Judgement
from cdpo_core.oracle.diagnostics import Diagnostic
from cdpo_core.oracle.settings import OracleError

SCHEMA_VERSION = 2
_SCHEMA = """
CREATE TABLE IF NOT EXISTS verdicts (
    key TEXT PRIMARY KEY,
    level TEXT NOT NULL,
    categories TEXT NOT NULL,
    diagnostics TEXT NOT NULL,
    duration_s REAL NOT NULL,
    limited INTEGER NOT NULL,      -- 1 when the verdict depends on the limits below
    timeout_s REAL NOT NULL,
    memory_mb INTEGER NOT NULL,
    created REAL NOT NULL DEFAULT (julianday('now')),
    file_mb INTEGER NOT NULL DEFAULT 0
)
"""
# MIGRATIONS[v]: the statements that take a cache from schema v to v + 1, in order.
MIGRATIONS: dict[int, tuple[str, ...]] = {
    1: (
        # 0 = reached under an unknown file limit: never reused by a limit-bound lookup.
        "ALTER TABLE verdicts ADD COLUMN file_mb INTEGER NOT NULL DEFAULT 0",
        # Schema 1 stored timeouts and compiles killed from outside; they decided nothing.
        "DELETE FROM verdicts WHERE level = 'timeout'"
        " OR diagnostics LIKE '%signal terminated program%'",
    ),
}


class CacheUnavailable(OracleError):
    """The cache folder cannot be created or written (read-only, missing, not a folder)."""


def default_cache_path() -> Path:
    """`$XDG_CACHE_HOME/cdpo/verdicts.sqlite`, or `~/.cache/cdpo/verdicts.sqlite`."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "cdpo" / "verdicts.sqlite"


def default_pch_dir() -> Path:
    """`$XDG_CACHE_HOME/cdpo/pch` (or under ~/.cache): precompiled headers, shared by all."""
    return default_cache_path().parent / "pch"


def digest_parts(*parts: str) -> str:
    """sha256 over `parts`, each length-prefixed so that no two lists of parts collide."""
    digest = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8", errors="surrogateescape")
        digest.update(len(data).to_bytes(8, "little"))
        digest.update(data)
    return digest.hexdigest()


def cache_key(compiler_identity: str, flags: Sequence[str], code: str) -> str:
    """sha256 over what decides a verdict: the compiler's identity, the flags and the code."""
    return digest_parts(compiler_identity, json.dumps(list(flags)), code)


def open_cache_db(
    path: Path,
    *,
    schema: str,
    version: int,
    migrations: dict[int, tuple[str, ...]],
    what: str,
    error: type[CdpoError],
    write_hint: str,
    open_hint: str,
) -> sqlite3.Connection:
    """One SQLite cache file, created or migrated to `version`; shared by the caches of cdpo.

    WAL lets other processes read and write it; the connection is shared by threads (the
    caller guards it with a lock). `migrations[v]` takes a file from schema v to v + 1. A
    folder that cannot be written raises `CacheUnavailable` (the caller falls back), any
    other SQLite failure or a newer schema `error`, named `what`.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(path, timeout=30.0, check_same_thread=False, isolation_level=None)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        _migrate(db, path, schema, version, migrations, what, error)
    except (OSError, sqlite3.OperationalError) as exc:
        # Read-only, missing or not a folder; sqlite says "unable to open database file".
        raise CacheUnavailable(
            f"cannot write the {what} {path}: {getattr(exc, 'strerror', None) or exc}",
            write_hint,
        ) from exc
    except sqlite3.Error as exc:
        raise error(f"cannot open the {what} {path}: {exc}", open_hint) from exc
    return db


def _migrate(
    db: sqlite3.Connection,
    path: Path,
    schema: str,
    target: int,
    migrations: dict[int, tuple[str, ...]],
    what: str,
    error: type[CdpoError],
) -> None:
    # One writer at a time: two processes opening an old cache must not both migrate it.
    db.execute("BEGIN IMMEDIATE")
    try:
        db.execute(schema)
        version = db.execute("PRAGMA user_version").fetchone()[0]
        if version == 0:  # created just now, with the current schema
            version = target
        if version > target:
            raise error(
                f"{what} {path} has schema {version}, newer than this cdpo's {target}",
                "delete the file (it is only a cache) or update cdpo",
            )
        while version < target:
            for statement in migrations[version]:
                db.execute(statement)
            version += 1
        db.execute(f"PRAGMA user_version={target}")
        db.execute("COMMIT")
    except BaseException:
        db.execute("ROLLBACK")
        raise


def limited(judgement: Judgement) -> bool:
    """Whether a verdict was decided by the limits rather than by the code alone."""
    return judgement.level == "timeout" or bool(
        {"memory", "file_limit"} & set(judgement.categories)
    )


class SqliteCache:
    """One cache file behind one connection, guarded by a lock; WAL for other processes.

    The verdict and execution caches differ only in their rows; this holds what they share:
    opening (`open_cache_db`), locked reads, writes that raise `CacheUnavailable` when the
    file can no longer be written, the row count and closing.
    """

    def __init__(self, path: Path, *, table: str, **open_args: Any) -> None:
        self._db = open_cache_db(path, **open_args)
        self._table = table
        self._what = open_args["what"]
        self.path = path
        self._lock = threading.Lock()

    def _row(self, sql: str, params: tuple[Any, ...]) -> tuple[Any, ...] | None:
        with self._lock:
            row: tuple[Any, ...] | None = self._db.execute(sql, params).fetchone()
        return row

    def _write(self, sql: str, params: tuple[Any, ...], after: str) -> None:
        """Run one write; `after` says what goes on when the cache cannot be written."""
        try:
            with self._lock:
                self._db.execute(sql, params)
        except sqlite3.OperationalError as exc:
            raise CacheUnavailable(
                f"cannot write the {self._what} {self.path}: {exc}",
                f"free space or make the folder writable; {after}",
            ) from exc

    def __len__(self) -> int:
        with self._lock:
            return int(self._db.execute(f"SELECT COUNT(*) FROM {self._table}").fetchone()[0])

    def close(self) -> None:
        with self._lock:
            self._db.close()


class VerdictCache(SqliteCache):
    """SQLite store of judgements, shared by threads and processes."""

    def __init__(self, path: Path) -> None:
        super().__init__(
            path,
            table="verdicts",
            schema=_SCHEMA,
            version=SCHEMA_VERSION,
            migrations=MIGRATIONS,
            what="verdict cache",
            error=OracleError,
            write_hint="point XDG_CACHE_HOME at a writable folder, or turn the cache off "
            "(oracle.cache = false, --no-cache)",
            open_hint="delete the file (it is only a cache), pass another cache_path or set "
            "cache = false",
        )

    def get(self, key: str, timeout_s: float, memory_mb: int, file_mb: int) -> Judgement | None:
        """The stored judgement for `key`, unless it was limit-bound under smaller limits."""
        row = self._row(
            "SELECT level, categories, diagnostics, duration_s, limited, timeout_s, memory_mb,"
            " file_mb FROM verdicts WHERE key = ?",
            (key,),
        )
        if row is None:
            return None
        level, categories, diagnostics, duration_s, was_limited, t_limit, m_limit, f_limit = row
        if was_limited and (timeout_s > t_limit or memory_mb > m_limit or file_mb > f_limit):
            return None
        return Judgement(
            level=level,
            categories=tuple(json.loads(categories)),
            diagnostics=tuple(Diagnostic.from_dict(d) for d in json.loads(diagnostics)),
            duration_s=duration_s,
        )

    def put(
        self, key: str, judgement: Judgement, timeout_s: float, memory_mb: int, file_mb: int
    ) -> None:
        """Store (or replace) the judgement for `key`, with the limits it was reached under.

        Raises:
            CacheUnavailable: The cache can no longer be written (disk full, made read-only).
        """
        row = (
            key,
            judgement.level,
            json.dumps(list(judgement.categories)),
            json.dumps([d.to_dict() for d in judgement.diagnostics]),
            judgement.duration_s,
            int(limited(judgement)),
            timeout_s,
            memory_mb,
            file_mb,
        )
        self._write(
            "INSERT OR REPLACE INTO verdicts (key, level, categories, diagnostics,"
            " duration_s, limited, timeout_s, memory_mb, file_mb) VALUES (?,?,?,?,?,?,?,?,?)",
            row,
            "the run goes on without caching",
        )
