"""Prompt formats and masking under the tokenizers of real code-model families.

The fixtures in `data/tokenizers/` are LLaMA-2's SentencePiece vocabulary (the first 32,000
pieces of CodeLlama's), StarCoder2's byte-level BPE and DeepSeek-Coder's, converted from the
vocab-only GGUF files of llama.cpp by `scripts/make_tokenizer_fixtures.py` (see the README
there). The tiny model's own byte-level BPE is tested beside them.

The property that matters for training is TRL's: the tokenised prompt must be a prefix of the
tokenised prompt + completion, or TRL drops the prompt's last tokens from the training context
and warns "The tokenized prompt is not a prefix of the tokenized prompt+completion".
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from cdpo_core.masking import MaskSettings, mask, token_boundary
from cdpo_core.prompts import FIM_STYLES, get_format
from cdpo_core.session import DEMO_CORPUS

TOKENIZERS = Path(__file__).resolve().parent / "data" / "tokenizers"
FAMILIES = ("llama-spm", "starcoder", "deepseek-coder")
FIM_STYLE = {"llama-spm": "codellama", "starcoder": "starcoder", "deepseek-coder": "deepseek"}
PROGRAMS = 40
"""Real programs per check: enough variety of endings, few enough to take a second or two."""


def _load(folder: Path) -> Any:
    from transformers import AutoTokenizer

    return AutoTokenizer.from_pretrained(str(folder))


@pytest.fixture(scope="module")
def tokenizers(tiny_model_dir: Path) -> dict[str, Any]:
    loaded = {name: _load(TOKENIZERS / name) for name in FAMILIES}
    loaded["tiny"] = _load(tiny_model_dir)
    return loaded


@pytest.fixture(scope="module")
def programs(codenet_programs: list[str]) -> list[str]:
    """Every k-th shared CodeNet program, else every k-th C++ file of the shipped corpus."""
    codes = codenet_programs or [
        p.read_text(encoding="utf-8") for p in sorted(DEMO_CORPUS.glob("data/*/C++/*.cpp"))
    ]
    return codes[:: max(1, len(codes) // PROGRAMS)][:PROGRAMS]


def is_prefix(tokenizer: Any, prompt: str, completion: str) -> bool:
    """TRL's check: the tokens of `prompt` start the tokens of `prompt + completion`."""
    head = tokenizer(prompt)["input_ids"]
    return tokenizer(prompt + completion)["input_ids"][: len(head)] == head


# ---------------------------------------------------------------- the fixtures


@pytest.mark.parametrize("family", FAMILIES)
def test_fixtures_give_the_ids_of_the_original_tokenizers(family, tokenizers, programs):
    """llama.cpp's test strings and the ids the Hugging Face originals gave them."""
    tokenizer = tokenizers[family]
    cases = json.loads((TOKENIZERS / family / "reference_ids.json").read_text(encoding="utf-8"))
    assert len(cases) == 47
    wrong = [
        c["text"][:20]
        for c in cases
        if tokenizer(c["text"], add_special_tokens=False)["input_ids"] != c["ids"]
    ]
    assert not wrong
    for code in programs:
        ids = tokenizer(code)["input_ids"]
        assert ids[0] == tokenizer.bos_token_id or family == "starcoder"
        assert tokenizer.decode(ids, skip_special_tokens=True) == code


def test_fixture_vocabularies_and_special_tokens(tokenizers):
    sizes = {name: len(tokenizers[name]) for name in FAMILIES}
    assert sizes == {"llama-spm": 32000, "starcoder": 49152, "deepseek-coder": 32256}
    deepseek = tokenizers["deepseek-coder"]
    assert (deepseek.bos_token_id, deepseek.eos_token_id) == (32013, 32014)
    assert tokenizers["llama-spm"].convert_ids_to_tokens([1, 2, 13]) == ["<s>", "</s>", "<0x0A>"]


# ---------------------------------------------------------------- FIM sentinels


@pytest.mark.parametrize(
    ("family", "ids"),
    [("starcoder", (1, 3, 2)), ("deepseek-coder", (32016, 32015, 32017))],
)
def test_fim_sentinels_are_single_tokens_of_the_family(family, ids, tokenizers, programs):
    tokenizer = tokenizers[family]
    style = FIM_STYLES[FIM_STYLE[family]]
    sentinels = (style.prefix, style.suffix, style.middle)
    encoded = [tokenizer(s, add_special_tokens=False)["input_ids"] for s in sentinels]
    assert encoded == [[i] for i in ids]
    assert all(len(tokenizer(s, add_special_tokens=False)["input_ids"]) == 1 for s in style.stops)
    fim = get_format("fim", style=FIM_STYLE[family], tokenizer=tokenizer)
    for code in programs[:10]:
        m = mask(code, MaskSettings(mode="infill"))
        # A special middle sentinel is a token boundary: nothing is held back.
        assert fim.prompt(m).endswith(style.middle)
        # What generation decodes (special tokens skipped) parses back to the middle.
        reference = tokenizer(fim.reference(m), add_special_tokens=False)["input_ids"]
        output = tokenizer.decode(reference, skip_special_tokens=True)
        assert fim.program(m, fim.parse(output, m)) == m.program


