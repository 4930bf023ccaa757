"""Include-block PCHs: the leading block's scanner, the rewrite, and verdicts that never change.

g++ really runs here, with small blocks (<cassert>, <vector>, <cstdio>) so that each PCH
builds in well under a second. Every verdict with block PCHs is compared with the same
program judged without any PCH (`pch = False`): level, categories and diagnostics.
"""

from __future__ import annotations

import dataclasses
import shutil
import stat
from pathlib import Path

import pytest

from cdpo_core.oracle import Oracle, OracleError, OracleSettings, Verdict
from cdpo_core.oracle.blocks import LeadingBlock, leading_block, rewrite

GXX = shutil.which("g++")
needs_gxx = pytest.mark.skipif(GXX is None, reason="g++ is not installed")

BLOCK = "#include <cassert>\n#include <vector>\n"
# Programs that start with BLOCK (seen 3 times, so it gets its PCH), each failing or passing
# in its own way; the line numbers below are the program's own.
SAME_BLOCK = {
    "clean": BLOCK + "int main() { std::vector<int> v(3); assert(v.size() == 3); }\n",
    "warn_unused": BLOCK + "int main() {\n    int unused = 1;\n    std::vector<int> v;\n}\n",
    "err_undeclared": BLOCK + "int main() {\n    return missing_name;\n}\n",
    "err_no_matching": BLOCK + "int main() { std::vector<int> v; v.push_back(1, 2); }\n",
    "err_clash": BLOCK
    + "using namespace std;\nint vector = 3;\nint main() { return vector<int>(); }\n",
    "link_undefined": BLOCK + "int helper(int);\nint main() { return helper(2); }\n",
    "warn_assert_side": BLOCK + "int main() { int x = 0; assert(x = 1); return x; }\n",
}


def counting_compiler(tmp: Path) -> tuple[Path, Path]:
    """A `g++` that logs each launch (its arguments) and then runs the real g++.

    Oracles using it need `sandbox="none"`: the compile box cannot write the log.
    """
    log = tmp / "launches.log"
    script = tmp / "g++-counted"
    script.write_text(f'#!/bin/sh\necho "$$ $*" >> "{log}"\nexec "{GXX}" "$@"\n')
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    return script, log


def launches(log: Path, *contains: str) -> int:
    """Launches whose arguments hold every one of `contains`."""
    if not log.exists():
        return 0
    return sum(all(c in line for c in contains) for line in log.read_text().splitlines())


def settings(**changes: object) -> OracleSettings:
    base = OracleSettings(cache=False, pch_headers=(), workers=1, pch_min_uses=3)
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


def without_pch(codes: list[str]) -> list[Verdict]:
    with Oracle(settings(pch=False)) as plain:
        return plain.check_many(codes)


def same(a: Verdict, b: Verdict) -> bool:
    return (a.level, a.categories, a.diagnostics) == (b.level, b.categories, b.diagnostics)


# --- the scanner and the rewrite (no compiler) -------------------------------------------------


@pytest.mark.parametrize(
    ("code", "headers"),
    [
        ("#include <cstdio>\n#include <vector>\nint main() {}\n", ("cstdio", "vector")),
        (
            "// c\n\n/* a\n   b */\n#include<cstdio>  // io\n  #  include <map>\nx",
            ("cstdio", "map"),
        ),
        ("#define NDEBUG\n#include <cassert>\n", ()),
        ("#include <vector>\n#define _GLIBCXX_DEBUG\n#include <map>\n", ("vector",)),
        ('#include <vector>\n#include "mine.h"\n#include <map>\n', ("vector",)),
        ("#include <vector>\n#pragma once\n#include <map>\n", ("vector",)),
        ("#include <vector>\nusing namespace std;\n#include <map>\n", ("vector",)),
        ("#include <vector> \\\n\n#include <map>\n", ()),  # a backslash splices lines
        ("// comment \\\n#include <map>\n", ()),  # ... even at the end of a comment
        ("/* x */ #include <map>\n", ()),  # a comment before `#` on the line
        ("/* open\n#include <map>\n*/ #include <set>\n", ()),  # inside a comment, then after
        ("#include <map> /* x */\n", ()),
        ("#include <map>\r\n#include <set>\r\nint x;\r\n", ("map", "set")),
        ("#include <map>\f\n", ()),
        ("#include_next <map>\n", ()),
        ("\ufeff#include <map>\n", ()),  # a byte-order mark: not sure, so no block
        ("#include <map>??/\n", ()),
        ("#include <a//b>\n#include <set>\n", ("a//b", "set")),
        ("", ()),
    ],
)
def test_leading_block(code: str, headers: tuple[str, ...]) -> None:
    assert leading_block(code).headers == headers


