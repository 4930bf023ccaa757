"""Faults around the oracle: a killed cdpo, a cache that cannot be written, input that is no
source file, compiler output that would fill the disk, and verdicts that must not be cached.

g++ really runs; processes are really killed. Waiting for a kill to take effect polls
against a generous deadline (SIGKILL is asynchronous), it never compares timings.
"""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import stat
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import psutil
import pytest
from rich.console import Console

from cdpo_core.oracle import Oracle, OracleError, OracleSettings
from cdpo_core.oracle import compiler as compiler_module
from cdpo_core.oracle.cache import SCHEMA_VERSION, VerdictCache
from cdpo_core.oracle.cli import MAX_SOURCE_BYTES, compile_files
from cdpo_core.oracle.compiler import JOB_PREFIX, Judgement, RawResult, job_root, judge
from cdpo_core.oracle.reaper import owner_tag, start_ticks, sweep

GXX = shutil.which("g++")
pytestmark = pytest.mark.skipif(GXX is None, reason="g++ is not installed")
REPO = Path(__file__).resolve().parents[2]

# Constant evaluation of ~4e10 steps: minutes of cc1plus, unless something stops it.
RUNAWAY = """
constexpr long spin() {
    long s = 0;
    for (long i = 0; i < 200000; ++i)
        for (long j = 0; j < 200000; ++j) s += i ^ j;
    return s;
}
constexpr long value = spin();
int main() { return value != 0; }
"""
# 1 GiB of initialised data: `as` and `ld` would write a 1 GiB object and a 1 GiB binary.
HUGE_OBJECT = "char a[1 << 30] = {1};\nint main() { return a[5]; }\n"
CLEAN = "int main() { return 0; }\n"


def quiet(**changes: object) -> OracleSettings:
    base = {"pch": False, "cache": False, "workers": 2}
    return OracleSettings(**{**base, **changes})  # type: ignore[arg-type]


def wait_until(done: Callable[[], bool], seconds: float = 15.0) -> bool:
    """Poll `done` until it holds or the deadline passes; the deadline only bounds a failure."""
    deadline = time.monotonic() + seconds
    while not done():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def alive(processes: list[psutil.Process]) -> list[psutil.Process]:
    """Those still running (a zombie is dead: it only waits for its parent to collect it)."""
    running = []
    for p in processes:
        try:
            if p.is_running() and p.status() != psutil.STATUS_ZOMBIE:
                running.append(p)
        except psutil.NoSuchProcess:
            pass
    return running


def compiler_of(pid: int, marker: str) -> list[psutil.Process]:
    """Process `pid`'s descendants once a cc1plus compiles the program containing `marker`."""
    try:
        family = psutil.Process(pid).children(recursive=True)
    except psutil.NoSuchProcess:
        return []
    for p in family:
        try:
            if p.name() == "cc1plus" and marker in (Path(p.cwd()) / "prog.cpp").read_text():
                return family
        except (psutil.Error, OSError):
            continue
    return []


# --- a killed cdpo takes its compilers and folders along ----------------------------------------


