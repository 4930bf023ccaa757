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
    compile_code,
    job_directory,
    resolve_compiler,
    sweep_stale,
)
from cdpo_core.oracle.pch import ensure_pch
from cdpo_core.oracle.settings import OracleError, OracleSettings
from cdpo_core.oracle.verdict import Verdict, passed_under

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


class Oracle:
    """Judges C++ programs with g++: "compiles or not" for selection and evaluation alike.

    Thread-safe; use as a context manager. Work is done by `workers` threads, each running
    one g++ at a time. A program already judged (same compiler, flags and code) is answered
    from the verdict cache; the same program submitted twice while compiling is compiled once.

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
        self.identity = compiler_identity(self.compiler_path)
        self.compiles = 0  # fresh g++ runs by this oracle (the cache's effect, for stats)
        self.cache_hits = 0
        self._extra_flags: tuple[str, ...] = ()
        self.pch_path: Path | None = None
        self._cache: VerdictCache | None = None
        self._cache_writable = True
        self._private: Path | None = None
        self._stack = ExitStack()  # the private cache folder, if one is needed
        try:
            sweep_stale()
            if settings.pch and settings.pch_headers:
                self.pch_path = self._ensure_pch(pch_dir or default_pch_dir())
                self._extra_flags = (f"-I{self.pch_path}",)
            self._self_test()
            if settings.cache:
                self._cache = self._open_cache(cache_path or default_cache_path())
        except BaseException:
            self._stack.close()
            raise
        workers = settings.workers or os.cpu_count() or 1
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="cdpo-oracle")
        self._lock = threading.Lock()
        self._inflight: dict[str, Future[Verdict]] = {}
        self._closed = False

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
        )

    def _verdict(self, judged: Judgement, cached: bool) -> Verdict:
        return Verdict(
            level=judged.level,
            passed=passed_under(judged.level, self.settings.policy),
            categories=judged.categories,
            diagnostics=judged.diagnostics,
            duration_s=judged.duration_s,
            cached=cached,
        )

    def _job(self, key: str, code: str) -> Verdict:
        judged = self._compile(code)
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
        if self._closed:
            raise OracleError("this Oracle is closed; open a new one")
        key = cache_key(self.identity, self.settings.flags, code)
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
            future = self._pool.submit(self._job, key, code)
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
        submitted = [self.submit(code) for code in codes]
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
