"""Frozen records for the stores, defined without generated code.

`@dataclass(frozen=True)` execs an `__init__`, `__repr__`, `__eq__`, `__hash__`, `__setattr__` and
`__delattr__` per class: about 1 ms each at import, ~20 ms of the reading path's cold start for the stores'
records alone (docs/decisions.md, "Cold start after the stores"). `@record` gives the same behaviour a
frozen dataclass has for what the stores use (keyword or positional construction, defaults, equality,
hashing, a repr, no assignment) with shared functions, and type checkers read it as a frozen dataclass."""

from __future__ import annotations

import inspect
from dataclasses import FrozenInstanceError
from typing import Any, TypeVar, dataclass_transform

T = TypeVar("T")
FIELDS = "__record_fields__"


def _values(self: Any) -> tuple[Any, ...]:
    return tuple(getattr(self, name) for name in getattr(type(self), FIELDS))


def _eq(self: Any, other: object) -> bool:
    if other.__class__ is not self.__class__:
        return NotImplemented
    return _values(self) == _values(other)


def _hash(self: Any) -> int:
    return hash(_values(self))


def _repr(self: Any) -> str:
    shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in getattr(type(self), FIELDS))
    return f"{type(self).__qualname__}({shown})"


def _setattr(self: Any, name: str, value: Any) -> None:
    raise FrozenInstanceError(f"cannot assign to field {name!r}")


def _delattr(self: Any, name: str) -> None:
    raise FrozenInstanceError(f"cannot delete field {name!r}")


@dataclass_transform(frozen_default=True)
def record(cls: type[T]) -> type[T]:
    names = tuple(inspect.get_annotations(cls))
    defaults = {name: cls.__dict__[name] for name in names if name in cls.__dict__}
    required = [name for name in names if name not in defaults]
    if any(names.index(name) > names.index(first) for first in defaults for name in required):
        raise TypeError(f"{cls.__name__}: a field without a default follows one with a default")

    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        if len(args) > len(names):
            raise TypeError(f"{cls.__name__}() takes {len(names)} arguments, {len(args)} given")
        values = dict(zip(names, args, strict=False))
        for name, value in kwargs.items():
            if (name not in defaults and name not in required) or name in values:
                raise TypeError(f"{cls.__name__}() got an unexpected or repeated argument {name!r}")
            values[name] = value
        for name in names:
            if name in values:
                object.__setattr__(self, name, values[name])
            elif name in defaults:
                object.__setattr__(self, name, defaults[name])
            else:
                raise TypeError(f"{cls.__name__}() missing argument {name!r}")

    __init__.__qualname__ = f"{cls.__qualname__}.__init__"
    setattr(cls, FIELDS, names)
    cls.__init__ = __init__  # type: ignore[misc,method-assign]
    cls.__eq__ = _eq  # type: ignore[method-assign,assignment]
    cls.__hash__ = _hash  # type: ignore[method-assign,assignment]
    cls.__repr__ = _repr  # type: ignore[method-assign,assignment]
    cls.__setattr__ = _setattr  # type: ignore[method-assign,assignment]
    cls.__delattr__ = _delattr  # type: ignore[method-assign,assignment]
    cls.__match_args__ = names  # type: ignore[attr-defined,misc]
    return cls


def evolve(item: T, **changes: Any) -> T:
    """A copy of a record with some fields changed (dataclasses.replace for records)."""
    values = {name: getattr(item, name) for name in getattr(type(item), FIELDS)}
    unknown = set(changes) - set(values)
    if unknown:
        raise TypeError(f"{type(item).__name__} has no field {sorted(unknown)[0]!r}")
    return type(item)(**{**values, **changes})
