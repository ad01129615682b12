"""The api function imports its route modules lazily (`soulseer.web.LazyRoutes`): the table of areas in
functions/api/app.py matches the routes, and whatever order areas are first used in, the resolver ends
with the routes, their order and the preflight's methods of including every module at init."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from soulseer.web import area_of
from tests.support.apigw import LambdaContext, rest_event
from tests.support.openapi_doc import served_document

ROOT = Path(__file__).resolve().parents[2]

# In a fresh interpreter: init imports no route module; each area imports its own modules only; a path in
# no area imports them all. Prints what was imported when, the routes in order, and the eager order.
PROBE = """
import json, sys
import tests.conftest  # noqa: F401  (the test environment)
from tests.support.apigw import LambdaContext, load_handler_module, rest_event

def loaded():
    return sorted(name for name in sys.modules if name.endswith("_routes"))

api = load_handler_module("api")
steps = {"init": loaded()}
preflight = api.handler(rest_event("OPTIONS", "/api/payments/topup", headers={"Origin": "http://localhost:5173",
    "Access-Control-Request-Method": "POST"}), LambdaContext())
steps["preflight"] = loaded()
api.routes.load_for("/api/streams/live")
steps["streams"] = loaded()
api.routes.load_for("/api/sessions/ses_1/end")
steps["sessions"] = loaded()
api.routes.load_for("/api/openapi.json")
steps["all"] = loaded()

def pairs(routes):
    return [[route.method, route.path] for route in routes]

eager_static, eager_dynamic = [], []
for module in api.ROUTE_MODULES:
    for key in module.load()._routes:
        for method in key[1]:
            (eager_dynamic if "<" in key[0] else eager_static).append([method.upper(), key[0]])
own = [r for r in api.app._static_routes + api.app._dynamic_routes if r.func not in api.routes._rank]
print(json.dumps({
    "steps": steps,
    "preflight_methods": [preflight["statusCode"], ",".join(
        (preflight.get("multiValueHeaders") or {}).get("Access-Control-Allow-Methods")
        or [(preflight.get("headers") or {}).get("Access-Control-Allow-Methods", "")]
    )],
    "static": pairs(api.app._static_routes),
    "dynamic": pairs(api.app._dynamic_routes),
    "eager_static": eager_static + pairs(r for r in own if not r.rule.groups),
    "eager_dynamic": eager_dynamic + pairs(r for r in own if r.rule.groups),
}))
"""


def _probe() -> dict[str, Any]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "layers"), str(ROOT / "infra"), str(ROOT)])}
    done = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, env=env, capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_route_modules_load_per_area_and_end_in_the_eager_order() -> None:
    found = _probe()
    steps = found["steps"]
    assert steps["init"] == [] and steps["preflight"] == ["payments_routes"]
    assert steps["streams"] == ["payments_routes", "streams_routes"]
    assert set(steps["sessions"]) - set(steps["streams"]) == {
        "sessions_routes",
        "disputes_routes",
        "requests_routes",
        "reviews_routes",
    }
    assert len(steps["all"]) == len(list((ROOT / "functions" / "api").glob("*_routes.py")))  # every one
    assert found["static"] == found["eager_static"]
    assert found["dynamic"] == found["eager_dynamic"]
    status, allowed_methods = found["preflight_methods"]
    allowed = {m.strip() for m in allowed_methods.split(",")}
    assert status == 204 and allowed == {"OPTIONS", "GET", "POST", "PUT", "DELETE"}


def test_the_area_table_matches_the_routes(api_module: Any) -> None:
    served_document(api_module)  # the document loads every module
    routes, app = api_module.routes, api_module.app
    used: dict[int, set[str]] = {n: set() for n in range(len(api_module.ROUTE_MODULES))}
    own = []
    for route in app._static_routes + app._dynamic_routes:
        rank = routes._rank.get(route.func)
        if rank is None:
            own.append(route.path)
        else:
            used[rank].add(area_of(route.path))
        assert "<" not in area_of(route.path), route.path  # an area is literal: no route spans areas
    assert {n: set(module.areas) for n, module in enumerate(api_module.ROUTE_MODULES)} == used
    assert sorted(own) == ["/api/docs", "/api/me", "/api/openapi.json"]
    methods = {route.method for route in app._static_routes + app._dynamic_routes}
    assert app._cors_methods == {"OPTIONS", *methods} == {"OPTIONS", *api_module.CORS_METHODS}


def test_unknown_routes_are_404_in_the_error_shape(api_module: Any) -> None:
    for method, path in (
        ("GET", "/api/streams/a/b/c"),
        ("DELETE", "/api/streams/live"),
        ("GET", "/api/nowhere"),
        ("GET", "/elsewhere"),
    ):
        response = api_module.handler(rest_event(method, path), LambdaContext())
        assert response["statusCode"] == 404, (method, path, response)
        assert json.loads(response["body"])["error"]["code"] == "route_not_found"
