"""One marker per kind of compiler message, shared by the program gutter and the list.

Colour alone does not tell an error from a warning on a monochrome terminal or to a
colour-blind reader, so each severity also has its own shape.
"""

from __future__ import annotations

from typing import Literal

from cdpo_core.oracle.compiler import SOURCE_NAME
from cdpo_core.oracle.diagnostics import Diagnostic

Severity = Literal["error", "warning", "note"]

ERROR_KINDS = frozenset({"error", "fatal error", "linker", "timeout", "memory", "output_limit"})
"""Kinds that make a program fail; everything else only warns or explains."""

MARKER: dict[Severity, str] = {"error": "✖", "warning": "▲", "note": "●"}
STYLE: dict[Severity, str] = {"error": "bold red", "warning": "yellow", "note": "cyan"}
RANK: dict[Severity, int] = {"error": 0, "warning": 1, "note": 2}
"""Lower is worse: a line with an error and a note is marked as an error."""


def severity(kind: str) -> Severity:
    """The severity of a diagnostic kind as `cdpo_core.oracle.diagnostics.Diagnostic` names it."""
    if kind in ERROR_KINDS:
        return "error"
    if kind == "note":
        return "note"
    return "warning"


def program_line(d: Diagnostic) -> int | None:
    """The program's line a diagnostic points at; None for a header's line or no location.

    A note may point into a system header ("candidate: ... in <iostream>"): its line number
    means nothing in the program and must not be marked or jumped to.
    """
    if d.line is None or (d.file is not None and not d.file.endswith(SOURCE_NAME)):
        return None
    return d.line


def line_marks(diagnostics: tuple[Diagnostic, ...]) -> dict[int, Severity]:
    """The worst severity reported on each line of the program, notes included."""
    marks: dict[int, Severity] = {}
    for d in diagnostics:
        for item in (d, *d.children):
            line = program_line(item)
            if line is None:
                continue
            level = severity(item.kind)
            if line not in marks or RANK[level] < RANK[marks[line]]:
                marks[line] = level
    return marks


def first_error_line(diagnostics: tuple[Diagnostic, ...]) -> int | None:
    """Where "jump to error" goes: the first error's line, else the first located message."""
    located = [d for d in diagnostics if program_line(d) is not None]
    errors = [d for d in located if severity(d.kind) == "error"]
    chosen = (errors or located or [None])[0]
    return None if chosen is None else program_line(chosen)
