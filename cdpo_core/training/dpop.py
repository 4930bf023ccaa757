"""DPO-Positive (Pal et al. 2024, "Smaug") on top of TRL's `DPOTrainer`.

Plain DPO only asks that the chosen completion gain on the rejected one, so on near-identical
pairs (a program and the same program missing its last `}`) it can push BOTH log-probabilities
down: the collapse the paper reports. DPOP adds, inside the sigmoid, a penalty that is zero
while the policy's chosen log-probability stays at or above the reference and grows as it falls
below:

    loss = -log sigmoid(beta * (h - lambda * max(0, ref_chosen - pol_chosen)))
    h    = (pol_chosen - ref_chosen) - (pol_rejected - ref_rejected)

TRL has no DPOP loss and computes its losses inside a private method, so `DPOPTrainer`
overrides the public `compute_loss` hook. It reuses TRL for everything else: the tokenised
batch layout (chosen rows, then rejected rows, with a `completion_mask`), the fused LM head
(`model(..., labels=..., fused_lm_head=True).log_probs`), the public `compute_ref_log_probs`
(adapter disabled, or the frozen "ref" adapter on top of SFT) and the `_metrics` buffer that
`DPOTrainer.log` averages and reports. Those are what `check_trl_version` pins.

Both install paths are covered: the CPU path gets TRL 1.16, the GPU extra TRL 1.15 (unsloth
caps trl at 1.15.0). In `trl/trainer/dpo_trainer.py` the two releases differ only in a
prefix-tuning guard, a DDP flag for vision models, the reference model's dtype and an
accelerate version check; `_compute_loss`, `compute_ref_log_probs`, `add_fused_lm_head`, `log`
and every attribute used below are the same in both. TRL 1.14's DPOTrainer has no
`fused_lm_head`, hence the lower bound.
"""

from __future__ import annotations

from typing import Any

from cdpo_core.training.settings import TrainingError

# The TRL releases whose DPOTrainer internals this module was checked against and tested on;
# pyproject.toml bounds trl to the same range.
TESTED_TRL = ((1, 15), (1, 17))  # [lower, upper)


def check_trl_version(version: str | None = None) -> None:
    """Refuse to run DPOP on a TRL whose DPOTrainer internals it was not checked against."""
    from packaging.version import Version

    if version is None:
        import trl

        version = trl.__version__
    release = Version(version).release[:2]
    low, high = TESTED_TRL
    if not low <= release < high:
        supported = f"trl>={low[0]}.{low[1]},<{high[0]}.{high[1]}"
        raise TrainingError(
            f"DPO-Positive relies on DPOTrainer internals (fused LM head log_probs, "
            f"compute_ref_log_probs, _metrics) checked on {supported}; installed TRL is {version}",
            f"install '{supported}', or re-check cdpo_core/training/dpop.py against the new "
            "trl/trainer/dpo_trainer.py and widen TESTED_TRL",
        )


def check_trl_device(version: str, *, cuda: bool, triton: bool) -> None:
    """Refuse TRL 1.15 where it cannot compute a log-probability.

    Its fused LM head runs a Triton kernel and nothing else (TRL 1.16 added a PyTorch path for
    other devices), so without CUDA and triton it fails inside the first forward pass with an
    AttributeError from trl/trainer/utils.py. The gpu extra has both; a CPU install gets 1.16.
    """
    from packaging.version import Version

    if Version(version).release[:2] < (1, 16) and not (cuda and triton):
        missing = "no CUDA GPU" if not cuda else "no triton"
        raise TrainingError(
            f"TRL {version} computes log-probabilities with a Triton GPU kernel only, and this "
            f"machine has {missing}",
            "install 'trl>=1.16,<1.17' (what pip picks without the gpu extra), or train on a GPU",
        )


def dpop_losses(
    pol_chosen: Any,
    pol_rejected: Any,
    ref_chosen: Any,
    ref_rejected: Any,
    *,
    beta: float,
    lam: float,
) -> tuple[Any, Any]:
    """Per-pair DPO-Positive losses and penalties from sequence log-probabilities.

    Args:
        pol_chosen, pol_rejected: policy log-probabilities of the completions (summed tokens).
        ref_chosen, ref_rejected: the same under the reference model.
        beta: DPO's KL strength.
        lam: the DPOP penalty weight; 0 gives exactly DPO's sigmoid loss.

    Returns:
        (losses, penalties), both shaped like the inputs.
    """
    import torch
    import torch.nn.functional as F

    h = (pol_chosen - ref_chosen) - (pol_rejected - ref_rejected)
    # relu, not clamp: at equality (every first step, when a fresh LoRA adapter is the identity)
    # clamp would pass a lambda-sized gradient although the penalty is zero.
    penalty = torch.relu(ref_chosen - pol_chosen)
    return -F.logsigmoid(beta * (h - lam * penalty)), penalty


