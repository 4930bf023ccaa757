"""Evaluation: a model completes every masked sample of a split and the oracle judges each.

Generation and compilation overlap: each decoded batch is parsed and submitted to the oracle's
worker pool while the model generates the next one, and a sample's completions are written to
the store as soon as all of them are judged. A killed run restarts with the samples that have no
stored completion, so nothing is lost or generated twice.
"""

from __future__ import annotations

import re
import time
from collections.abc import Sequence
from concurrent.futures import FIRST_COMPLETED, Future, wait
from dataclasses import dataclass, field
from typing import Any

from cdpo_core.events import Emit, LogLine, Progress
from cdpo_core.masking import MaskedProgram
from cdpo_core.models.generation import GenerationSettings
from cdpo_core.oracle import Oracle, Verdict, default_cache_path
from cdpo_core.prompts import PromptFormat, format_from_settings, reply_category
from cdpo_core.results import format_rate
from cdpo_core.runner import RunContext, StageError, stage_inputs, stage_run
from cdpo_core.session import Session
from cdpo_core.settings_io import to_dict
from cdpo_core.steps import STEPS, StepCall, recorded_settings
from cdpo_core.store import CompletionRecord, Sample


def masked(sample: Sample) -> MaskedProgram:
    return MaskedProgram.from_span(sample.code, sample.mask_start, sample.mask_end)


def prompt_format(session: Session, family: str, tokenizer: Any) -> PromptFormat:
    """The session's format, or the model family's when the setting is `auto`."""
    cfg = session.config
    return format_from_settings(
        cfg.prompt, auto=family, mask_settings=cfg.mask, tokenizer=tokenizer
    )


def render_prompt(fmt: PromptFormat, tokenizer: Any, m: MaskedProgram) -> str:
    """The exact text the model sees: chat prompts go through the tokenizer's template."""
    prompt = fmt.prompt(m)
    if isinstance(prompt, str):
        return prompt
    return str(tokenizer.apply_chat_template(prompt, tokenize=False, add_generation_prompt=True))


def step_name(
    label: str, split: str, model: str | None, adapter: str | None, limit: int | None = None
) -> str:
    """`eval-base` for the plan's own evaluation; other models, splits and subsets get their
    own step, so a partial run never stands in for the plan's."""
    slug = re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-") or "model"
    name = f"eval-{slug}"
    if split != "test":
        name += f"-{split}"
    if model or adapter:
        name += "-" + re.sub(r"[^A-Za-z0-9]+", "-", (adapter or model or "")).strip("-")[-40:]
    if limit:
        name += f"-first{limit}"
    return name


@dataclass
class _Tally:
    passed: int = 0
    total: int = 0
    tokens: int = 0
    categories: dict[str, int] = field(default_factory=dict)

    def add(self, verdict: Verdict, tokens: int) -> None:
        self.total += 1
        self.tokens += tokens
        if verdict.passed:
            self.passed += 1
        else:
            key = verdict.categories[0] if verdict.categories else "other"
            self.categories[key] = self.categories.get(key, 0) + 1


def judge_split(
    ctx: RunContext,
    *,
    model_name: str,
    adapter: str | None,
    split: str,
    limit: int | None = None,
    generation: GenerationSettings | None = None,
) -> _Tally:
    """Generate for every not-yet-judged sample of `split`, compile, and store as it goes.

    `generation` overrides the session's decoding settings (the pairs stage samples).
    """
    from cdpo_core.models.generation import generate
    from cdpo_core.models.loading import load_model

    session = ctx.session
    cfg = session.config
    samples = ctx.store.samples(split)[:limit] if limit else ctx.store.samples(split)
    if not samples:
        raise StageError(
            f"the session has no {split} samples",
            f"run `cdpo prep {session.name}` first",
        )
    done = {sample_id for sample_id, _ in ctx.store.done_keys(ctx.run_id)}
    todo = [s for s in samples if s.id not in done]
    tally = _tally_from_store(ctx)
    if done:
        ctx.log(f"resuming: {len(done)} samples already judged, {len(todo)} to go")
    if not todo:
        return tally
    settings = cfg.model.__class__(
        **{**to_dict(cfg.model), "name_or_path": model_name, "adapter": adapter}
    )
    loaded = load_model(settings, emit=ctx.emit)
    fmt = prompt_format(session, loaded.family, loaded.tokenizer)
    masks = [masked(s) for s in todo]
    prompts = [render_prompt(fmt, loaded.tokenizer, m) for m in masks]
    generation = generation or cfg.generation
    n = generation.num_return_sequences
    pending: dict[int, list[tuple[Any, str, str, Future[Verdict]]]] = {}
    started = time.monotonic()

    def flush(oracle: Oracle, wait: bool) -> None:
        ready = [
            i
            for i, items in pending.items()
            if len(items) == n and (wait or all(f.done() for *_, f in items))
        ]
        records = []
        for i in ready:
            for gen, continuation, program, future in pending.pop(i):
                verdict = future.result()
                tally.add(verdict, gen.new_tokens)
                records.append(
                    CompletionRecord(
                        sample_id=todo[i].id,
                        seq=gen.sample,
                        prompt=prompts[i],
                        output=gen.text,
                        continuation=continuation,
                        program=program,
                        new_tokens=gen.new_tokens,
                        seconds=gen.seconds,
                        level=verdict.level,
                        passed=verdict.passed,
                        categories=tuple(verdict.categories),
                        first_error=verdict.first_error,
                        compile_seconds=verdict.duration_s,
                        diagnostics=tuple(d.to_dict() for d in verdict.diagnostics),
                    )
                )
        if records:
            ctx.store.add_completions(ctx.run_id, records)
            elapsed = max(1e-9, time.monotonic() - started)
            ctx.emit(
                Progress(
                    stage=ctx.run.step,
                    done=tally.total // n,
                    total=len(samples),
                    unit="samples",
                    stats={
                        "tokens/s": round(tally.tokens / elapsed, 1),
                        "compile/rate": round(tally.passed / max(1, tally.total), 4),
                    },
                )
            )

    with Oracle(cfg.oracle, cache_path=default_cache_path(), warn=ctx.warn) as oracle:

        def on_batch(batch: Sequence[Any]) -> None:
            for gen in batch:
                m = masks[gen.index]
                continuation = fmt.parse(gen.text, m)
                program = fmt.program(m, continuation)
                pending.setdefault(gen.index, []).append(
                    (gen, continuation, program, _judge(oracle, fmt, gen.text, program))
                )
            flush(oracle, wait=False)

        try:
            _, skipped = generate(loaded, prompts, generation, on_batch=on_batch, emit=ctx.emit)
        finally:
            # Whatever was generated is judged and stored, also on Ctrl-C, each verdict as it
            # arrives: compiles run below generation's priority and may trail it by many
            # samples, and a kill now must not lose the ones already judged.
            futures = {future for items in pending.values() for *_, future in items}
            while futures:
                _, futures = wait(futures, return_when=FIRST_COMPLETED)
                flush(oracle, wait=False)
            flush(oracle, wait=True)
    for skip in skipped:
        ctx.log(f"skipped {todo[skip.index].submission_id}: {skip.reason}", "warning")
    ctx.summary["skipped_prompts"] = len(skipped)
    return tally


