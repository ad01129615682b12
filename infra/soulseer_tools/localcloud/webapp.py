"""The built web app (web/dist) and its runtime config.json, served the way CloudFront serves them.

Files are served from the build directory with their content types; any other GET (a deep link such as
/readers/abc, or a file that does not exist) gets index.html with 200, as the distribution's custom
error responses (403/404 -> /index.html, 200) in template.yaml do.
index.html and config.json are never cached (a rebuild or a restart on other ports shows at once);
Vite's content-hashed files under /assets/ are cached for a year. Without a build, every page explains
how to make one.
"""

from __future__ import annotations

import json
import mimetypes
from collections.abc import Awaitable, Callable
from pathlib import Path, PurePosixPath
from typing import Any

from aiohttp import web

CONFIG_PATH = "/config.json"
NO_CACHE = "no-cache, no-store, must-revalidate"
IMMUTABLE = "public, max-age=31536000, immutable"
_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".json": "application/json",
    ".map": "application/json",
    ".svg": "image/svg+xml",
    ".webmanifest": "application/manifest+json",
    ".wasm": "application/wasm",
    ".txt": "text/plain; charset=utf-8",
    ".ico": "image/x-icon",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".webp": "image/webp",
    ".woff2": "font/woff2",
    ".woff": "font/woff",
    ".mp3": "audio/mpeg",
    ".wav": "audio/wav",
    ".ogg": "audio/ogg",
}
HEADERS = {"X-Content-Type-Options": "nosniff", "Referrer-Policy": "strict-origin-when-cross-origin"}

PLACEHOLDER = """<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>SoulSeer (web app not built)</title><link rel="icon" href="data:,">
<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;color:#1b1530}
code{background:#eee;padding:.1rem .3rem}</style></head>
<body><main>
<h1>SoulSeer: the web app is not built yet</h1>
<p>The local cloud is running, but <code>__DIST__</code> does not exist.</p>
<p>Run <code>make run</code> (it builds the web app, then starts the local cloud), or build it alone with
<code>cd web &amp;&amp; npm ci &amp;&amp; npm run build</code> and reload this page.</p>
<p>The API answers at <a id="api" href="#">&hellip;</a> (from <code>/config.json</code>).</p>
</main>
<script>
fetch("/config.json").then(function (r) { return r.json(); }).then(function (config) {
  var link = document.getElementById("api");
  link.textContent = config.apiUrl;
  link.href = config.apiUrl + "/api/openapi.json";
});
</script>
</body></html>
"""


def content_type(path: Path) -> str:
    known = _TYPES.get(path.suffix.lower())
    if known:
        return known
    guessed, _ = mimetypes.guess_type(path.name)
    return guessed or "application/octet-stream"


MediaSource = Callable[[str], Awaitable[tuple[bytes, str] | None]]


class WebApp:
    """`config` is the runtime config.json document; `dist` the build directory (it may appear later);
    `media` reads a processed upload by its bucket key, for /media/* (the distribution's media origin)."""

    def __init__(self, dist: Path, config: dict[str, Any], media: MediaSource | None = None) -> None:
        self.dist = dist.resolve()
        self.config_body = json.dumps(config, indent=2).encode() + b"\n"
        self.media_source = media

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_get(CONFIG_PATH, self.config)
        if self.media_source is not None:
            app.router.add_get("/media/{tail:.*}", self.media)
        app.router.add_route("*", "/{tail:.*}", self.serve)
        return app

    async def media(self, request: web.Request) -> web.Response:
        assert self.media_source is not None
        found = await self.media_source(request.path.lstrip("/"))
        if found is None:
            return web.Response(status=404, headers={**HEADERS, "Cache-Control": NO_CACHE})
        body, kind = found
        return web.Response(body=body, headers={**HEADERS, "Cache-Control": IMMUTABLE, "Content-Type": kind})

    async def config(self, _: web.Request) -> web.Response:
        headers = {**HEADERS, "Cache-Control": NO_CACHE}
        return web.Response(body=self.config_body, content_type="application/json", headers=headers)

    def _file(self, relative: PurePosixPath) -> Path | None:
        if any(part in ("..", "") for part in relative.parts):
            return None
        candidate = (self.dist / relative).resolve()
        if not candidate.is_relative_to(self.dist) or not candidate.is_file():
            return None
        return candidate

    async def serve(self, request: web.Request) -> web.StreamResponse:
        if request.method not in ("GET", "HEAD"):
            return web.Response(status=405, headers={**HEADERS, "Allow": "GET, HEAD"})
        relative = PurePosixPath(request.path.lstrip("/"))
        found = self._file(relative) if relative.parts else None
        index = self.dist / "index.html"
        if not index.is_file():
            page = PLACEHOLDER.replace("__DIST__", str(self.dist))
            headers = {**HEADERS, "Cache-Control": NO_CACHE}
            return web.Response(text=page, content_type="text/html", charset="utf-8", headers=headers)
        found = found or index
        cache = IMMUTABLE if found.parent.name == "assets" and found != index else NO_CACHE
        headers = {**HEADERS, "Cache-Control": cache, "Content-Type": content_type(found)}
        return web.FileResponse(found, headers=headers)
