"""The oracle's compile jobs as Ray tasks (`oracle.backend = "ray"`), for a lab with a cluster.

The Oracle keeps everything that decides *what* is judged and *what is remembered*: keys,
deduplication, the verdict cache (written by the driver only, once per program), progress and
cancellation. Only the g++ run moves: each compile is one Ray task with `num_cpus=1`, so Ray's
scheduler spreads them over every node's cores. A task returns the same `Judgement` a local
compile would, so verdicts are identical.

Why they stay identical on other machines: each worker process works out its node's own
compiler and linker identity once and refuses (OracleError, not retried) to judge when it
differs from the driver's, because the driver's identity keys the verdict cache. That
identity holds the compile sandbox level too: each node opens its own box (`oracle.sandbox`,
`isolation.py`), so a node where bubblewrap cannot start, under a driver where it can,
refuses instead of judging without file isolation. The start-up
precompiled header is built by the first task on each node, under the flock that `ensure_pch`
takes, so once per node however many workers start at once; include-block PCHs are not used
on Ray (they are the driver's bookkeeping, and a PCH never changes a verdict).

Failures: a worker that dies mid-compile (killed, out of memory, node lost) is a system
failure, which Ray retries (`max_retries`) on another worker; the compile runs again from
scratch in a fresh job folder. Only when every try died does the job fail, with an
OracleError: never a verdict. Cancelling (`Oracle.close(cancel=True)`, a stage cancelled
mid-batch) cancels the tasks still queued or running; a running compile gets Ray's
KeyboardInterrupt, and `run_limited` kills its g++ process group on the way out.

Ray is an optional extra (`pip install 'cdpo[ray]'`); without it, asking for the backend is
one OracleError. Every node needs cdpo installed (same version) and g++.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cdpo_core.oracle.cache import CacheUnavailable, default_pch_dir
from cdpo_core.oracle.compiler import (
    Judgement,
    RawResult,
    compile_code,
    job_directory,
    resolve_compiler,
    run_limited,
)
from cdpo_core.oracle.isolation import NO_BOX, CompileBox, open_compile_box
from cdpo_core.oracle.linker import choose_linker
from cdpo_core.oracle.pch import ensure_pch
from cdpo_core.oracle.settings import OracleError, OracleSettings
from cdpo_core.signals import take_back_sigint

MAX_RETRIES = 3  # tries after a worker died mid-compile, before the job fails
# A private local cluster only passes programs and verdicts (kilobytes): keep Ray's shared
# memory store small instead of its default of 30% of the machine's memory.
LOCAL_OBJECT_STORE_BYTES = 128 * 1024 * 1024


@dataclass(frozen=True)
class NodeCompiler:
    """How one worker process compiles: its node's compiler, linker flags, PCH folder, box."""

    compiler_path: str
    verdict_identity: str
    extra_flags: tuple[str, ...]
    box: CompileBox = NO_BOX


_NODE: dict[tuple[OracleSettings, str | None], NodeCompiler] = {}
_NODE_LOCK = threading.Lock()


def node_compiler(settings: OracleSettings, pch_dir: str | None) -> NodeCompiler:
    """This process's compiler for these settings, worked out (and the PCH built) once."""
    from cdpo_core.oracle.pool import (  # pool imports this module lazily
        compiler_identity,
        verdict_identity,
    )

    with _NODE_LOCK:
        known = _NODE.get((settings, pch_dir))
        if known is not None:
            return known
        path = resolve_compiler(settings.compiler)
        identity = compiler_identity(path)
        # Decided per node, as on the driver; a node whose level differs from the driver's
        # has a different verdict identity and refuses to judge (`judge_on_node`).
        box = open_compile_box(
            settings.sandbox, path, logging.getLogger("cdpo_core.oracle").warning
        )

        def probe(extra: tuple[str, ...]) -> RawResult:
            with job_directory() as tmp:
                argv = box.wrap([path, *settings.flags, *extra], tmp)
                return run_limited(argv, cwd=tmp, settings=settings)

        linker = choose_linker(settings.linker, probe)
        extra = linker.flags
        if settings.pch and settings.pch_headers:
            root = Path(pch_dir) if pch_dir else default_pch_dir()
            try:
                pch = ensure_pch(path, identity, settings, root)
                extra = (*linker.flags, f"-I{pch}")
            except CacheUnavailable:
                pass  # a read-only node: compile without the PCH, the verdicts are the same
        known = NodeCompiler(path, verdict_identity(identity, linker, box), extra, box)
        _NODE[(settings, pch_dir)] = known
        return known


