"""Convert llama.cpp's vocab-only GGUF files into small Hugging Face tokenizer fixtures.

The tests of prompt formats and masking need the tokenizers of real code-model families (an
SPM vocabulary with byte fallback, byte-level BPE with FIM sentinels, a pre-tokenizer that
isolates newlines), but the hub is out of reach. The `llama-cpp-python` source distribution
(MIT) ships llama.cpp's vocab-only GGUF files under `vendor/llama.cpp/models/`, with test
strings (`.inp`) and the token ids the original Hugging Face tokenizers gave for them (`.out`,
written by llama.cpp's `convert_hf_to_gguf_update.py`). This script turns three of them into
`tokenizer.json` + `tokenizer_config.json` folders under `tests/core/data/tokenizers/`, so the
tests need neither the sdist nor the `gguf` package, and refuses to write a fixture that does
not reproduce every reference id list exactly.

    pip download --no-deps --no-binary :all: llama-cpp-python==0.3.36 -d /tmp/lcp
    pip install gguf   # only for this script, into any environment with transformers
    python scripts/make_tokenizer_fixtures.py /tmp/lcp/llama_cpp_python-0.3.36.tar.gz

Why not `AutoTokenizer.from_pretrained(folder, gguf_file=...)` alone: transformers 5.24 gets
the vocabularies right but not every tokenizer around them. Its LLaMA conversion drops the
leading space of " Hello" (Metaspace only prepends to text that does not start with one), its
StarCoder and DeepSeek conversions use the GPT-2 pre-tokenizer instead of the models' own
(digits one by one; newlines isolated), and its DeepSeek conversion appends new BOS/EOS tokens
at 32256-32258 instead of using 32013/32014. Here the byte-level BPE tokenizers are built from
the GGUF's vocabulary, merges and token types with the pre-tokenizers that llama.cpp's
`llama-vocab.cpp` implements for them; the SPM merges come from transformers' conversion (the
GGUF stores scores, not merges) with LLaMA's own normaliser.
"""

from __future__ import annotations

import argparse
import hashlib
import heapq
import json
import sys
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

OUT = Path(__file__).resolve().parents[1] / "tests" / "core" / "data" / "tokenizers"
MODELS = "vendor/llama.cpp/models"


@dataclass(frozen=True)
class Family:
    """One fixture: the GGUF it comes from and what it stands for."""

    gguf: str
    source: str
    """The Hugging Face repository llama.cpp made the GGUF (and the reference ids) from."""
    check_hash: str = ""
    """sha256 of str(ids of llama.cpp's CHK_TXT, special tokens included), as llama.cpp's
    conversion/base.py records it for this tokenizer; "" where llama.cpp records none (SPM)."""


FAMILIES = {
    "llama-spm": Family("ggml-vocab-llama-spm.gguf", "meta-llama/Llama-2-7b-hf"),
    "starcoder": Family(
        "ggml-vocab-starcoder.gguf",
        "bigcode/starcoder2-3b",
        "35d91631860c815f952d711435f48d356ebac988362536bed955d43bfa436e34",
    ),
    "deepseek-coder": Family(
        "ggml-vocab-deepseek-coder.gguf",
        "deepseek-ai/deepseek-coder-6.7b-base",
        "347715f544604f9118bb75ed199f68779f423cabb20db6de6f31b908d04d7821",
    ),
}

# llama.cpp's pre-tokenizer checks text (conversion/base.py, `chktxt`).
CHK_TXT = (
    "\n \n\n \n\n\n \t \t\t \t\n  \n   \n    \n     \n🚀 (normal) 😶\u200d🌫️ (multiple emojis "
    "concatenated) ✅ 🦙🦙 3 33 333 3333 33333 333333 3333333 33333333 3.3 3..3 3...3 "
    "កាន់តែពិសេសអាច😁 ?我想在apple工作1314151天～ ------======= нещо на Български "
    "''''''```````\"\"\"\"......!!!!!!?????? I've been 'told he's there, 'RE you sure? 'M not "
    "sure I'll make it, 'D you like some tea? We'Ve a'lL"
)

# GGUF token types (gguf.TokenType): 1 normal, 2 unknown, 3 control, 4 user-defined, 6 byte.
CONTROL, USER_DEFINED = 3, 4


def _split(pattern: str) -> dict[str, Any]:
    return {"type": "Split", "pattern": {"Regex": pattern}, "behavior": "Isolated", "invert": False}


