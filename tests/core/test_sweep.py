"""The loss sweep: one pair set, several losses, one reference pass kept in the session."""

from __future__ import annotations

import contextlib
import math
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from micro_session import micro_session

from cdpo_core.events import Recorder
from cdpo_core.fingerprint import dataset_fingerprint
from cdpo_core.pipeline import run_step
from cdpo_core.runner import StageError
from cdpo_core.session import Session
from cdpo_core.stages.sweep import loss_settings, parse_losses, run_sweep, sweep_table
from cdpo_core.training.settings import DPOSettings


def test_loss_names() -> None:
    base = DPOSettings()
    assert loss_settings(base, "dpop").dpop_lambda == 50.0
    assert loss_settings(DPOSettings(dpop_lambda=5.0), "dpop").dpop_lambda == 5.0
    assert loss_settings(base, "rpo").loss_type == "sigmoid,sft"
    assert loss_settings(DPOSettings(dpop_lambda=5.0), "ipo").dpop_lambda == 0.0
    assert parse_losses("sigmoid, ipo,sigmoid") == ["sigmoid", "ipo"]
    with pytest.raises(StageError, match="unknown loss 'nope'"):
        loss_settings(base, "nope")


@dataclass
class Forwards:
    """What the trainers' models ran: forward passes as the reference and as the policy."""

    reference: int = 0
    """Forward passes made while TRL ran the model as the reference."""
    entries: int = 0
    """Times TRL switched the model to the reference (`use_adapter`)."""
    policy: list[int] = field(default_factory=list)
    """Per trainer, in the order built: its model's forward passes outside the reference (from
    the end of its construction on, where TRL's own precompute pass runs)."""
    trainers: list[tuple[str, bool, bool]] = field(default_factory=list)
    """Per trainer built: class name, has a separate reference model, policy is a peft model."""
    inside: bool = False
    """Whether TRL is in `use_adapter` now."""


@pytest.fixture()
def forwards(monkeypatch: pytest.MonkeyPatch) -> Forwards:
    """Counts the forward passes of every DPO trainer's model, and which ran as the reference.

    With a LoRA policy and no separate reference model (asserted per trainer, so no reference
    pass can bypass the count), TRL runs the reference by entering `use_adapter` (adapter
    disabled, or the frozen "ref" copy) around a forward of the same model, in its precompute
    pass and in its loss (DPOP's too) alike. A forward hook counts the model's real forward
    passes; one hook held for the trainer's life counts them all, one held inside
    `use_adapter` counts the reference's.
    """
    import trl.trainer.dpo_trainer as dpo_trainer
    from peft import PeftModel
    from trl import DPOTrainer

    seen = Forwards()
    real_use_adapter = dpo_trainer.use_adapter
    real_init = DPOTrainer.__init__

    def count_reference(*_: Any) -> None:
        seen.reference += 1

    @contextlib.contextmanager
    def counting_use_adapter(model: Any, *args: Any, **kwargs: Any) -> Iterator[None]:
        seen.entries += 1
        handle = model.register_forward_hook(count_reference)
        seen.inside = True
        try:
            with real_use_adapter(model, *args, **kwargs):
                yield
        finally:
            seen.inside = False
            handle.remove()

    def counting_init(self: Any, *args: Any, **kwargs: Any) -> None:
        real_init(self, *args, **kwargs)
        policy_is_peft = isinstance(self.model, PeftModel)
        seen.trainers.append((type(self).__name__, self.ref_model is not None, policy_is_peft))
        index = len(seen.policy)
        seen.policy.append(0)

        def count_policy(*_: Any) -> None:
            if not seen.inside:
                seen.policy[index] += 1

        self.model.register_forward_hook(count_policy)

    monkeypatch.setattr(dpo_trainer, "use_adapter", counting_use_adapter)
    monkeypatch.setattr(DPOTrainer, "__init__", counting_init)
    return seen


