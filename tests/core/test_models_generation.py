"""Batched generation on the micro model: same as one at a time, OOM back-off, skips, sampling."""

from __future__ import annotations

import functools
import importlib.util
from pathlib import Path

import pytest

from cdpo_core.events import LogLine, Progress, Recorder
from cdpo_core.models.generation import (
    Generation,
    GenerationError,
    GenerationSettings,
    generate,
)
from cdpo_core.models.loading import LoadedModel, ModelSettings, load_model

FALLBACK_PROMPTS = [
    "#include <iostream>\nusing namespace std;\nint main() {\n  int n; cin >> n;\n",
    "#include <bits/stdc++.h>\nusing namespace std;\n\nint main(){\n\tlong long a,b;\n",
    "#include <vector>\nint f(std::vector<int>& v) {\n  int s = 0;\n  for (int x : v) s += x;",
    "int main() { return 0; ",
    '#include <cstdio>\nint main(void){\n  int a, b;\n  scanf("%d %d", &a, &b);\n',
    "#include <string>\n#include <iostream>\nint main() {\n  std::string s;\n  std::cin >> s;\n",
    "struct P { int x, y; };\nint main() {\n  P p{1, 2};\n",
    "#include <algorithm>\n#include <vector>\nint main() {\n  std::vector<int> v(3);\n",
]


@pytest.fixture(scope="module")
def prompts(codenet_programs: list[str]) -> list[str]:
    """Masked real programs of varied lengths (the last 10% cut), or built-in prefixes."""
    codes = [c for c in codenet_programs[-200:] if len(c) < 600][:8]
    return [c[: int(len(c) * 0.9)] for c in codes] or FALLBACK_PROMPTS


def test_batched_greedy_equals_one_at_a_time(loaded: LoadedModel, prompts: list[str]) -> None:
    settings = GenerationSettings(max_new_tokens=24, batch_size=4)
    batched, skipped = generate(loaded, prompts, settings)
    single, _ = generate(loaded, prompts, GenerationSettings(max_new_tokens=24, batch_size=1))
    assert not skipped
    assert [g.index for g in batched] == list(range(len(prompts)))
    assert [(g.text, g.new_tokens, g.finished) for g in batched] == [
        (g.text, g.new_tokens, g.finished) for g in single
    ]
    assert all(0 < g.new_tokens <= 24 and g.seconds > 0 for g in batched)
    # And the same as the paper's way: model.generate on the unpadded prompt alone.
    ids = loaded.tokenizer(prompts[0], return_tensors="pt")
    out = loaded.model.generate(**ids, max_new_tokens=24, do_sample=False)
    alone = loaded.tokenizer.decode(out[0, ids["input_ids"].shape[1] :], skip_special_tokens=True)
    assert batched[0].text == alone


def test_dropping_finished_rows_changes_no_output(loaded: LoadedModel, prompts: list[str]) -> None:
    """The hand-written greedy loop equals `model.generate` on the same padded batch.

    A token that prompt 0 produces early counts as an end token here, so rows end at
    different steps and the loop really drops rows from its KV cache mid-batch.
    """
    from cdpo_core.models import generation

    first = loaded.tokenizer(prompts[0], return_tensors="pt")
    out = loaded.model.generate(**first, max_new_tokens=8, do_sample=False)
    stop = int(out[0, first["input_ids"].shape[1] + 5])  # the 6th token prompt 0 gets
    config = loaded.model.generation_config
    saved = config.eos_token_id
    config.eos_token_id = [loaded.tokenizer.eos_token_id, stop]
    try:
        batch = [(i, loaded.tokenizer(p)["input_ids"]) for i, p in enumerate(prompts)]
        settings = GenerationSettings(max_new_tokens=24)
        fast = generation._decode_greedy(loaded, batch, settings, seed=0)
        plain = generation._decode_hf(loaded, batch, settings, seed=0)
    finally:
        config.eos_token_id = saved
    assert fast == plain
    lengths = {n for _, _, _, n, _ in fast}
    assert len(lengths) > 1, "rows ended at different steps"


