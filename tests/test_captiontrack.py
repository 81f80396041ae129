"""Issue 16: the caption text a player shows at its position, in the chosen language."""

from __future__ import annotations

from pathlib import Path

from kiosk.content import load_stand
from kiosk.content.model import BackgroundPanel, Recording
from kiosk.visit.captiontrack import CaptionTrack

MEDIA_STAND = Path(__file__).parent / "fixtures" / "media-stand"


def _video() -> Recording:
    stand = load_stand(MEDIA_STAND).stand
    assert stand is not None and isinstance(stand.panels[0], BackgroundPanel)
    video = stand.panels[0].sections[0].video
    assert video is not None
    return video


def test_the_caption_follows_the_position_in_the_chosen_language() -> None:
    english = CaptionTrack(MEDIA_STAND, _video(), "en")
    arabic = CaptionTrack(MEDIA_STAND, _video(), "ar")
    assert english.text_at(500) == "The pattern appears."
    assert english.text_at(2500) == "A tone sounds."
    assert english.text_at(4500) == ""
    assert arabic.text_at(500) == "يظهر النمط." and arabic.text_at(3000) == "تسمع نغمة."


def test_a_language_without_captions_shows_none() -> None:
    track = CaptionTrack(MEDIA_STAND, _video(), "fr")
    assert track.language == "" and track.text_at(500) == ""
