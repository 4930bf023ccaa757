"""One compile job: g++ in a private directory, with a clean environment and hard limits.

The program is written to `prog.cpp` in a fresh temporary directory (on /dev/shm when it
exists, so object files never touch a disk), compiled AND linked, so that linker errors
(undefined reference, missing `main`) and code-generation warnings (-Wreturn-type) count.

Limits, so that no program can hang or sink the run:
* wall clock: the compiler runs in its own process group; past `timeout_s` the whole group
  (driver, cc1plus, as, ld) is killed with SIGKILL. A process group, not a new session: with
  the kernel's autogroup scheduling (on by default) every session is its own scheduling group
  with a full share of the CPU, so the niceness below would be ignored and each g++ would
  take a core's worth of time from the model's threads (generation ran 10x slower);
* memory and files: RLIMIT_AS and RLIMIT_FSIZE are set by a tiny
  `/bin/sh -c 'ulimit -v ...; ulimit -f ...; exec g++ ...'` wrapper instead of `preexec_fn`.
  Why: `preexec_fn` runs Python in the forked child, which the Python docs call unsafe with
  threads (the oracle runs in a thread pool, next to generation threads) and it forces a
  full fork() instead of vfork(), which is slow in a large process.
  The file limit stops a program like `char a[1 << 30] = {1};`, whose object file and
  binary would otherwise write 2 GB into /dev/shm: the writer gets SIGXFSZ, the compile fails
  with the `file_limit` category;
* priority: g++ runs `niceness` steps below the caller, so compiling next to generation on
  the same cores does not slow generation down (the model's threads wait on each other);
* output: only the first `max_output_bytes` are kept; the rest is read and dropped so the
  compiler never blocks on a full pipe;
* the parent's death: every job folder is named after its owner process and announced to
  the reaper (`reaper.py`), which kills the compilers and removes the folder when cdpo dies,
  even by SIGKILL; `sweep_stale` cleans up after owners whose reaper died with them.

Only the compile itself decides a verdict. A compile stopped by something that is not a
property of the program (our timeout, which depends on the machine's load; a signal from
outside, such as the OOM killer's) fails, and is marked not `cacheable`.
"""

from __future__ import annotations

import os
import re
import selectors
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

from cdpo_core.oracle.categories import categories_of
from cdpo_core.oracle.diagnostics import WARNING_KINDS, Diagnostic, parse_output
from cdpo_core.oracle.isolation import NO_BOX, CompileBox, include_dirs
from cdpo_core.oracle.reaper import LIFELINE, owner_tag, sweep
from cdpo_core.oracle.settings import OracleError, OracleSettings

SOURCE_NAME = "prog.cpp"
JSON_FLAG = "-fdiagnostics-format=json"
JOB_PREFIX = "cdpo-oracle-"
PRIVATE_CACHE_PREFIX = "cdpo-cache-"
# $1: address-space limit in KiB, $2: file-size limit in 512-byte blocks (the unit POSIX sh
# uses, dash and bash-as-sh alike), $3: niceness, then the command. `nice` (coreutils) lowers
# the priority before g++ starts, so every process it forks inherits it, with no race.
_LIMIT_SCRIPT = (
    'ulimit -c 0 && ulimit -v "$1" && ulimit -f "$2" && n="$3" && shift 3 && exec nice -n "$n" "$@"'
)
# A compiler process killed by a signal none of our limits sends: the OOM killer, a person.
# (SIGXFSZ, "File size limit exceeded", is ours and deterministic; SIGSEGV is a compiler bug.)
_OUTSIDE_SIGNAL = re.compile(
    r"(killed|terminated|interrupt|hangup|quit) signal terminated program", re.IGNORECASE
)
_FILE_LIMIT = re.compile(r"file size limit exceeded", re.IGNORECASE)


@dataclass(frozen=True)
class RawResult:
    """What one run of the compiler produced, before any interpretation."""

    returncode: int | None  # None when it was killed for the timeout; < 0: killed by a signal
    output: str
    truncated: bool
    duration_s: float


