"""The mask curriculum (StepCoder's idea on the paper's masked tails): short tails first.

A curriculum is a setting of a training step (`curriculum = "0.1,0.3,0.5"`). Its training set
is the waves in order, each wave's rows shuffled by the seed among themselves only, and the
trainer reads them in that order: the order is what makes it a curriculum, so the trainer's
own shuffling is turned off (`SequentialSampler` for SFT and DPO, `shuffle_dataset=False` for
GRPO). SFT and GRPO re-mask every stored program at each wave's fraction with the session's
mask settings (no new samples are stored); DPO's pairs exist only at the mask they were
generated with, so DPO orders them by the length of their masked tail instead. Each logged
step says which wave it trained on, as the metric `curriculum/fraction`.

Without a curriculum every function here hands back exactly what the stages built before it
existed, so the paper's runs are unchanged.
"""

from __future__ import annotations

import bisect
import dataclasses
import itertools
import math
import os
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from cdpo_core.events import Emit, LogLine
from cdpo_core.masking import MaskedProgram, MaskSettings, mask
from cdpo_core.prompts import PromptFormat
from cdpo_core.training.settings import TrainingError, curriculum_fractions

METRIC = "curriculum/fraction"
COLUMN = "curriculum_fraction"
"""Each curriculum row's wave, so the waves are counted in what the trainer kept."""
ROW_COLUMN = "mask_row"
"""GRPO's column naming the row's own mask (a sample has one per wave)."""


@dataclass(frozen=True)
class Waves:
    """Where each wave sits in a training set laid out wave after wave.

    Attributes:
        fractions: The waves' mask fractions, in training order.
        sizes: Rows per wave (a DPO wave may be empty).
    """

    fractions: tuple[float, ...]
    sizes: tuple[int, ...]

    @classmethod
    def of(cls, column: Sequence[float]) -> Waves:
        """The waves of a data set whose `COLUMN` is `column` (runs of one fraction)."""
        fractions: list[float] = []
        sizes: list[int] = []
        for fraction in column:
            if fractions and fractions[-1] == fraction:
                sizes[-1] += 1
            else:
                fractions.append(fraction)
                sizes.append(1)
        return cls(tuple(fractions), tuple(sizes))

    def fraction_at(self, row: int) -> float:
        """The fraction of the wave holding training row `row` (epochs repeat the waves)."""
        ends = list(itertools.accumulate(self.sizes))
        return self.fractions[bisect.bisect_right(ends, row % ends[-1])]


def wave_mask(code: str, settings: MaskSettings, fraction: float) -> MaskedProgram:
    """`code` masked at a wave's `fraction`, with the session's other mask settings."""
    if settings.mode == "tokens":
        raise TrainingError(
            "a mask curriculum needs fractions, but mask.mode = 'tokens' masks a count of tokens",
            "use mask.mode chars, lines or infill, or leave the step's curriculum empty",
        )
    return mask(code, dataclasses.replace(settings, fraction=fraction))


def _in_waves(
    rows_of: Callable[[float], list[dict[str, Any]]], fractions: Sequence[float], seed: int
) -> tuple[list[dict[str, Any]], Waves]:
    """Wave after wave, each wave's rows shuffled among themselves by `seed` and marked with
    their fraction (`COLUMN`)."""
    order = random.Random(seed)
    rows: list[dict[str, Any]] = []
    sizes = []
    for fraction in fractions:
        wave = rows_of(fraction)
        order.shuffle(wave)
        rows += [{**row, COLUMN: fraction} for row in wave]
        sizes.append(len(wave))
    return rows, Waves(tuple(fractions), tuple(sizes))


