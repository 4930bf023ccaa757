"""A micro causal LM built in memory, for the training stages' tests and benchmarks.

No model can be downloaded on the machines this project is tested on, and the trainers'
behaviour (resumption, stops, the DPO collapse) does not need a real one: a two-layer
Llama-shaped network with a byte-level BPE tokenizer trained on the given texts is enough, and
trains in a fraction of a second per step on a CPU.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any


def build_micro_model(folder: Path, texts: Iterable[str], *, hidden: int = 48, layers: int = 2,
                      vocab_size: int = 512, seed: int = 0) -> Path:
    """Train a byte-level BPE tokenizer on `texts`, build a random micro Llama, save both.

    Returns `folder`, loadable with `AutoModelForCausalLM` / `AutoTokenizer.from_pretrained`.
    """
    import torch
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers
    from transformers import LlamaConfig, LlamaForCausalLM, PreTrainedTokenizerFast

    specials = ["<pad>", "<s>", "</s>"]
    bpe = Tokenizer(models.BPE())
    bpe.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    bpe.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(vocab_size=vocab_size, special_tokens=specials,
                                  initial_alphabet=pre_tokenizers.ByteLevel.alphabet())
    bpe.train_from_iterator(list(texts), trainer=trainer)
    tokenizer = PreTrainedTokenizerFast(tokenizer_object=bpe, pad_token="<pad>",
                                        bos_token="<s>", eos_token="</s>")
    torch.manual_seed(seed)
    config = LlamaConfig(vocab_size=len(tokenizer), hidden_size=hidden,
                         intermediate_size=hidden * 2, num_hidden_layers=layers,
                         num_attention_heads=4, num_key_value_heads=4,
                         max_position_embeddings=2048, pad_token_id=tokenizer.pad_token_id,
                         bos_token_id=tokenizer.bos_token_id, eos_token_id=tokenizer.eos_token_id,
                         tie_word_embeddings=False)
    model = LlamaForCausalLM(config)
    folder.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(str(folder))
    tokenizer.save_pretrained(str(folder))
    return folder


def load_micro_model(folder: Path) -> tuple[Any, Any]:
    """Load a model saved by `build_micro_model` in float32 (what CPU training wants)."""
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    model = AutoModelForCausalLM.from_pretrained(str(folder), dtype=torch.float32)
    return model, AutoTokenizer.from_pretrained(str(folder))
