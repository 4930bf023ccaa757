"""GRPO with the compile reward, for real: TRL samples from the micro model, g++ judges."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from cdpo_core.events import Metric, Recorder
from cdpo_core.oracle import Oracle, OracleSettings, Verdict
from cdpo_core.training.rewards import CompileReward, RewardScale
from cdpo_core.training.settings import GRPOSettings, TrainingError

# Three prompts whose programs land at three reward levels whatever the model samples, as
# long as the sample does not close the comment: the reward mapping is seen at every level.
CLEAN = "int main() { return 0; }\n/* "
WARNS = "int main() { int unused; return 0; }\n/* "
BROKEN = "int main() { return 0 \n/* "
PROGRAMS = {0: CLEAN, 1: WARNS, 2: BROKEN}


def program_of(sample_id: int, completion: str) -> str:
    return PROGRAMS[sample_id] + completion + " */\n"


def test_reward_scale_maps_levels() -> None:
    scale = RewardScale(clean=1.0, warnings=0.3, errors=-1.0)
    assert [scale.reward(Verdict(level=lv, passed=False)) for lv in ("clean", "warnings")] == [
        1.0,
        0.3,
    ]
    assert scale.reward(Verdict(level="errors", passed=False)) == -1.0
    assert scale.reward(Verdict(level="timeout", passed=False)) == -1.0


def test_group_must_fit_the_batch() -> None:
    with pytest.raises(TrainingError, match="multiple of num_generations"):
        GRPOSettings(num_generations=3, batch_size=4)


def test_compile_reward_batches_one_oracle_round() -> None:
    """Duplicates in a group compile once; the rate is logged under the oracle's policy."""
    logged: dict[str, float] = {}
    with Oracle(OracleSettings(cache=False, pch=False)) as oracle:
        reward = CompileReward(oracle, program_of, RewardScale(1.0, 0.5, 0.0))
        out = reward(
            prompts=["p"] * 4,
            completions=["x", "x", "y", "z"],
            sample_id=[0, 0, 1, 2],
            log_metric=logged.__setitem__,
        )
        assert oracle.compiles == 3
    assert out == [1.0, 1.0, 0.5, 0.0]
    assert logged == {"compile/rate": 0.5}  # strict: the warning fails


@pytest.mark.slow
def test_grpo_steps_log_the_oracles_rewards(tiny_model_dir: Path, tmp_path: Path) -> None:
    import torch
    from datasets import Dataset
    from transformers import AutoModelForCausalLM, AutoTokenizer

    from cdpo_core.training.grpo import run_grpo

    torch.manual_seed(0)
    model = AutoModelForCausalLM.from_pretrained(str(tiny_model_dir), dtype=torch.float32)
    tokenizer = AutoTokenizer.from_pretrained(str(tiny_model_dir))
    prompts = Dataset.from_list([{"prompt": p, "sample_id": i} for i, p in PROGRAMS.items()])
    settings = GRPOSettings(
        num_generations=4,
        batch_size=4,
        max_steps=3,
        max_completion_length=8,
        lora_r=4,
        lora_alpha=8,
        learning_rate=1e-3,
        save_steps=100,
        reward_warnings=0.5,
    )
    sampled: list[list[tuple[int, str]]] = []

    def record(ids: Any, texts: Any, verdicts: Any) -> None:
        sampled.append(list(zip(ids, texts, strict=True)))

    recorder = Recorder()
    with Oracle(OracleSettings(pch=False)) as oracle:
        reward = CompileReward(oracle, program_of, RewardScale.of(settings), on_judged=record)
        result = run_grpo(
            model, tokenizer, prompts, [reward], settings, tmp_path / "grpo", emit=recorder
        )
    assert result.global_step == 3 and (result.adapter_dir / "adapter_config.json").is_file()

    logged = [m for m in recorder.of(Metric) if "rewards/compile/mean" in m.values]
    assert [m.step for m in logged] == [1, 2, 3] and len(sampled) == 3
    # Recompute: a fresh oracle without the cache judges what TRL sampled at each step.
    scale = {"clean": 1.0, "warnings": 0.5, "errors": 0.0, "timeout": 0.0}
    with Oracle(OracleSettings(cache=False, pch=False)) as fresh:
        seen = set()
        for metric, group in zip(logged, sampled, strict=True):
            assert len(group) == 4 and len({i for i, _ in group}) == 1  # one prompt's group
            verdicts = [fresh.check(program_of(i, text)) for i, text in group]
            rewards = [scale[v.level] for v in verdicts]
            seen |= {v.level for v in verdicts}
            assert metric.values["rewards/compile/mean"] == pytest.approx(sum(rewards) / 4)
            assert metric.values["compile/rate"] == pytest.approx(
                sum(v.passed for v in verdicts) / 4
            )
            for name in ("train/reward", "train/reward_std", "train/kl"):
                assert name in metric.values, name
    assert len(seen) >= 2, seen  # the steps saw different levels: the mapping was exercised


@pytest.mark.slow
def test_grpo_sft_step_and_its_row_in_table_1(tiny_model_dir: Path, tmp_path: Path) -> None:
    from micro_session import micro_session

    from cdpo_core.cli import main
    from cdpo_core.pipeline import run_step
    from cdpo_core.results import session_results

    grpo = [
        "grpo.max_steps=2",
        "grpo.batch_size=4",
        "grpo.num_generations=4",
        "grpo.max_completion_length=8",
        "grpo.lora_r=4",
        "grpo.lora_alpha=8",
    ]
    session = micro_session(tmp_path, tiny_model_dir, "online", *grpo)
    for step in ("sft", "grpo-sft", "eval-sft-grpo"):
        run_step(session, step, emit=Recorder())
    with session.store(readonly=True) as store:
        run = store.latest_run("grpo-sft")
        assert run is not None and run.status == "done" and run.summary["steps"] == 2
        assert run.settings["sft_adapter"] == store.latest_run("sft").artifact  # type: ignore[union-attr]
        curves = store.metrics(run.id)
    for name in ("rewards/compile/mean", "compile/rate", "train/reward_std", "train/kl"):
        assert [step for step, _ in curves[name]] == [1, 2], name
    table = session_results(session).table1
    # Its own column (followed by its pass@1 column once the demo's tests ran), filled in.
    column = table.columns.index("+SFT+GRPO")
    assert table.rows[0][column] != "—"
    assert main(["--sessions", str(tmp_path), "results", "online"]) == 0
