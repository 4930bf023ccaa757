"""Prompt formats: how a masked program is shown to a model family and how its answer is read.

Three families, three formats:

* `raw` (base models): the prompt is the visible code and the model simply continues it.
* `chat` (instruct models): a system instruction, a one-shot example and the unfinished program
  in a fenced block, as TRL conversational messages; the lead applies the chat template. The
  model is asked for the *complete* program, which is what instruct models tend to give anyway,
  and `parse` recovers the continuation from whatever it wrote.
* `fim` (infill models): prefix / suffix / middle sentinel tokens, with presets per family.

Each format also builds the SFT rows and DPO rows for TRL, so that generation, SFT and DPO see
exactly the same strings and the training stages never assemble prompts themselves.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field, fields
from typing import Any, Protocol

from cdpo_core.errors import CdpoError
from cdpo_core.masking import MaskedProgram, MaskSettings, mask, token_boundary
from cdpo_core.oracle.categories import NO_CODE_BLOCK

FORMATS = ("raw", "chat", "fim")

Messages = list[dict[str, str]]


class PromptError(CdpoError):
    """A prompt format that cannot be built or used as asked; the message says what to change."""


@dataclass(frozen=True)
class FimStyle:
    """The sentinel strings of one infill family, in prefix-suffix-middle (PSM) order."""

    prefix: str
    suffix: str
    middle: str
    stops: tuple[str, ...] = ()
    """Strings that end the middle when the output was decoded with special tokens kept."""


FIM_STYLES: dict[str, FimStyle] = {
    # Code Llama's own infilling code puts a space after <PRE> and before <SUF> and <MID>.
    "codellama": FimStyle("<PRE> ", " <SUF>", " <MID>", ("<EOT>", "</s>")),
    "starcoder": FimStyle(
        "<fim_prefix>", "<fim_suffix>", "<fim_middle>", ("<|endoftext|>", "<file_sep>")
    ),
    "deepseek": FimStyle(
        "<｜fim▁begin｜>", "<｜fim▁hole｜>", "<｜fim▁end｜>", ("<|EOT|>", "<｜end▁of▁sentence｜>")
    ),
    "qwen": FimStyle(
        "<|fim_prefix|>", "<|fim_suffix|>", "<|fim_middle|>", ("<|endoftext|>", "<|file_sep|>")
    ),
}

DEFAULT_SYSTEM_PROMPT = (
    "You are an expert C++ programmer. The user gives you an unfinished C++17 program that "
    "solves a programming-contest task. Finish it without changing the code that is already "
    "there. Reply with the complete program in a single ```cpp code block and nothing else. "
    "It must compile with g++ -std=c++17 -Wall without errors or warnings."
)

INFILL_HOLE = "/* ... missing code ... */"
"""Marks the masked span when a chat model is asked to infill."""

EXAMPLE_PROGRAM = """\
#include <iostream>
#include <vector>

