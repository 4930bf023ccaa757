"""Real TRL training on a micro Llama: SFT, DPO, DPO-Positive, stops and resumption."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from cdpo_core.events import Metric, Progress, Recorder
from cdpo_core.training.dpo import run_dpo
from cdpo_core.training.settings import DPOSettings, SFTSettings, TrainingError
from cdpo_core.training.sft import run_sft

PROGRAMS = [
    '#include <cstdio>\nint main(){int a,b;scanf("%d %d",&a,&b);printf("%d\\n",a+b);}\n',
    "#include <iostream>\nusing namespace std;\nint main(){int n;cin>>n;cout<<n*2<<endl;}\n",
    "#include <bits/stdc++.h>\nusing namespace std;\nint main(){string s;cin>>s;"
    'reverse(s.begin(),s.end());cout<<s<<"\\n";return 0;}\n',
    '#include <cstdio>\nint f(int x){return x*x;}\nint main(){int k;scanf("%d",&k);'
    'printf("%d\\n",f(k));return 0;}\n',
]
SMALL_SFT = SFTSettings(lora_r=8, lora_alpha=8, batch_size=2, max_steps=4, save_steps=2)
SMALL_DPO = DPOSettings(lora_r=8, lora_alpha=8, batch_size=2, max_steps=3, learning_rate=1e-3)


@pytest.fixture(scope="module")
def micro_dir(tiny_model_dir: Path) -> Path:
    return tiny_model_dir


def load_micro_model(folder: Path) -> tuple[Any, Any]:
    """A fresh fp32 copy of the micro model and its tokenizer (training changes the model)."""
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    model = AutoModelForCausalLM.from_pretrained(str(folder), dtype=torch.float32)
    return model, AutoTokenizer.from_pretrained(str(folder))


@pytest.fixture()
def sft_rows():
    from datasets import Dataset

    return Dataset.from_list([{"text": p} for p in PROGRAMS * 2])


@pytest.fixture()
def near_identical_pairs():
    """Chosen = the end of the program; rejected = the same without its last '}'."""
    from datasets import Dataset

    rows = []
    for program in PROGRAMS:
        cut = int(len(program) * 0.8)
        rows.append(
            {
                "prompt": program[:cut],
                "chosen": program[cut:],
                "rejected": program[cut:].rstrip()[:-1] + "\n",
            }
        )
    return Dataset.from_list(rows)


def _metrics(recorder: Recorder) -> list[Metric]:
    return recorder.of(Metric)


def test_sft_streams_metrics_and_saves_adapter(micro_dir: Path, sft_rows, tmp_path: Path) -> None:
    model, tokenizer = load_micro_model(micro_dir)
    recorder = Recorder()
    result = run_sft(model, tokenizer, sft_rows, SMALL_SFT, tmp_path / "sft", emit=recorder)

    assert result.global_step == 4 and not result.stopped_early
    assert (result.adapter_dir / "adapter_config.json").is_file()
    assert json.loads((tmp_path / "sft" / "result.json").read_text())["global_step"] == 4
    metrics = _metrics(recorder)
    assert [m.step for m in metrics] == [1, 2, 3, 4]
    for name in (
        "train/loss",
        "train/learning_rate",
        "train/grad_norm",
        "train/tokens_per_second",
        "train/epoch",
    ):
        assert all(name in m.values for m in metrics), name
    rates = [m.values["train/learning_rate"] for m in metrics]
    assert rates == sorted(rates, reverse=True) and rates[0] == pytest.approx(2e-4)
    assert [(p.done, p.total) for p in recorder.of(Progress)] == [(i, 4) for i in range(1, 5)]
    config = json.loads((result.adapter_dir / "adapter_config.json").read_text())
    targets = {name.rsplit(".", 1)[-1] for name in config["target_modules"]}
    assert config["r"] == 8 and {"q_proj", "o_proj", "down_proj", "up_proj"} <= targets


def test_sft_stop_file_stops_at_step_boundary_and_resumes(
    micro_dir: Path, sft_rows, tmp_path: Path
) -> None:
    out, stop_file = tmp_path / "sft", tmp_path / "STOP"

    def stop_after_two(event) -> None:
        if isinstance(event, Progress) and event.done == 2:
            stop_file.touch()

    model, tokenizer = load_micro_model(micro_dir)
    settings = SFTSettings(lora_r=8, lora_alpha=8, batch_size=2, max_steps=4, save_steps=100)
    stopped = run_sft(
        model, tokenizer, sft_rows, settings, out, emit=stop_after_two, stop_file=stop_file
    )
    assert stopped.stopped_early and stopped.global_step == 2
    assert (stopped.adapter_dir / "adapter_model.safetensors").is_file()
    sidecar = json.loads((out / "checkpoint-2" / "cdpo_checkpoint.json").read_text())
    assert sidecar["step"] == 2 and sidecar["max_steps"] == 4

    model, tokenizer = load_micro_model(micro_dir)
    recorder = Recorder()
    resumed = run_sft(
        model, tokenizer, sft_rows, settings, out, emit=recorder, resume=True, stop_file=stop_file
    )
    assert resumed.resumed_from == out / "checkpoint-2"
    assert resumed.global_step == 4 and not resumed.stopped_early
    assert [p.done for p in recorder.of(Progress)] == [3, 4]


def test_a_killed_sft_resumes_from_its_last_complete_checkpoint(
    micro_dir: Path, sft_rows, tmp_path: Path
) -> None:
    """As if killed while saving step 4: checkpoint-2 is whole, checkpoint-4 has only the
    adapter. The resume takes checkpoint-2, counts tokens on from it (TRL keeps the count in
    the trainer, not in checkpoints) and ends with the uninterrupted run's adapter."""
    import shutil

    import torch
    from safetensors.torch import load_file

    whole, killed = tmp_path / "whole", tmp_path / "killed"
    model, tokenizer = load_micro_model(micro_dir)
    straight = Recorder()
    run_sft(model, tokenizer, sft_rows, SMALL_SFT, whole, emit=straight)
    shutil.copytree(whole / "checkpoint-2", killed / "checkpoint-2")
    (killed / "checkpoint-4").mkdir()
    for name in ("adapter_model.safetensors", "adapter_config.json"):
        shutil.copy(whole / "checkpoint-4" / name, killed / "checkpoint-4" / name)

    model, tokenizer = load_micro_model(micro_dir)
    again = Recorder()
    resumed = run_sft(model, tokenizer, sft_rows, SMALL_SFT, killed, emit=again, resume=True)
    assert resumed.resumed_from == killed / "checkpoint-2"
    tokens = {m.step: m.values["train/num_tokens"] for m in _metrics(straight)}
    assert 0 < tokens[2] < tokens[3] < tokens[4]
    assert {m.step: m.values["train/num_tokens"] for m in _metrics(again)} == {
        3: tokens[3],
        4: tokens[4],
    }
    ours, theirs = (
        load_file(str(d / "adapter" / "adapter_model.safetensors")) for d in (whole, killed)
    )
    assert ours.keys() == theirs.keys()
    assert all(torch.equal(ours[k], theirs[k]) for k in ours)


