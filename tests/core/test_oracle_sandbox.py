"""The oracle's compiles in bubblewrap (`oracle.sandbox`): no file of the user's reaches g++.

g++ and bwrap really run. Without the box, `#include "/etc/passwd"` (or any absolute or
`../` include) makes g++ read the file and quote it in the diagnostics, which are stored and
shown; inside it the file is "No such file or directory". Ordinary programs must get the
very same verdicts with and without the box, and the two levels must not share cached
verdicts.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from cdpo_core.oracle import Oracle, OracleError, OracleSettings, Verdict, isolation
from cdpo_core.oracle.compiler import job_directory, resolve_compiler, run_limited

PROGRAMS = Path(__file__).resolve().parent / "programs"
ORDINARY = (
    "clean_stdcpp",
    "clean_iostream",
    "err_undeclared",
    "err_no_matching",
    "warn_sign_compare",
    "link_undefined",
    "link_no_main",
)
pytestmark = pytest.mark.skipif(shutil.which("g++") is None, reason="g++ is not installed")
# A compile's timeout is the one verdict that depends on the machine's load, not on the
# program: these tests are about programs, so the limit is far away.
NO_TIMEOUT_S = 600.0


def _bwrap_or_skip() -> None:
    try:
        isolation.open_compile_box("bwrap", resolve_compiler("g++"), lambda _: None)
    except OracleError as exc:
        if os.environ.get("CI"):  # CI installs bubblewrap (`make sandbox`): it must work there
            raise
        pytest.skip(f"bubblewrap cannot start here: {exc.one_line()}")


@pytest.fixture(scope="module")
def pch_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("pch")


@pytest.fixture(scope="module")
def boxed(pch_dir: Path) -> Iterator[Oracle]:
    _bwrap_or_skip()
    with Oracle(
        OracleSettings(timeout_s=NO_TIMEOUT_S, sandbox="bwrap", cache=False), pch_dir=pch_dir
    ) as opened:
        yield opened


@pytest.fixture(scope="module")
def unboxed(pch_dir: Path) -> Iterator[Oracle]:
    with Oracle(
        OracleSettings(timeout_s=NO_TIMEOUT_S, sandbox="none", cache=False), pch_dir=pch_dir
    ) as opened:
        yield opened


def secret_file(tmp_path: Path) -> tuple[Path, str]:
    """A header of the user's that compiles on its own, holding a unique marker."""
    marker = f"TOPSECRET-{uuid.uuid4().hex}"
    secret = tmp_path / "private" / "secret.h"
    secret.parent.mkdir()
    secret.write_text(f"int main() {{ return 0; }} // {marker}\nint {marker.replace('-', '_')};\n")
    return secret, marker


def everything(verdict: Verdict) -> str:
    return repr(verdict) + "".join(d.one_line() for d in verdict.diagnostics)


def test_the_box_is_used(boxed: Oracle) -> None:
    assert boxed.box.level == "bwrap"
    assert boxed.verdict_identity.endswith("sandbox: bwrap")


def test_absolute_include_of_a_secret_is_not_found(
    boxed: Oracle, unboxed: Oracle, tmp_path: Path
) -> None:
    secret, marker = secret_file(tmp_path)
    code = f'#include "{secret}"\n'
    # Without the box g++ reads it (the file is a whole program): the leak this closes.
    assert unboxed.check(code).level == "clean"
    verdict = boxed.check(code)
    assert verdict.level == "errors"
    assert "missing_header" in verdict.categories
    assert "No such file or directory" in everything(verdict)
    assert marker not in everything(verdict)


def test_dot_dot_include_of_a_secret_is_not_found(boxed: Oracle, tmp_path: Path) -> None:
    secret, marker = secret_file(tmp_path)
    code = f'#include "{"../" * 24}{str(secret).lstrip("/")}"\n'
    verdict = boxed.check(code)
    assert verdict.level == "errors"
    assert "No such file or directory" in everything(verdict)
    assert marker not in everything(verdict)


def test_etc_passwd_is_not_read(boxed: Oracle, unboxed: Oracle) -> None:
    first = Path("/etc/passwd").read_text().splitlines()[0]
    code = '#include "/etc/passwd"\nint main() {}\n'
    # Outside the box g++ parses the file and quotes its lines in the diagnostics.
    assert first.split(":")[0] in everything(unboxed.check(code))
    verdict = boxed.check(code)
    assert verdict.level == "errors"
    assert "/etc/passwd: No such file or directory" in everything(verdict)
    assert first not in everything(verdict)
    assert "/bin/" not in everything(verdict)  # no line of the file, not even its shells


def test_devices_are_not_includable(boxed: Oracle) -> None:
    verdict = boxed.check('#include "/dev/zero"\nint main() {}\n')
    assert verdict.level == "errors"
    assert "/dev/zero: No such file or directory" in everything(verdict)


def test_a_shell_script_compiler_runs_inside_the_box(tmp_path: Path) -> None:
    """A `#!/bin/sh` wrapper outside /usr: /bin and its own folder are in the box."""
    _bwrap_or_skip()
    wrapper = tmp_path / "gcc" / "bin" / "g++-wrapped"  # its installation: tmp_path/gcc
    wrapper.parent.mkdir(parents=True)
    wrapper.write_text(f'#!/bin/sh\nexec "{resolve_compiler("g++")}" "$@"\n')
    wrapper.chmod(0o755)
    secret, marker = secret_file(tmp_path)
    settings = OracleSettings(
        timeout_s=NO_TIMEOUT_S, compiler=str(wrapper), sandbox="bwrap", cache=False, pch=False
    )
    with Oracle(settings) as oracle:
        assert oracle.check("int main() {}\n").level == "clean"
        verdict = oracle.check(f'#include "{secret}"\n')
    assert verdict.level == "errors"
    assert marker not in everything(verdict)


