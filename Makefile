# Two commands on a fresh machine with Python 3.11 and make: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app wsgi
HOST ?= 127.0.0.1
PORT ?= 5000
# Links in mails, share links, QR codes and login cards point here.
BASE_URL ?= http://$(HOST):$(PORT)

.PHONY: run serve worker backup test translations extract bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed-run: setup.cfg pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: setup.cfg pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@ $(VENV)/.installed-run

$(VENV)/.installed-prod: setup.cfg pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[prod]'
	touch $@ $(VENV)/.installed-run

$(VENV)/.installed-bench: setup.cfg pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[bench]'
	touch $@ $(VENV)/.installed-run

translations: $(VENV)/.installed-run
	$(BIN)/pybabel -q compile -d buurt/translations

## Serve the app with demo data on http://127.0.0.1:5000 (safe to run again; HOST and PORT
## change the address, and BASE_URL follows them unless it is set).
run: export BASE_URL := $(BASE_URL)
run: $(VENV)/.installed-run translations
	$(FLASK) db upgrade
	$(FLASK) buurt init
	$(FLASK) buurt demo
	$(FLASK) buurt reindex
	$(FLASK) run --host $(HOST) --port $(PORT)

## Production: gunicorn with deploy/gunicorn.conf.py (settings from the environment, see
## .env.example), after upgrading the database. No demo data.
serve: $(VENV)/.installed-prod translations
	$(FLASK) db upgrade
	$(FLASK) buurt init
	$(BIN)/gunicorn -c deploy/gunicorn.conf.py wsgi:app

## Production: the mail worker, which also runs `buurt tick` every round.
worker: $(VENV)/.installed-prod translations
	$(FLASK) buurt deliver --loop

## A backup of the database (on SQLite) and the uploads in instance/backups.
backup: $(VENV)/.installed-run
	$(FLASK) buurt backup

## Run the whole suite (SQLite; set TEST_DATABASE_URL for PostgreSQL), one worker per core
## (JOBS=0: in one process).
JOBS ?= auto
test: $(VENV)/.installed-test translations
	$(BIN)/python -m pytest -n $(JOBS) --dist worksteal $(PYTEST_ARGS)

## Refresh the catalogues after changing visible text.
extract: $(VENV)/.installed-run
	$(BIN)/python scripts/catalogues.py

## Seed 100,000 posts and measure the list pages under gunicorn (never run by CI).
bench: $(VENV)/.installed-bench $(VENV)/.installed-run translations
	$(BIN)/python bench/pages.py

clean:
	rm -rf $(VENV) instance/buurt.sqlite* .pytest_cache
