"""Fault injection: prep -> eval-base -> sft killed with SIGKILL at random points and once run
out of disk must end with the same store as an uninterrupted run.

    .venv/bin/python scripts/fault_injection.py [--kills 22] [--seed 0] [--work DIR] [--keep]
                                                [--model DIR] [--disk-full-stage sft]

It builds the micro model (or takes `--model`), runs the three stages once without faults (the
reference, which also measures how long each stage takes), then runs them again in a second
session, each stage as a child process killed with `kill -9` after a delay drawn from a seeded
RNG within the time the attempt is expected to take (learnt from the latest attempts, so it
follows the load of a shared machine), and rerun until it exits 0. Once, in the middle of
`--disk-full-stage`, it fills the faulted session's disk (a tmpfs mounted for it, so root is
needed; without it that part is skipped, and says so): the stage must fail with exit status 1
and one "no space left on ..." line, no traceback; the filler is deleted and the stage rerun.

At the end it compares the two stores row by row (samples, the saved datasets, completions,
verdicts, diagnostics, metrics, runs) and the SFT adapters tensor by tensor, leaving out only
what measures time (and transformers' per-process `train_loss`), and checks the faulted store
on its own: no duplicate, missing or mixed row, no run left running. After each kill it checks
that no compiler (g++, cc1plus, as, ld) of the killed stage outlives it. It exits 1 on any
difference or problem, 0 otherwise.

Each run gets its own oracle cache (XDG_CACHE_HOME), so the faulted run compiles under the
kills instead of reading the reference's verdicts.
"""

from __future__ import annotations

import argparse
import ctypes
import gzip
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import psutil

REPO = Path(__file__).resolve().parents[1]
SHARED_PROGRAMS = REPO.parent / "shared" / "data" / "codenet_cpp_unlabelled.jsonl.gz"
SESSION = "faults"
SFT_STEPS = 20
SETTINGS = (
    "selection.max_problems=6",
    "selection.train_per_problem=2",
    "selection.test_per_problem=2",
    "selection.max_chars=600",  # every prompt fits the micro model's context
    "generation.max_new_tokens=48",
    "generation.batch_size=1",  # a sample is stored as soon as it is judged
    f"sft.max_steps={SFT_STEPS}",
    "sft.save_steps=2",  # kills land between checkpoints and during saves
)
COMPILERS = frozenset({"g++", "c++", "cc1plus", "as", "ld", "collect2"})
SURVIVOR_GRACE_S = 10.0  # the oracle's reaper kills orphaned compilers within milliseconds
LEAVE_FREE = 8 * 1024  # bytes the disk filler leaves, so the stage fails on its next writes
# What may differ between the runs, and is left out of the comparison: numbers that measure
# time, and transformers' `train_loss`, which it documents as the mean over the steps of the
# last `train()` call (the last process), not over the run.
PER_PROCESS_SUMMARY_KEYS = frozenset(
    {"train_runtime", "train_samples_per_second", "train_steps_per_second", "train_loss"}
)
TIMING_METRICS = frozenset({"train/tokens_per_second"})
LEFT_OUT = (
    "seconds columns, train/tokens_per_second, the summary's train_runtime, *_per_second and"
    " train_loss (transformers: over the last process's steps)"
)
DATASET_COLUMNS = (
    "problem_id",
    "submission_id",
    "split",
    "code",
    "prefix",
    "target",
    "suffix",
    "mask_start",
    "mask_end",
)


@dataclass(frozen=True)
class Stage:
    """One stage of the run: its command, and what a Progress event of its durable work says."""

    name: str
    args: tuple[str, ...]
    weight: int  # its share of the kills
    unit: str | None  # Progress unit of work that survives a kill (None: prep keeps nothing)


STAGES = (
    Stage("prep", ("prep", SESSION), 1, None),
    Stage("eval-base", ("step", SESSION, "eval-base"), 2, "samples"),
    Stage("sft", ("step", SESSION, "sft"), 2, "steps"),
)


@dataclass
class Attempt:
    """One child process of a stage and how it ended."""

    rc: int | None
    killed: bool  # by us, as planned
    timed_out: bool  # ran past its time limit (then killed)
    seconds: float
    progress: list[tuple[float, int]]  # (seconds from spawn, units done) per Progress event
    stderr: str
    compilers_at_kill: int = 0
    survivors: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class KillPoint:
    """When to kill an attempt: `extra` seconds after its progress reaches `units` done, or
    after its start when `units` is None."""

    units: int | None
    extra: float


