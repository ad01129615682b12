"""Tables are bound at first use: every soulseer module imports with no environment at all, and a model's
table is the one its variable names when it is used."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from soulseer.stores.readings import SessionModel
from soulseer.stores.topup_requests import TopupRequestModel

ROOT = Path(__file__).resolve().parents[2]
IMPORT_ALL = """
import importlib, pkgutil, sys
sys.path.insert(0, "layers")
import soulseer
for module in pkgutil.walk_packages(soulseer.__path__, "soulseer."):
    importlib.import_module(module.name)
import logging
unnamed = [name for name in logging.Logger.manager.loggerDict if name.startswith("service_undefined")]
assert not unnamed, unnamed  # a layer logger named from the environment at import
print("imported")
"""


def test_every_module_imports_without_an_environment() -> None:
    done = subprocess.run(
        [sys.executable, "-c", IMPORT_ALL], cwd=ROOT, env={"PATH": "/usr/bin"}, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "imported"


def test_a_table_is_the_one_its_variable_names_when_used(monkeypatch: pytest.MonkeyPatch) -> None:
    assert SessionModel.Meta.table_name == "soulseer-test-sessions"
    monkeypatch.setenv("SESSIONS_TABLE", "elsewhere-sessions")
    monkeypatch.setenv("PAYMENTS_TABLE", "elsewhere-payments")
    assert SessionModel.Meta.table_name == "elsewhere-sessions"
    assert TopupRequestModel.Meta.table_name == "elsewhere-payments"
