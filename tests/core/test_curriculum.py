"""The mask curriculum: short masked tails first, for real, on the micro model.

The order tests watch what the trainers are handed (the batches of `training_step`, the rows
GRPO's reward judges), not what the data set says: the order is the curriculum.
"""

from __future__ import annotations

import io
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from cdpo_core.events import Metric, Recorder
from cdpo_core.masking import MaskedProgram, MaskSettings, mask
from cdpo_core.prompts import RawFormat, get_format
from cdpo_core.session import SessionConfig
from cdpo_core.settings_io import SettingsError, replace_path
from cdpo_core.training.curriculum import (
    COLUMN,
    METRIC,
    ROW_COLUMN,
    Waves,
    grpo_rows,
    last_row,
    order_pairs,
    sft_rows,
    tail_length,
    wave_mask,
)
from cdpo_core.training.settings import (
    DPOSettings,
    GRPOSettings,
    SFTSettings,
    TrainingError,
    curriculum_fractions,
)

PROGRAMS = [
    '#include <cstdio>\nint main() {\n  int a, b;\n  scanf("%d %d", &a, &b);\n'
    '  printf("%d\\n", a + b);\n  return 0;\n}\n',
    "#include <iostream>\nusing namespace std;\nint main() {\n  int n;\n  cin >> n;\n"
    "  for (int i = 0; i < n; i++) cout << i * i << endl;\n  return 0;\n}\n",
    "#include <cstdio>\nint main() {\n  long long s = 0;\n  for (int i = 1; i <= 100; ++i)"
    ' s += i;\n  printf("%lld\\n", s);\n  return 0;\n}\n',
    "#include <iostream>\n#include <string>\nint main() {\n  std::string s;\n"
    "  std::cin >> s;\n  std::cout << s.size() << std::endl;\n  return 0;\n}\n",
]
SAMPLES = [SimpleNamespace(id=10 + i, code=code.strip()) for i, code in enumerate(PROGRAMS)]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("0.3,0.1", "must grow (short masked tails first), but 0.1 follows 0.3"),
        ("0.1,0.1", "must grow"),
        ("0.1,1.0", "wave 1.0 is not strictly between 0 and 1"),
        ("0,0.5", "wave 0 is not strictly between 0 and 1"),
        ("0.1,,0.3", "wave '' is not a number"),
        ("ten percent", "wave 'ten percent' is not a number"),
    ],
)
def test_a_bad_curriculum_is_one_clear_error(text: str, message: str) -> None:
    for settings in (SFTSettings, DPOSettings, GRPOSettings):
        with pytest.raises(TrainingError, match=message.replace("(", r"\(").replace(")", r"\)")):
            settings(curriculum=text)
    with pytest.raises(SettingsError) as refused:
        replace_path(SessionConfig(), "grpo.curriculum", text)
    assert refused.value.message.startswith(f"grpo.curriculum = {text!r}: curriculum wave")
    assert "e.g. 0.1,0.3,0.5" in refused.value.hint


def test_the_waves_and_their_masks() -> None:
    assert curriculum_fractions("") == () and curriculum_fractions(" 0.1, 0.3,0.5 ") == (
        0.1,
        0.3,
        0.5,
    )
    code = SAMPLES[0].code
    masks = [wave_mask(code, MaskSettings(line_aligned=True), f) for f in (0.1, 0.5)]
    assert [len(m.target) for m in masks] == [
        len(mask(code, MaskSettings(fraction=f, line_aligned=True)).target) for f in (0.1, 0.5)
    ]
    assert len(masks[0].target) < len(masks[1].target)
    with pytest.raises(TrainingError, match="mask.mode = 'tokens'"):
        wave_mask(code, MaskSettings(mode="tokens"), 0.1)
    waves = Waves((0.1, 0.3, 0.5), (0, 2, 3))  # an empty first wave (DPO) is skipped
    assert [waves.fraction_at(row) for row in range(6)] == [0.3, 0.3, 0.5, 0.5, 0.5, 0.3]
    assert Waves.of([0.1, 0.1, 0.5]) == Waves((0.1, 0.5), (2, 1))


