"""The console stays light: no ML imports, quick start, styles found in an installed wheel."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
HEAVY = ("torch", "transformers", "trl", "peft", "datasets")


def test_console_imports_no_ml_library() -> None:
    """What it imports, not how fast: start-up time is measured in benchmarks/console.py,
    since a timed test fails on a loaded machine."""
    code = (
        "import sys, json; import cdpo_tui.app; "
        f"print(json.dumps([m for m in {HEAVY!r} if m in sys.modules]))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO
    )
    assert json.loads(out.stdout) == []


@pytest.mark.slow
def test_wheel_ships_the_styles(tmp_path: Path) -> None:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path),
            str(REPO),
        ],
        check=True,
        capture_output=True,
    )
    wheel = next(tmp_path.glob("cdpo-*.whl"))
    unpacked = tmp_path / "unpacked"
    with zipfile.ZipFile(wheel) as z:
        z.extractall(unpacked)
    code = (
        "import sys; sys.path[:0] = [sys.argv[1]]; "
        "from cdpo_tui.paths import styles_dir, stylesheets; "
        "print(styles_dir()); print(len(stylesheets()))"
    )
    out = subprocess.run(
        [sys.executable, "-I", "-c", code, str(unpacked)],
        capture_output=True,
        text=True,
        check=True,
        cwd=tmp_path,
    )
    folder, count = out.stdout.split()
    assert Path(folder) == unpacked / "cdpo_tui" / "styles"
    assert int(count) == len(list((REPO / "styles").glob("*.tcss")))
    assert (Path(folder) / "app.tcss").is_file()
