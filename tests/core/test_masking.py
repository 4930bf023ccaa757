"""Masking: every mode splits the stripped program losslessly, where the settings say."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from cdpo_core.masking import MaskedProgram, MaskingError, MaskSettings, mask

DATA = Path(__file__).resolve().parents[2] / ".." / "shared" / "data"
CODENET = DATA / "codenet_cpp_unlabelled.jsonl.gz"

PROGRAM = """\

#include <bits/stdc++.h>
using namespace std;

int main() {
    int a, b;
    cin >> a >> b;
    // 和を出力する
    cout << a + b << endl;
    return 0;
}

"""


def _check(m: MaskedProgram, code: str) -> None:
    assert m.program == code.strip()
    assert m.prefix + m.target + m.suffix == m.program
    assert m.program[m.start : m.end] == m.target
    assert m.target, "the masked span must never be empty"


def _codenet() -> list[str]:
    if not CODENET.exists():
        pytest.skip(f"CodeNet sample absent ({CODENET}); it lives in the shared data folder")
    with gzip.open(CODENET, "rt", encoding="utf-8") as f:
        return [json.loads(line)["code"] for line in f]


def _tiny_tokenizer(texts: list[str]):
    """A byte-level BPE trained in memory, wrapped as a Hugging Face fast tokenizer."""
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers
    from transformers import PreTrainedTokenizerFast

    tok = Tokenizer(models.BPE())
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tok.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(
        vocab_size=400,
        special_tokens=["<eos>"],
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
        show_progress=False,
    )
    tok.train_from_iterator(texts, trainer)
    return PreTrainedTokenizerFast(tokenizer_object=tok, eos_token="<eos>")


@pytest.fixture(scope="module")
def tokenizer():
    return _tiny_tokenizer([PROGRAM] * 3 + ["int x = 1;\nfor (int i = 0; i < n; i++) x *= 2;"])


def test_chars_mode_is_the_paper_default_and_masks_the_last_tenth():
    m = mask(PROGRAM)
    _check(m, PROGRAM)
    n = len(PROGRAM.strip())
    assert m.suffix == "" and m.end == n
    assert len(m.target) == round(0.1 * n)
    assert m.target.endswith("return 0;\n}")


@pytest.mark.parametrize("fraction", [0.05, 0.1, 0.3, 0.5, 0.9])
def test_chars_fraction_sets_the_masked_share(fraction):
    m = mask(PROGRAM, MaskSettings(fraction=fraction))
    _check(m, PROGRAM)
    assert abs(len(m.target) - fraction * len(m.program)) <= 0.5


def test_line_aligned_moves_the_split_to_the_start_of_its_line():
    plain = mask(PROGRAM, MaskSettings(fraction=0.2))
    aligned = mask(PROGRAM, MaskSettings(fraction=0.2, line_aligned=True))
    _check(aligned, PROGRAM)
    assert plain.prefix[-1] != "\n", "the fixture should cut mid-line without alignment"
    assert aligned.prefix.endswith("\n")
    assert aligned.start == plain.program.rfind("\n", 0, plain.start) + 1
    assert aligned.target == "    cout << a + b << endl;\n    return 0;\n}"


def test_lines_mode_masks_whole_trailing_lines():
    m = mask(PROGRAM, MaskSettings(mode="lines", fraction=0.3))
    _check(m, PROGRAM)
    lines = m.program.splitlines()
    assert m.target.splitlines() == lines[-round(0.3 * len(lines)) :]
    assert m.prefix.endswith("\n")


def test_lines_mode_masks_at_least_one_line():
    m = mask("int main() { return 0; }", MaskSettings(mode="lines", fraction=0.1))
    assert m.target == "int main() { return 0; }" and m.prefix == ""


@pytest.mark.parametrize("position", [0.0, 0.25, 0.5, 1.0])
def test_infill_places_a_middle_span(position):
    settings = MaskSettings(mode="infill", fraction=0.2, infill_position=position)
    m = mask(PROGRAM, settings)
    _check(m, PROGRAM)
    n, k = len(m.program), round(0.2 * len(m.program))
    assert len(m.target) == k
    assert m.start == round(position * (n - k))
    assert (m.suffix == "") == (position == 1.0)
    assert (m.prefix == "") == (position == 0.0)


def test_infill_line_aligned_splits_both_ends_at_line_starts():
    m = mask(PROGRAM, MaskSettings(mode="infill", fraction=0.2, line_aligned=True))
    _check(m, PROGRAM)
    assert m.prefix.endswith("\n") and m.target.endswith("\n")


def test_infill_line_aligned_on_one_line_masks_that_line():
    code = "int a;\nint main() { int x = 1; return x; }\nint b;"
    m = mask(code, MaskSettings(mode="infill", fraction=0.1, line_aligned=True))
    _check(m, code)
    assert m.target == "int main() { int x = 1; return x; }\n"


def test_tokens_mode_cuts_at_a_token_boundary(tokenizer):
    m = mask(PROGRAM, MaskSettings(mode="tokens", tokens=12), tokenizer)
    _check(m, PROGRAM)
    offsets = tokenizer(m.program, add_special_tokens=False, return_offsets_mapping=True)[
        "offset_mapping"
    ]
    starts = [a for a, _ in offsets]
    assert m.start in starts, "the split must fall where a token starts"
    assert sum(a >= m.start for a in starts) == 12
    aligned = mask(PROGRAM, MaskSettings(mode="tokens", tokens=12, line_aligned=True), tokenizer)
    assert aligned.prefix.endswith("\n") and aligned.start <= m.start


def test_tokens_mode_errors_are_clear(tokenizer):
    with pytest.raises(MaskingError, match="needs the model's tokenizer"):
        mask(PROGRAM, MaskSettings(mode="tokens"))
    with pytest.raises(MaskingError, match="fast tokenizer"):
        mask(PROGRAM, MaskSettings(mode="tokens"), tokenizer=object())
    with pytest.raises(MaskingError, match="tokens, not more than the 10000"):
        mask(PROGRAM, MaskSettings(mode="tokens", tokens=10_000), tokenizer)


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        (dict(fraction=0.0), "strictly between 0 and 1"),
        (dict(fraction=1.0), "strictly between 0 and 1"),
        (dict(mode="words"), "unknown mask mode 'words'"),
        (dict(tokens=0), "at least 1"),
        (dict(infill_position=1.5), r"infill position must lie in \[0, 1\]"),
    ],
)
def test_bad_settings_are_refused(settings, message):
    with pytest.raises(MaskingError, match=message):
        MaskSettings(**settings)


def test_empty_program_is_refused():
    with pytest.raises(MaskingError, match="empty program"):
        mask(" \n\t\n")


def test_from_span_rebuilds_a_stored_sample_and_checks_it():
    m = mask(PROGRAM, MaskSettings(mode="infill"))
    assert MaskedProgram.from_span(m.program, m.start, m.end) == m
    with pytest.raises(MaskingError, match="does not fit"):
        MaskedProgram.from_span(m.program, 5, len(m.program) + 1)
    with pytest.raises(MaskingError, match="inconsistent"):
        MaskedProgram(m.program, m.prefix, "x", m.suffix, m.start, m.end)


def test_every_mode_round_trips_on_all_codenet_programs():
    programs = _codenet()
    tokenizer = _tiny_tokenizer(programs[:200])
    modes = [
        MaskSettings(),
        MaskSettings(line_aligned=True),
        MaskSettings(mode="lines"),
        MaskSettings(mode="infill", infill_position=0.3, line_aligned=True),
    ]
    shares = []
    for code in programs:
        for settings in modes:
            _check(mask(code, settings), code)
        m = mask(code)
        shares.append(len(m.target) / len(m.program))
    # Tokens mode on a spread of programs, including the ones with non-ASCII comments, where
    # byte-level tokens and character offsets differ.
    non_ascii = [c for c in programs if any(ord(ch) > 127 for ch in c)]
    assert non_ascii, "the sample is expected to hold some non-ASCII programs"
    for code in programs[::20] + non_ascii[:20]:
        try:
            m = mask(code, MaskSettings(mode="tokens", tokens=16), tokenizer)
        except MaskingError as error:
            assert "not more than the 16" in str(error)
            continue
        _check(m, code)
    assert abs(sum(shares) / len(shares) - 0.1) < 0.005
