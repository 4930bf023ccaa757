"""DPO-Positive's loss on tensors, and the pins it relies on."""

from __future__ import annotations

import pytest
import torch
import torch.nn.functional as F

from cdpo_core.training.dpo import loss_types
from cdpo_core.training.dpop import check_trl_version, dpop_losses
from cdpo_core.training.settings import DPOSettings, TrainingError


def _loss(pol_c: float, pol_r: float, ref_c: float, ref_r: float, lam: float):
    tensors = [torch.tensor([v], requires_grad=True) for v in (pol_c, pol_r, ref_c, ref_r)]
    loss, penalty = dpop_losses(*tensors, beta=0.1, lam=lam)
    loss.sum().backward()
    return loss.item(), penalty.item(), tensors[0].grad.item()


def test_no_penalty_while_chosen_stays_above_reference() -> None:
    for pol_c in (-10.0, -9.0, -2.0):  # reference chosen is -10: at or above it
        loss, penalty, _ = _loss(pol_c, -12.0, -10.0, -11.0, lam=50.0)
        plain_dpo = -F.logsigmoid(torch.tensor(0.1 * ((pol_c + 10.0) - (-12.0 + 11.0)))).item()
        assert penalty == 0.0
        assert loss == pytest.approx(plain_dpo)


def test_penalty_grows_as_chosen_falls_below_reference() -> None:
    # Keep the DPO margin h fixed (rejected falls with chosen) so only the penalty moves.
    results = [_loss(-10.0 - d, -12.0 - d, -10.0, -11.0, lam=50.0) for d in (0.0, 0.5, 1.0, 2.0)]
    penalties = [penalty for _, penalty, _ in results]
    losses = [loss for loss, _, _ in results]
    assert penalties == pytest.approx([0.0, 0.5, 1.0, 2.0])
    assert losses == sorted(losses) and losses[0] < losses[-1]
    # ...and its gradient pushes the chosen log-probability back up, far harder than DPO's.
    _, _, dpop_grad = _loss(-11.0, -13.0, -10.0, -11.0, lam=50.0)
    _, _, dpo_grad = _loss(-11.0, -13.0, -10.0, -11.0, lam=0.0)
    assert dpop_grad < dpo_grad < 0


def test_lambda_zero_is_trl_sigmoid_loss() -> None:
    pol_c, pol_r = torch.randn(16), torch.randn(16)
    ref_c, ref_r = torch.randn(16), torch.randn(16)
    loss, _ = dpop_losses(pol_c, pol_r, ref_c, ref_r, beta=0.1, lam=0.0)
    trl = -F.logsigmoid(0.1 * ((pol_c - ref_c) - (pol_r - ref_r)))
    assert torch.allclose(loss, trl)


def test_trl_version_is_pinned_with_a_clear_message() -> None:
    check_trl_version("1.16.0")
    check_trl_version("1.16.4")
    with pytest.raises(TrainingError, match=r"installed TRL is 1\.17\.0.*trl~=1\.16\.0"):
        check_trl_version("1.17.0")
    with pytest.raises(TrainingError, match="installed TRL is 0.29.1"):
        check_trl_version("0.29.1")
    check_trl_version()  # the installed TRL is the one this module was checked against


def test_loss_settings_are_checked_before_training() -> None:
    assert loss_types(DPOSettings(loss_type="sigmoid, sft")) == ["sigmoid", "sft"]
    with pytest.raises(TrainingError, match="dpop_lambda must be >= 0"):
        loss_types(DPOSettings(dpop_lambda=-1.0))
    with pytest.raises(TrainingError, match="unknown DPO loss type"):
        loss_types(DPOSettings(loss_type=""))