def test_dpo_streams_trl_reward_metrics(
    micro_dir: Path, near_identical_pairs, tmp_path: Path
) -> None:
    model, tokenizer = load_micro_model(micro_dir)
    recorder = Recorder()
    result = run_dpo(
        model, tokenizer, near_identical_pairs, SMALL_DPO, tmp_path / "dpo", emit=recorder
    )
    assert result.global_step == 3
    assert (result.adapter_dir / "adapter_config.json").is_file()
    metrics = _metrics(recorder)
    for name in (
        "rewards/chosen",
        "rewards/rejected",
        "rewards/margins",
        "rewards/accuracies",
        "logps/chosen",
        "logps/rejected",
        "train/loss",
    ):
        assert all(name in m.values for m in metrics), name
    # Step 1: the adapter is the identity, so policy == reference and the loss is log 2.
    assert metrics[0].values["train/loss"] == pytest.approx(0.6931, abs=1e-3)
    assert metrics[0].values["rewards/margins"] == pytest.approx(0.0, abs=1e-6)
    assert metrics[-1].values["rewards/margins"] > 0


@pytest.mark.slow
def test_dpop_penalty_matches_chosen_reward_in_real_training(
    micro_dir: Path, near_identical_pairs, tmp_path: Path
) -> None:
    """penalty = max(0, ref - pol) = max(0, -rewards/chosen / beta) at every step (batch 1)."""
    model, tokenizer = load_micro_model(micro_dir)
    recorder = Recorder()
    settings = DPOSettings(
        lora_r=8,
        lora_alpha=8,
        batch_size=1,
        max_steps=8,
        learning_rate=5e-3,
        dpop_lambda=50.0,
        beta=0.1,
    )
    run_dpo(model, tokenizer, near_identical_pairs, settings, tmp_path / "dpop", emit=recorder)
    # The collapse alarm reports in its own rows; the penalty is in the training rows.
    metrics = [m for m in _metrics(recorder) if "train/loss" in m.values]
    assert len(metrics) == 8
    for m in metrics:
        below = max(0.0, -m.values["rewards/chosen"] / settings.beta)
        assert m.values["dpop/penalty"] == pytest.approx(below, abs=1e-3)