def test_codellama_sentinels_are_text_in_the_llama2_vocabulary(tokenizers, programs):
    """CodeLlama adds <PRE>/<SUF>/<MID>/<EOT> after LLaMA-2's 32,000 pieces; here they are
    spelled as text, and the FIM prompt still ends on a token boundary."""
    tokenizer = tokenizers["llama-spm"]
    assert len(tokenizer(" <MID>", add_special_tokens=False)["input_ids"]) > 1
    fim = get_format("fim", style="codellama", tokenizer=tokenizer)
    for code in programs[:10]:
        m = mask(code, MaskSettings(mode="infill"))
        row = fim.preference(m, m.target, m.target)
        assert is_prefix(tokenizer, row["prompt"], row["chosen"])


# ---------------------------------------------------------------- the prompt is a prefix

CASES = [
    ("raw", MaskSettings(line_aligned=True)),  # the demo preset
    ("raw", MaskSettings()),  # the paper: the last 10 % of the characters, cut mid-line
    ("fim", MaskSettings(mode="infill")),
]


@pytest.mark.parametrize("name", [*FAMILIES, "tiny"])
@pytest.mark.parametrize(("kind", "settings"), CASES, ids=["raw-lines", "raw-chars", "fim"])
def test_tokenised_prompt_is_a_prefix_of_prompt_plus_completion(
    name, kind, settings, tokenizers, programs
):
    tokenizer = tokenizers[name]
    options: dict[str, Any] = {}
    if kind == "fim":
        options = {"style": FIM_STYLE.get(name, "starcoder"), "mask_settings": settings}
    fmt = get_format(kind, tokenizer=tokenizer, **options)
    unhealed = get_format(kind, **options)
    broken_before = 0
    for code in programs:
        m = mask(code, settings)
        bad = m.target[::-1]
        row = fmt.preference(m, m.target, bad)
        assert is_prefix(tokenizer, row["prompt"], row["chosen"]), code[:60]
        # The held-back text is the end of the visible code: a run of indentation (one or two
        # tokens, however wide) and at most a few other characters.
        full = unhealed.prompt(m)
        held = full[len(row["prompt"]) :]
        assert full.startswith(row["prompt"]) and len(held.strip()) <= 8, repr(held)
        assert row["prompt"] + row["chosen"] == full + m.target
        assert row["rejected"].endswith(bad) and fmt.prompt(m) == row["prompt"]
        assert fmt.program(m, fmt.parse(fmt.reference(m), m)) == m.program
        if kind == "fim":
            sft = fmt.sft_example(code)
            assert is_prefix(tokenizer, sft["prompt"], sft["completion"])
        broken_before += not is_prefix(tokenizer, full, m.target)
    # Without healing the same prompts break TRL's check (the raw chars cut falls inside a
    # word for every family; FIM sentinels spelled as text merge with the middle).
    if kind == "raw" and (settings.line_aligned is False or name in ("starcoder", "tiny")):
        assert broken_before > len(programs) // 4


@pytest.mark.parametrize("name", [*FAMILIES, "tiny"])
def test_how_line_aligned_masks_tokenise(name, tokenizers, programs):
    """Byte-level BPE with the GPT-2 split (StarCoder, SmolLM, the tiny model) writes a newline
    and the next line's indentation as one token, so a prompt that ends at the start of an
    indented line ends in a newline token that the whole program never contains. SPM spells
    the newline as its own byte token, and DeepSeek's pre-tokenizer isolates every newline."""
    tokenizer = tokenizers[name]
    raw = get_format("raw", tokenizer=tokenizer)
    held = []
    for code in programs:
        m = mask(code, MaskSettings(line_aligned=True))
        prompt = raw.prompt(m)
        held.append(m.prefix[len(prompt) :])
        if held[-1]:
            # The completion then starts with the merged token, as in the whole program.
            ids = tokenizer(m.program, add_special_tokens=False)["input_ids"]
            pieces = [tokenizer.decode(ids[:k]) for k in range(len(ids) + 1)]
            assert prompt in pieces and m.prefix not in pieces
    if name in ("starcoder", "tiny"):
        assert held.count("\n") > len(programs) // 2
        assert all(not h.strip() for h in held)
    else:
        assert held == [""] * len(programs)


def test_token_boundary_without_a_fast_tokenizer_keeps_the_cut():
    assert token_boundary("int a;\n    return 0;", 7, None) == 7


# ---------------------------------------------------------------- masking by tokens

