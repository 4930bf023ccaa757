"""The training steps of the plan: SFT, preference pairs from compiler feedback, DPO.

Each wraps a function of `cdpo_core.training` in a stored run: the model is loaded the way the
session says, rows are built by the session's prompt format (so trainers never build strings),
and the adapter or pair set a step leaves is recorded as the run's artifact for the next step.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

from cdpo_core.runner import RunContext, StageError, stage_inputs, stage_run
from cdpo_core.session import Session
from cdpo_core.stages.evaluate import judge_split, masked, prompt_format
from cdpo_core.steps import StepCall, recorded_settings


def _load(session: Session, adapter: str | None = None) -> Any:
    from cdpo_core.models.loading import load_model

    settings = dataclasses.replace(
        session.config.model, name_or_path=session.model_path(), adapter=adapter
    )
    return load_model(settings)


def _finish_training(ctx: RunContext, result: Any) -> None:
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
    if result.stopped_early:
        # The trainer saved at a step boundary; the run resumes from there next time.
        raise KeyboardInterrupt
    ctx.store.set_artifact(ctx.run_id, str(result.adapter_dir))


def sft_step(session: Session, call: StepCall) -> None:
    """LoRA fine-tuning on whole programs of the training split (the paper's +SFT)."""
    from datasets import Dataset

    from cdpo_core.training.sft import run_sft

    cfg = session.config
    with stage_run(
        session,
        call.spec.name,
        "sft",
        emit=call.emit,
        label=call.spec.label,
        model=cfg.model.name_or_path,
        split="train",
        settings=recorded_settings(cfg, call.spec),
        inputs=stage_inputs(session, model=cfg.model.name_or_path, split="train"),
        restart=call.restart,
    ) as ctx:
        loaded = _load(session)
        fmt = prompt_format(session, loaded.family, loaded.tokenizer)
        samples = ctx.store.samples("train")
        if not samples:
            raise StageError("no training samples", f"run `cdpo prep {session.name}` first")
        rows = Dataset.from_list([fmt.sft_example(s.code) for s in samples])
        result = run_sft(
            loaded.model,
            loaded.tokenizer,
            rows,
            cfg.sft,
            ctx.directory,
            emit=ctx.emit,
            resume=ctx.resumed,
        )
        _finish_training(ctx, result)


def prefs_step(session: Session, call: StepCall) -> None:
    """Judge the model's completions of the training split and turn failures into pairs."""
    from cdpo_core.oracle import Oracle, default_cache_path
    from cdpo_core.training.pairs import JudgedCompletion, make_pairs, pairs_to_dataset

    cfg = session.config
    step, label, adapter = call.spec.name, call.spec.label, call.adapter
    with stage_run(
        session,
        step,
        "prefs",
        emit=call.emit,
        label=label,
        model=cfg.model.name_or_path,
        split="train",
        settings=recorded_settings(cfg, call.spec) | {"adapter": adapter},
        inputs=stage_inputs(
            session, model=cfg.model.name_or_path, adapter=adapter, split="train", compiler=True
        ),
        restart=call.restart,
    ) as ctx:
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
        ctx.store.set_artifact(ctx.run_id, str(out))


def dpo_step(session: Session, call: StepCall) -> None:
    """DPO (or DPO-Positive) on the pairs, on top of Base or of the SFT adapter."""
    from datasets import load_from_disk

    from cdpo_core.training.dpo import run_dpo

    cfg = session.config
    adapter, pairs = call.adapter, call.pairs
    assert pairs is not None, "a dpo step names the step its pairs come from"
    with stage_run(
        session,
        call.spec.name,
        "dpo",
        emit=call.emit,
        label=call.spec.label,
        model=cfg.model.name_or_path,
        split="train",
        settings=recorded_settings(cfg, call.spec) | {"pairs": pairs, "sft_adapter": adapter},
        inputs=stage_inputs(session, model=cfg.model.name_or_path, adapter=adapter, pairs=pairs),
        restart=call.restart,
    ) as ctx:
        loaded = _load(session)
        dataset = load_from_disk(pairs)
        result = run_dpo(
            loaded.model,
            loaded.tokenizer,
            dataset,
            cfg.dpo,
            ctx.directory,
            sft_adapter=Path(adapter) if adapter else None,
            emit=ctx.emit,
            resume=ctx.resumed,
        )
        _finish_training(ctx, result)


def _tokenizer(session: Session) -> Any:
    from transformers import AutoTokenizer

    return AutoTokenizer.from_pretrained(session.model_path())


def _family(session: Session) -> str:
    from cdpo_core.models.loading import detect_family

    return detect_family(session.model_path())
