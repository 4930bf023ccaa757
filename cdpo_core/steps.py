"""The step table: every unit of work a session's plan can run, as data.

This is the one place steps are listed. The CLI's `step` choices, the console's palette and
pipeline menu, `cdpo status` and the runner all read `STEPS`; a step added here appears in all
of them. Each spec names its stage function (imported only when the step runs, so readers of
the table never load torch), the settings sections its runs record, the earlier steps it takes
its inputs from, and what else its run frame records: the split whose samples it reads, the
compiler's version, the model it needs. `cdpo_core.pipeline.call_step` (which `run_step`
calls) is the one place a step's run frame is opened, from these fields alone, so what a run
records and fingerprints is read here rather than in each stage. The module imports nothing of
cdpo's beyond the events, so everything else may import it.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from cdpo_core.events import Emit

if TYPE_CHECKING:
    from cdpo_core.runner import RunContext
    from cdpo_core.session import Session, SessionConfig

TINY_MODEL = "cdpo-tiny"
"""The name by which a session refers to the tiny model it builds in its own `models/` folder."""

SESSION_MODEL = "session"
"""`StepSpec.model` of a step that loads the session's model (`model.name_or_path`)."""

EVAL_SPLIT = "plan.eval_split"
"""`StepSpec.split` of a step that works on the split the plan evaluates on."""

RECORDED_INPUTS = ("adapter", "sft_adapter", "pairs")
"""The keys `StepSpec.records` may name: `adapter` and `sft_adapter` both hold the adapter the
step starts from (the two names are what earlier runs recorded, so both stay), `pairs` the
pair set it trains on."""


@dataclass(frozen=True)
class StepSpec:
    """One step of a plan, and everything its run frame records.

    Attributes:
        name: The step's name in `plan.steps`, the CLI and the `runs` table.
        kind: What it does (prep, build-tiny, eval, sft, prefs, dpo, grpo): how its result
            reads, and the run's `kind`.
        label: The model stage it belongs to in Table 1 (Base, +SFT, ...); recorded as the
            run's label by the steps that use the session's model (data steps record none).
        stage: `module:function` of the stage; called as `function(session, call, ctx)` inside
            the run frame `ctx` that the pipeline opened for it.
        settings: The settings sections its runs record and fingerprint.
        adapter_from: The step whose adapter it starts from, if any (an input: fingerprinted).
        pairs_from: The step whose preference pairs it trains on, if any (fingerprinted).
        title: One line for menus.
        split: The split it works on, recorded as the run's split: a split's name,
            `EVAL_SPLIT` for the plan's evaluation split, or None.
        samples: Whether that split's samples are an input (their digest is fingerprinted),
            so that a resume refuses once prep selected others.
        compiler: Whether the compiler's version is an input: a new g++ may judge the same
            program differently.
        model: `SESSION_MODEL` when it needs the session's model (recorded as the run's model,
            its files fingerprinted); the name of the model it builds otherwise (recorded
            only); "" for none.
        records: Which of `RECORDED_INPUTS` its settings record, with the call's adapter or
            pairs as their value (None when it has none), so a run says what it started from.
        extras: `module:function` called as `function(session, call)` before the frame opens,
            returning `(settings, inputs)` to add to (or replace in) the recorded settings and
            the fingerprinted inputs; it may refuse the run with an error, so no run starts.
    """

    name: str
    kind: str
    label: str
    stage: str
    settings: tuple[str, ...]
    adapter_from: str | None = None
    pairs_from: str | None = None
    title: str = ""
    split: str | None = "train"
    samples: bool = True
    compiler: bool = False
    model: str = SESSION_MODEL
    records: tuple[str, ...] = ()
    extras: str = ""

    def function(self) -> Callable[[Session, StepCall, RunContext], Any]:
        return _imported(self.stage)  # type: ignore[no-any-return]

    def extras_function(
        self,
    ) -> Callable[[Session, StepCall], tuple[dict[str, Any], dict[str, str]]] | None:
        return _imported(self.extras) if self.extras else None

    @property
    def needs_model(self) -> bool:
        return self.model == SESSION_MODEL


