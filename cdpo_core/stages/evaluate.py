"""Evaluation: a model completes every masked sample of a split and the oracle judges each.

Each decoded batch is parsed and submitted to the oracle's worker pool at once. When the model
decodes on a GPU the batch compiles while the next one generates; on a CPU the next batch waits
until this one is judged, since on shared cores g++ can slow decoding down far more than it
saves (`models.overlap`). A sample's completions are written to the store as soon as all of
them are judged. A killed run restarts with the samples that have no stored completion, so
nothing is lost or generated twice.
"""

from __future__ import annotations

import dataclasses
import re
import time
from collections.abc import Sequence
from concurrent.futures import FIRST_COMPLETED, Future, wait
from dataclasses import dataclass, field
from typing import Any

from cdpo_core.events import Emit, LogLine, Progress
from cdpo_core.launch import gather_shards, shard
from cdpo_core.masking import MaskedProgram
from cdpo_core.models.generation import GenerationSettings
from cdpo_core.oracle import Oracle, Verdict, default_cache_path
from cdpo_core.prompts import (
    PromptFormat,
    format_from_settings,
    parse_is_final,
    reply_category,
)
from cdpo_core.results import format_rate
from cdpo_core.runner import RunContext, StageError
from cdpo_core.session import Session
from cdpo_core.settings_io import to_dict
from cdpo_core.stages.execute import execute_run
from cdpo_core.steps import STEPS, StepCall
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

    `generation` overrides the session's decoding settings (the pairs stage samples). In a
    launched job the tally is this rank's share; the store holds every rank's.
    """
    from cdpo_core.models.generation import generate
    from cdpo_core.models.loading import load_model
    from cdpo_core.models.overlap import CompileSchedule

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
    # Under `accelerate launch` each rank judges and stores its own share (a rerun resumes
    # every shard from the store); the main process then reads the whole run.
    share = shard(todo)
    if len(share) < len(todo):
        ctx.log(f"judging {len(share)} of {len(todo)} samples here, the rest on the other ranks")
    todo = share
    if not todo:
        ctx.summary["skipped_prompts"] = gather_shards(0)
        return tally
    settings = cfg.model.__class__(
        **{**to_dict(cfg.model), "name_or_path": model_name, "adapter": adapter}
    )
    loaded = load_model(settings, emit=ctx.emit)
    schedule = CompileSchedule.for_model(loaded)
    ctx.log(f"compiles: {schedule.reason}")
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
            submitted = []
            for gen in batch:
                m = masks[gen.index]
                continuation = fmt.parse(gen.text, m)
                program = fmt.program(m, continuation)
                future = _judge(oracle, fmt, gen.text, program)
                pending.setdefault(gen.index, []).append((gen, continuation, program, future))
                submitted.append(future)
            schedule.after_batch(submitted)
            flush(oracle, wait=False)

        try:
            _, skipped = generate(
                loaded,
                prompts,
                generation,
                on_batch=on_batch,
                stop=lambda i, text: parse_is_final(fmt, text, masks[i]),
                emit=ctx.emit,
            )
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
    ctx.summary["skipped_prompts"] = gather_shards(len(skipped))
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


def eval_extras(session: Session, call: StepCall) -> tuple[dict[str, Any], dict[str, str]]:
    """What an evaluation records beyond its spec: the model it loads (resolved to its path)
    with its adapter, and the subset of the split it judges."""
    model = to_dict(session.config.model) | {
        "name_or_path": session.model_path(call.model),
        "adapter": call.adapter,
    }
    return {"model": model, "limit": call.limit}, {}


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
    """Compile success of a model (optionally with an adapter) on a split, stored per sample.

    The entry outside the plan (`cdpo eval`, the loss sweep, checks): an evaluation step of
    its own, named by `step` or after what it judges, run in its frame as a plan step is.
    """
    from cdpo_core.pipeline import call_step

    name = step or step_name(label, split, model, adapter, limit)
    spec = dataclasses.replace(STEPS["eval-base"], name=name, label=label)
    call = StepCall(
        spec, emit, adapter=adapter, restart=restart, split=split, model=model, limit=limit
    )
    return call_step(session, call)


def eval_step(session: Session, call: StepCall, ctx: RunContext) -> None:
    """An `eval-*` step: its model on its split (the plan's, or the call's own)."""
    cfg = session.config
    model_name = session.model_path(call.model)
    adapter, limit = call.adapter, call.limit
    split = call.split_of(cfg)
    assert split is not None, "an evaluation names the split it judges"
    label, step = call.spec.label, call.spec.name
    judge_split(ctx, model_name=model_name, adapter=adapter, split=split, limit=limit)
    executions = execute_run(ctx)  # the compiled completions on their tests
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
    if executions.counts:
        accepted = executions.accepted
        ctx.summary["execution"] = executions.counts
        ctx.summary["pass_at_1"] = accepted / total if total else 0.0
        pass_rate = format_rate(
            accepted,
            total,
            skipped,
            as_failures=cfg.plan.skipped_count_as_failures,
            per_prompt=cfg.generation.num_return_sequences,
        )
        ctx.emit(LogLine(stage=step, message=f"{label} pass@1 on {split} (tests): {pass_rate}"))
        for verdict, count in executions.counts.items():
            if verdict != "accepted":
                ctx.emit(LogLine(stage=step, message=f"  {count:5d}  {verdict}"))
