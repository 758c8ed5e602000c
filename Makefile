# `make run` and `make test` bootstrap .venv on a fresh machine; both are idempotent.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
HOST   ?= 127.0.0.1
PORT   ?= 5000

.PHONY: install run test test-sqlite test-postgres assets bench clean

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

# The whole suite on SQLite, then again on PostgreSQL when TEST_POSTGRES_URL is set.
test: install
	$(BIN)/lint-imports
	$(BIN)/pytest
	@if [ -n "$$TEST_POSTGRES_URL" ]; then \
	  echo "== again on PostgreSQL =="; \
	  TEST_DATABASE_URL="$$TEST_POSTGRES_URL" $(BIN)/pytest; \
	fi

bench: install
	$(BIN)/python bench/engine.py

clean:
	rm -rf $(VENV) node_modules webapp/static/vendor