def judge_on_node(
    code: str, settings: OracleSettings, verdict_identity: str, pch_dir: str | None
) -> Judgement:
    """The body of one Ray task: compile `code` on this node exactly as the driver would."""
    take_back_sigint()  # Ray cancels a running task with a SIGINT of its own
    node = node_compiler(settings, pch_dir)
    if node.verdict_identity != verdict_identity:
        import socket

        ours, theirs = node.verdict_identity.splitlines(), verdict_identity.splitlines()
        differ = [(a, b) for a, b in zip(ours[1:], theirs[1:], strict=False) if a != b][:1]
        raise OracleError(
            f"node {socket.gethostname()} has a different compiler, linker or compile sandbox "
            f"than the driver ({differ or [(ours[1:2], theirs[1:2])]})",
            "install the same g++, binutils and bubblewrap on every Ray node, or use "
            "oracle.backend = local",
        )
    return compile_code(
        code,
        compiler_path=node.compiler_path,
        settings=settings,
        extra_flags=node.extra_flags,
        box=node.box,
    )


def _import_ray() -> Any:
    try:
        import ray
    except ImportError as exc:
        raise OracleError(
            "oracle.backend = ray needs Ray, which is not installed",
            "install the extra (`pip install 'cdpo[ray]'`), or set oracle.backend = local",
        ) from exc
    return ray


class RayJudge:
    """Runs compile jobs as Ray tasks; one per Oracle, closed with it.

    Connects to `settings.ray_address` (or starts a private local cluster when it is empty),
    unless this process is already connected, in which case that connection is used and left
    open on `close`.

    Args:
        settings: The oracle's settings (sent with every task).
        verdict_identity: The driver's compiler+linker identity; nodes must match it.
        pch_dir: The PCH folder the caller chose, or None for each node's default.

    Raises:
        OracleError: Ray is not installed or the cluster cannot be reached.
    """

    def __init__(
        self, settings: OracleSettings, verdict_identity: str, pch_dir: Path | None
    ) -> None:
        self._ray = ray = _import_ray()
        self._settings = settings
        self._identity = verdict_identity
        self._pch_dir = str(pch_dir) if pch_dir is not None else None
        self._owned = False
        if not ray.is_initialized():
            address = settings.ray_address or "local"
            local = address == "local"
            try:
                ray.init(
                    address=address,
                    num_cpus=(settings.workers or None) if local else None,
                    object_store_memory=LOCAL_OBJECT_STORE_BYTES if local else None,
                    include_dashboard=False,
                    log_to_driver=False,
                    logging_level=logging.WARNING,
                )
            except (ConnectionError, RuntimeError, ValueError) as exc:
                raise OracleError(
                    f"cannot connect to the Ray cluster at {address!r}: {exc}",
                    "start it with `ray start --head` and set oracle.ray_address to its "
                    "address (or `auto`), or leave it empty for a private local cluster",
                ) from exc
            self._owned = True
        self._task = ray.remote(num_cpus=1, max_retries=MAX_RETRIES)(judge_on_node)
        self._lock = threading.Lock()
        self._running: set[Any] = set()
        self._cancelled = False

    @property
    def slots(self) -> int:
        """How many compiles may be in flight: `workers`, else the cluster's CPUs."""
        cpus = int(self._ray.cluster_resources().get("CPU", 1))
        return self._settings.workers or max(cpus, 1)

    def judge(self, code: str) -> Judgement:
        """Compile `code` as one Ray task and wait for it (called from the Oracle's threads).

        Raises:
            OracleError: Every try's worker died, the node's toolchain differs, or the job
                was cancelled.
        """
        ray = self._ray
        with self._lock:
            if self._cancelled:
                raise OracleError("the oracle's Ray jobs were cancelled")
            ref = self._task.remote(code, self._settings, self._identity, self._pch_dir)
            self._running.add(ref)
        try:
            result: Judgement = ray.get(ref)
            return result
        except ray.exceptions.TaskCancelledError as exc:
            raise OracleError("the oracle's Ray jobs were cancelled") from exc
        except ray.exceptions.RayTaskError as exc:
            cause = exc.cause if isinstance(exc.cause, OracleError) else None
            if cause is not None:
                raise cause from exc
            raise OracleError(f"a Ray compile job failed: {exc}") from exc
        except ray.exceptions.RayError as exc:
            raise OracleError(
                f"a Ray compile job failed {MAX_RETRIES + 1} times ({type(exc).__name__}): no "
                "verdict is given for it",
                "check the Ray nodes (`ray status`) for workers that die (memory, disk)",
            ) from exc
        finally:
            with self._lock:
                self._running.discard(ref)

    def cancel(self) -> None:
        """Cancel every queued or running task; later `judge` calls fail at once."""
        with self._lock:
            self._cancelled = True
            running = list(self._running)
        for ref in running:
            self._ray.cancel(ref)

    def close(self) -> None:
        """Disconnect from the cluster if this judge connected (stops a private one)."""
        if self._owned and self._ray.is_initialized():
            self._ray.shutdown()
        self._owned = False