@dataclass(frozen=True)
class Judgement:
    """A compile's level, categories and diagnostics: the part of a verdict worth caching."""

    level: str
    categories: tuple[str, ...]
    diagnostics: tuple[Diagnostic, ...]
    duration_s: float
    cacheable: bool = True  # False when something other than the program decided the level


def resolve_compiler(compiler: str) -> str:
    """The absolute path of the compiler, or an OracleError that says how to get one."""
    found = shutil.which(compiler)
    if found is None:
        raise OracleError(
            f"C++ compiler {compiler!r} not found on PATH. The oracle needs g++ (GCC >= 12): "
            "install it with `sudo apt-get install g++` (Debian/Ubuntu), `brew install gcc` "
            "(macOS) or `conda install -c conda-forge gxx`, or point OracleSettings.compiler at it"
        )
    return found


def clean_env(workdir: Path) -> dict[str, str]:
    """A minimal environment: C locale (stable English messages), no CPATH/GCC_* leaks."""
    return {
        "PATH": os.environ.get("PATH", os.defpath),
        "LC_ALL": "C",
        "LANG": "C",
        "TMPDIR": str(workdir),
        "HOME": str(workdir),
    }


def job_root() -> str | None:
    """Where job directories go: /dev/shm when usable (RAM), else the system default."""
    shm = "/dev/shm"
    return shm if os.path.isdir(shm) and os.access(shm, os.W_OK | os.X_OK) else None


@contextmanager
def job_directory(root: str | Path | None = None, prefix: str = JOB_PREFIX) -> Iterator[Path]:
    """A fresh folder `<root>/<prefix><pid>-<start>-XXXX`, removed afterwards, even by the reaper.

    Args:
        root: Parent folder; None means `job_root()` (RAM when available).
        prefix: Start of the name; `sweep_stale` looks for it.
    """
    path = Path(tempfile.mkdtemp(prefix=f"{prefix}{owner_tag()}-", dir=root or job_root()))
    try:
        LIFELINE.watch(path)
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)
        LIFELINE.unwatch(path)


def sweep_stale() -> list[str]:
    """Kill and remove what compiles of dead oracle processes left behind (see `reaper`)."""
    tmp = tempfile.gettempdir()
    return [
        *sweep(job_root() or tmp, JOB_PREFIX),
        *sweep(tmp, PRIVATE_CACHE_PREFIX),
    ]


CANCEL_POLL_S = 0.1
"""How long `run_limited` blocks at most before a pending interrupt (a Ray cancel) is seen."""


def run_limited(argv: Sequence[str], *, cwd: Path, settings: OracleSettings) -> RawResult:
    """Run `argv` under the settings' time, memory and output limits; never raises for it."""
    kib = settings.memory_mb * 1024
    blocks = settings.max_file_mb * 2048
    command = [
        "/bin/sh",
        "-c",
        _LIMIT_SCRIPT,
        "sh",
        str(kib),
        str(blocks),
        str(settings.niceness),
        *argv,
    ]
    start = time.monotonic()
    deadline = start + settings.timeout_s
    proc = subprocess.Popen(
        command,
        cwd=cwd,
        env=clean_env(cwd),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        process_group=0,
    )
    assert proc.stdout is not None
    kept = bytearray()
    truncated = False
    timed_out = False
    fd = proc.stdout.fileno()
    try:
        with selectors.DefaultSelector() as selector:
            selector.register(fd, selectors.EVENT_READ)
            while True:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    timed_out = True
                    break
                # Short waits: Ray cancels a running task by raising KeyboardInterrupt between
                # bytecodes, which a blocking select would hold off until g++ ends (minutes).
                if not selector.select(min(remaining, CANCEL_POLL_S)):
                    continue
                chunk = os.read(fd, 65536)
                if not chunk:
                    break
                room = settings.max_output_bytes - len(kept)
                if len(chunk) > room:
                    truncated = True
                kept += chunk[: max(room, 0)]
        if not timed_out:
            try:
                proc.wait(timeout=max(deadline - time.monotonic(), 0.001))
            except subprocess.TimeoutExpired:
                timed_out = True
    finally:
        if timed_out or proc.returncode is None:
            _kill_group(proc)
        proc.stdout.close()
    return RawResult(
        returncode=None if timed_out else proc.returncode,
        output=kept.decode("utf-8", errors="replace"),
        truncated=truncated,
        duration_s=time.monotonic() - start,
    )


