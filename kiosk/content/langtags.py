"""Language tags (BCP 47) as a stand names its languages: checked, with a suggestion (no Qt).

A stand's texts are looked up by the exact tag in `languages:`, so a tag must be written
the one way BCP 47 writes it: the language in lower case (`en`), a script in title case
(`Latn`), a region in capitals (`GB`). pycountry's ISO 639, 15924 and 3166 databases say
which subtags exist; it is imported only when a stand is validated.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any

TAG_RE = re.compile(
    r"^(?P<language>[A-Za-z]{2,3})"
    r"(?:-(?P<script>[A-Za-z]{4}))?"
    r"(?:-(?P<region>[A-Za-z]{2}|\d{3}))?"
    r"(?P<variants>(?:-(?:[A-Za-z0-9]{5,8}|\d[A-Za-z0-9]{3}))*)$"
)
REPLACED = {"iw": "he", "in": "id", "ji": "yi", "jw": "jv", "mo": "ro"}
"""Language subtags BCP 47 deprecated, and what replaced them."""
REGION_EXCEPTIONS = {"UK": "GB", "EL": "GR"}


@dataclass(frozen=True)
class TagProblem:
    message: str
    hint: str
    written_as: str = ""
    """Set when the tag is right but for its case (`EN`): the tag as BCP 47 writes it (`en`),
    which the kiosk reads it as."""


def _pycountry() -> Any:
    import pycountry

    return pycountry


def canonical_case(tag: str) -> str:
    """`tag` in the case BCP 47 writes it: en, zh-Hant, pt-BR, de-CH-1996."""
    parts = tag.split("-")
    out = [parts[0].lower()]
    for part in parts[1:]:
        if len(part) == 4 and part.isalpha():
            out.append(part.title())
        elif len(part) == 2 and part.isalpha():
            out.append(part.upper())
        else:
            out.append(part.lower())
    return "-".join(out)


def check(tag: str) -> TagProblem | None:
    """What is wrong with a stand's language tag, and what to write instead; None if it is
    a well-formed tag whose subtags all exist, written in the canonical case."""
    written = tag.strip()
    match = TAG_RE.match(written.replace("_", "-"))
    if match is None:
        named = _language_named(written)
        hint = (f"did you mean '{named}'?" if named
                else "use a code such as en, fr, ar or pt-BR (BCP 47)")
        return TagProblem(f"'{tag}' is not a language code", hint)
    fixed = canonical_case(written.replace("_", "-"))
    unknown = _unknown_subtag(match)
    if unknown is not None:
        problem, suggestion = unknown
        if suggestion:
            better = _replace(fixed, match, suggestion)
            return TagProblem(problem, f"did you mean '{better}'?")
        return TagProblem(problem, "use a code such as en, fr, ar or pt-BR (BCP 47)")
    if "_" in written or written != tag:
        return TagProblem(
            f"'{tag}' is not a language code as BCP 47 writes it",
            f"did you mean '{fixed}'?",
        )
    if fixed != tag:  # BCP 47 ignores case; the kiosk reads it in the case BCP 47 writes it
        return TagProblem(
            f"'{tag}' is read as '{fixed}'",
            f"did you mean '{fixed}'? Write the language in lower case and a region in "
            "capitals (pt-BR), here and in the texts",
            written_as=fixed,
        )
    return None


@functools.cache
def normal(tag: str) -> str:
    """`tag` as the kiosk reads it: in BCP 47's case when that is all that is wrong with it."""
    if tag.lower() == tag and "-" not in tag:
        return tag  # the usual case (en, az), without a look-up
    problem = check(tag)
    return problem.written_as if problem is not None and problem.written_as else tag


def _replace(fixed: str, match: re.Match[str], suggestion: tuple[str, str]) -> str:
    part, value = suggestion
    language = fixed.split("-")[0]
    script = (match.group("script") or "").title()
    region = (match.group("region") or "").upper()
    variants = (match.group("variants") or "").lower()
    if part == "language":
        language = value
    elif part == "region":
        region = value
    return "-".join(p for p in (language, script, region) if p) + variants


def _unknown_subtag(match: re.Match[str]) -> tuple[str, tuple[str, str] | None] | None:
    """(what is unknown, (which part, a suggestion) or None), or None if all are known."""
    pc = _pycountry()
    language = match.group("language").lower()
    if language in REPLACED:
        return (f"'{language}' is an old code for this language",
                ("language", REPLACED[language]))
    if len(language) == 2:
        if pc.languages.get(alpha_2=language) is None:
            return f"'{language}' is not an ISO 639 language code", None
    else:
        found = pc.languages.get(alpha_3=language)
        if found is None:
            return f"'{language}' is not an ISO 639 language code", None
        short = getattr(found, "alpha_2", None)
        if short:  # BCP 47 uses the two-letter code where there is one
            return (f"'{language}' has a two-letter code, which BCP 47 uses",
                    ("language", short))
    script = match.group("script")
    if script and pc.scripts.get(alpha_4=script.title()) is None:
        return f"'{script}' is not an ISO 15924 script code", None
    region = match.group("region")
    if region and not region.isdigit():
        upper = region.upper()
        if upper in REGION_EXCEPTIONS:
            return (f"'{region}' is not an ISO 3166 country code",
                    ("region", REGION_EXCEPTIONS[upper]))
        if pc.countries.get(alpha_2=upper) is None:
            return f"'{region}' is not an ISO 3166 country code", None
    return None


def _language_named(text: str) -> str | None:
    """The code of a language written out by name (English, français), if pycountry knows it."""
    if not text.isalpha() or len(text) < 4:
        return None
    try:
        found = _pycountry().languages.lookup(text)
    except LookupError:
        return None
    code: str | None = getattr(found, "alpha_2", None) or getattr(found, "alpha_3", None)
    return code


def base_language(tag: str) -> str:
    return tag.split("-")[0].lower()


def script_of(tag: str) -> str | None:
    """The script subtag of `tag` (Arab, Latn), if it names one."""
    parts = tag.split("-")
    return next((p.title() for p in parts[1:] if len(p) == 4 and p.isalpha()), None)
