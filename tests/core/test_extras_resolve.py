"""Each optional extra resolves beside the base dependencies: at once, and to versions the code
supports.

`pip install -e '.[gpu]'` once "succeeded" after minutes of backtracking, with unsloth 2025.7
(made before transformers 5) beside transformers 5.24 and trl 1.16: pip found a set that
satisfied the metadata, not one that works. These tests ask pip what a fresh machine would get
(`--dry-run --report`, nothing is installed) and check it against pyproject.toml's bounds and
the TRL range DPO-Positive was checked on.

They need the package index, which CI reaches. Without one they fail within seconds, saying so;
deselect them there with `-m "not registry"`.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tomllib
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

from cdpo_core.training.dpop import check_trl_version

pytestmark = [pytest.mark.registry, pytest.mark.slow]

REPO = Path(__file__).resolve().parents[2]
PROJECT = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
EXTRAS = ("gpu", "vllm")
# A hang guard, not a speed test (backtracking is caught by pip's own message): the unbounded
# gpu extra backtracked for 11 minutes; bounded, each extra took 50 to 210 s on a loaded 2-core
# machine whose index serves no separate wheel metadata, so pip downloads every wheel it
# considers (two torch wheels of 550 MB per extra).
RESOLVE_TIMEOUT_S = 420
BACKTRACKING = "pip is looking at multiple versions of "
PIP = [sys.executable, "-m", "pip", "--disable-pip-version-check"]


@dataclass(frozen=True)
class Resolution:
    """What pip said it would install for one extra."""

    extra: str
    returncode: int | None  # None: stopped after RESOLVE_TIMEOUT_S
    output: str  # stdout + stderr, where pip reports conflicts and backtracking
    versions: dict[str, Version]  # canonical name -> version, empty when pip failed


def _kill_group(process: subprocess.Popen[str]) -> None:
    # pip runs the build backend in a child of its own, which would keep the pipes open (and
    # communicate() waiting) if only pip were killed.
    os.killpg(process.pid, signal.SIGKILL)


def _resolve(extra: str, report: Path) -> Resolution:
    # Not --quiet: pip reports backtracking at INFO level, which --quiet hides.
    command = [
        *PIP,
        "install",
        "--dry-run",
        "--ignore-installed",
        "--report",
        str(report),
        "--timeout",
        "30",
        "--retries",
        "2",
        f"{REPO}[{extra}]",
    ]
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True
    )
    try:
        output, _ = process.communicate(timeout=RESOLVE_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        _kill_group(process)
        output, _ = process.communicate()
        return Resolution(extra, None, output, {})
    versions: dict[str, Version] = {}
    if process.returncode == 0:
        for item in json.loads(report.read_text())["install"]:
            metadata = item["metadata"]
            versions[canonicalize_name(metadata["name"])] = Version(metadata["version"])
    return Resolution(extra, process.returncode, output, versions)


@pytest.fixture(scope="module")
def index_reachable() -> None:
    """Fail in seconds, naming the cause, where pip cannot reach an index (not after minutes of
    retries inside the resolutions)."""
    probe = [*PIP, "index", "versions", "unsloth", "--timeout", "10", "--retries", "0"]
    try:
        result = subprocess.run(probe, capture_output=True, text=True, timeout=60)
    except subprocess.TimeoutExpired:
        result = None
    if result is None or result.returncode != 0:
        lines = ["no answer in 60 s"] if result is None else result.stderr.strip().splitlines()
        why = " | ".join(line[:160] for line in lines[-2:])
        pytest.fail(
            "pip cannot reach a package index that serves unsloth; these tests resolve the "
            "extras against PyPI: run them where pip reaches it, or deselect them with "
            f"-m 'not registry'. pip said: {why}"
        )


@pytest.fixture(scope="module")
def resolutions(
    index_reachable: None, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, Resolution]:
    """Both extras, resolved side by side: most of the time is spent waiting on the index."""
    folder = tmp_path_factory.mktemp("pip-reports")
    with ThreadPoolExecutor(len(EXTRAS)) as pool:
        futures = {
            extra: pool.submit(_resolve, extra, folder / f"{extra}.json") for extra in EXTRAS
        }
        return {extra: future.result() for extra, future in futures.items()}


def _requirements(extra: str) -> list[Requirement]:
    """The base dependencies and the extra's own, as pyproject.toml states them."""
    named = PROJECT["dependencies"] + PROJECT["optional-dependencies"][extra]
    return [Requirement(text) for text in named]


@pytest.mark.parametrize("extra", EXTRAS)
def test_extra_resolves_at_once_within_the_supported_ranges(
    extra: str, resolutions: dict[str, Resolution]
) -> None:
    resolution = resolutions[extra]
    tail = "\n".join(resolution.output.splitlines()[-25:])
    assert resolution.returncode is not None, (
        f"pip did not resolve .[{extra}] within {RESOLVE_TIMEOUT_S} s: it is backtracking, or "
        f"the index is unusably slow; pip's last lines:\n{tail}"
    )
    assert resolution.returncode == 0, f"pip cannot install .[{extra}]:\n{tail}"
    backtracked = sorted(
        {
            line.split(BACKTRACKING)[1].split(" ")[0]
            for line in resolution.output.splitlines()
            if BACKTRACKING in line
        }
    )
    assert not backtracked, (
        f".[{extra}] resolves only by backtracking over {backtracked}: bound them in pyproject.toml"
    )
    versions = resolution.versions
    for requirement in _requirements(extra):
        if requirement.marker is not None and not requirement.marker.evaluate():
            continue
        name = canonicalize_name(requirement.name)
        assert name in versions, f".[{extra}] does not install {requirement}"
        assert requirement.specifier.contains(versions[name], prereleases=True), (
            f".[{extra}] resolves {name}=={versions[name]}, outside {requirement}"
        )
    check_trl_version(str(versions["trl"]))  # the TRL that DPO-Positive was checked on


def test_gpu_extra_names_the_unsloth_it_was_written_against(
    resolutions: dict[str, Resolution],
) -> None:
    """A bare `unsloth` let pip fall back to a 2025 release; the bound is what stops that."""
    (unsloth,) = [r for r in _requirements("gpu") if r.name == "unsloth"]
    lows = [Version(s.version) for s in unsloth.specifier if s.operator == ">="]
    assert lows, f"the gpu extra names {unsloth} without a lower bound"
    resolved = resolutions["gpu"].versions.get("unsloth")
    assert resolved is not None and resolved >= max(lows), (
        f"the gpu extra resolves unsloth {resolved}, below {unsloth}"
    )
