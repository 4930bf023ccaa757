"""Models: loading (unsloth / bitsandbytes / transformers), the tiny offline model, generation.

Light on purpose: importing this package must not import torch or transformers, so the CLI
and the console stay fast. Import the submodules (`loading`, `tiny`, `generation`) directly.
"""
