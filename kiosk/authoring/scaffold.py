"""`kiosk new DIR`: a new stand that validates at once, for staff to fill in.

It holds stand.yaml (every panel kind, chosen ones written out and the others as commented
examples, every optional field shown in a comment), placeholder artwork made here (PNG,
zlib + struct: no Qt, no image library), a source, a README for staff, and the JSON Schema
(`stand.schema.json`) that the modeline on stand.yaml's first line points editors to.
"""

from __future__ import annotations

import json
import re
import struct
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from kiosk.authoring.schema import SCHEMA_FILE, schema_text
from kiosk.content import langtags
from kiosk.content.model import PANEL_KINDS
from kiosk.content.plain import ID_RE, is_rtl

DEFAULT_LANGUAGES = ("en",)
ARTWORK = ("media/attract.png", "media/placeholder.png")


class ScaffoldError(Exception):
    """Why a stand cannot be made where it was asked for (said to staff as it is)."""


@dataclass(frozen=True)
class Plan:
    folder: Path
    stand_id: str
    languages: tuple[str, ...]
    panels: tuple[str, ...]


def parse_languages(text: str) -> tuple[str, ...]:
    """`en,az,ru` as language codes; raises ScaffoldError naming a code that is not one."""
    languages: list[str] = []
    for raw in (part.strip() for part in text.split(",")):
        if not raw:
            continue
        problem = langtags.check(raw)
        if problem is not None and not problem.written_as:
            raise ScaffoldError(f"'{raw}' is not a language code: {problem.message}"
                                + (f" ({problem.hint})" if problem.hint else ""))
        code = problem.written_as if problem is not None and problem.written_as else raw
        if code not in languages:
            languages.append(code)
    if not languages:
        raise ScaffoldError("give at least one language, e.g. --languages en,az,ru")
    return tuple(languages)


def parse_panels(text: str) -> tuple[str, ...]:
    panels: list[str] = []
    for kind in (part.strip() for part in text.split(",")):
        if not kind:
            continue
        if kind not in PANEL_KINDS:
            raise ScaffoldError(f"'{kind}' is not a kind of panel; use some of: "
                                + ", ".join(PANEL_KINDS))
        if kind not in panels:
            panels.append(kind)
    if not panels:
        raise ScaffoldError("give at least one panel, e.g. --panels background,figures")
    return tuple(panels)


def stand_id_for(folder: Path) -> str:
    """An id from the folder's name: lower case, '-' for anything else (`My Stand` -> my-stand)."""
    name = re.sub(r"[^a-z0-9]+", "-", folder.resolve().name.lower()).strip("-")
    return name if name and ID_RE.match(name) else "new-stand"


def create_stand(folder: Path, languages: Sequence[str] = DEFAULT_LANGUAGES,
                 panels: Sequence[str] = PANEL_KINDS) -> list[Path]:
    """Write a new stand into `folder` (made if missing); the files written.

    Refuses a folder that exists and is not empty: nothing of a stand is overwritten."""
    if folder.exists() and not folder.is_dir():
        raise ScaffoldError(f"'{folder}' exists and is not a folder")
    if folder.is_dir() and any(folder.iterdir()):
        raise ScaffoldError(f"'{folder}' is not empty; give a new folder (nothing was written)")
    plan = Plan(folder, stand_id_for(folder), tuple(languages), tuple(panels))
    (folder / "media").mkdir(parents=True, exist_ok=True)
    pictures = {
        ARTWORK[0]: placeholder_png(960, 540, (0x12, 0x2a, 0x44), (0x3d, 0x6e, 0x9e)),
        ARTWORK[1]: placeholder_png(800, 600, (0x44, 0x3a, 0x2a), (0xb0, 0x92, 0x5e)),
    }
    if "background" not in plan.panels:  # only a section shows it: an unused file is warned of
        del pictures[ARTWORK[1]]
    written = {
        folder / "stand.yaml": stand_yaml(plan).encode("utf-8"),
        folder / SCHEMA_FILE: schema_text().encode("utf-8"),
        folder / "README.md": readme(plan).encode("utf-8"),
        **{folder / name: data for name, data in pictures.items()},
    }
    for path, data in written.items():
        path.write_bytes(data)
    return list(written)


# --- artwork -------------------------------------------------------------------------


