"""Immutable value classes that cost nothing to define and need pydantic only to validate.

A class deriving from `Value` declares its fields as annotations, with defaults where a field
may be left out, as a frozen, slotted, keyword-only dataclass would (mypy checks them as one,
through `dataclass_transform`). Defining one generates no code (a dataclass generates and
compiles five to seven methods: about 1 ms a class, which a kiosk's start would pay for every
class of the stand model), and its objects are small (slots), equal by value, hashable, and
pickle to their field values.

pydantic validates one through `__get_pydantic_core_schema__`, built from the annotations only
when asked: a map with exactly the declared keys (an unknown key is `extra_forbidden`, a missing
one `missing`, as for a pydantic model), each read as its annotation says, then made into the
class. The annotations may carry markers (below) that say how a field is read.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, ClassVar, Self, dataclass_transform, get_args, get_type_hints

if TYPE_CHECKING:
    from pydantic import GetCoreSchemaHandler
    from pydantic_core import CoreSchema


@dataclass_transform(kw_only_default=True, frozen_default=True)
class _ValueType(type):
    """Collects each class's fields (its own annotations, after its bases') and defaults."""

    def __new__(mcs, name: str, bases: tuple[type, ...], namespace: dict[str, Any]) -> _ValueType:
        own = [field for field, hint in namespace.get("__annotations__", {}).items()
               if not str(hint).startswith(("ClassVar", "typing.ClassVar"))]
        defaults = {field: namespace.pop(field) for field in own if field in namespace}
        namespace["__slots__"] = tuple(own)
        cls = super().__new__(mcs, name, bases, namespace)
        inherited = [base for base in reversed(cls.__mro__[1:]) if isinstance(base, _ValueType)]
        cls._fields = tuple(dict.fromkeys(
            [field for base in inherited for field in base._fields] + own
        ))
        cls._defaults = {k: v for base in inherited for k, v in base._defaults.items()} | defaults
        return cls

    _fields: tuple[str, ...]
    _defaults: dict[str, Any]


class Value(metaclass=_ValueType):
    """An immutable value: `Part(label=..., value=3)`, equal to any other with the same fields."""

    __slots__ = ()
    _fields: ClassVar[tuple[str, ...]]
    _defaults: ClassVar[dict[str, Any]]

    def __init__(self, **values: Any) -> None:
        unknown = values.keys() - set(self._fields)
        if unknown:
            raise TypeError(f"{type(self).__name__} has no field {', '.join(sorted(unknown))}")
        for field in self._fields:
            if field in values:
                object.__setattr__(self, field, values[field])
            elif field in self._defaults:
                object.__setattr__(self, field, self._defaults[field])
            else:
                raise TypeError(f"{type(self).__name__} needs a value for '{field}'")

    def _values(self) -> tuple[Any, ...]:
        return tuple(getattr(self, field) for field in self._fields)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable: cannot set '{name}'")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable: cannot delete '{name}'")

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        assert isinstance(other, Value)
        return self._values() == other._values()

    def __hash__(self) -> int:
        return hash((type(self).__name__, self._values()))

    def __repr__(self) -> str:
        shown = ", ".join(f"{field}={getattr(self, field)!r}" for field in self._fields)
        return f"{type(self).__name__}({shown})"

    def __getstate__(self) -> dict[str, Any]:
        return {field: getattr(self, field) for field in self._fields}

    def __setstate__(self, state: dict[str, Any]) -> None:
        for field in self._fields:
            object.__setattr__(self, field, state[field])

    def as_dict(self) -> dict[str, Any]:
        """The fields and their values."""
        return self.__getstate__()

    def model_copy(self, *, update: Mapping[str, Any] | None = None) -> Self:
        """A copy with some fields replaced (not validated again), as pydantic's `model_copy`."""
        return type(self)(**{**self.__getstate__(), **(update or {})})

    @classmethod
    def field_names(cls) -> tuple[str, ...]:
        """The names of the fields, the base classes' first."""
        return cls._fields

    @classmethod
    def _from_fields(cls, values: dict[str, Any]) -> Self:
        """The value pydantic made the map of: a method of the class (not a function made
        for it), so a schema naming it can be kept (pickled) and read back."""
        return cls(**values)

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
        from pydantic_core import core_schema

        hints = get_type_hints(cls, include_extras=True)  # each class in its own module
        fields: dict[str, core_schema.TypedDictField] = {}
        for name in cls._fields:
            schema = handler.generate_schema(hints[name])
            if name in cls._defaults:
                schema = core_schema.with_default_schema(schema, default=cls._defaults[name])
            fields[name] = core_schema.typed_dict_field(schema, required=name not in cls._defaults)

        return core_schema.no_info_after_validator_function(
            cls._from_fields, core_schema.typed_dict_schema(
                fields, extra_behavior="forbid",
                ref=f"{cls.__module__}.{cls.__qualname__}",  # one definition per class (JSON Schema)
            ),
        )