def test_the_last_row_of_each_step() -> None:
    """Epochs end on a short batch (SFT, DPO) or drop an incomplete generation batch (GRPO)."""

    def args(batch: int, accumulate: int = 1, world: int = 1, generation: int = 0) -> Any:
        return SimpleNamespace(
            per_device_train_batch_size=batch,
            gradient_accumulation_steps=accumulate,
            world_size=world,
            generation_batch_size=generation,
        )

    assert [last_row(step, 6, args(4)) for step in (1, 2, 3, 4)] == [3, 5, 3, 5]
    assert [last_row(step, 10, args(2, 2)) for step in (1, 2, 3, 4)] == [3, 7, 9, 3]
    assert [last_row(step, 10, args(1, 1, 2)) for step in (1, 5, 6)] == [1, 9, 1]
    grpo = args(8, generation=8)  # 4 prompts of 2 completions per step; 10 rows use 8
    assert [last_row(step, 10, grpo, group_size=2) for step in (1, 2, 3)] == [3, 7, 3]


def _parquet(rows: list[dict[str, Any]]) -> bytes:
    from datasets import Dataset

    out = io.BytesIO()
    Dataset.from_list(rows).to_parquet(out)
    return out.getvalue()


def test_without_a_curriculum_the_data_sets_are_todays_byte_for_byte(
    tiny_model_dir: Path,
) -> None:
    """What the stages built before the curriculum: whole programs, stored masks, the pairs."""
    from datasets import Dataset
    from transformers import AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(str(tiny_model_dir))
    fmt = RawFormat(tokenizer=tokenizer)
    rows, waves = sft_rows(SAMPLES, fmt, "", MaskSettings(), 0)
    assert waves is None
    assert _parquet(rows) == _parquet([fmt.sft_example(s.code) for s in SAMPLES])

    stored = {s.id: mask(s.code) for s in SAMPLES}
    prompts, masks, waves = grpo_rows(
        SAMPLES, fmt.prompt, lambda s: stored[s.id], "", MaskSettings(), 0
    )
    assert waves is None and masks == stored
    today = [{"prompt": fmt.prompt(stored[s.id]), "sample_id": s.id} for s in SAMPLES]
    assert _parquet(prompts) == _parquet(today)

    pairs = Dataset.from_list([{"prompt": "a", "chosen": "bb", "rejected": "c"}])
    assert order_pairs(pairs, "", 0) == (pairs, None)


def _micro(tiny_model_dir: Path) -> tuple[Any, Any]:
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    torch.manual_seed(0)
    model = AutoModelForCausalLM.from_pretrained(str(tiny_model_dir), dtype=torch.float32)
    return model, AutoTokenizer.from_pretrained(str(tiny_model_dir))


Batch = list[tuple[tuple[int, ...], tuple[int, ...]]]


def _record_batches(monkeypatch: pytest.MonkeyPatch) -> list[tuple[Any, Batch]]:
    """Every batch `Trainer.training_step` is handed (SFT and DPO call it): per sequence, its
    tokens and which of them it learns from (SFT's labels; DPO's completion mask), unpadded."""
    from transformers import Trainer

    seen: list[tuple[Any, Batch]] = []
    original = Trainer.training_step

    def recording(self: Any, model: Any, inputs: Any, *args: Any, **kwargs: Any) -> Any:
        learnt = inputs["labels"] != -100 if "labels" in inputs else inputs["completion_mask"]
        batch = [
            (tuple(ids[keep].tolist()), tuple(int(x) for x in tail[keep].tolist()))
            for ids, tail, keep in zip(
                inputs["input_ids"], learnt, inputs["attention_mask"].bool(), strict=True
            )
        ]
        seen.append((self.train_dataset, batch))
        return original(self, model, inputs, *args, **kwargs)

    monkeypatch.setattr(Trainer, "training_step", recording)
    return seen


def _fractions(recorder: Recorder) -> list[tuple[int, float]]:
    return [(m.step, m.values[METRIC]) for m in recorder.of(Metric) if METRIC in m.values]


