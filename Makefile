# SoulSeer: `make run` starts the whole system locally; `make test` runs every test.
PYTHON ?= python3
VENV := .venv
SAM_VENV := .venv-sam
BIN := $(VENV)/bin

.PHONY: setup run test lint format unit integration e2e browser web web-test validate build clean bench openapi bootstrap template

# Never Playwright's own browser downloads: the browser tests drive Debian's /usr/bin/chromium.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD := 1

setup: $(VENV)/.installed $(SAM_VENV)/.installed

# What the machine needs beyond Python 3.11 and make, before anything else runs (infra/bootstrap.sh):
# python3-venv and Node.js 20.19+/npm, and chromium when test, browser or e2e are among the goals. As root
# it apt-installs what is missing; otherwise it stops at once with the command to run.
BOOTSTRAP_MODE := $(if $(filter test browser e2e,$(MAKECMDGOALS)),test,run)
bootstrap:
	@PYTHON=$(PYTHON) sh infra/bootstrap.sh $(BOOTSTRAP_MODE)

# The project and its dev tools in one environment.
$(VENV)/.installed: pyproject.toml | bootstrap
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

# aws-sam-cli pins its own ranges (pyopenssl, boto3[crt]); it lives in its own environment.
$(SAM_VENV)/.installed: | bootstrap
	$(PYTHON) -m venv $(SAM_VENV)
	$(SAM_VENV)/bin/pip install --quiet --upgrade pip
	$(SAM_VENV)/bin/pip install --quiet aws-sam-cli
	touch $@

# The web app: npm ci when the lock file changed, vite build when a source changed (else nothing to do).
WEB_SOURCES := $(shell find web -path web/node_modules -prune -o -path web/dist -prune -o -type f -print 2>/dev/null)

web/node_modules/.installed: web/package.json web/package-lock.json | bootstrap
	cd web && npm ci --no-audit --no-fund
	touch $@

web/dist/index.html: web/node_modules/.installed $(WEB_SOURCES)
	cd web && npm run --if-present build

web: web/dist/index.html

# The web app's own checks: Vitest (once, never watching) and its `check` script, when it has them.
web-test: web
	cd web && if [ -x node_modules/.bin/vitest ]; then node_modules/.bin/vitest run; fi
	cd web && npm run --if-present check

# ARGS: options for `soulseer dev`, e.g. `make run ARGS=--fresh` (start empty).
ARGS ?=
run: bootstrap $(VENV)/.installed web
	$(BIN)/soulseer dev $(ARGS)

test: bootstrap setup web web-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy layers/soulseer infra/soulseer_tools
	$(BIN)/pytest

unit: $(VENV)/.installed
	$(BIN)/pytest tests/unit

integration: $(VENV)/.installed
	$(BIN)/pytest tests/integration

e2e: $(VENV)/.installed
	$(BIN)/pytest tests/e2e

browser: bootstrap $(VENV)/.installed web
	$(BIN)/pytest tests/browser

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy layers/soulseer infra/soulseer_tools

format: $(VENV)/.installed
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Regenerate the committed OpenAPI document (tests/integration/test_openapi.py fails when it is stale).
openapi: $(VENV)/.installed
	$(BIN)/python -m tests.support.openapi_doc

# Rewrite template.yaml's generated region (alarms over every function, the dashboard); a test fails when stale.
template: $(VENV)/.installed
	$(BIN)/python -m soulseer_tools.deploy.generate

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
	rm -rf $(VENV) $(SAM_VENV) .aws-sam .soulseer-dev .pytest_cache .ruff_cache web/node_modules web/dist test-artifacts
