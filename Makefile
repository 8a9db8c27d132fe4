# Build the policy page and PDF; run the tests.
# Needs only python3 and make: the first run creates .venv and installs into it.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
BUILD  := $(BIN)/python -m sphinx_policy_ext --quiet

# Stamps: reinstall when pyproject.toml changes.
RUNTIME := $(VENV)/.installed-runtime
DEV     := $(VENV)/.installed-dev

.PHONY: html pdf check changes preview test bench lint clean

html: $(RUNTIME)  ## the page (and its PDF) in _build/html/
	@$(BUILD) html

pdf: $(RUNTIME)  ## the PDF in _build/pdf/
	@$(BUILD) pdf

check: $(RUNTIME)  ## check practice.toml and the policy text without writing anything
	@$(BUILD) check

changes: $(RUNTIME)  ## a notice for clients of what changed since FROM (a git commit or tag)
	@$(BUILD) changes --from "$(FROM)"

PORT ?= 8000
preview: $(RUNTIME)  ## a live preview on http://127.0.0.1:$(PORT)/, rebuilt on every save (Ctrl+C stops it)
	@$(BIN)/python -m sphinx_policy_ext preview --port $(PORT)

test: $(DEV) lint  ## the whole test suite
	$(BIN)/pytest

bench: $(DEV)  ## time the edit loop and the preview against pandoc + WeasyPrint (writes the figures into README.md)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[bench]'
	@command -v pandoc >/dev/null || { [ "$$(id -u)" = 0 ] && apt-get install -y -qq pandoc >/dev/null; } || \
	  { echo "pandoc is needed for the comparison: install it (apt-get install pandoc)"; exit 1; }
	$(BIN)/python bench/bench.py --readme

lint: $(DEV)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)

$(RUNTIME): pyproject.toml | $(VENV)/bin/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e .
	@touch $@

$(DEV): pyproject.toml | $(VENV)/bin/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test,lint]'
	@touch $@ $(RUNTIME)

clean:
	rm -rf _build
