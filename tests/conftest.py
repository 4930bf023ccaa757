"""Shared fixtures. Kept light: nothing heavy is imported until a fixture runs."""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from cdpo_core.models.loading import LoadedModel, ModelSettings, load_model

REPO = Path(__file__).resolve().parents[1]
SHARED_DATA = REPO / ".." / "shared" / "data"
UNLABELLED = SHARED_DATA / "codenet_cpp_unlabelled.jsonl.gz"


def shared_programs(limit: int | None = None) -> list[str]:
    """Real CodeNet C++ programs from ../shared/data, or [] in a fresh clone without it."""
    if not UNLABELLED.is_file():
        return []
    with gzip.open(UNLABELLED, "rt", encoding="utf-8") as lines:
        codes = [json.loads(line)["code"] for line in lines]
    return codes[:limit] if limit else codes


@pytest.fixture(scope="session")
def codenet_programs() -> list[str]:
    """The 1,600 shared CodeNet programs, or [] in a fresh clone (use it to skip or fall back)."""
    return shared_programs()


@pytest.fixture(scope="session")
def tiny_model_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A micro Llama + BPE tokenizer (Hugging Face folder) built in a few seconds.

    Trained on the first 200 shared CodeNet programs; in a fresh clone without ../shared, on
    the g++ standard library headers instead, so the fixture works everywhere g++ does.
    """
    from dataclasses import replace

    from cdpo_core.models.tiny import TinyModelSettings, build_tiny_model

    texts = shared_programs(200)
    settings = TinyModelSettings.micro()
    if not texts:
        settings = replace(settings, include_headers=True, header_bytes=200_000)
    return build_tiny_model(tmp_path_factory.mktemp("models") / "micro", texts, settings).path


@pytest.fixture(scope="module")
def loaded(tiny_model_dir: Path) -> LoadedModel:
    """The micro model loaded on the CPU, shared by a module's tests (they restore what they
    change on it)."""
    return load_model(ModelSettings(str(tiny_model_dir)))


@pytest.fixture(scope="session", autouse=True)
def private_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The oracle's verdict cache and precompiled headers go to a fresh folder per test run.

    A test must never pass because of a verdict some earlier run left in ~/.cache, and the
    suite must not write there. Child processes inherit the variable.
    """
    import os

    path = tmp_path_factory.mktemp("xdg-cache")
    previous = os.environ.get("XDG_CACHE_HOME")
    os.environ["XDG_CACHE_HOME"] = str(path)
    yield path
    if previous is None:
        del os.environ["XDG_CACHE_HOME"]
    else:
        os.environ["XDG_CACHE_HOME"] = previous
