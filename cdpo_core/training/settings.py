"""Settings and results of the training stages: SFT, pairs, DPO / DPO-Positive, GRPO, alarms.

One frozen dataclass per concern, every field with a default and a `help`, because the lead
builds CLI flags, the session TOML and the console's forms from them (the way TRL's configs
feed `TrlParser`). Nothing here imports torch, so the console can show and edit settings
without loading the training stack.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cdpo_core.errors import CdpoError


class TrainingError(CdpoError):
    """A training stage cannot run as asked; the message says what was wrong and what to do."""


def _help(text: str, **limits: Any) -> dict[str, Any]:
    """Field metadata: the help text and the limits `settings_io.check_field` enforces."""
    return {"help": text, **limits}


# DPOTrainer (TRL 1.16) checks loss names only when it computes the first loss, minutes into a
# GPU job; checking them when the settings are read turns a typo into an immediate, clear error.
TRL_LOSSES = (
    "sigmoid",
    "hinge",
    "ipo",
    "exo_pair",
    "nca_pair",
    "robust",
    "bco_pair",
    "sppo_hard",
    "aot",
    "aot_unpaired",
    "apo_zero",
    "apo_down",
    "discopop",
    "sft",
    "sigmoid_norm",
)

# transformers' `SchedulerType` values, so a misspelt schedule fails at `cdpo set`, not after
# the model has loaded (a test checks this list against transformers').
LR_SCHEDULERS = (
    "linear",
    "cosine",
    "cosine_with_restarts",
    "polynomial",
    "constant",
    "constant_with_warmup",
    "inverse_sqrt",
    "reduce_lr_on_plateau",
    "cosine_with_min_lr",
    "cosine_warmup_with_min_lr",
    "warmup_stable_decay",
    "greedy",
)


def curriculum_fractions(text: str) -> tuple[float, ...]:
    """The waves of a mask curriculum (`"0.1,0.3,0.5"`), checked: ascending, each in (0, 1).

    Empty means no curriculum (the paper). Checked when the settings are read, so a typo fails
    at `cdpo set` rather than after the model has loaded.
    """
    parts = [part.strip() for part in text.split(",")] if text.strip() else []
    hint = (
        "give ascending mask fractions in (0, 1) joined by commas, e.g. 0.1,0.3,0.5, or '' for none"
    )
    fractions: list[float] = []
    for part in parts:
        try:
            fraction = float(part)
        except ValueError:
            raise TrainingError(f"curriculum wave {part!r} is not a number", hint) from None
        if not 0.0 < fraction < 1.0:
            raise TrainingError(f"curriculum wave {part} is not strictly between 0 and 1", hint)
        if fractions and fraction <= fractions[-1]:
            raise TrainingError(
                f"curriculum waves must grow (short masked tails first), but {part} follows "
                f"{fractions[-1]}",
                hint,
            )
        fractions.append(fraction)
    return tuple(fractions)


def _curriculum_field(what: str) -> Any:
    return field(
        default="",
        metadata=_help(
            "Mask curriculum (StepCoder): ascending mask fractions such as '0.1,0.3,0.5'; '' = "
            "none (the paper). " + what + " Waves are never shuffled into each other (rows "
            "within a wave are, by the seed); with more than one epoch the waves repeat."
        ),
    )


@dataclass(frozen=True)
class SFTSettings:
    """Supervised fine-tuning with LoRA; defaults are the paper's (section 5)."""

    lora_r: int = field(default=64, metadata=_help("LoRA rank (paper: 64).", min=1))
    lora_alpha: int = field(default=64, metadata=_help("LoRA alpha (paper: alpha = r).", min=1))
    lora_dropout: float = field(
        default=0.0, metadata=_help("Dropout on the LoRA branch.", min=0.0, max=0.9)
    )
    learning_rate: float = field(
        default=2e-4, metadata=_help("Peak learning rate (paper: 2e-4).", above=0.0)
    )
    lr_scheduler: str = field(
        default="linear",
        metadata=_help("Learning-rate schedule name (transformers' names).", choices=LR_SCHEDULERS),
    )
    weight_decay: float = field(
        default=0.01, metadata=_help("AdamW weight decay (paper: 0.01).", min=0.0)
    )
    optim: str = field(
        default="auto",
        metadata=_help(
            "Optimiser name as transformers spells it; 'auto' = adamw_bnb_8bit on CUDA with "
            "bitsandbytes (the paper's 8-bit AdamW), adamw_torch elsewhere."
        ),
    )
    epochs: float = field(default=1, metadata=_help("Passes over the training set.", above=0.0))
    max_steps: int = field(
        default=-1, metadata=_help("Stop after this many steps; -1 = epochs.", min=-1)
    )
    batch_size: int = field(default=4, metadata=_help("Sequences per device per step.", min=1))
    grad_accum: int = field(default=1, metadata=_help("Gradient accumulation steps.", min=1))
    max_length: int = field(default=1024, metadata=_help("Longest tokenised sequence kept.", min=1))
    logging_steps: int = field(default=1, metadata=_help("Emit metrics every N steps.", min=1))
    save_steps: int = field(
        default=50, metadata=_help("Checkpoint (resumable) every N steps.", min=1)
    )
    seed: int = field(default=0, metadata=_help("Seed for data order and LoRA initialisation."))
    curriculum: str = _curriculum_field(
        "SFT then trains prompt -> masked tail rows (loss on the tail only), every program "
        "masked at each fraction in turn, instead of whole programs."
    )

    def __post_init__(self) -> None:
        curriculum_fractions(self.curriculum)


