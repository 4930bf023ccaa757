"""Synthetic negatives: the original continuation with a program-declared identifier misspelt.

Model completions fail in many ways; a misspelt variable is the smallest failure there is (an
"undeclared name" a few characters away from the correct program), which is what makes these
pairs a controlled probe of DPO on near-identical pairs. Only names the program itself declares
are touched, never keywords or library names: misspelling `cout` tests the headers, not the
model. Each candidate is a guess until the compiler says it fails, so the caller checks it.
"""

from __future__ import annotations

import random
import re

CPP_KEYWORDS = frozenset(
    """
alignas alignof and and_eq asm auto bitand bitor bool break case catch char char16_t char32_t
char8_t class compl const constexpr const_cast continue decltype default delete do double
dynamic_cast else enum explicit export extern false float for friend goto if inline int long
mutable namespace new noexcept not not_eq nullptr operator or or_eq private protected public
register reinterpret_cast return short signed sizeof static static_assert static_cast struct
switch template this thread_local throw true try typedef typeid typename union unsigned using
virtual void volatile wchar_t while xor xor_eq define include ifdef ifndef endif pragma
""".split()
)

# Library names that programs commonly (re)declare through macros or typedefs; treating them as
# the program's own would misspell the library instead.
STD_NAMES = frozenset(
    """
std main cin cout cerr endl printf scanf puts gets getchar putchar string vector map set pair
queue stack deque priority_queue list array bitset tuple size_t int64_t uint64_t int32_t
unordered_map unordered_set multiset multimap make_pair push_back pop_back begin end size
first second max min swap sort abs sqrt pow memset fill reverse unique lower_bound upper_bound
greater less ios_base sync_with_stdio tie NULL INT_MAX INT_MIN LLONG_MAX LLONG_MIN EOF
""".split()
)

_TYPE = (
    r"(?:int|long|short|char|double|float|bool|string|auto|unsigned|signed|void|ll|"
    r"size_t|struct|class|typename|const)"
)
_DECLARATIONS = (
    re.compile(rf"\b{_TYPE}\b[\s*&]+([A-Za-z_]\w*)"),  # int n / long long *p / struct Node
    re.compile(r">\s*[*&]*\s*([A-Za-z_]\w*)\s*[;=(,\[{]"),  # vector<int> v; map<a,b> m(...)
    re.compile(r"#\s*define\s+([A-Za-z_]\w*)"),  # #define rep(...)
    re.compile(r"\busing\s+([A-Za-z_]\w*)\s*="),  # using ll = long long
    re.compile(r"\btypedef\b[^;]*?\b([A-Za-z_]\w*)\s*;"),  # typedef long long ll;
)
_IDENTIFIER = re.compile(r"[A-Za-z_]\w*")


def declared_identifiers(program: str) -> list[str]:
    """Names the program declares itself (variables, functions, macros, types), sorted."""
    names = {match.group(1) for pattern in _DECLARATIONS for match in pattern.finditer(program)}
    return sorted(name for name in names if name not in CPP_KEYWORDS and name not in STD_NAMES)


def misspell(name: str, rng: random.Random, taken: set[str]) -> str | None:
    """A typo of `name` (drop, double, swap or replace a character) not already in `taken`."""
    for _ in range(8):
        i = rng.randrange(len(name))
        operation = rng.choice(("drop", "double", "swap", "replace"))
        if operation == "drop" and len(name) > 1:
            typo = name[:i] + name[i + 1 :]
        elif operation == "swap" and len(name) > 1:
            i = min(i, len(name) - 2)
            typo = name[:i] + name[i + 1] + name[i] + name[i + 2 :]
        elif operation == "replace":
            typo = name[:i] + rng.choice("abcdefghijklmnopqrstuvwxyz") + name[i + 1 :]
        else:
            typo = name[:i] + name[i] + name[i:]
        if (
            typo != name
            and _IDENTIFIER.fullmatch(typo)
            and typo not in taken
            and typo not in CPP_KEYWORDS
            and typo not in STD_NAMES
        ):
            return typo
    return None


def misspelt_continuations(prefix: str, target: str, count: int, rng: random.Random) -> list[str]:
    """Up to `count` distinct variants of `target` with some uses of one declared name misspelt.

    Only occurrences inside `target` change, because the prompt (`prefix`) is fixed and only
    the continuation is the rejected answer. Deterministic for a given `rng` state.
    """
    program = prefix + target
    taken = set(_IDENTIFIER.findall(program))
    spans_by_name = {
        name: [m.span() for m in re.finditer(rf"\b{re.escape(name)}\b", target)]
        for name in declared_identifiers(program)
    }
    names = [name for name, spans in spans_by_name.items() if spans]
    found: list[str] = []
    for _ in range(count * 4):
        if not names or len(found) >= count:
            break
        name = rng.choice(names)
        typo = misspell(name, rng, taken)
        if typo is None:
            continue
        spans = spans_by_name[name]
        chosen = sorted(rng.sample(spans, rng.randint(1, len(spans))), reverse=True)
        variant = target
        for start, end in chosen:
            variant = variant[:start] + typo + variant[end:]
        if variant not in found:
            found.append(variant)
    return found
