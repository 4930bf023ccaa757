"""Trainer callbacks that turn a transformers training loop into cdpo events and honour stops.

The trainers already compute every number the console plots; these callbacks only rename
them into cdpo's `group/metric` scheme and forward them as `Metric` / `Progress` events. A stop
request (a stop file appearing, or SIGTERM / SIGINT) is answered at the next step boundary with
a checkpoint, so a cancelled run can be resumed and never loses a finished step.
"""

from __future__ import annotations

import json
import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from transformers import TrainerCallback

from cdpo_core.events import Emit, LogLine, Metric, Progress
from cdpo_core.training.collapse import CollapseAlarm, CollapseWatch
from cdpo_core.training.runner import CHECKPOINT_SIDECAR

# transformers' own log keys and the names the console groups them under.
_RENAMED = {
    "loss": "train/loss",
    "learning_rate": "train/learning_rate",
    "grad_norm": "train/grad_norm",
    "epoch": "train/epoch",
    "entropy": "train/entropy",
    "mean_token_accuracy": "train/mean_token_accuracy",
    "num_tokens": "train/num_tokens",
}
# Keys of the end-of-training summary log; they belong to the result, not to a step's curve.
_SUMMARY_KEYS = {
    "train_runtime",
    "train_samples_per_second",
    "train_steps_per_second",
    "total_flos",
    "train_loss",
}


class StopRequest:
    """A flag set from outside the training loop: by a signal handler or by the stop file."""

    def __init__(self, stop_file: Path | None = None) -> None:
        self.stop_file = stop_file
        self.reason = ""

    def request(self, reason: str) -> None:
        if not self.reason:
            self.reason = reason

    @property
    def requested(self) -> bool:
        if not self.reason and self.stop_file is not None and self.stop_file.exists():
            self.reason = f"stop file {self.stop_file} appeared"
        return bool(self.reason)


@contextmanager
def stop_on_signals(stop: StopRequest) -> Iterator[StopRequest]:
    """Turn the first SIGTERM / SIGINT into a stop request at the next step boundary.

    The previous handlers come back for a second signal, so a person pressing Ctrl-C twice still
    gets an immediate interrupt. Signal handlers can only be installed from the main thread;
    elsewhere (a test runner's worker thread) only the stop file works.
    """
    if threading.current_thread() is not threading.main_thread():
        yield stop
        return
    previous = {sig: signal.getsignal(sig) for sig in (signal.SIGTERM, signal.SIGINT)}

    def handle(signum: int, _frame: Any) -> None:
        stop.request(f"received {signal.Signals(signum).name}")
        for sig, handler in previous.items():
            signal.signal(sig, handler)

    for sig in previous:
        signal.signal(sig, handle)
    try:
        yield stop
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _agreed(requested: bool) -> bool:
    """Whether any rank of a launched job asks to stop; in one process, `requested` itself.

    Under DDP every rank must leave the loop after the same step, or the ones still training
    wait forever in their next gradient all-reduce, and a stop file or the SIGTERM torchrun
    forwards reaches the ranks at different moments. So they agree here, at every step end
    (one integer all-reduced; all ranks pass this point once per step).
    """
    import torch
    import torch.distributed as dist

    if not (dist.is_available() and dist.is_initialized()) or dist.get_world_size() == 1:
        return requested
    device = (
        torch.device("cuda", torch.cuda.current_device()) if dist.get_backend() == "nccl" else None
    )
    flag = torch.tensor([int(requested)], device=device)
    dist.all_reduce(flag, op=dist.ReduceOp.MAX)
    return bool(flag.item())


