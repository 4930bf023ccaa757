"""The Oracle: parallel, cached, deduplicated compile jobs behind check/check_many/submit."""

from __future__ import annotations

import logging
import os
import subprocess
import tempfile
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor, as_completed
from contextlib import ExitStack
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from cdpo_core.oracle.blocks import LeadingBlock, leading_block, rewrite
from cdpo_core.oracle.cache import (
    CacheUnavailable,
    VerdictCache,
    cache_key,
    default_cache_path,
    default_pch_dir,
)
from cdpo_core.oracle.compiler import (
    PRIVATE_CACHE_PREFIX,
    Judgement,
    RawResult,
    compile_code,
    job_directory,
    resolve_compiler,
    run_limited,
    sweep_stale,
)
from cdpo_core.oracle.diagnostics import Diagnostic
from cdpo_core.oracle.isolation import CompileBox, open_compile_box
from cdpo_core.oracle.linker import Linker, choose_linker
from cdpo_core.oracle.pch import blocks_root, ensure_pch
from cdpo_core.oracle.pch_blocks import PchBlocks
from cdpo_core.oracle.settings import OracleError, OracleSettings
from cdpo_core.oracle.verdict import Verdict, passed_under

if TYPE_CHECKING:
    from cdpo_core.oracle.ray_backend import RayJudge

_SELF_TEST = "int main() { return 0; }\n"


def compiler_identity(compiler_path: str) -> str:
    """The compiler's `--version` text: part of every cache key and PCH key."""
    try:
        done = subprocess.run(
            [compiler_path, "--version"],
            capture_output=True,
            text=True,
            timeout=30,
            env={"PATH": os.environ.get("PATH", os.defpath), "LC_ALL": "C"},
            check=False,
        )
    except (OSError, subprocess.SubprocessError) as exc:
        raise OracleError(f"cannot run {compiler_path} --version: {exc}") from exc
    if done.returncode != 0:
        raise OracleError(
            f"{compiler_path} --version failed (exit {done.returncode}): {done.stderr.strip()}"
        )
    return f"{compiler_path}\n{done.stdout}"


def verdict_identity(identity: str, linker: Linker, box: CompileBox) -> str:
    """What decides a verdict besides flags and code: it keys the verdict cache.

    The compiler and the linker, and the sandbox level: a program that includes a file
    outside what a compile needs compiles without the box and fails inside it, so verdicts
    of the two levels must not mix (a verdict from outside the box could also carry the
    text of such a file, which the cache would then hand to a sandboxed oracle).
    """
    return f"{identity}\n{linker.identity}\nsandbox: {box.level}"


def _mentions(diagnostics: Sequence[Diagnostic], text: str) -> bool:
    return any(
        text in d.message or text in (d.file or "") or _mentions(d.children, text)
        for d in diagnostics
    )


