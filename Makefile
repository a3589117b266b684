# Interview Prep — the commands a newcomer needs. `make run` and `make test` create .venv themselves.
SHELL := /bin/bash
# A Python 3.13 interpreter (the Lambda runtime) when there is one that runs, else python3 (3.11+ works too).
PYTHON ?= $(shell for c in "$$(pyenv prefix 3.13.0 2>/dev/null)/bin/python3.13" python3.13 python3; do \
            "$$c" -c 'import sys; assert sys.version_info >= (3, 11)' >/dev/null 2>&1 && { command -v "$$c"; break; }; done)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PORT ?= 3000
# uv installs the exact versions of uv.lock. The one on PATH when there is one, else this version, installed once
# into .uv/ with pip.
UV_VERSION := 0.13.8
UV ?= $(shell command -v uv 2>/dev/null || echo .uv/bin/uv)
SAM_CLI := aws-sam-cli==1.170.0
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(VENV)

.PHONY: run test test-fast lint lock openapi build deploy bench digest-examples load clean catalogs mutation

.uv/bin/uv:
	@echo "==> installing uv $(UV_VERSION) into .uv/ (pip)"
	$(PYTHON) -m pip install --disable-pip-version-check --progress-bar off --root-user-action=ignore -q --target .uv 'uv==$(UV_VERSION)'

# A lock that no longer matches pyproject.toml stops here, loudly (never re-resolved behind your back, or two machines
# would get two sets of versions): `make lock`, then commit uv.lock with the pyproject.toml change.
$(STAMP): pyproject.toml uv.lock | $(UV)
	@$(UV) lock --check --offline --python "$(PYTHON)" -q 2>/dev/null || { \
	  echo "uv.lock is out of date with pyproject.toml: run 'make lock' and commit uv.lock with pyproject.toml" >&2; \
	  exit 1; }
	@echo "==> installing the locked dependencies into $(VENV) with $(PYTHON) (first time: about half a minute)"
	$(UV) sync --frozen --extra dev --python "$(PYTHON)" -q
	@touch $(STAMP)

lock: | $(UV)  ## resolve pyproject.toml's dependencies again and write uv.lock (after changing a dependency)
	$(UV) lock --python "$(PYTHON)"

catalogs: $(STAMP)  ## compile the message catalogs (locale/*/LC_MESSAGES/*.po → .mo); `python -m tools.catalogs check` checks them
	$(BIN)/python -m tools.catalogs compile

run: catalogs  ## start the local stack on http://127.0.0.1:$(PORT)
	PORT=$(PORT) $(BIN)/python -m local_stack

test: $(STAMP)  ## the whole test suite
	$(BIN)/python -m pytest -n 2 --dist loadgroup --cov --cov-report=term

test-fast: $(STAMP)  ## the unit tests only (no browser, no local stack over HTTP)
	$(BIN)/python -m pytest -m "not browser and not stack"

lint: $(STAMP)  ## ruff, mypy, cfn-lint and the import contract (pyproject.toml, [tool.importlinter])
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/cfn-lint template.yaml
	$(BIN)/lint-imports --no-cache

openapi: $(STAMP)  ## write the OpenAPI document the API serves (openapi.json links to it; commit it with any contract change)
	$(BIN)/python tools/write_openapi.py

build: catalogs  ## sam build, then check every compiled extension matches the functions' architecture
	@# The layer gets the versions of uv.lock too: sam build installs with pip, which reads PIP_CONSTRAINT.
	@mkdir -p .aws-sam && $(UV) export --frozen --no-dev --no-hashes --no-emit-project -q -o .aws-sam/constraints.txt
	PIP_CONSTRAINT="$(CURDIR)/.aws-sam/constraints.txt" PATH="$(dir $(PYTHON)):$$PATH" \
	  $(UV) tool run --python "$(PYTHON)" --from '$(SAM_CLI)' sam build --template-file template.yaml
	@# Babel's CLDR data for the locales the service formats in only (root, English, French): ~33 MB less.
	$(BIN)/python tools/trim_cldr.py .aws-sam/build/DomainLayer/python
	@# Templates compiled and the playbook validated now, not at each cold start's first response.
	$(BIN)/python tools/precompile.py .aws-sam/build/DomainLayer/python
	@# Lambda's code folders are read-only: ship the bytecode, or every cold start compiles every module.
	$(PYTHON) -m compileall -q -j0 --invalidation-mode unchecked-hash .aws-sam/build >/dev/null
	$(BIN)/python tools/check_build.py .aws-sam/build template.yaml

deploy: build  ## sam deploy --guided (the same pinned SAM CLI as the build)
	$(UV) tool run --python "$(PYTHON)" --from '$(SAM_CLI)' sam deploy --guided $(DEPLOY_ARGS)

bench: $(STAMP)  ## benchmarks: cold start, overhead, AWS calls, cost, size, rendering
	$(BIN)/python -m bench

load: $(STAMP)  ## load test on the local stack: 2000 interviews, 16 clients, exactly one digest and one thank-you each
	$(BIN)/python -m tests.load --interviews 2000 --concurrency 16

mutation: $(STAMP)  ## mutation testing of planning.py and calendar.py (cosmic-ray): fails under 90% of mutants killed
	@mkdir -p build && rm -f build/mutation.sqlite
	@# Each mutant's test run reads bytecode but writes none: compile the dependencies once (quick when done).
	$(BIN)/python -m compileall -q $(VENV)/lib >/dev/null
	@# The tests must pass on the code as it is, or every mutant would count as killed.
	$(BIN)/cosmic-ray baseline mutation.toml
	$(BIN)/cosmic-ray init mutation.toml build/mutation.sqlite
	$(BIN)/cr-filter-pragma build/mutation.sqlite
	$(BIN)/cosmic-ray exec mutation.toml build/mutation.sqlite
	$(BIN)/python -m tools.mutation_report build/mutation.sqlite --survivors --fail-under 90

digest-examples: catalogs  ## write example digests to build/digest-examples
	$(BIN)/python -m interview_prep.domain.examples build/digest-examples

clean:
	rm -rf $(VENV) .uv .aws-sam build .pytest_cache .mypy_cache .ruff_cache .coverage