int main() {
    int n;
    std::cin >> n;
    std::vector<long long> a(n);
    for (auto& x : a) std::cin >> x;
    long long sum = 0;
    for (long long x : a) sum += x;
    std::cout << sum << '\\n';
    return 0;
}"""
"""The one-shot example: CodeNet-like, and clean under g++ -std=c++17 -Wall -Wextra (tested)."""


@dataclass(frozen=True)
class PromptSettings:
    """How prompts are built; `auto` picks the format from the model family at load time."""

    format: str = field(
        default="auto",
        metadata={
            "help": "Prompt format: auto (from the model family), raw (base models), chat "
            "(instruct models, chat template), fim (infill models)."
        },
    )
    fim_style: str = field(
        default="codellama",
        metadata={"help": f"FIM sentinel preset: {', '.join(FIM_STYLES)}."},
    )
    fim_prefix: str = field(
        default="", metadata={"help": "Override the FIM prefix sentinel ('' keeps the preset)."}
    )
    fim_suffix: str = field(
        default="", metadata={"help": "Override the FIM suffix sentinel ('' keeps the preset)."}
    )
    fim_middle: str = field(
        default="", metadata={"help": "Override the FIM middle sentinel ('' keeps the preset)."}
    )
    system_prompt: str = field(
        default="",
        metadata={"help": "System instruction for chat models ('' uses the built-in one)."},
    )
    one_shot: bool = field(
        default=True,
        metadata={"help": "Show chat models one worked example before the task."},
    )
    stop_when_closed: bool = field(
        default=False,
        metadata={
            "help": "Raw format: end the completion at the line where it closes the last brace "
            "left open by a prefix that already defines main (a stop rule, like the stop "
            "sequences of code benchmarks); off = keep all the model wrote until EOS."
        },
    )

    def __post_init__(self) -> None:
        if self.format not in ("auto", *FORMATS):
            raise PromptError(
                f"unknown prompt format {self.format!r}; choose auto or one of {', '.join(FORMATS)}"
            )
        if self.fim_style not in FIM_STYLES:
            raise PromptError(
                f"unknown FIM style {self.fim_style!r}; choose one of {', '.join(FIM_STYLES)}"
            )


class PromptFormat(Protocol):
    """What generation, SFT and DPO need from a prompt format."""

    name: str

    def prompt(self, m: MaskedProgram) -> str | Messages:
        """The model input: a string, or chat messages for `apply_chat_template`."""
        ...

    def parse(self, output: str, m: MaskedProgram) -> str:
        """The continuation (the text that fills the mask) inside the model's output."""
        ...

    def program(self, m: MaskedProgram, continuation: str) -> str:
        """The full program to compile."""
        ...

    def sft_example(self, program: str) -> dict[str, Any]:
        """One TRL SFT dataset row teaching the whole program."""
        ...

    def preference(self, m: MaskedProgram, chosen: str, rejected: str) -> dict[str, Any]:
        """One TRL preference row from two continuations (chosen, usually `m.target`)."""
        ...

    def reference(self, m: MaskedProgram) -> str:
        """What a perfect model would output for `m`."""
        ...


# A line that starts a second program: an #include, or a main() once main already exists.
_NEW_PROGRAM_RE = re.compile(r"^[ \t]*(?:#[ \t]*include\b|(?:int|signed|void|auto)\s+main\s*\()")
_MAIN_RE = re.compile(r"\b(?:int|signed|void|auto)\s+main\s*\(")


def _cut_runaway(prefix: str, output: str) -> str:
    """Cut `output` where a base model starts another program or closes a Markdown fence.

    Generation stops at EOS, but base models trained on web text often run on: they close a
    ``` fence or write the next file. A line starting with `#include` or `int main(` once the
    text so far already defines `main` is taken as the start of a new program. C++ never
    contains ```, so a fence always ends the code.
    """
    fence = output.find("```")
    if fence >= 0:
        output = output[:fence]
    position = 0
    for line in output.splitlines(keepends=True):
        if (position > 0 or prefix.endswith("\n") or not prefix) and _NEW_PROGRAM_RE.match(line):
            if _MAIN_RE.search(prefix + output[:position]):
                return output[:position]
        position += len(line)
    return output


def _brace_depths(text: str, depth: int = 0) -> list[tuple[int, int]]:
    """(index, depth after it) for each brace outside comments, strings and char literals.

    Written by hand because no C++ lexer is worth a dependency for counting braces; raw
    strings are not handled (rare in CodeNet, and a miscount only means no early stop).
    """
    out: list[tuple[int, int]] = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if text.startswith("//", i):
            end = text.find("\n", i)
            i = n if end < 0 else end
        elif text.startswith("/*", i):
            end = text.find("*/", i + 2)
            i = n if end < 0 else end + 2
        elif c in "\"'":
            i += 1
            while i < n and text[i] != c and text[i] != "\n":
                i += 2 if text[i] == "\\" else 1
            i += 1
        else:
            if c in "{}":
                depth += 1 if c == "{" else -1
                out.append((i, depth))
            i += 1
    return out