@dataclass
class Report:
    """What the faulted run went through and everything found wrong."""

    kills: dict[str, int] = field(default_factory=dict)
    kills_while_compiling: int = 0
    disk_full: int = 0
    problems: list[str] = field(default_factory=list)
    compared: dict[str, int] = field(default_factory=dict)
    differences: list[str] = field(default_factory=list)


def say(message: str) -> None:
    print(message, flush=True)


def read_only(session: Path) -> sqlite3.Connection:
    """The session's store, read-only. Close it: an open file keeps the tmpfs from unmounting
    (a `with sqlite3.connect(...)` block only ends a transaction)."""
    return sqlite3.connect(f"file:{session / 'session.db'}?mode=ro", uri=True)


# -- processes --------------------------------------------------------------------------------


def become_subreaper() -> bool:
    """Orphans of our children are re-parented to us instead of init, so a compiler that
    outlives its killed stage is still found among our descendants."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(36, 1, 0, 0, 0) == 0  # PR_SET_CHILD_SUBREAPER
    except (OSError, AttributeError):
        return False


def reap_zombies() -> None:
    """Collect orphans that were re-parented to us and have exited (never a live Popen's child:
    called only between attempts)."""
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return


def compilers(processes: list[psutil.Process]) -> list[psutil.Process]:
    found = []
    for proc in processes:
        try:
            if proc.name() in COMPILERS and proc.status() != psutil.STATUS_ZOMBIE:
                found.append(proc)
        except psutil.Error:
            continue
    return found


def surviving_compilers(at_kill: list[psutil.Process]) -> list[str]:
    """Compilers of a killed stage still alive after the grace period (then killed by us)."""
    deadline = time.monotonic() + SURVIVOR_GRACE_S
    while True:
        reap_zombies()
        alive = {p.pid: p for p in compilers(at_kill) if p.is_running()}
        alive |= {p.pid: p for p in compilers(psutil.Process().children(recursive=True))}
        if not alive or time.monotonic() > deadline:
            break
        time.sleep(0.1)
    described = []
    for proc in alive.values():
        try:
            described.append(f"{proc.name()} (pid {proc.pid}, cwd {proc.cwd()})")
            proc.kill()
        except psutil.Error:
            continue
    reap_zombies()
    return described


class Pipeline:
    """One session folder with its own oracle cache, and a way to run its stages as children."""

    def __init__(self, root: Path, cache: Path) -> None:
        self.root = root
        self.cache = cache
        self.env = {
            **os.environ,
            "XDG_CACHE_HOME": str(cache),
            "PYTHONUNBUFFERED": "1",
            "HF_HUB_OFFLINE": "1",
        }

    @property
    def session(self) -> Path:
        return self.root / SESSION

    def cli(self, *args: str, events: bool = False) -> list[str]:
        command = [sys.executable, "-m", "cdpo_core", "--sessions", str(self.root), *args]
        return command + ["--events"] if events else command

    def init(self, model: Path) -> None:
        sets = [part for s in SETTINGS for part in ("--set", s)]
        subprocess.run(
            self.cli("init", SESSION, "--preset", "demo", "--model", str(model), *sets),
            check=True,
            env=self.env,
            cwd=REPO,
            stdout=subprocess.DEVNULL,
        )

    def attempt(
        self,
        stage: Stage,
        *,
        kill: KillPoint | None = None,
        timeout: float = 600.0,
        on_event: Callable[[dict[str, Any]], None] | None = None,
    ) -> Attempt:
        """Run the stage once; SIGKILL it at `kill` if it still runs then."""
        started = time.monotonic()
        progress: list[tuple[float, int]] = []
        last_unit: list[str | None] = [None]
        with tempfile.TemporaryFile("w+", encoding="utf-8") as err:
            proc = subprocess.Popen(
                self.cli(*stage.args, events=True),
                stdout=subprocess.PIPE,
                stderr=err,
                text=True,
                env=self.env,
                cwd=REPO,
            )

            def read() -> None:
                assert proc.stdout is not None
                for line in proc.stdout:
                    try:
                        event = json.loads(line)
                    except ValueError:
                        continue
                    unit = event.get("unit")
                    if event.get("type") != "progress":
                        pass
                    elif stage.unit is not None and unit == stage.unit:
                        progress.append((time.monotonic() - started, int(event.get("done", 0))))
                    elif stage.unit is None and unit != last_unit[0]:
                        # Prep keeps nothing of a killed attempt, and its units are on
                        # different scales: its phases (reading, then compiling) count instead,
                        # each from the first event of its unit.
                        last_unit[0] = unit
                        progress.append((time.monotonic() - started, len(progress) + 1))
                    if on_event is not None:
                        on_event(event)

            reader = threading.Thread(target=read, daemon=True)
            reader.start()
            killed, timed_out, at_kill = False, False, []
            deadline = kill.extra if kill is not None and kill.units is None else None
            while proc.poll() is None:
                now = time.monotonic() - started
                if kill is not None and deadline is None:
                    reached = [t for t, done in list(progress) if done >= (kill.units or 0)]
                    deadline = reached[0] + kill.extra if reached else None
                killed = deadline is not None and now >= deadline
                timed_out = not killed and now >= timeout
                if killed or timed_out:
                    try:
                        at_kill = compilers(psutil.Process(proc.pid).children(recursive=True))
                    except psutil.Error:
                        at_kill = []
                    proc.send_signal(signal.SIGKILL)
                    proc.wait()
                    break
                time.sleep(0.02)
            seconds = time.monotonic() - started
            # The reader ends when every holder of the pipe (the oracle's reaper too) is gone.
            reader.join(timeout=SURVIVOR_GRACE_S)
            err.seek(0)
            stderr = err.read()
        result = Attempt(
            proc.returncode,
            killed,
            timed_out,
            seconds,
            progress,
            stderr,
            compilers_at_kill=len(at_kill),
        )
        if killed:
            result.survivors = surviving_compilers(at_kill)
        reap_zombies()
        return result


# -- the micro model and the reference run ------------------------------------------------------


def micro_model(out: Path) -> Path:
    """The test suite's micro model (tests/conftest.py `tiny_model_dir`), built once."""
    if (out / "config.json").is_file():
        return out
    from cdpo_core.models.tiny import TinyModelSettings, build_tiny_model

    texts: list[str] = []
    if SHARED_PROGRAMS.is_file():
        with gzip.open(SHARED_PROGRAMS, "rt", encoding="utf-8") as lines:
            texts = [json.loads(line)["code"] for _, line in zip(range(200), lines, strict=False)]
    settings = TinyModelSettings.micro()
    if not texts:
        settings = replace(settings, include_headers=True, header_bytes=200_000)
    say(f"building the micro model in {out} ({'200 CodeNet programs' if texts else 'g++ headers'})")
    return build_tiny_model(out, texts, settings).path


