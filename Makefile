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
# too, in three runs side by side (each waits on browsers, servers and its
# database much of the time; on two cores one after another took 34 minutes,
# these three 21-22; PostgreSQL's non-browser tests stay in one process, in
# file order: tests/engine/cases/test_queue_plans.py's plans flip with the
# table statistics earlier tests leave, and a shuffled order failed it):
#  - PostgreSQL, every test but the browser tests (printed as it goes);
#  - PostgreSQL, the browser tests, two workers (pytest-xdist), each on a
#    database of its own: <database>_browser_gw0, _gw1 (made when missing);
#  - SQLite, the tests that reach the database through a fixture, browser
#    tests aside (TEST_LEAVE_TO_POSTGRES, tests/conftest.py): the rest do the
#    same on either database and ran once already.
# Every test runs on PostgreSQL; without TEST_POSTGRES_URL all of them run on
# SQLite. The SQLite run leaves the PostgreSQL-only race tests to the other
# run, which takes them from TEST_DATABASE_URL, and that run leaves the SQLite
# races to the SQLite run.
PG_BROWSER = TEST_DATABASE_URL="$$TEST_POSTGRES_URL"_browser TEST_POSTGRES_URL="$$TEST_POSTGRES_URL"_browser
test: install
	$(BIN)/lint-imports
	@if [ -z "$$TEST_POSTGRES_URL" ]; then $(BIN)/pytest; exit $$?; fi; \
	rm -rf .test-runs && mkdir -p .test-runs; \
	echo "== PostgreSQL; then its browser tests and SQLite, run beside it =="; \
	( TEST_POSTGRES_URL= TEST_LEAVE_TO_POSTGRES=1 $(BIN)/pytest --basetemp=.test-runs/sqlite-tmp \
	  > .test-runs/sqlite.log 2>&1; echo $$? > .test-runs/sqlite.rc ) & \
	( $(PG_BROWSER) $(BIN)/pytest -m browser -n 2 --dist loadfile --basetemp=.test-runs/browser-tmp \
	  > .test-runs/browser.log 2>&1; echo $$? > .test-runs/browser.rc ) & \
	TEST_DATABASE_URL="$$TEST_POSTGRES_URL" $(BIN)/pytest -m "not browser" --basetemp=.test-runs/postgres-tmp; pg=$$?; \
	wait; for run in browser sqlite; do echo "== $$run =="; cat .test-runs/$$run.log; done; \
	browser=$$(cat .test-runs/browser.rc); sqlite=$$(cat .test-runs/sqlite.rc); \
	echo "== PostgreSQL: exit $$pg, its browser tests: exit $$browser, SQLite: exit $$sqlite =="; \
	[ "$$pg" = 0 ] && [ "$$browser" = 0 ] && [ "$$sqlite" = 0 ]

bench: install
	$(BIN)/python bench/engine.py

clean:
	rm -rf $(VENV) node_modules webapp/static/vendor
