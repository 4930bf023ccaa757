"""Which leading include blocks get a precompiled header, and when: counted, weighed, built.

Real submissions do not all start with `<bits/stdc++.h>` or `<iostream>`: many start with
`<algorithm>`, `<cstdio>` or a dozen headers in a row. The oracle counts each program's
leading include block (`blocks.py`) as it is submitted, so that a batch is counted before
its first compile starts, and a worker that meets a block seen often enough precompiles it
(`pch.ensure_block_pch`) before compiling its own program with it; later programs of that
block use it. Other workers go on meanwhile: a block being built is compiled without it.

A PCH is worth building when the programs seen so far would pay for it. Building one costs
about three to four plain compiles of the block (GCC writes its whole parsed state: measured
2.4-3.9x, plus the check that GCC uses it); each use saves the parse of what no existing
PCH covers, about 0.8 of a plain compile. So a block must recur: within one batch it pays
from about its fifth program, and as PCHs are kept across runs (a session compiles the same
prompts' blocks at selection, at every evaluation, for every pair), `pch_min_uses` = 3 bets
on the runs to come. With `S` the block's preprocessed size (a close proxy for its parse
time, from `pch.survey`) and `C` that of the longest prefix an existing PCH covers (a
start-up `<iostream>.gch`, another block's PCH), a block seen `n` times is built when

    n * (S - C) >= pch_min_uses * S

so a block nothing covers is built at its `pch_min_uses`-th program, while
`<iostream> <string>` (the string header is inside iostream already: S = C) never is.

A program compiles with the longest prefix of its block that has a PCH: a block PCH through
the synthetic header (`blocks.rewrite`), else the start-up PCH of its first header, which GCC
picks up by itself. Nothing here can change a verdict: a PCH is exactly the text it replaces.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from cdpo_core.oracle.cache import CacheUnavailable
from cdpo_core.oracle.pch import (
    BlockRejected,
    Survey,
    block_header_name,
    ensure_block_pch,
    survey,
)
from cdpo_core.oracle.settings import OracleSettings


@dataclass(frozen=True)
class Choice:
    """Compile with the PCH of the first `count` leading includes, found in `directory`."""

    count: int
    directory: Path
    synthetic: str


@dataclass
class _Block:
    count: int = 0
    busy: bool = False  # a worker is looking for, weighing or building its PCH
    looked: bool = False  # the PCH folder was searched for one another oracle built
    final: bool = False  # decided for good: it has a PCH, or can never get one
    declined_at: int = 0  # count at which building was last judged not worth it
    directory: Path | None = None


class PchBlocks:
    """Per-oracle bookkeeping of include blocks; thread-safe.

    Args:
        compiler_path: Absolute path of the compiler driver.
        compiler_identity: Its `--version` output (part of each PCH's key).
        settings: Flags, limits, `pch_min_uses` and `pch_max_blocks`.
        root: This flag set's block folder (`pch.blocks_root`).
        startup: Headers with a start-up PCH (`pch_headers`), used by GCC when first.
        warn: Called once per block that unexpectedly could not be precompiled.
    """

    def __init__(
        self,
        compiler_path: str,
        compiler_identity: str,
        settings: OracleSettings,
        root: Path,
        startup: tuple[str, ...],
        warn: Callable[[str], None],
    ) -> None:
        self._compiler = compiler_path
        self._identity = compiler_identity
        self._settings = settings
        self._root = root
        self._startup = frozenset(startup)
        self._warn = warn
        self._lock = threading.Lock()
        self._blocks: dict[tuple[str, ...], _Block] = {}
        self._surveys: dict[tuple[str, ...], Survey] = {}
        self._writable = True
        self.built = 0  # block PCHs this oracle built or found ready (for stats)
        self.spent_s = 0.0  # worker seconds spent looking for, weighing and building them

    def seen(self, headers: tuple[str, ...]) -> None:
        """Count one more program (about to be compiled) that starts with this block."""
        if headers:
            with self._lock:
                self._blocks.setdefault(headers, _Block()).count += 1

    def choose(self, headers: tuple[str, ...]) -> Choice | None:
        """The block PCH a program with this leading block compiles with, if any.

        Called by the worker about to compile the program; when the block is due, that
        worker first looks for, weighs and maybe builds its PCH (seconds, once per block).
        """
        if not headers:
            return None
        with self._lock:
            block = self._blocks.setdefault(headers, _Block())
            work = not block.busy and not block.final and self._due(headers, block)
            if work:
                block.busy = True
        if work:
            start = time.monotonic()
            try:
                self._work(headers, block)
            finally:
                with self._lock:
                    block.busy = False
                    self.spent_s += time.monotonic() - start
        with self._lock:
            for count in range(len(headers), 0, -1):
                found = self._blocks.get(headers[:count])
                if found is not None and found.directory is not None:
                    key = found.directory.name
                    return Choice(count, found.directory, block_header_name(key))
        return None

    def ready(self) -> list[tuple[str, ...]]:
        """The blocks that have a PCH in this oracle, in no particular order."""
        with self._lock:
            return [h for h, b in self._blocks.items() if b.directory is not None]

    def _due(self, headers: tuple[str, ...], block: _Block) -> bool:
        if not block.looked:
            return True  # one look in the folder, however rare the block
        if headers[1:] == () and headers[0] in self._startup:
            return False  # its start-up PCH is all of it
        return (
            self._writable
            and block.count >= self._settings.pch_min_uses
            and block.count > block.declined_at
        )

    def _survey(self, headers: tuple[str, ...]) -> Survey:
        with self._lock:
            known = self._surveys.get(headers)
        if known is None:
            known = survey(self._compiler, self._settings, headers)
            with self._lock:
                self._surveys[headers] = known
        return known

    def _covered(self, headers: tuple[str, ...]) -> tuple[str, ...]:
        """The longest proper prefix of the block that a PCH already stands for."""
        with self._lock:
            for count in range(len(headers) - 1, 0, -1):
                found = self._blocks.get(headers[:count])
                if found is not None and found.directory is not None:
                    return headers[:count]
        return headers[:1] if headers[0] in self._startup else ()

    def _worth_building(self, headers: tuple[str, ...], count: int) -> bool:
        whole = self._survey(headers)
        if not whole.usable:
            return False
        covered = self._covered(headers)
        done = self._survey(covered).size if covered else 0
        return count * (whole.size - done) >= self._settings.pch_min_uses * whole.size

    def _work(self, headers: tuple[str, ...], block: _Block) -> None:
        if not block.looked:
            block.looked = True
            block.directory = self._ensure(headers, build=False)
            block.final = block.directory is not None
            if block.final or not self._due(headers, block):
                return
        with self._lock:
            count = block.count
        if not self._survey(headers).usable:
            block.final = True  # a missing header, a warning, a user header: never
            return
        if not self._worth_building(headers, count):
            block.declined_at = count
            return
        block.directory = self._ensure(headers, build=True)
        block.final = True
        if block.directory is not None:
            with self._lock:
                self.built += 1

    def _ensure(self, headers: tuple[str, ...], *, build: bool) -> Path | None:
        try:
            return ensure_block_pch(
                self._compiler, self._identity, self._settings, self._root, headers, build=build
            )
        except BlockRejected as problem:
            self._warn(f"{problem.one_line()}; its programs compile without it")
        except CacheUnavailable as problem:
            if self._writable:
                self._writable = False
                self._warn(f"{problem.one_line()}; no include-block PCHs in this run")
        except OSError as problem:  # the folder changed under us (disk full, removed)
            self._warn(f"cannot keep a precompiled include block in {self._root}: {problem}")
        return None
