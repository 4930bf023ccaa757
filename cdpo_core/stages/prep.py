"""Selection: CodeNet → verified, masked samples in the store and as Hugging Face datasets."""

from __future__ import annotations

from typing import Any

from cdpo_core.codenet import IngestReport, read_submissions
from cdpo_core.events import Emit
from cdpo_core.fingerprint import source_fingerprint
from cdpo_core.masking import mask
from cdpo_core.oracle import Oracle, default_cache_path
from cdpo_core.runner import StageError, stage_inputs, stage_run
from cdpo_core.selection import oracle_check, select
from cdpo_core.session import Session, SessionError
from cdpo_core.steps import STEPS, StepCall, recorded_settings


def prep_step(session: Session, call: StepCall) -> None:
    """The plan's `prep` step."""
    run_prep(session, emit=call.emit, restart=call.restart)


def run_prep(session: Session, *, emit: Emit, restart: bool = False) -> dict[str, Any]:
    """Read the data source, select k train + j test programs per problem, verify, mask, store.

    Re-running prep replaces the samples; that is refused before any run starts once
    completions exist, since they point at the samples. Every program it keeps compiles under
    the session's policy, so a perfect completion can pass.
    """
    cfg = session.config
    with session.store(readonly=True) as store:
        if store.has_completions():
            raise SessionError(
                "this session already has completions of its samples, so prep cannot "
                "select new ones",
                "create a new session (or `cdpo init NAME --set ...`) to select different data",
            )
    settings = recorded_settings(cfg, STEPS["prep"])
    inputs = {"source": source_fingerprint(session.data_source())} | stage_inputs(
        session, compiler=True
    )
    with stage_run(
        session, "prep", "prep", emit=emit, settings=settings, inputs=inputs, restart=restart
    ) as ctx:
        source = session.data_source()
        ctx.log(f"reading {source}")
        report = IngestReport()
        submissions = read_submissions(
            source,
            report,
            languages=(cfg.selection.language,),
            statuses=(cfg.selection.status,),
            max_bytes=cfg.data.max_file_bytes,
        )
        with Oracle(cfg.oracle, cache_path=default_cache_path(), warn=ctx.warn) as oracle:
            selection = select(
                submissions,
                cfg.selection,
                oracle_check(oracle),
                emit=ctx.emit,
                ingest_report=report,
            )
        tokenizer = _tokenizer_for_masking(session) if cfg.mask.mode == "tokens" else None
        rows = []
        for sample in [*selection.train, *selection.test]:
            m = mask(sample.code, cfg.mask, tokenizer=tokenizer)
            rows.append(
                {
                    "problem_id": sample.problem_id,
                    "submission_id": sample.submission_id,
                    "split": sample.split,
                    "code": m.program,
                    "prefix": m.prefix,
                    "target": m.target,
                    "suffix": m.suffix,
                    "mask_start": m.start,
                    "mask_end": m.end,
                }
            )
        if not rows:
            raise StageError(
                "no program was selected",
                "see the skip report above; check the data source and selection settings",
            )
        ctx.store.replace_samples(rows)
        _save_datasets(session, rows)
        ctx.summary.update(
            {
                "source": str(source),
                "layout": report.layout,
                "read": report.read,
                "problems": len({r["problem_id"] for r in rows}),
                "train": len(selection.train),
                "test": len(selection.test),
                "compiled": selection.report.compiled,
                "skipped": dict(report.skipped) | dict(selection.report.skipped),
            }
        )
    return ctx.summary


def _tokenizer_for_masking(session: Session) -> Any:
    from transformers import AutoTokenizer

    path = session.model_path()
    try:
        return AutoTokenizer.from_pretrained(path)
    except OSError as exc:
        raise StageError(
            f"mask.mode = tokens needs the model's tokenizer, which could not be loaded from "
            f"{path}: {exc}",
            "build or download the model first, or use mask.mode = chars",
        ) from exc


def _save_datasets(session: Session, rows: list[dict[str, Any]]) -> None:
    """The splits in `datasets` format, for trainers and for anyone loading them by hand."""
    from datasets import Dataset

    for split in ("train", "test"):
        part = [r for r in rows if r["split"] == split]
        if part:
            Dataset.from_list(part).save_to_disk(str(session.datasets_dir / split))
