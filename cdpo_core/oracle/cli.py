"""`cdpo compile FILE... [--json]`: the oracle as a command-line tool.

The lead wires `compile_files` into the argparse CLI; it returns the exit status.
"""

from __future__ import annotations

import json
from pathlib import Path

from rich.console import Console
from rich.markup import escape

from cdpo_core.oracle.diagnostics import Diagnostic
from cdpo_core.oracle.pool import Oracle
from cdpo_core.oracle.settings import OracleSettings
from cdpo_core.oracle.verdict import Verdict

_LEVEL_STYLE = {"clean": "green", "warnings": "yellow", "errors": "red", "timeout": "magenta"}
_KIND_STYLE = {"warning": "yellow", "linker warning": "yellow", "note": "cyan"}


def compile_files(
    paths: list[Path], *, as_json: bool, settings: OracleSettings, console: Console
) -> int:
    """Judge each file and print the verdicts.

    Args:
        paths: C++ source files.
        as_json: One JSON object per line per file (`file`, `level`, `passed`, `categories`,
            `diagnostics`, ...) instead of the human report.
        settings: The oracle's settings (flags, policy, limits).
        console: Where results go; the error line for a bad file goes to stderr.

    Returns:
        0 when every file passes under the policy, 1 when any fails, 2 when a file cannot
        be read (nothing is compiled then).
    """
    codes: list[str] = []
    for path in paths:
        try:
            codes.append(path.read_text(encoding="utf-8", errors="surrogateescape"))
        except OSError as exc:
            reason = exc.strerror or type(exc).__name__
            Console(stderr=True, soft_wrap=True).print(
                f"[red]error:[/] cannot read {escape(str(path))}: {escape(reason)}"
            )
            return 2
    with Oracle(settings) as oracle:
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
