"""Batched generation: left padding, the KV cache, length-sorted batches, OOM back-off.

The paper's code called `model.generate` once per prompt. Batching the same greedy decoding
gives the same tokens many times faster; prompts are sorted by length so a batch carries little
padding, each finished batch is handed to `on_batch` at once (the caller compiles it while the
next batch decodes), and an out-of-memory error halves the batch size instead of ending the run.
"""

from __future__ import annotations

import functools
import inspect
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from cdpo_core.errors import CdpoError
from cdpo_core.events import Emit, LogLine, Progress, discard
from cdpo_core.models.loading import LoadedModel

STAGE = "generate"


class GenerationError(CdpoError):
    """Generation cannot go on (e.g. out of memory even with one prompt per batch)."""


@dataclass(frozen=True)
class GenerationSettings:
    """How to decode. The defaults are the paper's: greedy, one completion per prompt."""

    max_new_tokens: int = field(
        default=256, metadata={"help": "New tokens per completion.", "min": 1}
    )
    do_sample: bool = field(
        default=False, metadata={"help": "Sample (temperature/top-p) instead of greedy decoding."}
    )
    temperature: float = field(
        default=1.0, metadata={"help": "Sampling temperature.", "above": 0.0}
    )
    top_p: float = field(
        default=1.0, metadata={"help": "Nucleus sampling mass.", "above": 0.0, "max": 1.0}
    )
    num_return_sequences: int = field(
        default=1,
        metadata={"help": "Completions per prompt (sampling only makes them differ).", "min": 1},
    )
    seed: int = field(default=0, metadata={"help": "Seed for sampling (reproducible runs)."})
    batch_size: int = field(
        default=8,
        metadata={"help": "Prompts per batch (halved automatically on out-of-memory).", "min": 1},
    )


@dataclass(frozen=True)
class Generation:
    """One completion. `seconds` is its share of its batch's wall time."""

    index: int
    sample: int
    text: str
    new_tokens: int
    seconds: float
    finished: bool


@dataclass(frozen=True)
class SkippedPrompt:
    """A prompt that was not generated for, with why (never silently truncated)."""

    index: int
    reason: str


OnBatch = Callable[[list[Generation]], None]
Stop = Callable[[int, str], bool]
"""`stop(prompt_index, text_so_far)`: True once more tokens cannot change what is kept."""