class Oracle:
    """Judges C++ programs with g++: "compiles or not" for selection and evaluation alike.

    Thread-safe; use as a context manager. Work is done by `workers` threads, each running
    one g++ at a time. A program already judged (same compiler, flags and code) is answered
    from the verdict cache; the same program submitted twice while compiling is compiled once.
    Programs are compiled with precompiled headers: the start-up ones (`pch_headers`) and, once
    a leading include block has been seen often enough, one for that block (`pch_blocks.py`);
    and linked with gold when it is there (`linker.py`).

    At start-up it first sweeps what oracles of dead processes left behind (job folders and
    the compilers still running in them). A cache folder that cannot be written (read-only,
    missing) is replaced by a private temporary one for this oracle's lifetime, with a
    warning; verdicts and precompiled headers are then not kept after `close`.

    Args:
        settings: Compiler, flags, policy and limits.
        cache_path: SQLite verdict cache; None means `default_cache_path()` when
            `settings.cache` is on (and no cache when it is off).
        pch_dir: Where precompiled headers live; None means `default_pch_dir()`.
        warn: Called with each warning (one line, e.g. the cache fallback); None means the
            `cdpo_core.oracle` logger. A stage passes its log, the CLI its stderr.

    Raises:
        OracleError: The compiler is missing or broken, or a precompiled header is rejected.
    """

    def __init__(
        self,
        settings: OracleSettings = OracleSettings(),  # noqa: B008 (frozen, so shared safely)
        cache_path: Path | None = None,
        *,
        pch_dir: Path | None = None,
        warn: Callable[[str], None] | None = None,
    ) -> None:
        self.settings = settings
        self._warn = warn or logging.getLogger("cdpo_core.oracle").warning
        self.compiler_path = resolve_compiler(settings.compiler)
        self.identity = compiler_identity(self.compiler_path)  # keys the PCHs
        # Compiles of judged programs run in it (`isolation.py`); PCH builds, of trusted
        # standard headers, stay outside.
        self.box: CompileBox = open_compile_box(settings.sandbox, self.compiler_path, self._warn)
        self.linker: Linker = choose_linker(settings.linker, self._probe)
        self.verdict_identity = verdict_identity(self.identity, self.linker, self.box)
        self.compiles = 0  # fresh g++ runs by this oracle (the cache's effect, for stats)
        self.cache_hits = 0
        self._extra_flags: tuple[str, ...] = self.linker.flags
        self.pch_path: Path | None = None
        self.blocks: PchBlocks | None = None
        self._cache: VerdictCache | None = None
        self._cache_writable = True
        self._private: Path | None = None
        self._stack = ExitStack()  # the private cache folder, if one is needed
        self._remote: RayJudge | None = None  # backend "ray": compiles run as Ray tasks
        try:
            sweep_stale()
            pch_root = pch_dir or default_pch_dir()
            if settings.pch and settings.pch_headers:
                self.pch_path = self._ensure_pch(pch_root)
                pch_root = self.pch_path.parent  # the private folder after a fallback
                self._extra_flags = (*self.linker.flags, f"-I{self.pch_path}")
            if settings.pch and settings.pch_max_blocks and settings.backend == "local":
                self.blocks = PchBlocks(
                    self.compiler_path,
                    self.identity,
                    settings,
                    blocks_root(pch_root, self.identity, settings.flags),
                    settings.pch_headers,
                    self._warn,
                )
            self._self_test()
            if settings.cache:
                self._cache = self._open_cache(cache_path or default_cache_path())
            if settings.backend == "ray":
                from cdpo_core.oracle.ray_backend import RayJudge  # Ray is an optional extra

                self._remote = RayJudge(settings, self.verdict_identity, pch_dir)
                self._stack.callback(self._remote.close)
        except BaseException:
            self._stack.close()
            raise
        if self._remote is not None:
            workers = self._remote.slots  # threads that only wait on Ray tasks
        else:
            workers = settings.workers or os.cpu_count() or 1
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="cdpo-oracle")
        self._lock = threading.Lock()
        self._inflight: dict[str, Future[Verdict]] = {}
        self._closed = False

    def _probe(self, extra: tuple[str, ...]) -> RawResult:
        with job_directory() as tmp:
            argv = self.box.wrap([self.compiler_path, *self.settings.flags, *extra], tmp)
            return run_limited(argv, cwd=tmp, settings=self.settings)

    def _private_cache(self) -> Path:
        # In the system's temporary folder rather than /dev/shm: the PCH is 100+ MB.
        if self._private is None:
            self._private = self._stack.enter_context(
                job_directory(tempfile.gettempdir(), PRIVATE_CACHE_PREFIX)
            )
        return self._private

    def _fallback(self, problem: CacheUnavailable) -> Path:
        folder = self._private_cache()
        self._warn(
            f"{problem.one_line()}; using a private temporary cache in {folder} for this run "
            "(nothing is kept after it)"
        )
        return folder

    def _ensure_pch(self, root: Path) -> Path:
        try:
            return ensure_pch(self.compiler_path, self.identity, self.settings, root)
        except CacheUnavailable as problem:
            folder = self._fallback(problem) / "pch"
            return ensure_pch(self.compiler_path, self.identity, self.settings, folder)

    def _open_cache(self, path: Path) -> VerdictCache:
        try:
            return VerdictCache(path)
        except CacheUnavailable as problem:
            return VerdictCache(self._fallback(problem) / "verdicts.sqlite")

    def _self_test(self) -> None:
        # A toolchain that cannot compile an empty program (no linker, a bad ulimit) would
        # otherwise turn every verdict into "errors": fail once, loudly, instead.
        judged = self._compile(_SELF_TEST)
        if judged.level != "clean":
            detail = "; ".join(d.one_line() for d in judged.diagnostics[:3]) or judged.level
            raise OracleError(
                f"{self.compiler_path} {' '.join(self.settings.flags)} cannot compile an empty "
                f"program ({detail}); check the compiler installation and the oracle flags"
            )

    def _compile(self, code: str) -> Judgement:
        return compile_code(
            code,
            compiler_path=self.compiler_path,
            settings=self.settings,
            extra_flags=self._extra_flags,
            box=self.box,
        )

    def _compile_with_blocks(self, code: str, block: LeadingBlock) -> Judgement:
        choice = self.blocks.choose(block.headers) if self.blocks is not None else None
        if choice is None:
            return self._compile(code)
        judged = compile_code(
            rewrite(code, block, choice.count, choice.synthetic),
            compiler_path=self.compiler_path,
            settings=self.settings,
            extra_flags=(*self.linker.flags, f"-I{choice.directory}"),
            box=self.box,
        )
        if _mentions(judged.diagnostics, choice.synthetic):
            # The synthetic header must never show (its folder was deleted under us, say):
            # judge the program as it was written instead.
            return self._compile(code)
        return judged

    def _verdict(self, judged: Judgement, cached: bool) -> Verdict:
        return Verdict(
            level=judged.level,
            passed=passed_under(judged.level, self.settings.policy),
            categories=judged.categories,
            diagnostics=judged.diagnostics,
            duration_s=judged.duration_s,
            cached=cached,
        )

    def _job(self, key: str, code: str, block: LeadingBlock) -> Verdict:
        if self._remote is not None:
            judged = self._remote.judge(code)
        else:
            judged = self._compile_with_blocks(code, block)
        if self._cache is not None and judged.cacheable and self._cache_writable:
            limits = self.settings
            try:
                self._cache.put(key, judged, limits.timeout_s, limits.memory_mb, limits.max_file_mb)
            except CacheUnavailable as problem:
                with self._lock:
                    first, self._cache_writable = self._cache_writable, False
                if first:  # warn once, not once per worker; lookups go on
                    self._warn(f"{problem.one_line()}; new verdicts are no longer cached")
        with self._lock:
            self.compiles += 1
        return self._verdict(judged, cached=False)

    def submit(self, code: str) -> Future[Verdict]:
        """Start judging `code` and return at once, so compiling overlaps generation."""
        return self._submit(code, None)

    def _submit(self, code: str, counted: LeadingBlock | None) -> Future[Verdict]:
        """`counted`: the program's leading block when the caller has already counted it."""
        if self._closed:
            raise OracleError("this Oracle is closed; open a new one")
        key = cache_key(self.verdict_identity, self.settings.flags, code)
        if self._cache is not None:
            limits = self.settings
            hit = self._cache.get(key, limits.timeout_s, limits.memory_mb, limits.max_file_mb)
            if hit is not None:
                with self._lock:
                    self.cache_hits += 1
                done: Future[Verdict] = Future()
                done.set_result(self._verdict(hit, cached=True))
                return done
        with self._lock:
            running = self._inflight.get(key)
            if running is not None:
                return running
            block = counted if counted is not None else leading_block(code)
            if self.blocks is not None and counted is None:
                self.blocks.seen(block.headers)
            future = self._pool.submit(self._job, key, code, block)
            self._inflight[key] = future
        future.add_done_callback(lambda _: self._forget(key))
        return future

    def _forget(self, key: str) -> None:
        with self._lock:
            self._inflight.pop(key, None)

    def check(self, code: str) -> Verdict:
        """Judge one program (blocking)."""
        return self.submit(code).result()

    def check_many(
        self,
        codes: Sequence[str],
        on_result: Callable[[int, Verdict], None] | None = None,
    ) -> list[Verdict]:
        """Judge many programs in parallel; results in the order of `codes`.

        Args:
            codes: The programs.
            on_result: Called as `on_result(index, verdict)` in the caller's thread as each
                verdict arrives (completion order), e.g. to report progress.
        """
        # The whole batch is counted before its first job starts, so the first program of a
        # frequent block already sees how many follow (counted one by one, a worker could
        # start it after two submissions or after seven, depending on the machine's load).
        # Cache hits count too: at worst a PCH is built a little early; verdicts never change.
        blocks = [leading_block(code) for code in codes]
        if self.blocks is not None:
            for block in blocks:
                self.blocks.seen(block.headers)
        submitted = [self._submit(code, block) for code, block in zip(codes, blocks, strict=True)]
        # The same program twice shares one future: it is compiled once, reported twice.
        indices: dict[Future[Verdict], list[int]] = {}
        for i, future in enumerate(submitted):
            indices.setdefault(future, []).append(i)
        for future in as_completed(indices):
            verdict = future.result()
            for i in indices[future]:
                if on_result is not None:
                    on_result(i, verdict)
        return [future.result() for future in submitted]

    def close(self, *, cancel: bool = False) -> None:
        """Wait for running jobs, then release the workers, the cache and any private folder.

        Args:
            cancel: Drop the jobs that have not started yet (their futures are cancelled), as
                on leaving a `with` block by an exception (Ctrl-C): nobody waits for them.
        """
        if self._closed:
            return
        self._closed = True
        if cancel and self._remote is not None:
            self._remote.cancel()
        self._pool.shutdown(wait=True, cancel_futures=cancel)
        if self._cache is not None:
            self._cache.close()
        self._stack.close()

    def __enter__(self) -> Oracle:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close(cancel=exc is not None)
