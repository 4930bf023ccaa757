"""Compiles in a bubblewrap sandbox: what g++ may read is what a compile needs, nothing else.

Why: g++ opens whatever a program names. `#include "/etc/passwd"`, `#include "../../x"` or
any absolute include would read a file of the user's, and its text lands in the diagnostics,
which are stored (the verdict cache, `session.db`) and shown. Inside the box the compiler
sees a read-only /usr (itself, the headers, binutils: gold and ld run inside too), the
distribution's /lib*, /bin and /sbin (symlinks or folders), its own installation when it
lives outside /usr, the precompiled-header folders it is given with `-I` (read-only), the
job folder read-write at its own path (so diagnostics name the same files as without the
box), /dev/null, a private /tmp, and no network (`--unshare-all`). Any other path is "No
such file or directory": a compile error, never the file's text.

This module holds the bubblewrap knowledge the oracle and the execution judge share
(`judge/sandbox.py` builds its compile and run command lines from these helpers): the
library binds, the user-namespace variants, and the compile command line.

Levels (`CompileBox.level`): "bwrap" (the box) or "rlimits" (the compile runs as before:
rlimits, own process group, niced; no isolation of files). `oracle.sandbox` chooses: "auto"
(bwrap when it starts, else rlimits with ONE warning), "bwrap" (OracleError when it cannot
start), "none" (rlimits, for trusted programs). The level reached is part of the oracle's
verdict identity, so verdicts of the two levels never mix in the verdict cache (see
`Oracle.verdict_identity`). Time, memory and file limits stay `run_limited`'s: it runs the
box's command line, so the limits apply to bwrap and everything inside it.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from cdpo_core.oracle.settings import OracleError

LIBRARIES = ("/usr/lib", "/usr/lib64", "/usr/lib32", "/lib", "/lib64", "/lib32")
PROGRAM_DIRS = ("/bin", "/sbin")  # symlinks into /usr on a merged-/usr distribution
# Tried in order: a locked-down user namespace first; a setuid bwrap (older distributions)
# may refuse --disable-userns, and is still a sandbox without it.
USERNS_VARIANTS: tuple[tuple[str, ...], ...] = (("--unshare-user", "--disable-userns"), ())
_PROBE_TIMEOUT_S = 30.0


def library_binds() -> list[str]:
    """Mirror the host's library folders (merged /usr: symlinks stay symlinks)."""
    out: list[str] = []
    for path in LIBRARIES:
        if os.path.islink(path):
            out += ["--symlink", os.readlink(path), path]
        elif os.path.isdir(path):
            out += ["--ro-bind", path, path]
    return out


def strip_usr(binds: Sequence[str]) -> list[str]:
    """The library binds without those under /usr, which the compile binds whole."""
    out: list[str] = []
    for i in range(0, len(binds), 3):
        op, src, dest = binds[i : i + 3]
        if not dest.startswith("/usr/"):
            out += [op, src, dest]
    return out


def compile_argv(
    bwrap: str,
    userns: Sequence[str],
    argv: Sequence[str],
    workdir: Path,
    read_only: Sequence[Path] = (),
    libraries: Sequence[str] | None = None,
) -> list[str]:
    """`argv` (a compiler command run in `workdir`) inside bubblewrap, for `run_limited`.

    Args:
        bwrap: Path of the bwrap binary.
        userns: The user-namespace flags that worked here (one of `USERNS_VARIANTS`).
        argv: The compiler command; argv[0] an absolute path.
        workdir: The job folder, bound read-write at its own path and the working directory.
        read_only: Further folders the compile reads (precompiled headers).
        libraries: `library_binds()` computed once by the caller; None computes it now.
    """
    binds = ["--ro-bind", "/usr", "/usr"]
    for folder in PROGRAM_DIRS:  # a `#!/bin/sh` compiler wrapper, tools g++ runs by name
        if os.path.islink(folder):
            binds += ["--symlink", os.readlink(folder), folder]
        elif os.path.isdir(folder):
            binds += ["--ro-bind", folder, folder]
    home = Path(os.path.realpath(argv[0])).parent.parent
    if not home.is_relative_to("/usr"):
        binds += ["--ro-bind", str(home), str(home)]
    for path in read_only:  # -try: a PCH folder removed meanwhile is a missing include
        binds += ["--ro-bind-try", str(path), str(path)]
    return [
        bwrap,
        "--unshare-all",
        *userns,
        "--die-with-parent",
        *strip_usr(library_binds() if libraries is None else libraries),
        # The private /tmp first: a PCH or job folder under /tmp is bound on top of it
        # (bound before it, the tmpfs would hide it and g++ would silently skip the PCH).
        "--tmpfs",
        "/tmp",
        *binds,
        "--dev-bind",
        "/dev/null",
        "/dev/null",
        "--bind",
        str(workdir),
        str(workdir),
        "--remount-ro",
        "/",
        "--chdir",
        str(workdir),
        "--",
        *argv,
    ]


