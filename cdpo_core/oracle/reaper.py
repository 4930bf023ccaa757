"""Compilers die with the process that started them, even when it is killed with SIGKILL.

The oracle's timeout runs in the parent: once the parent is gone, nothing stops a runaway
g++ (one outlived a `kill -9` of its stage by 8.5 minutes) and its job folder stays in
/dev/shm. What does not work, and why:

* `PR_SET_PDEATHSIG` fires when the parent *thread* that forked the child exits, is reset in
  every child the driver forks (cc1plus, as, ld are grandchildren, so they would live on),
  and needs `preexec_fn`, which the oracle avoids (see `compiler.py`);
* killing the process group from the dying parent is impossible under SIGKILL;
* `PR_SET_CHILD_SUBREAPER` only changes who inherits the orphans, it stops nothing.

So each oracle process has one small reaper (this file run as a script: `Lifeline`). The
parent writes `["+", dir]` to the reaper's stdin before a compiler starts in `dir` and
`["-", dir]` once the folder is gone. The write end of that pipe is held by the process, not
by a thread, and the kernel closes it when the process dies however it dies: the reaper then
reads end of file, SIGKILLs every process whose working directory is a folder still listed
(the driver, cc1plus, as, ld: all of them run there, whatever their process group) until none
is left, and removes the folders. Finding processes by working directory needs no pid
bookkeeping, so there is no window between starting a compiler and announcing it.

The reaper leads its own process group, so a signal to the stage's group (the console's
cancel, a terminal's Ctrl-C) does not reach it. It runs as `python -I -S` on this file alone:
standard library only, nothing imported from cdpo. What it does not cover: a reaper killed
together with its parent (the OOM killer, `kill -9` of both) leaves folders and compilers
behind; the next oracle's start-up sweep (`sweep`) kills and removes those whose owner is dead.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

_PROC = Path("/proc")
_ROUNDS = 1000  # x 10 ms: how long `reap` keeps killing before it gives up (a stuck D state)


def start_ticks(pid: int) -> int | None:
    """When process `pid` started, in clock ticks since boot; None if it is gone or a zombie.

    Field 22 of /proc/PID/stat, which never changes for a process: unlike psutil's
    `create_time()` (boot time from the wall clock plus this field) it does not move when
    the clock is set, so a live owner is never mistaken for a dead one.
    """
    try:
        text = (_PROC / str(pid) / "stat").read_text()
    except OSError:
        return None
    fields = text.rsplit(")", 1)[1].split()  # after "(comm)": state, ppid, ...
    return None if fields[0] in ("Z", "X") else int(fields[19])


def owner_tag() -> str:
    """`PID-STARTTICKS` of this process, put in the name of every folder its compilers use."""
    return f"{os.getpid()}-{start_ticks(os.getpid()) or 0}"


def processes_in(path: str) -> list[int]:
    """The live processes whose working directory is `path` or a folder below it."""
    found = []
    for entry in _PROC.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cwd = os.readlink(entry / "cwd")
        except OSError:
            continue  # gone, a zombie, or another user's
        if cwd == path or cwd.startswith(path + "/"):
            found.append(int(entry.name))
    return found


def reap(path: str) -> None:
    """SIGKILL every process working in `path` until none is left, then remove `path`.

    Killing first matters: a cc1plus still running would write into the folder while it is
    being removed.
    """
    if _PROC.is_dir():
        for _ in range(_ROUNDS):
            pids = processes_in(path)
            if not pids:
                break
            for pid in pids:
                try:
                    os.kill(pid, signal.SIGKILL)
                except OSError:
                    pass  # already gone, or not ours to kill
            time.sleep(0.01)  # SIGKILL is asynchronous: look again once they had time to die
    shutil.rmtree(path, ignore_errors=True)


def sweep(root: str, prefix: str) -> list[str]:
    """Reap the folders `<root>/<prefix><pid>-<ticks>-*` whose owner process is dead.

    A folder of a live owner is left alone, whoever it is; a pid that was reused since does
    not count as the owner, because its start time differs. Folders without an owner tag
    (from older versions) are left alone too: nothing says whether they are in use.

    Returns:
        The folders reaped.
    """
    if not _PROC.is_dir():
        return []  # no /proc: liveness cannot be proven, so nothing is touched
    pattern = re.compile(re.escape(prefix) + r"(\d+)-(\d+)-")
    reaped = []
    try:
        entries = list(os.scandir(root))
    except OSError:
        return []
    for entry in entries:
        match = pattern.match(entry.name)
        if match is None or not entry.is_dir(follow_symlinks=False):
            continue
        pid, ticks = int(match[1]), int(match[2])
        if start_ticks(pid) == ticks:
            continue
        reap(os.path.realpath(entry.path))
        reaped.append(entry.path)
    return reaped


class Lifeline:
    """This process's end of the reaper: announce folders before compilers work in them.

    One per process (`LIFELINE`); started on first use, restarted if the reaper died, and
    dropped in a child made by a bare `fork()`, so that a forked worker neither keeps the
    parent's reaper waiting nor shares it.
    """

    def __init__(self) -> None:
        self._reset()

    def _reset(self) -> None:
        self._lock = threading.Lock()
        self._fd: int | None = None
        self._proc: subprocess.Popen[bytes] | None = None
        self._watched: set[str] = set()

    def watch(self, path: Path) -> None:
        """Have `path` reaped if this process dies before `unwatch(path)`."""
        real = os.path.realpath(path)  # what /proc/PID/cwd will show
        with self._lock:
            self._watched.add(real)
            self._send("+", real)

    def unwatch(self, path: Path) -> None:
        """`path` is gone (or no longer ours to clean up)."""
        real = os.path.realpath(path)
        with self._lock:
            self._watched.discard(real)
            self._send("-", real)

    def _send(self, op: str, path: str) -> None:
        if self._fd is not None:
            try:
                _write_all(self._fd, _line(op, path))
                return
            except BrokenPipeError:
                self._stop()  # the reaper died (killed by hand, the OOM killer)
        if self._watched:
            self._start()  # a fresh reaper, told everything still watched

    def _start(self) -> None:
        read_end, write_end = os.pipe()  # both close-on-exec: no compiler inherits them
        try:
            self._proc = subprocess.Popen(
                [sys.executable, "-I", "-S", __file__],
                stdin=read_end,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                cwd="/",
                process_group=0,
            )
        except BaseException:
            os.close(write_end)
            raise
        finally:
            os.close(read_end)
        self._fd = write_end
        for path in sorted(self._watched):
            _write_all(write_end, _line("+", path))

    def _stop(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None
        if self._proc is not None:
            self._proc.poll()  # collect it if it has exited, so no zombie is left
            self._proc = None

    def _after_fork_in_child(self) -> None:
        # The parent's reaper belongs to the parent; this child starts its own if it compiles.
        if self._fd is not None:
            try:
                os.close(self._fd)
            except OSError:
                pass
        self._reset()  # with a fresh lock: a thread of the parent may have held the old one


def _line(op: str, path: str) -> bytes:
    return (json.dumps([op, path]) + "\n").encode()


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


LIFELINE = Lifeline()
os.register_at_fork(after_in_child=LIFELINE._after_fork_in_child)


def main() -> None:
    """The reaper: read announcements until the parent is gone, then reap what is left."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    watched: set[str] = set()
    for line in sys.stdin.buffer:
        try:
            op, path = json.loads(line)
        except ValueError:
            continue  # a half-written line from a parent killed mid-write
        if op == "+":
            watched.add(path)
        else:
            watched.discard(path)
    for path in sorted(watched):
        reap(path)


if __name__ == "__main__":
    main()