def test_a_stop_rule_ends_rows_early_and_keeps_their_prefix(
    loaded: LoadedModel, prompts: list[str]
) -> None:
    """`stop` ends each row at its first token after which the rule holds; nothing else moves."""

    def rule(index: int, text: str) -> bool:
        return len(text) > 6 + index

    full, _ = generate(loaded, prompts, GenerationSettings(max_new_tokens=24, batch_size=4))
    cut, _ = generate(
        loaded, prompts, GenerationSettings(max_new_tokens=24, batch_size=4), stop=rule
    )
    alone, _ = generate(
        loaded, prompts, GenerationSettings(max_new_tokens=24, batch_size=1), stop=rule
    )
    assert [(g.text, g.new_tokens) for g in cut] == [(g.text, g.new_tokens) for g in alone]
    stopped = 0
    for whole, short in zip(full, cut, strict=True):
        assert whole.text.startswith(short.text) and short.new_tokens <= whole.new_tokens
        if short.new_tokens < whole.new_tokens:
            stopped += 1
            assert rule(short.index, short.text) and short.finished
    assert stopped, "the rule never ended a row early: the test proves nothing"


def test_on_batch_is_called_per_batch_and_progress_has_rates(
    loaded: LoadedModel, prompts: list[str]
) -> None:
    seen: list[list[Generation]] = []
    events = Recorder()
    generate(
        loaded,
        prompts,
        GenerationSettings(max_new_tokens=4, batch_size=3),
        on_batch=seen.append,
        emit=events,
    )
    assert [len(b) for b in seen] == [3] * (len(prompts) // 3) + (
        [len(prompts) % 3] if len(prompts) % 3 else []
    )
    last = events.of(Progress)[-1]
    assert last.done == last.total == len(prompts)
    assert last.stats["tokens/s"] > 0


def test_batches_are_sorted_by_length(loaded: LoadedModel, prompts: list[str]) -> None:
    seen: list[list[Generation]] = []
    generate(
        loaded, prompts, GenerationSettings(max_new_tokens=2, batch_size=2), on_batch=seen.append
    )
    lengths = [len(loaded.tokenizer(prompts[b[0].index])["input_ids"]) for b in seen]
    assert lengths == sorted(lengths, reverse=True)


def test_finished_means_eos(loaded: LoadedModel, prompts: list[str]) -> None:
    # `finished` is True exactly when an end token came within the budget (the count then
    # includes it); a completion that ran out of budget is unfinished and used all of it.
    # The greedy tokens `model.generate` produces say which case this prompt is.
    first, _ = generate(loaded, prompts[:1], GenerationSettings(max_new_tokens=3))
    ids = loaded.tokenizer(prompts[0], return_tensors="pt")
    out = loaded.model.generate(**ids, max_new_tokens=3, do_sample=False)
    greedy = out[0, ids["input_ids"].shape[1] :].tolist()
    eos = loaded.model.generation_config.eos_token_id
    ends = [i for i, t in enumerate(greedy) if t in (eos if isinstance(eos, list) else [eos])]
    expected = (True, ends[0] + 1) if ends else (False, 3)
    assert (first[0].finished, first[0].new_tokens) == expected
    # Declare the first greedy token to be EOS: decoding must stop right there.
    token = greedy[0]
    config = loaded.model.generation_config
    saved = config.eos_token_id
    config.eos_token_id = token
    try:
        stopped, _ = generate(loaded, prompts[:1], GenerationSettings(max_new_tokens=3))
    finally:
        config.eos_token_id = saved
    assert stopped[0].finished and stopped[0].new_tokens == 1 and stopped[0].text == ""


def test_overlong_prompts_are_skipped_not_truncated(loaded: LoadedModel) -> None:
    long_prompt = "int x = 1;\n" * loaded.context_length
    events = Recorder()
    gens, skipped = generate(
        loaded, ["int main() {", long_prompt], GenerationSettings(max_new_tokens=4), emit=events
    )
    assert [g.index for g in gens] == [0]
    assert [s.index for s in skipped] == [1]
    assert f"context is {loaded.context_length}" in skipped[0].reason
    assert any("skipped prompt 1" in e.message for e in events.of(LogLine))


