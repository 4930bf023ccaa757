"""Whether compiles run beside decoding: yes when the model decodes on a GPU, no on a CPU.

On a GPU the accelerator decodes and g++ has the CPU cores to itself, so each decoded batch
compiles while the next one decodes, and the compiles cost no wall time. On a CPU, decoding and
g++ share the cores. torch's intra-op threads meet at a barrier in every operator, so a compile
that takes a core from one of them stalls all of them, and a lower niceness does not stop that
once other work is running too. Issue 12 measured overlapping as twice as slow as generating
first and compiling after (99.3 s against 47.9 s) on a loaded machine. So on a CPU each decoded
batch is compiled with every core while decoding waits. That is never slower than generating
everything first: the only loss is the tail of each batch, where one last compile leaves a core
idle. And each sample is still judged and stored as its batch ends, which generating everything
first would not do.

What holding gives up: a model too small to keep both cores busy (the demo tiny model, whose
decoding is bound by per-step overhead) leaves room for g++ on an idle machine, and there
overlapping was measured three times faster than sequential (`benchmarks/generation.py` prints
both). The hold is chosen because it never loses, loaded or not.
"""

from __future__ import annotations

from collections.abc import Iterable
from concurrent.futures import Future, wait
from dataclasses import dataclass
from typing import Any

from cdpo_core.models.loading import LoadedModel


def decode_device(loaded: LoadedModel) -> str:
    """The device type the model decodes on ("cpu", "cuda", "mps", ...): where its weights are.

    vLLM has no torch module at hand. It runs on a GPU, so it counts as "cuda".
    """
    if loaded.backend == "vllm":
        return "cuda"
    device = getattr(loaded.model, "device", None)
    if device is None:
        device = next(loaded.model.parameters()).device
    return str(getattr(device, "type", device))


@dataclass(frozen=True)
class CompileSchedule:
    """How a decoded batch's compiles relate to the next batch's decoding.

    `overlap`: compiles run while the next batch decodes. Otherwise `after_batch` blocks until
    the batch is judged, so g++ and the model never hold the cores at the same time.
    """

    overlap: bool
    reason: str

    @classmethod
    def for_model(cls, loaded: LoadedModel) -> CompileSchedule:
        device = decode_device(loaded)
        if device == "cpu":
            return cls(False, "decoding on the CPU: each batch compiles while decoding waits")
        return cls(True, f"decoding on {device}: each batch compiles while the next decodes")

    def after_batch(self, futures: Iterable[Future[Any]]) -> None:
        """Called with a decoded batch's verdict futures, before the next batch decodes."""
        if not self.overlap:
            wait(list(futures))
