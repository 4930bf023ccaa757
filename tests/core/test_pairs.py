"""Preference pairs from compiler verdicts: modes, filters, synthetic negatives, statistics."""

from __future__ import annotations

import gzip
import json
import random
import shutil
import subprocess
import sys
import tempfile
from dataclasses import fields
from pathlib import Path
from types import FrameType
from typing import Any

import pytest
from nltk import edit_distance as nltk_edit_distance

from cdpo_core.settings_io import SettingsError, from_dict
from cdpo_core.training.negatives import declared_identifiers, misspelt_continuations
from cdpo_core.training.pairs import (
    EDIT_DISTANCES,
    SYNTHETIC_CATEGORY,
    JudgedCompletion,
    edit_distance,
    make_pairs,
    pairs_to_dataset,
    standard_row,
)
from cdpo_core.training.settings import PreferenceSettings, TrainingError

DATA = Path(__file__).resolve().parents[2] / ".." / "shared" / "data"
PREFIX = "#include <cstdio>\nint main(){\n  int total = 0;\n  for(int i=0;i<3;i++) total += i;\n"
TARGET = '  printf("%d\\n", total);\n  return 0;\n}\n'


def judged(
    completion: str, level: str, passed: bool, sample: str = "s1", categories: tuple[str, ...] = ()
) -> JudgedCompletion:
    return JudgedCompletion(
        sample_id=sample,
        problem_id="p00001",
        prefix=PREFIX,
        target=TARGET,
        completion=completion,
        level=level,
        passed=passed,
        categories=categories,
    )


def test_bad_completions_become_pairs_against_the_original() -> None:
    records = [
        judged(TARGET, "clean", True),
        judged(
            '  printf("%d\\n", total);\n  return 0;\n',
            "errors",
            False,
            categories=("missing-brace-at-end",),
        ),
        judged('  printf("%d\\n", total);\n  return 0;\n', "errors", False),  # sampled twice
        judged('  printf("%d\\n", totl);\n}\n', "errors", False, categories=("undeclared",)),
        judged("  int unused;\n" + TARGET, "warnings", False, categories=("unused-variable",)),
    ]
    pairs, report = make_pairs(records, standard_row)
    assert [p.category for p in pairs] == ["missing-brace-at-end", "undeclared", "unused-variable"]
    assert all(p.chosen == TARGET and p.chosen_from == "original" for p in pairs)
    assert pairs[0].row == {"prompt": PREFIX, "chosen": TARGET, "rejected": pairs[0].rejected}
    assert [p.edit_distance for p in pairs] == [2, 13, 14]
    assert report.pairs == 3 and report.records == 5 and report.samples == 1
    assert report.skipped == {"duplicate rejected completion": 1}
    assert report.edit_distance_mean == pytest.approx((2 + 13 + 14) / 3)
    assert report.edit_distance_median == 13
    assert dict(report.histogram)["0-9"] == 1 and dict(report.histogram)["10-24"] == 2
    dataset = pairs_to_dataset(pairs, with_meta=True)
    assert dataset.column_names == [
        "prompt",
        "chosen",
        "rejected",
        "sample_id",
        "problem_id",
        "edit_distance",
        "category",
    ]


def test_min_edit_distance_filter_is_counted() -> None:
    records = [judged(TARGET[:-2], "errors", False), judged("}\n", "errors", False)]
    pairs, report = make_pairs(records, standard_row, PreferenceSettings(min_edit_distance=5))
    assert [p.rejected for p in pairs] == ["}\n"]
    assert report.skipped == {"edit distance below 5": 1}


def test_levels_mode_prefers_a_clean_model_completion() -> None:
    clean = '  printf("%d\\n", total);\n}\n'
    warned = "  int x;\n" + TARGET
    broken = '  printf("%d\\n", total)\n'
    records = [
        judged(broken, "errors", False),
        judged(clean, "clean", True),
        judged(warned, "warnings", True),
    ]  # "errors" policy: warnings still pass
    pairs, _ = make_pairs(records, standard_row, PreferenceSettings(mode="levels"))
    got = {(p.chosen_from, p.rejected) for p in pairs}
    assert got == {
        ("completion:clean", broken),
        ("completion:clean", warned),
        ("completion:warnings", broken),
    }
    assert all(p.chosen == clean for p in pairs if p.chosen_from == "completion:clean")
    # Without a clean completion the original is the chosen side.
    pairs, _ = make_pairs(
        [judged(broken, "errors", False)], standard_row, PreferenceSettings(mode="levels")
    )
    assert pairs[0].chosen == TARGET and pairs[0].chosen_from == "original"


