"""Compile a program to a binary, inside the sandbox, exactly as the oracle judges it.

The oracle compiles and links `prog.cpp` to `prog` in a job folder and throws the binary
away; the runner needs the binary, so it compiles the same way (same flags, the same
precompiled headers, the same `run_limited` limits and `judge` interpretation, so the
compile level is the oracle's) and keeps `prog` while the tests run.

The compiler runs inside `Sandbox.wrap_compile`: without it `#include "/etc/passwd"`, or any
absolute include, lets g++ read any file the user can, and its text lands in the
diagnostics and so in `session.db`. The oracle adopts the same protection with one line in
`compiler.compile_code` (`argv = wrap(argv, workdir)` before `run_limited`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from pathlib import Path

from cdpo_core.oracle.compiler import JSON_FLAG, SOURCE_NAME, Judgement, judge, run_limited
from cdpo_core.oracle.settings import OracleSettings

BINARY_NAME = "prog"
Wrap = Callable[[Sequence[str], Path], list[str]]


def compile_binary(
    code: str,
    workdir: Path,
    *,
    compiler_path: str,
    settings: OracleSettings,
    extra_flags: Sequence[str] = (),
    wrap: Wrap,
) -> Judgement:
    """Compile and link `code` to `workdir/prog` and judge the compile as the oracle does.

    Args:
        code: The whole C++ program.
        workdir: An empty job folder (see `oracle.compiler.job_directory`).
        compiler_path: Absolute path of the compiler driver.
        settings: The oracle's flags and compile limits.
        extra_flags: Flags that must not change the verdict (the PCH include directory).
        wrap: Puts the compiler command into the sandbox (`Sandbox.wrap_compile`).
    """
    (workdir / SOURCE_NAME).write_text(code, encoding="utf-8", errors="surrogateescape")
    argv = [compiler_path, *settings.flags, JSON_FLAG, *extra_flags, SOURCE_NAME, "-o", BINARY_NAME]
    return judge(run_limited(wrap(argv, workdir), cwd=workdir, settings=settings), settings)


def file_digest(path: Path) -> str:
    """sha256 of a file's bytes: the binary's half of a result's cache key."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