def _cut_when_closed(prefix: str, output: str) -> str:
    """Cut after the line on which `output` closes every brace the prefix left open."""
    if not _MAIN_RE.search(prefix):
        return output
    opened = _brace_depths(prefix)
    depth = opened[-1][1] if opened else 0
    if depth <= 0:
        return output
    for index, after in _brace_depths(output, depth):
        if after == 0:
            end = output.find("\n", index)
            return output if end < 0 else output[: end + 1]
    return output


def heal(prompt: str, completion: str, tokenizer: Any) -> tuple[str, str]:
    """Split `prompt` into what the model is shown and the text held back for its completion.

    The shown part ends on a token boundary of `prompt + completion` (see
    `masking.token_boundary`), so TRL's tokenised prompt is a prefix of the tokenised prompt +
    completion and generation continues from the same tokens training saw. Without it a
    line-aligned prompt ends in a lone newline token that the whole program never contains
    (byte-level BPE writes the newline and the next line's indentation as one token), TRL
    drops that token from the training context, and the model generates after a context it
    never learnt from. The held-back text (at most a token or two, usually that newline) starts
    every completion row and every reference, and `_drop_held` removes it from the output.
    Without a tokenizer nothing is held back.
    """
    cut = token_boundary(prompt + completion, len(prompt), tokenizer)
    return prompt[:cut], prompt[cut:]


def _drop_held(output: str, held: str) -> str:
    """What the model wrote after the shown prompt, as a continuation of the whole prompt.

    An output that does not start with the held-back text is kept whole, so the program built
    from it is the visible code followed by everything the model wrote.
    """
    return output[len(held) :] if held and output.startswith(held) else output


@dataclass(frozen=True)
class RawFormat:
    """Base models: the prompt is the visible code and the model continues it.

    With the model's `tokenizer` the prompt ends on a token boundary (see `heal`): a prefix
    ending in a newline is shown without it, and the newline starts the completion.
    """

    name: str = field(default="raw", init=False)
    stop_when_closed: bool = False
    tokenizer: Any = None

    def prompt(self, m: MaskedProgram) -> str:
        self._check(m)
        return self._split(m)[0]

    def parse(self, output: str, m: MaskedProgram) -> str:
        output = _cut_runaway(m.prefix, _drop_held(output, self._split(m)[1]))
        return _cut_when_closed(m.prefix, output) if self.stop_when_closed else output

    def program(self, m: MaskedProgram, continuation: str) -> str:
        self._check(m)
        return m.prefix + continuation

    def sft_example(self, program: str) -> dict[str, Any]:
        return {"text": program.strip()}

    def preference(self, m: MaskedProgram, chosen: str, rejected: str) -> dict[str, Any]:
        self._check(m)
        prompt, held = self._split(m)
        return {"prompt": prompt, "chosen": held + chosen, "rejected": held + rejected}

    def reference(self, m: MaskedProgram) -> str:
        self._check(m)
        return self._split(m)[1] + m.target

    def _split(self, m: MaskedProgram) -> tuple[str, str]:
        return heal(m.prefix, m.target, self.tokenizer)

    @staticmethod
    def _check(m: MaskedProgram) -> None:
        if m.suffix:
            raise PromptError(
                "the raw format can only continue a program, but this sample has a suffix "
                "(infill masking); use the fim or chat format for infill"
            )


def parse_is_final(fmt: PromptFormat, output: str, m: MaskedProgram) -> bool:
    """Whether more tokens after `output` could no longer change what `fmt.parse` keeps.

    True for a raw completion once its parser cut something off (it closed `main`, opened a
    fence, or started another program): each of those cuts stays where it is as text is
    added, so generation may stop there. Other formats pick among blocks or sentinels and
    need the whole reply.
    """
    if not isinstance(fmt, RawFormat):
        return False
    return len(fmt.parse(output, m)) < len(_drop_held(output, fmt._split(m)[1]))