def test_kill_9_of_cdpo_compile_kills_the_compiler_and_removes_its_folder(tmp_path: Path) -> None:
    source = tmp_path / "runaway.cpp"
    source.write_text(RUNAWAY)
    cdpo = subprocess.Popen(
        [sys.executable, "-m", "cdpo_core", "compile", "--no-pch", "--no-cache", str(source)],
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    family: list[psutil.Process] = []

    def compiling() -> bool:
        family[:] = compiler_of(cdpo.pid, "spin()")
        return bool(family) or cdpo.poll() is not None

    try:
        assert wait_until(compiling, 120), "cdpo never started compiling"
        assert cdpo.poll() is None and family, "cdpo ended before it could be killed"
        root = Path(job_root() or tempfile.gettempdir())
        folders = list(root.glob(f"{JOB_PREFIX}{cdpo.pid}-*"))
        assert folders, "the job folder should carry the owner's pid"
        assert "cc1plus" in {p.name() for p in alive(family)}
        cdpo.send_signal(signal.SIGKILL)
        cdpo.wait()
        assert wait_until(lambda: not alive(family) and not any(f.exists() for f in folders)), (
            [(p.pid, p.name()) for p in alive(family)],
            [f for f in folders if f.exists()],
        )
    finally:
        for p in alive(family):
            p.kill()
        if cdpo.poll() is None:
            cdpo.kill()
            cdpo.wait()


FORKING_OWNER = """
import os, sys, time
from cdpo_core.oracle.compiler import job_directory
with job_directory(sys.argv[1]) as folder:
    child = os.fork()  # a bare fork, as multiprocessing or a DataLoader does
    if child == 0:
        time.sleep(600)
        os._exit(0)
    print(folder, child, flush=True)
    time.sleep(600)
"""


def test_a_forked_child_does_not_keep_the_reaper_waiting(tmp_path: Path) -> None:
    owner = subprocess.Popen(
        [sys.executable, "-c", FORKING_OWNER, str(tmp_path)],
        cwd=REPO,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert owner.stdout is not None
    folder_name, child_pid = owner.stdout.readline().split()
    folder, child = Path(folder_name), psutil.Process(int(child_pid))
    try:
        assert folder.is_dir() and alive([child])
        owner.kill()
        owner.wait()
        # The child still lives, yet the owner's reaper saw it die and removed its folder (in
        # tmp_path, where no other oracle's start-up sweep looks).
        assert wait_until(lambda: not folder.exists())
        assert alive([child])
    finally:
        for p in alive([child]):
            p.kill()
        if owner.poll() is None:
            owner.kill()
            owner.wait()


def test_a_dead_reaper_is_replaced_and_told_what_is_watched(tmp_path: Path) -> None:
    from cdpo_core.oracle.compiler import job_directory
    from cdpo_core.oracle.reaper import LIFELINE

    with job_directory(tmp_path):
        reaper = LIFELINE._proc
        assert reaper is not None and reaper.poll() is None
    reaper.kill()  # as the OOM killer might
    reaper.wait()
    with job_directory(tmp_path) as folder:
        fresh = LIFELINE._proc
        assert fresh is not None and fresh is not reaper and fresh.poll() is None
        assert folder.is_dir()
    assert list(tmp_path.iterdir()) == []


def test_sweep_reaps_folders_of_dead_owners_only(tmp_path: Path) -> None:
    dead = subprocess.Popen(["true"])
    dead.wait()  # its pid now belongs to no process (or, rarely, to a newer one)
    me, my_ticks = os.getpid(), start_ticks(os.getpid())
    assert my_ticks is not None
    stale_dead = tmp_path / f"{JOB_PREFIX}{dead.pid}-1-aaaa"
    stale_reused = tmp_path / f"{JOB_PREFIX}{me}-{my_ticks + 1}-bbbb"  # our pid, not our start
    live = tmp_path / f"{JOB_PREFIX}{owner_tag()}-cccc"
    untagged = tmp_path / f"{JOB_PREFIX}dddd"
    for folder in (stale_dead, stale_reused, live, untagged):
        folder.mkdir()
        (folder / "prog.cpp").write_text(CLEAN)
    # A compiler left behind by the dead owner, still working in its folder.
    straggler = subprocess.Popen(["sleep", "600"], cwd=stale_reused, process_group=0)
    try:
        reaped = sweep(str(tmp_path), JOB_PREFIX)
        assert straggler.wait(timeout=30) == -signal.SIGKILL
    finally:
        if straggler.poll() is None:
            straggler.kill()
    assert sorted(reaped) == sorted([str(stale_dead), str(stale_reused)])
    assert not stale_dead.exists() and not stale_reused.exists()
    assert live.is_dir() and untagged.is_dir()


def test_oracle_start_up_sweeps_leftovers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(compiler_module, "job_root", lambda: str(tmp_path))
    leftover = tmp_path / f"{JOB_PREFIX}{os.getpid()}-0-eeee"  # our pid, another start time
    leftover.mkdir()
    with Oracle(quiet()) as oracle:
        assert not leftover.exists()
        assert oracle.check(CLEAN).passed
    assert list(tmp_path.iterdir()) == []


# --- a cache folder that cannot be written ------------------------------------------------------


def unusable_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """XDG_CACHE_HOME below a regular file: nothing can be created there, not even by root."""
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker / "cache"))
    return blocker


