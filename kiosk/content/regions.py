"""ISO 3166 region codes and their names in a language (pycountry; no Qt).

pycountry is imported when first needed (it takes ~20 ms, and the attract screen shows no
region): `countries()` and `subdivisions()` are its databases.
"""

from __future__ import annotations

import functools
import gettext
from typing import Any


def _pycountry() -> Any:
    import pycountry

    return pycountry


def is_known(code: str) -> bool:
    if "-" in code:
        return _pycountry().subdivisions.get(code=code.upper()) is not None
    return _pycountry().countries.get(alpha_2=code.upper()) is not None


def is_country(code: str) -> bool:
    return "-" not in code and _pycountry().countries.get(alpha_2=code.upper()) is not None


@functools.cache
def _translator(language: str) -> gettext.NullTranslations:
    base = language.split("-")[0]
    try:
        return gettext.translation(
            "iso3166-1", _pycountry().LOCALES_DIR, languages=[language.replace("-", "_"), base]
        )
    except OSError:
        return gettext.NullTranslations()


def country_name(code: str, language: str) -> str:
    """The country's common name in `language`, or its English name, or the code."""
    country = _pycountry().countries.get(alpha_2=code.upper())
    if country is None:
        return code
    english = getattr(country, "common_name", None) or country.name
    return _translator(language).gettext(english) or english
