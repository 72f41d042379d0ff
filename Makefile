# Everyday commands; `make` alone lists them (README.md, «Two commands»). Each target sets up
# what it needs first: the virtual environment .venv/ with the Python packages pinned, with
# their hashes, in requirements*.txt, and node_modules/ from package-lock.json. No target
# needs the virtual environment activated, nor root: where a Debian package is missing,
# `make serve` and `make test` stop first with one line saying how to install it.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PIP_INSTALL := $(BIN)/pip install --disable-pip-version-check --quiet --require-hashes
# `make lock` runs pip-tools from a virtual environment of its own.
LOCK_VENV := .venv-lock
PIP_TOOLS := pip-tools==7.6.2
PIP_COMPILE := CUSTOM_COMPILE_COMMAND="make lock" $(CURDIR)/$(LOCK_VENV)/bin/pip-compile --quiet --generate-hashes \
	--allow-unsafe --strip-extras --no-emit-index-url --no-emit-find-links $(UPGRADE)

.DEFAULT_GOAL := help
.PHONY: help serve test test-all check build preview new translation-reviewed translations screenshots \
	clean distclean lock system-packages-serve system-packages-test

help: ## list the targets (this)
	@echo "make TARGET, with TARGET one of:"
	@awk -F ':.*## ' '/^[a-z-]+:.*## / { printf "  %-22s %s\n", $$1, $$2 }' $(MAKEFILE_LIST)
	@echo "Every task, with its options: $(BIN)/invoke --list (README.md, «Everyday tasks»)."

serve: system-packages-serve $(VENV)/.installed-site node_modules/.installed ## build, serve on http://127.0.0.1:8000 and rebuild on every change; the editor at /admin/
	$(BIN)/invoke livereload

test: system-packages-test $(VENV)/.installed-test node_modules/.installed ## run the tests; those marked slow only in CI (where CI is set, as .ci/run does)
	$(BIN)/invoke test

test-all: system-packages-test $(VENV)/.installed-test node_modules/.installed ## run every test, the slow ones too, as CI does
	$(BIN)/invoke test --all

check: $(VENV)/.installed-site ## report every content problem, then build into a temporary folder
	$(BIN)/invoke check

build: $(VENV)/.installed-site ## build the development site into output/
	$(BIN)/invoke build

preview: $(VENV)/.installed-site ## build the site as published (publishconf.py; needs SITEURL and the README's variables)
	$(BIN)/invoke preview

new: $(VENV)/.installed-site ## a new content file: make new KIND=news TITLE="Titolo" (KIND: news, comune, miniprogetto, pagina; ARGS="--regione …")
	@[ -n "$(KIND)" ] && [ -n "$(TITLE)" ] || { echo 'make new KIND=news TITLE="Titolo della notizia" (KIND: news, comune, miniprogetto, pagina)' >&2; exit 2; }
	$(BIN)/invoke new $(KIND) "$(TITLE)" $(ARGS)

translation-reviewed: $(VENV)/.installed-site ## mark a translation reviewed: make translation-reviewed FILE=content/comuni/latina.en.md
	@[ -n "$(FILE)" ] || { echo 'make translation-reviewed FILE=content/comuni/latina.en.md (or a folder)' >&2; exit 2; }
	$(BIN)/invoke translation-reviewed "$(FILE)"

translations: $(VENV)/.installed-site ## update the theme's translation catalogues
	$(BIN)/invoke translations

screenshots: $(VENV)/.installed-test node_modules/.installed ## PNG screenshots of key pages and of the editor
	$(BIN)/invoke screenshots

clean: ## remove what builds and tests leave: output/, the cache, screenshots/
	rm -rf output cache .output-*/ screenshots .pytest_cache

distclean: clean ## also remove .venv/, .venv-lock/ and node_modules/
	rm -rf $(VENV) $(LOCK_VENV) node_modules

# After editing requirements.in, requirements-test.in or benchmarks/requirements.in (or merging a branch that did: take
# either side of a conflict in the .txt files, then run this). Versions already locked stay
# as they are; `make lock UPGRADE=--upgrade` moves everything to the newest releases.
lock: $(LOCK_VENV)/bin/pip-compile ## rewrite requirements*.txt (pinned, with hashes) from requirements*.in
	$(PIP_COMPILE) --output-file requirements.txt requirements.in
	$(PIP_COMPILE) --output-file requirements-test.txt requirements-test.in
	cd benchmarks && $(PIP_COMPILE) --output-file requirements.txt requirements.in

$(LOCK_VENV)/bin/pip-compile:
	$(PYTHON) -m venv $(LOCK_VENV)
	$(LOCK_VENV)/bin/pip install --disable-pip-version-check --quiet $(PIP_TOOLS)

# First of all: stop with one line when a Debian package is missing (as root: install it).
system-packages-serve system-packages-test: system-packages-%:
	@$(PYTHON) -m tests.system_packages $*

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed-site: requirements.txt | $(VENV)/bin/python
	$(PIP_INSTALL) -r requirements.txt
	touch $@

# requirements-test.txt holds the site's packages too, at the same versions.
$(VENV)/.installed-test: requirements-test.txt | $(VENV)/bin/python
	$(PIP_INSTALL) -r requirements-test.txt
	touch $@ $(VENV)/.installed-site

# From npm (pinned in package-lock.json): the editor at /admin/ (Decap CMS) and its local
# backend (decap-server, started by `make serve`); the Nu HTML Checker for the tests.
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@
