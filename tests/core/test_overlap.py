"""Compiles overlap decoding on a GPU and wait for it on a CPU (issue 12, "overlap under
contention"): the order of events in a real evaluation, not its times."""

from __future__ import annotations

from concurrent.futures import Future
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from cdpo_core.cli import main
from cdpo_core.events import Emit, discard
from cdpo_core.models import loading
from cdpo_core.models.loading import LoadedModel, ModelSettings
from cdpo_core.models.overlap import CompileSchedule, decode_device
from cdpo_core.oracle import Oracle, Verdict


def stand_in(model: Any, backend: str = "transformers") -> LoadedModel:
    return LoadedModel(model, None, backend, "test", "raw", 2048)


def test_the_device_decides() -> None:
    import torch

    # CUDA is mocked: the decision reads only where the weights are.
    on_gpu = stand_in(SimpleNamespace(device=torch.device("cuda", 0)))
    assert decode_device(on_gpu) == "cuda"
    assert CompileSchedule.for_model(on_gpu).overlap
    assert CompileSchedule.for_model(stand_in(object(), backend="vllm")).overlap
    on_cpu = stand_in(torch.nn.Linear(2, 2))  # a plain module: no `.device`, its parameters'
    assert decode_device(on_cpu) == "cpu"
    assert not CompileSchedule.for_model(on_cpu).overlap


def test_a_cpu_model_is_held(loaded: LoadedModel) -> None:
    assert decode_device(loaded) == "cpu"
    assert not CompileSchedule.for_model(loaded).overlap


def test_overlap_hands_back_before_the_batch_is_judged() -> None:
    """The GPU schedule never waits: a verdict that is not there yet does not block decoding."""
    unjudged: Future[Verdict] = Future()
    CompileSchedule(True, "gpu").after_batch([unjudged])
    assert not unjudged.done()


@pytest.fixture()
def prepared(tiny_model_dir: Path, tmp_path: Path) -> tuple[Path, str]:
    """A session on the micro model: 6 test samples, decoded 2 per batch."""
    root = tmp_path / "sessions"
    args = ["--sessions", str(root), "init", "held", "--preset", "demo"]
    args += ["--model", str(tiny_model_dir)]
    for setting in (
        "selection.max_problems=3",
        "selection.train_per_problem=1",
        "selection.test_per_problem=2",
        "selection.max_chars=600",
        "generation.max_new_tokens=16",
        "generation.batch_size=2",
    ):
        args += ["--set", setting]
    assert main(args) == 0
    assert main(["--sessions", str(root), "prep", "held"]) == 0
    return root, "held"


def test_a_cpu_evaluation_compiles_each_batch_before_the_next_decodes(
    prepared: tuple[Path, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every forward pass of the model finds no compile running, and compiles did run between
    batches. Before the fix the next batch decoded while g++ still ran on the same cores."""
    root, name = prepared
    futures: list[Future[Verdict]] = []
    events: list[tuple[str, int]] = []
    real_submit, real_load = Oracle.submit, loading.load_model

    def submit(self: Oracle, code: str) -> Future[Verdict]:
        future = real_submit(self, code)
        futures.append(future)
        events.append(("submit", 0))
        return future

    def load_model(settings: ModelSettings, emit: Emit = discard) -> LoadedModel:
        model = real_load(settings, emit)

        def on_forward(*_: Any) -> None:
            events.append(("forward", sum(not f.done() for f in futures)))

        model.model.register_forward_pre_hook(on_forward)
        return model

    monkeypatch.setattr(Oracle, "submit", submit)
    monkeypatch.setattr(loading, "load_model", load_model)
    assert main(["--sessions", str(root), "eval", name]) == 0

    kinds = [kind for kind, _ in events]
    assert kinds.count("submit") == 6
    first, last = kinds.index("submit"), len(kinds) - kinds[::-1].index("submit") - 1
    assert "forward" in kinds[first:last], "batches decoded between compiles"
    running = [busy for kind, busy in events if kind == "forward"]
    assert running and max(running) == 0, "no compile runs while the model decodes"
