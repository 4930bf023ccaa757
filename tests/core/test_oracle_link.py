"""The link step: gold gives the verdicts of ld.bfd, and verdicts of the two never mix.

g++ really links here, once with `linker = "bfd"` and once with `linker = "gold"`; every
link failure a CodeNet program meets (undefined reference, undefined static member, missing
`main`, multiple definition, static data past 2 GiB) and glibc's link-time warnings must
come out with the same level, categories and diagnostics.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from cdpo_core.oracle import Oracle, OracleError, OracleSettings, parse_output
from cdpo_core.oracle.categories import categories_of
from cdpo_core.oracle.compiler import RawResult
from cdpo_core.oracle.linker import choose_linker

GXX = shutil.which("g++")
HAS_GOLD = shutil.which("ld.gold") is not None
# A compile's timeout is the one verdict that depends on the machine's load, not on the
# program: these tests are about programs, so the limit is far away.
NO_TIMEOUT_S = 600.0

LINK_CASES = {
    "undefined": ("int helper(int);\nint main() { return helper(3); }\n", ("undefined_reference",)),
    "static_member": (
        "extern int counter;\nstruct S { static int n; };\nint main() { return counter + S::n; }\n",
        ("undefined_reference",),
    ),
    "no_main": ("int f() { return 1; }\n", ("no_main",)),
    "multiple": ('extern "C" void _start() {}\nint main() { return 0; }\n', ("redefinition",)),
    "tmpnam": (
        "#include <cstdio>\nint main() { char b[L_tmpnam]; return tmpnam(b) == nullptr; }\n",
        ("other_warning",),
    ),
    "huge_static": (
        "int a[800000000];\nint b[800000000];\nint main() { return a[1] + b[2]; }\n",
        ("other_error",),
    ),
    "clean": ('#include <cstdio>\nint main() { std::puts("x"); }\n', ()),
}

# What each linker printed for `undefined` and `multiple` (g++ 12, binutils 2.40).
BFD_UNDEFINED = (
    "[]\n/usr/bin/ld: /tmp/ccxaSud3.o: in function `main':\n"
    "prog.cpp:(.text+0xa): undefined reference to `helper(int)'\n"
    "collect2: error: ld returned 1 exit status\n"
)
GOLD_UNDEFINED = (
    "[]\n/tmp/cctHcgV7.o:prog.cpp:function main: error: undefined reference to 'helper(int)'\n"
    "collect2: error: ld returned 1 exit status\n"
)
BFD_MULTIPLE = (
    "[]\n/usr/bin/ld: /tmp/cc4bbs75.o: in function `_start':\n"
    "prog.cpp:(.text+0x0): multiple definition of `_start'; /usr/lib/x86_64-linux-gnu/"
    "Scrt1.o:(.text+0x0): first defined here\ncollect2: error: ld returned 1 exit status\n"
)
GOLD_MULTIPLE = (
    "[]\n/usr/bin/ld.gold: error: /tmp/ccXOdhrC.o: multiple definition of '_start'\n"
    "/usr/bin/ld.gold: /usr/lib/x86_64-linux-gnu/Scrt1.o: previous definition here\n"
    "collect2: error: ld returned 1 exit status\n"
)


def test_gold_and_bfd_output_read_the_same() -> None:
    # Before gold was read as such, its multiple definition came out as
    # ("redefinition", "other_error") and its undefined reference lost its function.
    for bfd, gold in ((BFD_UNDEFINED, GOLD_UNDEFINED), (BFD_MULTIPLE, GOLD_MULTIPLE)):
        assert parse_output(bfd) == parse_output(gold)
        assert categories_of(parse_output(gold), True) in (
            ("undefined_reference",),
            ("redefinition",),
        )
    (undefined,) = parse_output(GOLD_UNDEFINED)
    assert undefined.message == "undefined reference to `helper(int)'"
    assert undefined.children[0].message == "in function `main'"


@pytest.mark.skipif(GXX is None or not HAS_GOLD, reason="needs g++ and ld.gold")
def test_gold_gives_the_verdicts_of_ld_bfd(tmp_path: Path) -> None:
    names = list(LINK_CASES)
    codes = [LINK_CASES[n][0] for n in names]
    results = {}
    for linker in ("bfd", "gold"):
        settings = OracleSettings(
            timeout_s=NO_TIMEOUT_S, linker=linker, pch=False, cache=False, workers=2
        )
        with Oracle(settings) as oracle:
            assert oracle.linker.name == linker and oracle.linker.version.startswith("GNU")
            results[linker] = oracle.check_many(codes)
    for name, bfd, gold in zip(names, results["bfd"], results["gold"], strict=True):
        expected = LINK_CASES[name][1]
        assert bfd.categories == gold.categories == expected, name
        assert bfd.level == gold.level, name
        if name != "huge_static":  # "relocation truncated to fit" vs "relocation overflow"
            assert bfd.diagnostics == gold.diagnostics, name
    levels = dict(zip(names, (v.level for v in results["gold"]), strict=True))
    assert levels["tmpnam"] == "warnings" and levels["clean"] == "clean"


@pytest.mark.skipif(GXX is None or not HAS_GOLD, reason="needs g++ and ld.gold")
def test_the_linker_is_part_of_the_verdict_cache_key(tmp_path: Path) -> None:
    cache = tmp_path / "verdicts.sqlite"
    code = LINK_CASES["undefined"][0]
    with Oracle(
        OracleSettings(timeout_s=NO_TIMEOUT_S, linker="gold", pch=False), cache_path=cache
    ) as gold:
        assert not gold.check(code).cached
        assert gold.check(code).cached
    with Oracle(
        OracleSettings(timeout_s=NO_TIMEOUT_S, linker="bfd", pch=False), cache_path=cache
    ) as bfd:
        assert not bfd.check(code).cached  # linked by another linker: compiled again
    with Oracle(
        OracleSettings(timeout_s=NO_TIMEOUT_S, linker="auto", pch=False), cache_path=cache
    ) as auto:
        assert auto.linker.name == "gold" and auto.check(code).cached


def test_auto_falls_back_to_the_default_linker_and_lld_mold_are_refused() -> None:
    def probe(flags: tuple[str, ...]) -> RawResult:
        if "-fuse-ld=gold" in flags:  # no ld.gold on this machine
            return RawResult(1, "collect2: fatal error: cannot find 'ld'\n", False, 0.0)
        return RawResult(
            0, "collect2 version 12.2.0\n/usr/bin/ld --version\nGNU ld 2.40\n", False, 0.0
        )

    chosen = choose_linker("auto", probe)
    assert (chosen.name, chosen.flags, chosen.version) == ("default", (), "GNU ld 2.40")
    with pytest.raises(OracleError, match="cannot run ld.gold"):
        choose_linker("gold", probe)
    for refused in ("lld", "mold"):
        with pytest.raises(OracleError, match="unknown oracle linker"):
            OracleSettings(timeout_s=NO_TIMEOUT_S, linker=refused)