def make_dpop_trainer_class() -> type:
    """Build `DPOPTrainer` lazily, so importing this module does not import trl."""
    import importlib.util

    import torch
    import trl
    from trl import DPOTrainer

    check_trl_version(trl.__version__)
    check_trl_device(
        trl.__version__,
        cuda=torch.cuda.is_available(),
        triton=importlib.util.find_spec("triton") is not None,
    )

    class DPOPTrainer(DPOTrainer):
        """`DPOTrainer` whose loss is DPO-Positive with weight `dpop_lambda`."""

        def __init__(self, *args: Any, dpop_lambda: float, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            if self.loss_types != ["sigmoid"] or self.f_divergence_type != "reverse_kl":
                raise TrainingError(
                    f"DPO-Positive extends the sigmoid loss; got loss_type={self.loss_types}",
                    "set loss_type='sigmoid' or dpop_lambda=0",
                )
            if self.ld_alpha is not None or self.use_weighting:
                raise TrainingError(
                    "DPO-Positive does not combine with ld_alpha or WPO weighting",
                    "leave those TRL options at their defaults",
                )
            self.dpop_lambda = dpop_lambda

        def compute_loss(
            self,
            model: Any,
            inputs: dict[str, Any],
            return_outputs: bool = False,
            num_items_in_batch: Any = None,
        ) -> Any:
            if return_outputs:
                raise TrainingError(
                    "DPO-Positive computes no logits for compute_metrics",
                    "evaluate with prediction_loss_only=True",
                )
            # `model` is the module being trained here (the trainer's own may be None in types).
            mode = "train" if model.training else "eval"
            completion_mask = inputs["completion_mask"]
            extra = {"completion_mask", "ref_chosen_logps", "ref_rejected_logps"}
            model_kwargs = {k: v for k, v in inputs.items() if k not in extra}
            labels = inputs["input_ids"].masked_fill(completion_mask == 0, -100)
            outputs = model(**model_kwargs, use_cache=False, labels=labels, fused_lm_head=True)
            # Positions whose label is -100 carry log-prob 0, so a plain sum is the completion's.
            seq_len = completion_mask.size(1) - 1
            pol_chosen, pol_rejected = outputs.log_probs[:, -seq_len:].sum(dim=1).chunk(2)
            if self.precompute_ref_logps:
                ref_chosen, ref_rejected = inputs["ref_chosen_logps"], inputs["ref_rejected_logps"]
            else:
                reference = self.ref_model if self.ref_model is not None else self.model
                ref_chosen, ref_rejected = self.compute_ref_log_probs(reference, inputs)
            losses, penalty = dpop_losses(
                pol_chosen,
                pol_rejected,
                ref_chosen,
                ref_rejected,
                beta=self.beta,
                lam=self.dpop_lambda,
            )
            self._record(mode, inputs, pol_chosen, pol_rejected, ref_chosen, ref_rejected, penalty)
            return losses.mean()

        def _record(
            self,
            mode: str,
            inputs: dict[str, Any],
            pol_chosen: Any,
            pol_rejected: Any,
            ref_chosen: Any,
            ref_rejected: Any,
            penalty: Any,
        ) -> None:
            """The metrics TRL's sigmoid loss logs, under TRL's names, plus the DPOP penalty."""
            gather = self.accelerator.gather
            with torch.no_grad():
                chosen_rewards = self.beta * (pol_chosen - ref_chosen)
                rejected_rewards = self.beta * (pol_rejected - ref_rejected)
                values = {
                    "rewards/chosen": chosen_rewards,
                    "rewards/rejected": rejected_rewards,
                    "rewards/accuracies": (chosen_rewards > rejected_rewards).float(),
                    "rewards/margins": chosen_rewards - rejected_rewards,
                    "logps/chosen": pol_chosen,
                    "logps/rejected": pol_rejected,
                    "dpop/penalty": penalty,
                }
                for name, tensor in values.items():
                    self._metrics[mode][name].append(gather(tensor.detach()).mean().item())
                if mode == "train":
                    tokens = gather(inputs["attention_mask"].sum()).sum().item()
                    self._total_train_tokens += tokens
                self._metrics[mode]["num_tokens"] = [self._total_train_tokens]

    return DPOPTrainer
