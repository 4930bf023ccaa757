"""Table 1 and the results JSON say how many prompts evaluation skipped, and count them as the
session's `plan.skipped_count_as_failures` says."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from cdpo_core.cli import main
from cdpo_core.models.loading import LoadedModel
from cdpo_core.results import StageResult, format_rate, session_results
from cdpo_core.session import Session, preset
from cdpo_core.settings_io import replace_path
from cdpo_core.stages.evaluate import masked, prompt_format, render_prompt
from cdpo_core.store import CompletionRecord, Store

CODE = "int main() { return 0; }\n"


def stage(label: str, passed: int, total: int, skipped: int = 0) -> StageResult:
    return StageResult("s", "m", label, 1, "test", passed, total, skipped=skipped)


def test_a_rate_says_how_many_prompts_were_skipped() -> None:
    assert format_rate(12, 120) == "10.0% (12/120)"
    assert format_rate(12, 120, 12) == "10.0% (12/120), 12 skipped"
    assert format_rate(12, 120, 12, as_failures=True) == "9.1% (12/132), 12 skipped as failures"
    # Two completions per prompt: a skipped prompt is two completions never made.
    assert format_rate(12, 120, 6, as_failures=True, per_prompt=2) == (
        "9.1% (12/132), 6 skipped as failures"
    )
    assert format_rate(0, 0, 5) == "no completions, 5 skipped"
    assert format_rate(0, 0, 5, as_failures=True) == "0.0% (0/5), 5 skipped as failures"
    assert format_rate(0, 0) == "—"


def test_the_setting_moves_the_rate_and_so_the_best_stage() -> None:
    from cdpo_core.results import table1, table2

    # +SFT judged fewer completions because 30 of its prompts were too long.
    left_out = (stage("Base", 20, 100), stage("+SFT", 18, 70, skipped=30))
    counted = tuple(dataclasses.replace(s, skipped_as_failures=True) for s in left_out)
    assert left_out[1].rate == pytest.approx(18 / 70)
    assert counted[1].rate == pytest.approx(18 / 100)
    assert table1(left_out).rows[0][2:4] == ("20.0% (20/100)", "25.7% (18/70), 30 skipped *")
    assert table1(counted).rows[0][2:4] == (
        "20.0% (20/100) *",
        "18.0% (18/100), 30 skipped as failures",
    )
    assert table2(left_out).rows[0][2] == "+SFT" and table2(counted).rows[0][2] == "Base"


def make_session(root: Path) -> Session:
    """132 test samples; an eval run judged 120 of them (12 passed) and skipped 12 prompts."""
    session = Session.create(root, "skips", preset("demo"))
    with Store(session.db_path) as store:
        store.replace_samples(
            {
                "problem_id": f"p{i:05d}",
                "submission_id": f"s{i}",
                "split": "test",
                "code": CODE,
                "prefix": CODE[:13],
                "target": CODE[13:],
                "suffix": "",
                "mask_start": 13,
                "mask_end": len(CODE),
            }
            for i in range(132)
        )
        run = store.start_run(
            "eval-base",
            "eval",
            label="Base",
            model="m",
            split="test",
            settings={"generation": {"num_return_sequences": 1}},
        )
        store.add_completions(
            run,
            [
                CompletionRecord(
                    sample_id=s.id,
                    seq=0,
                    prompt=s.prefix,
                    output=s.target,
                    continuation=s.target,
                    program=CODE,
                    new_tokens=5,
                    seconds=0.1,
                    level="clean" if i < 12 else "errors",
                    passed=i < 12,
                    categories=() if i < 12 else ("other",),
                    first_error="",
                    compile_seconds=0.1,
                    diagnostics=(),
                )
                for i, s in enumerate(store.samples("test")[:120])
            ],
        )
        store.finish_run(run, "done", summary={"passed": 12, "total": 120, "skipped_prompts": 12})
    return session


def test_table1_and_json_carry_the_skipped_prompts(tmp_path: Path) -> None:
    session = make_session(tmp_path)
    results = session_results(session)
    assert results.table1.rows[0][2] == "10.0% (12/120), 12 skipped *"
    [obj] = [o for o in results.to_json() if o["kind"] == "eval"]
    assert obj["skipped_prompts"] == 12 and obj["skipped_count_as_failures"] is False
    assert (obj["passed"], obj["total"], obj["rate"]) == (12, 120, 0.1)

    session.config = replace_path(session.config, "plan.skipped_count_as_failures", "true")
    session.save_config()
    results = session_results(Session.open(tmp_path, "skips"))
    assert results.table1.rows[0][2] == "9.1% (12/132), 12 skipped as failures *"
    [obj] = [o for o in results.to_json() if o["kind"] == "eval"]
    assert obj["skipped_prompts"] == 12 and obj["skipped_count_as_failures"] is True
    assert obj["rate"] == pytest.approx(12 / 132, abs=1e-6)


def test_cdpo_results_json_prints_the_count_as_a_number(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    make_session(tmp_path)
    assert main(["--sessions", str(tmp_path), "results", "skips", "--json"]) == 0
    objects = [json.loads(line) for line in capsys.readouterr().out.splitlines() if line]
    assert [o["skipped_prompts"] for o in objects if o["kind"] == "eval"] == [12]


@pytest.mark.slow
def test_a_real_evaluation_counts_the_prompts_too_long_for_the_context(
    tiny_model_dir: Path, loaded: LoadedModel, tmp_path: Path
) -> None:
    """The micro model judges what fits its context; the table says how many did not fit."""
    root = tmp_path / "sessions"
    args = ["--sessions", str(root), "init", "long", "--preset", "demo"]
    args += ["--model", str(tiny_model_dir)]
    for setting in (
        "selection.max_problems=3",
        "selection.train_per_problem=1",
        "selection.test_per_problem=2",
        "generation.max_new_tokens=8",
        "generation.batch_size=8",
    ):
        args += ["--set", setting]
    assert main(args) == 0
    assert main(["--sessions", str(root), "prep", "long"]) == 0
    session = Session.open(root, "long")
    # A context (model.max_seq_length) that the test prompts longer than the median overflow.
    with session.store(readonly=True) as store:
        samples = store.samples("test")
    fmt = prompt_format(session, loaded.family, loaded.tokenizer)
    lengths = sorted(
        len(loaded.tokenizer(render_prompt(fmt, loaded.tokenizer, masked(s)))["input_ids"])
        for s in samples
    )
    median = lengths[len(lengths) // 2 - 1]
    too_long = sum(n > median for n in lengths)
    assert 0 < too_long < len(lengths) and median + 8 <= loaded.context_length
    context = f"model.max_seq_length={median + 8}"
    assert main(["--sessions", str(root), "set", "long", context]) == 0
    assert main(["--sessions", str(root), "eval", "long"]) == 0

    [cell] = [o for o in session_results(session).to_json() if o["kind"] == "eval"]
    assert cell["skipped_prompts"] == too_long
    assert cell["total"] == len(samples) - too_long
    text = session_results(session).table1.rows[0][2]
    assert text.endswith(f"({cell['passed']}/{cell['total']}), {too_long} skipped *"), text
