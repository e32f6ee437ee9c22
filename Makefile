# marketops: environment, demo data, pipeline, servers and tests.
#
#   make demo      environment + demo data + one pipeline run, then Dagster UI and Streamlit
#   make pipeline  run the whole pipeline once; exits non-zero when an asset or a blocking check fails
#   make test      run every test suite
#   make bench     run the scale benchmark (SIZE=XS|S|M|L, default S) and record it in docs/benchmarks.md
#
# DATA_DIR is the data root (default data/); it is passed on as an absolute
# MARKETOPS_DATA_DIR, and DAGSTER_HOME lives under it.

DATA_DIR ?= data
DATA_ABS := $(abspath $(DATA_DIR))
export MARKETOPS_DATA_DIR := $(DATA_ABS)
export DAGSTER_HOME := $(DATA_ABS)/dagster_home

VENV := .venv
BIN := $(VENV)/bin
PYTHON := $(BIN)/python
TOOLS := .tools
UV_VERSION := 0.13.9
# Any Python 3.11 can bootstrap uv; uv then builds .venv with 3.11 as uv.lock expects.
BOOTSTRAP_PYTHON ?= $(shell command -v python3.11 || command -v python3)
# Dagster and dagster-dbt run `dbt` from PATH, so the environment's bin comes first.
export PATH := $(abspath $(BIN)):$(PATH)

DAGSTER_PORT ?= 3000
STREAMLIT_PORT ?= 8501

.PHONY: env data pipeline demo dagster streamlit test bench manifest clean

env: $(VENV)/.synced

# Rebuilt only when the lock or the project definition is newer than the last sync.
# Bytecode is compiled once here: where PYTHONDONTWRITEBYTECODE is set, as in CI,
# every process would compile dbt, Dagster and GX again, about 7 s per start.
$(VENV)/.synced: uv.lock pyproject.toml
	test -x $(TOOLS)/bin/uv || ($(BOOTSTRAP_PYTHON) -m venv $(TOOLS) && $(TOOLS)/bin/pip install --quiet uv==$(UV_VERSION))
	$(TOOLS)/bin/uv sync --frozen --python 3.11 --compile-bytecode
	touch $@

data: env
	@if [ -n "$$(find '$(DATA_ABS)/landing' -type f 2>/dev/null | head -n 1)" ]; then \
		echo "$(DATA_ABS)/landing already holds files: demo data not generated"; \
	else \
		$(PYTHON) -m ingestion.demo --out '$(DATA_ABS)/landing'; \
	fi

$(DAGSTER_HOME)/dagster.yaml: orchestration/dagster.yaml
	mkdir -p '$(DAGSTER_HOME)'
	cp orchestration/dagster.yaml '$@'

# Parse the dbt project into target/manifest.json, which the dbt assets load from.
manifest: env
	$(BIN)/dagster-dbt project prepare-and-package --file orchestration/defs/dbt/project.py

# FULL_REFRESH=1 rebuilds every day of the incremental marts (needed once after an
# upgrade that adds mart columns: those marts stop rather than leave old days null).
pipeline: env $(DAGSTER_HOME)/dagster.yaml
	$(PYTHON) -m orchestration.run $(if $(FULL_REFRESH),--full-refresh)

dagster: env manifest $(DAGSTER_HOME)/dagster.yaml
	$(BIN)/dagster dev --host 127.0.0.1 --port $(DAGSTER_PORT)

streamlit: env
	$(BIN)/streamlit run dashboards/app.py --server.address 127.0.0.1 --server.port $(STREAMLIT_PORT) \
		--server.headless true --browser.gatherUsageStats false --client.toolbarMode viewer \
		--runner.magicEnabled false

# Both servers in the foreground; Ctrl-C stops both.
demo: env data pipeline manifest
	@trap 'kill 0' INT TERM EXIT; \
	$(MAKE) --no-print-directory streamlit & \
	$(MAKE) --no-print-directory dagster & \
	wait

# Tests make their own data roots, so the repository's data/ must not leak into them.
test: env
	@if [ ! -x /usr/bin/chromium ] && [ "$$(id -u)" = 0 ]; then \
		apt-get update && apt-get install -y chromium; \
	fi
	env -u MARKETOPS_DATA_DIR -u DAGSTER_HOME $(BIN)/pytest

# The dataset and per-stage logs go to $(DATA_DIR)/bench/$(SIZE); only the summary is recorded.
SIZE ?= S
bench: env
	env -u DAGSTER_HOME $(PYTHON) -m benchmarks --size $(SIZE) --work-dir '$(DATA_ABS)/bench/$(SIZE)' --record docs/benchmarks.md $(if $(RESUME),--resume)

clean:
	rm -rf '$(DATA_ABS)' dbt_project/target dbt_project/logs test-artifacts .pytest_cache
