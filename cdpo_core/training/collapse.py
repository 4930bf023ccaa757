"""The collapse alarm: DPO pushing the chosen completions down while its margins still grow.

The paper found CodeLlama's +DPO collapse after the fact (section 6.1): on near-identical pairs
sigmoid DPO widens the chosen-rejected margin by lowering BOTH log-probabilities. Every number
needed to see it live is already in the trainer's logs, under TRL's names:

    rewards/chosen  = beta * (policy chosen log-prob - reference chosen log-prob)   (mean)
    rewards/margins = rewards/chosen - rewards/rejected                            (mean)

so the chosen completions' fall below the reference is `-rewards/chosen / beta` nats per pair.
The watch is plain Python over those values (no torch), so it is tested without training and
the same rule runs in the trainer callback, the benchmark and the run summary.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from cdpo_core.training.settings import CollapseSettings


@dataclass(frozen=True)
class CollapseAlarm:
    """The step at which the alarm fired and what it saw there.

    Attributes:
        step: The trainer's global step of the log that fired it.
        chosen_drop: Nats (mean per pair) by which the policy's chosen log-probability is
            below the reference's.
        margin: The reward margin at that step; larger than `window` logged steps before.
    """

    step: int
    chosen_drop: float
    margin: float

    def message(self) -> str:
        return (
            f"collapse alarm at step {self.step}: the chosen completions' log-probability is "
            f"{self.chosen_drop:.2f} nats below the reference while the margin still grows "
            f"({self.margin:+.4f}); the pairs may be too similar (see their edit distances) "
            "- consider DPO-Positive (dpo.dpop_lambda) or preferences.min_edit_distance"
        )

    def to_dict(self) -> dict[str, float]:
        return {k: float(v) for k, v in asdict(self).items()}


@dataclass
class CollapseWatch:
    """Feeds on one log at a time; returns the alarm once, the first time the rule holds."""

    settings: CollapseSettings
    beta: float
    margins: list[float] = field(default_factory=list)
    alarm: CollapseAlarm | None = None

    def update(self, step: int, values: dict[str, float]) -> CollapseAlarm | None:
        """Look at one logged step; the alarm is returned only at the step it fires."""
        if not self.settings.enabled or "rewards/chosen" not in values:
            return None
        if "rewards/margins" not in values:
            return None
        margin = float(values["rewards/margins"])
        window = self.settings.window
        earlier = self.margins[max(0, len(self.margins) - window)] if self.margins else None
        self.margins.append(margin)
        if self.alarm is not None or earlier is None:
            return None
        drop = -float(values["rewards/chosen"]) / self.beta
        if drop > self.settings.margin and margin > earlier:
            self.alarm = CollapseAlarm(step=step, chosen_drop=drop, margin=margin)
            return self.alarm
        return None
