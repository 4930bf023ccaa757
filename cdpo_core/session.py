"""A lab session: a folder holding its settings, its database, its datasets and its runs.

```
sessions/<name>/
    session.toml        every setting (written by `cdpo init`, edited by hand or the console)
    session.db          SQLite store: samples, runs, completions, verdicts, ... (see store.py)
    datasets/           the selected splits in Hugging Face `datasets` format, for the trainers
    runs/<id>-<step>/   per-run adapters, checkpoints and the stage's log
    models/             models built for this session (the tiny offline model)
```
"""

from __future__ import annotations

import dataclasses
import os
import re
import shutil
import tomllib
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import tomli_w

from cdpo_core.errors import CdpoError
from cdpo_core.judge.settings import ExecutionSettings
from cdpo_core.masking import MaskSettings
from cdpo_core.models.generation import GenerationSettings
from cdpo_core.models.loading import ModelSettings
from cdpo_core.models.tiny import TinyModelSettings
from cdpo_core.oracle import OracleSettings
from cdpo_core.prompts import PromptSettings
from cdpo_core.selection import SelectionSettings
from cdpo_core.settings_io import SettingsError, from_dict, to_dict
from cdpo_core.steps import ONLINE_PLAN, PAPER_PLAN, STEPS, TINY_MODEL
from cdpo_core.store import Store
from cdpo_core.training.settings import (
    CollapseSettings,
    DPOSettings,
    GRPOSettings,
    PreferenceSettings,
    SFTSettings,
)

NAME_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")
DEMO_CORPUS = Path(__file__).parent / "corpus" / "codenet_demo" / "Project_CodeNet"


class SessionError(CdpoError):
    """A session cannot be created, found or read; the message says what to do."""


@dataclass(frozen=True)
class DataSettings:
    source: str = field(
        default="",
        metadata={
            "help": "CodeNet data: a Project_CodeNet folder, a benchmark folder such as "
            "Project_CodeNet_C++1000, either as .tar.gz, or a JSON Lines file; empty = the "
            "shipped demo corpus"
        },
    )
    max_file_bytes: int = field(
        default=200_000,
        metadata={"help": "files larger than this are skipped and counted", "min": 1},
    )


@dataclass(frozen=True)
class PlanSettings:
    steps: tuple[str, ...] = field(
        default=PAPER_PLAN,
        metadata={
            "help": "the model steps `cdpo run` executes, in order (default: the paper's); "
            "prep, and build-tiny for the cdpo-tiny model, always run first"
        },
    )
    eval_split: str = field(
        default="test",
        metadata={"help": "the split the eval-* stages measure on", "choices": ("test", "train")},
    )
    skipped_count_as_failures: bool = field(
        default=False,
        metadata={
            "help": "count prompts skipped as too long for the model's context as failed "
            "completions in the tables (default: leave them out of the rate; the tables "
            "show how many were skipped either way)"
        },
    )

    def __post_init__(self) -> None:
        unknown = [step for step in self.steps if step not in STEPS]
        if unknown:
            raise SessionError(
                f"unknown step {unknown[0]!r} in the plan", f"steps: {', '.join(STEPS)}"
            )


@dataclass(frozen=True)
class SessionConfig:
    """Every setting of a session; `session.toml` is this, table by table."""

    preset: str = "paper"
    description: str = ""
    departures: tuple[str, ...] = field(
        default=(),
        metadata={"help": "where the preset departs from the paper's settings, and why"},
    )
    data: DataSettings = DataSettings()
    selection: SelectionSettings = SelectionSettings()
    mask: MaskSettings = MaskSettings()
    prompt: PromptSettings = PromptSettings()
    oracle: OracleSettings = OracleSettings()
    execution: ExecutionSettings = ExecutionSettings()
    model: ModelSettings = ModelSettings()
    tiny: TinyModelSettings = TinyModelSettings()
    generation: GenerationSettings = GenerationSettings()
    sft: SFTSettings = SFTSettings()
    preferences: PreferenceSettings = PreferenceSettings()
    dpo: DPOSettings = DPOSettings()
    collapse: CollapseSettings = CollapseSettings()
    grpo: GRPOSettings = GRPOSettings()
    plan: PlanSettings = PlanSettings()


