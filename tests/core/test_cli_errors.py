"""Every command, given a bad value, says so in one line and exits 2: never a traceback.

Most cases call `main` in-process (an exception that escaped it would fail the test just as a
traceback would); a few run `python -m cdpo_core` in a child, as a person at a shell would,
and read whatever reaches stderr.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import tomli_w

from cdpo_core.cli import main

BAD_SETTINGS = [
    ("prompt.format=bogus", "prompt.format"),
    ("prompt.fim_style=nope", "prompt.fim_style"),
    ("dpo.loss_type=bogus", "dpo.loss_type"),
    ("dpo.beta=-1", "dpo.beta"),
    ("mask.fraction=1.5", "mask.fraction"),
    ("selection.train_per_problem=-3", "selection.train_per_problem"),
    ("selection.train_per_problem=2.7", "selection.train_per_problem"),
    ("oracle.timeout_s=nan", "oracle.timeout_s"),
    ("oracle.timeout_s=inf", "oracle.timeout_s"),
    ("generation.batch_size=0", "generation.batch_size"),
    ("sft.lora_r=0", "sft.lora_r"),
    ("sft.lr_scheduler=linaer", "sft.lr_scheduler"),
    ("plan.steps=eval-base,nope", "plan.steps"),
    ("model.backend=tpu", "model.backend"),
]


def shell(root: Path, *argv: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "CDPO_SESSIONS": str(root), "COLUMNS": "80"}
    return subprocess.run(
        [sys.executable, "-m", "cdpo_core", *argv],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


@pytest.fixture()
def cdpo(capsys: pytest.CaptureFixture[str]) -> Callable[..., subprocess.CompletedProcess[str]]:
    def run(root: Path, *argv: str) -> subprocess.CompletedProcess[str]:
        capsys.readouterr()
        code = main(["--sessions", str(root), *argv])
        out = capsys.readouterr()
        return subprocess.CompletedProcess(argv, code, out.out, out.err)

    return run


def assert_one_line_exit_2(done: subprocess.CompletedProcess[str], *needles: str) -> None:
    lines = done.stderr.strip().splitlines()
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    assert len(lines) == 1, done.stderr
    for needle in needles:
        assert needle in lines[0]


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("sessions")
    assert main(["--sessions", str(root), "init", "ok", "--preset", "demo"]) == 0
    return root


@pytest.mark.parametrize(("assignment", "key"), BAD_SETTINGS)
def test_set_refuses_a_bad_value_naming_its_key(
    cdpo: Callable[..., Any], root: Path, assignment: str, key: str
) -> None:
    before = (root / "ok" / "session.toml").read_text()
    assert_one_line_exit_2(cdpo(root, "set", "ok", assignment), key)
    assert (root / "ok" / "session.toml").read_text() == before, "nothing was saved"


def test_a_rule_across_two_settings_is_refused_too(cdpo: Callable[..., Any], root: Path) -> None:
    assert_one_line_exit_2(
        cdpo(root, "set", "ok", "dpo.loss_type=ipo", "dpo.dpop_lambda=5"), "dpo.dpop_lambda"
    )


@pytest.mark.parametrize(("assignment", "key"), BAD_SETTINGS[:4])
def test_init_refuses_a_bad_value_and_makes_no_session(
    cdpo: Callable[..., Any], root: Path, assignment: str, key: str
) -> None:
    assert_one_line_exit_2(cdpo(root, "init", "fresh", "--set", assignment), key)
    assert not (root / "fresh").exists()


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("mask.fraction", 1.5),
        ("selection.train_per_problem", -3),
        ("selection.train_per_problem", 2.7),
        ("oracle.timeout_s", float("nan")),
        ("dpo.beta", -1.0),
        ("dpo.loss_type", "bogus"),
    ],
)
def test_a_hand_edited_bad_value_is_named_by_every_command(
    cdpo: Callable[..., Any], root: Path, tmp_path: Path, key: str, value: object
) -> None:
    """Validation happens when the settings are loaded, not when a stage first uses them."""
    edited = tmp_path / "sessions"
    (edited / "hand").mkdir(parents=True)
    config = tomllib.loads((root / "ok" / "session.toml").read_text())
    table, name = key.split(".")
    config[table][name] = value
    (edited / "hand" / "session.toml").write_text(tomli_w.dumps(config))
    for argv in (
        ["status", "hand"],
        ["prep", "hand"],
        ["run", "hand"],
        ["results", "hand"],
        ["set", "hand", "dpo.beta=0.2"],
        ["step", "hand", "eval-base"],
    ):
        assert_one_line_exit_2(cdpo(edited, *argv), key)


@pytest.mark.parametrize(
    "argv",
    [
        ["replay", "/no/such/events.jsonl"],
        ["results", "nope"],
        ["status", "nope"],
        ["eval", "nope"],
        ["step", "nope", "eval-base"],
        ["run", "nope"],
        ["model", "build-tiny", "nope"],
        ["set", "ok", "no_equals_sign"],
        ["set", "ok", "dpo.betta=1"],
        ["init", "bad name"],
        ["compile", "/no/such/file.cpp"],
    ],
)
def test_other_bad_input_is_one_line_too(
    cdpo: Callable[..., Any], root: Path, argv: list[str]
) -> None:
    assert_one_line_exit_2(cdpo(root, *argv))


def test_at_a_shell_the_errors_are_one_line_without_a_traceback(root: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text("this is not an event\n")
    assert_one_line_exit_2(shell(root, "replay", str(bad)), "bad.jsonl")
    assert_one_line_exit_2(shell(root, "set", "ok", "prompt.format=bogus"), "prompt.format")


@pytest.mark.parametrize("damage", ["deleted", "emptied"])
def test_a_lost_database_is_refused_and_never_replaced(
    cdpo: Callable[..., Any], tmp_path: Path, damage: str
) -> None:
    root = tmp_path / "sessions"
    assert main(["--sessions", str(root), "init", "lost", "--preset", "demo"]) == 0
    db = root / "lost" / "session.db"
    if damage == "deleted":
        db.unlink()
    else:
        db.write_bytes(b"")
    for argv in (["status", "lost"], ["prep", "lost"], ["results", "lost"]):
        assert_one_line_exit_2(cdpo(root, *argv), "session.db")
    if damage == "deleted":
        assert not db.exists(), "no new database was made over the session"
    else:
        assert db.stat().st_size == 0, "the empty file was left as it was"
    assert not (root / "lost" / "runs" / "0001-prep").exists(), "no stage ran"
