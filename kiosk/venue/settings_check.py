"""The check of a settings file's values (pydantic): imported only when there is a file.

`kiosk.venue.settings.Settings` holds the values; `Settings.model_validate` runs them through
`SettingsModel`, which says what is wrong with each and where.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StrictBool, field_validator
from pydantic_core import PydanticCustomError

from kiosk.content.plain import LANGUAGE_RE
from kiosk.venue.settings import DAILY, PIN_SCHEME, WEEKDAYS, TimeRange, parse_hours, parse_pin_hash


def _custom(message: str) -> PydanticCustomError:
    return PydanticCustomError("kiosk", message)


def _language_code(code: str) -> str:
    if not LANGUAGE_RE.match(code):
        raise _custom(f"'{code}' is not a language code like en, az or ru")
    return code


LanguageCode = Annotated[str, Field(strict=True), AfterValidator(_language_code)]


class SettingsModel(BaseModel):
    """The checks of each setting (its fields and defaults are those of `Settings`)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    stand: str | None = None
    idle_timeout_s: Annotated[float, Field(strict=True, ge=5, le=86_400)] | None = None
    language_order: tuple[LanguageCode, ...] = ()
    screen: Annotated[int, Field(strict=True, ge=0, le=63)] | None = None
    rotation: Literal[0, 90, 180, 270] = 0
    opening_hours: Mapping[str, tuple[TimeRange, ...]] = Field(default_factory=dict)
    statistics: StrictBool = True
    pin_hash: str | None = None
    cursor: Literal["hidden", "show-on-move", "visible"] = "hidden"
    """The values of kiosk.ui.lockdown.CursorPolicy: `CursorPolicy(settings.cursor)`."""
    library_budget_gb: Annotated[float, Field(strict=True, ge=0.1, le=100_000)] | None = None
    library_min_free_gb: Annotated[float, Field(strict=True, ge=0, le=100_000)] | None = None

    @field_validator("stand", mode="before")
    @classmethod
    def _stand(cls, value: Any) -> Any:
        if value is None:
            return None
        if not isinstance(value, str) or not value.strip():
            raise _custom("expected a stand id or a stand folder")
        return value.strip()

    @field_validator("language_order", mode="before")
    @classmethod
    def _languages(cls, value: Any) -> Any:
        if isinstance(value, str):
            return (value,)
        if not isinstance(value, list | tuple):
            raise _custom("expected a list of language codes, like [az, en]")
        return value

    @field_validator("opening_hours", mode="before")
    @classmethod
    def _hours(cls, value: Any) -> Any:
        if value is None:
            return {}
        if not isinstance(value, Mapping):
            raise _custom('expected days with hours, like mon: "09:00-18:00"')
        parsed: dict[str, tuple[TimeRange, ...]] = {}
        for day, spec in value.items():
            if day not in (*WEEKDAYS, DAILY):
                raise _custom(f"'{day}' is not a day; use {', '.join(WEEKDAYS)} or {DAILY}")
            if isinstance(spec, tuple) and all(isinstance(r, tuple) for r in spec):
                parsed[day] = spec  # already parsed
                continue
            try:
                parsed[day] = parse_hours(spec)
            except ValueError as exc:
                raise _custom(str(exc)) from None
        return parsed

    @field_validator("cursor", mode="before")
    @classmethod
    def _cursor(cls, value: Any) -> Any:
        return "show-on-move" if value == "on-move" else value  # the short name is accepted too

    @field_validator("pin_hash", mode="before")
    @classmethod
    def _pin_hash(cls, value: Any) -> Any:
        if value is None:
            return None
        if not isinstance(value, str):
            raise _custom(f"not a {PIN_SCHEME} hash")
        try:
            parse_pin_hash(value)
        except ValueError as exc:
            raise _custom(str(exc)) from None
        return value
