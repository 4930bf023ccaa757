"""Backend choice, family detection and loading (CPU for real; GPU paths where CUDA exists)."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

from cdpo_core.events import LogLine, Recorder
from cdpo_core.models.loading import (
    ModelError,
    ModelSettings,
    choose_backend,
    detect_family,
    load_model,
)


def _cuda() -> bool:
    import torch

    return torch.cuda.is_available()


gpu = pytest.mark.skipif(not _cuda(), reason="needs a CUDA GPU; this machine has none")


# --- choose_backend: pure decisions -------------------------------------------------------


@pytest.mark.parametrize(
    ("cuda", "unsloth", "expected"),
    [
        (False, False, "transformers"),
        (False, True, "transformers"),
        (True, True, "unsloth"),
        (True, False, "bnb4"),
    ],
)
def test_auto_backend_follows_the_machine(cuda: bool, unsloth: bool, expected: str) -> None:
    backend, reason = choose_backend(
        ModelSettings("m"), cuda_available=cuda, unsloth_available=unsloth
    )
    assert backend == expected
    assert reason  # the log says why


@pytest.mark.parametrize(
    "settings",
    [
        ModelSettings("m", load_in_4bit=True),
        ModelSettings("m", backend="bnb4"),
        ModelSettings("m", backend="unsloth"),
        ModelSettings("m", backend="vllm"),
    ],
)
def test_gpu_only_requests_fail_clearly_without_cuda(settings: ModelSettings) -> None:
    with pytest.raises(ModelError, match="CUDA"):
        choose_backend(settings, cuda_available=False, unsloth_available=True, vllm_available=True)


def test_missing_unsloth_or_vllm_is_named() -> None:
    with pytest.raises(ModelError, match="unsloth is not installed"):
        choose_backend(
            ModelSettings("m", backend="unsloth"), cuda_available=True, unsloth_available=False
        )
    with pytest.raises(ModelError, match="vllm is not installed"):
        choose_backend(
            ModelSettings("m", backend="vllm"), cuda_available=True, unsloth_available=True
        )


def test_explicit_backend_wins_and_unknown_is_rejected() -> None:
    assert (
        choose_backend(
            ModelSettings("m", backend="transformers"), cuda_available=True, unsloth_available=True
        )[0]
        == "transformers"
    )
    with pytest.raises(ModelError, match="unknown backend"):
        choose_backend(
            ModelSettings("m", backend="tpu"), cuda_available=True, unsloth_available=True
        )


# --- detect_family ------------------------------------------------------------------------


def test_family_from_name_and_tokenizer_config(tmp_path: Path) -> None:
    assert detect_family("codellama/CodeLlama-7b-hf") == "raw"
    assert detect_family("codellama/CodeLlama-7b-Instruct-hf") == "chat"
    assert detect_family("deepseek-ai/deepseek-coder-1.3b-chat") == "chat"
    assert detect_family("some/codellama-7b-infill") == "fim"
    chat = tmp_path / "plain-name"
    chat.mkdir()
    (chat / "tokenizer_config.json").write_text(json.dumps({"chat_template": "{{ x }}"}))
    assert detect_family(chat) == "chat"


# --- load_model on the micro model ----------------------------------------------------------


def test_load_tiny_model_on_cpu(tiny_model_dir: Path) -> None:
    events = Recorder()
    loaded = load_model(ModelSettings(str(tiny_model_dir), max_seq_length=4096), emit=events)
    if not _cuda():
        assert loaded.backend == "transformers"
        assert "no CUDA" in loaded.reason
    assert loaded.family == "raw"
    assert loaded.context_length == loaded.model.config.max_position_embeddings  # cap is larger
    assert loaded.tokenizer.padding_side == "left"
    assert loaded.tokenizer.pad_token_id is not None
    assert any("backend" in e.message for e in events.of(LogLine))


def test_context_can_be_capped(tiny_model_dir: Path) -> None:
    loaded = load_model(ModelSettings(str(tiny_model_dir), max_seq_length=64))
    assert loaded.family == "raw"
    assert loaded.context_length == 64


def test_missing_pad_token_falls_back_to_eos(tiny_model_dir: Path, tmp_path: Path) -> None:
    from transformers import AutoTokenizer

    folder = tmp_path / "nopad"
    for f in tiny_model_dir.iterdir():
        (folder / f.name).parent.mkdir(exist_ok=True)
        (folder / f.name).write_bytes(f.read_bytes())
    tok = AutoTokenizer.from_pretrained(folder)
    tok.pad_token = None
    tok.save_pretrained(folder)
    config = json.loads((folder / "generation_config.json").read_text())
    config.pop("pad_token_id")
    (folder / "generation_config.json").write_text(json.dumps(config))
    loaded = load_model(ModelSettings(str(folder)))
    assert loaded.tokenizer.pad_token_id == loaded.tokenizer.eos_token_id


def test_lora_adapter_is_applied(tiny_model_dir: Path, tmp_path: Path) -> None:
    from peft import LoraConfig, PeftModel, get_peft_model
    from transformers import AutoModelForCausalLM

    base = AutoModelForCausalLM.from_pretrained(tiny_model_dir)
    lora = get_peft_model(base, LoraConfig(r=4, target_modules=["q_proj", "v_proj"]))
    lora.save_pretrained(tmp_path / "adapter")
    loaded = load_model(ModelSettings(str(tiny_model_dir), adapter=str(tmp_path / "adapter")))
    assert isinstance(loaded.model, PeftModel)


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("", "no model given"),
        ("./does/not/exist", "neither a model folder nor a hub id"),
        ("not a model id!", "neither a model folder nor a hub id"),
    ],
)
def test_bad_names_fail_before_loading(name: str, message: str) -> None:
    with pytest.raises(ModelError, match=message):
        load_model(ModelSettings(name))


def test_folder_that_is_not_a_model(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("hello")
    with pytest.raises(ModelError, match="not a model"):
        load_model(ModelSettings(str(tmp_path)))


def test_adapter_folder_must_hold_an_adapter(tiny_model_dir: Path, tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="adapter_config.json"):
        load_model(ModelSettings(str(tiny_model_dir), adapter=str(tmp_path)))


def test_uncached_hub_id_while_offline(monkeypatch: pytest.MonkeyPatch) -> None:
    import huggingface_hub.constants

    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setattr(huggingface_hub.constants, "HF_HUB_OFFLINE", True)
    with pytest.raises(ModelError, match="not in the local cache"):
        load_model(ModelSettings("cdpo-test/no-such-model-anywhere"))


def test_4bit_on_cpu_is_a_clear_error(
    tiny_model_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import torch

    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)  # mock CUDA: absent
    with pytest.raises(ModelError, match="needs a CUDA GPU"):
        load_model(ModelSettings(str(tiny_model_dir), load_in_4bit=True))


def test_models_package_does_not_import_torch() -> None:
    code = (
        "import sys, cdpo_core.models, cdpo_core.models.loading, cdpo_core.models.tiny, "
        "cdpo_core.models.generation; "
        "heavy = [m for m in ('torch', 'transformers', 'trl', 'peft') if m in sys.modules]; "
        "print(heavy); sys.exit(bool(heavy))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


# --- GPU paths: real where CUDA exists ------------------------------------------------------


@pytest.mark.gpu
@gpu
@pytest.mark.skipif(
    importlib.util.find_spec("bitsandbytes") is None, reason="bitsandbytes is not installed"
)
def test_bnb4_loads_in_4bit(tiny_model_dir: Path) -> None:
    loaded = load_model(ModelSettings(str(tiny_model_dir), backend="bnb4"))
    assert loaded.backend == "bnb4"
    assert getattr(loaded.model, "is_loaded_in_4bit", False)


@pytest.mark.gpu
@gpu
@pytest.mark.skipif(importlib.util.find_spec("unsloth") is None, reason="unsloth is not installed")
def test_unsloth_loads(tiny_model_dir: Path) -> None:
    loaded = load_model(ModelSettings(str(tiny_model_dir), backend="unsloth"))
    assert loaded.backend == "unsloth"
    assert loaded.tokenizer.padding_side == "left"