def placeholder_png(width: int, height: int, top: tuple[int, int, int],
                    bottom: tuple[int, int, int]) -> bytes:
    """A PNG of a soft top-to-bottom gradient in a pale frame: plainly a placeholder."""
    frame = max(4, min(width, height) // 40)
    pale = b"\xd8\xd8\xd0"
    edge = b"\x00" + pale * width  # filter byte "none", then the pixels
    rows = bytearray()
    for y in range(height):
        if y < frame or y >= height - frame:
            rows += edge
            continue
        t = y / height
        colour = bytes(round(a + (b - a) * t) for a, b in zip(top, bottom, strict=True))
        rows += b"\x00" + pale * frame + colour * (width - 2 * frame) + pale * frame
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header)
            + _chunk(b"IDAT", zlib.compress(bytes(rows), 9)) + _chunk(b"IEND", b""))


def _chunk(kind: bytes, data: bytes) -> bytes:
    return (struct.pack(">I", len(data)) + kind + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))


# --- stand.yaml ----------------------------------------------------------------------


def _quoted(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a YAML double-quoted one


def _text(plan: Plan, words: str, indent: int) -> str:
    """A text in every language: the first language's words, the others marked to translate."""
    pad = " " * indent
    first = plan.languages[0]
    lines = [f"{pad}{lang}: {_quoted(words if lang == first else f'{words} ({lang})')}"
             for lang in plan.languages]
    return "\n".join(lines)


def _field(plan: Plan, name: str, words: str, indent: int) -> str:
    return f"{' ' * indent}{name}:\n{_text(plan, words, indent + 2)}"


def _panel(plan: Plan, kind: str) -> str:
    """The panel of `kind`, at the indentation of `panels:`'s items."""
    f = _field
    if kind == "background":
        return "\n".join([
            "  - id: background",
            "    kind: background",
            f(plan, "title", "Background", 4),
            f(plan, "intro", "One or two sentences that open this panel.", 4),
            "    sections:",
            _section(plan),
        ])
    if kind == "figures":
        return "\n".join([
            "  - id: figures",
            "    kind: figures",
            f(plan, "title", "In figures", 4),
            "    figures:",
            "      - label:",
            _text(plan, "What the number counts", 10),
            "        value: 100  # plain digits, no separators: the screen groups them",
            "        icon: fa5s.user",
            "        source: placeholder-source",
            "        # parts:      # parts of the number, each shown under it",
            "        #   - label: {" + f"{plan.languages[0]}: \"Part one\"" + "}",
            "        #     value: 60",
            "        # note: {" + f"{plan.languages[0]}: \"A note under the number\"" + "}",
        ])
    if kind == "recognitions":
        return "\n".join([
            "  - id: recognitions",
            "    kind: recognitions",
            f(plan, "title", "Recognitions", 4),
            "    groups:",
            "      - label:",
            _text(plan, "Parliaments", 10),
            "        source: placeholder-source",
            "        entries:",
            "          - region: FR   # an ISO 3166 code: the flag, and the country's name",
            "          - name:",
            _text(plan, "A city council", 14),
            "            region: US-CA",
            "        # total: 2      # shown only when given: the kiosk never adds entries up",
        ])
    if kind == "remarks":
        first = plan.languages[0]
        return "\n".join([
            "  - id: remarks",
            "    kind: remarks",
            f(plan, "title", "Remarks", 4),
            "    remarks:",
            "      - form: quote      # quote: the person's own words; reported: in other words",
            f"        original_language: {first}   # the language it was said in",
            "        text:",
            _text(plan, "The words the person said.", 10),
            "        speaker:",
            _text(plan, "Name of the speaker", 10),
            "        role:",
            _text(plan, "Their role", 10),
            "        date: \"2024-01\"   # YYYY, YYYY-MM or YYYY-MM-DD",
            "        source: placeholder-source",
            "        # occasion: {" + f"{first}: \"Where it was said\"" + "}",
        ])
    raise ValueError(kind)  # pragma: no cover - parse_panels allows only PANEL_KINDS


def _section(plan: Plan) -> str:
    return "\n".join([
        "      - heading:",
        _text(plan, "The first section", 10),
        "        date: \"2024\"   # YYYY, YYYY-MM or YYYY-MM-DD",
        "        body:",
        _text(plan, "The text of the section. Leave an empty line between paragraphs.", 10),
        "        image:",
        f"          file: {ARTWORK[1]}",
        "          caption:",
        _text(plan, "What the picture shows", 12),
        "          credit:",
        _text(plan, "Who made the picture", 12),
        "        source: placeholder-source",
        "        # sensitive: true   # a notice comes first (violence, distressing content)",
    ])


def _commented(block: str) -> str:
    return "\n".join(("  # " + line[2:]) if line.strip() else line for line in block.split("\n"))


def stand_yaml(plan: Plan) -> str:
    first = plan.languages[0]
    rtl = [lang for lang in plan.languages if is_rtl(lang)]
    others = [kind for kind in PANEL_KINDS if kind not in plan.panels]
    parts = [
        f"# yaml-language-server: $schema={SCHEMA_FILE}",
        "#",
        "# A new stand made by `kiosk new`. Replace each placeholder text with yours; the",
        f"# texts in other languages than {first} end in (code) until they are translated.",
        "# Check it with `kiosk validate .` (or `kiosk validate --watch .` while you edit)",
        "# and look at it with `kiosk snapshot . --out /tmp/look`.",
        "# The format, field by field: docs/content-format.md. In an editor with the YAML",
        "# language server, keys complete and each field shows its documentation on hover.",
    ]
    if rtl:
        parts.append(f"# {', '.join(rtl)}: written right to left; the screen mirrors itself.")
    parts += [
        "",
        "format: 1",
        f"id: {plan.stand_id}",
        f"languages: [{', '.join(plan.languages)}]   # the first is the default",
        *_states(plan),
        "",
        _field(plan, "title", "Title of the stand", 0),
        _field(plan, "subtitle", "A line under the title", 0),
        "",
        "attract:   # the screen shown while nobody uses the kiosk",
        _field(plan, "headline", "A line that invites visitors", 2),
        _field(plan, "prompt", "Touch to begin", 2),
        f"  image: {ARTWORK[0]}",
        "",
        "idle_timeout_s: 90   # seconds without a touch before the attract screen returns",
        "",
        "# look:   # the stand's own look",
        "#   accent: \"#1d4e89\"",
        "#   attract_overlay: {colour: \"#0b1a2a\", strength: 0.5}",
        "",
        "panels:",
    ]
    for kind in plan.panels:
        parts += [f"  # {'-' * 60} {kind}", _panel(plan, kind), ""]
    if others:
        parts.append("  # Other kinds of panel, to copy from (remove the '# ' before each line):")
        for kind in others:
            parts += [f"  # {'-' * 60} {kind}", _commented(_panel(plan, kind)), ""]
    parts += [
        "sources:   # what items cite with `source:`; the screen lists them",
        "  - id: placeholder-source",
        _field(plan, "title", "Title of the source", 4),
        _field(plan, "publisher", "Who published it", 4),
        "    date: \"2024\"",
        "    # url: https://example.org/article",
        "",
    ]
    return "\n".join(parts)


def _states(plan: Plan) -> list[str]:
    if len(plan.languages) < 2:
        return []
    states = ", ".join(f"{lang}: missing" for lang in plan.languages[1:])
    return ["# how far each translation has come: missing, machine, draft, review (awaiting",
            "# review), reviewed; `kiosk validate --summary` reports it",
            f"translations: {{{states}}}"]


def readme(plan: Plan) -> str:
    languages = ", ".join(plan.languages)
    return f"""# Stand `{plan.stand_id}`

Made by `kiosk new`. A stand is this folder: `stand.yaml` (every text, number and picture
the kiosk shows), `media/` (the pictures), this README (for staff; the kiosk ignores it) and
`{SCHEMA_FILE}` (for editors: completion and documentation while typing).

Languages: {languages} (the first, {plan.languages[0]}, is the default and the one
translators work from). Panels: {", ".join(plan.panels)}.

## Filling it in

1. Open `stand.yaml` in an editor with the YAML language server (VS Code with the "YAML"
   extension, for instance): keys complete, every field is documented on hover, and
   mistakes are underlined as you type.
2. Replace every placeholder text and number with yours, from your sources only. List each
   source under `sources:` and cite it with `source:`.
3. Replace the pictures in `media/` with yours (PNG or JPEG; name each in stand.yaml).
4. Keep `kiosk validate --watch .` running in a terminal: it checks the stand on every save
   and prints each problem as FILE:LINE:COLUMN with what to do.
5. Look at the result: `kiosk snapshot . --out /tmp/look`, or `kiosk run . --windowed`.

## Translating

`kiosk translate export . --to fr --out fr.po` writes every text for a translator (any PO
editor: Poedit, Weblate, Lokalise); `kiosk translate import . fr.po` puts the translations
back into stand.yaml, keeping its comments and layout.

## Installing

`kiosk import FOLDER` on the kiosk validates the stand and installs it.
"""
