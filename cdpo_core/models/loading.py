"""Load a causal LM the fastest way this machine allows, and say why.

A model is a Hugging Face hub id or a local folder. One pure function (`choose_backend`) picks
the backend from what the machine has, so the decision is testable on any machine:

* CUDA + unsloth installed -> unsloth `FastLanguageModel` (4-bit pre-quantised checkpoints);
* CUDA without unsloth     -> transformers + bitsandbytes 4-bit NF4 (the paper's QLoRA);
* no CUDA                  -> plain transformers in fp32.

`load_model` then loads it, pads tokenizers on the left (decoder-only batched generation needs
the prompt to end where generation starts) and detects the prompt format of the model family.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cdpo_core.errors import CdpoError
from cdpo_core.events import Emit, LogLine, discard

STAGE = "load-model"
BACKENDS = ("auto", "unsloth", "bnb4", "transformers", "vllm")
DTYPES = ("auto", "float32", "bfloat16", "float16")
_HUB_ID = re.compile(r"^[A-Za-z0-9][\w.-]*(/[\w.-]+)?$")
_FIM_TOKENS = ("<fim_prefix>", "<|fim_prefix|>", "<fim-prefix>")


class ModelError(CdpoError):
    """A model cannot be loaded here; the message says what was asked and what to do instead."""


@dataclass(frozen=True)
class ModelSettings:
    """Which model to load and how."""

    name_or_path: str = field(
        default="", metadata={"help": "Hugging Face hub id or local model folder."}
    )
    backend: str = field(
        default="auto",
        metadata={
            "help": "auto | unsloth | bnb4 | transformers | vllm (vllm: generation only).",
            "choices": BACKENDS,
        },
    )
    load_in_4bit: bool = field(
        default=False, metadata={"help": "Load the base weights in 4-bit NF4 (needs CUDA)."}
    )
    dtype: str = field(
        default="auto",
        metadata={
            "help": "auto | float32 | bfloat16 | float16 (auto: fp32 on CPU, bf16 on GPU).",
            "choices": DTYPES,
        },
    )
    max_seq_length: int = field(
        default=2048,
        metadata={
            "help": "Context cap in tokens (the model's own limit wins if smaller).",
            "min": 1,
        },
    )
    adapter: str | None = field(
        default=None, metadata={"help": "LoRA adapter folder to apply on top of the model."}
    )


@dataclass
class LoadedModel:
    """A model ready for generation or training, with how and why it was loaded."""

    model: Any
    tokenizer: Any
    backend: str
    reason: str
    family: str
    context_length: int
    adapter: str | None = None  # vLLM applies LoRA per request, so it needs the folder


def choose_backend(
    settings: ModelSettings,
    *,
    cuda_available: bool,
    unsloth_available: bool,
    vllm_available: bool = False,
) -> tuple[str, str]:
    """Decide the backend from the settings and what the machine has; no side effects.

    Returns:
        `(backend, reason)` with backend one of unsloth, bnb4, transformers, vllm.

    Raises:
        ModelError: the settings ask for something this machine cannot run.
    """
    wanted = settings.backend
    if wanted not in BACKENDS:
        raise ModelError(f"unknown backend {wanted!r}; choose one of {', '.join(BACKENDS)}")
    needs_cuda = wanted in ("unsloth", "bnb4", "vllm") or settings.load_in_4bit
    if needs_cuda and not cuda_available:
        what = "load_in_4bit=True" if settings.load_in_4bit else f"backend={wanted!r}"
        raise ModelError(
            f"{what} needs a CUDA GPU and none is available here; on this machine use "
            "`cdpo set NAME model.load_in_4bit=false model.backend=auto`"
        )
    if wanted == "unsloth" and not unsloth_available:
        raise ModelError(
            "backend='unsloth' was requested but unsloth is not installed; "
            "`pip install 'cdpo[gpu]'` or use backend='bnb4'"
        )
    if wanted == "vllm" and not vllm_available:
        raise ModelError(
            "backend='vllm' was requested but vllm is not installed; `pip install 'cdpo[vllm]'` "
            "or use backend='auto'"
        )
    if wanted != "auto":
        return wanted, f"backend {wanted!r} requested"
    if not cuda_available:
        return "transformers", "no CUDA GPU: plain transformers in fp32"
    if unsloth_available:
        return "unsloth", "CUDA GPU and unsloth installed: unsloth FastLanguageModel, 4-bit"
    return "bnb4", "CUDA GPU without unsloth: transformers + bitsandbytes 4-bit NF4"


def detect_family(model_path: str | Path, tokenizer: Any = None) -> str:
    """The prompt format a model family expects: "raw" (base), "chat" (instruct), "fim" (infill).

    Reads the folder's JSON files (or the tokenizer when given), so it needs no torch. Infill is
    only chosen when the name says so: CodeLlama base models know FIM tokens too, yet the paper
    prompts them with raw code.
    """
    from cdpo_core.models.builtin import BUILTIN_MODELS

    if str(model_path) in BUILTIN_MODELS:
        return BUILTIN_MODELS[str(model_path)].family
    name = str(model_path).lower()
    folder = Path(model_path)
    tokenizer_config: dict[str, Any] = {}
    if (folder / "tokenizer_config.json").is_file():
        tokenizer_config = json.loads((folder / "tokenizer_config.json").read_text())
    has_template = bool(
        tokenizer_config.get("chat_template")
        or (folder / "chat_template.jinja").is_file()
        or (folder / "chat_template.json").is_file()
        or getattr(tokenizer, "chat_template", None)
    )
    if re.search(r"infill|[-_/]fim\b", name):
        return "fim"
    if has_template or re.search(r"instruct|chat", name):
        return "chat"
    return "raw"


def load_model(settings: ModelSettings, emit: Emit = discard) -> LoadedModel:
    """Load the model and tokenizer named in `settings` on the backend `choose_backend` picks.

    Raises:
        ModelError: a folder that is not a model, a hub id that is not cached while offline,
            or a backend this machine cannot run.
    """
    if settings.dtype not in DTYPES:
        raise ModelError(f"unknown dtype {settings.dtype!r}; choose one of {', '.join(DTYPES)}")
    source = _check_source(settings.name_or_path, emit)
    if settings.adapter and not (Path(settings.adapter) / "adapter_config.json").is_file():
        raise ModelError(
            f"adapter {settings.adapter!r} is not a LoRA adapter folder (no adapter_config.json)"
        )

    import torch

    cuda = torch.cuda.is_available()
    backend, reason = choose_backend(
        settings,
        cuda_available=cuda,
        unsloth_available=_installed("unsloth"),
        vllm_available=_installed("vllm"),
    )
    emit(LogLine(stage=STAGE, message=f"backend {backend}: {reason}"))
    loader = {
        "unsloth": _load_unsloth,
        "bnb4": _load_bnb4,
        "transformers": _load_transformers,
        "vllm": _load_vllm,
    }[backend]
    try:
        model, tokenizer = loader(source, settings)
    except ModelError:
        raise
    except OSError as exc:
        raise ModelError(_load_failure(source, exc)) from exc
    context = _context_length(model, settings.max_seq_length)
    if backend != "vllm":
        _prepare_tokenizer(tokenizer, model)
        if settings.adapter:
            from peft import PeftModel

            model = PeftModel.from_pretrained(model, settings.adapter)
            emit(LogLine(stage=STAGE, message=f"applied LoRA adapter {settings.adapter}"))
        model.eval()
    # The family only suggests a format: the session's `prompt.format` setting overrides it.
    family = detect_family(source, tokenizer)
    emit(LogLine(stage=STAGE, message=f"{source}: {family} model family, context {context}"))
    return LoadedModel(model, tokenizer, backend, reason, family, context, settings.adapter)


def _installed(module: str) -> bool:
    return importlib.util.find_spec(module) is not None


def _check_source(name_or_path: str, emit: Emit = discard) -> str:
    """Reject what cannot be a model before importing anything heavy; resolve built-in names."""
    from cdpo_core.models.builtin import builtin_path, is_builtin

    if is_builtin(name_or_path):
        return str(builtin_path(name_or_path, emit=emit))
    if not name_or_path:
        raise ModelError(
            "no model given: set name_or_path to a hub id or a local folder "
            "(offline, build one with cdpo_core.models.tiny.build_tiny_model)"
        )
    path = Path(name_or_path).expanduser()
    if path.is_dir():
        if not (path / "config.json").is_file():
            raise ModelError(
                f"{name_or_path!r} is a folder but not a model (no config.json); point at a "
                "folder saved with save_pretrained"
            )
        return str(path)
    if path.exists() or name_or_path.startswith((".", "/", "~")) or not _HUB_ID.match(name_or_path):
        raise ModelError(f"{name_or_path!r} is neither a model folder nor a hub id like 'org/name'")
    return name_or_path


def _load_failure(source: str, exc: OSError) -> str:
    offline = os.environ.get("HF_HUB_OFFLINE", "") not in ("", "0")
    if not Path(source).is_dir():
        return (
            f"cannot load hub model {source!r}: it is not in the local cache and the hub "
            f"{'is disabled (HF_HUB_OFFLINE)' if offline else 'could not be reached'}; download "
            "it where there is internet, or use a local folder / the tiny model"
        )
    return f"cannot load model folder {source!r}: {exc}"


def _torch_dtype(settings: ModelSettings, cuda: bool):
    import torch

    if settings.dtype != "auto":
        return getattr(torch, settings.dtype)
    if not cuda:
        return torch.float32
    return torch.bfloat16 if torch.cuda.is_bf16_supported() else torch.float16


def _load_transformers(source: str, settings: ModelSettings):
    from transformers import AutoModelForCausalLM, AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(source)
    model = AutoModelForCausalLM.from_pretrained(source, dtype=_torch_dtype(settings, cuda=False))
    return model, tokenizer


def _own_gpu() -> dict[str, int]:
    """The whole model on this process's GPU: under `accelerate launch` (torchrun sets
    LOCAL_RANK) each data-parallel process needs its own, where `{"": 0}` put every copy on GPU
    0. TRL's `get_kbit_device_map` does the same through accelerate's state."""
    return {"": int(os.environ.get("LOCAL_RANK", "0"))}


def _load_bnb4(source: str, settings: ModelSettings):
    if not _installed("bitsandbytes"):
        raise ModelError(
            "4-bit loading needs bitsandbytes, which is not installed; `pip install 'cdpo[gpu]'`"
        )
    from transformers import AutoModelForCausalLM, AutoTokenizer, BitsAndBytesConfig

    dtype = _torch_dtype(settings, cuda=True)
    quant = BitsAndBytesConfig(
        load_in_4bit=True,
        bnb_4bit_quant_type="nf4",
        bnb_4bit_use_double_quant=True,
        bnb_4bit_compute_dtype=dtype,
    )
    tokenizer = AutoTokenizer.from_pretrained(source)
    model = AutoModelForCausalLM.from_pretrained(
        source, quantization_config=quant, dtype=dtype, device_map=_own_gpu()
    )
    return model, tokenizer


def _load_unsloth(source: str, settings: ModelSettings):
    # unsloth patches transformers/trl at import time, so it must come first; a stage that
    # uses it runs in its own process, where nothing has imported transformers yet.
    from unsloth import FastLanguageModel

    model, tokenizer = FastLanguageModel.from_pretrained(
        model_name=source,
        max_seq_length=settings.max_seq_length,
        dtype=None if settings.dtype == "auto" else _torch_dtype(settings, cuda=True),
        load_in_4bit=True,
        device_map=_own_gpu(),
    )
    return model, tokenizer


def _load_vllm(source: str, settings: ModelSettings):
    from vllm import LLM

    llm = LLM(
        model=source,
        dtype=settings.dtype,
        max_model_len=settings.max_seq_length,
        enable_lora=bool(settings.adapter),
    )
    return llm, llm.get_tokenizer()


def _context_length(model: Any, cap: int) -> int:
    config = getattr(model, "config", None)
    if config is None and hasattr(model, "llm_engine"):  # vLLM
        return min(cap, model.llm_engine.model_config.max_model_len)
    own = getattr(config, "max_position_embeddings", None) or cap
    return min(cap, own)


def _prepare_tokenizer(tokenizer: Any, model: Any) -> None:
    """Left padding and a pad token, as batched decoder-only generation needs."""
    tokenizer.padding_side = "left"
    if tokenizer.pad_token_id is None:
        # Reusing EOS as pad is safe with an attention mask: pads are never attended to.
        tokenizer.pad_token = tokenizer.eos_token
    config = getattr(model, "generation_config", None)
    if config is not None and config.pad_token_id is None:
        config.pad_token_id = tokenizer.pad_token_id
