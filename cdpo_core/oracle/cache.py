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


def cache_key(compiler_identity: str, flags: Sequence[str], code: str) -> str:
    """sha256 over what decides a verdict: the compiler's identity, the flags and the code."""
    digest = hashlib.sha256()
    for part in (compiler_identity, json.dumps(list(flags)), code):
        data = part.encode("utf-8", errors="surrogateescape")
        digest.update(len(data).to_bytes(8, "little"))  # length-prefixed: no ambiguity
        digest.update(data)
    return digest.hexdigest()


def limited(judgement: Judgement) -> bool:
    """Whether a verdict was decided by the limits rather than by the code alone."""
    return judgement.level == "timeout" or bool(
        {"memory", "file_limit"} & set(judgement.categories)
    )


class VerdictCache:
    """SQLite store of judgements; one connection guarded by a lock, WAL for other processes."""

    def __init__(self, path: Path) -> None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(
                path, timeout=30.0, check_same_thread=False, isolation_level=None
            )
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._migrate(path)
        except (OSError, sqlite3.OperationalError) as exc:
            # Read-only, missing or not a folder; sqlite says "unable to open database file".
            raise CacheUnavailable(
                f"cannot write the verdict cache {path}: {getattr(exc, 'strerror', None) or exc}",
                "point XDG_CACHE_HOME at a writable folder, or turn the cache off (oracle.cache ="
                " false, --no-cache)",
            ) from exc
        except sqlite3.Error as exc:
            raise OracleError(
                f"cannot open the verdict cache {path}: {exc}",
                "delete the file (it is only a cache), pass another cache_path or set "
                "cache = false",
            ) from exc
        self.path = path
        self._lock = threading.Lock()

    def _migrate(self, path: Path) -> None:
        # One writer at a time: two processes opening an old cache must not both migrate it.
        self._db.execute("BEGIN IMMEDIATE")
        try:
            self._db.execute(_SCHEMA)
            version = self._db.execute("PRAGMA user_version").fetchone()[0]
            if version == 0:  # created just now, with the current schema
                version = SCHEMA_VERSION
            if version > SCHEMA_VERSION:
                raise OracleError(
                    f"verdict cache {path} has schema {version}, newer than this cdpo's "
                    f"{SCHEMA_VERSION}",
                    "delete the file (it is only a cache) or update cdpo",
                )
            while version < SCHEMA_VERSION:
                for statement in MIGRATIONS[version]:
                    self._db.execute(statement)
                version += 1
            self._db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
            self._db.execute("COMMIT")
        except BaseException:
            self._db.execute("ROLLBACK")
            raise

    def get(self, key: str, timeout_s: float, memory_mb: int, file_mb: int) -> Judgement | None:
        """The stored judgement for `key`, unless it was limit-bound under smaller limits."""
        with self._lock:
            row = self._db.execute(
                "SELECT level, categories, diagnostics, duration_s, limited, timeout_s, memory_mb,"
                " file_mb FROM verdicts WHERE key = ?",
                (key,),
            ).fetchone()
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
        try:
            with self._lock:
                self._db.execute(
                    "INSERT OR REPLACE INTO verdicts (key, level, categories, diagnostics,"
                    " duration_s, limited, timeout_s, memory_mb, file_mb)"
                    " VALUES (?,?,?,?,?,?,?,?,?)",
                    row,
                )
        except sqlite3.OperationalError as exc:
            raise CacheUnavailable(
                f"cannot write the verdict cache {self.path}: {exc}",
                "free space or make the folder writable; the run goes on without caching",
            ) from exc

    def __len__(self) -> int:
        with self._lock:
            return int(self._db.execute("SELECT COUNT(*) FROM verdicts").fetchone()[0])

    def close(self) -> None:
        with self._lock:
            self._db.close()
