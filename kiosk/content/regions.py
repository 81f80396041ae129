"""ISO 3166 region codes and their names in a language (pycountry; no Qt)."""

from __future__ import annotations

import functools
import gettext

import pycountry


def is_known(code: str) -> bool:
    if "-" in code:
        return pycountry.subdivisions.get(code=code.upper()) is not None  # type: ignore[no-untyped-call]
    return pycountry.countries.get(alpha_2=code.upper()) is not None


def is_country(code: str) -> bool:
    return "-" not in code and pycountry.countries.get(alpha_2=code.upper()) is not None


@functools.cache
def _translator(language: str) -> gettext.NullTranslations:
    base = language.split("-")[0]
    try:
        return gettext.translation(
            "iso3166-1", pycountry.LOCALES_DIR, languages=[language.replace("-", "_"), base]
        )
    except OSError:
        return gettext.NullTranslations()


def country_name(code: str, language: str) -> str:
    """The country's common name in `language`, or its English name, or the code."""
    country = pycountry.countries.get(alpha_2=code.upper())
    if country is None:
        return code
    english = getattr(country, "common_name", None) or country.name
    return _translator(language).gettext(english) or english
