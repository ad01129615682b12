"""Products: admins sell for the platform, readers their own; each change is mirrored to Stripe first."""

from __future__ import annotations

from typing import cast

from pydantic import BaseModel, ConfigDict, Field, StrictInt

from soulseer import media, readers
from soulseer.errors import DomainError, ErrorCode
from soulseer.idempotency import derived_id
from soulseer.lifecycles import ProductStatus
from soulseer.products import stripe_sync
from soulseer.schemas.common import ImageView
from soulseer.schemas.products import PlatformSeller, ProductKind, ProductPage, ProductView, ReaderSeller, StripeRefs
from soulseer.stores import products as store
from soulseer.stores.products import Product

PLATFORM = "platform"
ACTIVE, ARCHIVED = ProductStatus.ACTIVE, ProductStatus.ARCHIVED
PRICE_MIN_CENTS, PRICE_MAX_CENTS = 50, 1_000_000
INVENTORY_MAX = 1_000_000


class ProductInput(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    name: str = Field(min_length=1, max_length=120)
    description: str = Field(default="", max_length=2000)
    kind: ProductKind
    price_cents: StrictInt
    inventory: StrictInt = Field(ge=0, le=INVENTORY_MAX)


class ProductUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    name: str | None = Field(default=None, min_length=1, max_length=120)
    description: str | None = Field(default=None, max_length=2000)
    price_cents: StrictInt | None = None
    inventory: StrictInt | None = Field(default=None, ge=0, le=INVENTORY_MAX)


def _check_price(price_cents: int) -> None:
    if not PRICE_MIN_CENTS <= price_cents <= PRICE_MAX_CENTS:
        raise DomainError(
            ErrorCode.PRICE_OUT_OF_BOUNDS,
            f"A price is between {PRICE_MIN_CENTS} and {PRICE_MAX_CENTS} cents.",
            details={"min_cents": PRICE_MIN_CENTS, "max_cents": PRICE_MAX_CENTS},
        )


PLATFORM_NAME = "SoulSeer"


def seller_of(owner_id: str, name: str | None) -> PlatformSeller | ReaderSeller:
    if owner_id == PLATFORM:
        return PlatformSeller(type="platform", name=PLATFORM_NAME)
    return ReaderSeller(type="reader", id=owner_id, name=name or _reader_name(owner_id))


def _reader_name(reader_id: str) -> str:
    profile = readers.find_item(reader_id)
    return "A reader" if profile is None else str(profile.display_name)


def view(product: Product) -> ProductView:
    image = media.product_image(product.product_id, product.image_id)
    return ProductView(
        product_id=product.product_id,
        seller=seller_of(product.owner_id, product.seller_name),
        image=ImageView(**image) if image else None,
        has_file=bool(product.file_key) if product.kind == "digital" else None,
        name=product.name,
        description=product.description,
        kind=cast(ProductKind, product.kind),  # validated by the model
        price_cents=product.price_cents,
        currency=stripe_sync.CURRENCY,
        inventory=product.inventory,
        in_stock=product.inventory > 0,
        status=product.status,
        stripe=StripeRefs(product_id=product.stripe_product_id, price_id=product.stripe_price_id),
        created_at=product.created_at.isoformat(),
        updated_at=product.updated_at.isoformat(),
    )


def load(product_id: str) -> Product:
    product = store.find_product(product_id)
    if product is None:
        raise DomainError(ErrorCode.PRODUCT_NOT_FOUND)
    return product


def get_product(product_id: str) -> ProductView:
    return view(load(product_id))


def list_products(reader_id: str | None, limit: int, cursor: str | None) -> ProductPage:
    """Active products, newest first; `reader_id` narrows to one seller (`platform` for the platform's)."""
    items, next_cursor = store.listed_products(reader_id, limit, cursor)
    return ProductPage(items=[view(item) for item in items], next_cursor=next_cursor)


def _editable(product_id: str, user_id: str, role: str) -> Product:
    product = load(product_id)
    if role != "admin" and product.owner_id != user_id:
        raise DomainError(ErrorCode.FORBIDDEN, "Only the product's seller or an admin can change it.")
    return product


def create_product(user_id: str, role: str, body: ProductInput, key: str | None) -> ProductView:
    """Readers create their own products; an admin's belong to the platform. Stripe first, then the record:
    a failed Stripe call leaves nothing here, and a retry with the same Idempotency-Key repeats it safely."""
    _check_price(body.price_cents)
    owner = user_id if role == "reader" else PLATFORM
    product_id = derived_id("prod", key, user_id)
    existing = store.find_product(product_id)
    if existing is not None:
        return view(existing)  # the same request again
    ids = stripe_sync.create_product(product_id, owner, body.name, body.description, body.kind, body.price_cents)
    product = store.add_product(
        product_id,
        owner,
        name=body.name,
        description=body.description,
        kind=body.kind,
        price_cents=body.price_cents,
        inventory=body.inventory,
        stripe_product_id=ids.product_id,
        stripe_price_id=ids.price_id,
        seller_name=None if owner == PLATFORM else _reader_name(owner),
    )
    return get_product(product_id) if product is None else view(product)


def update_product(product_id: str, user_id: str, role: str, body: ProductUpdate) -> ProductView:
    """Changes name, description, price (a new Stripe Price) or inventory (the count in stock now)."""
    changes = body.model_dump(exclude_none=True)
    if not changes:
        raise DomainError(ErrorCode.NOTHING_TO_CHANGE)
    product = _editable(product_id, user_id, role)
    if product.status != ACTIVE:
        raise DomainError(ErrorCode.PRODUCT_ARCHIVED, "An archived product cannot be changed.")
    revision, version = product.revision, product.price_version
    name = body.name if body.name is not None else product.name
    description = body.description if body.description is not None else product.description
    price = body.price_cents if body.price_cents is not None else product.price_cents
    _check_price(price)
    price_changed = price != product.price_cents
    described: tuple[str, str] | None = None
    new_price: tuple[int, int, str] | None = None
    if name != product.name or description != product.description or price_changed:
        try:
            ids = stripe_sync.update_product(
                product_id,
                stripe_sync.StripeIds(str(product.stripe_product_id), str(product.stripe_price_id)),
                revision + 1,
                name=name,
                description=description,
                new_price=(version + 1, price) if price_changed else None,
            )
        except DomainError as error:  # the same revision was just written with other values
            if error.code is not ErrorCode.IDEMPOTENCY_KEY_REUSED:
                raise
            raise DomainError(ErrorCode.PRODUCT_CHANGED) from None
        described = (name, description)
        if price_changed:
            new_price = (price, version + 1, ids.price_id)
    changed = store.change_product(
        product,
        name=described[0] if described else None,
        description=described[1] if described else None,
        price=new_price,
        inventory=body.inventory,
    )
    if changed is None:
        raise DomainError(ErrorCode.PRODUCT_CHANGED)
    return view(changed)


def archive_product(product_id: str, user_id: str, role: str) -> ProductView:
    """Takes the product off sale (here and in Stripe); orders keep it. Archiving twice is a no-op."""
    product = _editable(product_id, user_id, role)
    if product.status == ARCHIVED:
        return view(product)
    stripe_sync.archive_product(product_id, str(product.stripe_product_id))
    archived = store.archive_product(product_id)
    return view(archived if archived is not None else load(product_id))


def set_image(product_id: str, image_id: str) -> ProductView:
    """The media function stored the image's sizes: it becomes the product's image."""
    store.set_media(product_id, image_id=image_id)
    return get_product(product_id)


def set_file(product_id: str, key: str, content_type: str) -> ProductView:
    """A digital product's file arrived: buyers download it (a short-lived link) from now on."""
    store.set_media(product_id, file=(key, content_type))
    return get_product(product_id)
