"""Does a program's output match the expected output? The rules of competitive judges.

* Line ends: `\\r\\n` and `\\r` count as `\\n`.
* Trailing whitespace: ignored at the end of every line, and blank lines at the end of the
  output are ignored (a missing or an extra final newline never fails a program).
* Everything else is exact: the words, the line breaks, the spaces between words. A wrong
  output format ("8\\n15" for "8 15", "Sum: 8" for "8") is a wrong answer.
* Decimal numbers: where the expected token is a decimal number (it has a '.' or an
  exponent: `0.5`, `3.000000`, `1e-9`), the program's token there passes when it is a
  number within `tolerance` of it, absolute or relative: |got - want| <= tol, or
  |got - want| <= tol x |want| (AtCoder's and Codeforces' rule for real-valued answers).
  Integers are never compared with a tolerance: 1000000001 is not 1000000000. A tolerance
  of 0 means exact text.
"""

from __future__ import annotations

import math
import re

_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")
_SPLIT = re.compile(r"(\s+)")


def normalise(text: str) -> list[str]:
    """The lines of `text` with line ends unified, trailing blanks and blank tail removed."""
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    while lines and not lines[-1]:
        lines.pop()
    return lines


def _is_decimal(token: str) -> bool:
    return bool(_NUMBER.fullmatch(token)) and any(c in token for c in ".eE")


def _close(got: str, want: str, tolerance: float) -> bool:
    if not _NUMBER.fullmatch(got):
        return False
    a, b = float(got), float(want)
    if not (math.isfinite(a) and math.isfinite(b)):
        return False
    return abs(a - b) <= tolerance or abs(a - b) <= tolerance * abs(b)


def _line_matches(got: str, want: str, tolerance: float) -> bool:
    if got == want:
        return True
    if tolerance <= 0:
        return False
    # Separators are kept (odd positions) and must match exactly; only numbers may differ.
    got_parts, want_parts = _SPLIT.split(got), _SPLIT.split(want)
    if len(got_parts) != len(want_parts):
        return False
    for i, (g, w) in enumerate(zip(got_parts, want_parts, strict=True)):
        if g == w:
            continue
        if i % 2 or not _is_decimal(w) or not _close(g, w, tolerance):
            return False
    return True


def outputs_match(expected: str, actual: str, tolerance: float) -> bool:
    """Whether `actual` passes for `expected` under the rules in the module docstring."""
    want, got = normalise(expected), normalise(actual)
    if len(want) != len(got):
        return False
    return all(_line_matches(g, w, tolerance) for g, w in zip(got, want, strict=True))