def test_rewrite_keeps_every_other_line_in_place() -> None:
    code = "// head\n#include <cstdio>\n/* between */\n#include <vector>\n#include <map>\nint x;\n"
    block = leading_block(code)
    assert block == LeadingBlock(("cstdio", "vector", "map"), (1, 3, 4))
    two = rewrite(code, block, 2, "cdpo-pch-k.h")
    assert two.split("\n") == [
        "// head",
        "#include <cdpo-pch-k.h>",
        "/* between */",
        "",
        "#include <map>",
        "int x;",
        "",
    ]
    assert rewrite(code, block, 3, "s.h").count("\n") == code.count("\n")
    with pytest.raises(ValueError):
        rewrite(code, block, 4, "s.h")


# --- block PCHs with g++ -----------------------------------------------------------------------


@needs_gxx
def test_a_frequent_block_is_built_once_and_used_with_identical_verdicts(tmp_path: Path) -> None:
    compiler, log = counting_compiler(tmp_path)
    codes = list(SAME_BLOCK.values())
    counted = settings(compiler=str(compiler), sandbox="none")
    with Oracle(counted, pch_dir=tmp_path / "pch") as oracle:
        verdicts = oracle.check_many(codes)
        assert oracle.blocks is not None and oracle.blocks.ready() == [("cassert", "vector")]
    assert launches(log, "c++-header") == 1  # built once
    # One worker: the first job built it, then every job compiled with it.
    assert launches(log, "blocks-", "prog.cpp") == len(codes)
    for name, with_pch, plain in zip(SAME_BLOCK, verdicts, without_pch(codes), strict=True):
        assert same(with_pch, plain), name
    levels = {name: v.level for name, v in zip(SAME_BLOCK, verdicts, strict=True)}
    assert levels["clean"] == "clean" and levels["warn_unused"] == "warnings"
    assert levels["err_clash"] == levels["link_undefined"] == "errors"
    undeclared = verdicts[list(SAME_BLOCK).index("err_undeclared")].diagnostics[0]
    assert (undeclared.file, undeclared.line, undeclared.column) == ("prog.cpp", 4, 12)

    # A second oracle (another run) finds it ready: used at first sight, never rebuilt.
    with Oracle(counted, pch_dir=tmp_path / "pch") as again:
        assert again.check(SAME_BLOCK["clean"] + "// another\n").level == "clean"
    assert launches(log, "c++-header") == 1
    assert launches(log, "blocks-", "prog.cpp") == len(codes) + 1


@needs_gxx
def test_errors_in_and_after_the_include_block_match_plain_gxx(tmp_path: Path) -> None:
    seed = [BLOCK + f"int main() {{ return {i}; }}\n" for i in range(3)]
    tricky = [
        BLOCK + "#include <nonexistent>\nint main() {}\n",  # a prefix PCH, then a missing one
        "#include <cassert>\n#include <vectr>\nint main() {}\n",  # misspelled inside the block
        "#include <cassert>\n#include <vector> junk\nint main() {}\n",  # warns: not in the block
    ] * 3  # three times each: blocks that fail are counted too, and never built
    codes = seed + [code + f"// {i}\n" for i, code in enumerate(tricky)]
    with Oracle(settings(), pch_dir=tmp_path / "pch") as oracle:
        verdicts = oracle.check_many(codes)
        assert oracle.blocks is not None
        assert sorted(oracle.blocks.ready()) == [("cassert",), ("cassert", "vector")]
    for code, with_pch, plain in zip(codes, verdicts, without_pch(codes), strict=True):
        assert same(with_pch, plain), code
    missing, misspelled, junk = verdicts[len(seed) : len(seed) + 3]
    assert missing.categories == ("missing_header",) and missing.diagnostics[0].line == 3
    assert misspelled.categories == ("missing_header",) and misspelled.diagnostics[0].line == 2
    assert junk.level == "warnings" and junk.diagnostics[0].line == 2