# --- how a field is read: markers in its annotation, made into a pydantic schema only when one is built


class Check:
    """Read the field with `function` alone (pydantic's plain validator)."""

    __slots__ = ("function",)

    def __init__(self, function: Callable[[Any], Any]) -> None:
        self.function = function

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
        from pydantic_core import core_schema

        return core_schema.no_info_plain_validator_function(self.function)


class After:
    """Read the field as its type says (or as `read_as`), then pass it through `function`."""

    __slots__ = ("function", "read_as")

    def __init__(self, function: Callable[[Any], Any], read_as: Any = None) -> None:
        self.function = function
        self.read_as = read_as

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
        from pydantic_core import core_schema

        inner = handler(source) if self.read_as is None else handler.generate_schema(self.read_as)
        return core_schema.no_info_after_validator_function(self.function, inner)


class Between:
    """A number from `ge` to `le`: the errors are pydantic's own (`Field(ge=..., le=...)`)."""

    __slots__ = ("ge", "le")

    def __init__(self, ge: int | None = None, le: int | None = None) -> None:
        self.ge = ge
        self.le = le

    def _check(self, value: int) -> int:
        from pydantic_core import PydanticKnownError

        if self.ge is not None and value < self.ge:
            raise PydanticKnownError("greater_than_equal", {"ge": self.ge})
        if self.le is not None and value > self.le:
            raise PydanticKnownError("less_than_equal", {"le": self.le})
        return value

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
        from pydantic_core import core_schema

        return core_schema.no_info_after_validator_function(self._check, handler(source))


class NotEmpty:
    """A tuple of items with at least one (pydantic's own `min_length=1`)."""

    __slots__ = ()

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
        from pydantic_core import core_schema

        item, _ = get_args(source)  # tuple[X, ...]
        return core_schema.tuple_schema([handler.generate_schema(item)], variadic_item_index=0,
                                        min_length=1)


class Tagged:
    """One of `choices`, chosen by a tag: the value of a key (`kind`) or what `tag` says of
    the value. As pydantic's discriminated unions, errors name the tag after the index."""

    __slots__ = ("choices", "tag")

    def __init__(self, tag: str | Callable[[Any], str], choices: Mapping[str, Any]) -> None:
        self.tag = tag
        self.choices = choices

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
        from pydantic_core import core_schema

        choices = {tag: handler.generate_schema(kind) for tag, kind in self.choices.items()}
        return core_schema.tagged_union_schema(choices, discriminator=self.tag)


class Before:
    """Pass the value through `function` first, then read it as its type says."""

    __slots__ = ("function",)

    def __init__(self, function: Callable[[Any], Any]) -> None:
        self.function = function

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
        from pydantic_core import core_schema

        return core_schema.no_info_before_validator_function(self.function, handler(source))


class Core:
    """Read the field with one of pydantic-core's own schemas: `Core("float_schema", strict=True,
    ge=5)` is `core_schema.float_schema(strict=True, ge=5)`, with pydantic's own errors."""

    __slots__ = ("arguments", "name")

    def __init__(self, name: str, **arguments: Any) -> None:
        self.name = name
        self.arguments = arguments

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
        from pydantic_core import core_schema

        schema: CoreSchema = getattr(core_schema, self.name)(**self.arguments)
        return schema

