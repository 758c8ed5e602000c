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

# The whole suite on SQLite and, when TEST_POSTGRES_URL is set, again on
# PostgreSQL. The two runs go side by side (each waits on browsers, servers and
# its database much of the time): the PostgreSQL run prints as it goes, the
# SQLite run's output follows it. The SQLite run leaves the PostgreSQL-only
# race tests to the other run, which takes them from TEST_DATABASE_URL, and
# that run leaves the SQLite races to the SQLite run.
test: install
	$(BIN)/lint-imports
	@if [ -z "$$TEST_POSTGRES_URL" ]; then $(BIN)/pytest; exit $$?; fi; \
	rm -rf .test-runs && mkdir -p .test-runs; \
	echo "== SQLite and PostgreSQL side by side (SQLite's output follows) =="; \
	( TEST_POSTGRES_URL= $(BIN)/pytest --basetemp=.test-runs/sqlite-tmp > .test-runs/sqlite.log 2>&1; \
	  echo $$? > .test-runs/sqlite.rc ) & \
	TEST_DATABASE_URL="$$TEST_POSTGRES_URL" $(BIN)/pytest --basetemp=.test-runs/postgres-tmp; pg=$$?; \
	wait; echo "== SQLite =="; cat .test-runs/sqlite.log; sqlite=$$(cat .test-runs/sqlite.rc); \
	echo "== SQLite: exit $$sqlite, PostgreSQL: exit $$pg =="; \
	[ "$$sqlite" = 0 ] && [ "$$pg" = 0 ]

bench: install
	$(BIN)/python bench/engine.py

clean:
	rm -rf $(VENV) node_modules webapp/static/vendor
