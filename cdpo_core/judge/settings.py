"""Settings of the execution judge and its one exception type.

The limits here are the defaults for a test whose problem states none; a problem's own time
and memory limits (CodeNet's `problem_list.csv`) win where they are known. Every field's
limits live in its metadata, so `cdpo set`, the TOML loader and the console's forms check the
same thing (`settings_io.check_field`), and `__post_init__` checks them for direct callers.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

from cdpo_core.errors import CdpoError
from cdpo_core.settings_io import check_field

SANDBOXES = ("auto", "bwrap", "none")


class JudgeError(CdpoError):
    """The judge cannot run at all (sandbox required but unavailable, tests unreadable).

    A failing *program* is never a JudgeError: it is a verdict.
    """


def _help(text: str, **limits: Any) -> dict[str, Any]:
    """Field metadata: the help text and the limits `settings_io.check_field` enforces."""
    return {"help": text, **limits}


@dataclass(frozen=True)
class ExecutionSettings:
    """How compiled programs are run on their tests: limits, comparison, sandbox, workers."""

    enabled: bool = field(
        default=True,
        metadata=_help(
            "Evaluation and graded preferences run every compiled completion on its "
            "problem's tests (pass@1 beside compile success); it does nothing in a session "
            "whose prep stored no tests. false: compile verdicts only, as the paper."
        ),
    )
    time_limit_s: float = field(
        default=2.0,
        metadata=_help(
            "CPU seconds per test when the problem states no limit (RLIMIT_CPU, and the "
            "verdict time_limit past it).",
            above=0.0,
            max=600.0,
        ),
    )
    wall_factor: float = field(
        default=3.0,
        metadata=_help(
            "Wall-clock limit per test = wall_factor x time limit + 1 s: a program that sleeps "
            "uses no CPU, so the wall clock stops it; the whole sandbox is then killed.",
            min=1.0,
            max=100.0,
        ),
    )
    memory_limit_mb: int = field(
        default=256,
        metadata=_help(
            "Address-space limit (RLIMIT_AS, MiB) per test when the problem states none; an "
            "allocation past it is the verdict memory_limit.",
            min=16,
            max=1 << 20,
        ),
    )
    output_limit_mb: int = field(
        default=16,
        metadata=_help(
            "Standard output a program may print per test (MiB); past it the program is "
            "killed with the verdict output_limit.",
            min=1,
            max=4096,
        ),
    )
    scratch_mb: int = field(
        default=16,
        metadata=_help(
            "Size of the private tmpfs the program runs in, and the largest file it may "
            "write (RLIMIT_FSIZE), MiB.",
            min=1,
            max=4096,
        ),
    )
    processes: int = field(
        default=32,
        metadata=_help(
            "Processes and threads a program may have (RLIMIT_NPROC, counted per sandbox): "
            "a fork loop fails to fork past it.",
            min=1,
            max=4096,
        ),
    )
    open_files: int = field(
        default=64, metadata=_help("Open files per process (RLIMIT_NOFILE).", min=8, max=65536)
    )
    float_tolerance: float = field(
        default=1e-6,
        metadata=_help(
            "Where the expected output has a decimal number (a '.' or an exponent), the "
            "program's number there is accepted when |got - expected| <= tol or "
            "<= tol x |expected| (absolute or relative, as AtCoder and Codeforces judge); "
            "integers and words must match exactly; 0 = exact text.",
            min=0.0,
            max=1.0,
        ),
    )
    workers: int = field(
        default=0,
        metadata=_help(
            "Tests run in parallel; 0 = the oracle's workers (one per CPU core by default).",
            min=0,
            max=1024,
        ),
    )
    sandbox: str = field(
        default="auto",
        metadata=_help(
            "bwrap: bubblewrap namespaces + rlimits + a seccomp filter on socket, or fail; "
            "none: rlimits only (no isolation: for trusted programs); auto: bwrap when it "
            "starts, else rlimits only with a warning. Verdicts record the level used.",
            choices=SANDBOXES,
        ),
    )
    cache: bool = field(
        default=True,
        metadata=_help(
            "Remember results in SQLite by binary hash + test hash, so no binary runs twice "
            "on the same test under the same limits."
        ),
    )

    def __post_init__(self) -> None:
        for f in dataclasses.fields(self):
            check_field(f, getattr(self, f.name), f"execution.{f.name}")
