"""What a reader sends to edit their profile (the API's input models; pydantic is imported only here and
in the API, not by the functions that merely read profiles)."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StrictInt, field_validator

Specialty = Annotated[str, Field(min_length=1, max_length=40, pattern=r"^[a-z0-9][a-z0-9 -]*$")]
Language = Annotated[str, Field(min_length=2, max_length=30, pattern=r"^[A-Za-z][A-Za-z ()-]*$")]


class Rates(BaseModel):
    model_config = ConfigDict(extra="forbid")
    chat_cents: StrictInt
    voice_cents: StrictInt
    video_cents: StrictInt


class ProfileInput(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    display_name: str = Field(min_length=1, max_length=80)
    bio: str = Field(default="", max_length=2000)
    specialties: list[Specialty] = Field(default_factory=list, max_length=10)
    languages: list[Language] = Field(default_factory=list, max_length=8)
    years_experience: StrictInt | None = Field(default=None, ge=0, le=80)
    avatar_url: str | None = Field(
        default=None,
        description="Always null: a photo comes only from an upload (POST /api/uploads), never from a URL.",
    )
    rates: Rates

    @field_validator("avatar_url", mode="before")
    @classmethod
    def _no_url(cls, value: object) -> None:
        """Only null is accepted (older clients send the field): a photo is never taken from a URL."""
        if value is not None:
            raise ValueError("a photo is uploaded (POST /api/uploads, purpose reader-photo), never given as a URL")
        return None
