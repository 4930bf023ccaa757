"""Selection: CodeNet → verified, masked samples in the store and as Hugging Face datasets."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from cdpo_core.codenet import IngestReport, read_submissions
from cdpo_core.events import Emit
from cdpo_core.fingerprint import source_fingerprint
from cdpo_core.judge.tests import TestsCollector, TestsReport
from cdpo_core.masking import mask
from cdpo_core.oracle import Oracle, default_cache_path
from cdpo_core.runner import RunContext, StageError
from cdpo_core.selection import ProblemCheck, oracle_check, select
from cdpo_core.session import Session, SessionError
from cdpo_core.settings_io import to_dict
from cdpo_core.steps import STEPS, StepCall


def prep_extras(session: Session, call: StepCall) -> tuple[dict[str, Any], dict[str, str]]:
    """What prep's frame records beyond its spec, checked before any run starts.

    Re-running prep replaces the samples and tests; that is refused once completions exist,
    since they point at the samples. With `selection.require_reference_pass` the execution
    limits decide what passes, so they are recorded; the data source is an input.
    """
    cfg = session.config
    with session.store(readonly=True) as store:
        if store.has_completions():
            raise SessionError(
                "this session already has completions of its samples, so prep cannot "
                "select new ones",
                "create a new session (or `cdpo init NAME --set ...`) to select different data",
            )
    settings = {"execution": to_dict(cfg.execution)} if cfg.selection.require_reference_pass else {}
    return settings, {"source": source_fingerprint(session.data_source())}


def run_prep(session: Session, *, emit: Emit, restart: bool = False) -> dict[str, Any]:
    """The `prep` step outside a plan (tests and scripts): its frame and stage, as `run_step`."""
    from cdpo_core.pipeline import call_step

    return call_step(session, StepCall(STEPS["prep"], emit, restart=restart))


def prep_step(session: Session, call: StepCall, ctx: RunContext) -> None:
    """Read the data source, select k train + j test programs per problem, verify, mask, store.

    Every program it keeps compiles under the session's policy, so a perfect completion can
    pass; with `selection.require_reference_pass` every one also passes its problem's tests.
    The tests of the selected problems are stored; the problems without any are counted and
    reported. (`prep_extras` refuses a session that already has completions.)
    """
    cfg = session.config
    source = session.data_source()
    ctx.log(f"reading {source}")
    report = IngestReport()
    collector = TestsCollector()
    submissions = read_submissions(
        source,
        report,
        languages=(cfg.selection.language,),
        statuses=(cfg.selection.status,),
        max_bytes=cfg.data.max_file_bytes,
        problem_files=collector.add,
    )
    with (
        Oracle(cfg.oracle, cache_path=default_cache_path(), warn=ctx.warn) as oracle,
        _reference_check(session, ctx, collector) as reference_check,
    ):
        selection = select(
            submissions,
            cfg.selection,
            oracle_check(oracle),
            emit=ctx.emit,
            ingest_report=report,
            has_tests=lambda problem_id: collector.tests_for(problem_id) is not None,
            reference_check=reference_check,
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
    problems = {sample.problem_id for sample in [*selection.train, *selection.test]}
    tests = TestsReport.of(collector, problems)
    for line in tests.lines():
        ctx.log(line)
    ctx.store.replace_tests(
        t for t in (collector.tests_for(p) for p in sorted(problems)) if t is not None
    )
    _save_datasets(session, rows)
    ctx.summary.update(
        {
            "source": str(source),
            "layout": report.layout,
            "read": report.read,
            "problems": len(problems),
            "train": len(selection.train),
            "test": len(selection.test),
            "compiled": selection.report.compiled,
            "skipped": dict(report.skipped) | dict(selection.report.skipped),
            "tests": tests.to_dict(),
        }
    )


@contextmanager
def _reference_check(
    session: Session, ctx: RunContext, collector: TestsCollector
) -> Iterator[ProblemCheck | None]:
    """With `selection.require_reference_pass`, a check that runs a problem's chosen programs
    on its tests in the judge's sandbox; otherwise None, and no judge is started."""
    cfg = session.config
    if not cfg.selection.require_reference_pass:
        yield None
        return
    from cdpo_core.judge.runner import Judge

    with Judge(cfg.execution, cfg.oracle, warn=ctx.warn) as judge:

        def check(problem_id: str, codes: Sequence[str]) -> str | None:
            tests = collector.tests_for(problem_id)
            if tests is None:
                return None  # nothing to fail; selection.require_tests decides about it
            for report in judge.judge_many(codes, [tests] * len(codes)):
                if not report.passed:
                    failed = next((t for t in report.tests if t.verdict != "accepted"), None)
                    where = f" on test {failed.name}" if failed else ""
                    detail = f" ({failed.detail})" if failed and failed.detail else ""
                    ctx.log(
                        f"{problem_id}: a chosen accepted program gets {report.verdict}{where}"
                        f"{detail}; the problem is skipped"
                    )
                    return f"problem whose reference gets {report.verdict} on its tests"
            return None

        yield check


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
