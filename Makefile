# govops: `make demo` and `make test` work on a fresh Debian machine.
PYTHON ?= /usr/bin/python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test install system-deps lint typecheck unit bench clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev,postgres]'
	@touch $(STAMP)

# The editable package is byte-compiled as pip compiles a regular install: where the environment sets
# PYTHONDONTWRITEBYTECODE, every command would otherwise compile each module it imports again (about 0.2 s of
# CPU per command). Up-to-date files are skipped; a changed source is still read from the source.
install: system-deps $(STAMP)
	$(BIN)/python -m compileall -q govops

system-deps:
	./scripts/install-system-deps.sh

demo: install
	$(BIN)/govops demo

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/lint-imports

typecheck: $(STAMP)
	$(BIN)/mypy govops tests bench

# Every test on SQLite, then the tests that use a store (marker `store`) on a real PostgreSQL
# the fixtures start on loopback (GOVOPS_TEST_DB: tests/storetools.py). Two workers, one test
# file each at a time (module fixtures such as the lab start once); TEST_WORKERS=0 runs serially.
TEST_WORKERS ?= 2
PYTEST := $(BIN)/pytest -q -n $(TEST_WORKERS) --dist loadfile
test: install lint typecheck
	$(PYTEST)
	GOVOPS_TEST_DB=postgres $(PYTEST) -m store

unit: $(STAMP)
	$(BIN)/pytest -q tests/unit

bench-import: $(STAMP)
	$(BIN)/python bench/import_100k.py

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .mypy_cache .ruff_cache

.PHONY: bench-ssh
bench-ssh: $(STAMP)
	$(BIN)/python bench/ssh_discovery.py
bench-servers: $(STAMP)
	$(BIN)/python bench/bench_servers.py
bench-bandwidth: $(STAMP)
	$(BIN)/python bench/bandwidth.py
.PHONY: bench-host
bench-host: $(STAMP)
	$(BIN)/python bench/host_agent.py
.PHONY: bench-reports
bench-reports: $(STAMP)
	$(BIN)/python bench/bench_reports.py
.PHONY: bench-snmp
bench-snmp: $(STAMP)
	$(BIN)/python bench/snmp_discovery.py --devices 200
.PHONY: bench-catalogue
bench-catalogue: $(STAMP)
	$(BIN)/python bench/catalogue_load.py
.PHONY: bench-power
bench-power: $(STAMP)
	$(BIN)/python bench/power.py --devices 200 --polls 5
# Store growth: import, list, audit and every report on SQLite and PostgreSQL (bench/store_growth.py).
# `make bench-store BENCH_BACKENDS=postgres BENCH_SIZES=100000,1000000` for the 1,000,000 row (takes long).
BENCH_BACKENDS ?= sqlite,postgres
BENCH_SIZES ?= 100000
.PHONY: bench-store
bench-store: $(STAMP)
	$(BIN)/python bench/store_growth.py --backends $(BENCH_BACKENDS) --sizes $(BENCH_SIZES)
# Imports only, beside an older checkout in the same sitting: `make bench-store-import ANCHOR=/tmp/govops-old`.
ANCHOR ?=
.PHONY: bench-store-import
bench-store-import: $(STAMP)
	$(BIN)/python bench/store_growth.py --backends $(BENCH_BACKENDS) --sizes $(BENCH_SIZES) --imports \
		$(if $(ANCHOR),--anchor $(ANCHOR))
# YAML import streaming: N systems from YAML beside the same rows from CSV (bench/yaml_import.py).
# `make bench-yaml YAML_SIZES=100000,1000000` for the 1,000,000 row (takes long).
YAML_SIZES ?= 100000
.PHONY: bench-yaml
bench-yaml: $(STAMP)
	$(BIN)/python bench/yaml_import.py --backends postgres --sizes $(YAML_SIZES)
.PHONY: bench-ledger
bench-ledger: $(STAMP)
	$(BIN)/python bench/ledger.py
.PHONY: bench-lab
bench-lab: $(STAMP)
	$(BIN)/python bench/lab.py --demo
