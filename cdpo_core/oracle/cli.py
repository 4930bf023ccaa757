"""`cdpo compile FILE... [--json]`: the oracle as a command-line tool.

The lead wires `compile_files` into the argparse CLI; it returns the exit status.
"""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

from rich.console import Console
from rich.markup import escape

from cdpo_core.errors import CdpoError
from cdpo_core.oracle.diagnostics import Diagnostic
from cdpo_core.oracle.pool import Oracle
from cdpo_core.oracle.settings import OracleSettings
from cdpo_core.oracle.verdict import Verdict

MAX_SOURCE_BYTES = 200_000
"""Default cap on a source file's size: the same as `data.max_file_bytes` for `cdpo prep`."""

_LEVEL_STYLE = {"clean": "green", "warnings": "yellow", "errors": "red", "timeout": "magenta"}
_KIND_STYLE = {"warning": "yellow", "linker warning": "yellow", "note": "cyan"}


def compile_files(
    paths: list[Path],
    *,
    as_json: bool,
    settings: OracleSettings,
    console: Console,
    max_bytes: int = MAX_SOURCE_BYTES,
) -> int:
    """Judge each file and print the verdicts.

    Args:
        paths: C++ source files.
        as_json: One JSON object per line per file (`file`, `level`, `passed`, `categories`,
            `diagnostics`, ...) instead of the human report.
        settings: The oracle's settings (flags, policy, limits).
        console: Where results go; error and warning lines go to stderr.
        max_bytes: Larger files are refused (a source file, not a data dump or /dev/zero).

    Returns:
        0 when every file passes under the policy, 1 when any fails, 2 when a file cannot
        be read or is refused (each such file gets one line; nothing is compiled then).
    """
    stderr = Console(stderr=True, soft_wrap=True)
    codes: list[str] = []
    problems = 0
    for path in paths:
        try:
            codes.append(read_source(path, max_bytes))
        except SourceRefused as exc:
            stderr.print(f"[red]error:[/] {escape(str(exc))}", highlight=False)
            problems += 1
    if problems:
        return 2

    def warn(message: str) -> None:
        stderr.print(f"[yellow]warning:[/] {escape(message)}", highlight=False)

    with Oracle(settings, warn=warn) as oracle:
        verdicts = oracle.check_many(codes)
    for path, verdict in zip(paths, verdicts, strict=True):
        if as_json:
            console.file.write(json.dumps({"file": str(path), **verdict.to_dict()}) + "\n")
        else:
            _print_verdict(console, path, verdict, settings.policy)
    if not as_json and len(paths) > 1:
        passed = sum(v.passed for v in verdicts)
        console.print(f"{passed}/{len(paths)} passed under the {settings.policy} policy")
    return 0 if all(v.passed for v in verdicts) else 1


class SourceRefused(CdpoError):
    """A path that is not a readable source file of acceptable size; the message says why."""


def read_source(path: Path, max_bytes: int) -> str:
    """The text of a regular file of at most `max_bytes` bytes, or SourceRefused.

    The type is checked with stat() before opening: opening a FIFO would block, and reading
    /dev/zero or /dev/urandom never ends. The read itself stops at `max_bytes + 1` bytes, in
    case the file grows after the check.
    """
    name = str(path)
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            kind = _file_kind(info.st_mode)
            raise SourceRefused(f"{name} is {kind}, not a regular file: give a C++ source file")
        if info.st_size > max_bytes:
            raise SourceRefused(_too_big(name, info.st_size, max_bytes))
        fd = os.open(path, os.O_RDONLY | os.O_NOCTTY)
        with os.fdopen(fd, "rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError as exc:
        raise SourceRefused(f"cannot read {name}: {exc.strerror or type(exc).__name__}") from exc
    if len(data) > max_bytes:
        raise SourceRefused(_too_big(name, len(data), max_bytes))
    return data.decode("utf-8", errors="surrogateescape")


def _too_big(name: str, size: int, max_bytes: int) -> str:
    return (
        f"{name} has {size:,} bytes, more than the limit of {max_bytes:,}: "
        "pass --max-bytes N to allow larger files"
    )


def _file_kind(mode: int) -> str:
    kinds = (
        (stat.S_ISDIR, "a folder"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISFIFO, "a named pipe"),
        (stat.S_ISSOCK, "a socket"),
    )
    return next((label for test, label in kinds if test(mode)), "a special file")


def _print_verdict(console: Console, path: Path, verdict: Verdict, policy: str) -> None:
    style = _LEVEL_STYLE.get(verdict.level, "")
    outcome = "[green]PASS[/]" if verdict.passed else "[red]FAIL[/]"
    cached = " [dim](cached)[/]" if verdict.cached else ""
    categories = f"  [dim]{', '.join(verdict.categories)}[/]" if verdict.categories else ""
    console.print(
        f"{outcome} [bold]{escape(str(path))}[/]: [{style}]{verdict.level}[/] "
        f"[dim]({policy}, {verdict.duration_s:.2f} s)[/]{cached}{categories}"
    )
    for diagnostic in verdict.diagnostics:
        _print_diagnostic(console, diagnostic, depth=1)


def _print_diagnostic(console: Console, diagnostic: Diagnostic, depth: int) -> None:
    style = _KIND_STYLE.get(diagnostic.kind, "red")
    where = ""
    if diagnostic.line is not None:
        col = f":{diagnostic.column}" if diagnostic.column is not None else ""
        where = f"{diagnostic.line}{col} "
    option = f" [dim]\\[{escape(diagnostic.option)}][/]" if diagnostic.option else ""
    console.print(
        f"{'  ' * depth}{where}[{style}]{escape(diagnostic.kind)}[/]: "
        f"{escape(diagnostic.message)}{option}",
        highlight=False,
    )
    for child in diagnostic.children:
        _print_diagnostic(console, child, depth + 1)