def _imported(target: str) -> Any:
    module, _, name = target.partition(":")
    return getattr(importlib.import_module(module), name)


@dataclass(frozen=True)
class StepCall:
    """What the runner hands a stage function: its spec, where to report, resolved inputs.

    A plan step's call holds only the spec, `emit`, the earlier steps' artifacts and
    `restart`. The rest is for direct entries that run a step's stage outside the plan
    (`cdpo eval --model ... --split ... --limit`, `cdpo model build-tiny --seconds`, the
    loss sweep); the frame records each of them, so a changed one never resumes another run.

    Attributes:
        split: The split to work on instead of the spec's.
        model: A model other than the session's (a name or path, as `--model` takes it).
        limit: Only the split's first `limit` samples.
        sections: Settings sections that replace the session's for this run, by section name
            (the section's dataclass); the stage reads them through `section`.
    """

    spec: StepSpec
    emit: Emit
    adapter: str | None = None
    pairs: str | None = None
    restart: bool = False
    split: str | None = None
    model: str | None = None
    limit: int | None = None
    sections: Mapping[str, Any] = field(default_factory=dict)

    def split_of(self, config: SessionConfig) -> str | None:
        """The split this call works on: its own, else the spec's (the plan's eval split for
        `EVAL_SPLIT`)."""
        if self.split is not None:
            return self.split
        return config.plan.eval_split if self.spec.split == EVAL_SPLIT else self.spec.split

    def section(self, config: SessionConfig, name: str) -> Any:
        """The settings section `name` this call runs with: its override, else the session's."""
        return self.sections[name] if name in self.sections else getattr(config, name)


_EVAL = ("model", "mask", "prompt", "generation", "oracle", "execution")
_PREFS = ("model", "mask", "prompt", "generation", "oracle", "execution", "preferences")
_GRPO = ("model", "mask", "prompt", "oracle", "grpo")
_EVAL_FRAME: dict[str, Any] = {
    "split": EVAL_SPLIT,
    "compiler": True,
    "extras": "cdpo_core.stages.evaluate:eval_extras",
}

DPO_ROUNDS = 3
"""Iterative DPO's rounds in the table; a plan runs as many as it lists (`dpo-round-N`)."""


