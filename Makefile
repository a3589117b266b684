# Interview Prep — the commands a newcomer needs. `make run` and `make test` create .venv themselves.
SHELL := /bin/bash
# A Python 3.13 interpreter (the Lambda runtime) when there is one that runs, else python3 (3.11+ works too).
PYTHON ?= $(shell for c in "$$(pyenv prefix 3.13.0 2>/dev/null)/bin/python3.13" python3.13 python3; do \
            "$$c" -c 'import sys; assert sys.version_info >= (3, 11)' >/dev/null 2>&1 && { command -v "$$c"; break; }; done)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PORT ?= 3000

.PHONY: run test test-fast lint build bench digest-examples load clean

$(BIN)/python:
	@echo "==> creating $(VENV) with $(PYTHON)"
	$(PYTHON) -m venv $(VENV)

$(STAMP): $(BIN)/python pyproject.toml layers/interview_prep/requirements.txt
	@echo "==> installing the project and its dependencies into $(VENV) (first time: a minute or two)"
	$(BIN)/python -m pip install --disable-pip-version-check --progress-bar off -q --upgrade pip
	$(BIN)/python -m pip install --disable-pip-version-check --progress-bar off -q -e '.[dev]'
	@touch $(STAMP)

run: $(STAMP)  ## start the local stack on http://127.0.0.1:$(PORT)
	PORT=$(PORT) $(BIN)/python -m local_stack

test: $(STAMP)  ## the whole test suite
	$(BIN)/python -m pytest -n 2 --dist loadgroup --cov --cov-report=term

test-fast: $(STAMP)  ## the unit tests only (no browser, no local stack over HTTP)
	$(BIN)/python -m pytest -m "not browser and not stack"

lint: $(STAMP)  ## ruff, mypy and cfn-lint
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/cfn-lint template.yaml

build: $(STAMP)  ## sam build, then check every compiled extension matches the functions' architecture
	$(BIN)/python -m pip install --disable-pip-version-check -q 'aws-sam-cli>=1.120'
	PATH="$(dir $(PYTHON)):$$PATH" $(BIN)/sam build --template-file template.yaml
	@# Lambda's code folders are read-only: ship the bytecode, or every cold start compiles every module.
	$(PYTHON) -m compileall -q -j0 --invalidation-mode unchecked-hash .aws-sam/build >/dev/null
	$(BIN)/python tools/check_build.py .aws-sam/build template.yaml

bench: $(STAMP)  ## benchmarks: cold start, overhead, AWS calls, cost, size, rendering
	$(BIN)/python -m bench

load: $(STAMP)  ## load test on the local stack: 2000 interviews, 16 clients, exactly one digest and one thank-you each
	$(BIN)/python -m tests.load --interviews 2000 --concurrency 16

digest-examples: $(STAMP)  ## write example digests to build/digest-examples
	$(BIN)/python -m interview_prep.examples build/digest-examples

clean:
	rm -rf $(VENV) .aws-sam build .pytest_cache .mypy_cache .ruff_cache .coverage