@pytest.mark.slow
def test_sft_then_dpo_uses_the_sft_adapter_as_reference(
    micro_dir: Path, sft_rows, near_identical_pairs, tmp_path: Path
) -> None:
    model, tokenizer = load_micro_model(micro_dir)
    sft = run_sft(
        model,
        tokenizer,
        sft_rows,
        SFTSettings(lora_r=8, lora_alpha=8, batch_size=2, max_steps=3, learning_rate=5e-3),
        tmp_path / "sft",
    )
    base_model, tokenizer = load_micro_model(micro_dir)
    on_base = Recorder()
    run_dpo(base_model, tokenizer, near_identical_pairs, SMALL_DPO, tmp_path / "dpo", emit=on_base)
    model, tokenizer = load_micro_model(micro_dir)
    on_sft = Recorder()
    result = run_dpo(
        model,
        tokenizer,
        near_identical_pairs,
        SMALL_DPO,
        tmp_path / "sft_dpo",
        sft_adapter=sft.adapter_dir,
        emit=on_sft,
    )
    first_base, first_sft = _metrics(on_base)[0].values, _metrics(on_sft)[0].values
    # The policy starts as the SFT model (its log-probs differ from the base model's) and the
    # reference is that same SFT model (zero reward at step 1), not the base.
    assert abs(first_sft["logps/chosen"] - first_base["logps/chosen"]) > 1e-3
    assert first_sft["rewards/chosen"] == pytest.approx(0.0, abs=1e-6)
    assert not (result.adapter_dir / "ref").exists()
    assert json.loads((result.adapter_dir / "adapter_config.json").read_text())["r"] == 8


def test_other_trl_losses_by_name(micro_dir: Path, near_identical_pairs, tmp_path: Path) -> None:
    model, tokenizer = load_micro_model(micro_dir)
    settings = DPOSettings(lora_r=8, lora_alpha=8, batch_size=2, max_steps=1, loss_type="ipo")
    recorder = Recorder()
    run_dpo(model, tokenizer, near_identical_pairs, settings, tmp_path / "ipo", emit=recorder)
    # IPO at the start: (0 - 1/(2 beta))^2 = 25 for beta = 0.1.
    assert _metrics(recorder)[0].values["train/loss"] == pytest.approx(25.0, rel=1e-3)


def test_bad_input_gets_one_clear_error(
    micro_dir: Path, near_identical_pairs, tmp_path: Path
) -> None:
    from datasets import Dataset

    model, tokenizer = load_micro_model(micro_dir)
    with pytest.raises(TrainingError, match="unknown DPO loss type 'sigmoidd'"):
        run_dpo(model, tokenizer, near_identical_pairs, DPOSettings(loss_type="sigmoidd"), tmp_path)
    with pytest.raises(TrainingError, match="DPO-Positive extends the sigmoid loss"):
        run_dpo(
            model,
            tokenizer,
            near_identical_pairs,
            DPOSettings(loss_type="ipo", dpop_lambda=5.0),
            tmp_path,
        )
    with pytest.raises(TrainingError, match=r"lack column\(s\) \['rejected'\]"):
        run_dpo(
            model,
            tokenizer,
            Dataset.from_list([{"prompt": "a", "chosen": "b"}]),
            SMALL_DPO,
            tmp_path,
        )
    with pytest.raises(TrainingError, match="no LoRA adapter"):
        run_dpo(
            model,
            tokenizer,
            near_identical_pairs,
            SMALL_DPO,
            tmp_path,
            sft_adapter=tmp_path / "missing",
        )
    with pytest.raises(TrainingError, match="'text' or 'messages'"):
        run_sft(model, tokenizer, Dataset.from_list([{"code": "x"}]), SMALL_SFT, tmp_path)


def test_long_prompts_lose_their_start_not_the_completion(micro_dir: Path) -> None:
    from datasets import Dataset

    from cdpo_core.training.dpo import truncate_prompts

    _, tokenizer = load_micro_model(micro_dir)
    long_prompt = PROGRAMS[2] * 3
    pairs = Dataset.from_list(
        [
            {"prompt": long_prompt, "chosen": "}", "rejected": ""},
            {"prompt": "int", "chosen": "}", "rejected": ""},
        ]
    )
    cut_pairs, cut = truncate_prompts(pairs, tokenizer, 20)
    assert cut == 1
    kept = cut_pairs[0]["prompt"]
    assert long_prompt.endswith(kept) and len(tokenizer(kept)["input_ids"]) <= 21
    assert cut_pairs[1]["prompt"] == "int"


def test_importing_training_modules_loads_no_torch() -> None:
    code = (
        "import sys, cdpo_core.training.sft, cdpo_core.training.dpo, "
        "cdpo_core.training.dpop, cdpo_core.training.pairs, cdpo_core.training.settings;"
        "heavy = {'torch', 'trl', 'peft', 'transformers', 'datasets'} & set(sys.modules);"
        "print(sorted(heavy))"
    )
    root = Path(__file__).resolve().parents[2]
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=root, check=True
    )
    assert out.stdout.strip() == "[]"
