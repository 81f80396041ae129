"""kiosk.content.values: immutable value classes, validated by pydantic through their annotations."""

from __future__ import annotations

import pickle
from typing import Annotated

import pytest
from pydantic import TypeAdapter, ValidationError

from kiosk.content import model
from kiosk.content.values import Value


class Point(Value):
    x: int
    y: int = 0


class Named(Point):
    name: Annotated[str, "a marker pydantic ignores"]
    tags: tuple[str, ...] = ()


def test_fields_come_after_the_bases_and_defaults_fill_in() -> None:
    assert Named.field_names() == ("x", "y", "name", "tags")
    assert Named(name="a", x=1) == Named(x=1, y=0, name="a", tags=())
    assert repr(Point(x=1)) == "Point(x=1, y=0)"


def test_a_value_refuses_unknown_and_missing_fields_and_any_change() -> None:
    with pytest.raises(TypeError, match="no field z"):
        Point(x=1, z=2)  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="needs a value for 'x'"):
        Point()  # type: ignore[call-arg]
    point = Point(x=1)
    with pytest.raises(AttributeError):
        point.x = 2  # type: ignore[misc]
    with pytest.raises(AttributeError):
        del point.x
    assert not hasattr(point, "__dict__")  # slots: small, and nothing else can be set


def test_equal_by_value_and_type_hashable_pickled_and_copied() -> None:
    assert Point(x=1) == Point(x=1, y=0) and hash(Point(x=1)) == hash(Point(x=1, y=0))
    assert Point(x=1) != Point(x=2)
    assert Point(x=1, y=0) != Named(x=1, name="")
    named = Named(x=1, name="a", tags=("t",))
    assert pickle.loads(pickle.dumps(named)) == named
    copied = named.model_copy(update={"y": 5})
    assert copied == Named(x=1, y=5, name="a", tags=("t",)) and named.y == 0


def test_pydantic_reads_a_map_with_exactly_the_declared_keys() -> None:
    adapter = TypeAdapter(Named)
    assert adapter.validate_python({"x": 1, "name": "a", "tags": ["t"]}) == Named(x=1, name="a", tags=("t",))
    with pytest.raises(ValidationError) as raised:
        adapter.validate_python({"x": "one", "nam": "a"})
    found = {(error["type"], error["loc"]) for error in raised.value.errors()}
    assert found == {("int_parsing", ("x",)), ("missing", ("name",)), ("extra_forbidden", ("nam",))}
    with pytest.raises(ValidationError) as raised:
        adapter.validate_python(["x"])
    assert raised.value.errors()[0]["type"] == "dict_type"


def test_every_class_of_the_stand_model_is_a_value() -> None:
    assert model.CLASSES and all(issubclass(cls, Value) for cls in model.CLASSES.values())
    assert "kind" in model.FIELD_NAMES and "attract_overlay" in model.FIELD_NAMES
