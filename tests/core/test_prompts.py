"""Prompt formats: prompts, robust parsing of model answers, and training rows."""

from __future__ import annotations

import gzip
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from cdpo_core.masking import MaskedProgram, MaskSettings, mask
from cdpo_core.prompts import (
    DEFAULT_SYSTEM_PROMPT,
    EXAMPLE_PROGRAM,
    FIM_STYLES,
    FORMATS,
    INFILL_HOLE,
    PromptError,
    PromptSettings,
    format_from_settings,
    get_format,
    parse_is_final,
)

DATA = Path(__file__).resolve().parents[2] / ".." / "shared" / "data"
CODENET = DATA / "codenet_cpp_unlabelled.jsonl.gz"

PROGRAM = """\
#include <iostream>
using namespace std;

int twice(int x) { return 2 * x; }

int main() {
    int a;
    cin >> a;
    if (a > 0) {
        cout << twice(a) << endl;
    }
    return 0;
}"""

# Cut mid-line, inside `cout << twice(a) << endl;`: the hard case for every parser.
MASKED = MaskedProgram.from_span(PROGRAM, PROGRAM.index("(a) << endl;"), len(PROGRAM))
CONTINUATION = MASKED.target


def _dense(text: str) -> str:
    return "".join(text.split())


def _compiles(source: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    if shutil.which("g++") is None:
        pytest.skip("g++ is not installed")
    path = tmp_path / "main.cpp"
    path.write_text(source)
    return subprocess.run(
        ["g++", "-std=c++17", "-Wall", "-Wextra", "-pedantic", "-Werror", "-fsyntax-only", path],
        capture_output=True,
        text=True,
        timeout=60,
        env={"LC_ALL": "C", "PATH": "/usr/bin:/bin"},
    )


# ---------------------------------------------------------------- raw


def test_raw_prompt_is_the_visible_code_and_round_trips():
    raw = get_format("raw")
    assert raw.name == "raw"
    assert raw.prompt(MASKED) == MASKED.prefix
    assert raw.program(MASKED, raw.parse(raw.reference(MASKED), MASKED)) == PROGRAM


def test_raw_parse_stops_where_a_base_model_starts_another_program():
    raw = get_format("raw")
    rest = CONTINUATION + "\n\nint main() {\n    return 1;\n}\n"
    assert raw.parse(rest, MASKED) == CONTINUATION + "\n\n"
    rest = CONTINUATION + "\n#include <vector>\nint main() {}"
    assert raw.parse(rest, MASKED) == CONTINUATION + "\n"
    assert raw.parse(CONTINUATION + "\n```\n\nThis program doubles", MASKED) == CONTINUATION + "\n"


def test_raw_parse_keeps_a_main_the_prefix_does_not_have_yet():
    head = "#include <cstdio>\n"
    whole = "int f() { return 1; }\nint main() { return f(); }"
    m = MaskedProgram.from_span(head + whole, len(head), len(head + whole))
    # The first main is the program's own; only the second one starts a new program.
    assert get_format("raw").parse(whole + "\nint main() {}", m) == whole + "\n"


def test_raw_refuses_infill_samples():
    m = mask(PROGRAM, MaskSettings(mode="infill"))
    with pytest.raises(PromptError, match="use the fim or chat format"):
        get_format("raw").prompt(m)


# ---------------------------------------------------------------- chat


def test_chat_prompt_is_system_one_shot_then_the_task():
    messages = get_format("chat").prompt(MASKED)
    assert [m["role"] for m in messages] == ["system", "user", "assistant", "user"]
    assert messages[0]["content"] == DEFAULT_SYSTEM_PROMPT
    assert messages[2]["content"] == f"```cpp\n{EXAMPLE_PROGRAM}\n```"
    assert messages[1]["content"].endswith("```") and "return 0;\n}" not in messages[1]["content"]
    assert messages[3]["content"].endswith(f"```cpp\n{MASKED.prefix}\n```")
    no_shot = get_format("chat", one_shot=False, system_prompt="Be brief.").prompt(MASKED)
    assert [m["role"] for m in no_shot] == ["system", "user"]
    assert no_shot[0]["content"] == "Be brief."


def test_chat_messages_work_with_a_chat_template():
    from tokenizers import Tokenizer, models
    from transformers import PreTrainedTokenizerFast

    tokenizer = PreTrainedTokenizerFast(tokenizer_object=Tokenizer(models.BPE()))
    tokenizer.chat_template = (
        "{% for m in messages %}<|{{ m['role'] }}|>\n{{ m['content'] }}\n{% endfor %}"
        "{% if add_generation_prompt %}<|assistant|>\n{% endif %}"
    )
    text = tokenizer.apply_chat_template(
        get_format("chat").prompt(MASKED), tokenize=False, add_generation_prompt=True
    )
    assert text.startswith("<|system|>\n") and text.endswith("```\n<|assistant|>\n")
    assert MASKED.prefix in text


def test_one_shot_example_compiles_cleanly_with_real_gxx(tmp_path):
    result = _compiles(EXAMPLE_PROGRAM, tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""


FENCED = f"```cpp\n{PROGRAM}\n```"

MESSY_ANSWERS = {
    "reference": FENCED,
    "prose around": f"Sure! Here is the finished program:\n\n{FENCED}\n\nIt doubles a.",
    "missing closing fence": f"Here you go:\n```cpp\n{PROGRAM}\n",
    "c++ tag": f"```c++\n{PROGRAM}\n```",
    "bare fence": f"```\n{PROGRAM}\n```",
    "fence mid-line": f"Here it is: ```cpp\n{PROGRAM}```",
    "no fence at all": PROGRAM + "\n",
    "continuation only": f"```cpp\n{CONTINUATION}\n```",
    "restated partial line": f"```cpp\n        cout << twice{CONTINUATION}\n```",
    "several blocks": (
        f"Your code so far:\n```cpp\n{MASKED.prefix}\n```\nFinished:\n{FENCED}\n"
        "Example run:\n```text\n$ ./a.out\n6\n```"
    ),
    "output block first": f"```text\n6\n```\n```cpp\n{CONTINUATION}\n```",
    "reformatted": "```cpp\n"
    + PROGRAM.replace("    ", "\t").replace("int main() {", "int main()\n{")
    + "\n```",
}


@pytest.mark.parametrize("case", sorted(MESSY_ANSWERS))
def test_chat_parse_recovers_the_continuation(case):
    chat = get_format("chat")
    continuation = chat.parse(MESSY_ANSWERS[case], MASKED)
    program = chat.program(MASKED, continuation)
    assert _dense(program) == _dense(PROGRAM), continuation
    assert program.startswith(MASKED.prefix)


def test_chat_parse_is_exact_for_a_verbatim_answer():
    chat = get_format("chat")
    for case in ("reference", "prose around", "missing closing fence", "c++ tag", "bare fence"):
        assert chat.parse(MESSY_ANSWERS[case], MASKED) == CONTINUATION, case


def test_chat_parse_aligns_a_repeat_with_edits_to_the_visible_code():
    edited = PROGRAM.replace("int twice(int x) { return 2 * x; }", "int twice(int v) {return v*2;}")
    chat = get_format("chat")
    continuation = chat.parse(f"```cpp\n{edited}\n```", MASKED)
    assert _dense(continuation) == _dense(CONTINUATION)


def test_chat_parse_seams_do_not_merge_tokens_or_lines(tmp_path):
    # The model re-indents the program, so the prefix is found ignoring whitespace, and the
    # seam must neither glue tokens (`returna`) nor pull code into a // comment.
    program = "#include <cstdio>\nint main() {\n    int a = 1; // one\n    return a;\n}"
    answer = "```cpp\n" + program.replace("    ", "  ") + "\n```"
    chat = get_format("chat")
    joined = []
    for cut in ("return", "// one", "int a = 1; ", "// one\n"):
        start = program.index(cut) + len(cut)
        m = MaskedProgram.from_span(program, start, len(program))
        joined.append(chat.program(m, chat.parse(answer, m)))
        assert _dense(joined[-1]) == _dense(program), joined[-1]
    source = "\n".join(
        text.replace("int main()", f"int main{i}()").replace("#include <cstdio>", "")
        for i, text in enumerate(joined)
    )
    result = _compiles("#include <cstdio>\n" + source + "\nint main() {}", tmp_path)
    assert result.returncode == 0, result.stderr


def test_chat_infill_shows_a_hole_and_parses_whole_or_middle_answers():
    m = mask(PROGRAM, MaskSettings(mode="infill", fraction=0.2, line_aligned=True))
    chat = get_format("chat")
    task = chat.prompt(m)[-1]["content"]
    assert INFILL_HOLE in task and m.suffix in task and m.target not in task
    assert chat.prompt(m)[1]["content"].count(INFILL_HOLE) == 2, "the example infills too"
    for answer in (chat.reference(m), f"```cpp\n{m.target}```", f"```cpp\n{m.target}{m.suffix}```"):
        assert chat.program(m, chat.parse(answer, m)) == PROGRAM, answer


# ---------------------------------------------------------------- fim


@pytest.mark.parametrize(
    ("style", "expected"),
    [
        ("codellama", "<PRE> {p} <SUF}{s} <MID>"),
        ("starcoder", "<fim_prefix>{p}<fim_suffix>{s}<fim_middle>"),
        ("deepseek", "<｜fim▁begin｜>{p}<｜fim▁hole｜>{s}<｜fim▁end｜>"),
        ("qwen", "<|fim_prefix|>{p}<|fim_suffix|>{s}<|fim_middle|>"),
    ],
)
def test_fim_prompt_strings(style, expected):
    m = MaskedProgram.from_span("AB-CD", 2, 3)
    fim = get_format("fim", style=style)
    expected = expected.replace("<SUF}", "<SUF>").format(p="AB", s="CD")
    assert fim.prompt(m) == expected
    assert fim.program(m, fim.parse(fim.reference(m), m)) == "AB-CD"


def test_fim_parse_stops_at_end_of_middle_and_at_sentinels():
    m = mask(PROGRAM, MaskSettings(mode="infill"))
    fim = get_format("fim")
    assert fim.parse(m.target + "<EOT></s>", m) == m.target
    assert fim.parse(m.target + "<PRE> int x;", m) == m.target
    starcoder = get_format("fim", style="starcoder")
    assert starcoder.parse(m.target + "<|endoftext|>junk", m) == m.target


def test_fim_sentinels_can_be_overridden_from_settings():
    settings = PromptSettings(format="fim", fim_style="starcoder", fim_middle="<MIDDLE>")
    fim = format_from_settings(settings)
    m = MaskedProgram.from_span("AB-CD", 2, 3)
    assert fim.prompt(m) == "<fim_prefix>AB<fim_suffix>CD<MIDDLE>"
    assert fim.parse("-<MIDDLE>", m) == "-"


# ---------------------------------------------------------------- training rows


def test_sft_rows_per_format():
    assert get_format("raw").sft_example(PROGRAM + "\n") == {"text": PROGRAM}
    chat_row = get_format("chat").sft_example(PROGRAM)
    roles = [m["role"] for m in chat_row["messages"]]
    assert roles == ["system", "user", "assistant", "user", "assistant"]
    assert chat_row["messages"][-1]["content"] == f"```cpp\n{PROGRAM}\n```"
    fim = get_format("fim", style="starcoder", mask_settings=MaskSettings(mode="infill"))
    fim_row = fim.sft_example(PROGRAM)
    m = mask(PROGRAM, MaskSettings(mode="infill"))
    assert fim_row == {"prompt": fim.prompt(m), "completion": m.target}


def test_preference_rows_per_format():
    bad = "(a) << endl\n    return 0;\n}"
    raw_row = get_format("raw").preference(MASKED, CONTINUATION, bad)
    assert raw_row == {"prompt": MASKED.prefix, "chosen": CONTINUATION, "rejected": bad}
    chat_row = get_format("chat").preference(MASKED, CONTINUATION, bad)
    assert chat_row["prompt"][-1]["role"] == "user"
    assert chat_row["chosen"] == [{"role": "assistant", "content": f"```cpp\n{PROGRAM}\n```"}]
    assert chat_row["rejected"][0]["content"] == f"```cpp\n{MASKED.prefix + bad}\n```"
    fim_row = get_format("fim").preference(MASKED, CONTINUATION, bad)
    assert fim_row["prompt"].startswith("<PRE> ") and fim_row["rejected"] == bad


# ---------------------------------------------------------------- errors and settings


def test_clear_errors():
    with pytest.raises(PromptError, match="unknown prompt format 'json'"):
        get_format("json")
    with pytest.raises(PromptError, match="unknown FIM style 'gpt'"):
        get_format("fim", style="gpt")
    with pytest.raises(PromptError, match="takes no option style"):
        get_format("chat", style="codellama")
    with pytest.raises(PromptError, match="takes no option one_shot; it takes stop_when_closed"):
        get_format("raw", one_shot=True)
    with pytest.raises(PromptError, match="unknown prompt format"):
        PromptSettings(format="plain")
    with pytest.raises(PromptError, match="unknown FIM style"):
        PromptSettings(fim_style="llama")
    with pytest.raises(PromptError, match="model family is not known"):
        format_from_settings(PromptSettings())


def test_auto_resolves_to_the_given_family_format():
    for name in FORMATS:
        assert format_from_settings(PromptSettings(), auto=name).name == name
    chat = format_from_settings(PromptSettings(format="chat", system_prompt="S", one_shot=False))
    assert chat.prompt(MASKED)[0] == {"role": "system", "content": "S"}
    assert set(FIM_STYLES) == {"codellama", "starcoder", "deepseek", "qwen"}


# ---------------------------------------------------------------- real programs


def test_every_format_round_trips_on_all_codenet_programs():
    if not CODENET.exists():
        pytest.skip(f"CodeNet sample absent ({CODENET}); it lives in the shared data folder")
    with gzip.open(CODENET, "rt", encoding="utf-8") as f:
        programs = [json.loads(line)["code"] for line in f]
    cases = [
        ("raw", {}, MaskSettings()),
        ("raw", {}, MaskSettings(mode="lines")),
        ("chat", {}, MaskSettings()),
        ("chat", {}, MaskSettings(mode="infill", line_aligned=True)),
        ("fim", {"style": "codellama"}, MaskSettings()),
        ("fim", {"style": "deepseek"}, MaskSettings(mode="infill")),
    ]
    for name, options, settings in cases:
        fmt = get_format(name, **options)
        failures = []
        for code in programs:
            m = mask(code, settings)
            if fmt.program(m, fmt.parse(fmt.reference(m), m)) != m.program:
                failures.append(code[:60])
        assert not failures, (name, settings, len(failures), failures[:3])
    assert len(programs) == 1600


def test_chat_parse_survives_messy_answers_on_all_codenet_programs():
    if not CODENET.exists():
        pytest.skip(f"CodeNet sample absent ({CODENET}); it lives in the shared data folder")
    with gzip.open(CODENET, "rt", encoding="utf-8") as f:
        programs = [json.loads(line)["code"] for line in f]
    chat = get_format("chat")
    failures: dict[str, int] = {}
    ambiguous = 0
    for code in programs:
        m = mask(code)
        reindented = "\n".join("  " + line.strip() for line in m.program.splitlines())
        partial = _dense(m.prefix[m.prefix.rfind("\n") + 1 :])
        # When the target's first line starts with the prefix's unfinished line (`////` cut
        # inside a rule of slashes), a bare continuation and a restatement read the same.
        restates = len(partial) >= 2 and _dense(m.target.split("\n")[0]).startswith(partial)
        ambiguous += restates
        answers = {
            "continuation only": f"Here is the rest:\n```c++\n{m.target}\n```\nDone.",
            "re-indented, unclosed": f"```cpp\n{reindented}\n",
            "copy then answer": f"```cpp\n{m.prefix}\n```\n\n```cpp\n{m.program}\n```",
        }
        for case, answer in answers.items():
            if restates and case == "continuation only":
                continue
            program = chat.program(m, chat.parse(answer, m))
            if _dense(program) != _dense(m.program) or not program.startswith(m.prefix):
                failures[case] = failures.get(case, 0) + 1
    assert not failures, failures
    assert ambiguous <= 2, "the sample holds few truly ambiguous cuts"


def test_chat_parse_aligns_edited_copies_of_codenet_programs():
    if not CODENET.exists():
        pytest.skip(f"CodeNet sample absent ({CODENET}); it lives in the shared data folder")
    with gzip.open(CODENET, "rt", encoding="utf-8") as f:
        programs = [json.loads(line)["code"] for line in f]
    chat = get_format("chat")
    missed = 0
    for code in programs:
        m = mask(code)
        # The model repeats the program but renames three letters after its first line and
        # re-indents: the continuation must still be found. Tiny programs where the edits hit
        # most lines (or the unfinished line) cannot be aligned; they must stay rare.
        first, _, rest = m.prefix.partition("\n")
        edited = first + "\n" + rest.replace("i", "j", 3).replace("  ", "\t")
        continuation = chat.parse(f"```cpp\n{edited}{m.target}\n```", m)
        missed += _dense(continuation) != _dense(m.target)
    assert missed <= 0.02 * len(programs), missed


def test_raw_stop_when_closed_cuts_after_the_closing_line() -> None:
    program = (
        '#include <cstdio>\nint main() {\n  const char* s = "{";  // {\n'
        '  for (int i = 0; i < 3; ++i) {\n    printf("%d", i);\n  }\n  return 0;\n}'
    )
    cut = program.index("  return 0;")
    m = MaskedProgram.from_span(program, cut, len(program))
    output = "  return 0;\n}\nint main() { junk }\n"
    stopping = get_format("raw", stop_when_closed=True)
    assert stopping.parse(output, m) == "  return 0;\n}\n"
    assert stopping.parse("  return 0;\n", m) == "  return 0;\n", "never closed: kept whole"
    # Off (the default), only the runaway rule applies: the second main is still cut.
    assert get_format("raw").parse("  return 0;\n}\nstatic int x = 1;\n", m).endswith("x = 1;\n")
    settings = PromptSettings(format="raw", stop_when_closed=True)
    assert format_from_settings(settings).parse(output, m) == "  return 0;\n}\n"


def test_a_raw_completion_is_final_once_the_parser_cut_it() -> None:
    """What generation's early stop relies on: once final, more text never changes the parse."""
    code = '#include <cstdio>\nint main() {\n  int a;\n  scanf("%d", &a);\n  return 0;\n}\n'
    m = mask(code, MaskSettings(fraction=0.3, line_aligned=True))
    raw = get_format("raw", stop_when_closed=True)
    open_output = '  printf("%d\\n", a);\n'
    closed = open_output + "  return 0;\n}\n"
    assert not parse_is_final(raw, open_output, m)
    assert not parse_is_final(raw, closed[:-1], m), "the closing line is not finished yet"
    assert parse_is_final(raw, closed + "int", m)
    for more in ("", "int x;", "```\nThis program reads a number.", "\n#include <map>\n"):
        assert raw.parse(closed + "x" + more, m) == raw.parse(closed + "x", m)
    assert not parse_is_final(get_format("chat"), closed + "```", m)


# Model-like text before the reference tail (braces the counter must not count) and after it.
LEADS = ("", '  puts("} }");\n', "  // }\n", "  char c = '}'; /* } */\n")
RUNOFFS = (
    "",
    "\nint main() {\n  return 0;\n}\n",  # a second program
    "\n```\nThis program reads the input.\n",  # a fence, then prose
    "\n  // }\n}\n#include <map>\n",  # a comment, a stray brace, a new file
)


def test_a_final_parse_never_changes_as_the_real_corpus_runs_on() -> None:
    """On every demo program: at each character at which generation would stop, the parse so
    far equals the parse of the whole reply (the reference tail plus model-like run-off)."""
    files = sorted((Path(__file__).resolve().parents[2] / "cdpo_core" / "corpus").rglob("*.cpp"))
    assert len(files) >= 300, "the shipped demo corpus is missing"
    raw = get_format("raw", stop_when_closed=True)
    stops = 0
    for path in files[::10]:
        m = mask(path.read_text(), MaskSettings(fraction=0.1, line_aligned=True))
        for lead, runoff in zip(LEADS, RUNOFFS, strict=True):
            output = lead + m.target + runoff
            whole = raw.parse(output, m)
            for end in range(len(output) + 1):
                if parse_is_final(raw, output[:end], m):
                    assert raw.parse(output[:end], m) == whole, (path.name, lead, runoff, end)
                    stops += 1
                    break
    assert stops > len(files) // 10, "the rule hardly ever stopped: the test proves little"
