"""The greedy loop's KV cache: separate prefills joined, rows dropped, ragged attention.

Each piece is checked against what transformers computes without it, on the micro model.
"""

from __future__ import annotations

import pytest
import torch

from cdpo_core.models import kv_cache
from cdpo_core.models.loading import LoadedModel

PROMPTS = [
    "#include <bits/stdc++.h>\nusing namespace std;\nint main() {\n  long long n, k;\n  cin >> n",
    "int main() { return 0; ",
    "#include <cstdio>\nint main(void){\n  int a, b;\n",
    "struct P { int x, y; };\n",
]


def left_padded(loaded: LoadedModel) -> tuple[torch.Tensor, torch.Tensor, list[list[int]]]:
    ids = [loaded.tokenizer(p)["input_ids"] for p in PROMPTS]
    width = max(map(len, ids))
    input_ids = torch.full((len(ids), width), loaded.tokenizer.pad_token_id)
    mask = torch.zeros((len(ids), width), dtype=torch.long)
    for row, row_ids in enumerate(ids):
        input_ids[row, width - len(row_ids) :] = torch.tensor(row_ids)
        mask[row, width - len(row_ids) :] = 1
    return input_ids, mask, ids


def test_joined_prefills_equal_one_padded_prefill(loaded: LoadedModel) -> None:
    model = loaded.model
    input_ids, mask, ids = left_padded(loaded)
    width = input_ids.shape[1]
    with torch.inference_mode():
        padded = model(
            input_ids=input_ids,
            attention_mask=mask,
            position_ids=(mask.cumsum(-1) - 1).clamp(min=0),
            use_cache=True,
        ).past_key_values
        alone = [
            model(input_ids=torch.tensor([row]), use_cache=True).past_key_values for row in ids
        ]
    joined = kv_cache.join_prefills(model, alone, width, capacity=width + 5)
    assert len(joined.layers) == len(padded.layers)
    for ours, theirs in zip(joined.layers, padded.layers, strict=True):
        assert ours.get_seq_length() == width and ours.key_buffer.shape[2] == width + 5
        for row, row_ids in enumerate(ids):
            real = slice(width - len(row_ids), width)
            torch.testing.assert_close(ours.keys[row, :, real], theirs.keys[row, :, real])
            torch.testing.assert_close(ours.values[row, :, real], theirs.values[row, :, real])
            # Padding is zeros: masked, but finite.
            assert not ours.keys[row, :, : real.start].any()


def test_writing_past_the_capacity_is_an_error() -> None:
    layer = kv_cache.PreallocatedLayer(capacity=3)
    layer.update(torch.zeros(1, 2, 3, 4), torch.zeros(1, 2, 3, 4))
    with pytest.raises(kv_cache.CacheOverflowError, match="sized for 3 positions got 4"):
        layer.update(torch.zeros(1, 2, 1, 4), torch.zeros(1, 2, 1, 4))


def test_keep_rows_moves_rows_from_the_end_into_holes() -> None:
    layers = [kv_cache.PreallocatedLayer(capacity=4) for _ in range(2)]
    cache = kv_cache.Cache(layers=layers)
    rows = torch.arange(6, dtype=torch.float).view(6, 1, 1, 1).expand(6, 2, 3, 4).contiguous()
    for layer in layers:
        layer.update(rows.clone(), -rows.clone())
    order = kv_cache.keep_rows(cache, live=[0, 2, 4, 5])
    # Rows 0 and 2 stay; 4 and 5 fill the holes left by 1 and 3.
    assert order == [0, 4, 2, 5]
    for layer in layers:
        assert layer.keys.shape == (4, 2, 3, 4)
        assert [int(v) for v in layer.keys[:, 0, 0, 0]] == order
        assert [int(v) for v in layer.values[:, 0, 0, 0]] == [-v for v in order]
        # The next step writes after the kept rows' filled part.
        layer.update(torch.full((4, 2, 1, 4), 9.0), torch.full((4, 2, 1, 4), 9.0))
        assert layer.keys.shape == (4, 2, 4, 4) and bool((layer.keys[:, :, 3] == 9).all())


def test_ragged_attention_equals_masked_attention(loaded: LoadedModel) -> None:
    """One decode step: ragged spans give the logits the full padded attention gives."""
    model = loaded.model
    input_ids, mask, ids = left_padded(loaded)
    width = input_ids.shape[1]
    starts = [width - len(row) for row in ids]
    positions = (mask.cumsum(-1) - 1).clamp(min=0)
    step = torch.tensor([[5]] * len(ids))
    step_mask = torch.cat([mask, mask.new_ones((len(ids), 1))], dim=1)
    step_positions = positions[:, -1:] + 1
    logits = []
    for ragged in (False, True):
        with torch.inference_mode(), kv_cache.ragged_attention(model) as switched:
            assert switched
            layers = kv_cache.full_attention_layers(model)
            assert layers is not None
            cache = kv_cache.Cache(
                layers=[kv_cache.PreallocatedLayer(width + 1) for _ in range(layers)]
            )
            model(
                input_ids=input_ids,
                attention_mask=mask,
                position_ids=positions,
                use_cache=True,
                cache=cache,
            )
            spans = {"row_spans": kv_cache.row_spans(starts, rows_per_span=2)} if ragged else {}
            out = model(
                input_ids=step,
                attention_mask=step_mask[:, None, None, :].bool(),
                position_ids=step_positions,
                use_cache=True,
                cache=cache,
                **spans,
            )
        logits.append(out.logits[:, -1])
    torch.testing.assert_close(logits[0], logits[1], rtol=1e-5, atol=1e-5)
    assert model.config._attn_implementation == "sdpa", "the model's attention is restored"


def test_row_spans_cover_every_row_from_its_earliest_start() -> None:
    assert kv_cache.row_spans([0, 3, 5, 9, 2], rows_per_span=2) == [
        (0, 2, 0),
        (2, 4, 5),
        (4, 5, 2),
    ]
