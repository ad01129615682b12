"""`soulseer.records.record` behaves as the frozen dataclasses it replaced in the stores."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
from pathlib import Path

import pytest

from soulseer.records import evolve, record

LAYER = Path(__file__).resolve().parents[2] / "layers"


@record
class Point:
    x: int
    y: int
    label: str | None = None

    @property
    def total(self) -> int:
        return self.x + self.y


def test_a_record_is_built_compared_hashed_and_shown_like_a_frozen_dataclass() -> None:
    point = Point(1, y=2)
    assert (point.x, point.y, point.label, point.total) == (1, 2, None, 3)
    assert point == Point(1, 2, None) and point != Point(1, 3) and hash(point) == hash(Point(1, 2))
    assert repr(point) == "Point(x=1, y=2, label=None)"
    assert {point, Point(1, 2)} == {point}
    assert point.__eq__((1, 2, None)) is NotImplemented


def test_a_record_refuses_what_a_frozen_dataclass_refuses() -> None:
    point = Point(1, 2)
    with pytest.raises(dataclasses.FrozenInstanceError):
        point.x = 5  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        del point.x  # type: ignore[misc]
    with pytest.raises(TypeError, match="missing argument 'y'"):
        Point(1)  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="unexpected or repeated argument 'z'"):
        Point(1, 2, z=3)  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="repeated argument 'x'"):
        Point(1, 2, x=3)  # type: ignore[misc]
    with pytest.raises(TypeError, match="takes 3 arguments"):
        Point(1, 2, "a", 4)  # type: ignore[call-arg]


def test_evolve_changes_fields_and_keeps_the_rest() -> None:
    assert evolve(Point(1, 2, "a"), y=5) == Point(1, 5, "a")
    with pytest.raises(TypeError, match="no field 'z'"):
        evolve(Point(1, 2), z=1)


def test_a_field_without_a_default_may_not_follow_one_with_a_default() -> None:
    with pytest.raises(TypeError, match="follows one with a default"):

        @record
        class Wrong:
            a: int = 1
            b: int


def test_the_stores_define_their_records_without_dataclasses_generated_code() -> None:
    """About 1 ms per frozen dataclass at cold start; the reading path imports twenty of the stores'."""
    code = (
        "import dataclasses, sys\n"
        "made = []\n"
        "real = dataclasses._process_class\n"
        "dataclasses._process_class = lambda cls, *a, **k: (made.append(cls.__module__), real(cls, *a, **k))[1]\n"
        "import soulseer.stores.users, soulseer.stores.readings, soulseer.stores.ledger, soulseer.stores.connections\n"
        "print([m for m in made if m.startswith('soulseer.stores')])\n"
    )
    env = {"PYTHONPATH": str(LAYER), "AWS_DEFAULT_REGION": "us-east-1"}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "[]"
