"""Stage functions: each runs one step over a session inside `runner.stage_run`.

They import torch, transformers and trl inside the functions, so listing or describing stages
stays cheap.
"""
