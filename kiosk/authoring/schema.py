"""The JSON Schema of `stand.yaml`, generated from the stand model (`kiosk schema`).

An editor with the YAML language server (VS Code's YAML extension, and others) reads it to
complete keys, show each field's documentation on hover and flag mistakes as one types. It
is generated from `kiosk.content.model`, so it cannot drift from what `kiosk validate`
accepts; a copy is kept in docs/stand.schema.json (a test checks it equals this output).

The schema checks the shape (keys, types, required fields, panel kinds, language codes);
`kiosk validate` remains the judge of everything else (media files, sources, translations).
"""

from __future__ import annotations

import json
from typing import Any

from pydantic.json_schema import GenerateJsonSchema, JsonSchemaValue
from pydantic_core import core_schema

from kiosk.content import model
from kiosk.content.colours import HEX_RE
from kiosk.content.plain import DATE_RE, ID_RE, LANGUAGE_RE
from kiosk.content.strings import LABEL_KEYS, MAX_LABEL_CHARS

SCHEMA_FILE = "stand.schema.json"
"""The name of the schema file `kiosk new` writes beside stand.yaml (and of docs/'s copy)."""

TEXT_REF = "#/$defs/Text"
_TEXT_MARK = "x-kiosk-text"  # replaced by a reference to TEXT_DEF once generated
TEXT_DEF: dict[str, Any] = {
    "title": "Text",
    "description": (
        "A text visitors read: one string shown in every language, or a map from language "
        "code to the text in that language, e.g. {en: \"Background\", az: \"Ümumi məlumat\"}. "
        "Every language in `languages:` should have its text."
    ),
    "anyOf": [
        {"type": "string", "description": "the same text in every language"},
        {"type": "number", "description": "a number, shown as written"},
        {
            "type": "object",
            "description": "the text in each language, by language code",
            "minProperties": 1,
            "propertyNames": {"pattern": LANGUAGE_RE.pattern},
            "additionalProperties": {"type": ["string", "number"]},
        },
    ],
}


def _plain(function: Any) -> JsonSchemaValue | None:
    """The JSON Schema of a value the model reads with one of its own functions."""
    schemas: dict[Any, JsonSchemaValue] = {
        model._text: {_TEXT_MARK: True},
        model._count: {"type": "integer", "minimum": 0, "maximum": model.MAX_NUMBER},
        model._date: {
            "anyOf": [{"type": "string", "pattern": DATE_RE.pattern}, {"type": "integer"}],
            "description": "a date: YYYY, YYYY-MM or YYYY-MM-DD",
        },
        model._format: {"const": model.FORMAT_VERSION},
        model._strict_bool: {"type": "boolean"},
        model._stand_id: {"anyOf": [{"type": "string", "pattern": ID_RE.pattern},
                                    {"type": "integer", "minimum": 0}]},
        model._language: {"type": "string", "pattern": LANGUAGE_RE.pattern,
                          "description": "a BCP 47 language code, such as en, az, ru, ar, he"},
        model._plain_string: {"anyOf": [{"type": "string", "minLength": 1, "pattern": r"\S"},
                                        {"type": "integer"}]},
        model._web_address: {"type": "string", "pattern": r"^[Hh][Tt][Tt][Pp][Ss]?://[^\s/?#]+\S*$",
                              "description": "a web address starting with https://"},
        model._colour: {"type": "string", "pattern": HEX_RE.pattern,
                        "description": "a colour: # and six hexadecimal digits, in quotes"},
        model._strength: {"type": "number", "minimum": 0, "maximum": 1},
        model._label_key: {"enum": sorted(LABEL_KEYS)},
        model._label_text: {"type": "string", "minLength": 1, "maxLength": MAX_LABEL_CHARS},
        model._none_word: {"const": "none"},
        model._original: {"type": "string", "minLength": 1, "maxLength": model.MAX_ORIGINAL},
    }
    return schemas.get(function)


class _StandSchema(GenerateJsonSchema):
    """pydantic's generator, taught the model's own value types and field descriptions."""

    def function_plain_schema(self, schema: core_schema.PlainValidatorFunctionSchema) -> JsonSchemaValue:
        known = _plain(schema["function"]["function"])
        if known is not None:
            return dict(known)
        return super().function_plain_schema(schema)

    def encode_default(self, dft: Any) -> Any:
        from kiosk.content.values import Value

        if isinstance(dft, Value):  # a part of the stand left out: all its own defaults
            return {name: self.encode_default(value) for name, value in dft.as_dict().items()}
        return super().encode_default(dft)

    def typed_dict_schema(self, schema: core_schema.TypedDictSchema) -> JsonSchemaValue:
        # the model's classes (kiosk.content.values.Value) are read as typed dicts, named by
        # their `ref` ("kiosk.content.model.Attract")
        json_schema = super().typed_dict_schema(schema)
        name = str(schema.get("ref", "")).rsplit(".", 1)[-1]
        for field, value in json_schema.get("properties", {}).items():
            described = DESCRIPTIONS.get((name, field)) or DESCRIPTIONS.get(("*", field))
            if described:
                value["description"] = described
            value.setdefault("title", field.replace("_", " ").capitalize())
        return json_schema


