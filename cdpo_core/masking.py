"""Masking: cut a program into the part the model sees and the part it must write.

The paper removes the last 10 % of the characters of each program and asks the model to
complete it. That is mode `chars`; `lines`, `tokens` and `infill` are the variants a
researcher reaches for next. Every mode works on the program with surrounding whitespace
stripped (so a trailing newline never counts towards the 10 %) and records the split as
character offsets, so a stored sample can be rebuilt exactly with `MaskedProgram.from_span`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from cdpo_core.errors import CdpoError

MASK_MODES = ("chars", "lines", "tokens", "infill")


class MaskingError(CdpoError):
    """A program or a setting that cannot be masked; the message says what to change."""


@dataclass(frozen=True)
class MaskSettings:
    """How to choose the masked span. The defaults are the paper's (last 10 % of characters)."""

    mode: str = field(
        default="chars",
        metadata={
            "help": "What to mask: chars (last fraction of characters, the paper), lines (last "
            "fraction of lines), tokens (last N tokens of the model's tokenizer), infill (a "
            "span of fraction of the characters inside the program, for FIM models)."
        },
    )
    fraction: float = field(
        default=0.1,
        metadata={"help": "Share masked, in (0, 1): of the characters (chars, infill) or lines."},
    )
    tokens: int = field(
        default=64, metadata={"help": "Tokens masked at the end of the program in tokens mode."}
    )
    line_aligned: bool = field(
        default=False,
        metadata={
            "help": "Move each split to the start of the line containing it, so the masked "
            "part is whole lines (the prompt still ends on a token boundary of the model's "
            "tokenizer: a newline merged with the next line's indentation starts the answer)."
        },
    )
    infill_position: float = field(
        default=0.5,
        metadata={
            "help": "Where the infill span sits, in [0, 1]: 0 at the start of the program, "
            "0.5 centred, 1 at the end (then infill equals chars)."
        },
    )

    def __post_init__(self) -> None:
        if self.mode not in MASK_MODES:
            raise MaskingError(
                f"unknown mask mode {self.mode!r}; choose one of {', '.join(MASK_MODES)}"
            )
        if not 0.0 < self.fraction < 1.0:
            raise MaskingError(
                f"mask fraction must lie strictly between 0 and 1, got {self.fraction}; "
                "the paper uses 0.1"
            )
        if self.tokens < 1:
            raise MaskingError(f"tokens to mask must be at least 1, got {self.tokens}")
        if not 0.0 <= self.infill_position <= 1.0:
            raise MaskingError(f"infill position must lie in [0, 1], got {self.infill_position}")


@dataclass(frozen=True)
class MaskedProgram:
    """A program split into what the model sees (prefix, suffix) and what it must write.

    Invariants, checked on construction: `prefix + target + suffix == program` and
    `program[start:end] == target`. `suffix` is empty in every mode except infill.
    """

    program: str
    prefix: str
    target: str
    suffix: str
    start: int
    end: int

    def __post_init__(self) -> None:
        if (
            self.prefix + self.target + self.suffix != self.program
            or self.program[self.start : self.end] != self.target
            or len(self.prefix) != self.start
        ):
            raise MaskingError(
                f"inconsistent masked program (start={self.start}, end={self.end}); "
                "build it with mask() or MaskedProgram.from_span()"
            )

    @classmethod
    def from_span(cls, program: str, start: int, end: int) -> MaskedProgram:
        """Rebuild a sample from its stored offsets into the (already stripped) program."""
        if not 0 <= start <= end <= len(program):
            raise MaskingError(
                f"span [{start}, {end}) does not fit a program of {len(program)} characters"
            )
        return cls(program, program[:start], program[start:end], program[end:], start, end)


