# SoulSeer: `make run` starts the whole system locally; `make test` runs every test.
PYTHON ?= python3
VENV := .venv
SAM_VENV := .venv-sam
BIN := $(VENV)/bin

.PHONY: setup run test lint format unit integration e2e validate build clean bench openapi

setup: $(VENV)/.installed $(SAM_VENV)/.installed

# The project and its dev tools in one environment.
$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

# aws-sam-cli pins its own ranges (pyopenssl, boto3[crt]); it lives in its own environment.
$(SAM_VENV)/.installed:
	$(PYTHON) -m venv $(SAM_VENV)
	$(SAM_VENV)/bin/pip install --quiet --upgrade pip
	$(SAM_VENV)/bin/pip install --quiet aws-sam-cli
	touch $@

run: $(VENV)/.installed
	$(BIN)/soulseer dev

test: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy layers/soulseer
	$(BIN)/pytest

unit: $(VENV)/.installed
	$(BIN)/pytest tests/unit

integration: $(VENV)/.installed
	$(BIN)/pytest tests/integration

e2e: $(VENV)/.installed
	$(BIN)/pytest tests/e2e

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy layers/soulseer

format: $(VENV)/.installed
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Regenerate the committed OpenAPI document (tests/integration/test_openapi.py fails when it is stale).
openapi: $(VENV)/.installed
	$(BIN)/python -m tests.support.openapi_doc

validate: setup
	SAM_CLI_TELEMETRY=0 $(SAM_VENV)/bin/sam validate --lint --region us-east-1
	$(BIN)/cfn-lint template.yaml

build: setup
	SAM_CLI_TELEMETRY=0 $(SAM_VENV)/bin/sam build

# Deploying a stage (README "Deploying"): the stack, then the web app. STAGE is dev, staging or prod.
STAGE ?= dev
.PHONY: deploy deploy-web setup-secrets

deploy: setup
	$(BIN)/soulseer deploy --stage $(STAGE)

deploy-web: $(VENV)/.installed
	$(BIN)/soulseer deploy-web --stage $(STAGE)

setup-secrets: $(VENV)/.installed
	$(BIN)/soulseer setup secrets --stage $(STAGE)

# Cold starts, AWS calls per operation, transitions, cost, relay latency and a scale run (not part of `test`).
BENCH_READINGS ?= 50
bench: $(VENV)/.installed
	BENCH_READINGS=$(BENCH_READINGS) $(BIN)/python -m benchmarks

clean:
	rm -rf $(VENV) $(SAM_VENV) .aws-sam .soulseer-dev .pytest_cache .ruff_cache