@dataclass(frozen=True)
class FimFormat:
    """Infill models: `<prefix-sentinel> prefix <suffix-sentinel> suffix <middle-sentinel>`.

    A middle sentinel that is one of the tokenizer's special tokens is always a token boundary;
    one it spells as text is healed like a raw prompt (see `heal`).
    """

    style: FimStyle = FIM_STYLES["codellama"]
    mask_settings: MaskSettings = MaskSettings()
    """How `sft_example` masks a program into a FIM training row."""
    tokenizer: Any = None
    name: str = field(default="fim", init=False)

    def prompt(self, m: MaskedProgram) -> str:
        return self._split(m)[0]

    def parse(self, output: str, m: MaskedProgram) -> str:
        output = _drop_held(output, self._split(m)[1])
        # Cut at the end-of-middle token, or at a sentinel if the model loops into a new FIM.
        markers = (*self.style.stops, self.style.prefix, self.style.suffix, self.style.middle)
        found = [output.find(s.strip()) for s in markers if s.strip()]
        output = output[: min([f for f in found if f >= 0], default=len(output))]
        return output if m.suffix else _cut_runaway(m.prefix, output)

    def program(self, m: MaskedProgram, continuation: str) -> str:
        return m.prefix + continuation + m.suffix

    def sft_example(self, program: str) -> dict[str, Any]:
        # A prompt-completion row: TRL then trains on the middle only, as FIM pretraining did.
        m = mask(program, self.mask_settings, self.tokenizer)
        prompt, held = self._split(m)
        return {"prompt": prompt, "completion": held + m.target}

    def preference(self, m: MaskedProgram, chosen: str, rejected: str) -> dict[str, Any]:
        prompt, held = self._split(m)
        return {"prompt": prompt, "chosen": held + chosen, "rejected": held + rejected}

    def reference(self, m: MaskedProgram) -> str:
        middle = self._split(m)[1] + m.target
        return middle + self.style.stops[0] if self.style.stops else middle

    def _split(self, m: MaskedProgram) -> tuple[str, str]:
        sentinels = self.style.prefix + m.prefix + self.style.suffix + m.suffix + self.style.middle
        return heal(sentinels, m.target, self.tokenizer)


@dataclass(frozen=True)
class ChatFormat:
    """Instruct models: system instruction, one-shot example, the program in a ```cpp block.

    The model is asked for the complete program. `parse` extracts the code block and then
    works out which part of it is new (see `_continuation`).
    """

    system_prompt: str = DEFAULT_SYSTEM_PROMPT
    one_shot: bool = True
    mask_settings: MaskSettings = MaskSettings()
    """How `sft_example` masks a program into the user turn of a training conversation."""
    tokenizer: Any = None
    name: str = field(default="chat", init=False)

    def prompt(self, m: MaskedProgram) -> Messages:
        messages = [{"role": "system", "content": self.system_prompt}]
        if self.one_shot:
            example_settings = MaskSettings(
                mode="infill" if m.suffix else "chars", fraction=0.25, line_aligned=True
            )
            example = mask(EXAMPLE_PROGRAM, example_settings)
            messages += [
                {"role": "user", "content": self._task(example)},
                {"role": "assistant", "content": _fenced(example.program)},
            ]
        return [*messages, {"role": "user", "content": self._task(m)}]

    def parse(self, output: str, m: MaskedProgram) -> str:
        """The continuation in the reply; "" when it holds no code (see `reply_category`)."""
        if not _has_code(output):
            return ""
        return _continuation(_pick_block(output, m), m)

    def program(self, m: MaskedProgram, continuation: str) -> str:
        return m.prefix + continuation + m.suffix

    def sft_example(self, program: str) -> dict[str, Any]:
        m = mask(program, self.mask_settings, self.tokenizer)
        return {"messages": [*self.prompt(m), {"role": "assistant", "content": _fenced(m.program)}]}

    def preference(self, m: MaskedProgram, chosen: str, rejected: str) -> dict[str, Any]:
        # Conversational preference row: the answers are whole programs, as the model is asked.
        return {
            "prompt": self.prompt(m),
            "chosen": [{"role": "assistant", "content": _fenced(self.program(m, chosen))}],
            "rejected": [{"role": "assistant", "content": _fenced(self.program(m, rejected))}],
        }

    def reference(self, m: MaskedProgram) -> str:
        return _fenced(m.program)

    @staticmethod
    def _task(m: MaskedProgram) -> str:
        if m.suffix:
            return f"Fill in the code marked {INFILL_HOLE} in this C++ program:\n\n" + _fenced(
                m.prefix + INFILL_HOLE + m.suffix
            )
        return "Complete this C++ program:\n\n" + _fenced(m.prefix)