def test_unwritable_cache_falls_back_to_a_private_one_with_a_warning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    unusable_cache(tmp_path, monkeypatch)
    warnings: list[str] = []
    settings = OracleSettings(pch_headers=("cstdio",), workers=1)
    with Oracle(settings, warn=warnings.append) as oracle:
        assert oracle.pch_path is not None
        private = oracle.pch_path.parents[1]
        assert private.name.startswith(f"cdpo-cache-{owner_tag()}-")
        first, second = oracle.check(CLEAN), oracle.check(CLEAN)
    assert (first.passed, first.cached, second.cached) == (True, False, True)
    assert len(warnings) == 2  # the precompiled headers, then the verdict cache
    assert "precompiled-header folder" in warnings[0] and "verdict cache" in warnings[1]
    assert all("private temporary cache" in w and "XDG_CACHE_HOME" in w for w in warnings)
    assert not private.exists()  # removed with the oracle


READ_ONLY_ORACLE = """
from cdpo_core.oracle import Oracle, OracleSettings
warnings = []
settings = OracleSettings(pch_headers=("cstdio",), workers=1)
with Oracle(settings, warn=warnings.append) as oracle:
    print(oracle.pch_path)
    print(oracle.check("int main() { return 0; }").passed)
for warning in warnings:
    print(warning)
"""


def permissions_bind(tmp_path: Path) -> bool:
    """Whether a folder without write permission stops us (not so for root, CAP_DAC_OVERRIDE)."""
    probe = tmp_path / "probe"
    probe.mkdir(mode=0o555)
    try:
        (probe / "x").touch()
    except PermissionError:
        return True
    finally:
        probe.chmod(0o755)
    return False


def read_only_python(folder: Path, code: str) -> subprocess.CompletedProcess[str]:
    """Run `code` in a fresh Python while `folder` cannot be written: mode bits for a user,
    a private read-only bind mount for root (CI runs as root; mode bits do not stop it)."""
    argv = [sys.executable, "-c", code]
    env = {**os.environ, "XDG_CACHE_HOME": str(folder)}
    if permissions_bind(folder):
        paths = [folder, *folder.rglob("*")]
        for path in paths:
            path.chmod(0o555)
        try:
            return subprocess.run(argv, capture_output=True, text=True, env=env, cwd=REPO)
        finally:
            for path in paths:
                path.chmod(0o755)
    if os.geteuid() != 0 or shutil.which("unshare") is None:
        pytest.skip("needs root and unshare(1) to make a read-only mount")
    script = f'mount --bind -o ro "{folder}" "{folder}" && exec "$@"'
    wrapper = ["unshare", "-m", "--propagation", "private", "sh", "-c", script, "sh"]
    return subprocess.run([*wrapper, *argv], capture_output=True, text=True, env=env, cwd=REPO)


def test_read_only_cache_falls_back_but_uses_a_complete_pch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    cache.mkdir()
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache))
    settings = OracleSettings(pch_headers=("cstdio",), workers=1)
    with Oracle(settings) as built:  # someone who could write built the PCH earlier
        pch = built.pch_path
    done = read_only_python(cache, READ_ONLY_ORACLE)
    assert done.returncode == 0, done.stderr
    pch_path, passed, *warnings = done.stdout.splitlines()
    assert pch_path == str(pch)  # read-only, complete and verified: used as it is
    assert passed == "True"
    (warning,) = warnings  # the verdict cache cannot be opened for writing: private one
    assert warning.startswith("cannot write the verdict cache") and "private" in warning


def test_cli_warns_once_per_fallback_and_no_cache_no_pch_touch_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from cdpo_core.cli import main

    source = tmp_path / "ok.cpp"
    source.write_text('#include <cstdio>\nint main() { std::puts("hi"); }\n')
    unusable_cache(tmp_path, monkeypatch)
    assert main(["compile", "--json", "--no-pch", str(source)]) == 0
    err = capsys.readouterr().err
    (line,) = err.strip().splitlines()
    assert line.startswith("warning: cannot write the verdict cache ") and "private" in line
    # With both off nothing is read or written: no warning even though the cache is unusable.
    assert main(["compile", "--no-cache", "--no-pch", str(source)]) == 0
    assert capsys.readouterr().err == ""
    writable = tmp_path / "xdg"
    monkeypatch.setenv("XDG_CACHE_HOME", str(writable))
    assert main(["compile", "--no-cache", "--no-pch", str(source)]) == 0
    assert not writable.exists()


# --- input that is not a source file ------------------------------------------------------------


def refusal(paths: list[Path], capsys: pytest.CaptureFixture[str], **kwargs: int) -> list[str]:
    console = Console(file=None, force_terminal=False, width=200)
    status = compile_files(paths, as_json=True, settings=quiet(), console=console, **kwargs)
    captured = capsys.readouterr()
    assert status == 2 and captured.out == ""
    return captured.err.strip().splitlines()


