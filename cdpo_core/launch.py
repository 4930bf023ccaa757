"""One step on several processes under `accelerate launch`: every rank works, one records.

`cdpo step NAME STEP --launcher accelerate --config FILE` runs the same command again under
`accelerate launch --config_file FILE -m cdpo_core ...` (`relaunch`), with `LAUNCHED` set so
the children do not launch once more; `accelerate launch -m cdpo_core step ...` typed by hand
does the same. Each child runs the step's own stage function: SFT and
DPO train as one DDP (or FSDP / DeepSpeed) job, and an evaluation or a pair step generates its
share of the prompts (`shard`). The main process alone opens the run frame, so the `runs` row,
the step lock, the events, the metrics, the summary and the adapter exist once; the others
read the store, train or generate, and leave (`RankDone`) where the recording begins.

How the ranks agree on the run: the main process opens the frame as a one-process run would
(it decides, under the step lock, whether an unfinished run resumes), then sends
`(run id, resumed)` to the others in one broadcast. The broadcast is also the barrier: no
follower looks at the run's folder (its newest checkpoint) or its stored completions before
the main process has settled them, and all ranks take the same decision because there is
only one. Voting instead would race on the lock and could disagree when a run ends between
two reads. A main process that opens no frame (the step is done already, or refused) sends
None, and the followers end at once with status 0.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TypeVar

from cdpo_core.errors import CdpoError
from cdpo_core.events import Emit, discard
from cdpo_core.runner import RunContext
from cdpo_core.session import Session
from cdpo_core.steps import StepSpec, spec_of

LAUNCHED = "CDPO_ACCELERATE_LAUNCHED"
"""Set in the environment of the processes `relaunch` starts."""

# The stages that know how to run on several ranks: the trainers (DDP through the trainer's
# accelerator) and the two that generate (`shard`). Iterative DPO generates and then trains in
# one step, with one rank recording the pairs: not yet.
RANKED_STAGES = frozenset(
    {
        "cdpo_core.stages.training:sft_step",
        "cdpo_core.stages.training:dpo_step",
        "cdpo_core.stages.training:prefs_step",
        "cdpo_core.stages.evaluate:eval_step",
    }
)
# Stages whose followers write their own shard of completions (keyed by sample, so a rerun
# neither duplicates nor loses one); trainers' followers only read.
_SHARD_WRITERS = frozenset({"eval", "prefs"})

T = TypeVar("T")


class LaunchError(CdpoError):
    """A step cannot run under the launcher as asked (a missing config, a step it cannot split)."""


class RankDone(Exception):
    """A follower's work in a step has ended; what remains (recording it) is the main process's.

    Raised on a follower only, from the point where a stage starts recording what the ranks
    produced together, and caught by `follow`; a one-process run never sees it.
    """


def launched() -> bool:
    """Whether this process is one rank of a launched job.

    `relaunch` says so in `LAUNCHED`; `accelerate launch -m cdpo_core ...` typed by hand (a
    SLURM script's, with its machine ranks) says so in torchrun's `WORLD_SIZE`.
    """
    return os.environ.get(LAUNCHED) == "1" or int(os.environ.get("WORLD_SIZE", "1")) > 1


def check_launchable(spec: StepSpec) -> None:
    if spec.stage not in RANKED_STAGES:
        raise LaunchError(
            f"step {spec.name} cannot run under accelerate yet",
            "run it without --launcher; sft, dpo-*, eval-* and prefs-* steps can",
        )


def launch_command(config: Path, argv: Sequence[str]) -> list[str]:
    """`accelerate launch --config_file CONFIG -m cdpo_core ARGV` with this interpreter.

    `python -m accelerate.commands.launch` is the module behind the `accelerate launch`
    script (accelerate 1.x), so no script has to be on PATH; `-m` (`--module`) makes each
    process run `python -m cdpo_core`.
    """
    return [
        sys.executable,
        "-m",
        "accelerate.commands.launch",
        "--config_file",
        str(config),
        "-m",
        "cdpo_core",
        *argv,
    ]


def relaunch(config: str, argv: Sequence[str]) -> int:
    """Run `argv` (a `cdpo` command line) under `accelerate launch`; returns its exit status.

    A SIGTERM or Ctrl-C here (the console's cancel) goes on to the launcher as SIGTERM, which
    torchrun passes to every rank: they stop at the next step boundary as one process would.
    """
    import importlib.util

    path = Path(config).expanduser()
    if not path.is_file():
        raise LaunchError(
            f"--config {config}: no such accelerate config file",
            "use one of configs/accelerate/*.yaml, or write one with `accelerate config`",
        )
    if importlib.util.find_spec("accelerate") is None:
        raise LaunchError("--launcher accelerate needs accelerate", "pip install accelerate")
    child = subprocess.Popen(
        launch_command(path.resolve(), argv), env={**os.environ, LAUNCHED: "1"}
    )
    try:
        return child.wait()
    except KeyboardInterrupt:
        child.send_signal(signal.SIGTERM)
        child.wait()
        raise


def _state() -> Any:
    """accelerate's process state (it starts the process group: gloo on a CPU, NCCL on GPUs)."""
    import torch
    from accelerate import PartialState

    return PartialState(cpu=not torch.cuda.is_available())


def run_ranked(
    session: Session, name: str, *, emit: Emit, force: bool = False, restart: bool = False
) -> None:
    """`run_step` on one rank of a launched job: the main process leads, the others follow."""
    spec = spec_of(name)
    check_launchable(spec)
    state = _state()
    try:
        if state.is_main_process:
            _lead(session, name, emit=emit, force=force, restart=restart)
        else:
            follow(session, spec, restart=restart)
    finally:
        state.destroy_process_group()


def _lead(session: Session, name: str, *, emit: Emit, force: bool, restart: bool) -> None:
    from accelerate.utils import broadcast_object_list

    from cdpo_core.pipeline import run_step

    sent = False

    def share(ctx: RunContext) -> None:
        nonlocal sent
        broadcast_object_list([(ctx.run_id, ctx.resumed)])
        sent = True

    try:
        run_step(session, name, emit=emit, force=force, restart=restart, on_open=share)
    finally:
        if not sent:
            broadcast_object_list([None])


def follow(session: Session, spec: StepSpec, *, restart: bool) -> None:
    """A follower's part of a step: wait for the main process's run, then do the same work.

    Its frame is the main process's run, seen through the store (read-only for a trainer; an
    evaluation writes its own shard's completions) with events discarded: the main process
    reports for all.
    """
    from accelerate.utils import broadcast_object_list

    from cdpo_core.pipeline import step_call

    message = broadcast_object_list([None])[0]
    if message is None:
        return
    run_id, resumed = message
    call = step_call(session, spec, discard, restart)
    with session.store(readonly=spec.kind not in _SHARD_WRITERS) as store:
        run = store.run(run_id)
        ctx = RunContext(
            session, store, run, discard, session.run_dir(run_id, spec.name), resumed, {}
        )
        try:
            spec.function()(session, call, ctx)
        except RankDone:
            return


def shard(items: Sequence[T]) -> list[T]:
    """This rank's share of `items` (all of them outside a launched job).

    The main process's list is sent to every rank first, so all split the same list even when
    a rank read the store a moment later, after another had begun to write its shard.
    """
    if not launched():
        return list(items)
    from accelerate.utils import broadcast_object_list

    agreed = broadcast_object_list([list(items)])[0]
    with _state().split_between_processes(agreed) as part:
        return list(part)


def gather_shards(skipped: int) -> int:
    """Wait for every rank's shard; returns how many prompts all of them skipped.

    The main process then reads the whole run from the store; a follower ends here.

    Raises:
        RankDone: on a follower.
    """
    if not launched():
        return skipped
    from accelerate.utils import gather_object

    total = sum(gather_object([skipped]))
    if not _state().is_main_process:
        raise RankDone
    return total