@dataclass(frozen=True)
class DPOSettings:
    """Preference optimisation; defaults are the paper's DPO (beta 0.1, sigmoid, lr 5e-6)."""

    beta: float = field(default=0.1, metadata=_help("KL strength of DPO (paper: 0.1).", above=0.0))
    loss_type: str = field(
        default="sigmoid",
        metadata=_help("Any TRL DPO loss by name (sigmoid, ipo, hinge, robust, ...)."),
    )
    label_smoothing: float = field(
        default=0.0, metadata=_help("Label smoothing (paper: 0).", min=0.0, max=0.5)
    )
    dpop_lambda: float = field(
        default=0.0,
        metadata=_help(
            "DPO-Positive penalty weight: 0 = TRL's own loss; > 0 = DPOP (50 in the DPOP paper), "
            "which keeps the chosen log-probability from falling below the reference.",
            min=0.0,
        ),
    )
    learning_rate: float = field(
        default=5e-6, metadata=_help("Peak learning rate (paper: 5e-6).", above=0.0)
    )
    lr_scheduler: str = field(
        default="linear", metadata=_help("Learning-rate schedule name.", choices=LR_SCHEDULERS)
    )
    weight_decay: float = field(
        default=0.01, metadata=_help("AdamW weight decay (paper: 0.01).", min=0.0)
    )
    optim: str = field(
        default="auto",
        metadata=_help("Optimiser; 'auto' = adamw_bnb_8bit on CUDA, adamw_torch elsewhere."),
    )
    epochs: float = field(default=1, metadata=_help("Passes over the preference pairs.", above=0.0))
    max_steps: int = field(
        default=-1, metadata=_help("Stop after this many steps; -1 = epochs.", min=-1)
    )
    batch_size: int = field(default=4, metadata=_help("Pairs per device per step.", min=1))
    grad_accum: int = field(default=1, metadata=_help("Gradient accumulation steps.", min=1))
    max_length: int = field(
        default=1024, metadata=_help("Longest prompt + completion kept.", min=1)
    )
    max_prompt_length: int = field(
        default=768,
        metadata=_help(
            "Prompts longer than this many tokens lose their START, so the end of the program "
            "(where the completion continues) is always kept.",
            min=1,
        ),
    )
    lora_r: int = field(default=64, metadata=_help("LoRA rank of a new DPO adapter.", min=1))
    lora_alpha: int = field(default=64, metadata=_help("LoRA alpha of a new DPO adapter.", min=1))
    logging_steps: int = field(default=1, metadata=_help("Emit metrics every N steps.", min=1))
    save_steps: int = field(
        default=50, metadata=_help("Checkpoint (resumable) every N steps.", min=1)
    )
    seed: int = field(default=0, metadata=_help("Seed for data order and LoRA initialisation."))
    curriculum: str = _curriculum_field(
        "Pairs exist only at the mask they were generated with, so DPO re-masks nothing: it "
        "orders the pairs by the length of their masked tail, shortest first, wave i holding "
        "those whose tail is at most fraction_i / fraction_last of the longest."
    )

    def __post_init__(self) -> None:
        curriculum_fractions(self.curriculum)
        names = [name.strip() for name in self.loss_type.split(",") if name.strip()]
        unknown = [name for name in names if name not in TRL_LOSSES]
        if not names or unknown:
            raise TrainingError(
                f"unknown DPO loss type {self.loss_type!r}",
                f"use one of {', '.join(TRL_LOSSES)}, or several joined by commas",
            )
        if self.dpop_lambda < 0:
            raise TrainingError(
                f"dpop_lambda must be >= 0 (got {self.dpop_lambda})",
                "use 0 for plain DPO or e.g. 50 for DPO-Positive",
            )
        if self.dpop_lambda > 0 and names != ["sigmoid"]:
            raise TrainingError(
                f"DPO-Positive extends the sigmoid loss, not {self.loss_type!r}",
                "set dpo.loss_type=sigmoid or dpo.dpop_lambda=0",
            )


