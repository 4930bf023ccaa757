"""The KV cache of the hand-written greedy loop in `generation`, and attention that skips padding.

Three things `model.generate` cannot do, each worth a large share of a CPU decode step:

* `PreallocatedLayer`: transformers' `DynamicLayer` concatenates each new position onto the
  cache, copying all of it at every step; `StaticLayer` avoids the copy but hands attention all
  `max_cache_len` positions. This layer writes one slice per step into buffers allocated once
  (prompt width + max_new_tokens) and hands attention a view of the filled part.
* `join_prefills` / `keep_rows`: prompts prefilled apart are joined into one left-padded batch
  cache, and a finished row's place is taken by a live row, one row copied per row dropped.
* `ragged_sdpa`: in a left-padded batch every row reads the whole cache, padding included, at
  every step; here spans of rows read only from their first real column.

Imports torch and transformers at module level: only generation's decode path imports it.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any, Protocol, cast

import torch
from transformers import AttentionInterface
from transformers.cache_utils import Cache, DynamicLayer, get_layer_types_and_kwargs


class CacheOverflowError(RuntimeError):
    """More positions were written than the cache was sized for (a bug in the caller)."""


class PreallocatedLayer(DynamicLayer):
    """`DynamicLayer` whose keys and values are views of buffers holding `capacity` positions."""

    def __init__(self, capacity: int) -> None:
        super().__init__()
        self.capacity = capacity
        self.length = 0

    def lazy_initialization(self, key_states: torch.Tensor, value_states: torch.Tensor) -> None:
        self.allocate(key_states.shape[0], key_states, value_states)

    def allocate(self, rows: int, like_keys: torch.Tensor, like_values: torch.Tensor) -> None:
        """Empty buffers for `rows` rows, with the heads, head size, dtype and device of the
        given keys and values."""
        self.device = like_keys.device
        heads = like_keys.shape[1]
        self.key_buffer = like_keys.new_empty((rows, heads, self.capacity, like_keys.shape[-1]))
        self.value_buffer = like_values.new_empty(
            (rows, heads, self.capacity, like_values.shape[-1])
        )
        self.is_initialized = True

    def update(
        self, key_states: torch.Tensor, value_states: torch.Tensor, *args: Any, **kwargs: Any
    ) -> tuple[torch.Tensor, torch.Tensor]:
        if not self.is_initialized:
            self.lazy_initialization(key_states, value_states)
        end = self.length + key_states.shape[-2]
        if end > self.capacity:
            raise CacheOverflowError(f"KV cache sized for {self.capacity} positions got {end}")
        self.key_buffer[:, :, self.length : end] = key_states
        self.value_buffer[:, :, self.length : end] = value_states
        self.length = end
        self._expose()
        assert self.keys is not None and self.values is not None  # exposed just above
        return self.keys, self.values

    def get_seq_length(self) -> int:
        return self.length

    def batch_select_indices(self, indices: torch.Tensor) -> None:
        if self.length:
            self.key_buffer = self.key_buffer[indices]
            self.value_buffer = self.value_buffer[indices]
            self._expose()

    def move_rows(self, sources: list[int], targets: list[int], keep: int) -> None:
        """Copy rows `sources` onto rows `targets`, then keep the first `keep` rows.

        Cheaper than `batch_select_indices` when a few rows end: only the moved rows are
        copied (their filled part), and the kept rows are a view of the same buffers.
        """
        if sources:
            source = torch.tensor(sources, device=self.device)
            target = torch.tensor(targets, device=self.device)
            filled = slice(0, self.length)
            self.key_buffer[target, :, filled] = self.key_buffer[source, :, filled]
            self.value_buffer[target, :, filled] = self.value_buffer[source, :, filled]
        self.key_buffer = self.key_buffer[:keep]
        self.value_buffer = self.value_buffer[:keep]
        self._expose()

    def _expose(self) -> None:
        self.keys = self.key_buffer[:, :, : self.length]
        self.values = self.value_buffer[:, :, : self.length]


def full_attention_layers(model: Any) -> int | None:
    """How many layers `model` caches, or None when some layer is not plain full attention
    (sliding windows, chunked or shared KV): those keep the model's own cache."""
    config = model.config.get_text_config(decoder=True)
    try:
        layer_types, _ = get_layer_types_and_kwargs(config)
    except (AttributeError, TypeError, ValueError):  # a config this helper cannot read
        return None
    if not layer_types or any(kind != "full_attention" for kind in layer_types):
        return None
    return len(layer_types)


