# The two commands a new user needs are `make demo` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PG_URL ?= postgres://postgres@127.0.0.1:5432/test
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install demo test test-sqlite test-postgres lint typecheck migrations-check bench browser-deps clean

install: $(STAMP)

$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.lock
	$(BIN)/pip install --quiet --no-deps -e .
	touch $(STAMP)

demo: install
	$(BIN)/styr migrate --no-input
	$(BIN)/styr demo
	$(BIN)/styr serve --host $(HOST) --port $(PORT)

lint: install
	$(BIN)/ruff check .

typecheck: install
	$(BIN)/mypy styr

migrations-check: install
	$(BIN)/styr makemigrations --check --dry-run

test-sqlite: install
	$(BIN)/pytest

# PostgreSQL runs when reachable; CI sets STYR_REQUIRE_POSTGRES=1 so a missing server fails.
test-postgres: install
	@if $(BIN)/python -m styr.core.dbcheck "$(PG_URL)"; then \
		DATABASE_URL="$(PG_URL)" $(BIN)/pytest; \
	elif [ "$$STYR_REQUIRE_POSTGRES" = "1" ]; then \
		echo "PostgreSQL at $(PG_URL) is required but not reachable" >&2; exit 1; \
	else \
		echo "PostgreSQL at $(PG_URL) not reachable: the PostgreSQL run is skipped"; \
	fi

test: lint typecheck migrations-check test-sqlite test-postgres

bench: install
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) var test-artefacts