def sft_rows(
    samples: Sequence[Any],
    fmt: PromptFormat,
    curriculum: str,
    mask_settings: MaskSettings,
    seed: int,
) -> tuple[list[dict[str, Any]], Waves | None]:
    """SFT's rows: whole programs (the paper), or prompt -> masked-tail rows in waves.

    A curriculum row is the prompt format's preference row with the original tail as the
    completion, so the prompt ends on the same token boundary as DPO's and evaluation's, and
    TRL trains on the tail only (prompt-completion rows; conversational for chat formats).
    """
    fractions = curriculum_fractions(curriculum)
    if not fractions:
        return [fmt.sft_example(s.code) for s in samples], None

    def rows_of(fraction: float) -> list[dict[str, Any]]:
        out = []
        for s in samples:
            m = wave_mask(s.code, mask_settings, fraction)
            row = fmt.preference(m, m.target, m.target)
            out.append({"prompt": row["prompt"], "completion": row["chosen"]})
        return out

    return _in_waves(rows_of, fractions, seed)


def grpo_rows(
    samples: Sequence[Any],
    render: Callable[[MaskedProgram], str],
    stored: Callable[[Any], MaskedProgram],
    curriculum: str,
    mask_settings: MaskSettings,
    seed: int,
) -> tuple[list[dict[str, Any]], dict[int, MaskedProgram], Waves | None]:
    """GRPO's prompts, the masks their completions are judged against, and the waves.

    Without a curriculum: one row per sample at its stored mask, masks keyed by sample id.
    With one: a row per sample and wave; each row's `mask_row` keys its mask (see `RowReward`).
    """
    fractions = curriculum_fractions(curriculum)
    if not fractions:
        masks = {s.id: stored(s) for s in samples}
        return [{"prompt": render(masks[s.id]), "sample_id": s.id} for s in samples], masks, None
    masks = {}

    def rows_of(fraction: float) -> list[dict[str, Any]]:
        out = []
        for s in samples:
            key = len(masks)
            masks[key] = wave_mask(s.code, mask_settings, fraction)
            out.append({"prompt": render(masks[key]), "sample_id": s.id, ROW_COLUMN: key})
        return out

    rows, waves = _in_waves(rows_of, fractions, seed)
    return rows, masks, waves


class RowReward:
    """A reward function keyed by `mask_row` rather than `sample_id`.

    `CompileReward` rebuilds a completion's program from the id the dataset hands it; under a
    curriculum a sample has one mask per wave, so the row's own mask key stands in for the
    sample id. The TRL name, and every other argument, pass through unchanged.
    """

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.__name__ = inner.__name__

    def __call__(self, *args: Any, mask_row: Sequence[int], **columns: Any) -> Any:
        columns["sample_id"] = mask_row
        return self.inner(*args, **columns)


def tail_length(row: dict[str, Any]) -> int:
    """Characters of a pair's masked tail: its chosen side; for a chat reply (which restates
    the whole program) the part of it that the prompt's last turn does not show."""
    chosen = row["chosen"]
    if isinstance(chosen, str):
        return len(chosen)
    reply = "".join(str(m.get("content", "")) for m in chosen)
    shown = str(row["prompt"][-1].get("content", "")) if row["prompt"] else ""
    # Line the reply up with the code in the prompt (both open with the same fence line).
    shown = shown[max(shown.rfind(reply.split("\n", 1)[0]), 0) :]
    head = len(os.path.commonprefix([reply, shown]))
    rest, shown_rest = reply[head:], shown[head:]
    tail = len(os.path.commonprefix([rest[::-1], shown_rest[::-1]]))
    return len(rest) - tail


def order_pairs(pairs: Any, curriculum: str, seed: int) -> tuple[Any, Waves | None]:
    """DPO's pairs in waves of growing masked tail: wave i holds the pairs whose tail is at
    most fraction_i / fraction_last of the longest (the last wave, the rest).

    Without a curriculum the pair set is handed back as it is.
    """
    fractions = curriculum_fractions(curriculum)
    if not fractions:
        return pairs, None
    lengths = [tail_length(row) for row in pairs]
    longest = max(lengths, default=0)
    limits = [f / fractions[-1] * longest for f in fractions[:-1]]
    by_wave: dict[float, list[int]] = {f: [] for f in fractions}
    for index, length in enumerate(lengths):
        by_wave[fractions[bisect.bisect_left(limits, length)]].append(index)
    indices, waves = _in_waves(lambda f: [{"index": i} for i in by_wave[f]], fractions, seed)
    ordered = pairs.select([row["index"] for row in indices])
    return ordered.add_column(COLUMN, [row[COLUMN] for row in indices]), waves


