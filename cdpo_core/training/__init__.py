"""Training stages: SFT with LoRA, preference pairs from compiler verdicts, DPO and DPO-Positive.

Importing this package is cheap: torch, transformers, trl and peft are imported inside the
functions that train.
"""