def test_devices_fifos_and_folders_are_refused_unread(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fifo = tmp_path / "pipe.cpp"
    os.mkfifo(fifo)  # opening it would block until a writer came
    link = tmp_path / "zero.cpp"
    link.symlink_to("/dev/zero")
    lines = refusal([Path("/dev/zero"), fifo, link, tmp_path], capsys)
    assert lines == [
        "error: /dev/zero is a character device, not a regular file: give a C++ source file",
        f"error: {fifo} is a named pipe, not a regular file: give a C++ source file",
        f"error: {link} is a character device, not a regular file: give a C++ source file",
        f"error: {tmp_path} is a folder, not a regular file: give a C++ source file",
    ]


def test_files_over_the_size_limit_are_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert MAX_SOURCE_BYTES == 200_000
    big = tmp_path / "big.cpp"
    big.write_text(CLEAN + " " * (MAX_SOURCE_BYTES - len(CLEAN) + 1))
    (line,) = refusal([big], capsys)
    assert line == (
        f"error: {big} has 200,001 bytes, more than the limit of 200,000: "
        "pass --max-bytes N to allow larger files"
    )
    console = Console(file=None, force_terminal=False, width=200)
    allowed = compile_files(
        [big], as_json=True, settings=quiet(), console=console, max_bytes=200_001
    )
    assert allowed == 0
    capsys.readouterr()
    assert refusal([big, tmp_path / "missing.cpp"], capsys, max_bytes=100) == [
        f"error: {big} has 200,001 bytes, more than the limit of 100: "
        "pass --max-bytes N to allow larger files",
        f"error: cannot read {tmp_path / 'missing.cpp'}: No such file or directory",
    ]


def test_cli_max_bytes_default_matches_prep(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from cdpo_core.cli import build_parser, main
    from cdpo_core.session import DataSettings

    args = build_parser().parse_args(["compile", "x.cpp"])
    assert args.max_bytes == DataSettings().max_file_bytes == MAX_SOURCE_BYTES
    source = tmp_path / "ok.cpp"
    source.write_text(CLEAN)
    assert main(["compile", "--max-bytes", "10", str(source)]) == 2
    err = capsys.readouterr().err
    assert "more than the limit of 10" in err and len(err.strip().splitlines()) == 1
    assert main(["compile", "/dev/zero"]) == 2
    assert "character device" in capsys.readouterr().err


# --- output files the size of the disk ----------------------------------------------------------


def test_huge_object_file_hits_the_file_limit_and_is_cached_with_it(tmp_path: Path) -> None:
    cache = tmp_path / "v.sqlite"
    with Oracle(quiet(max_file_mb=16, cache=True), cache_path=cache) as oracle:
        verdict = oracle.check(HUGE_OBJECT)
        again = oracle.check(HUGE_OBJECT)
    assert verdict.level == "errors" and not verdict.passed and not verdict.cached
    assert verdict.categories[0] == "file_limit", verdict.diagnostics
    assert "compiler_crash" not in verdict.categories  # g++ calls it an internal error
    assert verdict.diagnostics[0].kind == "file_limit"
    assert "16 MiB" in verdict.first_error and "max_file_mb" in verdict.first_error
    assert again.cached  # the limit is ours and deterministic: worth remembering
    # Under a larger limit the stored verdict is not evidence: compiled again.
    with Oracle(quiet(max_file_mb=24, cache=True), cache_path=cache) as oracle:
        larger = oracle.check(HUGE_OBJECT)
    assert not larger.cached and larger.categories[0] == "file_limit"


def test_file_limit_setting_is_checked() -> None:
    with pytest.raises(OracleError, match="oracle max_file_mb must be positive, got 0"):
        OracleSettings(max_file_mb=0)


# --- what the verdict cache must not keep -------------------------------------------------------


def test_timeouts_are_not_cached(tmp_path: Path) -> None:
    with Oracle(quiet(timeout_s=1.0, cache=True), cache_path=tmp_path / "v.sqlite") as oracle:
        first = oracle.check(RUNAWAY)
        second = oracle.check(RUNAWAY)
        compiles = oracle.compiles
    assert (first.level, second.level) == ("timeout", "timeout")
    assert not second.cached and compiles == 2  # a busy machine's timeout decides nothing


@pytest.fixture
def self_killing_compiler(tmp_path: Path) -> Iterator[Path]:
    """A `g++` that is killed by SIGKILL (as by the OOM killer) on programs marked KILLME."""
    script = tmp_path / "g++-killed"
    script.write_text(f'#!/bin/sh\ngrep -qs KILLME prog.cpp && kill -KILL $$\nexec "{GXX}" "$@"\n')
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    yield script


def test_a_compiler_killed_from_outside_fails_and_is_not_cached(
    tmp_path: Path, self_killing_compiler: Path
) -> None:
    settings = quiet(compiler=str(self_killing_compiler), cache=True)
    code = "// KILLME\nint main() { return 0; }\n"
    with Oracle(settings, cache_path=tmp_path / "v.sqlite") as oracle:
        first = oracle.check(code)
        second = oracle.check(code)
    assert first.level == "errors" and not first.passed  # never a clean verdict
    assert first.categories == ("killed",) and "SIGKILL" in first.first_error
    assert not second.cached


def test_a_compiler_process_killed_by_the_oom_killer_is_not_cacheable() -> None:
    raw = RawResult(
        returncode=1,
        output="[]\ng++: fatal error: Killed signal terminated program cc1plus\n"
        "compilation terminated.\n",
        truncated=False,
        duration_s=3.0,
    )
    judged = judge(raw, OracleSettings())
    assert judged.level == "errors" and judged.categories[0] == "memory"
    assert not judged.cacheable
    crash = RawResult(
        1,
        "[]\ng++: internal compiler error: Segmentation fault signal terminated program cc1plus\n",
        False,
        1.0,
    )
    assert judge(crash, OracleSettings()).cacheable  # a compiler bug is deterministic


def test_schema_1_cache_is_migrated_and_loses_what_it_should_not_have_kept(
    tmp_path: Path,
) -> None:
    path = tmp_path / "old.sqlite"
    db = sqlite3.connect(path)
    db.executescript(
        """
        CREATE TABLE verdicts (
            key TEXT PRIMARY KEY, level TEXT NOT NULL, categories TEXT NOT NULL,
            diagnostics TEXT NOT NULL, duration_s REAL NOT NULL, limited INTEGER NOT NULL,
            timeout_s REAL NOT NULL, memory_mb INTEGER NOT NULL,
            created REAL NOT NULL DEFAULT (julianday('now')));
        INSERT INTO verdicts VALUES ('t', 'timeout', '["timeout"]', '[]', 2, 1, 20, 2048, 0);
        INSERT INTO verdicts VALUES ('k', 'errors', '["memory"]',
            '[{"kind": "fatal error", "message": "Killed signal terminated program cc1plus"}]',
            2, 1, 20, 2048, 0);
        INSERT INTO verdicts VALUES ('m', 'errors', '["memory"]', '[]', 2, 1, 20, 2048, 0);
        INSERT INTO verdicts VALUES ('c', 'clean', '[]', '[]', 0.5, 0, 20, 2048, 0);
        PRAGMA user_version = 1;
        """
    )
    db.close()
    cache = VerdictCache(path)
    assert len(cache) == 2
    assert cache.get("t", 20, 2048, 64) is None and cache.get("k", 20, 2048, 64) is None
    assert cache.get("c", 20, 2048, 64) == Judgement("clean", (), (), 0.5)
    # Its file limit is unknown, so the old limit-bound verdict is not reused by a lookup.
    assert cache.get("m", 20, 2048, 64) is None
    cache.close()
    version = sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0]
    assert version == SCHEMA_VERSION == 2


# --- leaving early ---------------------------------------------------------------------------


def test_leaving_by_an_exception_cancels_queued_compiles(tmp_path: Path) -> None:
    cache = tmp_path / "v.sqlite"
    queued = [f"int main() {{ return {i}; }}\n" for i in range(6)]
    with pytest.raises(KeyboardInterrupt):
        with Oracle(quiet(workers=1, timeout_s=2.0, cache=True), cache_path=cache) as oracle:
            running = oracle.submit(RUNAWAY)
            waiting = [oracle.submit(code) for code in queued]
            assert wait_until(running.running)  # the one worker is busy; the rest wait
            raise KeyboardInterrupt  # Ctrl-C while the compiles were queued
    assert running.result().level == "timeout"
    assert all(future.cancelled() for future in waiting)
    stored = VerdictCache(cache)
    assert len(stored) == 0  # the timeout is not kept either
    stored.close()