class EventCallback(TrainerCallback):
    """Forwards trainer logs as `Metric` events and steps as `Progress`; stops on request."""

    def __init__(self, stage: str, emit: Emit, stop: StopRequest) -> None:
        self.stage = stage
        self.emit = emit
        self.stop = stop
        self.summary: dict[str, float] = {}
        self._last_tokens: tuple[float, float] | None = None  # (num_tokens, time)

    def on_step_end(self, args: Any, state: Any, control: Any, **kwargs: Any) -> Any:
        self.emit(
            Progress(stage=self.stage, done=state.global_step, total=state.max_steps, unit="steps")
        )
        if _agreed(self.stop.requested):
            self.stop.request("another process of the launched job stopped")
            # Saving here makes the stop resumable: the trainer writes the checkpoint in the
            # same step's save phase, then leaves its loop.
            control.should_training_stop = True
            control.should_save = True
            message = f"stopping after step {state.global_step}: {self.stop.reason}"
            self.emit(LogLine(stage=self.stage, level="warning", message=message))
        return control

    def on_log(
        self, args: Any, state: Any, control: Any, logs: dict[str, Any] | None = None, **kwargs: Any
    ) -> None:
        if not logs:
            return
        if _SUMMARY_KEYS & logs.keys():
            self.summary.update({k: float(v) for k, v in logs.items() if _is_number(v)})
            return
        values: dict[str, float] = {}
        for key, value in logs.items():
            if not _is_number(value):
                continue
            values[_RENAMED.get(key, key if "/" in key else f"train/{key}")] = float(value)
        if "num_tokens" in logs:
            now, tokens = time.monotonic(), float(logs["num_tokens"])
            if self._last_tokens is not None and now > self._last_tokens[1]:
                rate = (tokens - self._last_tokens[0]) / (now - self._last_tokens[1])
                values["train/tokens_per_second"] = rate
            self._last_tokens = (tokens, now)
        if values:
            self.emit(Metric(stage=self.stage, step=state.global_step, values=values))

    def on_train_begin(self, args: Any, state: Any, control: Any, **kwargs: Any) -> None:
        # Anchor the token clock at the start so the first logged step already has a rate; a
        # resumed run counts on from its checkpoint's last logged count (restore_token_count).
        counts = [entry["num_tokens"] for entry in state.log_history if "num_tokens" in entry]
        self._last_tokens = (float(counts[-1]) if counts else 0.0, time.monotonic())

    def on_save(self, args: Any, state: Any, control: Any, **kwargs: Any) -> None:
        """Writes a JSON sidecar so the console can list checkpoints without loading torch.

        The trainer has written the whole checkpoint by now, so the sidecar also marks it
        complete: a resume takes only checkpoints that have one (`last_checkpoint`).
        """
        folder = Path(args.output_dir) / f"checkpoint-{state.global_step}"
        if folder.is_dir():
            last = state.log_history[-1] if state.log_history else {}
            sidecar = {
                "stage": self.stage,
                "step": state.global_step,
                "max_steps": state.max_steps,
                "epoch": state.epoch,
                "loss": last.get("loss"),
            }
            (folder / CHECKPOINT_SIDECAR).write_text(json.dumps(sidecar, indent=1))


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


class CollapseCallback(TrainerCallback):
    """Runs the collapse watch on every DPO-family log and raises the alarm once.

    The alarm is a warning in the log, a `collapse/alarm` metric at its step (what the console
    marks on the plot) and, through `alarm`, the run's summary.
    """

    def __init__(self, stage: str, emit: Emit, watch: CollapseWatch) -> None:
        self.stage = stage
        self.emit = emit
        self.watch = watch

    @property
    def alarm(self) -> CollapseAlarm | None:
        return self.watch.alarm

    def on_log(
        self, args: Any, state: Any, control: Any, logs: dict[str, Any] | None = None, **kwargs: Any
    ) -> None:
        values = {k: float(v) for k, v in (logs or {}).items() if _is_number(v)}
        alarm = self.watch.update(state.global_step, values)
        if alarm is None:
            return
        self.emit(LogLine(stage=self.stage, level="warning", message=alarm.message()))
        self.emit(
            Metric(
                stage=self.stage,
                step=alarm.step,
                values={"collapse/alarm": 1.0, "collapse/chosen_drop": alarm.chosen_drop},
            )
        )