def _fenced(code: str) -> str:
    return f"```cpp\n{code}\n```"


@dataclass(frozen=True)
class _Block:
    language: str
    code: str


_CPP_LANGUAGES = {"", "cpp", "c++", "cc", "cxx", "c", "hpp", "h"}
_INFO_RE = re.compile(r"[ \t]*([A-Za-z0-9_+#.-]*)[ \t]*\n")


def _code_blocks(output: str) -> list[_Block]:
    """Split a reply into fenced blocks; an unclosed last fence runs to the end of the reply.

    Fences are found as ``` anywhere (not only at line starts), because models write
    `Here it is: ```cpp` and `}```` too; C++ itself never contains three backticks.
    """
    parts = output.split("```")
    blocks = []
    for inside in parts[1::2]:
        info = _INFO_RE.match(inside)
        if info:
            language, code = info.group(1).lower(), inside[info.end() :]
        else:
            language, code = "", inside
        blocks.append(_Block(language, code.replace("\r\n", "\n")))
    return blocks


# A line only code has: a C++ statement or brace at its end, or a preprocessor directive.
_CODE_LINE_RE = re.compile(r"[;{}][ \t]*(?://.*)?$|^[ \t]*#[ \t]*(?:include|define)\b", re.M)


def _has_code(output: str) -> bool:
    """Whether a chat reply holds any code: a non-empty block tagged as C++, another block with
    C++-like lines (an untagged block of sample output is not code), or, without fences, bare
    C++-like lines.

    Small instruct models sometimes answer with prose only (an explanation of the task, a
    refusal); that reply has no program to compile and is its own failure, not a compile error.
    """
    blocks = _code_blocks(output)
    if blocks:
        return any(
            (b.language and b.language in _CPP_LANGUAGES and b.code.strip())
            or _CODE_LINE_RE.search(b.code)
            for b in blocks
        )
    return bool(_CODE_LINE_RE.search(output))


def reply_category(fmt: PromptFormat, output: str) -> str | None:
    """`no_code_block` for a chat reply with no code in it, else None.

    Only chat replies can lack code: raw and FIM outputs are continuations by construction.
    """
    if fmt.name == "chat" and not _has_code(output):
        return NO_CODE_BLOCK
    return None


def _pick_block(output: str, m: MaskedProgram) -> str:
    """The code in the reply: the longest block, preferring ones that repeat the visible code.

    Models often echo the unfinished program before the finished one, so among blocks that
    start with the prefix the longest (the finished program) wins. A reply without any fence
    is taken as bare code. Blocks tagged with another language (sample output, shell
    commands) are used only when there is nothing else.
    """
    blocks = _code_blocks(output)
    if not blocks:
        return output.strip("\n") + "\n"
    cpp = [b for b in blocks if b.language in _CPP_LANGUAGES] or blocks
    repeats = [b for b in cpp if _match_head(m.prefix, b.code) is not None]
    return max(repeats or cpp, key=lambda b: len(b.code.strip())).code


def _dense(text: str) -> tuple[str, list[int]]:
    """`text` without whitespace, and where each kept character sits in `text`."""
    kept = [(c, i) for i, c in enumerate(text) if not c.isspace()]
    return "".join(c for c, _ in kept), [i for _, i in kept]


def _match_head(prefix: str, code: str) -> int | None:
    """Where `prefix` ends in `code` if `code` starts with it, ignoring whitespace; else None."""
    dense_prefix, _ = _dense(prefix)
    dense_code, where = _dense(code)
    if not dense_prefix:
        return 0
    if not dense_code.startswith(dense_prefix):
        return None
    return where[len(dense_prefix) - 1] + 1


