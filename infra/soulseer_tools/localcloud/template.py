"""What template.yaml declares, read into the dataclasses of `model` that the local cloud serves.

Each reader (functions, REST APIs, WebSocket APIs, tables) looks at one kind of resource; schedules and
state machines get readers of their own in the same style (a module in this package + a property here).
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cached_property
from pathlib import Path
from typing import Any

from soulseer_tools.localcloud.cfn_yaml import load_template_file
from soulseer_tools.localcloud.intrinsics import Resolver, TemplateError
from soulseer_tools.localcloud.model import Function, RestApi, Table, WebSocketApi
from soulseer_tools.localcloud.read_functions import read_functions
from soulseer_tools.localcloud.read_queues import Queue, QueueSource, read_queue_sources, read_queues
from soulseer_tools.localcloud.read_rest import read_rest_apis
from soulseer_tools.localcloud.read_schedules import Schedule, read_schedules
from soulseer_tools.localcloud.read_tables import read_tables
from soulseer_tools.localcloud.read_websocket import read_websocket_apis
from soulseer_tools.localcloud.stage import with_local_stage


class Template:
    """A template.yaml with its parameters applied (the local stage's values unless overridden)."""

    def __init__(self, path: Path, parameters: Mapping[str, str] | None = None) -> None:
        self.path = path.resolve()
        self.root = self.path.parent
        self.document = load_template_file(self.path)
        declared = self.document.get("Parameters") or {}
        self.resolver = Resolver(self.document, with_local_stage(declared, parameters or {}))

    def resources_of(self, *types: str) -> dict[str, dict[str, Any]]:
        resources: dict[str, dict[str, Any]] = self.document.get("Resources") or {}
        return {lid: res for lid, res in resources.items() if res.get("Type") in types}

    @cached_property
    def function_globals(self) -> dict[str, Any]:
        return ((self.document.get("Globals") or {}).get("Function")) or {}

    @cached_property
    def functions(self) -> dict[str, Function]:
        return read_functions(self)

    @cached_property
    def rest_apis(self) -> dict[str, RestApi]:
        return read_rest_apis(self)

    @cached_property
    def tables(self) -> dict[str, Table]:
        return read_tables(self)

    @cached_property
    def schedules(self) -> dict[str, Schedule]:
        return read_schedules(self)

    @cached_property
    def queues(self) -> dict[str, Queue]:
        return read_queues(self)

    @cached_property
    def queue_sources(self) -> dict[str, QueueSource]:
        return read_queue_sources(self, self.queues)

    @cached_property
    def websocket_apis(self) -> dict[str, WebSocketApi]:
        return read_websocket_apis(self)

    def websocket_api(self) -> WebSocketApi | None:
        """The template's WebSocket API, if it declares one (the local cloud serves at most one)."""
        if len(self.websocket_apis) > 1:
            raise TemplateError(f"Expected at most one WebSocket API, found {sorted(self.websocket_apis)}")
        return next(iter(self.websocket_apis.values()), None)

    def rest_api(self) -> RestApi:
        """The template's REST API (the local gateway serves one)."""
        if len(self.rest_apis) != 1:
            raise TemplateError(f"Expected exactly one REST API, found {sorted(self.rest_apis)}")
        return next(iter(self.rest_apis.values()))

    def env_union(self) -> dict[str, str]:
        """Every function's environment merged (functions share one local process)."""
        merged: dict[str, str] = {}
        for function in self.functions.values():
            merged.update(function.env)
        return merged
