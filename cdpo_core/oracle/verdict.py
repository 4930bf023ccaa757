"""The oracle's answer for one program, and how a policy turns a level into pass/fail."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from cdpo_core.oracle.diagnostics import Diagnostic
from cdpo_core.oracle.settings import POLICIES, OracleError

LEVELS = ("clean", "warnings", "errors", "timeout")
_FAILING_KINDS = frozenset({"error", "fatal error", "linker", "timeout", "file_limit", "killed"})


def passed_under(level: str, policy: str) -> bool:
    """Whether a compile at `level` passes under `policy`.

    `strict` is the paper's text (a warning is a failure); `errors` is what the paper's code
    did (only the exit status counts). A timeout never passes.
    """
    if level not in LEVELS:
        raise OracleError(f"unknown verdict level {level!r}: expected one of {', '.join(LEVELS)}")
    if policy not in POLICIES:
        raise OracleError(f"unknown oracle policy {policy!r}: use one of {', '.join(POLICIES)}")
    if policy == "strict":
        return level == "clean"
    return level in ("clean", "warnings")


@dataclass(frozen=True)
class Verdict:
    """What g++ said about one program.

    Attributes:
        level: "clean", "warnings", "errors" or "timeout".
        passed: Whether the level passes under the policy the verdict was judged with.
        categories: Failure categories, headline first (see `categories.py`); empty if clean.
        diagnostics: Top-level messages with their notes as children.
        duration_s: Wall-clock seconds the compile took (of the original compile if cached).
        cached: True when the verdict came from the verdict cache, not a fresh compile.
    """

    level: str
    passed: bool
    categories: tuple[str, ...] = ()
    diagnostics: tuple[Diagnostic, ...] = ()
    duration_s: float = 0.0
    cached: bool = False

    @property
    def first_error(self) -> str:
        """The first failing message on one line (an error before any warning), "" if clean."""
        errors = [d for d in self.diagnostics if d.kind in _FAILING_KINDS]
        pick = errors or [d for d in self.diagnostics if d.kind != "note"]
        if not pick:
            return ""
        return " ".join(pick[0].one_line().split())[:300]

    def under(self, policy: str) -> Verdict:
        """The same verdict judged with another policy."""
        return replace(self, passed=passed_under(self.level, policy))

    def to_dict(self) -> dict[str, Any]:
        return {
            "level": self.level,
            "passed": self.passed,
            "categories": list(self.categories),
            "diagnostics": [d.to_dict() for d in self.diagnostics],
            "duration_s": self.duration_s,
            "cached": self.cached,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Verdict:
        return cls(
            level=str(data["level"]),
            passed=bool(data["passed"]),
            categories=tuple(data.get("categories", ())),
            diagnostics=tuple(Diagnostic.from_dict(d) for d in data.get("diagnostics", ())),
            duration_s=float(data.get("duration_s", 0.0)),
            cached=bool(data.get("cached", False)),
        )
