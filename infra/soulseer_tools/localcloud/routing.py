"""API Gateway resource matching: literal segments beat {param}, which beats a greedy {proxy+}."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import unquote

from soulseer_tools.localcloud.model import Route

_LITERAL, _PARAM, _GREEDY = 0, 1, 2


def _segments(path: str) -> list[str]:
    return [segment for segment in path.split("/") if segment]


def _kind(segment: str) -> int:
    if segment.startswith("{") and segment.endswith("+}"):
        return _GREEDY
    if segment.startswith("{") and segment.endswith("}"):
        return _PARAM
    return _LITERAL


@dataclass(frozen=True)
class Match:
    resource: str  # the template path, e.g. /api/readers/{id}
    path_parameters: dict[str, str]
    methods: dict[str, Route]  # the resource's methods (upper case; ANY possible)

    def route_for(self, method: str) -> Route | None:
        return self.methods.get(method.upper()) or self.methods.get("ANY")


class RouteTable:
    """Resources and their methods, matched against request paths the way API Gateway does."""

    def __init__(self, routes: Iterable[Route]) -> None:
        self.resources: dict[str, dict[str, Route]] = {}
        for route in routes:
            self.resources.setdefault(route.path, {})[route.method] = route
        self._shapes = {path: _segments(path) for path in self.resources}

    def match(self, raw_path: str) -> Match | None:
        """The most specific resource for a (still percent-encoded) request path."""
        request = [unquote(segment) for segment in _segments(raw_path)]
        best: tuple[tuple[int, ...], str, dict[str, str]] | None = None
        for resource, shape in self._shapes.items():
            params = _bind(shape, request)
            if params is None:
                continue
            rank = tuple(_kind(segment) for segment in shape)
            if best is None or rank < best[0]:
                best = (rank, resource, params)
        if best is None:
            return None
        _, resource, params = best
        return Match(resource=resource, path_parameters=params, methods=self.resources[resource])


def _bind(shape: list[str], request: list[str]) -> dict[str, str] | None:
    """Path parameters if the request path fits the resource shape, else None."""
    params: dict[str, str] = {}
    for index, segment in enumerate(shape):
        kind = _kind(segment)
        if kind == _GREEDY:
            if index >= len(request):
                return None  # {proxy+} needs at least one segment
            params[segment[1:-2]] = "/".join(request[index:])
            return params
        if index >= len(request):
            return None
        if kind == _PARAM:
            params[segment[1:-1]] = request[index]
        elif segment != request[index]:
            return None
    return params if len(shape) == len(request) else None
