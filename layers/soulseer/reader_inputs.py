"""What a reader sends to edit their profile (the API's input models; pydantic is imported only here and
in the API, not by the functions that merely read profiles)."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StrictInt

Specialty = Annotated[str, Field(min_length=1, max_length=40, pattern=r"^[a-z0-9][a-z0-9 -]*$")]


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
    avatar_url: str | None = Field(default=None, max_length=500, pattern=r"^https://\S+$")
    rates: Rates