TABBED = "#include <cstdio>\nint main(){\n\tint n=5,sum=0;\n\twhile(n > 0){\n\t\t\tsum /= 10;\n"
TABBED += '\t\t\tn--;\n\t}\n\tprintf("%d\\n",sum);\n\treturn 0;\n}'


def test_tokens_mode_cuts_where_the_prefix_tokenises_alone(tokenizers):
    tokenizer = tokenizers["starcoder"]
    encoded = tokenizer(TABBED, add_special_tokens=False, return_offsets_mapping=True)
    # Mask from the token that starts `sum /= 10;`. StarCoder's GPT-2 split writes the three
    # tabs before it as "\n\t\t" + "\t", but a prefix that ends there ends in "\n\t\t\t":
    # the token's own offset, where the cut used to be, breaks TRL's check.
    cut = TABBED.index("sum /=")
    starts = [s for s, _ in encoded["offset_mapping"]]
    count = len(starts) - starts.index(cut)
    assert not is_prefix(tokenizer, TABBED[:cut], TABBED[cut:])
    m = mask(TABBED, MaskSettings(mode="tokens", tokens=count), tokenizer)
    assert m.start < cut and is_prefix(tokenizer, m.prefix, m.target)
    assert m.prefix.endswith("{\n\t\t")


@pytest.mark.parametrize("name", [*FAMILIES, "tiny"])
def test_tokens_mode_masks_at_least_the_tokens_asked_on_real_programs(name, tokenizers, programs):
    tokenizer = tokenizers[name]
    for code in programs:
        if len(tokenizer(code.strip(), add_special_tokens=False)["input_ids"]) <= 32:
            continue
        m = mask(code, MaskSettings(mode="tokens", tokens=32), tokenizer)
        assert is_prefix(tokenizer, m.prefix, m.target), code[:60]
        whole = len(tokenizer(m.program)["input_ids"])
        assert 32 <= whole - len(tokenizer(m.prefix)["input_ids"]) <= 34


# ---------------------------------------------------------------- DPO no longer warns


def test_dpo_on_healed_pairs_does_not_warn_that_the_prompt_is_not_a_prefix(
    tiny_model_dir, tokenizers, programs, monkeypatch, tmp_path
):
    import torch
    import trl.trainer.dpo_trainer as dpo_trainer
    from datasets import Dataset
    from transformers import AutoModelForCausalLM

    from cdpo_core.training.dpo import run_dpo
    from cdpo_core.training.settings import DPOSettings

    warnings: list[str] = []
    # TRL warns once per message through accelerate's cached `warning_once`; record every call.
    monkeypatch.setattr(
        dpo_trainer.logger, "warning_once", lambda msg, *a, **k: warnings.append(msg)
    )
    tokenizer = tokenizers["tiny"]
    settings = MaskSettings(line_aligned=True)
    masks = [mask(code, settings) for code in programs]
    # Samples whose visible code ends at an indented line: TRL warned on every one of them.
    masks = [m for m in masks if not is_prefix(tokenizer, m.prefix, m.target)][:4]
    assert len(masks) == 4
    small = DPOSettings(lora_r=4, lora_alpha=4, batch_size=2, max_steps=1)
    for healed in (True, False):
        fmt = get_format("raw", tokenizer=tokenizer if healed else None)
        rows = [fmt.preference(m, m.target, m.target.rstrip()[:-1]) for m in masks]
        model = AutoModelForCausalLM.from_pretrained(str(tiny_model_dir), dtype=torch.float32)
        run_dpo(
            model, _load(tiny_model_dir), Dataset.from_list(rows), small, tmp_path / f"{healed}"
        )
        prefix_warnings = [w for w in warnings if "is not a prefix" in w]
        assert bool(prefix_warnings) is not healed, prefix_warnings


def test_generation_sees_the_prompt_dpo_trains_on(loaded, programs):
    """Generation continues the healed prompt, and `parse` turns what it wrote back into a
    continuation of the visible code: the compiled program is the DPO row's prompt + rejected."""
    from cdpo_core.models.generation import GenerationSettings, generate

    fmt = get_format("raw", tokenizer=loaded.tokenizer)
    masks = [mask(code, MaskSettings(line_aligned=True)) for code in programs[:8]]
    prompts = [fmt.prompt(m) for m in masks]
    assert any(p != m.prefix for p, m in zip(prompts, masks, strict=True))
    generations, skipped = generate(
        loaded, prompts, GenerationSettings(max_new_tokens=16, batch_size=8)
    )
    assert not skipped
    for gen in generations:
        m = masks[gen.index]
        continuation = fmt.parse(gen.text, m)
        row = fmt.preference(m, m.target, continuation)
        assert row["prompt"] == prompts[gen.index]
        assert row["prompt"] + row["rejected"] == fmt.program(m, continuation)
        if gen.text.startswith(m.prefix[len(row["prompt"]) :]):
            assert (row["prompt"] + gen.text).startswith(fmt.program(m, continuation))
