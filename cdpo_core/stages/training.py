"""The training steps of the plan: SFT, pairs from compiler feedback, DPO, GRPO, DPO rounds.

Each runs a function of `cdpo_core.training` in the stored run the pipeline opened for it (its
spec in `cdpo_core.steps` says what the run records and fingerprints): the model is loaded the
way the session says, rows are built by the session's prompt format (so trainers never build
strings), and the adapter or pair set a step leaves is recorded as the run's artifact for the
next step.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

from cdpo_core.runner import RunContext, StageError
from cdpo_core.session import Session
from cdpo_core.stages.evaluate import judge_split, masked, prompt_format, render_prompt
from cdpo_core.stages.execute import execute_run
from cdpo_core.steps import StepCall


def load_session_model(session: Session, adapter: str | None = None) -> Any:
    from cdpo_core.models.loading import load_model

    settings = dataclasses.replace(
        session.config.model, name_or_path=session.model_path(), adapter=adapter
    )
    return load_model(settings)


def finish_training(ctx: RunContext, result: Any) -> None:
    losses = ctx.store.metrics(ctx.run_id).get("train/loss", [])
    ctx.summary.update(
        {
            "steps": result.global_step,
            "max_steps": result.max_steps,
            # The last logged step's loss, what the plot ends on; the trainer's own
            # `train_loss` is the mean over the whole run.
            "final_loss": losses[-1][1] if losses else result.metrics.get("train_loss", 0.0),
            "metrics": result.metrics,
        }
    )
    if result.collapse is not None:
        # The alarm belongs to the run's record: the plan's headline and the results read it.
        ctx.summary["collapse_alarm"] = result.collapse
    if result.stopped_early:
        # The trainer saved at a step boundary; the run resumes from there next time.
        raise KeyboardInterrupt
    ctx.store.set_artifact(ctx.run_id, str(result.adapter_dir))


def sft_step(session: Session, call: StepCall, ctx: RunContext) -> None:
    """LoRA fine-tuning on whole programs of the training split (the paper's +SFT), or on
    their masked tails in waves when `sft.curriculum` is set."""
    from datasets import Dataset

    from cdpo_core.training.curriculum import sft_rows
    from cdpo_core.training.sft import run_sft

    cfg = session.config
    loaded = load_session_model(session)
    fmt = prompt_format(session, loaded.family, loaded.tokenizer)
    samples = ctx.store.samples("train")
    if not samples:
        raise StageError("no training samples", f"run `cdpo prep {session.name}` first")
    rows, _ = sft_rows(samples, fmt, cfg.sft.curriculum, cfg.mask, cfg.sft.seed)
    result = run_sft(
        loaded.model,
        loaded.tokenizer,
        Dataset.from_list(rows),
        cfg.sft,
        ctx.directory,
        emit=ctx.emit,
        resume=ctx.resumed,
    )
    finish_training(ctx, result)


def prefs_step(session: Session, call: StepCall, ctx: RunContext) -> None:
    """Judge the model's completions of the training split and turn failures into pairs."""
    adapter = call.adapter
    ctx.store.set_artifact(ctx.run_id, str(build_pairs(ctx, adapter)))


def build_pairs(ctx: RunContext, adapter: str | None) -> Path:
    """Judge the model's completions of the training split and save the failures' pairs.

    Completions, verdicts and pairs are stored under the run (a resumed run keeps the judged
    ones); returns the `datasets` folder of the pairs.
    """
    from cdpo_core.oracle import Oracle, default_cache_path
    from cdpo_core.training.pairs import JudgedCompletion, make_pairs, pairs_to_dataset

    session, cfg = ctx.session, ctx.session.config
    prefs = cfg.preferences
    sampling = dataclasses.replace(
        cfg.generation,
        do_sample=prefs.temperature > 0,
        temperature=prefs.temperature if prefs.temperature > 0 else 1.0,
        top_p=prefs.top_p,
        num_return_sequences=prefs.completions_per_prompt,
        seed=prefs.seed,
    )
    judge_split(
        ctx,
        model_name=session.model_path(),
        adapter=adapter,
        split="train",
        generation=sampling,
    )
    executions: dict[int, str] = {}
    if prefs.grading == "execution":
        if not execute_run(ctx).counts:
            raise StageError(
                "preferences.grading = 'execution' but no completion ran on tests",
                "prep stores the tests (set execution.enabled = true), or use grading 'compile'",
            )
        executions = ctx.store.execution_verdicts(ctx.run_id)
    fmt = prompt_format(session, _family(session), _tokenizer(session))
    samples = {s.id: s for s in ctx.store.samples("train")}
    records = []
    completion_ids: dict[tuple[str, str], int] = {}
    for row in ctx.store.completions_with_verdicts(ctx.run_id):
        sample = samples[row["sample_id"]]
        records.append(
            JudgedCompletion(
                sample_id=str(sample.id),
                problem_id=sample.problem_id,
                prefix=sample.prefix,
                target=sample.target,
                completion=row["continuation"],
                level=row["level"],
                passed=bool(row["passed"]),
                categories=tuple(json.loads(row["categories"])),
                suffix=sample.suffix,
                masked=masked(sample),
                execution=executions.get(row["id"], ""),
            )
        )
        completion_ids[(str(sample.id), row["continuation"])] = row["id"]
    with Oracle(cfg.oracle, cache_path=default_cache_path(), warn=ctx.warn) as oracle:
        pairs, report = make_pairs(
            records, fmt, cfg.preferences, check=lambda code: oracle.check(code).passed
        )
    ctx.store.replace_pairs(
        ctx.run_id,
        [
            {
                "sample_id": int(p.sample_id),
                "completion_id": completion_ids.get((p.sample_id, p.rejected)),
                "source": "synthetic" if p.synthetic else p.chosen_from,
                "chosen": p.chosen,
                "rejected": p.rejected,
                "edit_distance": p.edit_distance,
                "category": p.category,
            }
            for p in pairs
        ],
    )
    ctx.summary.update(
        {
            "pairs": report.pairs,
            "mean_edit_distance": round(report.edit_distance_mean, 1),
            "median_edit_distance": report.edit_distance_median,
            "skipped": report.skipped,
            "synthetic_kept": report.synthetic_kept,
            "categories": report.categories,
        }
    )
    ctx.log(
        f"{report.pairs} pairs from {report.records} completions of {report.samples} "
        f"samples; edit distance mean {report.edit_distance_mean:.1f}, "
        f"median {report.edit_distance_median:.0f}"
    )
    for reason, count in report.skipped.items():
        ctx.log(f"  skipped {count}: {reason}")
    if not pairs:
        raise StageError(
            "no preference pair: every completion compiled, or all were filtered",
            "lower preferences.min_edit_distance, or add preferences.synthetic_negatives",
        )
    out = ctx.directory / "pairs"
    pairs_to_dataset(pairs).save_to_disk(str(out))
    return out


def _train_dpo(session: Session, ctx: RunContext, pairs: str, adapter: str | None) -> None:
    """DPO on the pair set saved at `pairs`, on top of `adapter` (None: Base)."""
    from datasets import load_from_disk

    from cdpo_core.training.dpo import run_dpo

    cfg = session.config
    loaded = load_session_model(session)
    result = run_dpo(
        loaded.model,
        loaded.tokenizer,
        load_from_disk(pairs),
        cfg.dpo,
        ctx.directory,
        sft_adapter=Path(adapter) if adapter else None,
        emit=ctx.emit,
        resume=ctx.resumed,
        collapse=cfg.collapse,
    )
    finish_training(ctx, result)


def dpo_step(session: Session, call: StepCall, ctx: RunContext) -> None:
    """DPO (or DPO-Positive) on the pairs, on top of Base or of the SFT adapter."""
    assert call.pairs is not None, "a dpo step names the step its pairs come from"
    _train_dpo(session, ctx, call.pairs, call.adapter)


def dpo_round_step(session: Session, call: StepCall, ctx: RunContext) -> None:
    """One round of iterative DPO: sample from the latest policy, judge, pair, train.

    The policy is the adapter of the previous round (round 1: +SFT); it is also this round's
    reference, so each round is regularised towards where the last one ended. Completions,
    verdicts and pairs are stored under this round's run, so the pair tables and the
    browsers show each round's own failures.
    """
    _train_dpo(session, ctx, str(build_pairs(ctx, call.adapter)), call.adapter)


def grpo_step(session: Session, call: StepCall, ctx: RunContext) -> None:
    """GRPO on the training split's masked-tail prompts, rewarded by the compiler."""
    from datasets import Dataset

    from cdpo_core.oracle import Oracle, default_cache_path
    from cdpo_core.prompts import reply_category
    from cdpo_core.training.curriculum import RowReward, grpo_rows
    from cdpo_core.training.grpo import run_grpo
    from cdpo_core.training.rewards import CompileReward, RewardScale

    cfg = session.config
    adapter = call.adapter
    loaded = load_session_model(session)
    fmt = prompt_format(session, loaded.family, loaded.tokenizer)
    samples = ctx.store.samples("train")
    if not samples:
        raise StageError("no training samples", f"run `cdpo prep {session.name}` first")
    # With a curriculum, a row per sample and wave, `masks` keyed by the row (`RowReward`).
    rows, masks, waves = grpo_rows(
        samples,
        lambda m: render_prompt(fmt, loaded.tokenizer, m),
        masked,
        cfg.grpo.curriculum,
        cfg.mask,
        cfg.grpo.seed,
    )

    def program_of(key: int, text: str) -> str | None:
        # As evaluation judges: a chat reply without code fails as such, uncompiled.
        if reply_category(fmt, text) is not None:
            return None
        m = masks[key]
        return fmt.program(m, fmt.parse(text, m))

    with Oracle(cfg.oracle, cache_path=default_cache_path(), warn=ctx.warn) as oracle:
        reward = CompileReward(oracle, program_of, RewardScale.of(cfg.grpo))
        result = run_grpo(
            loaded.model,
            loaded.tokenizer,
            Dataset.from_list(rows),
            [reward if waves is None else RowReward(reward)],
            cfg.grpo,
            ctx.directory,
            sft_adapter=Path(adapter) if adapter else None,
            emit=ctx.emit,
            resume=ctx.resumed,
        )
    finish_training(ctx, result)


def _tokenizer(session: Session) -> Any:
    from transformers import AutoTokenizer

    return AutoTokenizer.from_pretrained(session.model_path())


def _family(session: Session) -> str:
    from cdpo_core.models.loading import detect_family

    return detect_family(session.model_path())
