# socinv: make run (set up, load the demo and serve the web application) and make test.
# make test runs the whole suite on SQLite, then tests/integration and the follow-up on
# PostgreSQL when a server answers on 127.0.0.1 (make test-postgres runs only the latter);
# both in parallel (pytest-xdist: one test database per worker, whole modules per worker,
# so that a module's served socinv starts once).
# make test-fast: the unit, property and service tests only (no browser, no server, no
# PostgreSQL, not the slowest), in under a minute:
#   pytest -m "not e2e and not slow and not postgres" -n auto -q --reuse-db
# (--reuse-db: the SQLite test databases are files kept in .pytest_cache between runs)
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
OIDC_STAMP := tests/oidc/node_modules/.package-lock.json

.PHONY: install run test test-fast test-postgres bench lint clean messages

install: $(STAMP) $(OIDC_STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

# The single sign-on tests' OpenID provider (oidc-provider, tests/oidc): installed from its
# committed package-lock.json; nothing is downloaded when the tests run. Needs node >= 20.19.
$(OIDC_STAMP): tests/oidc/package-lock.json
	cd tests/oidc && npm ci --no-audit --no-fund --loglevel=error

# make run: install, migrate ./data/socinv.sqlite3 (or DATABASE_URL), load the demo (only
# into an empty database: a second run keeps your data), print the demo logins and serve.
run: install
	$(BIN)/socinv migrate
	$(BIN)/socinv demo
	@echo
	@$(BIN)/python -c "import socinv.demo; print(socinv.demo.logins_text())"
	@echo
	@echo "Open http://127.0.0.1:8000/ (Ctrl-C stops the server)"
	$(BIN)/socinv serve --host 127.0.0.1 --port 8000

# -n auto: one worker per core; --dist loadfile: a module's tests run in one worker, in
# order (the end-to-end walks share one module-scoped server).
XDIST ?= -n auto --dist loadfile

test: install
	$(BIN)/python -m pytest $(XDIST)
	@if command -v pg_isready >/dev/null 2>&1 && pg_isready -q -h 127.0.0.1; then \
	  $(MAKE) --no-print-directory test-postgres; \
	else \
	  echo "make test: no PostgreSQL answers on 127.0.0.1; skipped the PostgreSQL run"; \
	fi

# DATABASE_URL is cleared so that SOCINV_TEST_POSTGRES picks the local test server.
# On PostgreSQL: the integration tests, the follow-up (bulk imports, savings booked in the
# ledger, gates that move phases), the attachments' checked content, the fund projection,
# attestation (preliminary bookings under their locks) and the API's idempotency keys.
# (tests/integration/test_production_server.py: gunicorn on PostgreSQL, marked postgres.)
PG_TESTS = tests/integration tests/followup tests/savings tests/phases tests/evaluation tests/scaleup \
  tests/applications/test_attachment_safety.py tests/projection tests/attestation tests/api/test_api_idempotency.py
test-postgres: install
	SOCINV_TEST_POSTGRES=1 DATABASE_URL= $(BIN)/python -m pytest $(XDIST) $(PG_TESTS)

# The markers are applied by place in tests/conftest.py: e2e (tests/e2e and the other
# browser tests), slow (the slowest others, by name), postgres (the PostgreSQL run's).
test-fast: install
	$(BIN)/python -m pytest -m "not e2e and not slow and not postgres" -n auto -q --reuse-db

bench: install
	$(BIN)/python benchmarks/bench_calc.py
	$(BIN)/python benchmarks/bench_web.py
	$(BIN)/python benchmarks/bench_import.py
	$(BIN)/python benchmarks/bench_projection.py
	$(BIN)/python benchmarks/bench_save.py
	$(BIN)/python benchmarks/bench_overview_reads.py

lint: install
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/lint-imports

clean:
	rm -rf $(VENV) build *.egg-info src/*.egg-info .pytest_cache .hypothesis tests/oidc/node_modules

# Extract the strings of the web application, socinv.l10n and the CLI into the Swedish
# catalogue (the CLI reads it with the standard library) and compile it.
# Translations written in src/socinv/locale/fragments/*.po (one file per piece of work,
# to avoid edit conflicts) are merged in: what the catalogue already translates first, then
# the fragments (plural entries too, which msgmerge's compendium would leave empty).
# Needs GNU gettext; the .mo is committed.
PO := src/socinv/locale/sv/LC_MESSAGES/django.po
MO := src/socinv/locale/sv/LC_MESSAGES/django.mo
messages: install
	cd src/socinv && DJANGO_SETTINGS_MODULE=socinv.site.settings ../../$(BIN)/python -m django makemessages -l sv --no-obsolete --no-location --ignore "core/*" --ignore "locale/*"
	@if ls src/socinv/locale/fragments/*.po >/dev/null 2>&1; then \
	  msgcat --use-first src/socinv/locale/fragments/*.po -o $(VENV)/fragments.po && \
	  msgattrib --clear-fuzzy --empty -o $(PO) $(PO) && \
	  msgattrib --translated --no-obsolete -o $(VENV)/translated.po $(PO) && \
	  msgcat --use-first $(VENV)/translated.po $(VENV)/fragments.po -o $(VENV)/known.po && \
	  msgmerge -q --no-fuzzy-matching -o $(PO) $(VENV)/known.po $(PO) && \
	  msgattrib --no-obsolete -o $(PO) $(PO); \
	fi
	msgfmt --check -o $(MO) $(PO)
