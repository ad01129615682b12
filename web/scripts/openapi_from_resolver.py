"""Prints the API's OpenAPI document from the resolver (used until docs/openapi.json exists)."""

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

import tests.conftest  # noqa: E402,F401  (the functions' environment, as the tests set it)
from tests.support.apigw import load_handler_module  # noqa: E402

api = load_handler_module("api")
document = api.app.get_openapi_schema(title=api.OPENAPI_TITLE, version="1.0.0")
print(json.dumps(document.model_dump(mode="json", by_alias=True, exclude_none=True), indent=2))
