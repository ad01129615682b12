"""The OpenAPI document is the contract: it equals the committed docs/openapi.json, describes exactly
template.yaml's routes with their auth, and declares every response in the one error shape."""

from __future__ import annotations

import json

from soulseer_tools.localcloud.template import Template
from tests.support.apigw import LambdaContext, rest_event
from tests.support.openapi_doc import DOC_PATH, render, served_document

METHODS = ("get", "put", "post", "delete", "patch")


def operations(document: dict):
    for path, item in document["paths"].items():
        for method, operation in item.items():
            if method in METHODS:
                yield path, method.upper(), operation


def test_committed_document_is_current(api_module) -> None:
    served = served_document(api_module)
    committed = json.loads(DOC_PATH.read_text())
    assert committed == served, "docs/openapi.json is stale: run `make openapi` and commit it"
    assert DOC_PATH.read_text() == render(served)


def test_openapi_paths_equal_template_routes(api_module, template: Template) -> None:
    document = served_document(api_module)
    documented = {(path, method) for path, method, _ in operations(document)}
    declared = {
        (route.path, route.method) for route in template.rest_api().routes if route.function_id == "ApiFunction"
    }
    assert documented == declared


def test_security_matches_template_auth(api_module, template: Template) -> None:
    document = served_document(api_module)
    assert document["components"]["securitySchemes"]["bearerAuth"] == {
        "type": "http",
        "scheme": "bearer",
        "bearerFormat": "JWT",
        "description": "A Clerk session token.",
    }
    assert document["security"] == [{"bearerAuth": []}]
    public = {(r.path, r.method) for r in template.rest_api().routes if r.authorizer is None}
    assert ("/api/docs", "GET") in public
    for path, method, operation in operations(document):
        if (path, method) in public:
            assert operation.get("security") == [], (path, method)
        else:
            assert "security" not in operation, (path, method)  # the document's bearer scheme applies
            assert "401" in operation["responses"], (path, method)


def test_every_response_is_typed_in_the_error_shape(api_module) -> None:
    document = served_document(api_module)
    schemas = document["components"]["schemas"]
    assert schemas["ErrorBody"]["properties"]["error"] == {"$ref": "#/components/schemas/ErrorDetail"}
    assert set(schemas["ErrorDetail"]["required"]) == {"code", "message"}
    assert "HTTPValidationError" not in schemas
    for path, method, operation in operations(document):
        responses = operation["responses"]
        assert "422" not in responses, (path, method)
        success = responses["200"]["content"]
        assert success, (path, method)
        for status, response in responses.items():
            if status != "200":
                assert response["content"]["application/json"]["schema"] == {
                    "$ref": "#/components/schemas/ErrorBody"
                }, (path, method, status)
        if "requestBody" in operation:
            assert {"400", "415"} <= set(responses), (path, method)
        if method in {"GET", "POST", "PUT"} and path != "/api/docs" and path != "/api/openapi.json":
            schema = success["application/json"]["schema"]
            assert "$ref" in schema or "anyOf" in schema, (path, method)


def test_routes_with_path_parameters_declare_404(api_module) -> None:
    """An id the router cannot match (a control character, say) is a 404 `route_not_found` on any such route."""
    for path, method, operation in operations(served_document(api_module)):
        if "{" in path:
            assert "404" in operation["responses"], (path, method)


def test_money_routes_declare_their_refusals(api_module) -> None:
    document = served_document(api_module)
    responses = {(path, method): set(op["responses"]) for path, method, op in operations(document)}
    assert {"402", "429"} <= responses[("/api/streams/{id}/gift", "POST")]
    assert {"402", "409", "429"} <= responses[("/api/products/{id}/purchase", "POST")]
    assert {"402", "404", "409", "429"} <= responses[("/api/sessions/start", "POST")]
    assert {"429"} <= responses[("/api/payments/add-balance", "POST")]


def test_openapi_documents_request_schemas(api_module) -> None:
    document = served_document(api_module)
    put_profile = document["paths"]["/api/readers/profile"]["put"]
    assert "requestBody" in put_profile
    schemas = document["components"]["schemas"]
    assert {"ProfileInput", "Rates", "ReaderView", "StartedReading"} <= set(schemas)
    assert schemas["Rates"]["properties"]["chat_cents"]["type"] == "integer"
    assert schemas["ReaderView"]["additionalProperties"] is False


def test_docs_page_inlines_swagger_ui(api_module) -> None:
    response = api_module.handler(rest_event("GET", "/api/docs"), LambdaContext())
    assert response["statusCode"] == 200
    assert response["multiValueHeaders"]["Content-Type"] == ["text/html"]
    html = response["body"]
    assert "SwaggerUIBundle" in html and '"/api/sessions/start"' in html
    assert "<script src=" not in html and 'rel="stylesheet"' not in html  # the assets are inlined