def stand_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of stand.yaml."""
    generated = model._adapter().json_schema(schema_generator=_StandSchema)
    generated = _with_text_refs(generated)
    generated.setdefault("$defs", {})["Text"] = TEXT_DEF
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        **{key: value for key, value in generated.items() if key != "title"},
        "title": "Exhibition kiosk stand (stand.yaml, format 1)",
        "description": (
            "A stand: its languages, title, attract screen and panels (background, figures, "
            "recognitions, remarks). See docs/content-format.md; `kiosk validate` checks "
            "everything this schema cannot (media, sources, translations)."
        ),
    }


def _with_text_refs(value: Any) -> Any:
    if isinstance(value, dict):
        if value.get(_TEXT_MARK):
            rest = {key: item for key, item in value.items() if key != _TEXT_MARK}
            return {"$ref": TEXT_REF, **rest}
        return {key: _with_text_refs(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_with_text_refs(item) for item in value]
    return value


def schema_text() -> str:
    """The schema as `kiosk schema` prints it and the committed copy holds it."""
    return json.dumps(stand_schema(), indent=2, ensure_ascii=False, sort_keys=False) + "\n"


DESCRIPTIONS: dict[tuple[str, str], str] = {
    # the stand
    ("Stand", "format"): "The format version of this file: always 1.",
    ("Stand", "id"): "The stand's id: lower-case letters, digits and '-', e.g. khojaly-31. "
                     "It names the stand in the library (`kiosk import`, `kiosk list`).",
    ("Stand", "title"): "The stand's title, on the attract screen and above every panel.",
    ("Stand", "subtitle"): "A line under the title on the attract screen.",
    ("Stand", "languages"): "The languages visitors can choose, first the default (and the "
                            "source language translators work from), e.g. [en, az, ru]. "
                            "Every text should be given in each of them.",
    ("Stand", "narration"): "What narration says in place of the title and subtitle "
                            "(extension), in some languages or all: e.g. fully vowelled "
                            "Arabic, which the speech engine needs.",
    ("Stand", "attract"): "The attract screen shown while nobody uses the kiosk.",
    ("Stand", "idle_timeout_s"): "Seconds without a touch before the kiosk returns to the "
                                 "attract screen (5 to 86400; default 90).",
    ("Stand", "panels"): "The panels a visitor moves between, in order. Each has a `kind`: "
                         "background, figures, recognitions or remarks.",
    ("Stand", "sources"): "The sources items cite with `source: <id>`; the screen lists them.",
    ("Stand", "look"): "The stand's own look (extension): accent colour, attract overlay, logo.",
    ("Stand", "sensitive_notice"): "This stand's wording of the notice shown before sensitive "
                                   "items (extension; the kiosk's own wording otherwise).",
    ("Stand", "labels"): "The kiosk's own words (buttons, headings) in this stand's wording, "
                         "by language then label, e.g. {en: {sources: \"References\"}}.",
    ("Stand", "translations"): "The state of each language's translation (extension): "
                               "missing, machine, draft, review or reviewed. `kiosk validate "
                               "--summary` reports it; `review` marks a language as awaiting "
                               "review so staff see it.",
    **{(cls, "narration"): "What narration says in place of this item's words (extension), "
                           "in some languages or all: fully vowelled Arabic, or words "
                           "written for listening. Never shown."
       for cls in ("Section", "Figure", "Group", "Remark", "Source", "BackgroundPanel",
                   "FiguresPanel", "RecognitionsPanel", "RemarksPanel")},
    # attract, look
    ("Attract", "headline"): "The large line on the attract screen.",
    ("Attract", "prompt"): "The invitation to touch, e.g. \"Touch to begin\".",
    ("Attract", "image"): "A picture behind the attract screen: a path inside the stand "
                          "folder, e.g. media/attract.jpg.",
    ("Look", "accent"): "The accent colour, e.g. \"#1d4e89\" (in quotes).",
    ("Look", "attract_overlay"): "The tone over the attract picture: none, or "
                                 "{colour: \"#0b1a2a\", strength: 0.5}.",
    ("Look", "logo"): "The stand's logo: a path inside the stand folder (PNG or SVG).",
    ("Overlay", "colour"): "The overlay's colour, e.g. \"#0b1a2a\".",
    ("Overlay", "strength"): "How strongly the colour covers the picture, 0 to 1 (default 0.5).",
    # panels
    ("*", "kind"): "The kind of panel: background (sections of text and pictures), figures "
                   "(numbers), recognitions (groups of bodies) or remarks (words of people).",
    ("*", "intro"): "A short introduction at the top of the panel.",
    ("*", "sections"): "The sections of a background panel: heading, body, date, image.",
    ("*", "figures"): "The numbers of a figures panel: label, value, and optional parts.",
    ("*", "groups"): "The groups of a recognitions panel, each a label and its entries.",
    ("*", "remarks"): "The remarks of a remarks panel: quotations or reported speech.",
    # items
    ("*", "source"): "The id of the source this comes from (listed under `sources:`).",
    ("*", "sensitive"): "true when this describes violence or other distressing content: "
                        "visitors see a notice first. Or {notice: {...}} with its own words.",
    ("Sensitive", "notice"): "The notice shown before this item.",
    ("Section", "heading"): "The section's heading.",
    ("Section", "date"): "When it happened: YYYY, YYYY-MM or YYYY-MM-DD.",
    ("Section", "body"): "The section's text. Paragraphs are separated by an empty line "
                         "(use a block: `en: |-` then the text, indented).",
    ("Section", "image"): "A picture beside the section.",
    ("Image", "file"): "The picture's file: a path inside the stand folder, e.g. "
                       "media/photo.jpg (PNG, JPEG, WebP or SVG).",
    ("Section", "video"): "A video beside the section (extension; see docs: Video and sound).",
    ("Section", "audio"): "A recording beside the section (extension).",
    ("Remark", "audio"): "The speaker's own voice (extension); `quote: true` when it says "
                         "the quotation's words.",
    ("Recording", "file"): "The file: .mp4 (H.264/AAC) or .webm (VP9/Opus) for a video; "
                           ".m4a, .opus, .ogg, .mp3 or .wav for sound.",
    ("Recording", "duration"): "Whole seconds it lasts (checked against the file).",
    ("Recording", "poster"): "A picture shown until it plays, or when it cannot (PNG or JPEG).",
    ("Recording", "captions"): "A WebVTT file per language, e.g. {en: media/film.en.vtt}.",
    ("Recording", "spoken"): "A sound file per language where the spoken language differs.",
    ("Recording", "description"): "A sound file: the audio description of what is seen.",
    ("Recording", "no_sound"): "true for a video without sound: the screen says so.",
    ("Recording", "quote"): "On a remark's audio: true when it says the quotation's words.",
    ("Recording", "caption"): "What the recording shows.",
    ("Recording", "credit"): "Who made the recording, or where it comes from.",
    ("Image", "caption"): "What the picture shows.",
    ("Image", "credit"): "Who made the picture, or where it comes from.",
    ("Figure", "label"): "What the number counts, e.g. \"Civilians killed\".",
    ("Figure", "value"): "The number: plain digits, no separators (the screen groups them).",
    ("Figure", "icon"): "An icon beside the number, e.g. fa5s.user (see docs).",
    ("Figure", "parts"): "Parts of the number, each a label and a value.",
    ("Figure", "note"): "A note under the number.",
    ("Part", "label"): "What this part counts.",
    ("Part", "value"): "The part's number: plain digits.",
    ("Group", "label"): "The group's heading, e.g. \"Parliaments\".",
    ("Group", "entries"): "The bodies in the group: a name, or a region code.",
    ("Group", "total"): "The group's number, shown only when given (the kiosk never adds up "
                        "entries).",
    ("Entry", "name"): "The body's name. Without one, the country's name comes from `region`.",
    ("Entry", "region"): "An ISO 3166 code (e.g. FR, US-CA) for the flag, and the name when "
                         "none is given.",
    ("Entry", "count"): "How many (e.g. resolutions), when more than one.",
    ("Remark", "text"): "The words.",
    ("Remark", "form"): "quote (the person's own words) or reported (what they said, in "
                        "other words).",
    ("Remark", "speaker"): "Who said it.",
    ("Remark", "role"): "The speaker's role, e.g. \"Foreign Minister\".",
    ("Remark", "date"): "When it was said: YYYY, YYYY-MM or YYYY-MM-DD.",
    ("Remark", "occasion"): "Where or on what occasion it was said.",
    ("Remark", "original_language"): "The language a quotation was said in; in any other "
                                     "language the screen marks it as a translation.",
    ("Remark", "original"): "The quotation's words in their original language (plain text).",
    ("Source", "id"): "The source's id, cited by items as `source: <id>`.",
    ("Source", "title"): "The source's title.",
    ("Source", "publisher"): "Who published it.",
    ("Source", "date"): "When it was published: YYYY, YYYY-MM or YYYY-MM-DD.",
    ("Source", "url"): "Where to find it (shown as text and a QR code).",
}
"""Hover documentation of each field, by (model, field) or ("*", field) for every model."""

for _panel in ("BackgroundPanel", "FiguresPanel", "RecognitionsPanel", "RemarksPanel"):
    DESCRIPTIONS[(_panel, "id")] = ("The panel's id: unique in the stand; translation files "
                                    "name texts by it.")
    DESCRIPTIONS[(_panel, "title")] = "The panel's title, on its tab."
    DESCRIPTIONS[(_panel, "icon")] = "An icon for the panel's tab (default: the kind's icon)."
del _panel
