"""The attract screen of a stand never shown before, while its full check runs. No Qt.

A first start on a stand no version of which was validated shows a neutral screen until the
stand's check (every image decoded) has passed: on a stand of 200 large photographs that is
~7 s of CPU. The check (`kiosk.cli.startup.check_apart`) loads the stand once: when every
check but the decoding of images has passed (`load_stand`'s `before_decoding`), it reports
what the attract screen shows (its title, headline, prompts, its tone) as one line on stdout
at once, then proves the attract picture alone (in a decoding process started then, below
the kiosk's priority) and reports the screen again with it; the kiosk shows it in place of
the neutral screen, the picture fading in when it comes (`Waiting.qml`, with no visit
possible: a tap does nothing) until the full check ends, then the stand, or the problems for
staff as before.

So the text and the one picture that reach the screen early have passed the same checks as
ever (the model: plain, bounded text; the picture: decoded in a process of its own, before
the kiosk is told of it); the
rest of the stand reaches the screen only once all of it has passed. What changes: a stand
whose check fails later (a damaged photo deep in a panel) shows its attract screen for the
seconds the check takes before the problems replace it.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the kiosk reads the preview (`parse`) without the loader and pydantic
    from kiosk.content import LoadResult
    from kiosk.content.media import ImageDecoder

MARK = "ATTRACT-PREVIEW "
"""Starts the line the check prints with the preview (JSON after it)."""


def attract_preview(folder: Path, decoder: ImageDecoder) -> dict[str, Any] | None:
    """What the stand's attract screen shows, in its first language, with its picture proven
    by `decoder` (left out if it fails); None when the stand fails without its images. (The
    check itself takes the preview from its one load: `load_stand(..., before_decoding=)`.)"""
    from kiosk.content import load_stand

    return preview_of(load_stand(folder), decoder)


def proven_picture(loaded: LoadResult, decoder: ImageDecoder) -> str:
    """The address of the stand's attract picture once `decoder` has decoded it, or "" (no
    picture, one that does not decode, or one the screen does not read itself)."""
    from kiosk.content.media import MAX_PIXELS
    from kiosk.visit.present import media_url

    stand = loaded.stand
    if stand is None or not loaded.ok or not stand.attract.image:
        return ""
    url = media_url(loaded.folder, stand.attract.image)
    path = loaded.folder.resolve() / stand.attract.image
    # a PNG or JPEG file (the screen reads it itself) that decodes; anything else waits
    return url if url.startswith("file:") and decoder(path, MAX_PIXELS) is None else ""


def preview_of(loaded: LoadResult, decoder: ImageDecoder | None = None) -> dict[str, Any] | None:
    """What the attract screen shows: its words, and its picture when `decoder` proves it
    (without a decoder: no picture yet); None for a stand that fails."""
    from kiosk.content.plain import is_rtl
    from kiosk.content.strings import strings_for

    stand = loaded.stand
    if stand is None or not loaded.ok:
        return None
    language = stand.default_language
    picture = "" if decoder is None else proven_picture(loaded, decoder)
    labels = stand.own_labels()
    prompts = [stand.text(stand.attract.prompt, lang) if stand.attract.prompt
               else strings_for(lang, labels)["continue"] for lang in stand.languages]
    look = getattr(stand, "look", None)
    overlay = None if look is None else look.attract_overlay
    mode = "default" if overlay is None else "none" if overlay == "none" else "tone"
    tone: Any = overlay if mode == "tone" else None
    return {
        "language": language,
        "rtl": is_rtl(language),
        "title": stand.text(stand.title, language),
        "headline": stand.text(stand.attract.headline, language)
        or stand.text(stand.subtitle, language),
        "prompts": list(dict.fromkeys(prompts)),
        "attractImage": picture,
        "look": {
            "overlay": mode,
            "overlayColour": tone.colour if tone is not None else "",
            "overlayStrength": tone.strength if tone is not None else 0,
            "logo": "",  # a logo may be an SVG, drawn only by the kiosk's own provider
        },
    }


def announce(preview: dict[str, Any], write: Callable[[str], object]) -> None:
    write(MARK + json.dumps(preview, ensure_ascii=True) + "\n")


def parse(line: str) -> dict[str, Any] | None:
    """The preview in a line of the check's output, or None."""
    if not line.startswith(MARK):
        return None
    try:
        value = json.loads(line[len(MARK):])
    except ValueError:
        return None
    return value if isinstance(value, dict) else None
