# Build the policy page and PDF; run the tests.
# Needs only python3 and make: the first run creates .venv and installs into it.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
BUILD  := $(BIN)/python -m sphinx_policy_ext --quiet

# Stamps: reinstall when pyproject.toml or a lock changes.
RUNTIME   := $(VENV)/.installed-runtime
DEV       := $(VENV)/.installed-dev
TRANSLATE := $(VENV)/.installed-translations
BENCH     := $(VENV)/.installed-bench

# Every install comes from a lock in requirements/ (exact versions, each file
# checked against its hash), then the project itself without dependencies and
# without build isolation: the build backend (hatchling) is in the lock too.
PIP     := $(BIN)/python -m pip install --quiet --disable-pip-version-check
INSTALL  = $(PIP) --require-hashes --no-deps -r $(1) && $(PIP) --no-deps --no-build-isolation -e . && $(BYTECODE)
# The package's own modules are compiled to bytecode when they are installed,
# as pip does for every package it installs (an editable install leaves them
# as source). Where Python does not write bytecode itself (PYTHONDONTWRITEBYTECODE,
# set in many container images and CI runners, or a read-only checkout), every
# build would otherwise compile them all again: about a tenth of `make check`.
# A module changed since (a pull, an edit) is compiled before the next build.
BYTECODE := $(BIN)/python -m compileall -q sphinx_policy_ext
SOURCES  := $(wildcard sphinx_policy_ext/*.py sphinx_policy_ext/*/*.py)
# Empty in a folder without the package (a project that installed it elsewhere).
COMPILED := $(if $(SOURCES),$(VENV)/.compiled)

.PHONY: html pdf check changes preview translations test bench lint lock lock-upgrade clean

html: $(RUNTIME) $(COMPILED)  ## the page (and its PDF) in _build/html/
	@$(BUILD) html

pdf: $(RUNTIME) $(COMPILED)  ## the PDF in _build/pdf/
	@$(BUILD) pdf

check: $(RUNTIME) $(COMPILED)  ## check practice.toml and the policy text without writing anything
	@$(BUILD) check

changes: $(RUNTIME) $(COMPILED)  ## a notice for clients of what changed since FROM (a git commit or tag)
	@$(BUILD) changes --from "$(FROM)"

PORT ?= 8000
EDITION ?= en
preview: $(RUNTIME) $(COMPILED)  ## a live preview on http://127.0.0.1:$(PORT)/, rebuilt on every save (EDITION=es: the Spanish one; Ctrl+C stops it)
	@$(BIN)/python -m sphinx_policy_ext preview --port $(PORT) --language $(EDITION)

translations: $(TRANSLATE) $(COMPILED)  ## update docs/locales/*/LC_MESSAGES/*.po from the English text and list what to translate
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

bench: $(BENCH) $(COMPILED)  ## time the edit loop and the preview against pandoc + WeasyPrint (writes the figures into README.md)
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

ifneq ($(COMPILED),)
$(COMPILED): $(SOURCES) | $(VENV)/bin/python
	@$(BYTECODE)
	@touch $@
endif

$(RUNTIME): pyproject.toml requirements/runtime.txt | $(VENV)/bin/python
	$(call INSTALL,requirements/runtime.txt)
	@touch $@

$(DEV): pyproject.toml requirements/dev.txt | $(VENV)/bin/python
	$(call INSTALL,requirements/dev.txt)
	@touch $@ $(RUNTIME) $(TRANSLATE)

$(TRANSLATE): pyproject.toml requirements/translations.txt | $(VENV)/bin/python
	$(call INSTALL,requirements/translations.txt)
	@touch $@ $(RUNTIME)

$(BENCH): pyproject.toml requirements/bench.txt | $(VENV)/bin/python
	$(call INSTALL,requirements/bench.txt)
	@touch $@ $(RUNTIME) $(DEV) $(TRANSLATE)

# The locks, for Python 3.11 on Linux (what CI runs). `make lock` re-resolves
# after a change to pyproject.toml and keeps every pin that still fits;
# `make lock-upgrade` moves everything to the newest allowed versions.
# Dependabot (GitHub) and Renovate (GitLab) propose single upgrades as
# pull requests. Each lock is constrained by the one before it, so the page
# is tested with exactly the versions it is published with.
# oldest.txt holds the lowest versions pyproject.toml allows (`tox -e oldest`).
COMPILE := $(BIN)/uv pip compile --quiet --generate-hashes --python-version 3.11 --python-platform linux $(UPGRADE)
# Needs only uv (in the dev lock): a lock that no longer installs can still be remade.
lock: | $(VENV)/bin/python
	@test -x $(BIN)/uv || $(BIN)/python -m pip install --quiet --disable-pip-version-check \
	  "$$(grep -m1 '^uv==' requirements/dev.txt | cut -d' ' -f1)"
	$(COMPILE) pyproject.toml requirements/build.in -o requirements/runtime.txt
	$(COMPILE) pyproject.toml requirements/build.in --extra translations -c requirements/runtime.txt -o requirements/translations.txt
	$(COMPILE) pyproject.toml requirements/build.in --extra test --extra lint --extra translations -c requirements/runtime.txt -o requirements/dev.txt
	$(COMPILE) pyproject.toml requirements/build.in --extra test --extra lint --extra bench -c requirements/dev.txt -o requirements/bench.txt
	$(BIN)/uv pip compile --quiet --upgrade --python-version 3.11 --python-platform linux --resolution lowest-direct pyproject.toml -o requirements/oldest.txt

lock-upgrade:
	$(MAKE) lock UPGRADE=--upgrade

clean:
	rm -rf _build