@needs_gxx
def test_a_macro_before_the_includes_changes_the_verdict_and_the_oracle_sees_it(
    tmp_path: Path,
) -> None:
    # <vector>'s PCH is built from the programs that do not define anything first.
    compiler, log = counting_compiler(tmp_path)
    seed = [f"#include <vector>\nint main() {{ return {i}; }}\n" for i in range(3)]
    debug_vector = "int main() { std::__debug::vector<int> v(2); return int(v.size()) - 2; }\n"
    debug = "#define _GLIBCXX_DEBUG\n#include <vector>\n" + debug_vector
    not_debug = "#include <vector>\n" + debug_vector
    assert_unused = "int main() { int x = 1; assert(x); }\n"
    ndebug = "#define NDEBUG\n#include <cassert>\n#include <vector>\n" + assert_unused
    checked = "#include <cassert>\n#include <vector>\n" + assert_unused
    codes = [*seed, debug, not_debug, *(f"{BLOCK}int main() {{ return {i}; }}\n" for i in range(3))]
    start_up = settings(workers=2, compiler=str(compiler), sandbox="none")
    with Oracle(start_up, pch_dir=tmp_path / "pch") as oracle:
        first = oracle.check_many(codes)
        assert oracle.blocks is not None
        assert sorted(oracle.blocks.ready()) == [("cassert", "vector"), ("vector",)]
        before = launches(log, "blocks-", "prog.cpp")
        later = oracle.check_many([debug + "// again\n", not_debug + "// again\n", ndebug, checked])
    # Both PCHs exist, but only the two programs without a macro first compiled with one.
    assert launches(log, "blocks-", "prog.cpp") == before + 2
    assert [v.level for v in first[3:5]] == ["clean", "errors"]  # the macro decides
    assert [v.level for v in later] == ["clean", "errors", "warnings", "clean"]
    assert later[2].categories == ("unused",)  # NDEBUG: assert(x) no longer uses x
    plain = without_pch([debug, not_debug, ndebug, checked])
    for with_pch, without in zip(later, plain, strict=True):
        assert same(with_pch, without)


@needs_gxx
def test_a_block_an_existing_pch_already_covers_is_not_built(tmp_path: Path) -> None:
    # <string> is inside <iostream> already: its PCH would cost a build and save nothing.
    codes = [
        f"#include <iostream>\n#include <string>\nint main() {{ return {i}; }}\n" for i in range(6)
    ]
    start_up = settings(pch_headers=("iostream",), workers=2)
    with Oracle(start_up, pch_dir=tmp_path / "pch") as oracle:
        verdicts = oracle.check_many(codes)
        assert oracle.blocks is not None and oracle.blocks.ready() == []
    assert all(v.level == "clean" for v in verdicts)


@needs_gxx
def test_the_cap_on_block_pchs_holds_and_a_vanished_pch_falls_back_to_plain(
    tmp_path: Path,
) -> None:
    blocks = ["#include <vector>\n", "#include <cstdio>\n#include <cassert>\n"]
    codes = [b + f"int main() {{ return {i}; }}\n" for b in blocks for i in range(3)]
    with Oracle(settings(pch_max_blocks=1), pch_dir=tmp_path / "pch") as oracle:
        oracle.check_many(codes)
        assert oracle.blocks is not None
        (built,) = oracle.blocks.ready()
        folder = next(p for p in (tmp_path / "pch").glob("blocks-*/*") if p.is_dir())
        shutil.rmtree(folder)  # deleted under a running oracle (a person, a cleaner)
        code = next(c for c in codes if leading_block(c).headers == built)
        late = oracle.check(code + "int broken = ;\n")
    assert (late.level, late.categories) == ("errors", ("expected_token",))
    assert same(late, without_pch([code + "int broken = ;\n"])[0])


@needs_gxx
def test_a_user_header_in_the_block_is_never_precompiled(tmp_path: Path) -> None:
    include = tmp_path / "inc"
    include.mkdir()
    (include / "mine.h").write_text("inline int mine() { return 0; }\n")
    flags = ("-std=c++17", "-Wall", f"-I{include}")
    codes = [f"#include <mine.h>\nint main() {{ return mine() + {i}; }}\n" for i in range(4)]
    with Oracle(settings(flags=flags), pch_dir=tmp_path / "pch") as oracle:
        verdicts = oracle.check_many(codes)
        assert oracle.blocks is not None and oracle.blocks.ready() == []
    assert [v.level for v in verdicts] == ["clean"] * 4


def test_block_settings_are_checked() -> None:
    with pytest.raises(OracleError, match="pch_min_uses must be >= 1"):
        OracleSettings(pch_min_uses=0)
    with pytest.raises(OracleError, match="pch_max_blocks must be >= 0"):
        OracleSettings(pch_max_blocks=-1)


@needs_gxx
def test_a_start_up_header_included_twice_compiles_as_with_plain_gxx(tmp_path: Path) -> None:
    # GCC records a header it loaded from H.gch as `<pch dir>/H`; before the stand-in file
    # was there, the second include failed: "fatal error: .../cstdio: No such file".
    twice = '#include <cstdio>\n#include <vector>\n#include <cstdio>\nint main() { puts("x"); }\n'
    second = '#include <vector>\n#include <cstdio>\nint main() { puts("x"); }\n'
    with Oracle(settings(pch_headers=("cstdio",), pch_max_blocks=0), pch_dir=tmp_path) as oracle:
        assert oracle.pch_path is not None and (oracle.pch_path / "cstdio.gch").is_file()
        verdicts = oracle.check_many([twice, second])
    assert [v.level for v in verdicts] == ["clean", "clean"], verdicts[0].diagnostics
