"""Settings per function: each handler validates at cold start exactly the areas its code reads, built
from exactly the environment template.yaml gives that function; a missing variable fails the init with
its name and the function's; defaults are template.yaml's own."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from functools import cache
from pathlib import Path

import pytest

from soulseer import config
from soulseer_tools.localcloud.cfn_yaml import load_template_file
from soulseer_tools.localcloud.template import Template
from tests.conftest import TEST_ENV
from tests.support.apigw import load_handler_module

ROOT = Path(__file__).resolve().parents[2]
LAYER = ROOT / "layers"
AREAS = {
    name: value
    for name, value in vars(config).items()
    if isinstance(value, type) and issubclass(value, config.EnvSettings) and name.endswith("Settings")
}
AREAS.pop("EnvSettings")


@pytest.fixture(scope="module")
def template() -> Template:
    return Template(ROOT / "template.yaml", {"Stage": "test"})


def function_dirs(template: Template) -> dict[str, Path]:
    return {function.logical_id: function.code_uri for function in template.functions.values()}


@cache
def _parse(path: Path) -> ast.Module:
    return ast.parse(path.read_text(), str(path))


def _module_path(name: str, task_root: Path) -> Path | None:
    parts = name.split(".")
    base = LAYER if parts[0] == "soulseer" else task_root
    for candidate in (base.joinpath(*parts).with_suffix(".py"), base.joinpath(*parts, "__init__.py")):
        if candidate.exists():
            return candidate
    return None


def _imports(tree: ast.Module) -> set[str]:
    """Every module an import names, top level or inside a function, or a `RouteModule` names (lazy imports
    count)."""
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.add(node.module)
            found |= {f"{node.module}.{alias.name}" for alias in node.names}
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "RouteModule":
            name = node.args[0]  # the api's route modules, imported by name on first use
            assert isinstance(name, ast.Constant) and isinstance(name.value, str)
            found.add(name.value)
    return found


def closure(task_root: Path) -> set[Path]:
    """The handler's own modules and the soulseer modules they import, transitively."""
    seen: set[Path] = set()
    todo = [task_root / "app.py"]
    while todo:
        path = todo.pop()
        if path in seen:
            continue
        seen.add(path)
        for name in _imports(_parse(path)):
            parts = name.split(".")
            for n in range(1, len(parts) + 1):  # a package's __init__ runs before its submodules
                found = _module_path(".".join(parts[:n]), task_root)
                if found is not None and (found.is_relative_to(LAYER) or found.parent == task_root):
                    todo.append(found)
    return seen


def areas_read(paths: set[Path]) -> set[str]:
    """The areas the code reads: `settings_for(Area)` calls, `settings()` (the core) and the area a
    `BoundTable` names (`settings_class = Area`)."""
    read: set[str] = set()
    for path in paths:
        for node in ast.walk(_parse(path)):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                if node.func.id == "settings_for" and node.args and isinstance(node.args[0], ast.Name):
                    read.add(node.args[0].id)
                elif node.func.id == "settings":
                    read.add("CoreSettings")
            elif (  # a table bound at first use names its settings area
                isinstance(node, ast.Assign)
                and isinstance(node.value, ast.Name)
                and any(isinstance(target, ast.Name) and target.id == "settings_class" for target in node.targets)
            ):
                read.add(node.value.id)
    return read & set(AREAS)


def function_settings(task_root: Path) -> config.FunctionSettings:
    """The class the handler passes to `cold_start` (read from its source, without importing it)."""
    for node in ast.walk(_parse(task_root / "app.py")):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "cold_start":
            argument = node.args[0]
            assert isinstance(argument, ast.Name)
            function = getattr(config, argument.id)
            assert isinstance(function, config.FunctionSettings)
            assert function.name == task_root.name
            return function
    raise AssertionError(f"{task_root.name}/app.py does not call cold_start")