def generate(
    loaded: LoadedModel,
    prompts: Sequence[str],
    settings: GenerationSettings | None = None,
    *,
    on_batch: OnBatch | None = None,
    stop: Stop | None = None,
    emit: Emit = discard,
) -> tuple[list[Generation], list[SkippedPrompt]]:
    """Complete every prompt; the result is ordered by (prompt index, sample).

    `stop` ends a row early once the caller's parser has what it keeps (a raw completion that
    closed `main`): on a CPU most of a batch's time is otherwise spent writing text the parser
    cuts off. Only the greedy loop applies it; the other backends decode to `max_new_tokens`,
    and the parser cuts the same text.

    Prompts whose token count plus `max_new_tokens` exceeds the model's context are reported
    as `SkippedPrompt` instead. Greedy outputs are the same as decoding one prompt at a time.

    Raises:
        GenerationError: out of memory with a batch of one prompt, or bad settings.
    """
    settings = settings or GenerationSettings()
    _check(settings)
    tokenizer = loaded.tokenizer
    encoded = (
        tokenizer(list(prompts), add_special_tokens=True, verbose=False)["input_ids"]
        if prompts
        else []
    )
    skipped: list[SkippedPrompt] = []
    todo: list[tuple[int, list[int]]] = []
    for index, ids in enumerate(encoded):
        if len(ids) + settings.max_new_tokens > loaded.context_length:
            skipped.append(
                SkippedPrompt(
                    index,
                    f"prompt is {len(ids)} tokens + {settings.max_new_tokens} new tokens, "
                    f"context is {loaded.context_length}",
                )
            )
        else:
            todo.append((index, ids))
    for skip in skipped:
        emit(
            LogLine(
                stage=STAGE, level="warning", message=f"skipped prompt {skip.index}: {skip.reason}"
            )
        )
    # Longest first: similar lengths share a batch (little padding), and an out-of-memory
    # error shows up on the first batch rather than hours into the run.
    todo.sort(key=lambda item: (-len(item[1]), item[0]))
    if loaded.backend == "vllm":
        decode = _decode_vllm
    elif loaded.backend == "transformers" and not settings.do_sample:
        decode = functools.partial(_decode_greedy, stop=stop)
    else:
        decode = _decode_hf
    if loaded.backend == "unsloth":
        from unsloth import FastLanguageModel

        FastLanguageModel.for_inference(loaded.model)

    results: list[Generation] = []
    batch_size = max(1, settings.batch_size)
    done = tokens = 0
    started = time.monotonic()
    emit(Progress(stage=STAGE, done=0, total=len(todo), unit="prompts"))
    while done < len(todo):
        batch = todo[done : done + batch_size]
        try:
            t0 = time.monotonic()
            outputs = decode(loaded, batch, settings, seed=settings.seed + done)
        except Exception as exc:  # only out-of-memory is retried; see _is_oom
            if not _is_oom(exc):
                raise
            if batch_size == 1:
                raise GenerationError(
                    "out of memory with one prompt per batch; lower max_new_tokens, use a "
                    "smaller model or load it in 4-bit"
                ) from exc
            batch_size = max(1, len(batch) // 2)
            _free_memory()
            emit(
                LogLine(
                    stage=STAGE,
                    level="warning",
                    message=f"out of memory: batch size lowered to {batch_size}",
                )
            )
            continue
        seconds = time.monotonic() - t0
        share = seconds / max(1, len(outputs))
        generations = [
            Generation(index, sample, text, n, share, finished)
            for index, sample, text, n, finished in outputs
        ]
        results.extend(generations)
        done += len(batch)
        tokens += sum(g.new_tokens for g in generations)
        if on_batch is not None:
            on_batch(generations)
        elapsed = time.monotonic() - started
        emit(
            Progress(
                stage=STAGE,
                done=done,
                total=len(todo),
                unit="prompts",
                stats={"tokens/s": round(tokens / max(elapsed, 1e-9), 1), "batch_size": batch_size},
            )
        )
    results.sort(key=lambda g: (g.index, g.sample))
    return results, skipped


def _check(settings: GenerationSettings) -> None:
    if settings.max_new_tokens < 1 or settings.num_return_sequences < 1:
        raise GenerationError("max_new_tokens and num_return_sequences must be at least 1")
    if settings.do_sample and (settings.temperature <= 0 or not 0 < settings.top_p <= 1):
        raise GenerationError("sampling needs temperature > 0 and 0 < top_p <= 1")


def _is_oom(exc: BaseException) -> bool:
    import torch

    return isinstance(exc, torch.cuda.OutOfMemoryError) or (
        isinstance(exc, RuntimeError) and "out of memory" in str(exc).lower()
    )


def _free_memory() -> None:
    import torch

    if torch.cuda.is_available():
        torch.cuda.empty_cache()


Decoded = tuple[int, int, str, int, bool]  # index, sample, text, new tokens, finished


def _eos_ids(loaded: LoadedModel) -> set[int]:
    config = getattr(loaded.model, "generation_config", None)
    ids = getattr(config, "eos_token_id", None)
    if ids is None:
        ids = loaded.tokenizer.eos_token_id
    return set(ids) if isinstance(ids, list) else {ids}


def _left_pad(rows: Sequence[list[int]], pad: int, device: Any) -> tuple[Any, Any]:
    """`rows` as one left-padded batch on `device`: token ids and the attention mask."""
    import torch

    width = max(len(ids) for ids in rows)
    input_ids = torch.full((len(rows), width), pad, dtype=torch.long)
    mask = torch.zeros((len(rows), width), dtype=torch.long)
    for row, ids in enumerate(rows):
        input_ids[row, width - len(ids) :] = torch.tensor(ids)
        mask[row, width - len(ids) :] = 1
    return input_ids.to(device), mask.to(device)


def _decode_hf(
    loaded: LoadedModel, batch: list[tuple[int, list[int]]], settings: GenerationSettings, seed: int
) -> list[Decoded]:
    """One `model.generate` call over a left-padded batch."""
    import torch
    from transformers import GenerationConfig

    tokenizer, model = loaded.tokenizer, loaded.model
    pad = tokenizer.pad_token_id
    eos = _eos_ids(loaded)
    input_ids, mask = _left_pad([ids for _, ids in batch], pad, model.device)
    width = input_ids.shape[1]
    sampling = (
        {"do_sample": True, "temperature": settings.temperature, "top_p": settings.top_p}
        if settings.do_sample
        else {"do_sample": False}
    )
    config = GenerationConfig(
        max_new_tokens=settings.max_new_tokens,
        num_return_sequences=settings.num_return_sequences,
        pad_token_id=pad,
        eos_token_id=sorted(eos),
        **sampling,
    )
    torch.manual_seed(seed)
    with torch.inference_mode():
        out = model.generate(input_ids=input_ids, attention_mask=mask, generation_config=config)
    new = out[:, width:].tolist()
    results: list[Decoded] = []
    n = settings.num_return_sequences
    for row, tokens in enumerate(new):
        index = batch[row // n][0]
        stop = next((i for i, t in enumerate(tokens) if t in eos), None)
        kept = tokens if stop is None else tokens[:stop]
        text = tokenizer.decode(kept, skip_special_tokens=True)
        count = len(kept) + (stop is not None)
        results.append((index, row % n, text, count, stop is not None))
    return results


def _decode_greedy(
    loaded: LoadedModel,
    batch: list[tuple[int, list[int]]],
    settings: GenerationSettings,
    seed: int,
    stop: Stop | None = None,
) -> list[Decoded]:
    """Greedy decoding of a batch, written by hand for what `model.generate` cannot do.

    * Finished rows leave the batch. `generate` keeps decoding a finished row (as padding)
      until the longest row ends, so one runaway completion makes the whole batch pay for
      `max_new_tokens`. A finished row's place in the KV cache is taken by a live row from
      the end of the batch (`kv_cache.keep_rows`), so a drop copies one row, not the cache.
    * On a CPU each prompt is prefilled alone and the results are joined into one left-padded
      cache (`kv_cache.join_prefills`): prefill is compute-bound there, so a padded batch only
      adds the padding's work, while the decode steps, bound by per-call overhead, gain from
      the batch. On a GPU the batch is prefilled at once.
    * The cache is allocated once for the whole decode (`kv_cache.PreallocatedLayer`), and
      each decode step attends spans of rows only from their first real token on
      (`kv_cache.ragged_sdpa`), not over the whole padded width.

    The outputs are the same as `generate`'s and as one prompt at a time (tested).
    """
    import torch

    from cdpo_core.models import kv_cache

    tokenizer, model = loaded.tokenizer, loaded.model
    eos = _eos_ids(loaded)
    device = model.device
    _, mask = _left_pad([ids for _, ids in batch], tokenizer.pad_token_id, device)
    width = mask.shape[1]
    # transformers 5.2x renamed `past_key_values` to `cache`; older releases know only the first.
    # A PEFT model's own forward takes **kwargs and passes them on: ask the model it wraps.
    base = model.get_base_model() if hasattr(model, "get_base_model") else model
    parameters = inspect.signature(base.forward).parameters
    cache_name = "cache" if "cache" in parameters else "past_key_values"
    last_only = {"logits_to_keep": 1} if "logits_to_keep" in parameters else {}
    capacity = width + settings.max_new_tokens
    joinable = kv_cache.full_attention_layers(model) is not None
    group = 1 if device.type == "cpu" and joinable else len(batch)
    generated: list[list[int]] = [[] for _ in batch]
    ended = [False] * len(batch)
    stopped = [False] * len(batch)
    done = [False] * len(batch)
    rows = list(range(len(batch)))  # the batch row held by each row of the cache
    with torch.inference_mode(), kv_cache.ragged_attention(model) as ragged:
        cache, tokens = _prefill(loaded, [ids for _, ids in batch], group, capacity, last_only)
        positions = mask.sum(-1, keepdim=True) - 1
        starts = [width - len(ids) for _, ids in batch]  # each cache row's first real column
        while True:
            for j, token in enumerate(tokens.tolist()):
                row = rows[j]
                if done[row]:
                    continue
                generated[row].append(token)
                if token in eos:
                    ended[row] = done[row] = True
                elif len(generated[row]) >= settings.max_new_tokens:
                    done[row] = True
                elif stop is not None and stop(
                    batch[row][0], tokenizer.decode(generated[row], skip_special_tokens=True)
                ):
                    stopped[row] = done[row] = True
            live = [j for j, row in enumerate(rows) if not done[row]]
            if not live:
                break
            if len(live) < len(rows):
                order = kv_cache.keep_rows(cache, live)
                moved = torch.tensor(order, device=device)
                mask, tokens, positions = mask[moved], tokens[moved], positions[moved]
                rows = [rows[j] for j in order]
                starts = [starts[j] for j in order]
            mask = torch.cat([mask, mask.new_ones((len(rows), 1))], dim=1)
            positions = positions + 1
            out = model(
                input_ids=tokens[:, None],
                # Already 4-D (rows, 1, query, key): transformers uses it as it is instead of
                # rebuilding it from the 2-D mask at every step.
                attention_mask=mask[:, None, None, :].bool(),
                position_ids=positions,
                use_cache=True,
                **{cache_name: cache},
                **last_only,
                **({"row_spans": kv_cache.row_spans(starts)} if ragged else {}),
            )
            cache = out.past_key_values
            tokens = out.logits[:, -1, :].argmax(-1)
    results: list[Decoded] = []
    for row, (index, _) in enumerate(batch):
        kept = generated[row][:-1] if ended[row] else generated[row]
        text = tokenizer.decode(kept, skip_special_tokens=True)
        results.append((index, 0, text, len(generated[row]), ended[row] or stopped[row]))
    return results


def _prefill(
    loaded: LoadedModel,
    prompts: list[list[int]],
    group: int,
    capacity: int,
    extra: dict[str, Any],
) -> tuple[Any, Any]:
    """Prefill `prompts` `group` at a time; returns the joined cache (left-padded to the
    longest prompt, room for `capacity` positions) and each row's first greedy token."""
    import torch

    from cdpo_core.models import kv_cache

    model, pad = loaded.model, loaded.tokenizer.pad_token_id
    prefills, first = [], []
    for start in range(0, len(prompts), group):
        input_ids, mask = _left_pad(prompts[start : start + group], pad, model.device)
        out = model(
            input_ids=input_ids,
            attention_mask=mask,
            position_ids=(mask.cumsum(-1) - 1).clamp(min=0),
            use_cache=True,
            **extra,
        )
        prefills.append(out.past_key_values)
        first.append(out.logits[:, -1, :].argmax(-1))
    width = max(len(ids) for ids in prompts)
    return kv_cache.join_prefills(model, prefills, width, capacity), torch.cat(first)


def _decode_vllm(
    loaded: LoadedModel, batch: list[tuple[int, list[int]]], settings: GenerationSettings, seed: int
) -> list[Decoded]:
    """The same contract on vLLM, which schedules its own continuous batching on the GPU."""
    from vllm import SamplingParams, TokensPrompt

    params = SamplingParams(
        n=settings.num_return_sequences,
        temperature=settings.temperature if settings.do_sample else 0.0,
        top_p=settings.top_p if settings.do_sample else 1.0,
        max_tokens=settings.max_new_tokens,
        seed=seed,
        skip_special_tokens=True,
    )
    lora: Any = None
    if loaded.adapter:
        from vllm.lora.request import LoRARequest

        lora = LoRARequest("adapter", 1, loaded.adapter)
    outputs = loaded.model.generate(
        [TokensPrompt(prompt_token_ids=ids) for _, ids in batch],
        params,
        lora_request=lora,
        use_tqdm=False,
    )
    results: list[Decoded] = []
    for (index, _), output in zip(batch, outputs, strict=True):
        for sample, completion in enumerate(output.outputs):
            finished = completion.finish_reason == "stop"
            results.append((index, sample, completion.text, len(completion.token_ids), finished))
    return results