def test_a_timed_out_completion_is_a_bad_completion() -> None:
    # The oracle judges a completion "timeout" when g++ ran past its time limit. It fails under
    # every policy, so it is rejected like any other failure instead of stopping the stage.
    looping = "  return f<1000000>();\n}\n"
    pairs, report = make_pairs(
        [judged(TARGET, "clean", True), judged(looping, "timeout", False, categories=("timeout",))],
        standard_row,
    )
    assert [(p.chosen, p.rejected, p.category) for p in pairs] == [(TARGET, looping, "timeout")]
    assert report.pairs == 1 and report.records == 2
    # levels mode: a timeout ranks with errors, below a warned completion, never chosen.
    warned = "  int x;\n" + TARGET
    pairs, _ = make_pairs(
        [judged(looping, "timeout", False), judged(warned, "warnings", True)],
        standard_row,
        PreferenceSettings(mode="levels"),
    )
    assert {(p.chosen_from, p.rejected) for p in pairs} == {
        ("original", looping),
        ("original", warned),
        ("completion:warnings", looping),
    }
    # Without diagnostic categories the level names the failure.
    assert {p.category for p in pairs if p.rejected == looping} == {"timeout"}


def test_prompt_format_objects_are_accepted() -> None:
    from cdpo_core.masking import MaskedProgram
    from cdpo_core.prompts import RawFormat

    program = PREFIX + TARGET
    masked = MaskedProgram(
        program=program,
        prefix=PREFIX,
        target=TARGET,
        suffix="",
        start=len(PREFIX),
        end=len(program),
    )
    record = JudgedCompletion(
        sample_id="s",
        problem_id="p",
        prefix=PREFIX,
        target=TARGET,
        completion="}",
        level="errors",
        passed=False,
        masked=masked,
    )
    pairs, _ = make_pairs([record], RawFormat())
    assert pairs[0].row == {"prompt": PREFIX, "chosen": TARGET, "rejected": "}"}


def test_bad_records_get_clear_errors() -> None:
    with pytest.raises(TrainingError, match="unknown verdict level 'fine'"):
        make_pairs([judged("x", "fine", False)], standard_row)
    with pytest.raises(TrainingError, match="synthetic negatives need a compile check"):
        make_pairs([], standard_row, PreferenceSettings(synthetic_negatives=2))
    with pytest.raises(TrainingError, match="unknown pairing mode"):
        make_pairs([], standard_row, PreferenceSettings(mode="best"))
    with pytest.raises(TrainingError, match="unknown preferences.edit_distance 'difflib'") as err:
        make_pairs([], standard_row, PreferenceSettings(edit_distance="difflib"))
    assert err.value.hint == "use one of rapidfuzz, nltk"


def test_edit_distance_choices_are_the_measures_pairs_know() -> None:
    (field,) = [f for f in fields(PreferenceSettings) if f.name == "edit_distance"]
    assert field.metadata["choices"] == tuple(EDIT_DISTANCES) == ("rapidfuzz", "nltk")
    assert field.default == "rapidfuzz"
    # A session file with another value is refused when it is read, naming the setting.
    with pytest.raises(SettingsError, match=r"^preferences.edit_distance = 'levenshtein': choose"):
        from_dict(PreferenceSettings, {"edit_distance": "levenshtein"}, where="preferences")


def _count_nltk_calls(run: Any) -> tuple[Any, int]:
    """Runs `run()` and counts calls of nltk's edit_distance (a profiler, not a patch)."""
    target = nltk_edit_distance.__code__
    calls = 0

    def profile(frame: FrameType, event: str, arg: Any) -> None:
        nonlocal calls
        if event == "call" and frame.f_code is target:
            calls += 1

    sys.setprofile(profile)
    try:
        result = run()
    finally:
        sys.setprofile(None)
    return result, calls


