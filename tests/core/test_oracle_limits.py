"""Adversarial programs: a runaway compile, a huge include, a flood of errors.

Each costs a `timeout` or `errors` verdict under small limits, never a hung run, and the
whole process group of a killed compile is gone afterwards.
"""

from __future__ import annotations

import os
import shutil
import stat
import time
from pathlib import Path

import pytest

from cdpo_core.oracle import Oracle, OracleError, OracleSettings
from cdpo_core.oracle import compiler as compiler_module
from cdpo_core.oracle.cache import VerdictCache
from cdpo_core.oracle.compiler import Judgement

GXX = shutil.which("g++")
pytestmark = pytest.mark.skipif(GXX is None, reason="g++ is not installed")

# Constant evaluation of ~4e10 steps: GCC's own limits (2^33 ops) would take minutes to trip.
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

# 2^30 distinct class templates: exponential instantiation, far below the depth limit.
TEMPLATE_BOMB = """
template <int N, long M> struct Bomb {
    static const long v = Bomb<N - 1, 2 * M>::v + Bomb<N - 1, 2 * M + 1>::v;
};
template <long M> struct Bomb<0, M> { static const long v = 1; };
int main() { return Bomb<30, 0>::v != 0; }
"""

HUGE_INCLUDE = '#include "/dev/zero"\nint main() {}\n'


def flood(n: int) -> str:
    body = "".join(f"    undeclared_thing_{i} = {i};\n" for i in range(n))
    return f"int main() {{\n{body}}}\n"


def quiet_settings(**changes: object) -> OracleSettings:
    base = {"pch": False, "cache": False, "workers": 2}
    return OracleSettings(**{**base, **changes})  # type: ignore[arg-type]


def process_group_alive(pgid: int) -> list[int]:
    alive = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        # fields after "(comm)": state, ppid, pgrp, ...; a zombie is already dead.
        if int(fields[2]) == pgid and fields[0] != "Z":
            alive.append(int(entry.name))
    return alive


