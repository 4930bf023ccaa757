"""Settings of the compiler oracle and its one exception type."""

from __future__ import annotations

from dataclasses import dataclass, field

from cdpo_core.errors import CdpoError

POLICIES = ("strict", "errors")


class OracleError(CdpoError):
    """The oracle cannot judge at all (compiler missing, PCH rejected, bad settings).

    A failing *program* is never an OracleError: it is a Verdict. This exception means the
    tool itself is unusable, so the message always says what to do about it.
    """


@dataclass(frozen=True)
class OracleSettings:
    """How every program is compiled and judged; the same object drives CLI flags and TOML."""

    compiler: str = field(
        default="g++", metadata={"help": "C++ compiler driver to run (name on PATH or a path)"}
    )
    flags: tuple[str, ...] = field(
        default=("-std=c++17", "-Wall"),
        metadata={"help": "compiler flags of the session (the paper: -std=c++17 -Wall)"},
    )
    policy: str = field(
        default="strict",
        metadata={
            "help": "strict: any warning fails (the paper's text); "
            "errors: only the exit status counts (the paper's code)"
        },
    )
    timeout_s: float = field(
        default=20.0,
        metadata={"help": "wall-clock seconds per compile; the whole process group is killed"},
    )
    memory_mb: int = field(
        default=2048, metadata={"help": "address-space limit (RLIMIT_AS) for g++ and its children"}
    )
    max_output_bytes: int = field(
        default=256_000, metadata={"help": "cap on the compiler output kept per program"}
    )
    max_file_mb: int = field(
        default=64,
        metadata={
            "help": "largest file (MiB) g++, as or ld may write (RLIMIT_FSIZE): a huge "
            "initialised array fails as file_limit instead of filling /dev/shm"
        },
    )
    workers: int = field(default=0, metadata={"help": "parallel compiles; 0 = one per CPU core"})
    niceness: int = field(
        default=10,
        metadata={
            "help": "CPU priority of the compiler below the model's (0-19): where generation "
            "and compilation share the cores, generation keeps its speed and g++ takes what is "
            "left; 0 = same priority"
        },
    )
    pch: bool = field(
        default=True,
        metadata={"help": "precompile <bits/stdc++.h> and <iostream> once per compiler+flags"},
    )
    pch_headers: tuple[str, ...] = field(
        default=("bits/stdc++.h", "iostream"),
        metadata={
            "help": "standard headers to precompile; used only when a program includes one "
            "first, so verdicts never change"
        },
    )
    cache: bool = field(
        default=True,
        metadata={"help": "remember verdicts in SQLite so no program is compiled twice"},
    )

    def __post_init__(self) -> None:
        if self.policy not in POLICIES:
            raise OracleError(
                f"unknown oracle policy {self.policy!r}: use one of {', '.join(POLICIES)}"
            )
        limits = {
            "timeout_s": self.timeout_s,
            "memory_mb": self.memory_mb,
            "max_output_bytes": self.max_output_bytes,
            "max_file_mb": self.max_file_mb,
        }
        for name, value in limits.items():
            if value <= 0:
                raise OracleError(f"oracle {name} must be positive, got {value}")
        if self.workers < 0:
            raise OracleError(f"oracle workers must be >= 0 (0 = CPU count), got {self.workers}")
        if not 0 <= self.niceness <= 19:
            raise OracleError(f"oracle niceness must be between 0 and 19, got {self.niceness}")
