"""DPO-Positive's loss on tensors, and the pins it relies on."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
import torch
import torch.nn.functional as F
from packaging.requirements import Requirement

from cdpo_core.training.dpo import loss_types
from cdpo_core.training.dpop import (
    TESTED_TRL,
    check_trl_device,
    check_trl_version,
    dpop_losses,
)
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
    for version in ("1.15.0", "1.16.0", "1.16.4"):  # the GPU extra's TRL, then the CPU path's
        check_trl_version(version)
    with pytest.raises(TrainingError, match=r"installed TRL is 1\.17\.0") as raised:
        check_trl_version("1.17.0")
    assert "'trl>=1.15,<1.17'" in raised.value.hint
    for version in ("1.14.2", "0.29.1"):  # 1.14's DPOTrainer has no fused LM head
        with pytest.raises(TrainingError, match=f"installed TRL is {version}"):
            check_trl_version(version)
    check_trl_version()  # the installed TRL is one this module was checked against


def test_trl_1_15_is_refused_where_its_triton_only_kernel_cannot_run() -> None:
    check_trl_device("1.15.0", cuda=True, triton=True)  # the gpu extra: CUDA torch + triton
    for version in ("1.16.0", "1.16.4"):  # the CPU path: TRL 1.16 has a PyTorch fallback
        check_trl_device(version, cuda=False, triton=False)
    with pytest.raises(TrainingError, match=r"TRL 1\.15\.0 .*Triton.*no CUDA GPU") as raised:
        check_trl_device("1.15.0", cuda=False, triton=False)
    assert "'trl>=1.16,<1.17'" in raised.value.hint
    with pytest.raises(TrainingError, match="no triton"):
        check_trl_device("1.15.0", cuda=True, triton=False)


def test_pyproject_bounds_trl_to_the_checked_releases() -> None:
    """pip must never install a TRL that `check_trl_version` then refuses, nor forbid one it
    accepts: pyproject's trl bound and TESTED_TRL name the same releases."""
    pyproject = Path(__file__).resolve().parents[2] / "pyproject.toml"
    dependencies = tomllib.loads(pyproject.read_text())["project"]["dependencies"]
    (trl,) = [Requirement(d) for d in dependencies if Requirement(d).name == "trl"]
    low, high = TESTED_TRL
    for release in [(major, minor) for major in range(3) for minor in range(40)]:
        for patch in (0, 9):
            version = f"{release[0]}.{release[1]}.{patch}"
            assert trl.specifier.contains(version) == (low <= release < high), (trl, version)


def test_loss_settings_are_checked_before_training() -> None:
    assert loss_types(DPOSettings(loss_type="sigmoid, sft")) == ["sigmoid", "sft"]
    with pytest.raises(TrainingError, match="dpop_lambda must be >= 0"):
        loss_types(DPOSettings(dpop_lambda=-1.0))
    with pytest.raises(TrainingError, match="unknown DPO loss type"):
        loss_types(DPOSettings(loss_type=""))
