"""The users/readers, ledger/money and readings modules reach DynamoDB only through their stores
(soulseer.stores.users, .ledger, .reviews, .readings, .connections, .rate_limits), and nothing outside the
ledger's store names a ledger item."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LAYER = ROOT / "layers/soulseer"
MODULES = [
    *(
        LAYER / f"{name}.py"
        for name in (
            "users",
            "readers",
            "reader_inputs",
            "reader_search",
            "reader_stats",
            "reviews",
            "favorites",
            "onboarding",
            "identity",
            "wallet",
            "payments",
            "connect",
            "chargebacks",
            "stripe_events",
            "idempotency",
            "me",
            "presence",
        )
    ),
    *(LAYER / "ledger").glob("*.py"),
    *(LAYER / "notify").glob("*.py"),
    *(LAYER / "readings").glob("*.py"),
    LAYER / "limits.py",
]
LEDGER_MODELS = ("LedgerAccountModel", "LedgerEntryModel", "LedgerMovementModel")


def imported_names(path: Path) -> set[str]:
    imported: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            imported |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            imported |= {node.module, *(f"{node.module}.{alias.name}" for alias in node.names)}
    return imported


@pytest.mark.parametrize("path", MODULES, ids=lambda path: str(path.relative_to(LAYER)))
def test_the_module_imports_no_stored_model(path: Path) -> None:
    imported = imported_names(path)
    stored = {name for name in imported if name.startswith("soulseer.") and name.endswith("Model")}
    assert not {name for name in imported if name.startswith("soulseer.models")} | stored
    if path.parent.name != "ledger":  # the ledger's ordered transaction builds on PynamoDB's TransactWrite
        assert not {name for name in imported if name.startswith("pynamodb")}


def test_only_the_ledger_store_names_the_ledger_models() -> None:
    naming = sorted(
        str(path.relative_to(LAYER))
        for path in LAYER.rglob("*.py")
        if any(model in path.read_text() for model in LEDGER_MODELS)
    )
    assert naming == ["models.py", "stores/ledger.py"]


def test_ledger_items_are_built_only_under_a_role_tag() -> None:
    """ledger.core adds each item of a movement through the store's writers inside `transaction.tagged`."""
    core = (LAYER / "ledger/core.py").read_text()
    build = core[core.index("def _build(") : core.index("def _explain(")]
    for writer in ("movement_write", "balance_write", "entry_write"):
        call = build.index(f"store.{writer}(")
        assert "with transaction.tagged(Tag(ItemRole." in build[:call]
    writers = [path for path in LAYER.rglob("*.py") if "movement_write(" in path.read_text()]
    assert sorted(str(path.relative_to(LAYER)) for path in writers) == ["ledger/core.py", "stores/ledger.py"]


@pytest.mark.parametrize("path", [*(LAYER / "readings").glob("*.py"), LAYER / "limits.py"], ids=lambda path: path.name)
def test_the_readings_build_no_dynamodb_key(path: Path) -> None:
    """The billing tick's batch read and the rate-limit buckets' updates are the stores' (raw keys included)."""
    source = path.read_text()
    assert '"dynamodb"' not in source and '{"S":' not in source and '{"N":' not in source
