# Two commands for a fresh machine (see README.md):
#   make serve   set everything up and run the site on http://127.0.0.1:8000/
#   make test    set everything up and run every test
VENV   ?= .venv
PY     := $(VENV)/bin/python
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve test test-fast setup system check build offline lint bench clean

$(VENV)/.installed: pyproject.toml requirements.lock
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.lock
	$(PY) -m pip install --quiet --no-deps -e .
	touch $@

setup: $(VENV)/.installed

# What the browser tests need from Debian: Chromium's headless shell (the tests) and the browser
# (Lighthouse, in benchmarks/), CJK fonts, poppler (PDF checks), Java (Nu validator).
system:
	@if ! command -v chromium-headless-shell >/dev/null || ! command -v chromium >/dev/null || ! command -v pdfinfo >/dev/null || ! command -v java >/dev/null || ! fc-list 2>/dev/null | grep -qi "noto sans cjk"; then \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
	    chromium chromium-headless-shell fonts-noto-cjk poppler-utils default-jre-headless >/dev/null; fi
	@[ -f node_modules/vnu-jar/build/dist/vnu.jar ] || npm install --silent --no-audit --no-fund >/dev/null

serve: setup
	$(VENV)/bin/mkdocs serve

check: setup
	$(PY) -m disputekb check

build: setup
	$(VENV)/bin/mkdocs build --strict

offline: setup
	OFFLINE=true $(VENV)/bin/mkdocs build --strict --no-directory-urls -d site-offline

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

# The tests build the site with --strict once (tests/conftest.py), so no separate build here.
test: setup system
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) -m disputekb check
	$(PY) -m pytest

# The fast tier: no browser, no build (about 10 s).
test-fast: setup
	$(PY) -m pytest -m "not browser and not build"

bench: setup
	$(PY) benchmarks/validate.py
	$(PY) benchmarks/build.py

clean:
	rm -rf site site-offline
