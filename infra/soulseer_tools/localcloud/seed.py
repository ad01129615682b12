"""Demo data for the local cloud, written through the domain package (never around it).

Import this module only after the environment points at the local moto server: the soulseer models
read their table names at import time.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

DEMO_CLIENT = "user_demo_client"
DEMO_CLIENT_2 = "user_demo_client_2"
DEMO_ADMIN = "user_demo_admin"
DEMO_CLIENTS = ((DEMO_CLIENT, "Demo Client"), (DEMO_CLIENT_2, "Second Client"))


@dataclass(frozen=True)
class DemoReader:
    user_id: str
    display_name: str
    bio: str
    specialties: tuple[str, ...]
    rates: tuple[int, int, int]  # chat, voice, video: cents per minute
    online: bool
    ratings: tuple[int, ...]


DEMO_READERS: tuple[DemoReader, ...] = (
    DemoReader("user_demo_reader_1", "Madame Celestine",
               "Third-generation tarot reader. Gentle, direct, and always honest about what the cards show.",
               ("tarot", "love"), (199, 299, 399), True, (5, 5, 4, 5, 5)),
    DemoReader("user_demo_reader_2", "Orion Vale",
               "Astrologer charting careers and crossroads. Bring your birth time for the sharpest reading.",
               ("astrology", "career"), (249, 349, 449), True, (5, 4, 4, 5)),
    DemoReader("user_demo_reader_3", "Sister Maren",
               "Evidential medium. I connect with loved ones who have passed, with compassion and care.",
               ("mediumship",), (399, 499, 599), False, (5, 5, 5)),
    DemoReader("user_demo_reader_4", "Luna Okafor",
               "Dream interpreter and intuitive. What your nights are telling you, in plain words.",
               ("dreams", "tarot"), (149, 199, 299), True, (4, 4, 3, 5)),
    DemoReader("user_demo_reader_5", "Jasper Reyes",
               "Love and relationship readings: reconnection, new beginnings, and knowing when to let go.",
               ("love", "astrology"), (299, 399, 499), False, (4, 5)),
)  # fmt: skip


DEMO_REVIEWS: tuple[tuple[str, str], ...] = (
    ("Maya R.", "Calm, clear and kind. She saw what I had not said out loud."),
    ("Anonymous", "Straight answers and no fluff. I left with a plan."),
    ("Tom K.", "Helped me see the situation from the other side. Worth every minute."),
    ("Priya", "Warm and precise; the reading matched what happened next week."),
    ("Leo", "Good energy, though a little rushed at the end."),
)


def seed_demo_data() -> list[str]:
    """Create the demo users and readers; returns the user ids it wrote."""
    from soulseer.readers import ProfileInput, Rates, save_profile, set_status
    from soulseer.reviews import import_review
    from soulseer.users import set_role

    for client, _ in DEMO_CLIENTS:
        set_role(client, "client")
    set_role(DEMO_ADMIN, "admin")
    for reader in DEMO_READERS:
        set_role(reader.user_id, "reader")
        chat, voice, video = reader.rates
        save_profile(
            reader.user_id,
            ProfileInput(
                display_name=reader.display_name,
                bio=reader.bio,
                specialties=list(reader.specialties),
                rates=Rates(chat_cents=chat, voice_cents=voice, video_cents=video),
            ),
        )
        for n, stars in enumerate(reader.ratings):  # real review records: the rating derives from them
            name, text = DEMO_REVIEWS[(len(reader.user_id) + n) % len(DEMO_REVIEWS)]
            import_review(f"{reader.user_id}_{n}", reader.user_id, name, stars, text)
        set_status(reader.user_id, "offline")  # the online ones come online by connecting (demo_presence)
    return [user["user_id"] for user in demo_users()]


def demo_users() -> list[dict[str, str]]:
    """The seeded identities, for the dev sign-in page: clients, readers, the admin."""
    users = [{"user_id": user_id, "display_name": name, "role": "client"} for user_id, name in DEMO_CLIENTS]
    users += [{"user_id": r.user_id, "display_name": r.display_name, "role": "reader"} for r in DEMO_READERS]
    users.append({"user_id": DEMO_ADMIN, "display_name": "Demo Admin", "role": "admin"})
    return users


def demo_online_readers() -> list[str]:
    return [reader.user_id for reader in DEMO_READERS if reader.online]


DEMO_PRODUCTS: tuple[tuple[str, str, str, Literal["digital", "physical"], int, int], ...] = (
    # owner, name, description, kind, price in cents, inventory
    (DEMO_ADMIN, "Rider-Waite Tarot Deck", "The classic 78-card deck with a guidebook.", "physical", 2499, 25),
    (DEMO_ADMIN, "Full Moon Ritual Guide", "A downloadable guide to monthly rituals.", "digital", 999, 10_000),
    ("user_demo_reader_1", "Personal Tarot Spread (PDF)", "A three-card spread drawn for you.", "digital", 1500, 100),
)


def seed_demo_products() -> None:
    """Demo products, synced to the (local) Stripe like any other: run once the local Stripe listens."""
    from soulseer.products.catalog import ProductInput, create_product

    for owner, name, description, kind, price, inventory in DEMO_PRODUCTS:
        role = "admin" if owner == DEMO_ADMIN else "reader"
        body = ProductInput(name=name, description=description, kind=kind, price_cents=price, inventory=inventory)
        create_product(owner, role, body, key=f"demo:{name}")
