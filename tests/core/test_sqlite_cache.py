"""The verdict and execution caches share one SQLite base: store, count, and fail loudly."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from cdpo_core.judge.cache import ResultCache
from cdpo_core.oracle.cache import CacheUnavailable, SqliteCache, VerdictCache
from cdpo_core.oracle.compiler import Judgement

CLEAN = Judgement(level="clean", categories=(), diagnostics=(), duration_s=0.5)


def verdicts(folder: Path) -> tuple[SqliteCache, Callable[[str], object], Callable[[str], object]]:
    cache = VerdictCache(folder / "verdicts.sqlite")
    return (
        cache,
        lambda key: cache.put(key, CLEAN, 20.0, 512, 64),
        lambda key: cache.get(key, 20.0, 512, 64),
    )


def results(folder: Path) -> tuple[SqliteCache, Callable[[str], object], Callable[[str], object]]:
    cache = ResultCache(folder / "executions.sqlite")
    return cache, lambda key: cache.put(key, "accepted", "", 0.01, "3\n"), cache.get


@pytest.mark.parametrize(
    ("open_cache", "stored", "name", "after"),
    [
        (verdicts, CLEAN, "verdict cache", "the run goes on without caching"),
        (results, ("accepted", "", 0.01, "3\n"), "execution cache", "judging goes on"),
    ],
)
def test_store_count_and_a_write_that_sqlite_refuses(
    tmp_path: Path, open_cache, stored: object, name: str, after: str
) -> None:
    cache, put, get = open_cache(tmp_path)
    put("a")
    assert get("a") == stored and get("b") is None
    assert len(cache) == 1
    cache._db.execute("PRAGMA query_only = ON")  # SQLite itself now refuses every write
    with pytest.raises(CacheUnavailable) as refused:
        put("b")
    assert str(refused.value).startswith(f"cannot write the {name} {cache.path}: ")
    assert after in refused.value.hint
    assert len(cache) == 1 and get("a") == stored  # the refused write lost nothing
    cache.close()