def test_out_of_memory_lowers_the_batch_size(
    loaded: LoadedModel, prompts: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    expected, _ = generate(loaded, prompts, GenerationSettings(max_new_tokens=8, batch_size=8))
    real_forward = loaded.model.forward
    widths: list[int] = []

    @functools.wraps(real_forward)  # the loop reads the real forward's parameters
    def forward(*args, **kwargs):  # a GPU that only fits batches of two
        width = kwargs["input_ids"].shape[0]
        widths.append(width)
        if width > 2:
            raise RuntimeError("CUDA out of memory. Tried to allocate 2.00 GiB")
        return real_forward(*args, **kwargs)

    monkeypatch.setattr(loaded.model, "forward", forward)
    events = Recorder()
    got, _ = generate(
        loaded, prompts, GenerationSettings(max_new_tokens=8, batch_size=8), emit=events
    )
    assert [g.text for g in got] == [g.text for g in expected]
    assert max(widths) == 8 and 2 in widths
    assert any("batch size lowered to 2" in e.message for e in events.of(LogLine))


def test_out_of_memory_at_batch_one_is_an_error(
    loaded: LoadedModel, monkeypatch: pytest.MonkeyPatch
) -> None:
    def forward(*args, **kwargs):
        raise RuntimeError("CUDA out of memory")

    monkeypatch.setattr(loaded.model, "forward", forward)
    with pytest.raises(GenerationError, match="out of memory with one prompt"):
        generate(loaded, ["int main() {"], GenerationSettings(max_new_tokens=2, batch_size=4))


def test_other_errors_are_not_swallowed(
    loaded: LoadedModel, monkeypatch: pytest.MonkeyPatch
) -> None:
    def forward(*args, **kwargs):
        raise ValueError("broken model")

    monkeypatch.setattr(loaded.model, "forward", forward)
    with pytest.raises(ValueError, match="broken model"):
        generate(loaded, ["int main() {"], GenerationSettings(max_new_tokens=2))


def test_sampling_is_seeded_and_gives_n_per_prompt(loaded: LoadedModel, prompts: list[str]) -> None:
    settings = GenerationSettings(
        max_new_tokens=16,
        do_sample=True,
        temperature=1.5,
        num_return_sequences=3,
        batch_size=4,
        seed=7,
    )
    a, _ = generate(loaded, prompts[:4], settings)
    b, _ = generate(loaded, prompts[:4], settings)
    c, _ = generate(loaded, prompts[:4], GenerationSettings(**{**settings.__dict__, "seed": 8}))
    assert [(g.index, g.sample) for g in a] == [(i, s) for i in range(4) for s in range(3)]
    assert [g.text for g in a] == [g.text for g in b]
    assert [g.text for g in a] != [g.text for g in c]
    assert len({g.text for g in a if g.index == 0}) > 1  # the n samples differ


def test_bad_settings_are_rejected(loaded: LoadedModel) -> None:
    with pytest.raises(GenerationError, match="at least 1"):
        generate(loaded, ["x"], GenerationSettings(max_new_tokens=0))
    with pytest.raises(GenerationError, match="temperature"):
        generate(loaded, ["x"], GenerationSettings(do_sample=True, temperature=0))


def test_no_prompts_no_work(loaded: LoadedModel) -> None:
    assert generate(loaded, [], GenerationSettings()) == ([], [])


@pytest.mark.gpu
@pytest.mark.skipif(importlib.util.find_spec("vllm") is None, reason="vllm is not installed")
def test_vllm_backend_matches_interface(tiny_model_dir: Path) -> None:
    import torch

    if not torch.cuda.is_available():
        pytest.skip("vllm needs a CUDA GPU; this machine has none")
    vllm = load_model(ModelSettings(str(tiny_model_dir), backend="vllm", dtype="float32"))
    hf = load_model(ModelSettings(str(tiny_model_dir), backend="transformers"))
    prompts = FALLBACK_PROMPTS[:3]
    got, skipped = generate(vllm, prompts, GenerationSettings(max_new_tokens=8))
    want, _ = generate(hf, prompts, GenerationSettings(max_new_tokens=8))
    assert not skipped and [g.index for g in got] == [0, 1, 2]
    assert sum(a.text == b.text for a, b in zip(got, want, strict=True)) >= 2
