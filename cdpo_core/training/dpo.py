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
from cdpo_core.training.curriculum import follow_waves, order_pairs
from cdpo_core.training.runner import policy_model, train, trainer_arguments
from cdpo_core.training.settings import CollapseSettings, DPOSettings, TrainingError, TrainResult

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


REF_COLUMNS = ("ref_chosen_logps", "ref_rejected_logps")
"""TRL's names for the reference log-probabilities a preference row may carry."""


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
    collapse: CollapseSettings = CollapseSettings(),  # noqa: B008 (frozen)
) -> TrainResult:
    """Train with DPO (any TRL loss) or DPO-Positive and save the adapter to `out_dir/adapter`.

    Args:
        model: a loaded causal LM (plain or 4-bit), without adapter; or a peft model.
        tokenizer: its tokenizer.
        pairs: `datasets.Dataset` with prompt / chosen / rejected (TRL's preference format);
            with `REF_COLUMNS` too, those reference log-probabilities are used as they are and
            the reference model never runs (the loss sweep computes them once).
        settings: DPO settings; `dpop_lambda > 0` selects DPO-Positive.
        out_dir: run folder for checkpoints, `result.json` and the adapter.
        sft_adapter: the SFT adapter folder for +SFT+DPO; None trains a new adapter on the base.
        emit: receives `Metric` events (train/loss, rewards/chosen, rewards/rejected,
            rewards/margins, rewards/accuracies, logps/chosen, logps/rejected, and
            dpop/penalty under DPOP) and `Progress` per step.
        resume: continue from the newest checkpoint in `out_dir`.
        stop_file: its appearance (or SIGTERM / SIGINT) stops at a step boundary, saving.
        collapse: the collapse alarm's rule; when it fires, the result's `collapse` says where.

    With `settings.curriculum` the pairs are read in waves of growing masked tail
    (`curriculum.order_pairs`), their reference log-probabilities moving with them.
    """
    import dataclasses
    import json

    from cdpo_core.training.callbacks import CollapseCallback
    from cdpo_core.training.collapse import CollapseWatch

    pairs, _ = order_pairs(pairs, settings.curriculum, settings.seed)
    trainer = dpo_trainer(model, tokenizer, pairs, settings, out_dir, sft_adapter, emit)
    if settings.curriculum:
        follow_waves(trainer, len(pairs), STAGE, emit)
    if set(REF_COLUMNS) <= set(pairs.column_names):
        # TRL reads the columns whenever this flag is set; its own precompute (which would
        # compute them again) runs only when the config asks for it, which ours never does.
        trainer.precompute_ref_logps = True
    watch = CollapseCallback(STAGE, emit, CollapseWatch(collapse, settings.beta))
    trainer.add_callback(watch)
    result = train(trainer, STAGE, out_dir, emit=emit, resume=resume, stop_file=stop_file)
    if watch.alarm is None:
        return result
    result = dataclasses.replace(result, collapse=watch.alarm.to_dict())
    (out_dir / "result.json").write_text(json.dumps(result.to_dict(), indent=1))
    return result


def reference_log_probs(
    model: Any,
    tokenizer: Any,
    pairs: Any,
    settings: DPOSettings,
    out_dir: Path,
    *,
    sft_adapter: Path | None = None,
) -> tuple[list[float], list[float]]:
    """The reference model's log-probabilities of every pair's chosen and rejected side.

    TRL's own `precompute_ref_log_probs` pass, on the trainer `run_dpo` would build (same
    truncation, same reference: the base, or the SFT adapter's frozen copy), in pair order.
    """
    trainer = dpo_trainer(
        model, tokenizer, pairs, settings, out_dir, sft_adapter, discard, precompute=True
    )
    data = trainer.train_dataset
    return list(map(float, data[REF_COLUMNS[0]])), list(map(float, data[REF_COLUMNS[1]]))


def dpo_trainer(
    model: Any,
    tokenizer: Any,
    pairs: Any,
    settings: DPOSettings,
    out_dir: Path,
    sft_adapter: Path | None,
    emit: Emit,
    *,
    precompute: bool = False,
) -> Any:
    """TRL's `DPOTrainer` (or `DPOPTrainer`) with the adapter, reference and data set up."""
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
        precompute_ref_log_probs=precompute,
    )
    model, peft_config = policy_model(model, sft_adapter, settings.lora_r, settings.lora_alpha)
    trainer_class: Any = DPOTrainer
    extra: dict[str, Any] = {}
    if settings.dpop_lambda > 0:
        from cdpo_core.training.dpop import make_dpop_trainer_class

        trainer_class = make_dpop_trainer_class()
        extra["dpop_lambda"] = settings.dpop_lambda
    return trainer_class(
        model=model,
        args=config,
        train_dataset=pairs,
        processing_class=tokenizer,
        peft_config=peft_config,
        **extra,
    )
