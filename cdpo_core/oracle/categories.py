"""Failure categories: one table of regular expressions over diagnostics.

Each rule names a category, which diagnostics it looks at (errors or warnings) and a regex
matched against the message (and, for warnings, the `-W` option that produced it). The
first rule that matches a diagnostic names it; diagnostics no rule matches become
`other_error` / `other_warning`. A verdict lists the categories of its diagnostics in the
order g++ printed them, errors first, so `categories[0]` is the headline failure.

| category             | looks at | matches                                                     |
|----------------------|----------|-------------------------------------------------------------|
| no_code_block        | reply    | a chat model's reply held no code, so nothing was compiled  |
| timeout              | job      | the compile ran past `timeout_s` and was killed             |
| memory               | both     | out of memory / virtual memory exhausted / killed cc1plus   |
| output_limit         | job      | output exceeded `max_output_bytes` (kept alongside others)  |
| file_limit           | job      | a file g++/as/ld wrote grew past `max_file_mb` (SIGXFSZ)    |
| killed               | job      | the compiler was killed by a signal the oracle did not send |
| compiler_crash       | errors   | internal compiler error, segmentation fault                 |
| template_depth       | errors   | template instantiation depth exceeds, constexpr ... limit   |
| no_main              | errors   | undefined reference to `main'                               |
| undefined_reference  | errors   | undefined reference to (linker)                             |
| redefinition         | errors   | redefinition of, conflicting declaration, multiple definition|
| missing_brace_eof    | errors   | expected '}' at end of input, ... at end of input           |
| missing_header       | errors   | <header>: No such file or directory                         |
| undeclared_name      | errors   | was not declared in this scope, has not been declared,      |
|                      |          | does not name a type, was not declared                      |
| no_member            | errors   | has no member named, is not a member of                     |
| no_matching_function | errors   | no matching function, too many/few arguments to function    |
| ambiguous            | errors   | is ambiguous                                                |
| narrowing            | both     | narrowing conversion                                        |
| type_mismatch        | errors   | cannot convert, invalid conversion, no match for 'operator, |
|                      |          | invalid operands, could not convert, conversion from ...    |
| const_violation      | errors   | read-only, discards qualifiers                              |
| lvalue_required      | errors   | lvalue required, cannot bind non-const lvalue reference     |
| return_type          | both     | -Wreturn-type, return-statement with(out) a value           |
| expected_token       | errors   | expected ... before/after, expected primary-expression,     |
|                      |          | expected unqualified-id, expected declaration, stray        |
| unused               | warnings | -Wunused-*, unused variable, defined but not used           |
| sign_compare         | warnings | -Wsign-compare                                              |
| uninitialized        | warnings | -Wuninitialized, -Wmaybe-uninitialized                      |
| parentheses          | warnings | -Wparentheses                                               |
| format               | warnings | -Wformat*                                                   |
| sequence_point       | warnings | -Wsequence-point                                            |
| misleading_indent    | warnings | -Wmisleading-indentation                                    |
| array_bounds         | warnings | -Warray-bounds*, -Wstringop-*                               |
| other_error          | errors   | anything else that made the compile fail                    |
| other_warning        | warnings | anything else printed by a compile that exited 0            |
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from cdpo_core.oracle.diagnostics import WARNING_KINDS, Diagnostic

ERROR_KINDS = frozenset({"error", "fatal error", "linker"})
NO_CODE_BLOCK = "no_code_block"
"""A reply with no program in it (see `prompts.reply_category`); set by evaluation, not g++."""
JOB_KINDS = ("timeout", "output_limit", "file_limit", "killed")
"""Diagnostics the oracle adds about the job itself; each kind is its own category."""


@dataclass(frozen=True)
class Rule:
    """One row of the table: `category` when `pattern` matches a diagnostic of `scope`."""

    category: str
    scope: str  # "errors", "warnings" or "both"
    pattern: re.Pattern[str]


def _rule(category: str, scope: str, pattern: str) -> Rule:
    return Rule(category, scope, re.compile(pattern, re.IGNORECASE))


RULES: tuple[Rule, ...] = (
    _rule(
        "memory",
        "both",
        r"out of memory|virtual memory exhausted|cannot allocate memory|std::bad_alloc"
        r"|killed signal terminated program",
    ),
    # Before compiler_crash: g++ calls a SIGXFSZ death an "internal compiler error".
    _rule("file_limit", "errors", r"file size limit exceeded"),
    _rule("compiler_crash", "errors", r"internal compiler error|segmentation fault"),
    _rule("template_depth", "errors", r"template instantiation depth exceeds|constexpr.*limit"),
    _rule("no_main", "errors", r"undefined reference to [`']main'"),
    _rule("undefined_reference", "errors", r"undefined reference to"),
    _rule(
        "redefinition",
        "errors",
        r"redefinition of|conflicting declaration|redeclared as different kind"
        r"|multiple definition of|previously declared|ambiguating new declaration",
    ),
    _rule("missing_brace_eof", "errors", r"at end of input"),
    _rule("missing_header", "errors", r"no such file or directory"),
    _rule(
        "undeclared_name",
        "errors",
        r"was not declared in this scope|has not been declared|does not name a type"
        r"|was not declared|is not a template|not declared",
    ),
    _rule("no_member", "errors", r"has no member named|is not a member of"),
    _rule(
        "no_matching_function",
        "errors",
        r"no matching (member )?function|too (many|few) arguments to|cannot be used as a function",
    ),
    _rule("ambiguous", "errors", r"is ambiguous"),
    _rule("narrowing", "both", r"narrowing conversion|-Wnarrowing"),
    _rule(
        "type_mismatch",
        "errors",
        r"cannot convert|invalid conversion|no match for .?operator|invalid operands"
        r"|could not convert|conversion from .* to non-scalar|incompatible types"
        r"|invalid (user-defined )?conversion|cannot bind|invalid initialization",
    ),
    _rule("const_violation", "errors", r"read-only|discards qualifiers|assignment of constant"),
    _rule("lvalue_required", "errors", r"lvalue required|lvalue as"),
    _rule(
        "return_type",
        "both",
        r"-Wreturn-type|return-statement with(out)? a value|control reaches end of non-void"
        r"|no return statement",
    ),
    _rule(
        "expected_token",
        "errors",
        r"^expected |stray .* in program|missing terminating|before .* token",
    ),
    _rule("unused", "warnings", r"-Wunused|unused variable|defined but not used|set but not used"),
    _rule("sign_compare", "warnings", r"-Wsign-compare"),
    _rule("uninitialized", "warnings", r"-W(maybe-)?uninitialized"),
    _rule("parentheses", "warnings", r"-Wparentheses"),
    _rule("format", "warnings", r"-Wformat"),
    _rule("sequence_point", "warnings", r"-Wsequence-point"),
    _rule("misleading_indent", "warnings", r"-Wmisleading-indentation"),
    _rule("array_bounds", "warnings", r"-Warray-bounds|-Wstringop"),
)


def categorize(diagnostic: Diagnostic, failed: bool) -> str | None:
    """The category of one top-level diagnostic; None for notes, which never fail a compile.

    Args:
        diagnostic: A top-level diagnostic of the verdict.
        failed: Whether the compile failed; unrecognised output ("cc1plus: out of memory")
            then counts as an error, otherwise as a warning.
    """
    if diagnostic.kind in JOB_KINDS:
        return diagnostic.kind
    if diagnostic.kind in ERROR_KINDS or (diagnostic.kind == "output" and failed):
        scope = "errors"
    elif diagnostic.kind in WARNING_KINDS:
        scope = "warnings"
    else:
        return None
    text = f"{diagnostic.message} {diagnostic.option or ''}"
    for rule in RULES:
        if rule.scope in (scope, "both") and rule.pattern.search(text):
            return rule.category
    return "other_error" if scope == "errors" else "other_warning"


def categories_of(diagnostics: Iterable[Diagnostic], failed: bool) -> tuple[str, ...]:
    """Distinct categories in print order, every error category before any warning one."""
    errors: list[str] = []
    warnings: list[str] = []
    for diagnostic in diagnostics:
        category = categorize(diagnostic, failed)
        if category is None:
            continue
        is_error = diagnostic.kind in ERROR_KINDS or (diagnostic.kind == "output" and failed)
        # The job's own failures lead (a timeout keeps its old place, after g++'s errors).
        job_failure = category in JOB_KINDS and category != "timeout"
        bucket = errors if is_error or job_failure else warnings
        if category not in bucket:
            bucket.append(category)
    return tuple(errors + [w for w in warnings if w not in errors])