_DIGITS = {"type": "Digits", "individual_digits": True}
_GPT2_REGEX = r"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+"
# The pre-tokenizers of llama.cpp's llama-vocab.cpp (LLAMA_VOCAB_PRE_TYPE_STARCODER and
# _DEEPSEEK_CODER), as Hugging Face pre-tokenizer JSON.
PRE_TOKENIZERS: dict[str, dict[str, Any]] = {
    "starcoder": {
        "type": "Sequence",
        "pretokenizers": [
            _DIGITS,
            {
                "type": "ByteLevel",
                "add_prefix_space": False,
                "trim_offsets": True,
                "use_regex": True,
            },
        ],
    },
    "deepseek-coder": {
        "type": "Sequence",
        "pretokenizers": [
            _split(r"[\r\n]"),
            _split(r"\s?\p{L}+"),
            _split(r"\s?\p{P}+"),
            _split("[一-龥ࠀ-一가-퟿]+"),
            _DIGITS,
            {
                "type": "ByteLevel",
                "add_prefix_space": False,
                "trim_offsets": True,
                "use_regex": False,
            },
        ],
    },
}


def _fields(path: Path) -> dict[str, Any]:
    import gguf

    reader = gguf.GGUFReader(path)
    return {k: f.contents() for k, f in reader.fields.items() if k.startswith("tokenizer.")}


def _post_processor(bos: str | None, bos_id: int | None) -> dict[str, Any] | None:
    if bos is None:
        return None
    return {
        "type": "TemplateProcessing",
        "single": [
            {"SpecialToken": {"id": bos, "type_id": 0}},
            {"Sequence": {"id": "A", "type_id": 0}},
        ],
        "pair": [
            {"SpecialToken": {"id": bos, "type_id": 0}},
            {"Sequence": {"id": "A", "type_id": 0}},
            {"SpecialToken": {"id": bos, "type_id": 1}},
            {"Sequence": {"id": "B", "type_id": 1}},
        ],
        "special_tokens": {bos: {"id": bos, "ids": [bos_id], "tokens": [bos]}},
    }


def _added(tokens: list[str], types: list[int]) -> list[dict[str, Any]]:
    """Control tokens become special added tokens, user-defined ones plain added tokens (what
    llama.cpp's converter made of the original tokenizer.json's `added_tokens`)."""
    return [
        {
            "id": i,
            "content": tokens[i],
            "single_word": False,
            "lstrip": False,
            "rstrip": False,
            "normalized": False,
            "special": types[i] == CONTROL,
        }
        for i in range(len(tokens))
        if types[i] in (CONTROL, USER_DEFINED)
    ]