def include_dirs(flags: Sequence[str]) -> list[Path]:
    """The folders named by `-I<dir>` / `-I <dir>` in `flags` (the oracle's PCH folders)."""
    out: list[Path] = []
    for i, flag in enumerate(flags):
        if flag == "-I" and i + 1 < len(flags):
            out.append(Path(flags[i + 1]))
        elif flag.startswith("-I") and len(flag) > 2:
            out.append(Path(flag[2:]))
    return [path for path in out if path.is_absolute() and path.is_dir()]


@dataclass(frozen=True)
class CompileBox:
    """How the oracle's compiles are isolated here; build it with `open_compile_box`.

    Attributes:
        level: "bwrap" or "rlimits" (no file isolation).
        bwrap: Path of bwrap at level "bwrap".
        userns: The user-namespace flags that worked.
    """

    level: str
    bwrap: str | None = None
    userns: tuple[str, ...] = ()

    def wrap(self, argv: Sequence[str], workdir: Path, read_only: Sequence[Path] = ()) -> list[str]:
        """`argv` inside the box (see `compile_argv`); unchanged at level "rlimits"."""
        if self.bwrap is None:
            return list(argv)
        return compile_argv(self.bwrap, self.userns, argv, workdir, read_only)

    def returncode(self, code: int | None) -> int | None:
        """The compiler's status as `run_limited` reports it without the box.

        bwrap exits with 128 + N when the compiler was killed by signal N (g++ itself never
        exits above 4), so a compiler killed inside the box stays "killed, not cacheable".
        """
        if self.bwrap is not None and code is not None and code - 128 in signal.valid_signals():
            return 128 - code
        return code


NO_BOX = CompileBox("rlimits")


def open_compile_box(mode: str, compiler_path: str, warn: Callable[[str], None]) -> CompileBox:
    """The box `mode` asks for, proven by running the compiler inside it once.

    Args:
        mode: `OracleSettings.sandbox`: "auto", "bwrap" or "none".
        compiler_path: The compiler's absolute path (the probe runs `--version` in the box).
        warn: Called with one line when auto falls back to rlimits only.

    Raises:
        OracleError: mode "bwrap" and bubblewrap is missing or cannot start here.
    """
    if mode == "none":
        return NO_BOX
    bwrap = shutil.which("bwrap")
    reason = "is not installed"
    if bwrap is not None:
        for userns in USERNS_VARIANTS:
            box = CompileBox("bwrap", bwrap, userns)
            reason = _probe(box, compiler_path)
            if not reason:
                return box
    if mode == "bwrap":
        raise OracleError(
            f"bubblewrap {reason}, and oracle.sandbox = bwrap requires it for compiles",
            "install it (apt-get install bubblewrap, or `make sandbox`), or set "
            "oracle.sandbox = auto to compile with rlimits only",
        )
    warn(
        f"oracle sandbox: bubblewrap {reason}; compiling with rlimits only, WITHOUT file "
        "isolation: a program's absolute #include can read any file of this user's "
        "(install bubblewrap: apt-get install bubblewrap)"
    )
    return NO_BOX


def _probe(box: CompileBox, compiler_path: str) -> str:
    """ "" when the compiler runs inside `box` (its `--version`), else why not."""
    with tempfile.TemporaryDirectory(prefix="cdpo-box-probe-") as tmp:
        argv = box.wrap([compiler_path, "--version"], Path(tmp))
        try:
            done = subprocess.run(
                argv,
                cwd=tmp,
                env={"PATH": os.environ.get("PATH", os.defpath), "LC_ALL": "C"},
                stdin=subprocess.DEVNULL,
                capture_output=True,
                timeout=_PROBE_TIMEOUT_S,
                check=False,
            )
        except (OSError, subprocess.SubprocessError) as exc:
            return f"cannot start ({getattr(exc, 'strerror', None) or exc})"
    if done.returncode == 0 and done.stdout.strip():
        return ""
    detail = done.stderr.decode("utf-8", "replace").strip().splitlines()
    return f"cannot start here ({detail[-1] if detail else f'exit {done.returncode}'})"
