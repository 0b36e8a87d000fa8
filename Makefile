# Two commands for a newcomer: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python

.PHONY: run test e2e bench lint venv system browser

venv: $(VENV)/.installed

# Debian packages the PDFs and their tests need: the embeddable Chinese font
# (fonts-wqy-microhei) and pdftotext (poppler-utils). Installed once, as root.
system:
	@fc-list 2>/dev/null | grep -qi "WenQuanYi Micro Hei" && command -v pdftotext >/dev/null || { \
	  DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-wqy-microhei poppler-utils fontconfig >/dev/null; }

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install -q --upgrade pip
	$(VENV)/bin/pip install -q '.[dev]'
	touch $@

# Environment, migrations, the Jingzhou tree and demo data, demo users, server (SQLite), and
# the task worker that runs imports in the background (stopped with the server).
run: venv system
	$(PY) manage.py migrate --noinput
	$(PY) manage.py setup_demo
	$(PY) manage.py db_worker --interval 1 & trap "kill $$!" EXIT; \
	$(PY) manage.py runserver 127.0.0.1:8000

# The whole suite (not the browser journeys, which `make e2e` runs). DATABASE_URL picks the db.
test: venv system
	$(PY) -m pytest -m "not e2e" -p no:cacheprovider

# Debian's Chromium for the browser journeys (Playwright's own download is not reachable),
# with the CJK fonts its screenshots need.
browser:
	@command -v chromium >/dev/null && fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || { \
	  DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk fontconfig >/dev/null; }

# Browser journeys: Playwright for Python driving Debian's Chromium (/usr/bin/chromium).
e2e: venv system browser
	$(PY) -m pytest -m e2e -p no:cacheprovider tests/e2e

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	$(PY) manage.py makemigrations --check --dry-run

# Benchmarks at scale (30,000 unions, 100,000 employers); not part of `make test`.
bench: venv
	$(PY) benchmarks/run.py