def _kill_group(proc: subprocess.Popen[bytes]) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass  # already gone: nothing left to stop
    proc.wait()


def judge(raw: RawResult, settings: OracleSettings) -> Judgement:
    """Turn the compiler's exit status and output into a level with diagnostics."""
    diagnostics = list(parse_output(raw.output))
    if raw.truncated:
        diagnostics.append(
            Diagnostic(
                kind="output_limit",
                message=f"compiler output exceeded {settings.max_output_bytes} bytes; "
                "the rest was dropped",
            )
        )
    messages = [d.message for d in diagnostics]
    # A timeout depends on the machine's load, an outside signal on the machine's state.
    cacheable = raw.returncode is not None and not any(map(_OUTSIDE_SIGNAL.search, messages))
    if raw.returncode is None:
        diagnostics.insert(
            0,
            Diagnostic(
                kind="timeout",
                message=f"compilation ran longer than {settings.timeout_s:g} s and was killed",
            ),
        )
        level = "timeout"
    elif raw.returncode < 0:
        cacheable = False
        diagnostics.insert(
            0,
            Diagnostic(
                kind="killed",
                message=f"the compiler was killed by {_signal_name(-raw.returncode)}, which "
                "the oracle did not send (the system's OOM killer, a person): compile again",
            ),
        )
        level = "errors"
    elif raw.returncode != 0:
        level = "errors"
    elif raw.truncated or any(d.kind in WARNING_KINDS for d in diagnostics):
        level = "warnings"
    else:
        level = "clean"
    if level == "errors" and any(map(_FILE_LIMIT.search, messages)):
        diagnostics.insert(
            0,
            Diagnostic(
                kind="file_limit",
                message=f"a file the compiler wrote grew past {settings.max_file_mb} MiB "
                "(oracle max_file_mb), so the compile was stopped",
            ),
        )
    failed = level in ("errors", "timeout")
    return Judgement(
        level=level,
        categories=categories_of(diagnostics, failed) if level != "clean" else (),
        diagnostics=tuple(diagnostics),
        duration_s=raw.duration_s,
        cacheable=cacheable,
    )


def _signal_name(number: int) -> str:
    try:
        return signal.Signals(number).name
    except ValueError:
        return f"signal {number}"


def compile_code(
    code: str,
    *,
    compiler_path: str,
    settings: OracleSettings,
    extra_flags: Sequence[str] = (),
    box: CompileBox = NO_BOX,
) -> Judgement:
    """Compile and link `code` once, in its own directory, and judge the result.

    Args:
        code: The whole C++ program.
        compiler_path: Absolute path of the compiler driver (see `resolve_compiler`).
        settings: Flags and limits.
        extra_flags: Flags that must not change the verdict (the PCH include directory).
        box: Where g++ (and the linker it runs) is confined (`isolation.open_compile_box`):
            it may read the `-I` folders of the flags (the PCHs), nothing else of the user's.
    """
    with job_directory() as workdir:
        (workdir / SOURCE_NAME).write_text(code, encoding="utf-8", errors="surrogateescape")
        argv = [
            compiler_path,
            *settings.flags,
            JSON_FLAG,
            *extra_flags,
            SOURCE_NAME,
            "-o",
            "prog",
        ]
        argv = box.wrap(argv, workdir, include_dirs([*settings.flags, *extra_flags]))
        raw = run_limited(argv, cwd=workdir, settings=settings)
        return judge(replace(raw, returncode=box.returncode(raw.returncode)), settings)
