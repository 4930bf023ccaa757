"""cdpo's headless core: data, masking, prompts, the compiler oracle, model stages, the store.

Nothing heavy is imported here: torch, transformers and trl are imported inside the stage
functions that need them, so that `cdpo --help` and the console stay fast.
"""

__version__ = "0.1.0"