def test_the_nltk_setting_measures_pairs_with_nltk() -> None:
    records = [
        judged(TARGET[:-2], "errors", False),
        judged("}\n", "errors", False),
        judged("  int unused;\n" + TARGET, "warnings", False),
    ]
    by_method = {}
    for method, expected_calls in (("rapidfuzz", 0), ("nltk", 3)):
        settings = PreferenceSettings(edit_distance=method)
        (pairs, _), calls = _count_nltk_calls(
            lambda s=settings: make_pairs(records, standard_row, s)
        )
        assert calls == expected_calls, method
        by_method[method] = [p.edit_distance for p in pairs]
    assert by_method["nltk"] == by_method["rapidfuzz"] == [2, 37, 14]


def test_declared_identifiers_skip_keywords_and_library_names() -> None:
    program = (
        "#include <bits/stdc++.h>\nusing namespace std;\ntypedef long long ll;\n"
        "#define rep(i,n) for(int i=0;i<n;i++)\nvector<int> dp(10);\n"
        "int solve(int n){return n;}\nint main(){ll total=0; string s; cin>>s;"
        " rep(k,3) total+=solve(k); cout<<total<<endl;}\n"
    )
    names = declared_identifiers(program)
    assert {"ll", "rep", "dp", "solve", "total", "s", "n", "i"} <= set(names)
    assert not {"main", "cin", "cout", "endl", "string", "vector", "int", "long"} & set(names)


def test_misspellings_are_deterministic_and_touch_only_the_target() -> None:
    first = misspelt_continuations(PREFIX, TARGET, 3, random.Random("0:s1"))
    again = misspelt_continuations(PREFIX, TARGET, 3, random.Random("0:s1"))
    assert first == again and 1 <= len(first) <= 3
    assert all(v != TARGET and "total" not in v for v in first)  # the only declared name used


def _gpp_passes(program: str) -> bool:
    """A real compile check: g++ -std=c++17 with warnings as failures (the strict policy)."""
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "main.cpp"
        source.write_text(program)
        done = subprocess.run(
            ["g++", "-std=c++17", "-fsyntax-only", "-Wall", "-Werror", str(source)],
            capture_output=True,
            timeout=60,
        )
    return done.returncode == 0


@pytest.mark.skipif(shutil.which("g++") is None, reason="g++ is not installed")
def test_synthetic_negatives_are_compiled_and_kept_only_when_they_fail() -> None:
    # `total` is used in a string literal too: a typo there still compiles and is discarded.
    target = '  printf("total %d\\n", total);\n  return 0;\n}\n'
    record = JudgedCompletion(
        sample_id="s9",
        problem_id="p",
        prefix=PREFIX,
        target=target,
        completion=target,
        level="clean",
        passed=True,
    )
    settings = PreferenceSettings(synthetic_negatives=4, seed=3)
    pairs, report = make_pairs([record], standard_row, settings, check=_gpp_passes)
    assert report.synthetic_kept == len(pairs) >= 1
    assert report.synthetic_kept + report.synthetic_compiled >= 1
    for pair in pairs:
        assert pair.synthetic and pair.category == SYNTHETIC_CATEGORY
        assert not _gpp_passes(PREFIX + pair.rejected)
    again, _ = make_pairs([record], standard_row, settings, check=_gpp_passes)
    assert [p.rejected for p in again] == [p.rejected for p in pairs]


def _real_programs(count: int) -> list[str]:
    path = DATA / "codenet_cpp_unlabelled.jsonl.gz"
    if not path.is_file():
        pytest.skip(f"shared CodeNet sample not found at {path}")
    with gzip.open(path, "rt") as lines:
        return [json.loads(line)["code"] for _, line in zip(range(count), lines, strict=False)]


def test_edit_distance_matches_nltk_on_real_programs() -> None:
    programs = _real_programs(12)
    rng = random.Random(0)
    checked = 0
    for program in programs:
        cut = int(len(program) * 0.9)
        target = program[cut:][:300]
        mutated = list(target)
        for _ in range(rng.randint(1, 6)):  # a few deletions, like a truncated completion
            if mutated:
                del mutated[rng.randrange(len(mutated))]
        for other in ("".join(mutated), programs[(checked + 1) % len(programs)][-300:]):
            assert edit_distance(target, other) == nltk_edit_distance(target, other)
            checked += 1
    assert checked == 2 * len(programs)
