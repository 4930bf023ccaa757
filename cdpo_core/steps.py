"""The step table: every unit of work a session's plan can run, as data.

This is the one place steps are listed. The CLI's `step` choices, the console's palette and
pipeline menu, `cdpo status` and the runner all read `STEPS`; a step added here appears in all
of them. Each spec names its stage function (imported only when the step runs, so readers of
the table never load torch), the settings sections its runs record, and the earlier steps it
takes its inputs from. The module imports nothing of cdpo's beyond the events, so everything
else may import it.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from cdpo_core.events import Emit

if TYPE_CHECKING:
    from cdpo_core.session import Session, SessionConfig

TINY_MODEL = "cdpo-tiny"
"""The name by which a session refers to the tiny model it builds in its own `models/` folder."""


@dataclass(frozen=True)
class StepSpec:
    """One step of a plan.

    Attributes:
        name: The step's name in `plan.steps`, the CLI and the `runs` table.
        kind: What it does (prep, build-tiny, eval, sft, prefs, dpo): how its result reads.
        label: The model stage it belongs to in Table 1 (Base, +SFT, ...).
        stage: `module:function` of the stage; called as `function(session, call)`.
        settings: The settings sections its runs record and fingerprint.
        adapter_from: The step whose adapter it starts from, if any.
        pairs_from: The step whose preference pairs it trains on, if any.
        title: One line for menus.
    """

    name: str
    kind: str
    label: str
    stage: str
    settings: tuple[str, ...]
    adapter_from: str | None = None
    pairs_from: str | None = None
    title: str = ""

    def function(self) -> Callable[[Session, StepCall], Any]:
        module, _, name = self.stage.partition(":")
        return getattr(importlib.import_module(module), name)  # type: ignore[no-any-return]


@dataclass(frozen=True)
class StepCall:
    """What the runner hands a stage function: its spec, where to report, resolved inputs."""

    spec: StepSpec
    emit: Emit
    adapter: str | None = None
    pairs: str | None = None
    restart: bool = False


_EVAL = ("model", "mask", "prompt", "generation", "oracle")
_PREFS = ("model", "mask", "prompt", "generation", "oracle", "preferences")

STEPS: dict[str, StepSpec] = {
    s.name: s
    for s in (
        StepSpec(
            "prep",
            "prep",
            "data",
            "cdpo_core.stages.prep:prep_step",
            ("data", "selection", "mask", "oracle"),
            title="Select, verify and mask the programs",
        ),
        StepSpec(
            "build-tiny",
            "build-tiny",
            "model",
            "cdpo_core.stages.tiny:build_tiny_step",
            ("tiny",),
            title="Build the tiny offline model",
        ),
        StepSpec(
            "eval-base",
            "eval",
            "Base",
            "cdpo_core.stages.evaluate:eval_step",
            _EVAL,
            title="Evaluate the base model",
        ),
        StepSpec(
            "sft",
            "sft",
            "+SFT",
            "cdpo_core.stages.training:sft_step",
            ("model", "prompt", "sft"),
            title="Supervised fine-tuning on whole programs",
        ),
        StepSpec(
            "eval-sft",
            "eval",
            "+SFT",
            "cdpo_core.stages.evaluate:eval_step",
            _EVAL,
            adapter_from="sft",
            title="Evaluate +SFT",
        ),
        StepSpec(
            "prefs-sft",
            "prefs",
            "+SFT",
            "cdpo_core.stages.training:prefs_step",
            _PREFS,
            adapter_from="sft",
            title="Preference pairs from +SFT's compile failures",
        ),
        StepSpec(
            "dpo-sft",
            "dpo",
            "+SFT+DPO",
            "cdpo_core.stages.training:dpo_step",
            ("model", "dpo"),
            adapter_from="sft",
            pairs_from="prefs-sft",
            title="DPO on top of +SFT",
        ),
        StepSpec(
            "eval-sft-dpo",
            "eval",
            "+SFT+DPO",
            "cdpo_core.stages.evaluate:eval_step",
            _EVAL,
            adapter_from="dpo-sft",
            title="Evaluate +SFT+DPO",
        ),
        StepSpec(
            "prefs-base",
            "prefs",
            "Base",
            "cdpo_core.stages.training:prefs_step",
            _PREFS,
            title="Preference pairs from Base's failures",
        ),
        StepSpec(
            "dpo-base",
            "dpo",
            "+DPO",
            "cdpo_core.stages.training:dpo_step",
            ("model", "dpo"),
            pairs_from="prefs-base",
            title="DPO on Base",
        ),
        StepSpec(
            "eval-dpo",
            "eval",
            "+DPO",
            "cdpo_core.stages.evaluate:eval_step",
            _EVAL,
            adapter_from="dpo-base",
            title="Evaluate +DPO",
        ),
    )
}

DATA_STEPS = ("prep", "build-tiny")
"""Steps every plan starts with when they apply; `plan.steps` lists only the model steps."""

PAPER_PLAN = tuple(name for name in STEPS if name not in DATA_STEPS)
"""The paper's section 5, in order: the default `plan.steps`."""


def plan_steps(config: SessionConfig) -> tuple[str, ...]:
    """The steps a session runs, in order: prep, the tiny model's build when the session's
    model is `cdpo-tiny` (so `cdpo run` works on every preset), then `plan.steps`."""
    first = ("prep", "build-tiny") if config.model.name_or_path == TINY_MODEL else ("prep",)
    return first + tuple(s for s in config.plan.steps if s not in DATA_STEPS)


def recorded_settings(config: SessionConfig, spec: StepSpec) -> dict[str, Any]:
    """The settings sections `spec` records, as plain dicts (what `runs.settings` holds)."""
    from cdpo_core.settings_io import to_dict

    return {section: to_dict(getattr(config, section)) for section in spec.settings}


def spec_of(name: str) -> StepSpec:
    """The spec of step `name`, or a clear error listing the steps."""
    from cdpo_core.errors import CdpoError

    if name not in STEPS:
        raise CdpoError(f"unknown step {name!r}", f"steps: {', '.join(STEPS)}")
    return STEPS[name]
