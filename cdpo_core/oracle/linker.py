"""Which linker the oracle links with: GNU gold when it is there, else the compiler's default.

Every job links, so that undefined references and a missing `main` fail as they would for a
user. Measured here (GCC 12, binutils 2.40, a 2-core machine): the link is 0.06-0.1 s of a
0.15-0.3 s compile with a precompiled header, and `-fuse-ld=gold` takes about half of that
off. Of the linkers Debian packages:

* gold (binutils, so present wherever ld is) reports the same failures as ld.bfd (undefined
  reference, missing `main`, multiple definition, relocation overflow) and the same link-time
  warnings (`the use of 'tmpnam' is dangerous`, from glibc's `.gnu.warning` sections), so
  levels and categories are those of the default linker; `diagnostics.py` reads its
  messages into the same diagnostics;
* lld 14 and mold 1.10 drop those link-time warnings, so under the strict policy a program
  calling `tmpnam` would pass with them and fail with plain g++: they are not offered.

The linker takes part in the verdict, so its name and version line belong to the identity
that keys the verdict cache (`Linker.identity`): verdicts linked by gold and by ld.bfd never
mix. Precompiled headers do not depend on the linker and keep the compiler's identity.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from cdpo_core.oracle.compiler import RawResult
from cdpo_core.oracle.settings import LINKERS, OracleError

Probe = Callable[[tuple[str, ...]], RawResult]
"""Runs the compiler with these extra flags and `-Wl,--version` on no input."""


@dataclass(frozen=True)
class Linker:
    """The linker jobs use: its `-fuse-ld` flag (if any) and the version line it printed."""

    name: str
    flags: tuple[str, ...]
    version: str

    @property
    def identity(self) -> str:
        return f"linker: {self.name}\n{self.version}"


def _version_line(output: str) -> str:
    # collect2 prints its own version and the ld command line before ld's own first line.
    for line in output.splitlines():
        if line.strip() and not line.startswith(("collect2 ", "/")):
            return line.strip()
    return ""


def _try(name: str, probe: Probe) -> Linker | None:
    flags = () if name == "default" else (f"-fuse-ld={name}",)
    raw = probe((*flags, "-Wl,--version"))
    version = _version_line(raw.output)
    if raw.returncode != 0 or not version:
        return None
    return Linker(name, flags, version)


def choose_linker(setting: str, probe: Probe) -> Linker:
    """The linker for the `linker` setting, proved to run by asking it for its version.

    Args:
        setting: One of `LINKERS`: auto (gold when it runs, else the default), default
            (whatever g++ links with), gold or bfd (forced).
        probe: Runs the compiler with extra flags (see `Probe`).

    Raises:
        OracleError: A forced linker (`gold`, `bfd`) or the default one does not run.
    """
    if setting == "auto":
        found = _try("gold", probe) or _try("default", probe)
    else:
        found = _try(setting, probe)
    if found is None:
        wanted = "the default linker" if setting in ("auto", "default") else f"ld.{setting}"
        raise OracleError(
            f"the compiler cannot run {wanted} (-Wl,--version failed)",
            "install binutils (`sudo apt-get install binutils`), or set oracle.linker to"
            f" one of {', '.join(LINKERS)}",
        )
    return found
