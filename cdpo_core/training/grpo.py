"""On-policy learning from the compiler: TRL's `GRPOTrainer` with the compile reward.

The steps `grpo-base` (Base -> +GRPO) and `grpo-sft` (+SFT -> +SFT+GRPO) sample a group of
completions of each masked-tail prompt from the current policy, judge them with the oracle
(`rewards.CompileReward`) and push the policy towards the group's better completions. As with
DPO, the reference is never a second network: a new adapter's reference is the base with the
adapter disabled; on top of SFT, TRL keeps a frozen "ref" copy of the SFT adapter (beta > 0).

Only `GRPOConfig` arguments present in TRL 1.15 (the gpu extra) and TRL 1.16 are passed; TRL's
defaults stand for the rest. The trainer's logs (reward, reward_std, kl, entropy,
completions/mean_length, rewards/compile/mean, compile/rate) reach the console as `Metric`
events through the shared training loop, which also makes the step stoppable and resumable.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from cdpo_core.events import Emit, LogLine, discard
from cdpo_core.training.curriculum import follow_waves
from cdpo_core.training.dpo import truncate_prompts
from cdpo_core.training.runner import policy_model, train, trainer_arguments
from cdpo_core.training.settings import GRPOSettings, TrainingError, TrainResult

STAGE = "grpo"


def run_grpo(
    model: Any,
    tokenizer: Any,
    prompts: Any,
    rewards: list[Any],
    settings: GRPOSettings,
    out_dir: Path,
    *,
    sft_adapter: Path | None = None,
    emit: Emit = discard,
    resume: bool = False,
    stop_file: Path | None = None,
) -> TrainResult:
    """Train a LoRA adapter with GRPO and save it to `out_dir/adapter`.

    Args:
        model: a loaded causal LM (plain or 4-bit), without adapter.
        tokenizer: its tokenizer.
        prompts: `datasets.Dataset` with a text `prompt` column and the columns the reward
            functions read (`sample_id` for `CompileReward`); with `settings.curriculum`, the
            rows of `curriculum.grpo_rows`, which are then sampled in order.
        rewards: TRL reward functions.
        settings: GRPO settings (group size, beta, loss type, lengths, sampling, rewards).
        out_dir: run folder for checkpoints, `result.json` and the adapter.
        sft_adapter: start from this SFT adapter (+SFT+GRPO); None trains a new adapter.
        emit: receives `Metric` and `Progress` events.
        resume: continue from the newest checkpoint in `out_dir`.
        stop_file: its appearance (or SIGTERM / SIGINT) stops at a step boundary, saving.
    """
    from trl import GRPOConfig, GRPOTrainer

    if "prompt" not in prompts.column_names or len(prompts) == 0:
        raise TrainingError(
            "GRPO needs a non-empty data set with a 'prompt' column",
            "select and mask some training samples first",
        )
    out_dir.mkdir(parents=True, exist_ok=True)
    if tokenizer.pad_token is None:
        tokenizer.pad_token = tokenizer.eos_token
    # TRL 1.15 / 1.16 GRPO have no prompt limit; cut long prompts' start, as DPO does.
    prompts, cut = truncate_prompts(prompts, tokenizer, settings.max_prompt_length)
    if cut:
        emit(LogLine(stage=STAGE, message=f"{cut} prompt(s) lost their start"))
    arguments = trainer_arguments(settings, out_dir)
    del arguments["max_length"]  # GRPOConfig limits the completion only
    config = GRPOConfig(
        **arguments,
        num_generations=settings.num_generations,
        max_completion_length=settings.max_completion_length,
        temperature=settings.temperature,
        top_p=settings.top_p,
        beta=settings.beta,
        loss_type=settings.loss_type,
        # The reward functions read the dataset's other columns (sample_id).
        remove_unused_columns=False,
        # A curriculum's order is its point; without one, TRL's default (shuffled) stands.
        shuffle_dataset=not settings.curriculum,
    )
    model, peft_config = policy_model(model, sft_adapter, settings.lora_r, settings.lora_alpha)
    trainer = GRPOTrainer(
        model=model,
        reward_funcs=rewards,
        args=config,
        train_dataset=prompts,
        processing_class=tokenizer,
        peft_config=peft_config,
    )
    if settings.curriculum:
        follow_waves(trainer, len(prompts), STAGE, emit, group_size=settings.num_generations)
    return train(trainer, STAGE, out_dir, emit=emit, resume=resume, stop_file=stop_file)
