"""The OpenAPI document as the api function serves it, and `make openapi` to commit it as docs/openapi.json."""

from __future__ import annotations

import json
from pathlib import Path
from types import ModuleType
from typing import Any

from tests.support.apigw import LambdaContext, rest_event

ROOT = Path(__file__).resolve().parents[2]
DOC_PATH = ROOT / "docs" / "openapi.json"


def served_document(api_module: ModuleType) -> dict[str, Any]:
    response = api_module.handler(rest_event("GET", "/api/openapi.json"), LambdaContext())
    assert response["statusCode"] == 200, response
    return json.loads(response["body"])


def render(document: dict[str, Any]) -> str:
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def main() -> None:
    import os

    from tests.conftest import TEST_ENV  # the functions' environment, as the tests' session fixture sets it
    from tests.support.apigw import load_handler_module

    os.environ.update(TEST_ENV)

    DOC_PATH.write_text(render(served_document(load_handler_module("api"))))
    print(f"wrote {DOC_PATH.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
