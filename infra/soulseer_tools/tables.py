"""Plain-text tables for operator commands (readable in a terminal; `--json` gives the raw answer)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any


def money(cents: Any) -> str:
    """Whole cents as dollars, without floating point: 123456 -> $1,234.56, -5 -> -$0.05."""
    if not isinstance(cents, int) or isinstance(cents, bool):
        return "-"
    sign, value = ("-" if cents < 0 else ""), abs(cents)
    return f"{sign}${value // 100:,}.{value % 100:02d}"


def cell(value: Any, width: int | None = None) -> str:
    text = "-" if value is None or value == "" else str(value)
    text = " ".join(text.split())
    if width is not None and len(text) > width:
        return text[: width - 1] + "…"
    return text


def table(
    rows: Iterable[Mapping[str, Any]], columns: Sequence[tuple[str, str]], widths: Mapping[str, int] | None = None
) -> str:
    """`columns` are (key, header); a key's cell is cut to `widths[key]` characters when given."""
    widths = widths or {}
    body = [[cell(row.get(key), widths.get(key)) for key, _ in columns] for row in rows]
    headers = [header for _, header in columns]
    sizes = [max([len(headers[i]), *(len(line[i]) for line in body)]) for i in range(len(columns))]
    lines = ["  ".join(text.ljust(sizes[i]) for i, text in enumerate(line)).rstrip() for line in [headers, *body]]
    lines.insert(1, "  ".join("-" * size for size in sizes))
    return "\n".join(lines)


def pairs(items: Iterable[tuple[str, Any]]) -> str:
    """A two-column key/value listing."""
    rows = list(items)
    width = max((len(key) for key, _ in rows), default=0)
    return "\n".join(f"{key.ljust(width)}  {cell(value)}" for key, value in rows)
