"""Structured diagnostics from g++'s output: `-fdiagnostics-format=json` plus linker text.

GCC 12 prints one JSON array per compiler process on stderr; the assembler, collect2 and ld
know nothing of JSON and print plain lines ("undefined reference to", "multiple definition
of", "collect2: error: ld returned 1 exit status"). Both are turned into the same
`Diagnostic` so that categories and tables never care where a message came from, and the
messages of ld.bfd and gold into the same linker diagnostics (see `linker.py`). A capped
(truncated) output still yields every complete JSON object before the cut.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace
from typing import Any

WARNING_KINDS = frozenset({"warning", "linker warning", "output"})
"""Kinds that make a compile that exited 0 count as `warnings` rather than `clean`."""


@dataclass(frozen=True)
class Diagnostic:
    """One compiler or linker message.

    Attributes:
        kind: "error", "fatal error", "warning", "note", "linker", "linker warning",
            "timeout", "memory", "output_limit" or "output" (unrecognised text).
        message: The message text without location or kind prefix.
        line: 1-based line in the file, None when the message has no location.
        column: 1-based column, None when unknown.
        option: The warning option that enabled it (e.g. "-Wunused-variable"), if any.
        children: Notes attached to this message (candidates, "declared here", ...).
        file: The file the location is in ("prog.cpp" for the program itself).
    """

    kind: str
    message: str
    line: int | None = None
    column: int | None = None
    option: str | None = None
    children: tuple[Diagnostic, ...] = ()
    file: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "message": self.message,
            "line": self.line,
            "column": self.column,
            "option": self.option,
            "file": self.file,
            "children": [c.to_dict() for c in self.children],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Diagnostic:
        return cls(
            kind=str(data["kind"]),
            message=str(data["message"]),
            line=data.get("line"),
            column=data.get("column"),
            option=data.get("option"),
            file=data.get("file"),
            children=tuple(cls.from_dict(c) for c in data.get("children", ())),
        )

    def one_line(self) -> str:
        """`line:col: kind: message`, the form tables and logs show."""
        where = ""
        if self.line is not None:
            where = f"{self.line}:{self.column}: " if self.column is not None else f"{self.line}: "
        return f"{where}{self.kind}: {self.message}"


def _from_json(obj: dict[str, Any]) -> Diagnostic:
    caret: dict[str, Any] = {}
    locations = obj.get("locations") or []
    if locations:
        caret = locations[0].get("caret") or {}
    return Diagnostic(
        kind=str(obj.get("kind", "error")),
        message=str(obj.get("message", "")),
        line=caret.get("line"),
        column=caret.get("column"),
        option=obj.get("option"),
        file=caret.get("file"),
        children=tuple(_from_json(c) for c in obj.get("children") or ()),
    )


def _json_array(text: str, start: int) -> tuple[list[Diagnostic], int] | None:
    """Decode the array at `start`, object by object, so a truncated tail loses only itself.

    Returns the diagnostics and the index just past what was consumed, or None when the text
    at `start` is not a JSON array of objects at all (then it is treated as plain text).
    """
    decoder = json.JSONDecoder()
    pos = start + 1
    found: list[Diagnostic] = []
    while True:
        while pos < len(text) and text[pos] in " \t\r\n,":
            pos += 1
        if pos >= len(text):
            return (found, pos) if found else None
        if text[pos] == "]":
            return found, pos + 1
        try:
            obj, pos = decoder.raw_decode(text, pos)
        except json.JSONDecodeError:
            # A cut-off object at the output cap: keep what came before it.
            return (found, len(text)) if found else None
        if not isinstance(obj, dict):
            return None
        found.append(_from_json(obj))


_IN_FUNCTION = re.compile(r": in function [`'](?P<fn>.+)':$")
_LINKER = re.compile(r"(?P<msg>(?:undefined reference to|multiple definition of) .*)$")
_COLLECT2 = re.compile(r"^collect2: error: ld returned \d+ exit status$")
_PLAIN = re.compile(
    r"^(?:(?P<file>[^:\s][^:]*?):(?:(?P<line>\d+):(?:(?P<col>\d+):)?)? )?"
    r"(?P<kind>fatal error|error|warning|note): (?P<msg>.*)$"
)
_NOISE = re.compile(r"^(compilation terminated\.|In file included from .*|\s+from .*)$")
# gold: `/tmp/ccX.o:prog.cpp:function main: error: undefined reference to 'f()'`.
_GOLD_IN_FUNCTION = re.compile(
    r"^(?P<where>.+?):function (?P<fn>.+?): (?P<kind>error|warning): (?P<msg>.*)$"
)
# ld.bfd: `prog.cpp:(.text+0x1a): undefined reference to `f()'` (the file part is optional).
_BFD_AT = re.compile(r"\(\.[^()\s]*\+0x[0-9a-f]+\): (?:(?P<kind>warning|error): )?(?P<msg>.*)$")
# Lines of the linker itself: `/usr/bin/ld: ...`, `/usr/bin/ld.gold: error: ...`.
_LD_LINE = re.compile(r"^(?:\S*/)?ld(?:\.(?:bfd|gold))?: (?P<rest>.*)$")
_LD_KIND = re.compile(r"^(?:\S+: )?(?P<kind>warning|error): (?P<msg>.*)$")
# What ld.bfd (not gold) adds when a referenced variable is undefined: consequences of the
# failed link, not findings about the program.
_BFD_TEXTREL = re.compile(r"^relocation against .* in read-only section|^creating DT_TEXTREL in")
_GOLD_QUOTES = re.compile(
    r"^(?P<what>undefined reference to|multiple definition of) '(?P<sym>.*)'$"
)
_FIRST_DEFINED = re.compile(r"; \S+: first defined here$")
_OBJECT = re.compile(r"(?:\S*/)?cc[0-9A-Za-z]{6}\.o\b")


def _linker_message(message: str) -> str:
    """One spelling of a linker message, whichever of ld.bfd and gold printed it.

    gold quotes symbols 'like this', ld.bfd `like this'; ld.bfd names the first definition of
    a multiply defined symbol on the same line, gold on a line of its own (dropped). The
    program's object file has a random name (`/tmp/ccAbC123.o`): it is called `prog.o`.
    """
    if m := _LINKER.search(message):
        message = m["msg"]
    message = _FIRST_DEFINED.sub("", message)
    if m := _GOLD_QUOTES.match(message):
        message = f"{m['what']} `{m['sym']}'"
    return _OBJECT.sub("prog.o", message)