@pytest.mark.slow
def test_sweep_computes_reference_log_probs_once(
    tiny_model_dir: Path, tmp_path: Path, forwards: Forwards, monkeypatch: pytest.MonkeyPatch
) -> None:
    from datasets import load_from_disk

    import cdpo_core.training.dpo as dpo

    original = dpo.reference_log_probs

    def caching_like_real_pairs(model: Any, tokenizer: Any, dataset: Any, *args: Any, **kw: Any):
        # On SmolLM2's pairs TRL's tokenisation left `cache-*.arrow` files in the pairs folder
        # (the micro pairs are mapped in memory): do what it did, mid-sweep.
        folder = Path(dataset.cache_files[0]["filename"]).parent
        load_from_disk(str(folder)).map(lambda row: {"n": len(row["prompt"])})
        assert list(folder.glob("cache-*.arrow"))
        return original(model, tokenizer, dataset, *args, **kw)

    monkeypatch.setattr(dpo, "reference_log_probs", caching_like_real_pairs)
    session = micro_session(tmp_path, tiny_model_dir, "sweep")
    for step in ("sft", "prefs-sft"):
        run_step(session, step, emit=Recorder())
    assert forwards == Forwards()
    with session.store(readonly=True) as store:
        run = store.latest_run("prefs-sft")
        assert run is not None
        pairs = len(store.pair_distances(run.id))
    assert pairs > 0

    losses = ["sigmoid", "dpop", "ipo"]
    rows = run_sweep(session, "t", "prefs-sft", losses, emit=Recorder())
    print(f"pairs {pairs}, after the first sweep: {forwards}")
    # One trainer for the reference pass, one per loss; none with a separate reference model.
    assert forwards.trainers == [
        ("DPOTrainer", False, True),
        ("DPOTrainer", False, True),
        ("DPOPTrainer", False, True),
        ("DPOTrainer", False, True),
    ]
    # One reference pass over the pairs, in batches of dpo.batch_size; none while training,
    # though training ran the policy forward (at least once per step of each loss: the hooks
    # do see these models' forward passes).
    batches = math.ceil(pairs / session.config.dpo.batch_size)
    assert forwards.entries == forwards.reference == batches
    steps = session.config.dpo.max_steps
    assert forwards.policy[0] == 0 and all(n >= steps for n in forwards.policy[1:])
    assert [r.loss for r in rows] == losses
    with session.store(readonly=True) as store:
        for row in rows:
            trained = store.run(row.train_run)
            assert trained.status == "done" and trained.summary["steps"] == 2
            assert row.total == store.sample_counts()["test"]
    # TRL tokenised the pairs (datasets cached that beside them), yet they are the same pairs:
    # a stopped sweep (or dpo step) resumes instead of refusing them as changed.
    pairs_folder = Path(str(run.artifact))
    with session.store(readonly=True) as store:
        stored = store.run(rows[0].train_run).fingerprint
    assert stored["input:pairs"] == dataset_fingerprint(pairs_folder)
    # Kept in the session: the pairs with TRL's two reference columns.
    assert len(list((session.path / "refs").glob("*/dataset_info.json"))) == 1
    table = sweep_table("t", rows)
    assert [r[0] for r in table.rows] == losses
    with session.store(readonly=True) as store:  # the chosen side against the reference
        for row, printed in zip(rows, table.rows, strict=True):
            curve = [value for _, value in store.metrics(row.train_run)["rewards/chosen"]]
            assert row.chosen_reward == (min(curve), curve[-1])
            assert printed[4] == f"{min(curve):.3f}, {curve[-1]:.3f}"
            assert (row.accepted is None) == (printed[2] == "—")  # "—" only where no test ran

    # A second sweep of the same pairs from the same start reads the stored numbers.
    run_sweep(Session.open(tmp_path, "sweep"), "again", "prefs-sft", ["apo_zero"], emit=Recorder())
    print(f"after the second sweep: {forwards}")
    assert forwards.entries == forwards.reference == batches
    assert forwards.trainers[4] == ("DPOTrainer", False, True) and forwards.policy[4] >= steps


def test_cli_refuses_what_it_cannot_sweep(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from cdpo_core.cli import main

    assert main(["--sessions", str(tmp_path), "init", "s", "--preset", "demo"]) == 0
    assert main(["--sessions", str(tmp_path), "sweep", "s", "--pairs", "eval-base"]) == 1
    assert "eval-base builds no pairs" in capsys.readouterr().err
    assert main(["--sessions", str(tmp_path), "sweep", "s", "--pairs", "prefs-sft"]) == 1
    assert "step prefs-sft has not finished yet" in capsys.readouterr().err
    args = ["--sessions", str(tmp_path), "sweep", "s", "--pairs", "prefs-sft", "--losses", "x"]
    assert main(args) == 1
    assert "unknown loss 'x'" in capsys.readouterr().err
