"""`cdpo`: the headless command line, for batch jobs on clusters and for the console's children.

Every command that runs a stage accepts `--events`: the stage then prints one JSON event per
stdout line (what the console reads) instead of drawing a progress bar. User errors end with
one red line and exit status 2; a failed stage exits 1; a cancelled one 130.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table as RichTable

from cdpo_core.errors import CdpoError
from cdpo_core.events import Emit, JsonLinesEmitter
from cdpo_core.reporting import RichEmitter, SafeStdout

if TYPE_CHECKING:
    from cdpo_core.results import Table as ResultsTable

# Redirected to a file or a pipe, Rich would wrap the tables at 80 columns.
console = Console(width=None if sys.stdout.isatty() else 160)
err = Console(stderr=True, soft_wrap=True)


class UserError(CdpoError):
    """Something the person typing can fix; printed as one line, exit status 2."""


def _root(args: argparse.Namespace) -> Path:
    from cdpo_core.session import sessions_root

    return sessions_root(args.sessions)


def _open(args: argparse.Namespace, name: str | None = None) -> Any:
    from cdpo_core.session import Session

    return Session.open(_root(args), name or args.name)


def _emitter(args: argparse.Namespace) -> tuple[Emit, Callable[[], None]]:
    if getattr(args, "events", False):
        return SafeStdout(JsonLinesEmitter(sys.stdout)), lambda: None
    rich = RichEmitter(err)
    return rich, rich.close


# -- commands --------------------------------------------------------------------------------


def cmd_init(args: argparse.Namespace) -> int:
    import dataclasses

    from cdpo_core.session import Session, preset

    config = preset(args.preset)
    if args.codenet:
        source = _check_source(args.codenet, "--codenet")
        config = dataclasses.replace(
            config, data=dataclasses.replace(config.data, source=str(source))
        )
    if args.model:
        config = dataclasses.replace(
            config, model=dataclasses.replace(config.model, name_or_path=args.model)
        )
    for assignment in args.set or []:
        config = _assign(config, assignment, "--set ")
    session = Session.create(_root(args), args.name, config)
    console.print(f"[green]created[/] session [bold]{session.name}[/] at {session.path}")
    console.print(f"  preset {config.preset}; data: {session.data_source()}")
    console.print(f"  next: [bold]cdpo prep {session.name}[/]")
    return 0


def _check_source(raw: str, name: str) -> Path:
    """A data source checked (cheaply) when it is named, not first at prep."""
    from cdpo_core.codenet import DataSourceError, check_source

    source = Path(raw).expanduser().resolve()
    if not source.exists():
        raise UserError(f"{name} {raw}: no such file or folder")
    try:
        check_source(source)
    except DataSourceError as exc:
        raise UserError(f"{name} {raw}: {exc.one_line()}") from None
    return source


def _assign(config: Any, assignment: str, flag: str = "") -> Any:
    """`config` with one `section.setting=value` applied (a data source checked and resolved)."""
    from cdpo_core.settings_io import replace_path

    key, sep, value = (part.strip() for part in assignment.partition("="))
    if not sep:
        raise UserError(f"{flag}{assignment!r}: write it as section.setting=value")
    if key == "data.source" and value:
        value = str(_check_source(value, key))
    return replace_path(config, key, value)


def cmd_set(args: argparse.Namespace) -> int:
    session = _open(args)
    config = session.config
    for assignment in args.assignments:
        config = _assign(config, assignment)
    session.config = config
    session.save_config()
    console.print(f"[green]saved[/] {session.config_path}")
    return 0


def cmd_sessions(args: argparse.Namespace) -> int:
    from cdpo_core.pipeline import plan_status
    from cdpo_core.session import Session, list_sessions

    root = _root(args)
    names = list_sessions(root)
    if not names:
        console.print(f"no sessions in {root}; create one with [bold]cdpo init NAME[/]")
        return 0
    table = RichTable(title=f"sessions in {root}")
    for col in ("name", "preset", "model", "samples", "stages done"):
        table.add_column(col)
    for name in names:
        session = Session.open(root, name)
        states = plan_status(session)
        done = sum(s.status == "done" for s in states)
        with session.store(readonly=True) as store:
            counts = store.sample_counts()
        samples = " ".join(f"{k} {v}" for k, v in sorted(counts.items())) or "—"
        table.add_row(
            name,
            session.config.preset,
            session.config.model.name_or_path,
            samples,
            f"{done}/{len(states)}",
        )
    console.print(table)
    return 0


def cmd_status(args: argparse.Namespace) -> int:
    from cdpo_core.pipeline import plan_status

    session = _open(args)
    with session.store(readonly=True) as store:
        counts = store.sample_counts()
        prep = store.latest_run("prep")
    console.print(f"[bold]{session.name}[/] ({session.config.preset}) at {session.path}")
    console.print(f"  model: {session.config.model.name_or_path}   data: {session.data_source()}")
    console.print(
        f"  samples: train {counts.get('train', 0)}, test {counts.get('test', 0)}"
        + (f"   (prep {prep.status})" if prep else "   (not prepared: run `cdpo prep`)")
    )
    table = RichTable(title="plan")
    for col in ("step", "label", "status", "run", "duration", "result"):
        table.add_column(col)
    for s in plan_status(session):
        colour = {"done": "green", "failed": "red", "running": "yellow"}.get(s.status, "")
        table.add_row(
            s.step,
            s.label,
            f"[{colour}]{s.status}[/]" if colour else s.status,
            str(s.run_id or ""),
            f"{s.duration:.0f}s" if s.duration is not None else "",
            s.headline,
        )
    console.print(table)
    return 0


def _stage(args: argparse.Namespace, body: Callable[[Any, Emit], Any]) -> int:
    from cdpo_core.quiet import quiet_known_noise
    from cdpo_core.runner import install_signal_handlers

    session = _open(args)
    install_signal_handlers()
    quiet_known_noise()
    emit, close = _emitter(args)
    try:
        body(session, emit)
    finally:
        close()
    return 0


def cmd_prep(args: argparse.Namespace) -> int:
    from cdpo_core.pipeline import run_step

    return _stage(
        args,
        lambda s, emit: run_step(s, "prep", emit=emit, force=args.force, restart=args.restart),
    )


def cmd_eval(args: argparse.Namespace) -> int:
    from cdpo_core.stages.evaluate import run_eval

    def body(session: Any, emit: Emit) -> None:
        run_eval(
            session,
            emit=emit,
            model=args.model,
            adapter=args.adapter,
            split=args.split,
            label=args.label,
            limit=args.limit,
            restart=args.restart,
        )

    return _stage(args, body)


def cmd_step(args: argparse.Namespace) -> int:
    from cdpo_core.launch import launched, run_ranked
    from cdpo_core.pipeline import run_step

    if launched():
        return _stage(
            args,
            lambda s, emit: run_ranked(
                s, args.step, emit=emit, force=args.force, restart=args.restart
            ),
        )
    if args.launcher == "accelerate":
        return _relaunch_step(args)
    if args.config:
        raise UserError("--config names an accelerate config", "add --launcher accelerate")
    return _stage(
        args,
        lambda s, emit: run_step(s, args.step, emit=emit, force=args.force, restart=args.restart),
    )


def _relaunch_step(args: argparse.Namespace) -> int:
    """`cdpo step` again, without `--launcher`, on every process `accelerate launch` starts."""
    from cdpo_core.launch import check_launchable, relaunch
    from cdpo_core.steps import spec_of

    if not args.config:
        raise UserError(
            "--launcher accelerate needs --config FILE",
            "e.g. --config configs/accelerate/multi_gpu.yaml (cpu_ddp.yaml on a CPU)",
        )
    check_launchable(spec_of(args.step))
    _open(args)  # a missing session fails here, once, not on every rank
    argv = ["--sessions", str(_root(args)), "step", args.name, args.step]
    argv += [flag for flag in ("--force", "--restart", "--events") if getattr(args, flag[2:])]
    return relaunch(args.config, argv)


def cmd_run(args: argparse.Namespace) -> int:
    from cdpo_core.pipeline import run_plan

    return _stage(
        args, lambda s, emit: run_plan(s, emit=emit, start=args.from_step, restart=args.restart)
    )


def cmd_sweep(args: argparse.Namespace) -> int:
    from cdpo_core.stages.sweep import parse_losses, run_sweep, sweep_table

    losses = parse_losses(args.losses)
    rows: list[Any] = []

    def body(session: Any, emit: Emit) -> None:
        rows.extend(run_sweep(session, tag, args.pairs, losses, emit=emit, restart=args.restart))

    tag = args.tag or args.pairs
    code = _stage(args, body)
    table = sweep_table(tag, rows)
    rich = RichTable(title=table.title)
    for col in table.columns:
        rich.add_column(col)
    for row in table.rows:
        rich.add_row(*row)
    console.print(rich)
    return code


def cmd_build_tiny(args: argparse.Namespace) -> int:
    from cdpo_core.stages.tiny import run_build_tiny

    return _stage(
        args,
        lambda s, emit: run_build_tiny(s, emit=emit, seconds=args.seconds, restart=args.restart),
    )


def cmd_compile(args: argparse.Namespace) -> int:
    import dataclasses

    from cdpo_core.oracle import OracleSettings
    from cdpo_core.oracle.cli import compile_files

    settings = OracleSettings(cache=not args.no_cache, pch=not args.no_pch)
    if args.policy:
        settings = dataclasses.replace(settings, policy=args.policy)
    if args.flags:
        settings = dataclasses.replace(settings, flags=tuple(args.flags.split()))
    if args.max_bytes <= 0:
        raise UserError(f"--max-bytes must be positive, got {args.max_bytes}")
    return compile_files(
        [Path(p) for p in args.files],
        as_json=args.json,
        settings=settings,
        console=console,
        max_bytes=args.max_bytes,
    )


def cmd_judge(args: argparse.Namespace) -> int:
    import dataclasses

    from cdpo_core.judge.cli import judge_files, tests_from_dir, tests_from_session
    from cdpo_core.judge.settings import ExecutionSettings
    from cdpo_core.oracle import OracleSettings

    if bool(args.problem) != bool(args.session) or bool(args.tests) == bool(args.problem):
        raise UserError(
            "give --tests DIR, or --problem pXXXXX with --session NAME",
            "e.g. cdpo judge prog.cpp --problem p00001 --session demo",
        )
    settings = ExecutionSettings(sandbox=args.sandbox, cache=not args.no_cache)
    oracle = OracleSettings(cache=False)
    if args.session:
        # The session's own limits, tolerance and compiler flags: judged as its evaluation is.
        session = _open(args, args.session)
        tests = tests_from_session(session.db_path, session.name, args.problem)
        settings = dataclasses.replace(
            session.config.execution, sandbox=args.sandbox, cache=not args.no_cache
        )
        oracle = dataclasses.replace(session.config.oracle, cache=False)
    else:
        tests = tests_from_dir(Path(args.tests))
    if args.time_limit is not None:
        settings = dataclasses.replace(settings, time_limit_s=args.time_limit)
    if args.memory_limit is not None:
        settings = dataclasses.replace(settings, memory_limit_mb=args.memory_limit)
    if args.flags:
        oracle = dataclasses.replace(oracle, flags=tuple(args.flags.split()))
    return judge_files(
        [Path(p) for p in args.files],
        tests,
        as_json=args.json,
        settings=settings,
        oracle_settings=oracle,
        console=console,
    )


def cmd_results(args: argparse.Namespace) -> int:
    from cdpo_core.results import (
        all_tables,
        combine,
        number_tables,
        results_json,
        session_results,
        to_csv,
    )
    from cdpo_core.results import to_markdown as md

    results = combine([session_results(_open(args, name), args.split) for name in args.names])
    if args.json:
        text = results_json(results)
    elif args.markdown:
        text = "\n".join(md(t) for t in all_tables(results))
    elif args.csv:
        # Numbers, not display text: a spreadsheet cannot read `20.0% (16/80) *`.
        text = "\n".join(f"# {t.title}\n{to_csv(t)}" for t in number_tables(results))
    else:
        # The tables whose columns grow with the stages or categories, and their narrow shape.
        narrow = {
            results.table1: results.table1_by_stage,
            results.categories: results.categories_by_stage,
        }
        for t in all_tables(results):
            if not t.rows:
                continue
            table = _rich_table(t)
            if t in narrow and _wider_than_console(table):
                table = _rich_table(narrow[t])
            console.print(table)
        if not results.stages:
            console.print("no finished evaluation yet: run [bold]cdpo eval NAME[/] or cdpo run")
        return 0
    if args.out:
        Path(args.out).write_text(text + "\n", encoding="utf-8")
        console.print(f"[green]wrote[/] {args.out}")
    else:
        sys.stdout.write(text + "\n")
    return 0


def _rich_table(t: ResultsTable) -> RichTable:
    table = RichTable(title=t.title)
    for col in t.columns:
        table.add_column(col)
    for row in t.rows:
        table.add_row(*row)
    return table


def _wider_than_console(table: RichTable) -> bool:
    """Whether Rich would have to squeeze `table`'s columns (cut headers, wrapped cells)."""
    from rich.measure import Measurement

    # Measured as if the console were unbounded: Rich clamps a measurement to the width.
    natural = Measurement.get(console, console.options.update_width(1_000_000), table)
    return natural.maximum > console.width