@dataclass(frozen=True)
class PreferenceSettings:
    """How compiler verdicts become preference pairs (the paper plus its future-work variants)."""

    mode: str = field(
        default="bad",
        metadata=_help(
            "'bad': one pair per failed completion, chosen = original continuation (the "
            "paper); 'levels': clean > warnings > errors (a compile timeout ranks with errors), "
            "chosen = a clean model completion when one exists.",
            choices=("bad", "levels"),
        ),
    )
    edit_distance: str = field(
        default="rapidfuzz",
        metadata=_help(
            "What computes the pairs' character edit distances: 'rapidfuzz' (fast, C) or "
            "'nltk' (pure Python, the paper's own reference); both give the same numbers.",
            choices=("rapidfuzz", "nltk"),
        ),
    )
    min_edit_distance: int = field(
        default=0,
        metadata=_help("Drop (and count) pairs whose sides differ by fewer characters."),
    )
    synthetic_negatives: int = field(
        default=0,
        metadata=_help(
            "Extra rejected continuations per sample made by misspelling a program-declared "
            "identifier; each is compiled and kept only if it really fails."
        ),
    )
    seed: int = field(default=0, metadata=_help("Seed for synthetic negatives and sampling."))
    completions_per_prompt: int = field(
        default=1,
        metadata=_help(
            "Completions generated per training prompt for the pairs (the paper: 1, greedy); "
            "more than 1 samples with `temperature`, so rejected texts differ more."
        ),
    )
    temperature: float = field(
        default=0.0,
        metadata=_help("Sampling temperature for the pairs' completions; 0 = greedy (paper)."),
    )
    top_p: float = field(default=1.0, metadata=_help("Nucleus mass when sampling for pairs."))
    grading: str = field(
        default="compile",
        metadata=_help(
            "'compile': completions graded by the compiler alone (the paper); 'execution': by "
            "their run on the problem's tests, best to worst as `order` says (a completion "
            "whose problem has no tests is graded by its compile level where `order` names it, "
            "else left out). Needs tests in the session and execution.enabled.",
            choices=("compile", "execution"),
        ),
    )
    order: tuple[str, ...] = field(
        default=(
            "accepted",
            "wrong_answer",
            "runtime_error|time_limit|memory_limit|output_limit",
            "warnings",
            "compile_error",
        ),
        metadata=_help(
            "With grading = 'execution': the tiers from best to worst; verdicts joined by '|' "
            "share a tier, and 'warnings' is an untested program that compiled with warnings. "
            "Mode 'levels' pairs across tiers (the reference on top when none is accepted); "
            "mode 'bad' pairs the reference with every completion below the top tier."
        ),
    )


@dataclass(frozen=True)
class CollapseSettings:
    """The collapse alarm of DPO-family runs (the paper's section 6.1, seen while it happens).

    It fires when the policy's log-probability of the chosen completions has fallen below the
    reference's by more than `margin` nats (mean over the logged batch) while the reward margin
    is still growing: the loss looks healthy, yet both sides are being pushed down.
    """

    enabled: bool = field(default=True, metadata=_help("Watch DPO-family runs for the collapse."))
    margin: float = field(
        default=1.0,
        metadata=_help(
            "Nats by which the policy's chosen log-probability may fall below the reference's "
            "(mean per pair) before the alarm fires.",
            above=0.0,
        ),
    )
    window: int = field(
        default=3,
        metadata=_help(
            "'Margins still grow' means: larger than `window` logged steps before (or than the "
            "first logged step, early on).",
            min=1,
        ),
    )


# TRL's GRPO loss names, the same in TRL 1.15 and 1.16 (grpo_config.py `loss_type`).
GRPO_LOSSES = ("grpo", "dr_grpo", "dapo", "bnpo", "cispo", "sapo", "luspo", "vespo")


