"""ChatFormat.parse on what a real instruct model wrote (SmolLM2-135M-Instruct, greedy).

The replies were recorded with `scripts/record_chat_replies.py` (24 CodeNet programs, default
masking, the one-shot chat prompt through the model's own chat template), so no model is
needed here. The kinds it writes: one ```cpp block that restates the prefix and finishes it;
the same without a closing fence (stopped at EOS or at max_new_tokens in a loop); a restated
program whose visible part differs from the prompt's (other #includes, edited lines); a bare
echo of the prefix with nothing new; and a different program altogether.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from concurrent.futures import Future
from pathlib import Path

import pytest

from cdpo_core.masking import MaskedProgram
from cdpo_core.oracle.categories import NO_CODE_BLOCK
from cdpo_core.prompts import ChatFormat, get_format, reply_category
from cdpo_core.stages.evaluate import _judge

DATA = Path(__file__).parent / "data" / "smollm2_chat_replies.jsonl"
RECORDS = [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines()]
BY_ID = {r["submission_id"]: r for r in RECORDS}
FMT = ChatFormat()


def masked(record: dict) -> MaskedProgram:
    return MaskedProgram.from_span(record["program"], record["start"], record["end"])


def parse(submission_id: str) -> str:
    record = BY_ID[submission_id]
    return FMT.parse(record["reply"], masked(record))


def test_recording_is_small_and_covers_the_reply_kinds():
    assert len(RECORDS) == 24 and DATA.stat().st_size < 200_000
    unclosed = [r for r in RECORDS if r["reply"].count("```") == 1]
    assert any(not r["finished"] for r in unclosed)  # ran out of tokens mid-loop
    assert any(r["finished"] for r in unclosed)  # stopped at EOS without closing the fence


@pytest.mark.parametrize("record", RECORDS, ids=lambda r: r["submission_id"])
def test_every_reply_has_code_and_parses_to_code_only(record):
    continuation = FMT.parse(record["reply"], masked(record))
    assert reply_category(FMT, record["reply"]) is None
    assert "```" not in continuation  # never a fence or prose around it
    assert "<|im_end|>" not in continuation


@pytest.mark.parametrize(
    ("submission_id", "continuation"),
    [
        # Closed fence, the prefix restated exactly, then finished mid-token.
        ("s010068386", " endl;\n  return 0;\n}"),
        ("s008410034", "dl;\nreturn 0;\n}"),
        # No closing fence: the model stopped at EOS right after the program.
        ("s003477470", "}\n}"),
        # Restated with other #includes (<iostream> for "stdio.h") and edited lines: aligned.
        ("s003942537", "len, len);\n    return 0;\n}"),
        # Only an echo of the prefix: nothing new, so nothing to add.
        ("s006693695", ""),
        ("s011751229", ""),
    ],
)
def test_hand_checked_continuations(submission_id, continuation):
    assert parse(submission_id) == continuation


def test_unclosed_runaway_reply_continues_from_the_prefix_end():
    # Restated with other #includes, then looped until max_new_tokens: no closing fence.
    record = BY_ID["s006635491"]
    assert not record["finished"] and record["reply"].count("```") == 1
    assert masked(record).prefix.endswith("for(i=")
    assert parse("s006635491").startswith("n-1; i>=0; i--) {\n        c[i]=MAX(c[i+1],b[i+1]);")


def test_a_different_program_is_kept_whole():
    # Nothing in it lines up with the prefix, so the model's program is what it wrote.
    assert parse("s000972153").startswith("#include<bits/stdc++.h>\nusing namespace std;\n\nint")


@pytest.mark.skipif(shutil.which("g++") is None, reason="g++ is not installed")
@pytest.mark.parametrize("submission_id", ["s010068386", "s008410034", "s003477470"])
def test_recovered_programs_compile(submission_id, tmp_path):
    record = BY_ID[submission_id]
    m = masked(record)
    source = tmp_path / "a.cpp"
    source.write_text(FMT.program(m, FMT.parse(record["reply"], m)))
    done = subprocess.run(
        ["g++", "-std=c++17", "-fsyntax-only", str(source)], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize(
    "reply",
    [
        "",
        "I'm sorry, but I can't complete this program without knowing the task.",
        "The program reads a string and prints it. Here is the output:\n```\n9119\n```",
        "```cpp\n```",
    ],
)
def test_replies_without_code_are_their_own_category(reply):
    m = masked(RECORDS[0])
    assert reply_category(FMT, reply) == NO_CODE_BLOCK
    assert FMT.parse(reply, m) == ""


def test_bare_code_without_fences_is_code():
    m = masked(BY_ID["s010068386"])
    assert reply_category(FMT, m.program) is None
    assert FMT.parse(m.program, m) == m.target


def test_only_chat_replies_can_lack_code():
    assert reply_category(get_format("raw"), "Sorry, no.") is None


class _NoCompiles:
    def submit(self, program: str) -> Future:
        raise AssertionError("a reply without code must not be compiled")


def test_evaluation_judges_a_reply_without_code_as_no_code_block():
    verdict = _judge(_NoCompiles(), FMT, "Sorry, I can't help.", "int main(")  # type: ignore[arg-type]
    assert verdict.result().categories == (NO_CODE_BLOCK,)
    assert not verdict.result().passed
