"""The compiler as a TRL reward function: one oracle round per sampled group.

TRL's `GRPOTrainer` calls each reward function with the batch's `prompts`, `completions` and
every other dataset column as keyword arguments (in TRL 1.15 and 1.16 alike), and logs its mean
and std as `rewards/<function name>/mean` and `.../std`. `CompileReward` rebuilds each
completion's program the way evaluation does (the session's prompt format), judges the whole
batch with `Oracle.check_many` (parallel g++ workers, the verdict cache, and one compile for a
program sampled twice), and maps each verdict's level to the reward scale of the settings. It
also logs the batch's compile rate, under the oracle's policy, as `compile/rate`.

Nothing here imports torch: the reward is plain Python over strings, like the oracle.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from cdpo_core.oracle import Oracle, Verdict
from cdpo_core.training.settings import GRPOSettings

ProgramOf = Callable[[int, str], str | None]
"""`(sample_id, completion text) -> program to compile`, or None for a reply with no code."""

NO_CODE = Verdict(level="errors", passed=False, categories=("no_code_block",))


@dataclass(frozen=True)
class RewardScale:
    """What each compile level is worth; a timeout counts as an error."""

    clean: float = 1.0
    warnings: float = 0.5
    errors: float = 0.0

    @classmethod
    def of(cls, settings: GRPOSettings) -> RewardScale:
        return cls(settings.reward_clean, settings.reward_warnings, settings.reward_errors)

    def reward(self, verdict: Verdict) -> float:
        if verdict.level == "clean":
            return self.clean
        if verdict.level == "warnings":
            return self.warnings
        return self.errors


class CompileReward:
    """A TRL reward function judging each sampled completion with the compiler.

    Args:
        oracle: An open oracle; its policy decides `compile/rate`, its cache is shared.
        program_of: Builds the program of a completion of sample `sample_id` (the dataset's
            `sample_id` column); None means the reply had no code and earns the error reward.
        scale: Rewards per level.
        on_judged: Called with each batch's sample ids, completions and verdicts.
    """

    __name__ = "compile"  # TRL's name for the reward: rewards/compile/mean

    def __init__(
        self,
        oracle: Oracle,
        program_of: ProgramOf,
        scale: RewardScale,
        on_judged: Callable[[Sequence[int], Sequence[str], Sequence[Verdict]], None] | None = None,
    ) -> None:
        self.oracle = oracle
        self.program_of = program_of
        self.scale = scale
        self.on_judged = on_judged

    def __call__(
        self,
        prompts: Sequence[Any],
        completions: Sequence[Any],
        sample_id: Sequence[int],
        log_metric: Callable[[str, float], None] | None = None,
        **_columns: Any,
    ) -> list[float]:
        ids = [int(i) for i in sample_id]
        texts = [completion_text(c) for c in completions]
        programs = [self.program_of(i, text) for i, text in zip(ids, texts, strict=True)]
        judged = self.oracle.check_many([p for p in programs if p is not None])
        found = iter(judged)
        verdicts = [next(found) if p is not None else NO_CODE for p in programs]
        if log_metric is not None and verdicts:
            log_metric("compile/rate", sum(v.passed for v in verdicts) / len(verdicts))
        if self.on_judged is not None:
            self.on_judged(ids, texts, verdicts)
        return [self.scale.reward(v) for v in verdicts]


def completion_text(completion: Any) -> str:
    """The text of a TRL completion: a string, or (conversational) a list of messages."""
    if isinstance(completion, str):
        return completion
    return "".join(str(message.get("content", "")) for message in completion)
