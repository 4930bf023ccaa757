# Set-up and the two everyday commands. `make demo` and `make test` work on a fresh machine:
# they create .venv, install CPU torch from the local wheel (a bare `torch` would pull a CUDA
# build of several GB) and cdpo with its dev extra, then run.
VENV ?= .venv
PYTHON ?= python3
BIN := $(VENV)/bin

.PHONY: setup demo test lint bench

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q torch==2.13.0 -e '.[dev]'
	touch $@

demo: setup
	$(BIN)/cdpo demo

test: setup
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -q -p no:cacheprovider

bench: setup
	$(BIN)/python benchmarks/oracle.py
	$(BIN)/python benchmarks/generation.py
	$(BIN)/python benchmarks/console.py
