"""The `cdpo` command line: sessions, settings, prep, and one clear line for user errors."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import tomli_w

from cdpo_core.cli import build_parser, main
from cdpo_core.session import Session


@pytest.fixture(autouse=True)
def sessions_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "sessions"
    monkeypatch.setenv("CDPO_SESSIONS", str(root))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return root


def test_init_writes_the_preset_and_overrides(sessions_env: Path) -> None:
    assert (
        main(
            [
                "init",
                "exp",
                "--preset",
                "paper",
                "--set",
                "dpo.beta=0.2",
                "--set",
                "selection.train_per_problem=3",
            ]
        )
        == 0
    )
    config = tomllib.loads((sessions_env / "exp" / "session.toml").read_text())
    assert config["preset"] == "paper"
    assert config["dpo"]["beta"] == 0.2
    assert config["selection"]["train_per_problem"] == 3
    assert config["selection"]["test_per_problem"] == 2  # the paper's j
    assert config["mask"]["fraction"] == 0.1
    assert config["oracle"]["policy"] == "strict"
    assert (sessions_env / "exp" / "session.db").is_file()


def test_smol_names_every_section_where_it_departs_from_the_paper() -> None:
    """The departures are the smol preset's documentation (session.toml keeps them)."""
    from cdpo_core.session import SessionConfig, preset
    from cdpo_core.settings_io import to_dict

    paper, smol = to_dict(SessionConfig()), to_dict(preset("smol"))
    named = " ".join(smol["departures"])
    changed = [
        f"{section}.{key}"
        for section, values in smol.items()
        if isinstance(values, dict) and section != "model"  # the model is the point of smol
        for key, value in values.items()
        if paper[section].get(key) != value
    ]
    assert "grpo.max_steps" in changed
    for setting in changed:
        section, key = setting.split(".")
        assert section in named or key in named, f"{setting} differs and no departure says why"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["init", "bad name"], "invalid session name"),
        (["init", "x", "--codenet", "/no/such/dir"], "no such file or folder"),
        (["init", "x", "--set", "dpo.betta=1"], "unknown setting 'dpo.betta'"),
        (["init", "x", "--set", "dpo.beta=high"], "dpo.beta must be a number"),
        (["status", "nope"], "no session 'nope'"),
        (["prep", "nope"], "create it with `cdpo init nope`"),
    ],
)
def test_user_errors_are_one_line_and_exit_2(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(argv) == 2
    err = " ".join(capsys.readouterr().err.split())
    assert message in err
    assert "Traceback" not in err


def test_existing_session_is_not_overwritten(sessions_env: Path) -> None:
    assert main(["init", "exp"]) == 0
    (sessions_env / "exp" / "marker").write_text("keep")
    assert main(["init", "exp"]) == 2
    assert (sessions_env / "exp" / "marker").read_text() == "keep"


def test_set_edits_the_toml_and_rejects_unknown_keys(sessions_env: Path) -> None:
    main(["init", "exp"])
    assert main(["set", "exp", "generation.max_new_tokens=64", "oracle.policy=errors"]) == 0
    session = Session.open(sessions_env, "exp")
    assert session.config.generation.max_new_tokens == 64
    assert session.config.oracle.policy == "errors"
    assert main(["set", "exp", "generation.max_new_tokenz=1"]) == 2


def test_a_corrupt_session_toml_is_reported_with_its_path(sessions_env: Path) -> None:
    main(["init", "exp"])
    (sessions_env / "exp" / "session.toml").write_text("[dpo\nbeta = ")
    assert main(["status", "exp"]) == 2


def test_prep_selects_from_the_shipped_corpus_with_a_skip_report(sessions_env: Path) -> None:
    main(
        [
            "init",
            "micro",
            "--preset",
            "demo",
            "--set",
            "selection.max_problems=3",
            "--set",
            "selection.train_per_problem=2",
            "--set",
            "selection.test_per_problem=1",
        ]
    )
    assert main(["prep", "micro"]) == 0
    session = Session.open(sessions_env, "micro")
    with session.store(readonly=True) as store:
        assert store.sample_counts() == {"train": 6, "test": 3}
        run = store.latest_run("prep")
        assert run is not None and run.status == "done"
        skipped = run.summary["skipped"]
        assert skipped["not Accepted"] > 0 and skipped["not C++"] > 0
        assert any("max_problems" in reason for reason in skipped)
        for sample in store.samples():
            assert sample.prefix + sample.target + sample.suffix == sample.code
            # The demo preset moves the split to the start of its line.
            assert sample.code[sample.mask_start - 1] == "\n"
            assert len(sample.target) >= round(0.1 * len(sample.code))
    # The selected splits are also saved for the trainers in `datasets` format.
    assert (session.datasets_dir / "train" / "dataset_info.json").is_file()

    # Prep again on the finished session: skipped like any finished step, not a failed prep.
    assert main(["prep", "micro"]) == 0
    with session.store(readonly=True) as store:
        assert [r.status for r in store.runs("prep")] == ["done"]
        assert store.sample_counts() == {"train": 6, "test": 3}


def test_prep_on_a_path_that_is_no_codenet_layout_says_what_was_expected(
    sessions_env: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "empty").mkdir()
    main(["init", "x"])
    # `init --codenet` (tests/core/test_codenet.py) and `set` refuse it at once ...
    assert main(["set", "x", f"data.source={tmp_path / 'empty'}"]) == 2
    assert "is an empty folder" in capsys.readouterr().err
    # ... and prep still does, for a source edited by hand or emptied since.
    toml = sessions_env / "x" / "session.toml"
    config = tomllib.loads(toml.read_text())
    config["data"]["source"] = str(tmp_path / "empty")
    toml.write_text(tomli_w.dumps(config))
    assert main(["prep", "x"]) == 1
    err = " ".join(capsys.readouterr().err.split())
    assert "is an empty folder" in err and "Project_CodeNet" in err
    assert "Traceback" not in err and "traceback" not in err


@pytest.mark.parametrize(("limit", "why"), [("-130", "got -130"), ("0", "got 0"), ("x", "'x'")])
def test_eval_refuses_a_limit_below_one_at_the_parser(
    limit: str, why: str, capsys: pytest.CaptureFixture[str]
) -> None:
    # `samples[:-130]` would quietly evaluate all but the last 130 samples.
    with pytest.raises(SystemExit) as exit_info:
        main(["eval", "nope", "--limit", limit])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert "argument --limit" in err and why in err and "Traceback" not in err


def test_compile_json_reports_each_file_and_exits_1_on_failure(tmp_path: Path) -> None:
    good = tmp_path / "good.cpp"
    good.write_text("int main() { return 0; }\n")
    bad = tmp_path / "bad.cpp"
    bad.write_text("int main() { return x; }\n")
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    proc = subprocess.run(
        [sys.executable, "-m", "cdpo_core", "compile", "--json", str(good), str(bad)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert proc.returncode == 1
    rows = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [r["passed"] for r in rows] == [True, False]
    assert rows[1]["level"] == "errors"
    assert "undeclared_name" in rows[1]["categories"]
    for key in ("file", "level", "passed", "categories", "diagnostics"):
        assert key in rows[0]


def _commands(
    parser: argparse.ArgumentParser, path: tuple[str, ...] = ()
) -> list[tuple[tuple[str, ...], str, argparse.ArgumentParser, argparse.ArgumentParser]]:
    """(path, one-line help, parser, parent) of every command, nested ones included.

    argparse has no public way to list subcommands; `_SubParsersAction` is what its own help
    formatter walks.
    """
    found = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            helps = {a.dest: a.help for a in action._choices_actions}
            for name, sub in action.choices.items():
                found.append(((*path, name), helps.get(name) or "", sub, parser))
                found += _commands(sub, (*path, name))
    return found


def test_help_is_there_for_every_command() -> None:
    commands = _commands(build_parser())
    paths = {" ".join(path) for path, *_ in commands}
    known = "init set sessions status prep eval step run compile results model demo replay"
    assert {*known.split(), "model build-tiny"} <= paths
    for path, summary, sub, parent in commands:
        name = " ".join(path)
        # Listed in its parent's help with a one-line summary (argparse lists a command only
        # when it is given `help=`), and its own help opens with a description.
        assert summary.strip(), f"{name}: no help line"
        listing = " ".join(parent.format_help().split())
        assert f"{path[-1]} {' '.join(summary.split())}" in listing, name
        own = sub.format_help()
        assert own.startswith(f"usage: cdpo {name}"), name
        assert sub.description and " ".join(sub.description.split()) in " ".join(own.split())
    # The module entry point prints this same parser (compared without line breaks: argparse
    # wraps to the terminal's width, which differs between this process and a piped child).
    proc = subprocess.run(
        [sys.executable, "-m", "cdpo_core", "--help"], capture_output=True, text=True, timeout=60
    )
    assert proc.returncode == 0
    assert proc.stdout.split() == build_parser().format_help().split()


def _small_codenet(tmp_path: Path, problems: int = 3) -> Path:
    """A CodeNet-layout folder with the first few problems of the shipped corpus."""
    import shutil

    from cdpo_core.session import DEMO_CORPUS

    root = tmp_path / "Project_CodeNet"
    pids = sorted(p.name for p in (DEMO_CORPUS / "data").iterdir())[:problems]
    for pid in pids:
        shutil.copytree(DEMO_CORPUS / "data" / pid, root / "data" / pid)
        (root / "metadata").mkdir(parents=True, exist_ok=True)
        shutil.copy(DEMO_CORPUS / "metadata" / f"{pid}.csv", root / "metadata")
    return root


def test_prep_reads_a_codenet_folder_and_the_same_as_tar_gz(
    sessions_env: Path, tmp_path: Path
) -> None:
    import tarfile

    folder = _small_codenet(tmp_path)
    archive = tmp_path / "Project_CodeNet.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        tar.add(folder, arcname="Project_CodeNet")
    counts = {}
    for name, source in (("folder", folder), ("archive", archive)):
        assert (
            main(
                [
                    "init",
                    name,
                    "--codenet",
                    str(source),
                    "--set",
                    "selection.train_per_problem=2",
                    "--set",
                    "selection.test_per_problem=1",
                ]
            )
            == 0
        )
        assert main(["prep", name]) == 0
        with Session.open(sessions_env, name).store(readonly=True) as store:
            run = store.latest_run("prep")
            assert run is not None
            counts[name] = (
                store.sample_counts(),
                [s.submission_id for s in store.samples()],
                run.summary["read"],
                run.summary["skipped"],
            )
            layout = run.summary["layout"]
        assert layout == ("codenet" if name == "folder" else "codenet-tar")
    assert counts["folder"][0] == {"train": 6, "test": 3}
    assert counts["folder"] == counts["archive"], "the archive is read exactly like the folder"
