"""What SFT and DPO share: device-dependent trainer arguments, LoRA, and the guarded train loop.

Kept apart from the stage modules so both stages resume, stop and report in exactly the same
way. torch / transformers / peft are imported inside the functions.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from cdpo_core.events import Emit, LogLine
from cdpo_core.training.settings import (
    DPOSettings,
    GRPOSettings,
    SFTSettings,
    TrainingError,
    TrainResult,
)

ADAPTER_DIR = "adapter"
CHECKPOINT_SIDECAR = "cdpo_checkpoint.json"  # written last into a checkpoint (callbacks.on_save)


def device_arguments(optim: str) -> dict[str, Any]:
    """Trainer arguments that depend on the machine.

    TRL's configs default to bf16, which fails on a CPU-only machine, so precision and the
    device are chosen here. 'auto' picks the paper's 8-bit AdamW only where bitsandbytes can run
    it (CUDA), and plain AdamW elsewhere.
    """
    import importlib.util

    import torch

    cuda = torch.cuda.is_available()
    if optim == "auto":
        has_bnb = importlib.util.find_spec("bitsandbytes") is not None
        optim = "adamw_bnb_8bit" if cuda and has_bnb else "adamw_torch"
    elif "bnb" in optim and not cuda:
        raise TrainingError(
            f"optimiser {optim!r} needs a CUDA GPU",
            "use optim='auto' or 'adamw_torch' on this machine",
        )
    bf16 = cuda and torch.cuda.is_bf16_supported()
    # Gradient checkpointing buys GPU memory with time; on a CPU it only costs time.
    return {
        "optim": optim,
        "bf16": bf16,
        "fp16": False,
        "use_cpu": not cuda,
        "gradient_checkpointing": cuda,
    }


def trainer_arguments(
    settings: SFTSettings | DPOSettings | GRPOSettings, out_dir: Path
) -> dict[str, Any]:
    """What SFT and DPO pass alike to their TRL configs: optimisation, batch, schedule,
    logging and checkpoints from the settings, and the machine's precision and device."""
    return {
        "output_dir": str(out_dir),
        "learning_rate": settings.learning_rate,
        "lr_scheduler_type": settings.lr_scheduler,
        "weight_decay": settings.weight_decay,
        "num_train_epochs": settings.epochs,
        "max_steps": settings.max_steps,
        "per_device_train_batch_size": settings.batch_size,
        "gradient_accumulation_steps": settings.grad_accum,
        "max_length": settings.max_length,
        "logging_steps": settings.logging_steps,
        "save_steps": settings.save_steps,
        "seed": settings.seed,
        "report_to": [],
        "disable_tqdm": True,
        **device_arguments(settings.optim),
    }


def lora_config(r: int, alpha: int, dropout: float = 0.0) -> Any:
    """LoRA on every linear layer of the network (not the LM head), as the paper does."""
    from peft import LoraConfig

    if r <= 0 or alpha <= 0:
        raise TrainingError(
            f"LoRA rank and alpha must be positive (got r={r}, alpha={alpha})",
            "set lora_r and lora_alpha to e.g. 64",
        )
    return LoraConfig(
        r=r,
        lora_alpha=alpha,
        lora_dropout=dropout,
        target_modules="all-linear",
        bias="none",
        task_type="CAUSAL_LM",
    )


def prepare_quantized(model: Any) -> Any:
    """QLoRA: a 4/8-bit base model needs peft's k-bit preparation before an adapter goes on."""
    if getattr(model, "is_loaded_in_4bit", False) or getattr(model, "is_loaded_in_8bit", False):
        from peft import prepare_model_for_kbit_training

        return prepare_model_for_kbit_training(model)
    return model


def policy_model(model: Any, sft_adapter: Path | None, r: int, alpha: int) -> tuple[Any, Any]:
    """The model a preference or RL trainer trains, and the LoRA config it adds, if any.

    With `sft_adapter` the SFT adapter itself goes on training (the paper's +SFT+DPO); a
    model that already carries an adapter trains that one; otherwise a new LoRA of rank `r`.
    """
    from peft import PeftModel

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
        return PeftModel.from_pretrained(
            prepare_quantized(model), str(sft_adapter), is_trainable=True
        ), None
    if isinstance(model, PeftModel):
        return model, None
    return prepare_quantized(model), lora_config(r, alpha)


