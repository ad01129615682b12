"""The generated OpenAPI document and template.yaml describe the same routes, with the same auth."""

from __future__ import annotations

import json

from soulseer_tools.localcloud.template import Template
from tests.support.apigw import LambdaContext, rest_event


def openapi_document(api_module) -> dict:
    response = api_module.handler(rest_event("GET", "/api/openapi.json"), LambdaContext())
    assert response["statusCode"] == 200
    return json.loads(response["body"])


def test_openapi_paths_equal_template_routes(aws, api_module, template: Template) -> None:
    document = openapi_document(api_module)
    documented = {(path, method.upper()) for path, operations in document["paths"].items() for method in operations}
    declared = {
        (route.path, route.method) for route in template.rest_api().routes if route.function_id == "ApiFunction"
    }
    assert documented == declared


def test_openapi_documents_request_schemas(aws, api_module) -> None:
    document = openapi_document(api_module)
    put_profile = document["paths"]["/api/readers/profile"]["put"]
    assert "requestBody" in put_profile
    schemas = document["components"]["schemas"]
    assert {"ProfileInput", "Rates"} <= set(schemas)
    assert schemas["Rates"]["properties"]["chat_cents"]["type"] == "integer"
