# Build the policy page and PDF; run the tests.
# Needs only python3 and make: the first run creates .venv and installs into it.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
BUILD  := $(BIN)/python -m sphinx_policy_ext --quiet

# Stamps: reinstall when pyproject.toml changes.
RUNTIME := $(VENV)/.installed-runtime
DEV     := $(VENV)/.installed-dev
TRANSLATE := $(VENV)/.installed-translations

.PHONY: html pdf check changes preview translations test bench lint clean

html: $(RUNTIME)  ## the page (and its PDF) in _build/html/
	@$(BUILD) html

pdf: $(RUNTIME)  ## the PDF in _build/pdf/
	@$(BUILD) pdf

check: $(RUNTIME)  ## check practice.toml and the policy text without writing anything
	@$(BUILD) check

changes: $(RUNTIME)  ## a notice for clients of what changed since FROM (a git commit or tag)
	@$(BUILD) changes --from "$(FROM)"

PORT ?= 8000
EDITION ?= en
preview: $(RUNTIME)  ## a live preview on http://127.0.0.1:$(PORT)/, rebuilt on every save (EDITION=es: the Spanish one; Ctrl+C stops it)
	@$(BIN)/python -m sphinx_policy_ext preview --port $(PORT) --language $(EDITION)

translations: $(TRANSLATE)  ## update docs/locales/*/LC_MESSAGES/*.po from the English text and list what to translate
	@$(BIN)/python -m sphinx_policy_ext translations --quiet

# pdf.js (Firefox's PDF viewer) in Node, which the tests fill the form with.
NODE_READERS := tests/js/node_modules/.package-lock.json
# Lighthouse, which scores the page (tests/browser/test_lighthouse.py).
LIGHTHOUSE := tests/lighthouse/node_modules/.installed

test: $(DEV) $(NODE_READERS) $(LIGHTHOUSE) lint  ## the whole test suite
	$(BIN)/pytest

# Lighthouse pinned by its package-lock.json; .ci/run provides node and npm.
$(LIGHTHOUSE): tests/lighthouse/package.json tests/lighthouse/package-lock.json
	@command -v npm >/dev/null || { echo "npm is needed for the Lighthouse test (Node 18.20 or newer): install nodejs and npm"; exit 1; }
	cd tests/lighthouse && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
	@touch $@

bench: $(DEV)  ## time the edit loop and the preview against pandoc + WeasyPrint (writes the figures into README.md)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[bench]'
	@command -v pandoc >/dev/null || { [ "$$(id -u)" = 0 ] && apt-get install -y -qq pandoc >/dev/null; } || \
	  { echo "pandoc is needed for the comparison: install it (apt-get install pandoc)"; exit 1; }
	$(BIN)/python bench/bench.py --readme

lint: $(DEV)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

$(NODE_READERS): tests/js/package.json tests/js/package-lock.json
	@command -v npm >/dev/null || { echo "npm is needed for the form tests (pdf.js in Node 20): install nodejs and npm"; exit 1; }
	cd tests/js && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)

$(RUNTIME): pyproject.toml | $(VENV)/bin/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e .
	@touch $@

$(DEV): pyproject.toml | $(VENV)/bin/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test,lint]'
	@touch $@ $(RUNTIME)

$(TRANSLATE): pyproject.toml | $(VENV)/bin/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[translations]'
	@touch $@ $(RUNTIME)

clean:
	rm -rf _build
