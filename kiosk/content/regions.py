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


EXCEPTIONS = {"UK": "GB", "EL": "GR"}
"""Codes people write for a region that ISO 3166 spells otherwise."""


@functools.cache
def _names() -> dict[str, str]:
    """Every English name of a country (its name, common and official name), lower case ->
    its alpha-2 code."""
    names: dict[str, str] = {}
    for country in _pycountry().countries:
        for attribute in ("name", "common_name", "official_name"):
            name = getattr(country, attribute, None)
            if name:
                names.setdefault(name.lower(), country.alpha_2)
    return names


def suggest(code: str) -> str | None:
    """The ISO 3166 code meant by a region written otherwise: UK -> GB, PRT -> PT,
    Portgual -> PT, gb-sct -> GB-SCT; None when nothing is close."""
    import difflib

    written = code.strip()
    upper = written.upper().replace("_", "-")
    if upper in EXCEPTIONS:
        return EXCEPTIONS[upper]
    if upper != written and is_known(upper):
        return upper
    countries = _pycountry().countries
    if len(upper) == 3 and upper.isalpha():
        found = countries.get(alpha_3=upper)
        if found is not None:
            return str(found.alpha_2)
    if len(upper) == 3 and upper.isdigit():
        found = countries.get(numeric=upper)
        if found is not None:
            return str(found.alpha_2)
    if "-" in upper:
        country, _, _ = upper.partition("-")
        country = EXCEPTIONS.get(country, country)
        codes = [s.code for s in _pycountry().subdivisions.get(country_code=country) or ()]
        close = difflib.get_close_matches(f"{country}-{upper.partition('-')[2]}", codes, n=1)
        return close[0] if close else None
    names = _names()
    lower = written.lower()
    if lower in names:
        return names[lower]
    close = difflib.get_close_matches(lower, list(names), n=1, cutoff=0.75)
    return names[close[0]] if close else None
