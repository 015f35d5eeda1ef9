# `make run` serves the app at http://localhost:8501; `make test` passes the tests.
# Both install what they need: a virtualenv in .venv, Debian's chromium for the browser tests, and
# Debian's PostgreSQL with PostGIS and nginx for the store's and deploy/'s tests (each starts its own
# throwaway cluster and servers).
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8501
# Streamlit listens on every interface unless told: `make run` serves this machine only; give
# HOST=0.0.0.0 (or an address) to serve a room.
HOST ?= localhost

.PHONY: run test lint validate bench data chromium servers clean locale

# `make run` installs what the app needs; the tests, lint and bench add their tools on top.
$(VENV)/.app: pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e .
	touch $@

$(VENV)/.installed: $(VENV)/.app
	$(PY) -m pip install -q -e '.[dev]'
	touch $@

# Each language's compiled catalogue (committed; made again here when its .po is newer).
MO := $(patsubst %.po,%.mo,$(wildcard locale/*/LC_MESSAGES/frontmap.po))
locale/%/LC_MESSAGES/frontmap.mo: locale/%/LC_MESSAGES/frontmap.po | $(VENV)/.app
	$(VENV)/bin/pybabel compile -d locale -D frontmap -l $*

run: $(VENV)/.app $(MO)
	$(PY) -m streamlit run app.py --server.port $(PORT) --server.address $(HOST)

test: $(VENV)/.installed chromium servers $(MO)
	$(PY) -m ruff check .
	$(PY) -m frontmap validate data/geo
	$(PY) -m pytest

# (with a font that holds Cyrillic for the pages in Ukrainian: the exports use matplotlib's own DejaVu Sans)
chromium:
	@command -v chromium >/dev/null && fc-list | grep -q DejaVuSans || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core)

servers:
	@ls /usr/share/postgresql/*/extension/postgis.control >/dev/null 2>&1 && command -v nginx >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql postgresql-postgis nginx)

lint: $(VENV)/.installed
	$(PY) -m ruff check .

validate: $(VENV)/.app
	$(PY) -m frontmap validate data/geo

# Speed and memory: in-process figures, then the browser's (frontmap against a bare st_folium page).
bench: $(VENV)/.installed chromium servers
	$(PY) scripts/bench.py
	$(PY) scripts/bench_browser.py
	$(PY) scripts/load.py --viewers 1 --steps 20
	$(PY) scripts/load.py --viewers 20 --steps 10 --passes 2
	$(PY) scripts/load.py --deploy --viewers 1 --steps 20
	$(PY) scripts/load.py --deploy --viewers 20 --steps 10 --passes 2

# Re-derive data/geo's geometry from ../shared/geo (deterministic: same inputs, same bytes), with
# the countries far from Ukraine from the npm package world-atlas (Natural Earth), fetched by npm.
WORLD_ATLAS := build/world-atlas
$(WORLD_ATLAS)/countries-50m.json:
	mkdir -p build && cd build && npm pack --silent world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
	rm -rf $(WORLD_ATLAS) && mv build/package $(WORLD_ATLAS)

data: $(VENV)/.installed $(WORLD_ATLAS)/countries-50m.json
	$(PY) scripts/derive_geo.py ../shared/geo data/geo $(WORLD_ATLAS)

clean:
	rm -rf $(VENV) static/vendor static/published test-artifacts build

# The message catalogues: the words extracted from the code (locale/frontmap.pot, kept), each
# language's .po brought up to date with them, and compiled to the .mo the app reads (committed, so
# that a checkout runs as it is; `make test` checks that each .mo is the compiled .po).
PYBABEL := $(VENV)/bin/pybabel
locale: $(VENV)/.app
	$(PYBABEL) extract --project frontmap -F babel.cfg -k N_ -k ngettext:1,2 -k plural_forms:1,2 -k pgettext:1c,2 --no-location --sort-output -o locale/frontmap.pot .
	$(PYBABEL) update -i locale/frontmap.pot -d locale -D frontmap --no-fuzzy-matching --ignore-obsolete
	$(PYBABEL) compile -d locale -D frontmap
