"""The gift catalog, from configuration: GIFT_CATALOG is `name:cents,name:cents,...`."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

from soulseer.config import StreamSettings, settings_for
from soulseer.errors import DomainError, ErrorCode

if TYPE_CHECKING:
    from soulseer.schemas.streams import GiftCatalog

_ITEM = re.compile(r"^(?P<name>[a-z][a-z0-9-]{0,39}):(?P<cents>[1-9][0-9]{0,6})$")


def parse_catalog(raw: str) -> dict[str, int]:
    """Gift name -> price in whole cents; a malformed catalog is a deployment error, raised at once."""
    catalog: dict[str, int] = {}
    for part in (piece.strip() for piece in raw.split(",")):
        match = _ITEM.match(part)
        if not match or match["name"] in catalog:
            raise RuntimeError(f"GIFT_CATALOG entry {part!r} is not a unique name:cents")
        catalog[match["name"]] = int(match["cents"])
    return catalog


@lru_cache(maxsize=1)
def gift_catalog() -> dict[str, int]:
    return parse_catalog(settings_for(StreamSettings).GIFT_CATALOG)


def price_of(gift: str) -> int:
    price = gift_catalog().get(gift)
    if price is None:
        raise DomainError(
            ErrorCode.UNKNOWN_GIFT, f"There is no gift called {gift!r}.", details={"gifts": sorted(gift_catalog())}
        )
    return price


def public_catalog() -> GiftCatalog:
    from soulseer.schemas.streams import GiftCatalog, GiftPrice  # the API's only: ws gifts skip pydantic

    items = [GiftPrice(gift=name, price_cents=cents) for name, cents in gift_catalog().items()]
    return GiftCatalog(currency="usd", items=items)