def cmd_demo(args: argparse.Namespace) -> int:
    from cdpo_core.pipeline import run_demo
    from cdpo_core.quiet import quiet_known_noise
    from cdpo_core.runner import install_signal_handlers

    emit, close = _emitter(args)
    install_signal_handlers()
    quiet_known_noise()
    try:
        run_demo(_root(args), args.name, emit=emit, fresh=args.fresh)
    finally:
        close()
    args.names = [args.name]
    args.split = None
    args.json = args.markdown = args.csv = False
    args.out = None
    return cmd_results(args)


def cmd_replay(args: argparse.Namespace) -> int:
    from cdpo_core.replay import replay

    emit, close = _emitter(args)
    try:
        replay(Path(args.file), emit=emit, speed=args.speed)
    finally:
        close()
    return 0


# -- parser ----------------------------------------------------------------------------------


def _positive_int(text: str) -> int:
    """An argparse type: a count of 1 or more (a negative one would slice from the end)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, got {value}")
    return value


def build_parser() -> argparse.ArgumentParser:
    from cdpo_core.session import PRESETS
    from cdpo_core.steps import STEPS

    parser = argparse.ArgumentParser(
        prog="cdpo",
        description="Train code models with compiler feedback: select CodeNet programs, mask "
        "their tails, let a model complete them, compile with g++, SFT and DPO on the verdicts.",
        epilog="Start with `cdpo demo`, or `cdpo init NAME --preset paper --codenet PATH`.",
    )
    parser.add_argument(
        "--sessions",
        metavar="DIR",
        help="folder holding the sessions (default: $CDPO_SESSIONS or ./sessions)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    def command(name: str, fn: Callable[[argparse.Namespace], int], help: str) -> Any:
        p = sub.add_parser(name, help=help, description=help)
        p.set_defaults(fn=fn)
        return p

    def events(p: argparse.ArgumentParser) -> None:
        p.add_argument(
            "--events",
            action="store_true",
            help="print one JSON event per line on stdout instead of a progress bar",
        )

    def restart(p: argparse.ArgumentParser) -> None:
        p.add_argument(
            "--restart",
            action="store_true",
            help="start an interrupted run over instead of resuming it (needed when its "
            "settings or inputs have changed since it started; the old run stays as history)",
        )

    p = command("init", cmd_init, "create a session folder with its settings")
    p.add_argument("name", help="session name (letters, digits, '.', '_', '-')")
    p.add_argument(
        "--preset",
        choices=PRESETS,
        default="paper",
        help="paper: the paper's numbers; demo: shipped corpus + tiny CPU model; online: the "
        "demo plus GRPO and iterative DPO; smol: the paper's plan on SmolLM2-135M-Instruct "
        "(built in), 45 minutes on 2 CPU cores",
    )
    p.add_argument(
        "--codenet",
        metavar="PATH",
        help="Project_CodeNet folder, benchmark folder, .tar.gz of either, or .jsonl",
    )
    p.add_argument("--model", metavar="M", help="Hugging Face id or local model folder")
    p.add_argument(
        "--set",
        action="append",
        metavar="KEY=VALUE",
        help="override a setting, e.g. --set selection.train_per_problem=3",
    )

    p = command("set", cmd_set, "change settings of a session (section.setting=value)")
    p.add_argument("name")
    p.add_argument("assignments", nargs="+", metavar="KEY=VALUE")

    command("sessions", cmd_sessions, "list the sessions")
    p = command("status", cmd_status, "show a session's data and the state of its stages")
    p.add_argument("name")

    p = command("prep", cmd_prep, "select, verify and mask the session's programs")
    p.add_argument("name")
    p.add_argument(
        "--force", action="store_true", help="select again though prep is done (no completions)"
    )
    restart(p)
    events(p)

    p = command("eval", cmd_eval, "measure a model's compile success rate on a split")
    p.add_argument("name")
    p.add_argument("--model", help="model to evaluate (default: the session's)")
    p.add_argument("--adapter", help="LoRA adapter folder to apply to the model")
    p.add_argument("--split", choices=("test", "train"), default="test")
    p.add_argument(
        "--label", default="Base", help="stage label for the tables: Base, +SFT, +DPO, +SFT+DPO"
    )
    p.add_argument(
        "--limit", type=_positive_int, metavar="N", help="evaluate only the first N samples"
    )
    restart(p)
    events(p)

    p = command("step", cmd_step, "run one step of the session's plan (e.g. sft, dpo-sft)")
    p.add_argument("name")
    p.add_argument("step", choices=list(STEPS), metavar="STEP", help=", ".join(STEPS))
    p.add_argument("--force", action="store_true", help="run again even if it is done")
    p.add_argument(
        "--launcher",
        choices=("local", "accelerate"),
        default="local",
        help="local: this process (default); accelerate: one process per device under "
        "`accelerate launch` (sft, dpo-*, eval-*, prefs-*)",
    )
    p.add_argument(
        "--config", metavar="FILE", help="accelerate config, e.g. configs/accelerate/cpu_ddp.yaml"
    )
    restart(p)
    events(p)

    p = command("run", cmd_run, "run the session's plan; finished steps are not redone")
    p.add_argument("name")
    p.add_argument(
        "--from",
        dest="from_step",
        metavar="STEP",
        help="restart from this step (it and every later step run again)",
    )
    restart(p)
    events(p)

    p = command(
        "sweep",
        cmd_sweep,
        "train one pair set under several DPO losses from the same start; compare them",
    )
    p.add_argument("name")
    p.add_argument(
        "--pairs", required=True, metavar="STEP", help="the finished prefs step, e.g. prefs-sft"
    )
    p.add_argument(
        "--losses",
        default="sigmoid,dpop,rpo,ipo,apo_zero",
        help="comma-separated: dpop, rpo (sigmoid + sft) or any TRL DPO loss "
        "(default: sigmoid,dpop,rpo,ipo,apo_zero)",
    )
    p.add_argument(
        "--tag",
        help="names this sweep's runs, sweep-TAG-LOSS (default: the pairs step); a new tag "
        "trains every loss again, the same tag goes on where it stopped",
    )
    restart(p)
    events(p)

    p = command("compile", cmd_compile, "the compiler oracle as a tool: verdict and diagnostics")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--json", action="store_true", help="one JSON object per file")
    p.add_argument(
        "--policy",
        choices=("strict", "errors"),
        help="strict: any warning fails (default); errors: exit status only",
    )
    p.add_argument("--flags", help="compiler flags (default: '-std=c++17 -Wall')")
    from cdpo_core.oracle.cli import MAX_SOURCE_BYTES

    p.add_argument(
        "--max-bytes",
        type=int,
        default=MAX_SOURCE_BYTES,
        metavar="N",
        help=f"refuse source files larger than N bytes (default: {MAX_SOURCE_BYTES}, "
        "as data.max_file_bytes)",
    )
    p.add_argument(
        "--no-cache", action="store_true", help="neither read nor write the verdict cache"
    )
    p.add_argument("--no-pch", action="store_true", help="compile without precompiled headers")

    p = command(
        "judge", cmd_judge, "compile once, run on tests in the sandbox: one verdict per test"
    )
    p.add_argument("files", nargs="+", metavar="FILE.cpp")
    p.add_argument("--tests", metavar="DIR", help="folder of N.in / N.out pairs")
    p.add_argument("--problem", metavar="pXXXXX", help="a problem's tests stored in --session")
    p.add_argument("--session", metavar="NAME", help="the session whose stored tests to use")
    p.add_argument("--json", action="store_true", help="one JSON object per file")
    p.add_argument(
        "--sandbox",
        choices=("auto", "bwrap", "none"),
        default="auto",
        help="auto: bubblewrap, else rlimits only with a warning (default); bwrap: or fail",
    )
    p.add_argument("--time-limit", type=float, metavar="S", help="CPU seconds per test (2)")
    p.add_argument("--memory-limit", type=int, metavar="MB", help="MiB per test (256)")
    p.add_argument("--flags", help="compiler flags (default: '-std=c++17 -Wall')")
    p.add_argument("--no-cache", action="store_true", help="neither read nor write the cache")

    p = command("results", cmd_results, "Table 1, Table 2, failure categories, pair statistics")
    p.add_argument("names", nargs="+", metavar="NAME")
    p.add_argument("--split", choices=("test", "train"))
    fmt = p.add_mutually_exclusive_group()
    fmt.add_argument("--json", action="store_true", help="one JSON object per run")
    fmt.add_argument("--markdown", action="store_true")
    fmt.add_argument("--csv", action="store_true")
    p.add_argument("--out", metavar="FILE", help="write to a file instead of stdout")

    model = command("model", lambda a: 0, "models built by cdpo")
    msub = model.add_subparsers(dest="model_command", metavar="COMMAND", required=True)
    p = msub.add_parser(
        "build-tiny",
        help="train the tiny offline model into the session",
        description="train a byte-level BPE tokenizer and a small Llama-shaped "
        "model on the session's training split and the g++ headers",
    )
    p.set_defaults(fn=cmd_build_tiny)
    p.add_argument("name")
    p.add_argument("--seconds", type=float, help="training time budget (default: the setting)")
    restart(p)
    events(p)

    p = command("demo", cmd_demo, "the whole pipeline on the shipped corpus with the tiny model")
    p.add_argument("--name", default="demo", help="session name (default: demo)")
    p.add_argument("--fresh", action="store_true", help="delete the session first")
    events(p)

    p = command("replay", cmd_replay, "play a recorded events.jsonl as if a stage were running")
    p.add_argument("file")
    p.add_argument("--speed", type=float, default=1.0, help="time factor (0 = no waiting)")
    events(p)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    from cdpo_core.runner import StageError
    from cdpo_core.signals import take_back_sigint

    args = build_parser().parse_args(argv)
    take_back_sigint()  # every command ends on Ctrl-C as "cancelled"; the console's cancel is one
    # Progress belongs to our events; the libraries' own bars would garble them.
    os.environ.setdefault("HF_DATASETS_DISABLE_PROGRESS_BARS", "1")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    os.environ.setdefault("TRANSFORMERS_NO_ADVISORY_WARNINGS", "1")
    try:
        return int(args.fn(args))
    except StageError as exc:
        # A stage that failed has said so through its events already, on this terminal.
        if not exc.reported or getattr(args, "events", False):
            _print_error(exc)
        return 1
    except CdpoError as exc:
        _print_error(exc)
        return 2
    except KeyboardInterrupt:
        err.print("[yellow]cancelled[/]: finished work is kept; run the same command to go on")
        return 130


def _print_error(exc: CdpoError) -> None:
    """The message and its hint on one line (never wrapped); brackets in them are not markup."""
    err.print(f"[red]error:[/] {escape(exc.one_line())}", highlight=False)


if __name__ == "__main__":
    sys.exit(main())