def byte_level_bpe(name: str, f: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """tokenizer.json and tokenizer_config.json of a GGUF 'gpt2' (byte-level BPE) vocabulary."""
    tokens, types = list(f["tokenizer.ggml.tokens"]), list(f["tokenizer.ggml.token_type"])
    bos_id = f.get("tokenizer.ggml.bos_token_id")
    eos_id = f["tokenizer.ggml.eos_token_id"]
    add_bos = bool(f.get("tokenizer.ggml.add_bos_token", False))
    bos = tokens[bos_id] if bos_id is not None else None
    tokenizer = {
        "version": "1.0",
        "truncation": None,
        "padding": None,
        "added_tokens": _added(tokens, types),
        "normalizer": None,
        "pre_tokenizer": PRE_TOKENIZERS[name],
        "post_processor": _post_processor(bos if add_bos else None, bos_id),
        "decoder": {
            "type": "ByteLevel",
            "add_prefix_space": True,
            "trim_offsets": True,
            "use_regex": True,
        },
        "model": {
            "type": "BPE",
            "dropout": None,
            "unk_token": None,
            "continuing_subword_prefix": None,
            "end_of_word_suffix": None,
            "fuse_unk": False,
            "byte_fallback": False,
            "ignore_merges": False,
            # Added tokens stay in the vocabulary too: tokenizers ignores the ids in
            # `added_tokens` and numbers a token the model lacks after the vocabulary.
            "vocab": {t: i for i, t in enumerate(tokens)},
            "merges": [m.split(" ") for m in f["tokenizer.ggml.merges"]],
        },
    }
    config = {
        "tokenizer_class": "PreTrainedTokenizerFast",
        "bos_token": bos,
        "eos_token": tokens[eos_id],
        "pad_token": tokens[f["tokenizer.ggml.padding_token_id"]]
        if "tokenizer.ggml.padding_token_id" in f
        else None,
        "unk_token": None,
        "add_bos_token": add_bos,
        "clean_up_tokenization_spaces": False,
        "model_max_length": 16384,
    }
    return tokenizer, config


def sentencepiece_bpe(folder: Path, gguf_name: str, f: dict[str, Any]):
    """tokenizer.json and config of a GGUF 'llama' (SentencePiece BPE) vocabulary.

    The merges come from transformers' conversion of the scores; the normaliser is LLaMA's
    legacy one (prepend "▁", spaces to "▁"), which reproduces " Hello" -> ["▁", "▁Hello"].
    """
    from transformers import AutoTokenizer

    converted = AutoTokenizer.from_pretrained(str(folder), gguf_file=gguf_name)
    tokenizer = json.loads(converted.backend_tokenizer.to_str())
    tokens = list(f["tokenizer.ggml.tokens"])
    bos = tokens[f["tokenizer.ggml.bos_token_id"]]
    tokenizer["normalizer"] = {
        "type": "Sequence",
        "normalizers": [
            {"type": "Prepend", "prepend": "▁"},
            {"type": "Replace", "pattern": {"String": " "}, "content": "▁"},
        ],
    }
    tokenizer["pre_tokenizer"] = None
    tokenizer["model"]["unk_token"] = tokens[f["tokenizer.ggml.unknown_token_id"]]
    tokenizer["post_processor"] = _post_processor(bos, f["tokenizer.ggml.bos_token_id"])
    config = {
        "tokenizer_class": "PreTrainedTokenizerFast",
        "bos_token": bos,
        "eos_token": tokens[f["tokenizer.ggml.eos_token_id"]],
        "unk_token": tokens[f["tokenizer.ggml.unknown_token_id"]],
        "pad_token": None,
        "add_bos_token": True,
        "clean_up_tokenization_spaces": False,
        "model_max_length": 16384,
    }
    return tokenizer, config


def spm_reference_ids(text: str, f: dict[str, Any]) -> list[int]:
    """llama.cpp's SPM encoding (llm_tokenizer_spm), re-implemented as an independent check.

    Written by hand because it is the oracle the converted tokenizer is compared with, so it
    must not come from the same library: start from characters, repeatedly merge the adjacent
    pair whose concatenation is the highest-scoring piece (leftmost on ties), and spell
    characters outside the vocabulary as <0xNN> byte tokens.
    """
    tokens, scores = f["tokenizer.ggml.tokens"], f["tokenizer.ggml.scores"]
    ids = {t: i for i, t in enumerate(tokens)}
    symbols: list[str | None] = list("▁" + text.replace(" ", "▁"))
    queue: list[tuple[float, int, int, str]] = []

    def push(left: int, right: int) -> None:
        piece = f"{symbols[left]}{symbols[right]}"
        if piece in ids:
            heapq.heappush(queue, (-scores[ids[piece]], left, right, piece))

    nexts = list(range(1, len(symbols) + 1))
    prevs = list(range(-1, len(symbols) - 1))
    for i in range(len(symbols) - 1):
        push(i, i + 1)
    while queue:
        _, left, right, piece = heapq.heappop(queue)
        if symbols[left] is None or symbols[right] is None or nexts[left] != right:
            continue
        if f"{symbols[left]}{symbols[right]}" != piece:
            continue
        symbols[left], symbols[right] = piece, None
        nexts[left] = nexts[right]
        if nexts[left] < len(symbols):
            prevs[nexts[left]] = left
            push(left, nexts[left])
        if prevs[left] >= 0:
            push(prevs[left], left)
    out: list[int] = []
    for symbol in symbols:
        if symbol is None:
            continue
        if symbol in ids:
            out.append(ids[symbol])
        else:
            out.extend(ids[f"<0x{b:02X}>"] for b in symbol.encode("utf-8"))
    return out


def vectors(folder: Path, gguf_name: str) -> list[dict[str, Any]]:
    """llama.cpp's test strings with the ids the original Hugging Face tokenizer gave them."""
    texts = (folder / f"{gguf_name}.inp").read_text(encoding="utf-8")
    ids = (folder / f"{gguf_name}.out").read_text(encoding="utf-8")
    pairs = zip(texts.split("\n__ggml_vocab_test__\n"), ids.split("\n"), strict=False)
    return [{"text": t, "ids": [int(x) for x in line.split()]} for t, line in pairs]


def verify(
    name: str,
    family: Family,
    tokenizer: Any,
    cases: list[dict[str, Any]],
    f: dict[str, Any],
    programs: list[str],
) -> list[str]:
    """Every way the fixture could differ from the original; [] when it matches."""
    problems = []
    for case in cases:
        got = tokenizer(case["text"], add_special_tokens=False)["input_ids"]
        if got != case["ids"]:
            problems.append(f"{name}: {case['text'][:30]!r} -> {got[:8]}, want {case['ids'][:8]}")
    for token in tokenizer.added_tokens_decoder.values():
        if tokenizer.convert_tokens_to_ids(token.content) != list(f["tokenizer.ggml.tokens"]).index(
            token.content
        ):
            problems.append(f"{name}: added token {token.content!r} has another id than in GGUF")
    if family.check_hash:
        digest = hashlib.sha256(str(tokenizer.encode(CHK_TXT)).encode()).hexdigest()
        if digest != family.check_hash:
            problems.append(f"{name}: CHK_TXT hash {digest} is not llama.cpp's")
    if "tokenizer.ggml.scores" in f and f["tokenizer.ggml.model"] == "llama":
        for code in programs:
            if tokenizer(code, add_special_tokens=False)["input_ids"] != spm_reference_ids(code, f):
                problems.append(f"{name}: differs from llama.cpp's SPM on {code[:40]!r}")
    return problems


def _programs(path: Path | None) -> list[str]:
    if path is None or not path.is_file():
        return []
    import gzip

    with gzip.open(path, "rt", encoding="utf-8") as lines:
        return [json.loads(line)["code"] for line in lines]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "sdist", type=Path, help="llama_cpp_python-*.tar.gz (or its unpacked folder)"
    )
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument(
        "--programs",
        type=Path,
        default=OUT.parents[3] / ".." / "shared" / "data" / "codenet_cpp_unlabelled.jsonl.gz",
        help="CodeNet programs (JSONL.gz) to compare the SPM fixture with llama.cpp's algorithm",
    )
    args = parser.parse_args(argv)
    try:
        import gguf  # noqa: F401
    except ImportError:
        print(
            "this script reads GGUF files: pip install gguf (tests do not need it)", file=sys.stderr
        )
        return 2
    from transformers import PreTrainedTokenizerFast

    programs = _programs(args.programs)
    with tempfile.TemporaryDirectory() as tmp:
        root = args.sdist
        if root.is_file():
            with tarfile.open(root) as tar:
                members = [m for m in tar.getmembers() if f"/{MODELS}/ggml-vocab-" in m.name]
                tar.extractall(tmp, members=members, filter="data")
            root = next(Path(tmp).iterdir())
        folder = root / MODELS
        problems: list[str] = []
        for name, family in FAMILIES.items():
            f = _fields(folder / family.gguf)
            if f["tokenizer.ggml.model"] == "llama":
                tokenizer_json, config = sentencepiece_bpe(folder, family.gguf, f)
            else:
                tokenizer_json, config = byte_level_bpe(name, f)
            target = args.out / name
            target.mkdir(parents=True, exist_ok=True)
            (target / "tokenizer.json").write_text(
                json.dumps(tokenizer_json, ensure_ascii=False, separators=(",", ":")),
                encoding="utf-8",
            )
            (target / "tokenizer_config.json").write_text(
                json.dumps(config, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
            )
            cases = vectors(folder, family.gguf)
            (target / "reference_ids.json").write_text(
                json.dumps(cases, ensure_ascii=False) + "\n", encoding="utf-8"
            )
            tokenizer = PreTrainedTokenizerFast.from_pretrained(str(target))
            problems += verify(name, family, tokenizer, cases, f, programs)
            size = sum(p.stat().st_size for p in target.iterdir())
            print(
                f"{name}: {len(tokenizer)} tokens, {len(cases)} reference cases, "
                f"{size / 1e6:.2f} MB",
                file=sys.stderr,
            )
    if programs:
        print(
            f"SPM compared with llama.cpp's algorithm on {len(programs)} programs", file=sys.stderr
        )
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
