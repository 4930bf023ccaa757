"""Iterative DPO: each round samples from the previous round's policy, judges, pairs, trains."""

from __future__ import annotations

from pathlib import Path

import pytest
from micro_session import micro_session

from cdpo_core.events import Recorder
from cdpo_core.pipeline import run_step
from cdpo_core.results import session_results
from cdpo_core.stages.evaluate import run_eval
from cdpo_core.steps import STEPS, round_label


def test_rounds_chain_their_adapters() -> None:
    assert STEPS["dpo-round-1"].adapter_from == "sft"
    assert STEPS["dpo-round-2"].adapter_from == "dpo-round-1"
    assert STEPS["eval-dpo-round-2"].adapter_from == "dpo-round-2"
    assert STEPS["dpo-round-2"].label == round_label(2) == "+SFT+DPO r2"


@pytest.mark.slow
def test_round_two_pairs_come_from_round_one(tiny_model_dir: Path, tmp_path: Path) -> None:
    # A large step so that one round visibly changes what the micro model writes.
    session = micro_session(tmp_path, tiny_model_dir, "rounds", "dpo.learning_rate=0.02")
    for step in ("sft", "dpo-round-1", "dpo-round-2", "eval-dpo-round-2"):
        run_step(session, step, emit=Recorder())
    with session.store(readonly=True) as store:
        one, two = store.latest_run("dpo-round-1"), store.latest_run("dpo-round-2")
        assert one is not None and two is not None
        assert one.status == two.status == "done"
        assert two.settings["adapter"] == one.artifact  # round 2 sampled round 1's adapter
        rejected = {
            row["sample_id"]: row["rejected"]
            for row in store.db.execute(
                "SELECT sample_id, rejected FROM pairs WHERE run_id = ?", (two.id,)
            )
        }
        sft_texts = {
            r["sample_id"]: r["continuation"] for r in store.completions_with_verdicts(one.id)
        }
    assert rejected

    # Recompute: round 1's adapter, decoding as the rounds do (greedy), on the training split.
    check = run_eval(
        session, emit=Recorder(), adapter=one.artifact, split="train", label="check", step="check"
    )
    assert check["total"] > 0
    with session.store(readonly=True) as store:
        run = store.latest_run("check")
        assert run is not None
        rows = store.completions_with_verdicts(run.id)
    outputs = {r["sample_id"]: r["continuation"] for r in rows}
    failed = {r["sample_id"] for r in rows if not r["passed"]}
    # Item by item, so that a degenerate model writing the same text everywhere proves nothing.
    assert all(outputs[s] == text for s, text in rejected.items()), (
        "round 2's rejected texts are round 1's outputs for the same programs"
    )
    changed = {s for s, text in outputs.items() if text != sft_texts.get(s)}
    assert changed, "round 1 changed what the model writes, so the check above can tell"
    assert {s: outputs[s] for s in changed & failed} == {
        s: rejected[s] for s in changed & failed
    }, "every changed program that still fails is paired with round 1's text, not +SFT's"

    results = session_results(session)
    assert round_label(2) in results.table1.columns
    assert {p.step for p in results.pairs} >= {"dpo-round-1", "dpo-round-2"}