def _align_head(prefix: str, code: str) -> int | None:
    """Where `prefix` ends in `code` when the model restated the program with small edits.

    Used only when the code is clearly a whole-program answer: it opens with the same first
    line as the prefix, or both open with a preprocessor line (small instruct models restate
    the program with other `#include`s, e.g. `<iostream>` for `"stdio.h"`). The prefix's
    complete lines are aligned with the code's lines
    (difflib over lines with whitespace removed: linear in practice, where a character-level
    diff takes seconds on the longest CodeNet programs); the prefix ends after the code line
    that matches its last complete line, and a restatement of its unfinished last line is
    skipped. The model's edits to the visible part are dropped: `program` keeps the real
    prefix.
    """
    prefix_lines = [_dense(line)[0] for line in prefix.split("\n")]
    code_lines = code.split("\n")
    complete = prefix_lines[:-1]
    first_code = next((d for d in map(lambda ln: _dense(ln)[0], code_lines) if d), None)
    first_prefix = next((d for d in complete if d), None)
    if first_prefix is None or first_code is None:
        return None
    if first_prefix != first_code and not (first_prefix[0] == first_code[0] == "#"):
        return None
    matcher = difflib.SequenceMatcher(
        None, complete, [_dense(line)[0] for line in code_lines], autojunk=False
    )
    blocks = [b for b in matcher.get_matching_blocks() if b.size]
    matched = sum(1 for b in blocks for d in complete[b.a : b.a + b.size] if d)
    if matched < 0.5 * sum(1 for d in complete if d):
        return None
    last = blocks[-1]
    line = last.b + min(last.size, len(complete) - last.a)  # first code line after the prefix
    end = sum(len(text) + 1 for text in code_lines[:line])
    partial = prefix[prefix.rfind("\n") + 1 :]
    restated = _match_head(partial, code[end:].split("\n", 1)[0]) if partial.strip() else None
    return end + (restated or 0)


def _continuation(code: str, m: MaskedProgram) -> str:
    """The new text in a chat model's code block.

    Decided in this order:

    1. The block repeats the visible prefix (exactly, else with whitespace ignored): the
       continuation is what follows it (see `_after_prefix` for the whitespace at the seam).
    2. The block opens like the program but the model edited the visible part: the prefix end
       is found by alignment (`_align_head`).
    3. The prefix ends mid-line and the block's first line restates that partial line (models
       like to finish a line by rewriting it): what follows the restated part.
    4. Otherwise the block is the continuation only.

    For infill, a copy of the suffix at the end of the block is removed the same way. When
    there is none, the block held the middle only, and whether its last line break belongs to
    the middle is ambiguous (a fence always starts on a new line): it is kept when the hole
    starts a line (the prefix ends with a newline, as in line-aligned infill), since the
    suffix then starts a line too; otherwise the hole is taken to end mid-line as well.
    """
    block_ends_line = code.endswith("\n")
    # The line break before the closing fence belongs to the fence.
    code = code.removesuffix("\n")
    if code.startswith(m.prefix):
        rest = code[len(m.prefix) :]
    else:
        end = _match_head(m.prefix, code)
        if end is None:
            end = _align_head(m.prefix, code)
        if end is None:
            end = _restated_line(m.prefix, code)
        rest = code if end is None else _after_prefix(m.prefix, code[end:])
    if m.suffix:
        middle = _strip_tail(rest, m.suffix)
        if middle is not None:
            return middle
        if block_ends_line and m.prefix[-1:] in ("", "\n"):
            return rest + "\n"
    return rest


def _restated_line(prefix: str, code: str) -> int | None:
    """Where the prefix's unfinished last line ends in `code`, if the block's first line
    starts by restating it; else None.

    The restatement must sit on the block's first line and carry at least two non-blank
    characters: a continuation-only answer often starts with a lone `}` or a line break, and
    a one-character partial line such as `}` would match it by accident.
    """
    partial = prefix[prefix.rfind("\n") + 1 :]
    first_line = code.split("\n", 1)[0]
    if len(_dense(partial)[0]) < 2:
        return None
    return _match_head(partial, first_line)


