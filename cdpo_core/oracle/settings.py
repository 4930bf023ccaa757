"""Settings of the compiler oracle and its one exception type."""

from __future__ import annotations

from dataclasses import dataclass, field

from cdpo_core.errors import CdpoError

POLICIES = ("strict", "errors")
LINKERS = ("auto", "default", "gold", "bfd")
BACKENDS = ("local", "ray")
SANDBOXES = ("auto", "bwrap", "none")


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
        metadata={
            "help": "precompiled headers: pch_headers at start-up and, as programs come, "
            "frequent leading include blocks; once per compiler+flags, verdicts unchanged"
        },
    )
    pch_headers: tuple[str, ...] = field(
        default=("bits/stdc++.h", "iostream"),
        metadata={
            "help": "standard headers to precompile; used only when a program includes one "
            "first, so verdicts never change"
        },
    )
    pch_min_uses: int = field(
        default=3,
        metadata={
            "help": "precompile a program's leading include block (e.g. <algorithm> <iostream> "
            "<vector>) once this many programs began with it, counted as they are submitted; "
            "more are needed when an existing PCH already covers most of the block",
            "min": 1,
        },
    )
    pch_max_blocks: int = field(
        default=32,
        metadata={
            "help": "most include-block PCHs kept per compiler+flags in the PCH folder (each "
            "5-100 MB); past it new blocks compile without one; 0 = only pch_headers",
            "min": 0,
        },
    )
    linker: str = field(
        default="auto",
        metadata={
            "help": "auto: GNU gold when it runs (same verdicts, about half the link time), else "
            "g++'s default; default, gold or bfd to choose (lld and mold drop link-time "
            "warnings, so they are not offered)",
            "choices": LINKERS,
        },
    )
    sandbox: str = field(
        default="auto",
        metadata={
            "help": "bwrap: compile in bubblewrap, seeing only /usr, the PCH folders and the "
            "job folder (an absolute #include of any other file is not found), or fail; none: "
            "rlimits only (no file isolation: for trusted programs); auto: bwrap when it "
            "starts, else rlimits only with a warning. The level used keys the verdict cache",
            "choices": SANDBOXES,
        },
    )
    cache: bool = field(
        default=True,
        metadata={"help": "remember verdicts in SQLite so no program is compiled twice"},
    )
    backend: str = field(
        default="local",
        metadata={
            "help": "local: compile on this machine's cores; ray: each compile is a Ray task "
            "(num_cpus=1) on the cluster at ray_address (needs the `ray` extra), same verdicts",
            "choices": BACKENDS,
        },
    )
    ray_address: str = field(
        default="",
        metadata={
            "help": "the Ray cluster of backend ray (`auto`, or host:port of `ray start --head`); "
            "empty = start a private local one for this run"
        },
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
        if self.pch_min_uses < 1:
            raise OracleError(f"oracle pch_min_uses must be >= 1, got {self.pch_min_uses}")
        if self.pch_max_blocks < 0:
            raise OracleError(f"oracle pch_max_blocks must be >= 0, got {self.pch_max_blocks}")
        if self.linker not in LINKERS:
            raise OracleError(
                f"unknown oracle linker {self.linker!r}: use one of {', '.join(LINKERS)}"
            )
        if self.backend not in BACKENDS:
            raise OracleError(
                f"unknown oracle backend {self.backend!r}: use one of {', '.join(BACKENDS)}"
            )
        if self.sandbox not in SANDBOXES:
            raise OracleError(
                f"unknown oracle sandbox {self.sandbox!r}: use one of {', '.join(SANDBOXES)}"
            )
        if not 0 <= self.niceness <= 19:
            raise OracleError(f"oracle niceness must be between 0 and 19, got {self.niceness}")