@dataclass(frozen=True)
class GRPOSettings:
    """On-policy GRPO with the compile reward; field names follow TRL's `GRPOConfig`.

    Only arguments that TRL 1.15 (the gpu extra) and 1.16 both have are passed on.
    """

    num_generations: int = field(
        default=4, metadata=_help("Group size G: completions sampled per prompt.", min=2)
    )
    beta: float = field(
        default=0.04,
        metadata=_help("KL strength towards the start model (TRL's default is 0: no KL).", min=0.0),
    )
    loss_type: str = field(
        default="dapo",
        metadata=_help("TRL's GRPO loss formulation.", choices=GRPO_LOSSES),
    )
    max_completion_length: int = field(
        default=64, metadata=_help("Most new tokens per sampled completion.", min=1)
    )
    temperature: float = field(
        default=1.0, metadata=_help("Sampling temperature of the group.", above=0.0)
    )
    top_p: float = field(default=1.0, metadata=_help("Nucleus mass.", above=0.0, max=1.0))
    reward_clean: float = field(
        default=1.0, metadata=_help("Reward of a completion that compiles without warnings.")
    )
    reward_warnings: float = field(
        default=0.5, metadata=_help("Reward of one that compiles with warnings only.")
    )
    reward_errors: float = field(
        default=0.0,
        metadata=_help("Reward of one that fails to compile (errors, or a compile timeout)."),
    )
    learning_rate: float = field(default=1e-5, metadata=_help("Peak learning rate.", above=0.0))
    lr_scheduler: str = field(
        default="linear", metadata=_help("Learning-rate schedule name.", choices=LR_SCHEDULERS)
    )
    weight_decay: float = field(default=0.01, metadata=_help("AdamW weight decay.", min=0.0))
    optim: str = field(
        default="auto",
        metadata=_help("Optimiser; 'auto' = adamw_bnb_8bit on CUDA, adamw_torch elsewhere."),
    )
    epochs: float = field(default=1, metadata=_help("Passes over the prompts.", above=0.0))
    max_steps: int = field(
        default=-1, metadata=_help("Stop after this many steps; -1 = epochs.", min=-1)
    )
    batch_size: int = field(
        default=8,
        metadata=_help(
            "Completions per device per step (a multiple of num_generations with grad_accum).",
            min=1,
        ),
    )
    grad_accum: int = field(default=1, metadata=_help("Gradient accumulation steps.", min=1))
    max_prompt_length: int = field(
        default=768,
        metadata=_help("Prompts longer than this many tokens lose their START.", min=1),
    )
    lora_r: int = field(default=64, metadata=_help("LoRA rank of a new GRPO adapter.", min=1))
    lora_alpha: int = field(default=64, metadata=_help("LoRA alpha of a new GRPO adapter.", min=1))
    logging_steps: int = field(default=1, metadata=_help("Emit metrics every N steps.", min=1))
    save_steps: int = field(
        default=50, metadata=_help("Checkpoint (resumable) every N steps.", min=1)
    )
    seed: int = field(default=0, metadata=_help("Seed for sampling and LoRA initialisation."))
    curriculum: str = _curriculum_field(
        "GRPO's prompts are then every program masked at each fraction in turn (all at the "
        "first fraction, then all at the next), instead of the session's stored mask."
    )

    def __post_init__(self) -> None:
        curriculum_fractions(self.curriculum)
        if (self.batch_size * self.grad_accum) % self.num_generations:
            raise TrainingError(
                f"batch_size x grad_accum ({self.batch_size} x {self.grad_accum}) is not a "
                f"multiple of num_generations ({self.num_generations})",
                "TRL samples whole groups per step: make the batch a multiple of the group",
            )

    @property
    def max_length(self) -> int:
        """Prompt plus completion, for the shared trainer arguments."""
        return self.max_prompt_length + self.max_completion_length


@dataclass(frozen=True)
class TrainResult:
    """What a training stage produced; also written as `result.json` beside the adapter."""

    adapter_dir: Path
    global_step: int
    max_steps: int
    stopped_early: bool
    resumed_from: Path | None = None
    metrics: dict[str, float] = field(default_factory=dict)
    collapse: dict[str, float] | None = None
    """The collapse alarm, when it fired: step, chosen_drop (nats), margin."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "collapse": self.collapse,
            "adapter_dir": str(self.adapter_dir),
            "global_step": self.global_step,
            "max_steps": self.max_steps,
            "stopped_early": self.stopped_early,
            "resumed_from": str(self.resumed_from) if self.resumed_from else None,
            "metrics": self.metrics,
        }
