"""Test results in SQLite, keyed by binary hash + test hash + everything else that decides them.

Beside the oracle's verdict cache (same folder, same patterns: WAL, one locked connection,
`PRAGMA user_version` with an ordered list of migrations). The key covers the binary's
sha256, the test's input and expected output, the limits, the float tolerance and the
sandbox level, so a result is reused only where it would be the same.

Not stored: time limits (they depend on how busy the machine was, as the oracle's compile
timeouts do) and programs killed by a signal none of our limits sends (the OOM killer, a
person), which say nothing about the program. A cache that cannot be written is dropped
with a warning by the runner; judging goes on without it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from cdpo_core.judge.settings import JudgeError
from cdpo_core.oracle.cache import SqliteCache, default_cache_path, digest_parts

SCHEMA_VERSION = 1
_SCHEMA = """
CREATE TABLE IF NOT EXISTS results (
    key TEXT PRIMARY KEY,
    verdict TEXT NOT NULL,
    detail TEXT NOT NULL,
    time_s REAL NOT NULL,
    output TEXT NOT NULL,
    created REAL NOT NULL DEFAULT (julianday('now'))
)
"""
# MIGRATIONS[v]: the statements that take a cache from schema v to v + 1, in order.
MIGRATIONS: dict[int, tuple[str, ...]] = {}


def default_results_path() -> Path:
    """`executions.sqlite` beside the oracle's `verdicts.sqlite` (under $XDG_CACHE_HOME/cdpo)."""
    return default_cache_path().parent / "executions.sqlite"


def result_key(binary_digest: str, test_input: str, test_output: str, context: Any) -> str:
    """sha256 over the binary's hash, the test and the `context` (limits, tolerance, level)."""
    return digest_parts(binary_digest, test_input, test_output, json.dumps(context, sort_keys=True))


class ResultCache(SqliteCache):
    """SQLite store of test results, shared by threads and processes."""

    def __init__(self, path: Path) -> None:
        super().__init__(
            path,
            table="results",
            schema=_SCHEMA,
            version=SCHEMA_VERSION,
            migrations=MIGRATIONS,
            what="execution cache",
            error=JudgeError,
            write_hint="point XDG_CACHE_HOME at a writable folder, or set execution.cache = false",
            open_hint="delete the file (it is only a cache) or set execution.cache = false",
        )

    def get(self, key: str) -> tuple[str, str, float, str] | None:
        """(verdict, detail, time_s, output) stored for `key`, or None."""
        row = self._row("SELECT verdict, detail, time_s, output FROM results WHERE key = ?", (key,))
        return None if row is None else (str(row[0]), str(row[1]), float(row[2]), str(row[3]))

    def put(self, key: str, verdict: str, detail: str, time_s: float, output: str) -> None:
        """Store (or replace) one result.

        Raises:
            CacheUnavailable: The cache can no longer be written (disk full, made read-only).
        """
        self._write(
            "INSERT OR REPLACE INTO results (key, verdict, detail, time_s, output)"
            " VALUES (?,?,?,?,?)",
            (key, verdict, detail, time_s, output),
            "judging goes on without caching",
        )
