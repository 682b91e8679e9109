# The two commands a new user needs are `make demo` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PG_URL ?= postgres://postgres@127.0.0.1:5432/test
HOST ?= 127.0.0.1
PORT ?= 8000
# axe-core for the browser tests' accessibility checks, pinned by version and npm integrity.
AXE_VERSION := 4.14.1
AXE_INTEGRITY := sha512-FHfa+lmNjQZfJz1q8wKqIDwC6DExcHt/pkjNQb09a3NPjCKg2rhu5qb2S4r76ASyFNNtuFooJpZe37OgudVGtQ==
AXE_DIR := $(VENV)/axe-core-$(AXE_VERSION)
AXE_JS := $(AXE_DIR)/axe.min.js
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: install demo test test-sqlite test-postgres lint typecheck migrations-check bench browser-deps pdf-deps clean

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
	$(BIN)/ruff format --check .

typecheck: install
	$(BIN)/mypy styr

migrations-check: install
	$(BIN)/styr makemigrations --check --dry-run

# WeasyPrint subsets the PDF reports' fonts with HarfBuzz's subsetter when the library is
# installed, else with fontTools in Python: about 0.6 s more CPU for each 60-page report.
pdf-deps:
	@if ! /sbin/ldconfig -p | grep -q libharfbuzz-subset; then \
		$(SUDO) apt-get update && $(SUDO) apt-get install -y --no-install-recommends libharfbuzz-subset0; \
	fi

# Browser tests drive Debian's chromium (Playwright never downloads a browser) and inject axe-core.
# The report tests render PDFs to PNG with pdftoppm (poppler-utils) into test-artefacts/reports/.
browser-deps: install $(AXE_JS)
	@if [ ! -x /usr/bin/chromium ]; then \
		$(SUDO) apt-get update && $(SUDO) apt-get install -y --no-install-recommends chromium; \
	fi
	@if ! command -v pdftoppm >/dev/null; then \
		$(SUDO) apt-get update && $(SUDO) apt-get install -y --no-install-recommends poppler-utils; \
	fi

$(AXE_JS):
	rm -rf $(AXE_DIR) && mkdir -p $(AXE_DIR)
	curl -sSfL -o $(AXE_DIR)/axe-core.tgz https://registry.npmjs.org/axe-core/-/axe-core-$(AXE_VERSION).tgz
	@test "sha512-$$(openssl dgst -sha512 -binary $(AXE_DIR)/axe-core.tgz | base64 -w0)" = "$(AXE_INTEGRITY)" \
		|| { echo "axe-core $(AXE_VERSION): integrity check failed" >&2; rm -rf $(AXE_DIR); exit 1; }
	tar -xzf $(AXE_DIR)/axe-core.tgz -C $(AXE_DIR) --strip-components=1 package/axe.min.js package/LICENSE
	rm $(AXE_DIR)/axe-core.tgz

# pytest exits 5 when it collects nothing: that means the suite went missing, so say so.
PYTEST_RC5 = rc=$$?; [ $$rc -ne 5 ] || echo "pytest collected no tests: the suite is missing" >&2; exit $$rc

test-sqlite: install browser-deps
	STYR_AXE_JS=$(AXE_JS) $(BIN)/pytest || { $(PYTEST_RC5); }

# PostgreSQL runs when reachable; CI sets STYR_REQUIRE_POSTGRES=1 so a missing server fails.
test-postgres: install
	@if $(BIN)/python -m styr.core.dbcheck "$(PG_URL)"; then \
		DATABASE_URL="$(PG_URL)" $(BIN)/pytest -m "not browser" || { $(PYTEST_RC5); }; \
	elif [ "$$STYR_REQUIRE_POSTGRES" = "1" ]; then \
		echo "PostgreSQL at $(PG_URL) is required but not reachable" >&2; exit 1; \
	else \
		echo "PostgreSQL at $(PG_URL) not reachable: the PostgreSQL run is skipped"; \
	fi

test: lint typecheck migrations-check test-sqlite test-postgres

bench: install pdf-deps
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) var test-artefacts