def _link_diagnostic(kind: str | None, message: str, context: Diagnostic | None) -> Diagnostic:
    children = (context,) if context and not message.startswith("multiple definition") else ()
    return Diagnostic(
        kind="linker warning" if kind == "warning" else "linker",
        message=_linker_message(message),
        children=children,
    )


def _from_linker(line: str, context: Diagnostic | None) -> tuple[Diagnostic | None, bool]:
    """A linker line as (diagnostic or None, whether the line was the linker's at all)."""
    if m := _GOLD_IN_FUNCTION.match(line):
        fn = Diagnostic(kind="note", message=f"in function `{m['fn']}'")
        return _link_diagnostic(m["kind"], m["msg"], fn), True
    if m := _BFD_AT.search(line):
        return _link_diagnostic(m["kind"], m["msg"], context), True
    if m := _LD_LINE.match(line):
        rest = m["rest"]
        if rest.endswith(": previous definition here"):
            return None, True  # gold's second line about a multiple definition
        if k := _LD_KIND.match(rest):
            return _link_diagnostic(k["kind"], k["msg"], context), True
    return None, False


def _from_text(lines: list[str]) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    context: Diagnostic | None = None
    linker_errors = 0
    for raw in lines:
        line = raw.rstrip()
        if not line or _NOISE.match(line):
            continue
        if m := _IN_FUNCTION.search(line):
            context = Diagnostic(kind="note", message=f"in function `{m['fn']}'")
            continue
        diagnostic, from_linker = _from_linker(line, context)
        if from_linker:
            if diagnostic is not None:
                found.append(diagnostic)
                linker_errors += diagnostic.kind == "linker"
            continue
        if m := _LINKER.search(line):
            found.append(_link_diagnostic(None, m["msg"], context))
            linker_errors += 1
            continue
        if _COLLECT2.match(line):
            # The summary line only matters when ld said nothing we understood.
            if not linker_errors:
                found.append(Diagnostic(kind="linker", message=line))
            continue
        if m := _PLAIN.match(line):
            found.append(
                Diagnostic(
                    kind=m["kind"],
                    message=m["msg"],
                    line=int(m["line"]) if m["line"] else None,
                    column=int(m["col"]) if m["col"] else None,
                    file=m["file"],
                )
            )
            continue
        # Anything else ("cc1plus: out of memory ...", a signal) is kept verbatim, never lost.
        found.append(Diagnostic(kind="output", message=line))
    if linker_errors:
        found = [
            d for d in found if not (d.kind == "linker warning" and _BFD_TEXTREL.match(d.message))
        ]
    return found


def parse_output(text: str) -> tuple[Diagnostic, ...]:
    """All diagnostics in g++'s combined output, in the order they were printed.

    Args:
        text: stdout+stderr of one `g++ -fdiagnostics-format=json` run (possibly capped).
    """
    found: list[Diagnostic] = []
    plain: list[str] = []
    pos = 0
    while pos < len(text):
        end = text.find("\n", pos)
        end = len(text) if end < 0 else end
        if text.startswith("[", pos):
            parsed = _json_array(text, pos)
            if parsed is not None:
                found.extend(_from_text(plain))
                plain = []
                diags, pos = parsed
                found.extend(diags)
                continue
        plain.append(text[pos:end])
        pos = end + 1
    found.extend(_from_text(plain))
    return _adopt_notes(found)


def _adopt_notes(found: list[Diagnostic]) -> tuple[Diagnostic, ...]:
    """Attach top-level notes to the message before them.

    GCC 12 nests notes as `children` only inside a diagnostic group; elsewhere (e.g. the
    candidates of an ambiguous name) it prints them as siblings. Either way they explain the
    message above, so consumers always find them under `children`.
    """
    adopted: list[Diagnostic] = []
    for diagnostic in found:
        if diagnostic.kind == "note" and adopted and adopted[-1].kind != "note":
            parent = adopted[-1]
            adopted[-1] = replace(parent, children=(*parent.children, diagnostic))
        else:
            adopted.append(diagnostic)
    return tuple(adopted)
