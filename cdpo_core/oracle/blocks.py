"""A program's leading include block, and how to swap it for one precompiled header.

GCC uses a `.gch` only for the first `#include` of a translation unit, before any other
token. So a precompiled header can stand for a program's first includes only when nothing
but comments and blank lines comes before them: the *leading include block* is the run of
`#include <...>` lines from the top, among comment and blank lines, up to the first line
that is anything else. A `#define`, `#undef`, `#if`, `#pragma`, a quoted include or code
ends it, so a macro defined before or between the includes is never inside a PCH: a program
that starts with `#define _GLIBCXX_DEBUG` has an empty block and gets no block PCH at all.

Applying a PCH built from the first `k` headers of the block replaces the block's first
include line by `#include <SYNTHETIC>` (a header that holds exactly those `k` includes, with
its `.gch` beside it) and the other `k - 1` include lines by empty lines. Every other line,
comments included, stays where it was, so each diagnostic keeps the program's own line and
column; the program is still `prog.cpp`, the main file.

The scanner is deliberately conservative: whatever it is not sure of (a line ending in a
backslash, which splices lines before comments are seen; a possible trigraph; a carriage
return or form feed inside a line; a comment before `#` on the same line) ends the block
there. Ending a block early is always safe, it only makes the PCH cover less.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# The whole line is the directive: `#include <name>`, then at most a `//` comment.
_INCLUDE = re.compile(r"[ \t]*#[ \t]*include[ \t]*<(?P<name>[^<>\n]+)>[ \t]*(?://.*)?")
_DIRECTIVE = re.compile(r"[ \t]*#")


@dataclass(frozen=True)
class LeadingBlock:
    """The leading `#include <...>` lines of a program.

    Attributes:
        headers: The header names, in order (`("bits/stdc++.h",)`); empty when the program
            does not start with an include (after comments and blank lines).
        lines: The 0-based line number of each of those includes.
    """

    headers: tuple[str, ...]
    lines: tuple[int, ...]


def _strip_comments(text: str, in_comment: bool) -> tuple[str, bool]:
    """What is left of a line once its leading comments are skipped, and the comment state."""
    rest = text
    while True:
        if in_comment:
            end = rest.find("*/")
            if end < 0:
                return "", True
            rest, in_comment = rest[end + 2 :], False
        rest = rest.lstrip(" \t")
        if rest.startswith("//") or not rest:
            return "", False
        if not rest.startswith("/*"):
            return rest, False
        rest, in_comment = rest[2:], True


def leading_block(code: str) -> LeadingBlock:
    """The leading include block of `code` (see the module docstring for what counts)."""
    headers: list[str] = []
    lines: list[int] = []
    in_comment = False
    for number, raw in enumerate(code.split("\n")):
        line = raw[:-1] if raw.endswith("\r") else raw
        if line.endswith("\\") or "??" in line or "\r" in line or "\f" in line or "\v" in line:
            break
        started_in_comment = in_comment
        rest, in_comment = _strip_comments(line, in_comment)
        if not rest:
            continue
        match = _INCLUDE.fullmatch(line)
        # Only a line that is the directive from its first column: a line that starts inside
        # a comment (or with one) would lose the comment's end when it is replaced.
        if match is None or started_in_comment or not _DIRECTIVE.match(line):
            break
        headers.append(match["name"])
        lines.append(number)
    return LeadingBlock(tuple(headers), tuple(lines))


def rewrite(code: str, block: LeadingBlock, count: int, synthetic: str) -> str:
    """`code` with its first `count` leading includes replaced by `#include <synthetic>`.

    The first of them becomes the synthetic include, the others empty lines; line numbers,
    the other lines and their columns do not move.
    """
    if not 0 < count <= len(block.headers):
        raise ValueError(f"cannot replace {count} of {len(block.headers)} leading includes")
    lines = code.split("\n")
    first, *others = block.lines[:count]
    lines[first] = f"#include <{synthetic}>"
    for number in others:
        lines[number] = ""
    return "\n".join(lines)


def header_text(headers: tuple[str, ...]) -> str:
    """The synthetic header's text: the same includes, one per line, nothing else."""
    return "".join(f"#include <{name}>\n" for name in headers)