def test_each_function_validates_the_areas_its_code_reads_and_no_others(template: Template) -> None:
    """The code: the handler's modules and every soulseer module they import (a module-level over-estimate
    of what an invocation reads, so nothing read is left unchecked at init)."""
    wrong = {}
    for logical_id, task_root in function_dirs(template).items():
        validated = {area.__name__ for area in function_settings(task_root).areas}
        read = areas_read(closure(task_root))
        if validated != read:
            wrong[logical_id] = {"unchecked": sorted(read - validated), "unread": sorted(validated - read)}
    assert wrong == {}


def test_each_function_settings_build_from_exactly_the_environment_template_gives_it(template: Template) -> None:
    for logical_id, task_root in function_dirs(template).items():
        env = template.functions[logical_id].env  # Refs resolved to placeholder names, as the local cloud does
        function = function_settings(task_root)
        function.check(env)  # raises SettingsError naming what is missing
        unset = sorted(set(function.variables()) - set(env))
        assert unset == [], f"{logical_id} relies on defaults for {unset}: template.yaml must set them"


def test_defaults_are_template_yaml_parameter_defaults() -> None:
    document = load_template_file(ROOT / "template.yaml")
    parameters = document["Parameters"]
    variables = document["Globals"]["Function"]["Environment"]["Variables"]
    by_variable = {
        name: value["Ref"] for name, value in variables.items() if isinstance(value, dict) and "Ref" in value
    }
    for area in AREAS.values():
        for name, field in area.fields.items():
            parameter = parameters.get(by_variable.get(name, ""), {})
            if field.required:
                assert "Default" not in parameter, f"{name}: template.yaml has a default; use it"
                continue
            assert "Default" in parameter, f"{name} has a default, but template.yaml gives {by_variable.get(name)} none"
            expected = area.from_env({**TEST_ENV, name: str(parameter["Default"])})
            assert getattr(expected, name) == field.default, name


def test_tests_set_every_variable() -> None:
    everything = set().union(*(model.variables() for model in AREAS.values()))
    assert sorted(everything - set(TEST_ENV)) == []


def test_a_missing_variable_names_itself_and_the_function(template: Template) -> None:
    env = {k: v for k, v in template.functions["ApiFunction"].env.items() if k != "PAYOUTS_QUEUE_URL"}
    with pytest.raises(config.SettingsError, match=r"^api: environment variables missing PAYOUTS_QUEUE_URL \("):
        config.API_FUNCTION.check(env)
    env = {**env, "TOPUP_MIN_CENTS": "many", "STAGE": "", "AWS_LAMBDA_FUNCTION_NAME": "soulseer-test-api"}
    with pytest.raises(config.SettingsError) as raised:
        config.API_FUNCTION.check(env)
    message = str(raised.value)
    assert message.startswith("soulseer-test-api: environment variables missing PAYOUTS_QUEUE_URL; invalid ")
    assert "STAGE=''" in message and "TOPUP_MIN_CENTS='many'" in message


def _import_handler(template: Template, logical_id: str, drop: str | None = None) -> subprocess.CompletedProcess[str]:
    """A fresh interpreter imports the handler as Lambda's bootstrap does (and as benchmarks/coldstart.py
    measures it), with the environment template.yaml gives the function and the runtime's own variables."""
    task_root = function_dirs(template)[logical_id]
    env = {
        **{k: v for k, v in template.functions[logical_id].env.items() if k != drop},
        "AWS_LAMBDA_FUNCTION_NAME": f"soulseer-test-{task_root.name}",
        "AWS_REGION": "us-east-1",
        "POWERTOOLS_TRACE_DISABLED": "true",
        "PYTHONPATH": os.pathsep.join([str(task_root), str(LAYER), str(ROOT)]),
        "PATH": os.environ.get("PATH", ""),
    }
    return subprocess.run(
        [sys.executable, "-c", "import app"], cwd=task_root, env=env, capture_output=True, text=True, timeout=120
    )


def test_every_handler_initialises_with_the_environment_template_yaml_gives_it(template: Template) -> None:
    failed = {}
    for logical_id in function_dirs(template):
        done = _import_handler(template, logical_id)
        if done.returncode != 0:
            failed[logical_id] = done.stderr[-2000:]
    assert failed == {}


