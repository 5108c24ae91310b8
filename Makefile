# onewindow: `make run` serves the demo on SQLite; `make test` runs lint and the suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | sha1sum | cut -c1-12)

.PHONY: run test test-fast install lint format migrate demo messages clean-demo

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	rm -f $(VENV)/.installed-*
	touch $@

install: $(STAMP)

migrate: install
	mkdir -p var
	$(BIN)/python manage.py migrate --noinput

demo: migrate
	$(BIN)/python manage.py load_demo --persons 300

run: demo
	$(BIN)/python manage.py runserver 127.0.0.1:8000

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

test: lint
	$(BIN)/python manage.py makemigrations --check --dry-run --settings=onewindow.settings.test
	$(BIN)/python -m pytest -q

# The suite without the browser tests (Chromium), for a quick check while editing.
test-fast: install
	$(BIN)/python -m pytest -q -m "not browser"

# Needs GNU gettext (msgfmt); the compiled .mo files are committed so that a fresh
# machine without gettext still serves both languages.
messages: install
	$(BIN)/python manage.py makemessages -l zh_Hans --no-obsolete --ignore='.venv/*'
	$(BIN)/python manage.py compilemessages -l zh_Hans --ignore='.venv/*'
