"""The Oracle: parallel, cached, deduplicated compile jobs behind check/check_many/submit."""

from __future__ import annotations

import os
import subprocess
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor, as_completed
from pathlib import Path
from types import TracebackType

from cdpo_core.oracle.cache import (
    VerdictCache,
    cache_key,
    default_cache_path,
    default_pch_dir,
)
from cdpo_core.oracle.compiler import Judgement, compile_code, resolve_compiler
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

    Args:
        settings: Compiler, flags, policy and limits.
        cache_path: SQLite verdict cache; None means `default_cache_path()` when
            `settings.cache` is on (and no cache when it is off).
        pch_dir: Where precompiled headers live; None means `default_pch_dir()`.

    Raises:
        OracleError: The compiler is missing or broken, or a precompiled header is rejected.
    """

    def __init__(
        self,
        settings: OracleSettings = OracleSettings(),  # noqa: B008 (frozen, so shared safely)
        cache_path: Path | None = None,
        *,
        pch_dir: Path | None = None,
    ) -> None:
        self.settings = settings
        self.compiler_path = resolve_compiler(settings.compiler)
        self.identity = compiler_identity(self.compiler_path)
        self.compiles = 0  # fresh g++ runs by this oracle (the cache's effect, for stats)
        self.cache_hits = 0
        self._extra_flags: tuple[str, ...] = ()
        if settings.pch and settings.pch_headers:
            root = pch_dir or default_pch_dir()
            self.pch_path: Path | None = ensure_pch(
                self.compiler_path, self.identity, settings, root
            )
            self._extra_flags = (f"-I{self.pch_path}",)
        else:
            self.pch_path = None
        self._self_test()
        self._cache: VerdictCache | None = None
        if settings.cache:
            self._cache = VerdictCache(cache_path or default_cache_path())
        workers = settings.workers or os.cpu_count() or 1
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="cdpo-oracle")
        self._lock = threading.Lock()
        self._inflight: dict[str, Future[Verdict]] = {}
        self._closed = False

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
        if self._cache is not None:
            self._cache.put(key, judged, self.settings.timeout_s, self.settings.memory_mb)
        with self._lock:
            self.compiles += 1
        return self._verdict(judged, cached=False)

    def submit(self, code: str) -> Future[Verdict]:
        """Start judging `code` and return at once, so compiling overlaps generation."""
        if self._closed:
            raise OracleError("this Oracle is closed; open a new one")
        key = cache_key(self.identity, self.settings.flags, code)
        if self._cache is not None:
            hit = self._cache.get(key, self.settings.timeout_s, self.settings.memory_mb)
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

    def close(self) -> None:
        """Wait for running jobs, then release the workers and the cache."""
        if self._closed:
            return
        self._closed = True
        self._pool.shutdown(wait=True, cancel_futures=False)
        if self._cache is not None:
            self._cache.close()

    def __enter__(self) -> Oracle:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