def last_checkpoint(out_dir: Path) -> Path | None:
    """The newest complete `checkpoint-N` folder in `out_dir`, or None.

    The trainer writes a checkpoint file by file (adapter, optimizer, RNG, trainer state) into
    its final folder, so a `kill -9` while it saves leaves a partial one, which every resume
    would pick and fail on. `EventCallback.on_save` writes the sidecar after all of them: a
    folder without it is skipped (and written again when training reaches its step).
    """
    found = [
        p
        for p in out_dir.glob("checkpoint-*")
        if p.is_dir() and p.name[11:].isdigit() and (p / CHECKPOINT_SIDECAR).is_file()
    ]
    return max(found, key=lambda p: int(p.name[11:])) if found else None


def restore_token_count(trainer: Any, checkpoint: Path) -> None:
    """Carry TRL's `num_tokens` count on from `checkpoint` instead of from 0.

    TRL's trainers keep the count in the trainer object (`_total_train_tokens`), which no
    checkpoint saves, so a resumed run logged `train/num_tokens` from 0 again and its curve
    differed from an uninterrupted run's (scripts/fault_injection.py found it). The trainer
    state in the checkpoint holds the count as of its last logged step.
    """
    state = checkpoint / "trainer_state.json"
    if not hasattr(trainer, "_total_train_tokens") or not state.is_file():
        return  # not a TRL trainer, or no state (the trainer itself reports that)
    history = json.loads(state.read_text(encoding="utf-8")).get("log_history", [])
    counts = [entry["num_tokens"] for entry in history if "num_tokens" in entry]
    if counts:
        trainer._total_train_tokens = int(counts[-1])


def _skip_save(*args: Any, **kwargs: Any) -> None:
    """A follower's `on_save`: the checkpoint's sidecar is the main process's to write."""


def train(
    trainer: Any, stage: str, out_dir: Path, *, emit: Emit, resume: bool, stop_file: Path | None
) -> TrainResult:
    """Run `trainer` with events, stop handling and resumption; save the adapter at the end.

    Args:
        trainer: a configured transformers/TRL trainer writing checkpoints into `out_dir`.
        stage: stage name carried by every event.
        out_dir: run folder; the adapter goes to `out_dir/adapter`.
        emit: where events go.
        resume: continue from the newest checkpoint in `out_dir` when there is one.
        stop_file: a file whose appearance ends training at the next step boundary.
    """
    from transformers.trainer_callback import PrinterCallback

    from cdpo_core.training.callbacks import EventCallback, StopRequest, stop_on_signals

    if stop_file is not None and stop_file.exists():
        # A stop file left behind by the previous (stopped) run must not stop this one.
        stop_file.unlink()
    stop = StopRequest(stop_file)
    callback = EventCallback(stage, emit, stop)
    main_process = trainer.is_world_process_zero()
    if not main_process:
        # Under `accelerate launch` the main process marks a checkpoint complete once its own
        # files are written; a follower's sidecar could mark a half-written one.
        callback.on_save = _skip_save  # type: ignore[method-assign]
    trainer.add_callback(callback)
    # Stage stdout carries JSON events only; transformers' printer would write log dicts there.
    trainer.remove_callback(PrinterCallback)
    checkpoint = last_checkpoint(out_dir) if resume else None
    if resume and checkpoint is None:
        emit(LogLine(stage=stage, message=f"no checkpoint in {out_dir}; starting from step 0"))
    elif checkpoint is not None:
        emit(LogLine(stage=stage, message=f"resuming from {checkpoint.name}"))
        restore_token_count(trainer, checkpoint)
    with stop_on_signals(stop):
        trainer.train(resume_from_checkpoint=str(checkpoint) if checkpoint else None)
    if not main_process:
        from cdpo_core.launch import RankDone

        raise RankDone  # the adapter, the result and the run's record are the main process's
    adapter_dir = out_dir / ADAPTER_DIR
    model = trainer.model
    if "default" in getattr(model, "peft_config", {}):
        # Only the trained adapter: DPO on top of SFT also holds a frozen "ref" copy.
        model.save_pretrained(str(adapter_dir), selected_adapters=["default"])
    else:
        model.save_pretrained(str(adapter_dir))
    trainer.processing_class.save_pretrained(str(adapter_dir))
    result = TrainResult(
        adapter_dir=adapter_dir,
        global_step=trainer.state.global_step,
        max_steps=trainer.state.max_steps,
        stopped_early=stop.requested,
        resumed_from=checkpoint,
        metrics=dict(callback.summary),
    )
    (out_dir / "result.json").write_text(json.dumps(result.to_dict(), indent=1))
    return result
