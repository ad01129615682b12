"""Products: admins sell for the platform, readers their own; each change is mirrored to Stripe first."""

from __future__ import annotations

from typing import cast

from pydantic import BaseModel, ConfigDict, Field, StrictInt
from pynamodb.expressions.update import Action

from soulseer import media
from soulseer.conditional import applied
from soulseer.errors import DomainError, ErrorCode
from soulseer.idempotency import derived_id
from soulseer.lifecycles import ProductStatus
from soulseer.models import ProductModel, utcnow
from soulseer.pagination import newest_first
from soulseer.products import stripe_sync
from soulseer.schemas.common import ImageView
from soulseer.schemas.products import PlatformSeller, ProductKind, ProductPage, ProductView, ReaderSeller, StripeRefs

PLATFORM = "platform"
LISTING = "product"
ACTIVE, ARCHIVED = ProductStatus.ACTIVE, ProductStatus.ARCHIVED
PRICE_MIN_CENTS, PRICE_MAX_CENTS = 50, 1_000_000
INVENTORY_MAX = 1_000_000
_LISTING_KEYS = frozenset({"product_id", "listing", "created_key"})
_OWNER_KEYS = frozenset({"product_id", "owner_listing", "created_key"})


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
    from soulseer.models import ReaderProfileModel

    try:
        return str(ReaderProfileModel.get(reader_id).display_name)
    except ReaderProfileModel.DoesNotExist:
        return "A reader"


def view(product: ProductModel) -> ProductView:
    image = media.product_image(product.product_id, product.image_id)
    return ProductView(
        product_id=product.product_id,
        seller=seller_of(product.owner_id, product.seller_name),
        image=ImageView(**image) if image else None,
        has_file=bool(product.file_key) if product.kind == "digital" else None,
        name=product.name,
        description=product.description,
        kind=cast(ProductKind, product.kind),  # validated by the model
        price_cents=int(product.price_cents),
        currency=stripe_sync.CURRENCY,
        inventory=int(product.inventory),
        in_stock=int(product.inventory) > 0,
        status=ProductStatus(product.status),
        stripe=StripeRefs(product_id=product.stripe_product_id, price_id=product.stripe_price_id),
        created_at=product.created_at.isoformat(),
        updated_at=product.updated_at.isoformat(),
    )


def load(product_id: str) -> ProductModel:
    try:
        return ProductModel.get(product_id, consistent_read=True)
    except ProductModel.DoesNotExist:
        raise DomainError(ErrorCode.PRODUCT_NOT_FOUND) from None


def get_product(product_id: str) -> ProductView:
    return view(load(product_id))


def list_products(reader_id: str | None, limit: int, cursor: str | None) -> ProductPage:
    """Active products, newest first; `reader_id` narrows to one seller (`platform` for the platform's)."""
    if reader_id is None:
        items, next_cursor = newest_first(ProductModel.listed.query, LISTING, "listing", _LISTING_KEYS, limit, cursor)
    else:
        items, next_cursor = newest_first(
            ProductModel.by_owner.query, reader_id, "owner_listing", _OWNER_KEYS, limit, cursor
        )
    return ProductPage(items=[view(item) for item in items], next_cursor=next_cursor)


def _editable(product_id: str, user_id: str, role: str) -> ProductModel:
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
    try:
        existing = ProductModel.get(product_id, consistent_read=True)
        return view(existing)  # the same request again
    except ProductModel.DoesNotExist:
        pass
    ids = stripe_sync.create_product(product_id, owner, body.name, body.description, body.kind, body.price_cents)
    now = utcnow()
    product = ProductModel(
        product_id,
        owner_id=owner,
        name=body.name,
        description=body.description,
        kind=body.kind,
        price_cents=body.price_cents,
        inventory=body.inventory,
        status=ACTIVE,
        listing=LISTING,
        owner_listing=owner,
        created_key=f"{now.isoformat()}#{product_id}",
        stripe_product_id=ids.product_id,
        stripe_price_id=ids.price_id,
        seller_name=None if owner == PLATFORM else _reader_name(owner),
        created_at=now,
        updated_at=now,
    )
    if not applied(lambda: product.save(condition=ProductModel.product_id.does_not_exist())):
        return get_product(product_id)
    return view(product)


def update_product(product_id: str, user_id: str, role: str, body: ProductUpdate) -> ProductView:
    """Changes name, description, price (a new Stripe Price) or inventory (the count in stock now)."""
    changes = body.model_dump(exclude_none=True)
    if not changes:
        raise DomainError(ErrorCode.NOTHING_TO_CHANGE)
    product = _editable(product_id, user_id, role)
    if product.status != ACTIVE:
        raise DomainError(ErrorCode.PRODUCT_ARCHIVED, "An archived product cannot be changed.")
    revision, version = int(product.revision), int(product.price_version)
    name = body.name if body.name is not None else product.name
    description = body.description if body.description is not None else product.description
    price = body.price_cents if body.price_cents is not None else int(product.price_cents)
    _check_price(price)
    actions: list[Action] = [ProductModel.revision.set(revision + 1), ProductModel.updated_at.set(utcnow())]
    price_changed = price != int(product.price_cents)
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
        actions += [ProductModel.name.set(name), ProductModel.description.set(description)]
        if price_changed:
            actions += [
                ProductModel.price_cents.set(price),
                ProductModel.price_version.set(version + 1),
                ProductModel.stripe_price_id.set(ids.price_id),
            ]
    if body.inventory is not None:
        actions.append(ProductModel.inventory.set(body.inventory))
    if not applied(
        lambda: product.update(
            actions=actions, condition=(ProductModel.revision == revision) & (ProductModel.status == ACTIVE)
        )
    ):
        raise DomainError(ErrorCode.PRODUCT_CHANGED) from None
    return view(product)


def archive_product(product_id: str, user_id: str, role: str) -> ProductView:
    """Takes the product off sale (here and in Stripe); orders keep it. Archiving twice is a no-op."""
    product = _editable(product_id, user_id, role)
    if product.status == ARCHIVED:
        return view(product)
    stripe_sync.archive_product(product_id, str(product.stripe_product_id))
    if not applied(
        lambda: product.update(
            actions=[
                ProductModel.status.set(ARCHIVED),
                ProductModel.listing.remove(),
                ProductModel.owner_listing.remove(),
                ProductModel.revision.add(1),
                ProductModel.updated_at.set(utcnow()),
            ],
            condition=ProductModel.status == ACTIVE,
        )
    ):
        product.refresh(consistent_read=True)
    return view(product)


def _set(product_id: str, actions: list[Action]) -> ProductView:
    product = ProductModel(product_id)
    applied(
        lambda: product.update(
            actions=[*actions, ProductModel.updated_at.set(utcnow())], condition=ProductModel.product_id.exists()
        )
    )
    return get_product(product_id)


def set_image(product_id: str, image_id: str) -> ProductView:
    """The media function stored the image's sizes: it becomes the product's image."""
    return _set(product_id, [ProductModel.image_id.set(image_id)])


def set_file(product_id: str, key: str, content_type: str) -> ProductView:
    """A digital product's file arrived: buyers download it (a short-lived link) from now on."""
    return _set(product_id, [ProductModel.file_key.set(key), ProductModel.file_type.set(content_type)])