def test_runaway_compile_times_out_and_group_is_killed(tmp_path: Path) -> None:
    log = tmp_path / "pids.log"
    wrapper = tmp_path / "g++-pid"
    # `exec` keeps the pid: the logged pid is the driver's, i.e. the process group id.
    wrapper.write_text(f'#!/bin/sh\necho $$ >> "{log}"\nexec "{GXX}" "$@"\n')
    wrapper.chmod(wrapper.stat().st_mode | stat.S_IEXEC)
    # sandbox none: the wrapper logs to tmp_path and reads /proc, which the compile box hides.
    with Oracle(quiet_settings(timeout_s=2.0, compiler=str(wrapper), sandbox="none")) as oracle:
        started = time.monotonic()
        verdict = oracle.check(RUNAWAY)
        elapsed = time.monotonic() - started
    assert verdict.level == "timeout" and not verdict.passed
    assert verdict.categories == ("timeout",)
    assert "longer than 2 s" in verdict.first_error
    assert elapsed < 8, elapsed
    pgid = int(log.read_text().split()[-1])
    # SIGKILL is asynchronous: a killed cc1plus may take a moment to release its memory.
    deadline = time.monotonic() + 3
    while process_group_alive(pgid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert process_group_alive(pgid) == []


def test_compiler_runs_niced_in_its_own_group_but_our_session(tmp_path: Path) -> None:
    """Autogroup scheduling gives each session its own CPU share, which would void the
    niceness and let g++ slow generation down; a process group keeps the group kill."""
    log = tmp_path / "stat.log"
    wrapper = tmp_path / "g++-stat"
    wrapper.write_text(f'#!/bin/sh\ncat /proc/$$/stat >> "{log}"\nexec "{GXX}" "$@"\n')
    wrapper.chmod(wrapper.stat().st_mode | stat.S_IEXEC)
    with Oracle(quiet_settings(compiler=str(wrapper), niceness=7, sandbox="none")) as oracle:
        assert oracle.check("int main() { return 0; }\n").passed
    line = log.read_text().splitlines()[-1]
    pid = int(line.split()[0])
    # Fields after "(comm)": state ppid pgrp session tty tpgid flags ... nice is the 17th.
    fields = line.rsplit(")", 1)[1].split()
    pgrp, session, nice = int(fields[2]), int(fields[3]), int(fields[16])
    assert pgrp == pid
    assert session == os.getsid(0)
    assert nice == os.getpriority(os.PRIO_PROCESS, 0) + 7


def test_niceness_out_of_range_is_one_clear_error() -> None:
    with pytest.raises(OracleError, match="niceness must be between 0 and 19, got 20"):
        OracleSettings(niceness=20)


def test_template_bomb_costs_a_failed_verdict_not_a_hung_run() -> None:
    with Oracle(quiet_settings(timeout_s=3.0, memory_mb=512)) as oracle:
        started = time.monotonic()
        verdict = oracle.check(TEMPLATE_BOMB)
        elapsed = time.monotonic() - started
    assert not verdict.passed and elapsed < 9, elapsed
    assert verdict.level in ("timeout", "errors")
    assert verdict.categories[0] in ("timeout", "memory"), verdict.diagnostics


def test_huge_include_hits_the_memory_limit(tmp_path: Path) -> None:
    # sandbox none: the compile box has no /dev/zero (there it is a missing header).
    with Oracle(quiet_settings(memory_mb=256, timeout_s=8.0, sandbox="none")) as oracle:
        verdict = oracle.check(HUGE_INCLUDE)
    assert verdict.level in ("errors", "timeout")
    assert not verdict.passed
    if verdict.level == "errors":
        assert verdict.categories[0] == "memory", verdict.diagnostics


def test_output_cap_keeps_the_parsable_part() -> None:
    with Oracle(quiet_settings(max_output_bytes=4000)) as oracle:
        verdict = oracle.check(flood(400))
    assert verdict.level == "errors"
    assert "output_limit" in verdict.categories
    assert verdict.categories[0] == "undeclared_name"
    messages = [d for d in verdict.diagnostics if d.kind == "error"]
    # Only what fit under the cap was kept, but every kept message is whole.
    assert 1 <= len(messages) < 400
    assert all("undeclared_thing_" in d.message for d in messages)


def test_limit_bound_verdicts_are_reused_only_under_no_larger_limits(tmp_path: Path) -> None:
    cache = VerdictCache(tmp_path / "v.sqlite")
    memory = Judgement("errors", ("memory",), (), 2.0)
    cache.put("k", memory, timeout_s=2.0, memory_mb=512, file_mb=64)
    assert cache.get("k", timeout_s=1.0, memory_mb=512, file_mb=64) == memory
    assert cache.get("k", timeout_s=20.0, memory_mb=512, file_mb=64) is None
    assert cache.get("k", timeout_s=2.0, memory_mb=4096, file_mb=64) is None
    assert cache.get("k", timeout_s=2.0, memory_mb=512, file_mb=128) is None
    files = Judgement("errors", ("file_limit", "other_error"), (), 2.0)
    cache.put("f", files, timeout_s=2.0, memory_mb=512, file_mb=64)
    assert cache.get("f", timeout_s=2.0, memory_mb=512, file_mb=32) == files
    assert cache.get("f", timeout_s=2.0, memory_mb=512, file_mb=128) is None
    clean = Judgement("clean", (), (), 0.1)
    cache.put("c", clean, timeout_s=2.0, memory_mb=512, file_mb=64)
    assert cache.get("c", timeout_s=60.0, memory_mb=8192, file_mb=1024) == clean
    cache.close()


def test_jobs_leave_no_directories_behind(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(compiler_module, "job_root", lambda: str(tmp_path))
    with Oracle(quiet_settings(timeout_s=2.0)) as oracle:
        verdicts = oracle.check_many(["int main() {}\n", RUNAWAY, "int main() { return x; }\n"])
    assert [v.level for v in verdicts] == ["clean", "timeout", "errors"]
    assert list(tmp_path.iterdir()) == []
