# The two commands that set everything up on a fresh machine (see README.md):
#   make serve   build the site and serve it on http://127.0.0.1:8000, reloading on every change
#   make test    run every test: build, plugins, and the browser tests in Debian's chromium
# Each creates the virtual environment .venv and installs the pinned dependencies.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: serve test chromium

serve: $(VENV)/.installed-site
	$(BIN)/invoke livereload

test: $(VENV)/.installed-test chromium
	$(BIN)/invoke test

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed-site: requirements.txt | $(VENV)/bin/python
	$(BIN)/pip install --disable-pip-version-check --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-test: requirements-test.txt requirements.txt | $(VENV)/bin/python
	$(BIN)/pip install --disable-pip-version-check --quiet -r requirements-test.txt
	touch $@ $(VENV)/.installed-site

# Playwright cannot download its own browser here: the tests drive Debian's.
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium; }
