"""The gift catalog, from configuration: GIFT_CATALOG is `name:cents[:Display name[:icon]],...` (the display
name defaults to the name in words, the icon to a gift box)."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

from soulseer.config import StreamSettings, settings_for
from soulseer.errors import DomainError, ErrorCode

if TYPE_CHECKING:
    from soulseer.schemas.streams import GiftCatalog

_ITEM = re.compile(
    r"^(?P<name>[a-z][a-z0-9-]{0,39}):(?P<cents>[1-9][0-9]{0,6})(?::(?P<label>[^:,]{1,40}))?(?::(?P<icon>[^:,]{1,8}))?$"
)
DEFAULT_ICON = "\N{WRAPPED PRESENT}"
# Icons of the usual gifts, so the template's parameter can stay ASCII (CloudFormation tools mangle emoji)
KNOWN_ICONS = {
    "rose": "\N{ROSE}",
    "heart": "\N{PURPLE HEART}",
    "star": "\N{WHITE MEDIUM STAR}",
    "crystal-ball": "\N{CRYSTAL BALL}",
    "full-moon": "\N{FULL MOON SYMBOL}",
}


def parse_entries(raw: str) -> dict[str, tuple[int, str, str]]:
    """Gift name -> (price in whole cents, display name, icon); a malformed catalog is a deployment error."""
    catalog: dict[str, tuple[int, str, str]] = {}
    for part in (piece.strip() for piece in raw.split(",")):
        match = _ITEM.match(part)
        if not match or match["name"] in catalog:
            raise RuntimeError(f"GIFT_CATALOG entry {part!r} is not a unique name:cents[:label[:icon]]")
        label = (match["label"] or match["name"].replace("-", " ").capitalize()).strip()
        icon = (match["icon"] or KNOWN_ICONS.get(match["name"], DEFAULT_ICON)).strip()
        catalog[match["name"]] = (int(match["cents"]), label, icon)
    return catalog


def parse_catalog(raw: str) -> dict[str, int]:
    """Gift name -> price in whole cents."""
    return {name: cents for name, (cents, _, _) in parse_entries(raw).items()}


@lru_cache(maxsize=1)
def gift_entries() -> dict[str, tuple[int, str, str]]:
    return parse_entries(settings_for(StreamSettings).GIFT_CATALOG)


def gift_catalog() -> dict[str, int]:
    return {name: cents for name, (cents, _, _) in gift_entries().items()}


def label_of(gift: str) -> tuple[str, str]:
    """(display name, icon) of a gift."""
    _, label, icon = gift_entries().get(gift, (0, gift, DEFAULT_ICON))
    return label, icon


def price_of(gift: str) -> int:
    price = gift_catalog().get(gift)
    if price is None:
        raise DomainError(
            ErrorCode.UNKNOWN_GIFT, f"There is no gift called {gift!r}.", details={"gifts": sorted(gift_catalog())}
        )
    return price


def public_catalog() -> GiftCatalog:
    from soulseer.schemas.streams import GiftCatalog, GiftPrice  # the API's only: ws gifts skip pydantic

    items = [
        GiftPrice(gift=name, price_cents=cents, label=label, icon=icon)
        for name, (cents, label, icon) in gift_entries().items()
    ]
    confirm = settings_for(StreamSettings).GIFT_CONFIRM_ABOVE_CENTS
    return GiftCatalog(currency="usd", items=items, confirm_above_cents=confirm)
