"""The core is reachable without the console, and cheap to import until a stage runs."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

HEAVY = ("torch", "transformers", "trl", "peft", "datasets", "textual")


@pytest.mark.parametrize(
    "module",
    [
        "cdpo_core.cli",
        "cdpo_core.session",
        "cdpo_core.pipeline",
        "cdpo_core.results",
        "cdpo_core.oracle",
        "cdpo_core.models",
        "cdpo_core.training",
        "cdpo_core.stages.evaluate",
        "cdpo_core.stages.training",
    ],
)
def test_core_modules_import_nothing_heavy(module: str) -> None:
    code = (
        f"import json, sys, {module}; "
        f"print(json.dumps([m for m in {list(HEAVY)!r} if m in sys.modules]))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert json.loads(out.stdout) == [], f"{module} pulls in heavy modules at import"
