# Corridor Atlas: `make run` starts the dashboard, `make test` runs every test.
# Both set up what they need on a fresh Debian machine (Python 3.11 venv, Chromium for exports and browser tests;
# the tests also need PostgreSQL with PostGIS).

VENV   ?= .venv
PYTHON ?= python3
PY     := $(VENV)/bin/python
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
PORT   ?= 8501

.PHONY: run test lint bench browser postgis clean

run: $(VENV)/.installed browser
	$(PY) -m streamlit run serve.py --server.port $(PORT) --server.headless true

test: $(VENV)/.installed browser postgis
	$(PY) -m pytest

lint: $(VENV)/.installed
	$(PY) -m ruff check . && $(PY) -m ruff format --check .

bench: $(VENV)/.installed browser
	$(PY) -m bench.run

$(VENV)/.installed: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

# Debian's Chromium renders report exports and drives the browser tests (Playwright's own browser download is not used).
browser:
	@command -v chromium >/dev/null 2>&1 || { $(SUDO) apt-get update -q && $(SUDO) apt-get install -y -q chromium fonts-dejavu-core; }

# Debian's PostgreSQL with PostGIS (15, as on bookworm; else the release's default): the storage tests start a
# throwaway server of their own (the app needs it only when CORRIDOR_ATLAS_DATABASE_URL names a database).
postgis:
	@ls /usr/share/postgresql/*/extension/postgis.control >/dev/null 2>&1 || { $(SUDO) apt-get update -q && \
	  { $(SUDO) apt-get install -y -q postgresql-15-postgis-3 || $(SUDO) apt-get install -y -q postgresql-postgis; }; }

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache test-artifacts