def mask(code: str, settings: MaskSettings | None = None, tokenizer: Any = None) -> MaskedProgram:
    """Split `code` (stripped of surrounding whitespace first) as `settings` asks.

    The masked span is never empty: at least one character, line or token is masked, because
    an empty target would make a sample that any model trivially "completes".

    Args:
        code: The program source.
        settings: How to mask; the paper's defaults when omitted.
        tokenizer: A Hugging Face *fast* tokenizer; needed by mode `tokens` only, which
            cuts at a token boundary found with `return_offsets_mapping`.

    Raises:
        MaskingError: for an empty program, a program too short for the requested number of
            tokens, or mode `tokens` without a fast tokenizer.
    """
    settings = settings or MaskSettings()
    program = code.strip()
    if not program:
        raise MaskingError("cannot mask an empty program (it is blank after stripping)")
    n = len(program)
    if settings.mode == "lines":
        return MaskedProgram.from_span(program, _lines_start(program, settings.fraction), n)
    if settings.mode == "tokens":
        start = _tokens_start(program, settings.tokens, tokenizer)
    else:
        # round(), not int(): the masked share should be the nearest to m, not always under it.
        length = min(max(1, round(settings.fraction * n)), n)
        position = 1.0 if settings.mode == "chars" else settings.infill_position
        start = round(position * (n - length))
        if settings.mode == "infill":
            end = start + length
            if settings.line_aligned:
                start, end = _line_start(program, start), _line_start(program, end)
                if end <= start:
                    # Both splits fell on one line: mask that whole line instead of nothing.
                    end = _next_line_start(program, start)
            return MaskedProgram.from_span(program, start, end)
    if settings.line_aligned:
        start = _line_start(program, start)
    return MaskedProgram.from_span(program, start, n)


def _line_start(text: str, index: int) -> int:
    """The offset of the first character of the line that contains `index`."""
    return text.rfind("\n", 0, index) + 1


def _next_line_start(text: str, index: int) -> int:
    """The offset just after the newline ending the line at `index` (or the text's end)."""
    newline = text.find("\n", index)
    return len(text) if newline < 0 else newline + 1


def _lines_start(program: str, fraction: float) -> int:
    lines = program.splitlines(keepends=True)
    masked = min(max(1, round(fraction * len(lines))), len(lines))
    return sum(len(line) for line in lines[: len(lines) - masked])


def _tokens_start(program: str, count: int, tokenizer: Any) -> int:
    if tokenizer is None:
        raise MaskingError("mask mode 'tokens' needs the model's tokenizer; pass tokenizer=...")
    if not getattr(tokenizer, "is_fast", False):
        raise MaskingError(
            f"mask mode 'tokens' needs a fast tokenizer (offset mappings); "
            f"{type(tokenizer).__name__} is not one: load it with use_fast=True"
        )
    encoded = tokenizer(program, add_special_tokens=False, return_offsets_mapping=True)
    offsets = encoded["offset_mapping"]
    if len(offsets) <= count:
        raise MaskingError(
            f"program has {len(offsets)} tokens, not more than the {count} to mask; "
            "lower tokens or skip the program"
        )
    # A token's offsets may leave out its leading space (byte-level BPE trims them), and a
    # prefix cut there would tokenise differently; the boundary search finds the real cut.
    return token_boundary(program, int(offsets[len(offsets) - count][0]), tokenizer)


BOUNDARY_TRIES = 16
"""How many candidate cuts `token_boundary` verifies before it gives up."""


def token_boundary(text: str, index: int, tokenizer: Any) -> int:
    """The last cut at or before `index` after which `text` tokenises as its head did alone.

    That is the largest `cut <= index` for which the tokens of `text[:cut]` are the first
    tokens of `text`, both tokenised the way TRL tokenises a prompt and a prompt + completion
    (`tokenizer(text)`, special tokens included). A prompt that ends there is a prefix of the
    training sequence, and generation continues from the very tokens the model learnt from.
    Cutting at `index` itself often fails: byte-level BPE merges a newline with the next line's
    indentation (`"\\n   "` is one token), and a cut inside a word leaves half a token.

    Candidates are the token starts and the whitespace gaps between tokens (offsets may leave
    out a token's leading space), tried from `index` down; returns `index` unchanged when the
    tokenizer is missing or not fast (no offsets), or when no candidate among the last
    `BOUNDARY_TRIES` verifies.
    """
    if tokenizer is None or not getattr(tokenizer, "is_fast", False) or index <= 0:
        return index
    encoded = tokenizer(text, return_offsets_mapping=True)
    ids = list(encoded["input_ids"])
    cuts = {index}
    end_before = 0
    for start, end in encoded["offset_mapping"]:
        if end > start:  # special tokens have empty spans
            cuts.update(range(min(end_before, start), start + 1))
            end_before = end
    for cut in sorted((c for c in cuts if c <= index), reverse=True)[:BOUNDARY_TRIES]:
        head = list(tokenizer(text[:cut])["input_ids"])
        if ids[: len(head)] == head:
            return cut
    return index