def preset(name: str) -> SessionConfig:
    """The `paper` preset has the paper's numbers; `demo` fits the shipped corpus on a CPU;
    `online` is the demo with GRPO and iterative DPO added to its plan."""
    if name == "paper":
        return SessionConfig(
            preset="paper",
            description="Jain et al.: m=0.1, 5 train + 2 test per problem, greedy, strict g++",
            model=ModelSettings(name_or_path="codellama/CodeLlama-7b-hf", load_in_4bit=True),
        )
    if name == "demo":
        base = SessionConfig()
        return SessionConfig(
            preset="demo",
            description="the shipped corpus and a tiny model built here; runs on a 2-core CPU",
            model=ModelSettings(name_or_path=TINY_MODEL, max_seq_length=1024),
            # A tiny model cannot finish a token cut in half: start the mask at a line.
            mask=dataclasses.replace(base.mask, line_aligned=True),
            prompt=dataclasses.replace(base.prompt, stop_when_closed=True),
            generation=dataclasses.replace(base.generation, max_new_tokens=64, batch_size=48),
            sft=dataclasses.replace(
                base.sft, lora_r=16, lora_alpha=32, learning_rate=1e-3, epochs=2, batch_size=8
            ),
            dpo=dataclasses.replace(
                base.dpo, lora_r=16, lora_alpha=32, learning_rate=5e-4, epochs=1, batch_size=8
            ),
            grpo=dataclasses.replace(
                base.grpo,
                lora_r=16,
                lora_alpha=32,
                learning_rate=5e-4,
                max_steps=12,
                batch_size=8,
                max_completion_length=64,
            ),
        )
    if name == "online":
        # The demo, then learning from the compiler online: +SFT+GRPO and two rounds of
        # iterative DPO (each round's pairs come from the previous round's policy).
        demo = preset("demo")
        return dataclasses.replace(
            demo,
            preset="online",
            description="the demo plus GRPO with the compile reward and iterative DPO",
            plan=dataclasses.replace(demo.plan, steps=ONLINE_PLAN),
        )
    if name == "smol":
        return _smol()
    raise SessionError(f"unknown preset {name!r}: choose one of {', '.join(PRESETS)}")


PRESETS = ("paper", "demo", "online", "smol")


def _smol() -> SessionConfig:
    """The paper's plan on SmolLM2-135M-Instruct, sized from speeds measured on 2 CPU cores.

    Each departure from the paper is listed in `departures`, which `session.toml` keeps, with
    the measurement behind it.
    """
    base = SessionConfig()
    return SessionConfig(
        preset="smol",
        description="the paper's plan on SmolLM2-135M-Instruct (built in, offline); fits 45 "
        "minutes on a 2-core CPU",
        departures=SMOL_DEPARTURES,
        model=ModelSettings(name_or_path="smollm2-135m", max_seq_length=1024),
        selection=dataclasses.replace(
            base.selection, train_per_problem=SMOL_TRAIN, test_per_problem=SMOL_TEST
        ),
        prompt=dataclasses.replace(base.prompt, format="raw", stop_when_closed=True),
        generation=dataclasses.replace(base.generation, max_new_tokens=64, batch_size=8),
        sft=dataclasses.replace(base.sft, lora_r=16, lora_alpha=16, batch_size=4, max_length=768),
        dpo=dataclasses.replace(
            base.dpo, lora_r=16, lora_alpha=16, batch_size=4, max_length=768, learning_rate=5e-5
        ),
        grpo=dataclasses.replace(
            base.grpo, lora_r=16, lora_alpha=16, learning_rate=5e-5, max_steps=16, batch_size=8
        ),
    )


SMOL_TRAIN, SMOL_TEST = 2, 1
SMOL_DEPARTURES = (
    "prompt.format = raw (paper: chat for its instruct model): SmolLM2 answers the chat prompt "
    "by restating the whole program (15 of 24 recorded replies), about ten times the tokens of "
    "the masked tail; at 128 new tokens 2 of 16 chat completions compiled, all others cut off",
    "prompt.stop_when_closed = true: a completion ends at the line that closes main, and "
    "generation stops there instead of writing prose to max_new_tokens",
    f"selection: {SMOL_TRAIN} train + {SMOL_TEST} test programs per problem (paper: 5 + 2), "
    "so that the whole plan fits 45 minutes on 2 CPU cores: greedy decoding made 4 to 15 "
    "tokens/s there, loaded and idle",
    "generation.max_new_tokens = 64 (paper: 256): the masked tenth of a demo program is 5 to "
    "185 characters (median 50), and half of SmolLM2's greedy completions loop until the "
    "limit, which is most of the decoding time on a CPU",
    "sft/dpo.lora_r = 16 (paper: 64) and max_length = 768: training time on a CPU",
    "dpo.learning_rate = 5e-5 (paper: 5e-6 over far more pairs): one epoch over a few dozen "
    "pairs moves nothing at the paper's rate",
    "grpo (not in the paper; for grpo-* steps added to the plan): 16 steps of 2 prompts x 4 "
    "samples, LoRA r 16, learning rate 5e-5: 699 s on 2 CPU cores (44 s a step)",
)


