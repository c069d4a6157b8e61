# uprkg: the two commands of the README's quick start, and their parts.
#   make run    set up, then build and check the graph of the bundled corpus
#   make test   set up (with test tools), then run the linter and the full test suite
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: run test setup setup-test system-deps-run system-deps-test lint bench clean schema

run: setup system-deps-run
	$(BIN)/uprkg check
	@echo
	@echo "uprkg is installed in $(VENV)/. Run it as $(BIN)/uprkg, or activate the environment"
	@echo "first (. $(BIN)/activate) and type uprkg. Next: uprkg query list, uprkg --help."

# pytest runs on every core (pytest-xdist: -n auto --dist loadgroup in pyproject.toml);
# the load average printed first says how busy the machine was, --durations the slowest
test: setup-test system-deps-test
	$(BIN)/ruff check src tests benchmarks
	@uptime
	$(BIN)/pytest --durations=15

setup: $(VENV)/.setup-stamp
setup-test: $(VENV)/.test-stamp

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.setup-stamp: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.test-stamp: pyproject.toml $(VENV)/.setup-stamp
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

system-deps-run:
	bash scripts/system-deps.sh run

system-deps-test:
	bash scripts/system-deps.sh test

lint: setup-test
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

bench: setup
	$(BIN)/python benchmarks/bench_build.py

clean:
	rm -rf build dist .pytest_cache tests/artifacts

# docs: regenerate the README's network pictures (docs/network.svg, .png, .html) and the
# dataset's VoID + DCAT description (docs/void.ttl) from the bundled corpus
.PHONY: docs
docs: setup
	$(BIN)/uprkg build
	$(BIN)/uprkg network draw --graph build/uprkg.trig --out docs/network.svg --out docs/network.png --out docs/network.html
	SOURCE_DATE_EPOCH=$$(git log -1 --format=%ct 2>/dev/null || date +%s) $(BIN)/uprkg export --format void --graph build/uprkg.trig --out docs/void.ttl

# schema: regenerate the corpus files' JSON Schemas (schemas/*.schema.json) and the field
# reference (docs/annotation-format.md) from what the loader reads
schema: setup
	$(BIN)/python -m uprkg.schema