def follow_waves(trainer: Any, given: int, stage: str, emit: Emit, *, group_size: int = 0) -> Waves:
    """Make `trainer` read its curriculum rows in order and log each step's wave.

    SFT and DPO read in order through an override of the trainer's `_get_train_sampler` (a
    `SequentialSampler`): transformers 5.17 and 5.24 have `train_sampling_strategy=
    "sequential"` for this, but 4.56, the floor of our bounds, has not, and the override means
    the same on all of them. Resuming skips the batches already trained, so a resumed run goes
    on in the same waves. GRPO (`group_size` = its num_generations) keeps its own sampler,
    which repeats each prompt for its group, and is built with `shuffle_dataset=False`.

    The waves are counted in the rows the trainer kept of the `given` ones: TRL's SFT drops a
    row whose prompt alone fills `max_length` (no tail left to learn), and says nothing; here
    it is counted and reported.
    """
    from torch.utils.data import SequentialSampler

    data = trainer.train_dataset
    if COLUMN not in data.column_names:
        raise TrainingError(
            f"the step has a curriculum, but its rows have no {COLUMN!r} column",
            "build them with cdpo_core.training.curriculum (sft_rows, grpo_rows, order_pairs)",
        )
    if len(data) < given:
        message = (
            f"curriculum: {given - len(data)} of {given} rows left out by the trainer "
            "(their prompt fills max_length, so no masked tail is left to learn)"
        )
        emit(LogLine(stage=stage, level="warning", message=message))
    if not group_size:
        trainer._get_train_sampler = lambda dataset=None: SequentialSampler(
            data if dataset is None else dataset
        )
    waves = Waves.of(data[COLUMN])
    trainer.add_callback(_wave_callback(waves, group_size))
    return waves


def last_row(step: int, rows: int, args: Any, group_size: int = 0) -> int:
    """The last data set row that training step `step` (from 1) learnt from, read in order.

    SFT and DPO: each step takes `gradient_accumulation_steps` batches of
    `per_device_train_batch_size` rows per process, and an epoch ends on a short batch and a
    short step. GRPO (`group_size` > 0): each step takes batch x accumulation x processes /
    group_size prompts, and its sampler drops the last incomplete generation batch of an epoch.
    """
    batch = args.per_device_train_batch_size * args.world_size
    accumulate = args.gradient_accumulation_steps
    if group_size:
        per_step = batch * accumulate // group_size
        chunk = args.generation_batch_size // group_size
        usable = rows // chunk * chunk
        return (step * per_step - 1) % usable
    batches = math.ceil(rows / batch)
    steps = math.ceil(batches / accumulate)
    last_batch = min(((step - 1) % steps + 1) * accumulate, batches) - 1
    return min((last_batch + 1) * batch, rows) - 1


def _wave_callback(waves: Waves, group_size: int) -> Any:
    from transformers import TrainerCallback

    class WaveCallback(TrainerCallback):  # type: ignore[misc]
        """Adds `curriculum/fraction` to each step's logs (before cdpo's callback sends them)."""

        def on_log(
            self, args: Any, state: Any, control: Any, logs: dict[str, Any] | None = None, **_: Any
        ) -> None:
            if not logs or "train_runtime" in logs or state.global_step == 0:
                return
            row = last_row(state.global_step, sum(waves.sizes), args, group_size)
            logs[METRIC] = waves.fraction_at(row)

    return WaveCallback()
