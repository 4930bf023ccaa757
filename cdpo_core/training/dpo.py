"""Preference optimisation of a LoRA adapter: TRL's `DPOTrainer`, or DPO-Positive.

The reference model is never a second copy of the network:

* +DPO (from the base model): a new LoRA adapter is trained and the reference is the same
  network with the adapter disabled (`ref_model=None` on a peft model).
* +SFT+DPO (`sft_adapter` given): the SFT adapter is loaded as the trainable "default" adapter
  and TRL 1.16 loads a frozen copy of it as the "ref" adapter, so DPO starts from the SFT
  model and is regularised towards it, exactly the paper's +SFT+DPO. We chose this over
  merging SFT into the base and adding a fresh LoRA because merging into 4-bit QLoRA weights
  loses precision and would need a full-precision copy of the base.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from cdpo_core.events import Emit, LogLine, discard
from cdpo_core.training.runner import lora_config, prepare_quantized, train, trainer_arguments
from cdpo_core.training.settings import DPOSettings, TrainingError, TrainResult

STAGE = "dpo"


def loss_types(settings: DPOSettings) -> list[str]:
    """The TRL loss names in `settings.loss_type` (comma-separated names combine, equal weight).

    `DPOSettings` has checked the names when it was built, so this only splits them.
    """
    return [name.strip() for name in settings.loss_type.split(",") if name.strip()]


def check_pairs(pairs: Any) -> None:
    """Fail early on a preference set that TRL could not read."""
    missing = {"prompt", "chosen", "rejected"} - set(pairs.column_names)
    if missing:
        raise TrainingError(
            f"preference pairs lack column(s) {sorted(missing)}",
            "build them with cdpo_core.training.pairs.make_pairs",
        )
    if len(pairs) == 0:
        raise TrainingError(
            "the preference set is empty",
            "generate and compile completions first; no failed completion, no pair",
        )


def truncate_prompts(pairs: Any, tokenizer: Any, max_prompt_length: int) -> tuple[Any, int]:
    """Cut the START of text prompts longer than `max_prompt_length` tokens.

    TRL 1.16 truncates prompt + completion from the right (`keep_start`), which for a masked
    program would cut the completion, the only part that DPO learns from. So long prompts lose
    their beginning instead, cut at a token boundary so the rest tokenises the same. Chat
    prompts (lists of messages) are left to TRL. Returns the dataset and how many were cut.
    """
    cut = 0

    def shorten(row: dict[str, Any]) -> dict[str, Any]:
        nonlocal cut
        prompt = row["prompt"]
        if not isinstance(prompt, str):
            return row
        encoded = tokenizer(prompt, add_special_tokens=False, return_offsets_mapping=True)
        offsets = encoded["offset_mapping"]
        if len(offsets) <= max_prompt_length:
            return row
        cut += 1
        return {**row, "prompt": prompt[offsets[-max_prompt_length][0] :]}

    rows = [shorten(row) for row in pairs]
    return (type(pairs).from_list(rows) if cut else pairs), cut


def run_dpo(
    model: Any,
    tokenizer: Any,
    pairs: Any,
    settings: DPOSettings,
    out_dir: Path,
    *,
    sft_adapter: Path | None = None,
    emit: Emit = discard,
    resume: bool = False,
    stop_file: Path | None = None,
) -> TrainResult:
    """Train with DPO (any TRL loss) or DPO-Positive and save the adapter to `out_dir/adapter`.

    Args:
        model: a loaded causal LM (plain or 4-bit), without adapter; or a peft model.
        tokenizer: its tokenizer.
        pairs: `datasets.Dataset` with prompt / chosen / rejected (TRL's preference format).
        settings: DPO settings; `dpop_lambda > 0` selects DPO-Positive.
        out_dir: run folder for checkpoints, `result.json` and the adapter.
        sft_adapter: the SFT adapter folder for +SFT+DPO; None trains a new adapter on the base.
        emit: receives `Metric` events (train/loss, rewards/chosen, rewards/rejected,
            rewards/margins, rewards/accuracies, logps/chosen, logps/rejected, and
            dpop/penalty under DPOP) and `Progress` per step.
        resume: continue from the newest checkpoint in `out_dir`.
        stop_file: its appearance (or SIGTERM / SIGINT) stops at a step boundary, saving.
    """
    from peft import PeftModel
    from trl import DPOConfig, DPOTrainer

    names = loss_types(settings)
    check_pairs(pairs)
    out_dir.mkdir(parents=True, exist_ok=True)
    if tokenizer.pad_token is None:
        tokenizer.pad_token = tokenizer.eos_token
    pairs, cut = truncate_prompts(pairs, tokenizer, settings.max_prompt_length)
    if cut:
        emit(
            LogLine(
                stage=STAGE,
                message=f"{cut} prompt(s) longer than "
                f"{settings.max_prompt_length} tokens lost their start",
            )
        )
    config = DPOConfig(
        **trainer_arguments(settings, out_dir),
        beta=settings.beta,
        loss_type=names,
        label_smoothing=settings.label_smoothing,
    )
    peft_config = None
    if sft_adapter is not None:
        if isinstance(model, PeftModel):
            raise TrainingError(
                "sft_adapter was given for a model that already has an adapter",
                "pass the base model, or leave sft_adapter out",
            )
        if not (sft_adapter / "adapter_config.json").is_file():
            raise TrainingError(
                f"no LoRA adapter in {sft_adapter}",
                "run SFT first, or point sft_adapter at its 'adapter' folder",
            )
        model = PeftModel.from_pretrained(
            prepare_quantized(model), str(sft_adapter), is_trainable=True
        )
    elif not isinstance(model, PeftModel):
        model = prepare_quantized(model)
        peft_config = lora_config(settings.lora_r, settings.lora_alpha)
    trainer_class: Any = DPOTrainer
    extra: dict[str, Any] = {}
    if settings.dpop_lambda > 0:
        from cdpo_core.training.dpop import make_dpop_trainer_class

        trainer_class = make_dpop_trainer_class()
        extra["dpop_lambda"] = settings.dpop_lambda
    trainer = trainer_class(
        model=model,
        args=config,
        train_dataset=pairs,
        processing_class=tokenizer,
        peft_config=peft_config,
        **extra,
    )
    return train(trainer, STAGE, out_dir, emit=emit, resume=resume, stop_file=stop_file)