def round_label(n: int) -> str:
    """The Table 1 stage of iterative DPO's round `n` (round 1 starts from +SFT)."""
    return f"+SFT+DPO r{n}"


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
            split=None,
            samples=False,
            compiler=True,  # every program it keeps compiles under the session's policy
            model="",
            extras="cdpo_core.stages.prep:prep_extras",
        ),
        StepSpec(
            "build-tiny",
            "build-tiny",
            "model",
            "cdpo_core.stages.tiny:build_tiny_step",
            ("tiny",),
            title="Build the tiny offline model",
            model=TINY_MODEL,  # trained on the training split, so the test split stays unseen
        ),
        StepSpec(
            "eval-base",
            "eval",
            "Base",
            "cdpo_core.stages.evaluate:eval_step",
            _EVAL,
            **_EVAL_FRAME,
            title="Evaluate the base model",
        ),
        StepSpec(
            "sft",
            "sft",
            "+SFT",
            "cdpo_core.stages.training:sft_step",
            # `mask`: a curriculum (sft.curriculum) re-masks the programs with it.
            ("model", "prompt", "mask", "sft"),
            title="Supervised fine-tuning on whole programs",
        ),
        StepSpec(
            "eval-sft",
            "eval",
            "+SFT",
            "cdpo_core.stages.evaluate:eval_step",
            _EVAL,
            **_EVAL_FRAME,
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
            compiler=True,
            records=("adapter",),
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
            samples=False,  # it reads the pair set, not the split's samples
            records=("pairs", "sft_adapter"),
        ),
        StepSpec(
            "eval-sft-dpo",
            "eval",
            "+SFT+DPO",
            "cdpo_core.stages.evaluate:eval_step",
            _EVAL,
            **_EVAL_FRAME,
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
            compiler=True,
            records=("adapter",),
        ),
        StepSpec(
            "dpo-base",
            "dpo",
            "+DPO",
            "cdpo_core.stages.training:dpo_step",
            ("model", "dpo"),
            pairs_from="prefs-base",
            title="DPO on Base",
            samples=False,  # it reads the pair set, not the split's samples
            records=("pairs", "sft_adapter"),
        ),
        StepSpec(
            "eval-dpo",
            "eval",
            "+DPO",
            "cdpo_core.stages.evaluate:eval_step",
            _EVAL,
            **_EVAL_FRAME,
            adapter_from="dpo-base",
            title="Evaluate +DPO",
        ),
        StepSpec(
            "grpo-base",
            "grpo",
            "+GRPO",
            "cdpo_core.stages.training:grpo_step",
            _GRPO,
            title="GRPO with the compile reward on Base",
            compiler=True,
            records=("sft_adapter",),
        ),
        StepSpec(
            "eval-grpo",
            "eval",
            "+GRPO",
            "cdpo_core.stages.evaluate:eval_step",
            _EVAL,
            **_EVAL_FRAME,
            adapter_from="grpo-base",
            title="Evaluate +GRPO",
        ),
        StepSpec(
            "grpo-sft",
            "grpo",
            "+SFT+GRPO",
            "cdpo_core.stages.training:grpo_step",
            _GRPO,
            adapter_from="sft",
            title="GRPO with the compile reward on top of +SFT",
            compiler=True,
            records=("sft_adapter",),
        ),
        StepSpec(
            "eval-sft-grpo",
            "eval",
            "+SFT+GRPO",
            "cdpo_core.stages.evaluate:eval_step",
            _EVAL,
            **_EVAL_FRAME,
            adapter_from="grpo-sft",
            title="Evaluate +SFT+GRPO",
        ),
        *(
            spec
            for n in range(1, DPO_ROUNDS + 1)
            for spec in (
                StepSpec(
                    f"dpo-round-{n}",
                    "dpo",
                    round_label(n),
                    "cdpo_core.stages.training:dpo_round_step",
                    (*_PREFS, "dpo"),
                    adapter_from="sft" if n == 1 else f"dpo-round-{n - 1}",
                    title=f"Iterative DPO round {n}: sample, judge, pair, train",
                    compiler=True,
                    records=("adapter",),
                ),
                StepSpec(
                    f"eval-dpo-round-{n}",
                    "eval",
                    round_label(n),
                    "cdpo_core.stages.evaluate:eval_step",
                    _EVAL,
                    **_EVAL_FRAME,
                    adapter_from=f"dpo-round-{n}",
                    title=f"Evaluate iterative DPO round {n}",
                ),
            )
        ),
    )
}

DATA_STEPS = ("prep", "build-tiny")
"""Steps every plan starts with when they apply; `plan.steps` lists only the model steps."""

ONLINE_STEPS = tuple(name for name in STEPS if "grpo" in name or "dpo-round" in name)
"""Beyond the paper: GRPO and iterative DPO with their evaluations (issue 14)."""

PAPER_PLAN = tuple(name for name in STEPS if name not in DATA_STEPS + ONLINE_STEPS)
"""The paper's section 5, in order: the default `plan.steps`."""

ONLINE_PLAN = PAPER_PLAN + (
    "grpo-sft",
    "eval-sft-grpo",
    "dpo-round-1",
    "eval-dpo-round-1",
    "dpo-round-2",
    "eval-dpo-round-2",
)
"""The `online` preset's plan: the paper's, then +SFT+GRPO and two rounds of iterative DPO."""


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