@pytest.mark.parametrize("name", ORDINARY)
def test_ordinary_programs_get_the_same_verdict(boxed: Oracle, unboxed: Oracle, name: str) -> None:
    code = (PROGRAMS / f"{name}.cpp").read_text()
    inside, outside = boxed.check(code), unboxed.check(code)
    assert inside.level == outside.level
    assert inside.categories == outside.categories
    assert inside.diagnostics == outside.diagnostics
    assert (inside.level == "clean") == name.startswith("clean")


def test_the_pch_is_used_inside_the_box(boxed: Oracle) -> None:
    """The PCH folder (here under /tmp, where the box mounts a private tmpfs) is bound in:
    GCC marks the .gch it loads with `!` under -H. A PCH that g++ silently skips would keep
    verdicts but make every compile several times slower."""
    assert boxed.pch_path is not None
    with job_directory() as workdir:
        (workdir / "prog.cpp").write_text("#include <bits/stdc++.h>\nint main() {}\n")
        argv = [boxed.compiler_path, *boxed.settings.flags, "-H", "-Winvalid-pch"]
        argv += [f"-I{boxed.pch_path}", "-fsyntax-only", "prog.cpp"]
        raw = run_limited(
            boxed.box.wrap(argv, workdir, [boxed.pch_path]), cwd=workdir, settings=boxed.settings
        )
    assert raw.returncode == 0, raw.output[-400:]
    assert f"! {boxed.pch_path / 'bits/stdc++.h'}.gch" in raw.output.splitlines()


def test_levels_do_not_share_cached_verdicts(tmp_path: Path, pch_dir: Path) -> None:
    _bwrap_or_skip()
    secret, marker = secret_file(tmp_path)
    code = f'#include "{secret}"\n'
    cache = tmp_path / "verdicts.sqlite"
    with Oracle(
        OracleSettings(timeout_s=NO_TIMEOUT_S, sandbox="none"), cache_path=cache, pch_dir=pch_dir
    ) as plain:
        assert plain.check(code).level == "clean"
    with Oracle(
        OracleSettings(timeout_s=NO_TIMEOUT_S, sandbox="bwrap"), cache_path=cache, pch_dir=pch_dir
    ) as boxed:
        verdict = boxed.check(code)
    assert not verdict.cached
    assert verdict.level == "errors"
    assert marker not in everything(verdict)


def _no_bwrap(monkeypatch: pytest.MonkeyPatch) -> None:
    real = shutil.which
    monkeypatch.setattr(
        isolation.shutil, "which", lambda name, *a, **k: None if name == "bwrap" else real(name)
    )


def test_bwrap_mode_refuses_without_bubblewrap(monkeypatch: pytest.MonkeyPatch) -> None:
    _no_bwrap(monkeypatch)
    with pytest.raises(OracleError) as raised:
        Oracle(OracleSettings(timeout_s=NO_TIMEOUT_S, sandbox="bwrap", cache=False, pch=False))
    assert "bubblewrap is not installed" in str(raised.value)
    assert "oracle.sandbox = auto" in raised.value.one_line()


def test_auto_falls_back_with_one_warning(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    _no_bwrap(monkeypatch)
    warnings: list[str] = []
    settings = OracleSettings(timeout_s=NO_TIMEOUT_S, sandbox="auto", cache=False, pch=False)
    with Oracle(settings, warn=warnings.append) as oracle:
        assert oracle.box.level == "rlimits"
        assert oracle.verdict_identity.endswith("sandbox: rlimits")
        assert oracle.check_many(["int main() {}\n"] * 3)[0].level == "clean"
    assert len(warnings) == 1, warnings
    assert "WITHOUT file isolation" in warnings[0]


def test_a_bwrap_that_cannot_start_is_refused_or_falls_back(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    fake = tmp_path / "bin" / "bwrap"
    fake.parent.mkdir()
    fake.write_text("#!/bin/sh\necho 'bwrap: no permission' >&2\nexit 1\n")
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", f"{fake.parent}{os.pathsep}{os.environ['PATH']}")
    gxx = resolve_compiler("g++")
    with pytest.raises(OracleError, match=r"cannot start here \(bwrap: no permission\)"):
        isolation.open_compile_box("bwrap", gxx, lambda _: None)
    warnings: list[str] = []
    assert isolation.open_compile_box("auto", gxx, warnings.append).level == "rlimits"
    assert len(warnings) == 1 and "bwrap: no permission" in warnings[0]


def test_auto_uses_the_box_when_it_starts() -> None:
    _bwrap_or_skip()
    warnings: list[str] = []
    with Oracle(
        OracleSettings(timeout_s=NO_TIMEOUT_S, cache=False, pch=False), warn=warnings.append
    ) as oracle:
        assert oracle.box.level == "bwrap"
    assert warnings == []


def test_unknown_sandbox_setting_is_refused() -> None:
    with pytest.raises(OracleError, match="unknown oracle sandbox"):
        OracleSettings(timeout_s=NO_TIMEOUT_S, sandbox="docker")
