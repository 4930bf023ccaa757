"""Hostile programs in the sandbox: each ends in its verdict within its limits, and nothing
outside the sandbox is read, written, reached or killed.

A program that tries something forbidden prints `blocked` when the attempt fails, and the
test's expected output is `blocked`: `accepted` then means the sandbox held, and whatever
it managed to read would be in its output, which is checked too.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
from pathlib import Path

import psutil
import pytest

from cdpo_core.judge.runner import Judge, Report
from cdpo_core.judge.sandbox import BOX_PROGRAM, open_sandbox
from cdpo_core.judge.settings import ExecutionSettings, JudgeError
from cdpo_core.judge.tests import ProblemTests, TestCase
from cdpo_core.oracle import Oracle, OracleSettings

pytestmark = pytest.mark.skipif(shutil.which("g++") is None, reason="g++ is not installed")

ORACLE = OracleSettings(pch=False, cache=False)
LIMITS = ExecutionSettings(
    time_limit_s=1.0,
    wall_factor=2.0,
    memory_limit_mb=128,
    output_limit_mb=1,
    processes=16,
    workers=2,
    sandbox="bwrap",
    cache=False,
)


def _bwrap_or_skip() -> None:
    try:
        open_sandbox("bwrap", lambda _: None)
    except JudgeError as exc:
        if os.environ.get("CI"):  # CI installs bubblewrap (`make sandbox`): it must work there
            raise
        pytest.skip(f"bubblewrap cannot start here: {exc.one_line()}")


@pytest.fixture(scope="module")
def judge() -> Judge:
    _bwrap_or_skip()
    with Judge(LIMITS, ORACLE) as opened:
        yield opened  # type: ignore[misc]


def run(judge: Judge, code: str, expected: str = "blocked\n", stdin: str = "") -> Report:
    tests = ProblemTests("hostile", (TestCase("1", stdin, expected),), None, None, "test")
    report = judge.judge(code, tests)
    assert report.level in ("clean", "warnings"), report.compile.first_error
    assert report.sandbox == "bwrap+seccomp"
    return report


def no_program_left() -> list[int]:
    """Processes still running a sandboxed program (they all run as BOX_PROGRAM)."""
    left = []
    for proc in psutil.process_iter(["cmdline", "status"]):
        cmdline = proc.info["cmdline"] or []
        if cmdline[:1] == [BOX_PROGRAM] and proc.info["status"] != psutil.STATUS_ZOMBIE:
            left.append(proc.pid)
    return left


READ_FILE = r"""
#include <cstdio>
int main() {
    FILE* f = std::fopen("PATH", "r");
    if (!f) { std::puts("blocked"); return 0; }
    int c; while ((c = std::fgetc(f)) != EOF) std::putchar(c);
}
"""


def test_etc_passwd_is_not_there(judge: Judge) -> None:
    report = run(judge, READ_FILE.replace("PATH", "/etc/passwd"))
    assert report.verdict == "accepted", report.tests
    assert "root:" not in report.tests[0].output


def test_home_and_ssh_keys_are_not_readable(
    judge: Judge, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "home"
    (home / ".ssh").mkdir(parents=True)
    key = home / ".ssh" / "id_rsa"
    key.write_text("-----BEGIN FAKE PRIVATE KEY-----\nsecret\n")
    key.chmod(0o644)  # readable by anyone outside: only the sandbox may stop the read
    for folder in (tmp_path, home, home / ".ssh"):
        folder.chmod(0o755)
    monkeypatch.setenv("HOME", str(home))
    by_path = run(judge, READ_FILE.replace("PATH", str(key)))
    by_env = run(
        judge,
        r"""
#include <cstdio>
#include <cstdlib>
#include <string>
int main() {
    const char* home = std::getenv("HOME");
    std::string path = std::string(home ? home : "/nonexistent") + "/.ssh/id_rsa";
    FILE* f = std::fopen(path.c_str(), "r");
    if (!f) { std::puts("blocked"); return 0; }
    int c; while ((c = std::fgetc(f)) != EOF) std::putchar(c);
}
""",
    )
    for report in (by_path, by_env):
        assert report.verdict == "accepted", report.tests
        assert "FAKE PRIVATE KEY" not in report.tests[0].output


def test_writing_to_home_is_refused(
    judge: Judge, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    home.chmod(0o777)  # writable by anyone outside: only the sandbox may stop the write
    tmp_path.chmod(0o755)
    monkeypatch.setenv("HOME", str(home))
    code = r"""
#include <cstdio>
#include <cstdlib>
int main() {
    const char* env = std::getenv("HOME");
    const char* paths[] = {"HOME_DIR/pwned", env ? env : "/nonexistent/x", "/pwned", "/box/pwned"};
    for (const char* p : paths) {
        FILE* f = std::fopen(p, "w");
        if (f && std::fputs("owned", f) >= 0 && std::fclose(f) == 0) { std::puts(p); return 0; }
    }
    std::puts("blocked");
}
""".replace("HOME_DIR", str(home))
    report = run(judge, code)
    assert report.verdict == "accepted", report.tests
    assert list(home.iterdir()) == []


def test_no_network_even_to_this_machine(judge: Judge) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as server:
        server.bind(("127.0.0.1", 0))
        server.listen(1)
        server.setblocking(False)
        port = server.getsockname()[1]
        code = r"""
