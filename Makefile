# The two commands that set everything up on a fresh machine (see README.md):
#   make serve   build the site and serve it on http://127.0.0.1:8000, reloading on every change,
#                with the editor at http://127.0.0.1:8000/admin/ writing into content/
#   make test    run every test: plugins, the built site, HTML validity, and the browser tests
# Each creates the virtual environment .venv and installs the pinned dependencies.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: serve test system-packages

serve: $(VENV)/.installed-site node_modules/.installed
	$(BIN)/invoke livereload

test: $(VENV)/.installed-test node_modules/.installed system-packages
	$(BIN)/invoke test

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed-site: requirements.txt | $(VENV)/bin/python
	$(BIN)/pip install --disable-pip-version-check --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-test: requirements-test.txt requirements.txt | $(VENV)/bin/python
	$(BIN)/pip install --disable-pip-version-check --quiet -r requirements-test.txt
	touch $@ $(VENV)/.installed-site

# From npm (pinned in package-lock.json): the editor at /admin/ (Decap CMS) and its local
# backend (decap-server, started by `make serve`); the Nu HTML Checker for the tests.
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Debian packages the tests need: chromium (Playwright cannot download its own
# browser here), a Java runtime for the Nu checker, nginx with its brotli_static module
# and openssl (deploy/nginx.conf is served and tested), and rsync (deploy/release.py).
# Installed only when missing. The browser is looked for as the tests look for it
# (tests/browser.py: CHROMIUM, CHROME_BIN, then chromium or chromium-browser on the PATH).
system-packages:
	@missing=""; \
	$(PYTHON) -c 'from tests.browser import chromium_path; chromium_path()' >/dev/null 2>&1 || missing="$$missing chromium"; \
	command -v java >/dev/null 2>&1 || missing="$$missing default-jre-headless"; \
	[ -x /usr/sbin/nginx ] || missing="$$missing nginx"; \
	[ -e /usr/lib/nginx/modules/ngx_http_brotli_static_module.so ] || missing="$$missing libnginx-mod-http-brotli-static"; \
	command -v openssl >/dev/null 2>&1 || missing="$$missing openssl"; \
	command -v rsync >/dev/null 2>&1 || missing="$$missing rsync"; \
	if [ -n "$$missing" ]; then \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	fi
