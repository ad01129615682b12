"""The web app's main bundle, gzipped: the entry script that web/dist/index.html loads (if built)."""

from __future__ import annotations

import gzip
import re
from pathlib import Path
from typing import Any

DIST = Path(__file__).resolve().parents[1] / "web" / "dist"


def measure(dist: Path = DIST) -> dict[str, Any]:
    index = dist / "index.html"
    if not index.exists():
        return {"built": False, "note": "web/dist is not built (cd web && npm run build)"}
    scripts = re.findall(r'<script[^>]+src="([^"]+\.js)"', index.read_text())
    entry = dist / scripts[0].lstrip("/") if scripts else None
    if entry is None or not entry.exists():
        candidates = sorted((dist / "assets").glob("*.js"), key=lambda p: p.stat().st_size, reverse=True)
        entry = candidates[0] if candidates else None
    if entry is None:
        return {"built": True, "note": "no script found in web/dist"}
    raw = entry.read_bytes()
    all_js = list(dist.rglob("*.js"))
    return {
        "built": True,
        "entry": str(entry.relative_to(dist)),
        "bytes": len(raw),
        "gzip_bytes": len(gzip.compress(raw, compresslevel=9)),
        "all_js_gzip_bytes": sum(len(gzip.compress(p.read_bytes(), compresslevel=9)) for p in all_js),
        "js_files": len(all_js),
    }