#include <arpa/inet.h>
#include <cstdio>
#include <netinet/in.h>
#include <sys/socket.h>
int main() {
    int s = socket(AF_INET, SOCK_STREAM, 0);
    if (s < 0) { std::puts("blocked"); return 0; }
    sockaddr_in a{}; a.sin_family = AF_INET; a.sin_port = htons(PORT);
    inet_pton(AF_INET, "127.0.0.1", &a.sin_addr);
    if (connect(s, (sockaddr*)&a, sizeof a) != 0) { std::puts("blocked"); return 0; }
    std::puts("connected");
}
""".replace("PORT", str(port))
        report = run(judge, code)
        assert report.verdict == "accepted", report.tests
        with pytest.raises(BlockingIOError):
            server.accept()  # nobody connected


def test_socket_is_refused_by_the_seccomp_filter(judge: Judge) -> None:
    code = r"""
#include <cerrno>
#include <cstdio>
#include <sys/socket.h>
int main() {
    int s = socket(AF_UNIX, SOCK_STREAM, 0);  // harmless in a netns: only seccomp refuses it
    std::puts(s < 0 && errno == EPERM ? "blocked" : "open");
}
"""
    assert run(judge, code).verdict == "accepted"


def test_fork_loop_ends_in_time_limit_and_leaves_nothing(judge: Judge) -> None:
    code = "#include <unistd.h>\nint main() { for (;;) fork(); }\n"
    report = run(judge, code)
    assert report.verdict == "time_limit", report.tests
    assert no_program_left() == []


def test_forked_sleepers_die_with_the_sandbox(judge: Judge) -> None:
    code = r"""
#include <cstdio>
#include <unistd.h>
int main() {
    for (int i = 0; i < 4; ++i)
        if (fork() == 0) { setsid(); for (;;) pause(); }  // escape the process group
    std::puts("blocked");
}
"""
    report = run(judge, code)
    assert report.verdict == "accepted", report.tests
    assert no_program_left() == []


def test_unbounded_allocation_is_memory_limit(judge: Judge) -> None:
    code = r"""
#include <cstring>
#include <vector>
int main() {
    std::vector<char*> blocks;
    for (;;) { char* p = new char[1 << 20]; std::memset(p, 1, 1 << 20); blocks.push_back(p); }
}
"""
    report = run(judge, code)
    assert report.verdict == "memory_limit", report.tests


def test_sleeping_forever_is_time_limit(judge: Judge) -> None:
    code = "#include <unistd.h>\nint main() { for (;;) sleep(1000); }\n"
    report = run(judge, code)
    assert report.verdict == "time_limit", report.tests
    assert "wall clock" in report.tests[0].detail
    assert no_program_left() == []


def test_spinning_forever_is_time_limit(judge: Judge) -> None:
    report = run(judge, "int main() { volatile long i = 0; for (;;) ++i; }\n")
    assert report.verdict == "time_limit", report.tests


def test_printing_forever_is_output_limit(judge: Judge) -> None:
    code = '#include <cstdio>\nint main() { for (;;) std::fputs("spam spam spam\\n", stdout); }\n'
    report = run(judge, code)
    assert report.verdict == "output_limit", report.tests
    assert no_program_left() == []


def test_kill_everything_kills_nothing_outside(judge: Judge) -> None:
    # A process the sandbox's user could signal if it were not in its own pid namespace.
    user = {"user": 65534, "group": 65534, "extra_groups": []} if os.geteuid() == 0 else {}
    sentinel = subprocess.Popen(["sleep", "60"], **user)  # type: ignore[call-overload]
    try:
        code = r"""
#include <csignal>
#include <cstdio>
int main() { kill(-1, SIGKILL); std::puts("blocked"); }
"""
        report = run(judge, code)
        assert report.verdict == "accepted", report.tests
        assert sentinel.poll() is None, "kill(-1, 9) in the sandbox reached a process outside"
    finally:
        sentinel.kill()
        sentinel.wait()


def test_absolute_include_cannot_read_a_secret(tmp_path: Path) -> None:
    _bwrap_or_skip()
    secret = tmp_path / "secret.h"
    secret.write_text("int main() { return 0; } // TOPSECRET-7731\n")
    secret.chmod(0o644)
    code = f'#include "{secret}"\n'
    # Without a compile sandbox g++ reads any file the user can (the oracle's own box,
    # `oracle.sandbox`, is tested in test_oracle_sandbox.py).
    with Oracle(OracleSettings(pch=False, cache=False, sandbox="none")) as oracle:
        assert oracle.check(code).level == "clean"
    with Judge(LIMITS, ORACLE) as judge:
        report = judge.judge(code, ProblemTests("p", (TestCase("1", "", ""),), None, None, "t"))
    assert report.verdict == "compile_error"
    assert "No such file or directory" in report.compile.first_error
    assert "TOPSECRET" not in str(report.compile.to_dict())
