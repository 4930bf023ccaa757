"""A content-addressed verdict cache in SQLite, shared by threads and processes.

The key is sha256(compiler `--version` output, flags, code): the same program under the same
compiler and flags is never compiled twice, across runs and sessions. The cache stores the
level, categories and diagnostics but not `passed`, which is recomputed from the policy of
whoever asks, so the two policies share one cache.

Timeouts and memory failures depend on the limits, not only on the code: they are stored with
the limits they were reached under and reused only by a run whose limits are no larger
(a program that timed out after 20 s also times out under a 10 s limit, but might finish
under a 60 s one).
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

SCHEMA_VERSION = 1
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
    created REAL NOT NULL DEFAULT (julianday('now'))
);
"""


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
    """Whether a verdict was decided by the time/memory limits rather than by the code alone."""
    return judgement.level == "timeout" or "memory" in judgement.categories


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
            self._db.executescript(_SCHEMA)
            version = self._db.execute("PRAGMA user_version").fetchone()[0]
            if version == 0:
                self._db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
            elif version != SCHEMA_VERSION:
                raise OracleError(
                    f"verdict cache {path} has schema {version}, this cdpo expects "
                    f"{SCHEMA_VERSION}: delete the file (it is only a cache)"
                )
        except sqlite3.Error as exc:
            raise OracleError(
                f"cannot open the verdict cache {path}: {exc}; pass another cache_path or set "
                "cache = false"
            ) from exc
        self.path = path
        self._lock = threading.Lock()

    def get(self, key: str, timeout_s: float, memory_mb: int) -> Judgement | None:
        """The stored judgement for `key`, unless it was limit-bound under smaller limits."""
        with self._lock:
            row = self._db.execute(
                "SELECT level, categories, diagnostics, duration_s, limited, timeout_s, memory_mb"
                " FROM verdicts WHERE key = ?",
                (key,),
            ).fetchone()
        if row is None:
            return None
        level, categories, diagnostics, duration_s, was_limited, t_limit, m_limit = row
        if was_limited and (timeout_s > t_limit or memory_mb > m_limit):
            return None
        return Judgement(
            level=level,
            categories=tuple(json.loads(categories)),
            diagnostics=tuple(Diagnostic.from_dict(d) for d in json.loads(diagnostics)),
            duration_s=duration_s,
        )

    def put(self, key: str, judgement: Judgement, timeout_s: float, memory_mb: int) -> None:
        """Store (or replace) the judgement for `key`."""
        with self._lock:
            self._db.execute(
                "INSERT OR REPLACE INTO verdicts (key, level, categories, diagnostics, duration_s,"
                " limited, timeout_s, memory_mb) VALUES (?,?,?,?,?,?,?,?)",
                (
                    key,
                    judgement.level,
                    json.dumps(list(judgement.categories)),
                    json.dumps([d.to_dict() for d in judgement.diagnostics]),
                    judgement.duration_s,
                    int(limited(judgement)),
                    timeout_s,
                    memory_mb,
                ),
            )

    def __len__(self) -> int:
        with self._lock:
            return int(self._db.execute("SELECT COUNT(*) FROM verdicts").fetchone()[0])

    def close(self) -> None:
        with self._lock:
            self._db.close()