def test_sft_trains_the_waves_in_order(
    tiny_model_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from datasets import Dataset

    from cdpo_core.training.sft import run_sft

    model, tokenizer = _micro(tiny_model_dir)
    fmt = RawFormat(tokenizer=tokenizer)
    fractions = (0.1, 0.3, 0.5)
    rows, waves = sft_rows(SAMPLES, fmt, "0.1,0.3,0.5", MaskSettings(), 7)
    assert waves == Waves(fractions, (4, 4, 4))
    for k, fraction in enumerate(fractions):  # each wave: every program, masked at its fraction
        expected = []
        for s in SAMPLES:
            m = mask(s.code, MaskSettings(fraction=fraction))
            row = fmt.preference(m, m.target, "")
            expected.append(
                {"prompt": row["prompt"], "completion": row["chosen"], COLUMN: fraction}
            )
        wave = rows[4 * k : 4 * k + 4]
        assert sorted(wave, key=str) == sorted(expected, key=str)

    seen = _record_batches(monkeypatch)
    recorder = Recorder()
    settings = SFTSettings(
        max_steps=6, batch_size=2, lora_r=4, lora_alpha=8, max_length=256, save_steps=100,
        curriculum="0.1,0.3,0.5",
    )  # fmt: skip
    result = run_sft(
        model, tokenizer, Dataset.from_list(rows), settings, tmp_path / "sft", emit=recorder
    )  # fmt: skip
    assert result.global_step == 6 and len(seen) == 6
    data = seen[0][0]
    # A program's rows share their tokens across waves; what they learn from differs.
    learnt = [tuple(int(label != -100) for label in row["labels"]) for row in data]
    index = {(tuple(row["input_ids"]), learnt[i]): i for i, row in enumerate(data)}
    order = [index[seq] for _, batch in seen for seq in batch]
    assert order == list(range(12))  # every row once, in the data set's order
    for i, row in enumerate(data):  # ... which is the waves' order: tail i is row i's
        tail = [label for label in row["labels"] if label != -100]
        assert tokenizer.decode(tail, skip_special_tokens=True) == rows[i]["completion"]
    assert _fractions(recorder) == [(1, 0.1), (2, 0.1), (3, 0.3), (4, 0.3), (5, 0.5), (6, 0.5)]


def test_dpo_trains_short_tails_first(
    tiny_model_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from datasets import Dataset

    from cdpo_core.training.dpo import run_dpo

    model, tokenizer = _micro(tiny_model_dir)
    tails = {0: "  return 0;\n}", 1: "\n}", 2: '  printf("%d", a);\n  return 0;\n}'}
    tails |= {3: "  return 1 + 1;\n}", 4: '  puts("x");\n  puts("y");\n  return 0;\n}', 5: "}"}
    pairs = Dataset.from_list(
        [
            {"prompt": f"int main() {{ int v{i};\n", "chosen": t, "rejected": t + " oops"}
            for i, t in tails.items()
        ]
    )
    ordered, waves = order_pairs(pairs, "0.2,0.4,0.8", 3)
    lengths = [tail_length(row) for row in ordered]
    # The longest tail has 39 characters: waves up to 9.75, 19.5, and the rest.
    assert waves == Waves((0.2, 0.4, 0.8), (2, 2, 2))
    assert [sorted(lengths[k : k + 2]) for k in (0, 2, 4)] == [[1, 2], [13, 17], [32, 39]]

    seen = _record_batches(monkeypatch)
    recorder = Recorder()
    settings = DPOSettings(
        max_steps=3, batch_size=2, lora_r=4, lora_alpha=8, max_length=128, save_steps=100,
        curriculum="0.2,0.4,0.8", seed=3,
    )  # fmt: skip
    result = run_dpo(model, tokenizer, pairs, settings, tmp_path / "dpo", emit=recorder)
    assert result.global_step == 3
    data = seen[0][0]
    index = {
        tuple(p + c): i
        for i, (p, c) in enumerate(zip(data["prompt_ids"], data["chosen_ids"], strict=True))
    }
    # The batch's first half is prompt + chosen.
    order = [index[ids] for _, batch in seen for ids, _ in batch[: len(batch) // 2]]
    assert order == list(range(6))
    # ... which is the waves' order (TRL appended the end-of-sequence token).
    assert [row["chosen"].removesuffix(tokenizer.eos_token) for row in data] == ordered["chosen"]
    assert _fractions(recorder) == [(1, 0.2), (2, 0.4), (3, 0.8)]


def test_grpo_samples_the_waves_in_order(tiny_model_dir: Path, tmp_path: Path) -> None:
    from datasets import Dataset

    from cdpo_core.oracle import Oracle, OracleSettings
    from cdpo_core.training.curriculum import RowReward
    from cdpo_core.training.grpo import run_grpo
    from cdpo_core.training.rewards import CompileReward, RewardScale

    model, tokenizer = _micro(tiny_model_dir)
    fmt = RawFormat(tokenizer=tokenizer)
    rows, masks, waves = grpo_rows(
        SAMPLES[:2], fmt.prompt, lambda s: mask(s.code), "0.1,0.5", MaskSettings(), 0
    )
    assert waves == Waves((0.1, 0.5), (2, 2))
    short = {r["sample_id"]: len(masks[r[ROW_COLUMN]].target) for r in rows[:2]}
    long = {r["sample_id"]: len(masks[r[ROW_COLUMN]].target) for r in rows[2:]}
    assert short.keys() == long.keys() and all(short[i] < long[i] for i in short)
    judged: list[list[int]] = []
    settings = GRPOSettings(
        num_generations=2, batch_size=2, max_steps=4, max_completion_length=4, lora_r=4,
        lora_alpha=8, learning_rate=1e-3, save_steps=100, curriculum="0.1,0.5",
    )  # fmt: skip

    def program_of(key: int, text: str) -> str:
        m: MaskedProgram = masks[key]
        return fmt.program(m, fmt.parse(text, m))

    recorder = Recorder()
    with Oracle(OracleSettings(pch=False)) as oracle:

        def record(ids: Any, texts: Any, verdicts: Any) -> None:
            judged.append(list(ids))

        reward = CompileReward(oracle, program_of, RewardScale.of(settings), on_judged=record)
        result = run_grpo(
            model, tokenizer, Dataset.from_list(rows), [RowReward(reward)], settings,
            tmp_path / "grpo", emit=recorder,
        )  # fmt: skip
    assert result.global_step == 4
    # One prompt's group per step, the prompts in the waves' order.
    assert judged == [[r[ROW_COLUMN]] * 2 for r in rows]
    assert _fractions(recorder) == [(1, 0.1), (2, 0.1), (3, 0.5), (4, 0.5)]


@pytest.mark.parametrize("step", ["sft", "dpo-base", "grpo-base"])
def test_a_changed_curriculum_refuses_to_resume(
    step: str, tiny_model_dir: Path, tmp_path: Path
) -> None:
    from cdpo_core.cli import main
    from cdpo_core.runner import ResumeRefused, step_frame
    from cdpo_core.session import Session
    from cdpo_core.steps import STEPS, StepCall

    args = ["--sessions", str(tmp_path), "init", "c", "--preset", "demo"]
    assert main([*args, "--model", str(tiny_model_dir)]) == 0
    session = Session.open(tmp_path, "c")
    section = "grpo" if "grpo" in step else step.split("-")[0]
    session.config = replace_path(session.config, f"{section}.curriculum", "0.1,0.3")
    call = StepCall(STEPS[step], Recorder())
    with pytest.raises(KeyboardInterrupt), step_frame(session, call):
        raise KeyboardInterrupt
    with pytest.raises(KeyboardInterrupt), step_frame(session, call) as ctx:
        assert ctx.resumed  # unchanged: it resumes (and is interrupted again)
        raise KeyboardInterrupt
    session.config = replace_path(session.config, f"{section}.curriculum", "0.1,0.5")
    with pytest.raises(ResumeRefused) as refused:
        with step_frame(session, call):
            pass
    assert f'{section}.curriculum "0.1,0.3" -> "0.1,0.5"' in refused.value.message


def test_chat_pairs_measure_the_tail_the_prompt_does_not_show() -> None:
    chat = get_format("chat")
    code = SAMPLES[1].code
    for fraction in (0.1, 0.5):
        m = mask(code, MaskSettings(fraction=fraction))
        # The reply restates the program; one newline may be shared with the prompt's fence.
        assert abs(tail_length(chat.preference(m, m.target, "x")) - len(m.target)) <= 1


def test_the_steps_record_their_waves_on_the_curve(tiny_model_dir: Path, tmp_path: Path) -> None:
    """`sft` and `grpo-base` of a real session: re-masked rows, and the curve says the wave."""
    from micro_session import micro_session

    from cdpo_core.pipeline import run_step

    session = micro_session(
        tmp_path,
        tiny_model_dir,
        "waves",
        "sft.curriculum=0.1,0.5",
        "sft.batch_size=4",
        "grpo.curriculum=0.1,0.5",
        "grpo.max_steps=2",
        "grpo.batch_size=8",
        "grpo.num_generations=2",
        "grpo.max_completion_length=8",
        "grpo.lora_r=4",
        "grpo.lora_alpha=8",
    )
    with session.store(readonly=True) as store:
        assert len(store.samples("train")) == 4  # a wave is 4 rows: one step of either
    curves = {}
    for step in ("sft", "grpo-base"):
        run_step(session, step, emit=Recorder())
        with session.store(readonly=True) as store:
            run = store.latest_run(step)
            assert run is not None and run.status == "done"
            curves[step] = [tuple(point) for point in store.metrics(run.id)[METRIC]]
    assert curves["grpo-base"] == [(1, 0.1), (2, 0.5)]
    # SFT's micro max_length may leave out rows (counted in the log), so its first step may
    # already reach the second wave; never back.
    assert [s for s, _ in curves["sft"]] == [1, 2] and curves["sft"][-1][1] == 0.5


def test_rows_the_trainer_leaves_out_are_counted_and_the_waves_follow_the_rest(
    tiny_model_dir: Path, tmp_path: Path
) -> None:
    """TRL's SFT drops a row whose prompt alone fills max_length; the run says how many."""
    from datasets import Dataset

    from cdpo_core.events import LogLine
    from cdpo_core.training.sft import run_sft

    model, tokenizer = _micro(tiny_model_dir)
    rows, _ = sft_rows(SAMPLES, RawFormat(tokenizer=tokenizer), "0.1,0.5", MaskSettings(), 0)
    sizes = sorted(len(tokenizer(row["prompt"])["input_ids"]) for row in rows)
    limit = sizes[len(sizes) // 2]  # half the prompts fill it
    dropped = sum(size >= limit for size in sizes)
    kept = [row[COLUMN] for row in rows if len(tokenizer(row["prompt"])["input_ids"]) < limit]
    recorder = Recorder()
    settings = SFTSettings(
        max_steps=len(kept), batch_size=1, lora_r=4, lora_alpha=8, max_length=limit,
        save_steps=100, curriculum="0.1,0.5",
    )  # fmt: skip
    run_sft(model, tokenizer, Dataset.from_list(rows), settings, tmp_path / "sft", emit=recorder)
    warnings = [e.message for e in recorder.of(LogLine) if e.message.startswith("curriculum:")]
    assert warnings == [f"curriculum: {dropped} of 8 rows left out by the trainer " + (
        "(their prompt fills max_length, so no masked tail is left to learn)"
    )]  # fmt: skip
    assert [f for _, f in _fractions(recorder)] == kept


def test_a_stopped_sft_resumes_in_the_wave_it_stopped_in(
    tiny_model_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Stopped in the middle wave, resumed: the rest of the waves, each row once, in order."""
    from datasets import Dataset

    from cdpo_core.events import Progress
    from cdpo_core.training.sft import run_sft

    out, stop_file = tmp_path / "sft", tmp_path / "STOP"
    rows, _ = sft_rows(SAMPLES, RawFormat(tokenizer=_micro(tiny_model_dir)[1]), "0.1,0.3,0.5",
                       MaskSettings(), 7)  # fmt: skip
    settings = SFTSettings(
        max_steps=6, batch_size=2, lora_r=4, lora_alpha=8, max_length=256, save_steps=1,
        curriculum="0.1,0.3,0.5",
    )  # fmt: skip

    def stop_after_three(event: object) -> None:
        if isinstance(event, Progress) and event.done == 3:
            stop_file.touch()
        before.append(event)

    before: list[object] = []
    seen = _record_batches(monkeypatch)
    model, tokenizer = _micro(tiny_model_dir)
    stopped = run_sft(
        model, tokenizer, Dataset.from_list(rows), settings, out, emit=stop_after_three,
        stop_file=stop_file,
    )  # fmt: skip
    assert stopped.stopped_early and stopped.global_step == 3  # the first step of wave 0.3
    stop_file.unlink()
    first = len(seen)
    model, tokenizer = _micro(tiny_model_dir)
    recorder = Recorder()
    resumed = run_sft(
        model, tokenizer, Dataset.from_list(rows), settings, out, emit=recorder, resume=True,
        stop_file=stop_file,
    )  # fmt: skip
    assert resumed.resumed_from == out / "checkpoint-3" and resumed.global_step == 6
    assert _fractions(recorder) == [(4, 0.3), (5, 0.5), (6, 0.5)]
    data = seen[0][0]
    learnt = [tuple(int(label != -100) for label in row["labels"]) for row in data]
    index = {(tuple(row["input_ids"]), learnt[i]): i for i, row in enumerate(data)}
    order = [index[seq] for _, batch in seen for seq in batch]
    assert first == 3 and order == list(range(12))  # rows 0-5, stop, rows 6-11: none again
