"""Typed access to decoded request parameters, with Stripe's validation messages.

Unknown top-level parameters are refused as Stripe does ("Received unknown parameter"); the set of
known names comes from the installed SDK's `stripe.params.<Name>Params` TypedDicts, so the fake is
never stricter than the real API about which parameters exist.
"""

from __future__ import annotations

import functools
import re
from typing import Any

from .errors import invalid
from .errors import required as missing_param

_REQUEST_OPTION_KEYS = frozenset(
    {
        "api_key",
        "stripe_version",
        "stripe_account",
        "stripe_context",
        "max_network_retries",
        "idempotency_key",
        "content_type",
        "headers",
    }
)
_CURRENCY = re.compile(r"^[a-zA-Z]{3}$")
_INT = re.compile(r"^-?\d+$")
METADATA_MAX_KEYS = 50
METADATA_MAX_KEY = 40
METADATA_MAX_VALUE = 500


@functools.cache
def sdk_param_names(class_name: str) -> frozenset[str] | None:
    """Top-level parameter names the SDK declares for an endpoint, or None if it has no such class."""
    try:
        import stripe.params as sdk_params
    except ImportError:  # pragma: no cover - stripe is a project dependency
        return None
    cls = getattr(sdk_params, class_name, None)
    if cls is None:
        return None
    names: set[str] = set()
    for klass in getattr(cls, "__mro__", (cls,)):
        names.update(getattr(klass, "__annotations__", {}))
    return frozenset(names - _REQUEST_OPTION_KEYS) | {"expand"}


class Params:
    """The decoded parameters of one request."""

    def __init__(self, data: dict[str, Any], known: str | frozenset[str] | None = None) -> None:
        self.data = data
        names = sdk_param_names(known) if isinstance(known, str) else known
        if names is not None:
            for name in data:
                if name not in names:
                    raise invalid(f"Received unknown parameter: {name}", param=name, code="parameter_unknown")

    def has(self, name: str) -> bool:
        return name in self.data

    def raw(self, name: str, default: Any = None) -> Any:
        return self.data.get(name, default)

    def string(self, name: str, *, required: bool = False, default: str | None = None) -> str | None:
        value = self.data.get(name)
        if value is None or value == "":
            if required:
                raise missing_param(name)
            return default
        if not isinstance(value, str):
            raise invalid(f"Invalid string: {name} must be a string", param=name)
        return value

    def req_string(self, name: str) -> str:
        value = self.string(name, required=True)
        assert value is not None
        return value

    def integer(self, name: str, *, required: bool = False, minimum: int | None = None) -> int | None:
        value = self.data.get(name)
        if value is None or value == "":
            if required:
                raise missing_param(name)
            return None
        if not isinstance(value, str) or not _INT.match(value):
            raise invalid(f"Invalid integer: {value}", param=name)
        number = int(value)
        if minimum is not None and number < minimum:
            raise invalid(
                f"This value must be greater than or equal to {minimum}.",
                param=name,
                code="parameter_invalid_integer",
            )
        return number

    def req_integer(self, name: str, *, minimum: int | None = None) -> int:
        value = self.integer(name, required=True, minimum=minimum)
        assert value is not None
        return value

    def boolean(self, name: str, default: bool = False) -> bool:
        value = self.data.get(name)
        if value is None or value == "":
            return default
        if isinstance(value, bool):  # a JSON body (the /_local endpoints accept JSON)
            return value
        if value in ("true", "True", "1"):
            return True
        if value in ("false", "False", "0"):
            return False
        raise invalid(f"Invalid boolean: {value}", param=name)

    def enum(self, name: str, choices: tuple[str, ...], default: str | None = None) -> str | None:
        value = self.string(name, default=default)
        if value is not None and value not in choices:
            raise invalid(f"Invalid {name}: must be one of {', '.join(choices)}", param=name, code="parameter_invalid")
        return value

    def currency(self, name: str = "currency", *, required: bool = True) -> str | None:
        value = self.string(name, required=required)
        if value is None:
            return None
        if not _CURRENCY.match(value):
            raise invalid(f"Invalid currency: {value}", param=name)
        return value.lower()

    def mapping(self, name: str) -> dict[str, Any]:
        value = self.data.get(name)
        if value is None or value == "":
            return {}
        if not isinstance(value, dict):
            raise invalid(f"Invalid object: {name} must be a hash", param=name)
        return value

    def array(self, name: str) -> list[Any]:
        value = self.data.get(name)
        if value is None or value == "":
            return []
        if isinstance(value, str):
            return [value]
        if isinstance(value, dict):
            raise invalid(f"Invalid array: {name} must be an array", param=name)
        return list(value)

    def expand(self) -> list[str]:
        return [str(v) for v in self.array("expand")]

    def metadata(self, existing: dict[str, str] | None = None) -> dict[str, str]:
        """Metadata after this request: on update a key set to "" is removed and `metadata=""` clears all."""
        value = self.data.get("metadata")
        current = dict(existing or {})
        if value is None:
            return current
        if value == "":
            return {}
        if not isinstance(value, dict):
            raise invalid("Invalid object: metadata must be a hash", param="metadata")
        for key, item in value.items():
            if not isinstance(item, str):
                raise invalid(f"Invalid value for metadata[{key}]: must be a string", param=f"metadata[{key}]")
            if len(key) > METADATA_MAX_KEY:
                raise invalid(
                    f"Metadata key names cannot be longer than {METADATA_MAX_KEY} characters: {key!r}",
                    param=f"metadata[{key}]",
                )
            if len(item) > METADATA_MAX_VALUE:
                raise invalid(
                    f"Metadata values can have up to {METADATA_MAX_VALUE} characters, but you passed in a "
                    f"value that is {len(item)} characters.",
                    param=f"metadata[{key}]",
                )
            if item == "":
                current.pop(key, None)
            else:
                current[key] = item
        if len(current) > METADATA_MAX_KEYS:
            raise invalid(f"Metadata can have at most {METADATA_MAX_KEYS} keys.", param="metadata")
        return current