@pytest.mark.parametrize(("function", "variable"), [("api", "AUDIT_FUNCTION_NAME"), ("billing_tick", "USERS_TABLE")])
def test_a_handler_without_a_variable_fails_at_init(template: Template, function: str, variable: str) -> None:
    """Init fails naming the variable and the function (a core table fails while the models are imported)."""
    logical_id = next(lid for lid, root in function_dirs(template).items() if root.name == function)
    done = _import_handler(template, logical_id, drop=variable)
    assert done.returncode != 0
    assert "SettingsError" in done.stderr
    assert f"soulseer-test-{function}: " in done.stderr and variable in done.stderr


def test_settings_follow_a_changed_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Validated once per environment: tests and tools that change a variable see the new value."""
    first = config.settings_for(config.ReadingSettings)
    assert config.settings_for(config.ReadingSettings) is first
    monkeypatch.setenv("BILLING_TICK_SECONDS", "7")
    assert config.settings_for(config.ReadingSettings).BILLING_TICK_SECONDS == 7
    monkeypatch.setenv("BILLING_TICK_SECONDS", "0")
    with pytest.raises(config.SettingsError, match="BILLING_TICK_SECONDS"):
        config.settings_for(config.ReadingSettings)


def test_the_handlers_loaded_here_validated_their_settings() -> None:
    module = load_handler_module("billing_tick")
    assert module.SETTINGS is config.BILLING_TICK_FUNCTION


def test_values_are_parsed_checked_and_frozen() -> None:
    env = {**TEST_ENV, "CORS_ALLOWED_ORIGINS": " https://a.example , ,https://b.example"}
    assert config.CorsSettings.from_env(env).CORS_ALLOWED_ORIGINS == ("https://a.example", "https://b.example")
    with pytest.raises(config.SettingsError, match=r"CORS_ALLOWED_ORIGINS=' , ' \(needs at least 1"):
        config.CorsSettings.from_env({"CORS_ALLOWED_ORIGINS": " , "})
    stripe = config.StripeSettings.from_env({"STRIPE_SECRET_NAME": "soulseer/test/stripe", "STRIPE_API_BASE": ""})
    assert (stripe.STRIPE_API_BASE, stripe.TOPUP_MIN_CENTS) == ("", 500)  # empty is allowed there; a default
    with pytest.raises(config.SettingsError, match=r"STRIPE_SECRET_NAME='' \(must not be empty\)"):
        config.StripeSettings.from_env({"STRIPE_SECRET_NAME": ""})
    with pytest.raises(AttributeError):
        stripe.TOPUP_MIN_CENTS = 1  # type: ignore[misc]


def test_settings_do_not_load_pydantic_at_init() -> None:
    """Eight of the ten functions never import pydantic (~200 ms of a cold start): the settings must not."""
    code = "import sys, soulseer.config; assert 'pydantic' not in sys.modules, 'pydantic imported'"
    env = {"PYTHONPATH": str(LAYER), "PATH": os.environ.get("PATH", "")}
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr


WITHOUT_PYDANTIC = ("billing_tick", "payout_worker", "ws", "presence", "reconciler", "request_expiry", "payouts")


@pytest.mark.parametrize("function", WITHOUT_PYDANTIC)
def test_functions_off_the_api_start_without_pydantic(function: str) -> None:
    """The minute's tick and the workers start without the API's models (saved cards once pulled them into
    the billing tick through payments' TopupView: 256 ms of init instead of 206)."""
    template = Template(ROOT / "template.yaml", {"Stage": TEST_ENV["STAGE"]})
    env_of = next(f.env for f in template.functions.values() if f.code_uri.name == function)
    code = "import sys, app; assert 'pydantic' not in sys.modules, 'pydantic imported'"
    env = {
        **TEST_ENV,
        **{k: str(v) for k, v in env_of.items()},
        "PYTHONPATH": f"{ROOT / 'functions' / function}{os.pathsep}{LAYER}",
        "PATH": os.environ.get("PATH", ""),
    }
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr[-2000:]