def join_prefills(model: Any, prefills: Sequence[Cache], width: int, capacity: int) -> Cache:
    """One cache of `capacity` positions holding the rows of `prefills` in order, each part
    right-aligned at `width` (left padding, as the attention mask says).

    Keys are stored after the rotary embedding of each row's own positions, which are the same
    whether a prompt is prefilled alone or left-padded in a batch, so the parts can be joined.
    The padding is zeros: masked out, but finite, so attention scores stay finite. A single
    prefill of a model that is not all full attention is returned as it is.
    """
    layers = full_attention_layers(model)
    if layers is None:
        if len(prefills) != 1:
            raise ValueError("only full-attention models can join separate prefills")
        return prefills[0]
    rows = sum(_dense(part, 0).keys.shape[0] for part in prefills)
    own = [PreallocatedLayer(capacity) for _ in range(layers)]
    joined = Cache(layers=list(own))
    for index, layer in enumerate(own):
        first = _dense(prefills[0], index)
        layer.allocate(rows, first.keys, first.values)
        start = 0
        for part in prefills:
            keys, values = _dense(part, index).keys, _dense(part, index).values
            stop, begin = start + keys.shape[0], width - keys.shape[2]
            layer.key_buffer[start:stop, :, :begin].zero_()
            layer.value_buffer[start:stop, :, :begin].zero_()
            layer.key_buffer[start:stop, :, begin:width] = keys
            layer.value_buffer[start:stop, :, begin:width] = values
            start = stop
        layer.length = width
        layer._expose()
    return joined


def keep_rows(cache: Cache, live: list[int]) -> list[int]:
    """Drop every cache row not in `live` (ascending); returns the new row order, as old row
    numbers, for the caller's own per-row tensors.

    Live rows already among the first `len(live)` stay where they are; each live row beyond
    that moves into a dead row's place, so a preallocated cache copies one row per row dropped.
    """
    keep = len(live)
    alive = set(live)
    holes = [row for row in range(keep) if row not in alive]
    movers = [row for row in live if row >= keep]
    order = list(range(keep))
    for hole, mover in zip(holes, movers, strict=True):
        order[hole] = mover
    own = [layer for layer in cache.layers if isinstance(layer, PreallocatedLayer)]
    if len(own) == len(cache.layers):
        for layer in own:
            layer.move_rows(movers, holes, keep)
    else:
        index = torch.tensor(order, device=_dense(cache, 0).keys.device)
        cache.batch_select_indices(index)
    return order


class _Filled(Protocol):
    keys: torch.Tensor
    values: torch.Tensor


def _dense(cache: Cache, index: int) -> _Filled:
    """Layer `index` of a filled full-attention cache: its keys and values are tensors.

    transformers types a cache's layers as a union with linear-attention and dummy layers and
    their tensors as optional; by the time we read them, prefill has filled them.
    """
    return cast(_Filled, cache.layers[index])


RAGGED = "cdpo_ragged_sdpa"


def ragged_sdpa(
    module: torch.nn.Module,
    query: torch.Tensor,
    key: torch.Tensor,
    value: torch.Tensor,
    attention_mask: torch.Tensor | None,
    row_spans: Sequence[tuple[int, int, int]] | None = None,
    **kwargs: Any,
) -> tuple[torch.Tensor, None]:
    """SDPA that, given `row_spans` (first row, end row, first key column), attends each span
    of rows only over the columns from its first real token on.

    In a left-padded batch every row otherwise reads the whole cache, padding included, at
    every decode step; on a CPU that read is most of a small model's step. Masked columns add
    nothing to attention, so leaving them out changes no result. Without `row_spans` (the
    prefill) this is plain SDPA.
    """
    from transformers.integrations.sdpa_attention import sdpa_attention_forward

    if row_spans is None or attention_mask is None:
        return sdpa_attention_forward(module, query, key, value, attention_mask, **kwargs)
    outputs = [
        sdpa_attention_forward(
            module,
            query[first:end],
            key[first:end, :, column:],
            value[first:end, :, column:],
            attention_mask[first:end, ..., column:],
            **kwargs,
        )[0]
        for first, end, column in row_spans
    ]
    return torch.cat(outputs), None


def row_spans(starts: Sequence[int], rows_per_span: int = 8) -> list[tuple[int, int, int]]:
    """Contiguous spans of about `rows_per_span` rows, each with the first column any of its
    rows needs (`starts`: each row's first real key column)."""
    spans = []
    for first in range(0, len(starts), rows_per_span):
        end = min(len(starts), first + rows_per_span)
        spans.append((first, end, min(starts[first:end])))
    return spans


@contextmanager
def ragged_attention(model: Any) -> Iterator[bool]:
    """Run `model` with `ragged_sdpa` inside the block; yields whether it could.

    Only a model on SDPA that dispatches through transformers' `AttentionInterface` switches;
    any other keeps its attention (and the caller passes no `row_spans`). The model's own
    implementation is restored on the way out, whatever happens inside.
    """
    previous = model.config._attn_implementation
    switch = (
        previous == "sdpa"
        and hasattr(model, "set_attn_implementation")
        and model._can_set_attn_implementation()
    )
    if switch:
        AttentionInterface.register(RAGGED, ragged_sdpa)
        model.set_attn_implementation(RAGGED)
    try:
        yield switch
    finally:
        if switch:
            model.set_attn_implementation(previous)
