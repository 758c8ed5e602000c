# `make run` and `make test` bootstrap .venv on a fresh machine; both are idempotent.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
HOST   ?= 127.0.0.1
PORT   ?= 5000

.PHONY: install run test assets bench clean

$(STAMP): pyproject.toml package.json
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $(STAMP)

webapp/static/vendor/.installed: package.json scripts/copy_vendor.py
	npm install --no-audit --no-fund --loglevel=error
	$(BIN)/python scripts/copy_vendor.py
	touch $@

install: $(STAMP) webapp/static/vendor/.installed

run: install
	$(BIN)/civicflow db upgrade
	$(BIN)/civicflow demo --if-empty
	$(BIN)/civicflow serve --host $(HOST) --port $(PORT)

# The whole suite on SQLite and, when TEST_POSTGRES_URL is set, on PostgreSQL
# too, in two runs side by side, each spread over workers (pytest-xdist): the
# tests wait on browsers, servers and their database much of the time, and
# one process per run left the machine's second core half idle (CI: 34 min
# one run after another, 22 min with one process per run).
#  - PostgreSQL: every test, 3 workers, each on a database of its own,
#    <database>_gw0, _gw1, _gw2 (made when missing; tests/conftest.py);
#  - SQLite: 2 workers, only the tests that reach the database through a
#    fixture, browser tests aside (TEST_LEAVE_TO_POSTGRES, tests/conftest.py):
#    the rest do the same on either database and ran on PostgreSQL already.
# Without TEST_POSTGRES_URL every test runs on SQLite, in one process. The demo
# tests share one demo run: they stay on one worker (xdist_group "demo").
# The SQLite run leaves the PostgreSQL-only race tests to the other run, which
# takes them from TEST_DATABASE_URL, and that run leaves the SQLite races to
# the SQLite run.
XDIST = --dist loadgroup
test: install
	$(BIN)/lint-imports
	@if [ -z "$$TEST_POSTGRES_URL" ]; then $(BIN)/pytest; exit $$?; fi; \
	rm -rf .test-runs && mkdir -p .test-runs; \
	echo "== PostgreSQL, with SQLite beside it (its output follows) =="; \
	( TEST_POSTGRES_URL= TEST_LEAVE_TO_POSTGRES=1 $(BIN)/pytest -n 2 $(XDIST) \
	  --basetemp=.test-runs/sqlite-tmp > .test-runs/sqlite.log 2>&1; echo $$? > .test-runs/sqlite.rc ) & \
	TEST_DATABASE_URL="$$TEST_POSTGRES_URL" $(BIN)/pytest -n 3 $(XDIST) \
	  --basetemp=.test-runs/postgres-tmp; pg=$$?; \
	wait; echo "== SQLite =="; cat .test-runs/sqlite.log; sqlite=$$(cat .test-runs/sqlite.rc); \
	echo "== PostgreSQL: exit $$pg, SQLite: exit $$sqlite =="; \
	[ "$$pg" = 0 ] && [ "$$sqlite" = 0 ]

bench: install
	$(BIN)/python bench/engine.py

clean:
	rm -rf $(VENV) node_modules webapp/static/vendor