def _judge(oracle: Oracle, fmt: PromptFormat, output: str, program: str) -> Future[Verdict]:
    """The oracle's verdict on `program`; for a reply that held no code at all, at once a
    failure of the reply's own category (compiling the bare prefix would blame a compile error
    on what the model never wrote)."""
    category = reply_category(fmt, output)
    if category is None:
        return oracle.submit(program)
    future: Future[Verdict] = Future()
    future.set_result(Verdict(level="errors", passed=False, categories=(category,)))
    return future


def _tally_from_store(ctx: RunContext) -> _Tally:
    passed, total = ctx.store.verdict_counts(ctx.run_id)
    return _Tally(passed=passed, total=total, categories=ctx.store.category_counts(ctx.run_id))


def eval_step(session: Session, call: StepCall) -> None:
    """A plan's `eval-*` step: its label's model on the plan's split."""
    run_eval(
        session,
        emit=call.emit,
        adapter=call.adapter,
        split=session.config.plan.eval_split,
        label=call.spec.label,
        step=call.spec.name,
        restart=call.restart,
    )


def run_eval(
    session: Session,
    *,
    emit: Emit,
    model: str | None = None,
    adapter: str | None = None,
    split: str = "test",
    label: str = "Base",
    step: str | None = None,
    limit: int | None = None,
    restart: bool = False,
) -> dict[str, Any]:
    """Compile success of a model (optionally with an adapter) on a split, stored per sample."""
    cfg = session.config
    model_name = session.model_path(model)
    step = step or step_name(label, split, model, adapter, limit)
    settings = recorded_settings(cfg, STEPS["eval-base"])
    settings["model"] |= {"name_or_path": model_name, "adapter": adapter}
    settings["limit"] = limit
    inputs = stage_inputs(session, model=model_name, adapter=adapter, split=split, compiler=True)
    with stage_run(
        session,
        step,
        "eval",
        emit=emit,
        label=label,
        model=model or cfg.model.name_or_path,
        split=split,
        settings=settings,
        inputs=inputs,
        restart=restart,
    ) as ctx:
        judge_split(ctx, model_name=model_name, adapter=adapter, split=split, limit=limit)
        passed, total = ctx.store.verdict_counts(ctx.run_id)
        categories = ctx.store.category_counts(ctx.run_id)
        # A number even when none were skipped: the tables read it (a skipped prompt has no
        # completion in the store to count).
        skipped = int(ctx.summary.get("skipped_prompts", 0))
        ctx.summary.update(
            {
                "passed": passed,
                "total": total,
                "rate": passed / total if total else 0.0,
                "categories": categories,
                "skipped_prompts": skipped,
            }
        )
        rate = (
            format_rate(
                passed,
                total,
                skipped,
                as_failures=cfg.plan.skipped_count_as_failures,
                per_prompt=cfg.generation.num_return_sequences,
            )
            if total or skipped
            else "no samples"
        )
        ctx.emit(LogLine(stage=step, message=f"{label} compile success on {split}: {rate}"))
        for category, count in categories.items():
            ctx.emit(LogLine(stage=step, message=f"  {count:5d}  {category}"))
    return ctx.summary
