"""Supervised fine-tuning with LoRA (the paper's +SFT stage) on TRL's `SFTTrainer`.

The rows come from the prompt format: base models train on `{"text": whole program}`,
instruct models on `{"messages": [...]}`. The model arrives already loaded (4-bit on CUDA by
`cdpo_core.models.loading`), so this module does not depend on how it was loaded.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from cdpo_core.events import Emit, discard
from cdpo_core.training.curriculum import follow_waves
from cdpo_core.training.runner import lora_config, prepare_quantized, train, trainer_arguments
from cdpo_core.training.settings import SFTSettings, TrainingError, TrainResult

STAGE = "sft"


def check_sft_rows(train_set: Any) -> None:
    """Fail early, with one clear message, on a dataset the prompt format did not build."""
    if len(train_set) == 0:
        raise TrainingError(
            "the SFT training set is empty", "select and mask some samples before running SFT"
        )
    columns = set(train_set.column_names)
    if not columns & {"text", "messages", "prompt"}:
        raise TrainingError(
            f"SFT rows need a 'text' or 'messages' column; got {sorted(columns)}",
            "build the rows with the model's prompt format (cdpo_core.prompts)",
        )


def run_sft(
    model: Any,
    tokenizer: Any,
    train_set: Any,
    settings: SFTSettings,
    out_dir: Path,
    *,
    emit: Emit = discard,
    resume: bool = False,
    stop_file: Path | None = None,
) -> TrainResult:
    """Fine-tune a LoRA adapter on `train_set` and save it to `out_dir/adapter`.

    Args:
        model: a loaded causal LM (plain, 4-bit, or already a peft model with an adapter).
        tokenizer: its tokenizer; saved beside the adapter so the adapter folder loads alone.
        train_set: a `datasets.Dataset` of `{"text"}` or `{"messages"}` rows; with
            `settings.curriculum`, the prompt / completion rows of `curriculum.sft_rows`,
            which are then read in order.
        settings: optimisation and LoRA settings (paper defaults).
        out_dir: run folder for checkpoints (`checkpoint-N`), `result.json` and the adapter.
        emit: receives `Metric` (train/loss, train/learning_rate, ...) and `Progress` events.
        resume: continue from the newest checkpoint in `out_dir`.
        stop_file: when this file appears (or SIGTERM / SIGINT arrives) training stops at the
            next step boundary, saves a checkpoint and the adapter, and returns.
    """
    from peft import PeftModel
    from trl import SFTConfig, SFTTrainer

    check_sft_rows(train_set)
    out_dir.mkdir(parents=True, exist_ok=True)
    if tokenizer.pad_token is None:
        tokenizer.pad_token = tokenizer.eos_token
    config = SFTConfig(
        **trainer_arguments(settings, out_dir), dataset_text_field="text", packing=False
    )
    already_adapted = isinstance(model, PeftModel)
    trainer = SFTTrainer(
        model=model if already_adapted else prepare_quantized(model),
        args=config,
        train_dataset=train_set,
        processing_class=tokenizer,
        peft_config=None
        if already_adapted
        else lora_config(settings.lora_r, settings.lora_alpha, settings.lora_dropout),
    )
    if settings.curriculum:
        follow_waves(trainer, len(train_set), STAGE, emit)
    return train(trainer, STAGE, out_dir, emit=emit, resume=resume, stop_file=stop_file)