def sessions_root(explicit: str | os.PathLike[str] | None = None) -> Path:
    """`--sessions DIR`, else `$CDPO_SESSIONS`, else `./sessions`."""
    return Path(explicit or os.environ.get("CDPO_SESSIONS") or "sessions").resolve()


class Session:
    """An existing session folder. Open with `Session.open`, make with `Session.create`."""

    def __init__(self, path: Path, config: SessionConfig) -> None:
        self.path = path
        self.name = path.name
        self.config = config

    @property
    def config_path(self) -> Path:
        return self.path / "session.toml"

    @property
    def db_path(self) -> Path:
        return self.path / "session.db"

    @property
    def datasets_dir(self) -> Path:
        return self.path / "datasets"

    def run_dir(self, run_id: int, step: str) -> Path:
        path = self.path / "runs" / f"{run_id:04d}-{step}"
        path.mkdir(parents=True, exist_ok=True)
        return path

    def store(self, *, readonly: bool = False) -> Store:
        return Store(self.db_path, readonly=readonly)

    def data_source(self) -> Path:
        return Path(self.config.data.source) if self.config.data.source else DEMO_CORPUS

    def model_path(self, name_or_path: str | None = None) -> str:
        """Resolve a model name: the session's own tiny model, a built-in model (converted to
        a cache folder on first use), a local folder or a hub id."""
        from cdpo_core.models.builtin import builtin_path, is_builtin

        name = name_or_path or self.config.model.name_or_path
        if name == TINY_MODEL:
            return str(self.path / "models" / TINY_MODEL)
        if is_builtin(name):
            return str(builtin_path(name))
        return name

    def save_config(self) -> None:
        text = tomli_w.dumps(to_dict(self.config))
        tmp = self.config_path.with_suffix(".toml.tmp")
        try:
            tmp.write_text(text, encoding="utf-8")
            tmp.replace(self.config_path)
        except OSError as exc:
            with suppress(OSError):
                tmp.unlink(missing_ok=True)
            raise SessionError(
                f"cannot save {self.config_path}: {exc.strerror or exc}",
                "the session folder must be writable to change it; copy a read-only session "
                "somewhere writable first",
            ) from exc

    @classmethod
    def create(
        cls,
        root: Path,
        name: str,
        config: SessionConfig,
    ) -> Session:
        if not NAME_PATTERN.match(name):
            raise SessionError(
                f"invalid session name {name!r}: use letters, digits, '.', '_' or '-' "
                "(at most 64, starting with a letter or digit)"
            )
        path = root / name
        if path.exists():
            raise SessionError(
                f"session {name!r} already exists at {path}; pick another name or delete it"
            )
        try:
            (path / "datasets").mkdir(parents=True)
            (path / "runs").mkdir()
            (path / "models").mkdir()
        except OSError as exc:
            raise SessionError(
                f"cannot create session {name!r} at {path}: {exc.strerror or exc}",
                "choose a writable folder with --sessions DIR or $CDPO_SESSIONS",
            ) from exc
        session = cls(path, config)
        session.save_config()
        Store(session.db_path, create=True).close()
        return session

    @classmethod
    def open(cls, root: Path, name: str) -> Session:
        path = root / name
        config_path = path / "session.toml"
        if not config_path.is_file():
            known = list_sessions(root)
            hint = f"sessions in {root}: {', '.join(known)}" if known else f"none in {root}"
            raise SessionError(f"no session {name!r} ({hint}); create it with `cdpo init {name}`")
        try:
            data: dict[str, Any] = tomllib.loads(config_path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise SessionError(f"{config_path} is not valid TOML: {exc}") from exc
        try:
            config = from_dict(SessionConfig, data)
        except SettingsError as exc:
            raise SessionError(f"{config_path}: {exc}") from exc
        return cls(path, config)

    def copy_to(self, name: str) -> Session:
        """A new session with the same settings, samples and runs (the console's 'copy')."""
        if not NAME_PATTERN.match(name):
            raise SessionError(f"invalid session name {name!r}")
        target = self.path.parent / name
        if target.exists():
            raise SessionError(f"session {name!r} already exists")
        with self.store() as store:
            store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        shutil.copytree(self.path, target)
        return Session.open(self.path.parent, name)

    def delete(self) -> None:
        shutil.rmtree(self.path)


def list_sessions(root: Path) -> list[str]:
    if not root.is_dir():
        return []
    return sorted(p.name for p in root.iterdir() if (p / "session.toml").is_file())
