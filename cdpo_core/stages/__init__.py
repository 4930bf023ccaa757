"""Stage functions: each runs one step over a session inside the run frame that
`pipeline.call_step` opened for it from the step's spec; none opens a frame of its own.

They import torch, transformers and trl inside the functions, so listing or describing stages
stays cheap.
"""