@dataclass
class Pace:
    """How long the phases of a stage's attempt take on the machine as loaded now, learnt from
    the latest attempt that went through them (at first the reference run's): start-up to the
    first progress, each unit after it, and the end after the last. Kill points are drawn
    after a progress event the attempt reports, plus a part of a phase, so they land within
    the attempt whether the machine's load makes it twice as fast or as slow as before."""

    startup: float
    per_unit: float
    tail: float
    total: int  # units when the stage is done (prep: its phases)

    def learn(self, result: Attempt) -> None:
        if not result.progress:
            return
        (t0, d0), (t1, d1) = result.progress[0], result.progress[-1]
        self.startup = t0
        if d1 > d0:
            self.per_unit = (t1 - t0) / (d1 - d0)
        if result.rc == 0:
            self.tail = result.seconds - t1

    def kill_point(self, rng: random.Random, done: int, kills_left: int) -> KillPoint:
        """A random point of an attempt that starts with `done` units already kept.

        It lies at most twice the stage's remaining work / `kills_left` ahead, so the kills
        spread over the whole stage instead of the first few finishing most of it.
        """
        left = max(0, self.total - done)
        k = rng.randint(0, min(left, -(-2 * left // max(1, kills_left))))
        if k == 0:
            return KillPoint(None, rng.uniform(0.05, 1.0) * self.startup)
        phase = self.tail if done + k >= self.total else self.per_unit
        return KillPoint(done + k, rng.uniform(0.0, 1.0) * phase)


def run_reference(pipe: Pipeline) -> dict[str, Pace]:
    paces = {}
    for stage in STAGES:
        result = pipe.attempt(stage)
        if result.rc != 0:
            raise SystemExit(
                f"the reference {stage.name} failed (exit {result.rc}):\n{result.stderr[-2000:]}"
            )
        last = result.progress[-1] if result.progress else (result.seconds, 0)
        paces[stage.name] = pace = Pace(result.seconds, 0.0, result.seconds - last[0], last[1])
        pace.learn(result)
        say(f"reference {stage.name}: {result.seconds:.1f} s")
    return paces


# -- the faulted run ------------------------------------------------------------------------------


def kill_plan(kills: int) -> dict[str, int]:
    """`kills` spread over the stages by weight (largest remainder)."""
    total = sum(s.weight for s in STAGES)
    shares = {s.name: kills * s.weight / total for s in STAGES}
    plan = {name: int(share) for name, share in shares.items()}
    by_remainder = sorted(shares, key=lambda n: shares[n] - plan[n], reverse=True)
    for name in by_remainder[: kills - sum(plan.values())]:
        plan[name] += 1
    return plan


def units_kept(pipe: Pipeline, stage: Stage) -> int:
    """How many units of the stage's work a new attempt starts with, read from the session."""
    if stage.unit is None or not (pipe.session / "session.db").is_file():
        return 0
    with closing(read_only(pipe.session)) as db:
        run = db.execute(
            "SELECT id FROM runs WHERE step = ? ORDER BY id DESC LIMIT 1", (stage.name,)
        ).fetchone()
        if run is None:
            return 0
        if stage.name == "eval-base":
            return int(
                db.execute("SELECT COUNT(*) FROM completions WHERE run_id = ?", run).fetchone()[0]
            )
    folder = pipe.session / "runs" / f"{run[0]:04d}-{stage.name}"
    # A checkpoint counts once its sidecar is written (cdpo_core.training.runner.last_checkpoint).
    steps = [
        int(p.parent.name[11:])
        for p in folder.glob("checkpoint-*/cdpo_checkpoint.json")
        if p.parent.name[11:].isdigit()
    ]
    return max(steps, default=0)


class DiskFiller:
    """Fills the file system holding the faulted session, leaving `LEAVE_FREE` bytes."""

    def __init__(self, mount: Path) -> None:
        self.path = mount / "filler"
        self.filled = threading.Event()

    def fill(self) -> None:
        # Write until the disk refuses, then give back a few KB: the stage's next writes fail.
        chunk = b"\0" * (1 << 20)
        with open(self.path, "wb", buffering=0) as out:
            try:
                while True:
                    out.write(chunk)
            except OSError:
                pass
            size = out.seek(0, os.SEEK_END)
            out.truncate(max(0, size - LEAVE_FREE))
        self.filled.set()

    def free(self) -> None:
        self.path.unlink(missing_ok=True)


def check_disk_full(result: Attempt, stage: Stage, report: Report) -> bool:
    """The stage must fail with exit 1 and one 'no space left on' line, without a traceback."""
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    errors = [line for line in lines if line.lstrip().startswith("error:")]
    wanted = [line for line in errors if "no space left on" in line]
    problems = []
    if result.rc != 1:
        problems.append(f"exit status {result.rc}, not 1")
    if "Traceback" in result.stderr:
        problems.append("a traceback on stderr")
    if len(errors) != 1 or not wanted:
        problems.append(f"{len(errors)} error lines, {len(wanted)} saying 'no space left on'")
    if problems:
        tail = "\n    ".join(lines[-12:])
        report.problems.append(f"disk full in {stage.name}: {'; '.join(problems)}:\n    {tail}")
        return False
    say(f"  disk full: {stage.name} failed with exit 1: {wanted[0].strip()[:160]}")
    return True


def run_faulted(
    pipe: Pipeline,
    paces: dict[str, Pace],
    plan: dict[str, int],
    rng: random.Random,
    filler: DiskFiller | None,
    disk_full_stage: str,
) -> Report:
    report = Report()
    carried = 0
    for stage in STAGES:
        pace = paces[stage.name]
        timeout = max(180.0, 5 * (pace.startup + pace.per_unit * pace.total + pace.tail))
        wanted = plan[stage.name] + carried
        kills, failures, attempts = 0, 0, 0
        disk_full_due = filler is not None and stage.name == disk_full_stage
        while True:
            attempts += 1
            if filler is not None and disk_full_due and kills >= wanted // 2:
                disk_full_due = False
                if run_disk_full(pipe, stage, timeout, filler, report):
                    report.disk_full += 1
                continue
            # A kill drawn in the attempt's last phase may come after it has finished: it is
            # then lost to this stage and carried to the next.
            kill = (
                pace.kill_point(rng, units_kept(pipe, stage), wanted - kills)
                if kills < wanted
                else None
            )
            result = pipe.attempt(stage, kill=kill, timeout=timeout)
            pace.learn(result)
            if result.killed:
                kills += 1
                report.kills_while_compiling += result.compilers_at_kill > 0
                note = (
                    f", {result.compilers_at_kill} compilers running"
                    if result.compilers_at_kill
                    else ""
                )
                where = (
                    "in start-up"
                    if kill is None or kill.units is None
                    else (f"after {kill.units} {stage.unit or 'phases'}")
                )
                say(f"  {stage.name}: kill {kills} at {result.seconds:.1f} s ({where}){note}")
                for survivor in result.survivors:
                    report.problems.append(
                        f"{stage.name}: a compiler outlived the kill by {SURVIVOR_GRACE_S:.0f} s:"
                        f" {survivor}"
                    )
                continue
            if "Traceback" in result.stderr:
                report.problems.append(
                    f"{stage.name}: a traceback on stderr (exit {result.rc}):"
                    f"\n{result.stderr[-3000:]}"
                )
            if result.rc == 0:
                say(
                    f"  {stage.name}: done after {kills} kills, attempt {attempts}"
                    f" ({result.seconds:.1f} s)"
                )
                break
            failures += 1
            how = (
                f"did not finish within {result.seconds:.0f} s"
                if result.timed_out
                else f"exited {result.rc}"
            )
            report.problems.append(
                f"{stage.name}: `{' '.join(pipe.cli(*stage.args))}` {how} after {kills} kills:"
                f"\n{result.stderr[-3000:]}"
            )
            if failures >= 3:
                report.problems.append(f"{stage.name}: gave up after {failures} failed resumes")
                return report
        if disk_full_due:
            report.problems.append(f"disk full: {stage.name} finished before it was due")
        report.kills[stage.name] = kills
        carried = wanted - kills
    return report


def run_disk_full(
    pipe: Pipeline, stage: Stage, timeout: float, filler: DiskFiller, report: Report
) -> bool:
    """One attempt during which the disk fills up (then freed); whether it failed as it should."""

    def on_event(event: dict[str, Any]) -> None:
        if (
            event.get("type") == "progress"
            and event.get("unit") == stage.unit
            and not filler.filled.is_set()
        ):
            filler.fill()

    result = pipe.attempt(stage, on_event=on_event, timeout=timeout)
    filled = filler.filled.is_set()
    filler.free()
    if not filled:
        report.problems.append(
            f"disk full: {stage.name} ended (exit {result.rc}) before any"
            f" {stage.unit} progress, so the disk was never filled"
        )
        return False
    return check_disk_full(result, stage, report)


# -- comparison -----------------------------------------------------------------------------------

Rows = dict[tuple[Any, ...], Any]


def read_store(session: Path) -> dict[str, Rows]:
    """Every row that must come out the same, keyed so that both runs' rows pair up."""
    db = read_only(session)
    tables: dict[str, Rows] = {}
    cols = [r[1] for r in db.execute("PRAGMA table_info(samples)")]
    tables["samples"] = {
        (row[0],): row for row in db.execute(f"SELECT {', '.join(cols)} FROM samples ORDER BY id")
    }
    key = "s.submission_id, c.seq"
    tables["completions"] = {
        (sub, seq): rest
        for sub, seq, *rest in db.execute(
            f"SELECT {key}, c.sample_id, c.prompt, c.output, c.continuation, c.program,"
            " c.new_tokens FROM completions c JOIN samples s ON s.id = c.sample_id"
        )
    }
    tables["verdicts"] = {
        (sub, seq): rest
        for sub, seq, *rest in db.execute(
            f"SELECT {key}, v.level, v.passed, v.category, v.categories, v.first_error"
            " FROM verdicts v JOIN completions c ON c.id = v.completion_id"
            " JOIN samples s ON s.id = c.sample_id"
        )
    }
    diagnostics: Rows = {}
    seen: dict[tuple[str, int], int] = {}
    for sub, seq, *rest in db.execute(
        f"SELECT {key}, d.kind, d.message, d.line, d.col, d.option, d.children FROM diagnostics d"
        " JOIN completions c ON c.id = d.completion_id JOIN samples s ON s.id = c.sample_id"
        " ORDER BY d.id"
    ):
        n = seen[(sub, seq)] = seen.get((sub, seq), -1) + 1
        diagnostics[(sub, seq, n)] = rest
    tables["diagnostics"] = diagnostics
    tables["metrics"] = {
        (step, name): value
        for step, name, value in db.execute(
            "SELECT m.step, m.name, m.value FROM metrics m JOIN runs r ON r.id = m.run_id"
            " WHERE r.step = 'sft'"
        )
        if name not in TIMING_METRICS
    }
    runs: Rows = {}
    for step, *rest, summary, artifact in db.execute(
        "SELECT step, kind, label, model, split, settings, fingerprint, status, error, summary,"
        " artifact FROM runs ORDER BY id"
    ):
        parsed = json.loads(summary)
        if isinstance(parsed.get("metrics"), dict):
            parsed["metrics"] = {
                k: v for k, v in parsed["metrics"].items() if k not in PER_PROCESS_SUMMARY_KEYS
            }
        relative = os.path.relpath(artifact, session) if artifact else ""
        runs[(step, sum(1 for k in runs if k[0] == step))] = (*rest, parsed, relative)
    tables["runs"] = runs
    db.close()
    tables |= read_datasets(session)
    return tables


def read_datasets(session: Path) -> dict[str, Rows]:
    from datasets import load_from_disk

    out = {}
    for split in ("train", "test"):
        rows = load_from_disk(str(session / "datasets" / split)).to_list()
        out[f"datasets/{split}"] = {(i,): tuple(sorted(r.items())) for i, r in enumerate(rows)}
    return out


def compare_tables(ref: dict[str, Rows], got: dict[str, Rows], report: Report) -> None:
    for table, ref_rows in ref.items():
        got_rows = got.get(table, {})
        keys = ref_rows.keys() | got_rows.keys()
        report.compared[table] = len(keys)
        for k in sorted(keys, key=repr):
            if k not in got_rows:
                report.differences.append(f"{table} {k}: missing from the faulted run")
            elif k not in ref_rows:
                report.differences.append(f"{table} {k}: only in the faulted run")
            elif ref_rows[k] != got_rows[k]:
                report.differences.append(
                    f"{table} {k}: reference {str(ref_rows[k])[:200]} != faulted"
                    f" {str(got_rows[k])[:200]}"
                )


def compare_adapters(ref: Path, got: Path, report: Report) -> None:
    """The SFT adapters' tensors (and their configs) must be equal."""
    import torch
    from safetensors.torch import load_file

    def adapter(session: Path) -> Path:
        found = sorted(session.glob("runs/*-sft/adapter"))
        return found[-1] if found else session / "runs" / "missing-sft-adapter"

    a, b = adapter(ref), adapter(got)
    for folder in (a, b):
        if not (folder / "adapter_model.safetensors").is_file():
            report.differences.append(f"adapter: no adapter_model.safetensors in {folder}")
            return
    ta = load_file(str(a / "adapter_model.safetensors"))
    tb = load_file(str(b / "adapter_model.safetensors"))
    report.compared["adapter tensors"] = len(ta.keys() | tb.keys())
    for name in sorted(ta.keys() | tb.keys()):
        if name not in ta or name not in tb:
            report.differences.append(f"adapter tensor {name}: in one run only")
        elif ta[name].dtype != tb[name].dtype or not torch.equal(ta[name], tb[name]):
            report.differences.append(f"adapter tensor {name}: values differ")
    # peft writes target_modules from a set, in an order that changes with the hash seed.
    configs = [json.loads((f / "adapter_config.json").read_text()) for f in (a, b)]
    for config in configs:
        config["target_modules"] = sorted(config.get("target_modules") or [])
    if configs[0] != configs[1]:
        report.differences.append("adapter_config.json differs")
    same = (a / "adapter_model.safetensors").read_bytes() == (
        b / "adapter_model.safetensors"
    ).read_bytes()
    say(f"adapter files byte-identical: {'yes' if same else 'no'}")


def check_integrity(session: Path, report: Report, who: str) -> None:
    """No duplicate, missing or mixed row and no unfinished run, whatever the reference says."""
    from datasets import load_from_disk

    db = read_only(session)
    checks = {
        "runs not done": "SELECT COUNT(*) FROM runs WHERE status != 'done'",
        "steps with more than one run": (
            "SELECT COUNT(*) FROM (SELECT step FROM runs GROUP BY step HAVING COUNT(*) > 1)"
        ),
        "duplicate samples": "SELECT COUNT(*) - COUNT(DISTINCT submission_id) FROM samples",
        "duplicate completions": (
            "SELECT COUNT(*) FROM (SELECT 1 FROM completions"
            " GROUP BY run_id, sample_id, seq HAVING COUNT(*) > 1)"
        ),
        "test samples without a completion": (
            "SELECT COUNT(*) FROM samples s WHERE s.split = 'test'"
            " AND NOT EXISTS (SELECT 1 FROM completions c WHERE c.sample_id = s.id)"
        ),
        "completions without a verdict": (
            "SELECT COUNT(*) FROM completions c"
            " LEFT JOIN verdicts v ON v.completion_id = c.id WHERE v.completion_id IS NULL"
        ),
        "verdicts without a completion": (
            "SELECT COUNT(*) FROM verdicts v"
            " LEFT JOIN completions c ON c.id = v.completion_id WHERE c.id IS NULL"
        ),
        "diagnostics without a completion": (
            "SELECT COUNT(*) FROM diagnostics d"
            " LEFT JOIN completions c ON c.id = d.completion_id WHERE c.id IS NULL"
        ),
        "completions of another run or split": (
            "SELECT COUNT(*) FROM completions c JOIN runs r ON r.id = c.run_id"
            " LEFT JOIN samples s ON s.id = c.sample_id"
            " WHERE r.step != 'eval-base' OR s.split IS NOT r.split"
        ),
        "metrics of another run": (
            "SELECT COUNT(*) FROM metrics m JOIN runs r ON r.id = m.run_id WHERE r.step != 'sft'"
        ),
    }
    for what, sql in checks.items():
        (count,) = db.execute(sql).fetchone()
        if count:
            report.differences.append(f"{who} store: {count} {what}")
    columns = ", ".join(DATASET_COLUMNS)
    for split in ("train", "test"):
        stored = [
            dict(zip(DATASET_COLUMNS, row, strict=True))
            for row in db.execute(
                f"SELECT {columns} FROM samples WHERE split = ? ORDER BY id", (split,)
            )
        ]
        saved = [
            {k: r.get(k) for k in DATASET_COLUMNS}
            for r in load_from_disk(str(session / "datasets" / split)).to_list()
        ]
        if saved != stored:
            report.differences.append(f"{who} datasets/{split} do not hold the store's samples")
    db.close()


# -- main -----------------------------------------------------------------------------------------


def mount_tmpfs(path: Path, megabytes: int) -> str | None:
    """Mount a small tmpfs at `path`; the reason when it cannot be done, else None."""
    if os.geteuid() != 0:
        return "not root, so no tmpfs can be mounted"
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={megabytes}m", "tmpfs", str(path)],
        capture_output=True,
        text=True,
    )
    return None if done.returncode == 0 else f"mount -t tmpfs failed: {done.stderr.strip()}"


def unmount(path: Path) -> None:
    """Unmount the tmpfs; lazily (once nothing uses it) if something still does, saying what."""
    done = subprocess.run(["umount", str(path)], capture_output=True, text=True)
    if done.returncode != 0:
        say(f"warning: {done.stderr.strip()}; unmounting it lazily")
        subprocess.run(["umount", "-l", str(path)], check=False)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kills", type=int, default=22, help="SIGKILLs over the run (22)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the kill times (0)")
    parser.add_argument("--work", type=Path, help="work folder (default: a new temporary one)")
    parser.add_argument("--keep", action="store_true", help="keep the work folder")
    parser.add_argument("--model", type=Path, help="a model folder instead of the micro model")
    parser.add_argument(
        "--disk-full-stage",
        choices=("eval-base", "sft"),
        default="sft",
        help="the stage during which the disk fills up (sft)",
    )
    parser.add_argument(
        "--disk-mb", type=int, default=64, help="size of the faulted session's tmpfs in MiB (64)"
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    began = time.monotonic()
    work = (args.work or Path(tempfile.mkdtemp(prefix="cdpo-faults-"))).resolve()
    work.mkdir(parents=True, exist_ok=True)
    # Ours to delete: the whole temporary folder, or in a given one what this script puts there
    # (its model stays, for the next run).
    ours = [work] if args.work is None else [work / "reference", work / "faulted"]
    for old in (work / "reference", work / "faulted"):
        shutil.rmtree(old, ignore_errors=True)
    if not become_subreaper():
        say(
            "warning: cannot become a child subreaper; orphaned compilers are looked for only"
            " among those seen at the kill"
        )
    mount: Path | None = None
    try:
        model = args.model.resolve() if args.model else micro_model(work / "model")
        ref = Pipeline(work / "reference" / "sessions", work / "reference" / "cache")
        faulted = Pipeline(work / "faulted" / "sessions", work / "faulted" / "cache")
        for pipe in (ref, faulted):
            pipe.root.mkdir(parents=True)
        why_not = mount_tmpfs(faulted.root, args.disk_mb)
        if why_not is None:
            mount = faulted.root
        else:
            say(f"disk full: SKIPPED ({why_not}); kills only")
        for pipe in (ref, faulted):
            pipe.init(model)
        say("reference run (no faults):")
        paces = run_reference(ref)
        plan = kill_plan(args.kills)
        say(
            f"faulted run: kills planned {plan}, seed {args.seed}"
            + (
                f", disk full during {args.disk_full_stage} on a {args.disk_mb} MiB tmpfs"
                if mount
                else ""
            )
        )
        report = run_faulted(
            faulted,
            paces,
            plan,
            random.Random(args.seed),
            DiskFiller(mount) if mount else None,
            args.disk_full_stage,
        )
        if not any("gave up" in p for p in report.problems):
            check_integrity(ref.session, report, "reference")
            check_integrity(faulted.session, report, "faulted")
            compare_tables(read_store(ref.session), read_store(faulted.session), report)
            compare_adapters(ref.session, faulted.session, report)
        if mount is not None and args.keep:
            shutil.copytree(mount, work / "faulted" / "sessions-copy")
    finally:
        if mount is not None:
            unmount(mount)
        if not args.keep:
            for path in ours:
                shutil.rmtree(path, ignore_errors=True)
    return summarise(report, time.monotonic() - began, work if args.keep else None)


def summarise(report: Report, seconds: float, kept: Path | None) -> int:
    for problem in report.problems:
        say(f"PROBLEM: {problem}")
    for difference in report.differences[:40]:
        say(f"DIFFERENCE: {difference}")
    if len(report.differences) > 40:
        say(f"... and {len(report.differences) - 40} more differences")
    kills = sum(report.kills.values())
    rows = sum(n for table, n in report.compared.items() if table != "adapter tensors")
    say(
        "kills: "
        + ", ".join(f"{stage} {n}" for stage, n in report.kills.items())
        + f" ({report.kills_while_compiling} while g++ was running)"
    )
    say(f"left out: {LEFT_OUT}")
    say("compared: " + ", ".join(f"{table} {n}" for table, n in report.compared.items()))
    say(f"wall time: {seconds / 60:.1f} min" + (f"; work folder kept in {kept}" if kept else ""))
    failed = len(report.differences) + len(report.problems)
    say(
        f"fault injection: {kills} kills survived, {report.disk_full} disk full survived,"
        f" {rows} rows compared, {len(report.differences)} differences"
        + (f", {len(report.problems)} problems" if report.problems else "")
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