def _after_prefix(prefix: str, rest: str) -> str:
    """`rest` (what followed the model's copy of the prefix) without a doubled separator.

    When the real prefix already ends in whitespace, the model's whitespace at the seam is
    redundant, except a line break the prefix lacks (a preprocessor line or a // comment
    must end before the next code). With a newline on both sides, the model's indentation of
    the next line is kept.
    """
    if not prefix[-1:].isspace():
        return rest
    lead = rest[: len(rest) - len(rest.lstrip())]
    if "\n" not in lead:
        return rest[len(lead) :]
    if "\n" in prefix[len(prefix.rstrip()) :]:
        return rest[lead.index("\n") + 1 :]
    return rest


def _strip_tail(text: str, suffix: str) -> str | None:
    """`text` without a copy of `suffix` (whitespace ignored) at its end; None without one."""
    if text.endswith(suffix):
        return text[: len(text) - len(suffix)]
    dense_suffix, _ = _dense(suffix)
    dense_text, where = _dense(text)
    if not dense_suffix or not dense_text.endswith(dense_suffix):
        return None
    keep = len(dense_text) - len(dense_suffix)
    if suffix[:1].isspace():
        # The real suffix brings its own leading whitespace; drop the model's.
        return text[: where[keep - 1] + 1] if keep else ""
    # The real suffix starts with code: keep the model's separator so tokens cannot merge.
    return text[: where[keep]]


def get_format(name: str, **options: Any) -> PromptFormat:
    """Build a prompt format by name (`raw`, `chat`, `fim`).

    Options: chat takes `system_prompt`, `one_shot`, `mask_settings`, `tokenizer`; fim takes
    `style` (a preset name or a `FimStyle`), `mask_settings`, `tokenizer`; raw takes
    `stop_when_closed`, `tokenizer`.

    Raises:
        PromptError: for an unknown name, style or option.
    """
    if name == "raw":
        cls: type = RawFormat
    elif name == "chat":
        cls = ChatFormat
    elif name == "fim":
        cls = FimFormat
        style = options.get("style", "codellama")
        if isinstance(style, str):
            if style not in FIM_STYLES:
                raise PromptError(
                    f"unknown FIM style {style!r}; choose one of {', '.join(FIM_STYLES)}"
                )
            options["style"] = FIM_STYLES[style]
    else:
        raise PromptError(f"unknown prompt format {name!r}; choose one of {', '.join(FORMATS)}")
    allowed = {f.name for f in fields(cls) if f.name != "name"}
    unknown = sorted(set(options) - allowed)
    if unknown:
        raise PromptError(
            f"format {name!r} takes no option {', '.join(unknown)}; "
            f"it takes {', '.join(sorted(allowed)) or 'none'}"
        )
    return cls(**options)


def format_from_settings(
    settings: PromptSettings,
    *,
    auto: str | None = None,
    mask_settings: MaskSettings | None = None,
    tokenizer: Any = None,
) -> PromptFormat:
    """Build the format `settings` describe; `auto` is the format the model family implies.

    Raises:
        PromptError: when the settings say `auto` and no `auto` format was given.
    """
    name = settings.format
    if name == "auto":
        if auto is None:
            raise PromptError(
                "prompt format is 'auto' but the model family is not known yet; "
                "pass auto='raw' | 'chat' | 'fim' or set the format explicitly"
            )
        name = auto
    mask_settings = mask_settings or MaskSettings()
    if name == "raw":
        return get_format("raw", stop_when_closed=settings.stop_when_closed, tokenizer=tokenizer)
    if name == "chat":
        return get_format(
            "chat",
            system_prompt=settings.system_prompt or DEFAULT_SYSTEM_PROMPT,
            one_shot=settings.one_shot,
            mask_settings=mask_settings,
            tokenizer=tokenizer,
        )
    preset = FIM_STYLES[settings.fim_style]
    style = FimStyle(
        settings.fim_prefix or preset.prefix,
        settings.fim_suffix or preset.suffix,
        settings.fim_middle or preset.middle,
        preset.stops,
    )
    return get_format("fim", style=style, mask_settings=mask_settings, tokenizer=tokenizer)
