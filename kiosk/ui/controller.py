"""The view model QML talks to: the stand in the chosen language, the visit, the idle reset."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from PySide6.QtCore import Property, QLocale, QObject, QTimer, Signal, Slot
from PySide6.QtQml import QmlElement

from kiosk.content.colours import accent_shades, normalise
from kiosk.content.media import still_inside
from kiosk.content.plain import is_rtl
from kiosk.content.strings import LANGUAGE_NAMES, strings_for
from kiosk.ui.backend import (  # noqa: F401 (the import names are read by @QmlElement)
    QML_IMPORT_MAJOR_VERSION,
    QML_IMPORT_NAME,
    QmlUncreatable,
)
from kiosk.ui.formats import LocaleFormats
from kiosk.ui.playback import Playback
from kiosk.ui.rows import RowsModel
from kiosk.ui.worldmap import encode_highlights, group_colours, world_map
from kiosk.venue.settings import KEY_ACTIONS
from kiosk.visit.present import PANEL_ROLES, ROLES_BY_KIND, Presenter, media_url
from kiosk.visit.session import WARNING_S, Idle, Phase, Session

if TYPE_CHECKING:
    from kiosk.content.model import Stand

log = logging.getLogger("kiosk.ui")


def language_name(code: str) -> str:
    """The language's own name for itself (its endonym), capitalised: English, Azərbaycanca,
    Русский, العربية; for a tag with a region or script, Qt's name for it (British English).
    Where no font on the machine draws that name (हिन्दी with no Devanagari font), the code in
    capitals: a button of empty boxes names nothing."""
    name = _endonym(code)
    return name if drawable(name) else code.upper()


def _locale(code: str) -> QLocale:
    """Qt's locale for a language tag; the C locale where Qt knows the tag as another
    language than it names (no American English for EN, no guess for an unknown code)."""
    base, _, rest = code.partition("-")
    base = QT_NAMES.get(base, base)
    locale = QLocale(base + ("_" + rest.replace("-", "_") if rest else ""))
    if QLocale.languageToCode(locale.language()) != base:  # as written: not EN
        return QLocale.c()
    return locale


QT_NAMES = {"no": "nb"}
"""Tags Qt knows by another code: Norwegian is Bokmål to Qt (its «…», not English's)."""


def quote_marks(code: str) -> list[str]:
    """[opening, closing] quotation marks of the language `code`."""
    locale = _locale(code)
    if locale.language() == QLocale.Language.C:
        return ["\u201C", "\u201D"]
    opening, _, closing = locale.quoteString("\x00").partition("\x00")
    return [opening or "\u201C", closing or "\u201D"]


def _endonym(code: str) -> str:
    if code in LANGUAGE_NAMES:
        return LANGUAGE_NAMES[code]
    locale = _locale(code)
    base = code.split("-")[0]
    if locale.language() == QLocale.Language.C:  # never another's name (American English)
        return LANGUAGE_NAMES.get(base.lower(), code)
    name = locale.nativeLanguageName() or LANGUAGE_NAMES.get(base, code)
    return name[:1].upper() + name[1:]


def drawable(text: str) -> bool:
    """Whether some font on the machine (the bundled ones, or one Qt falls back to) is for the
    script of every letter of `text`: the script named by Unicode ("DEVANAGARI LETTER HA"),
    among the writing systems Qt's font database finds fonts for. A letter of a script Qt
    has no writing system for counts as drawable (as before)."""
    import unicodedata

    from PySide6.QtGui import QFontDatabase, QGuiApplication

    if QGuiApplication.instance() is None:
        return True  # no fonts to ask: as before
    known = {system.name.lower() for system in QFontDatabase.WritingSystem}
    present = {system.name.lower() for system in QFontDatabase.writingSystems()}
    for char in set(text):
        script = unicodedata.name(char, "").split(" ")[0].lower()
        if script in known and script not in present:
            return False
    return True


@QmlElement
@QmlUncreatable('the kiosk makes its controller and gives it to the window')
class KioskController(QObject):
    phaseChanged = Signal()
    languageChanged = Signal()
    currentIndexChanged = Signal()
    resetRequested = Signal()
    standChanged = Signal()
    closedChanged = Signal()
    closedTouched = Signal()
    noticeChanged = Signal()
    visitStarted = Signal()
    visitorActive = Signal()  # at most once a second while someone touches the screen
    itemOpened = Signal(str, str)  # what (source | sensitive | image), item id
    missingMediaChanged = Signal()

    def __init__(
        self,
        stand: Stand,
        folder: Path,
        idle_timeout: float | None = None,
        parent: QObject | None = None,
        *,
        animations: bool = True,
        whole_first_frame: bool = False,
        light: bool = False,
        rotation: int = 0,
        clock: Callable[[], float] = time.monotonic,
        idle_warning: float = WARNING_S,
        keys: Mapping[str, Sequence[str]] = KEY_ACTIONS,
    ) -> None:
        super().__init__(parent)
        self._keys = {action: list(sequence) for action, sequence in keys.items()}
        self.clock = clock
        """Seconds on a monotonic clock: when a visitor last acted, when the visit goes idle
        (a test gives its own, and calls `check_idle` instead of waiting)."""
        self._stand = stand
        self._folder = folder
        timeout = idle_timeout if idle_timeout is not None else float(stand.idle_timeout_s)
        self.session = Session(stand.languages, len(stand.panels), timeout,
                               warning_s=max(WARNING_S, idle_warning))
        self._still_there = False
        self._panels = RowsModel(PANEL_ROLES, self)
        self._contents = [RowsModel(ROLES_BY_KIND[p.kind], self) for p in stand.panels]
        self._unrendered = set(range(len(stand.panels)))
        """Panels whose rows no view has asked for yet: rendered when one does."""
        self._idle = QTimer(self)
        self._idle.setSingleShot(True)
        self._idle.timeout.connect(self.check_idle)
        self._animations = animations
        self._whole_first_frame = whole_first_frame
        self._light = light
        self._rotation = rotation if rotation in (0, 90, 180, 270) else 0
        self._large_text = False
        self._high_contrast = False
        self._low_reach = False
        self._audio = False
        self._narration = False
        self._closed = False
        self._notice = ""
        self._last_active_signal = 0.0
        self._missing: list[str] = []
        self._media: dict[str, Path] | None = None
        self._playback: Playback | None = None
        self._render()

    def replace_stand(self, stand: Stand, folder: Path) -> None:
        """Show another stand (a new version of this one): only between visits."""
        self._idle.stop()
        self._stand = stand
        self._folder = folder
        self._missing = []  # a stand that passed validation has all its pictures
        self._media = None
        self.missingMediaChanged.emit()
        self.session = Session(stand.languages, len(stand.panels), self.session.idle_timeout,
                               warning_s=self.session.warning_s)
        self._contents = [RowsModel(ROLES_BY_KIND[p.kind], self) for p in stand.panels]
        self._unrendered = set(range(len(stand.panels)))
        presenter = self._presenter()
        self._panels.set_rows([presenter.panel(i) for i in range(len(stand.panels))], reset=True)
        self.standChanged.emit()
        self.languageChanged.emit()
        self.phaseChanged.emit()
        self.currentIndexChanged.emit()
        self.resetRequested.emit()

    @property
    def stand(self) -> Stand:
        return self._stand

    @property
    def folder(self) -> Path:
        return self._folder

    # --- outside opening hours, and messages for staff ---------------------------------

    @Property(bool, notify=closedChanged, final=True)
    def closed(self) -> bool:
        return self._closed

    def set_closed(self, closed: bool) -> None:
        if closed != self._closed:
            self._closed = closed
            if closed:
                self.resetToAttract()
            self.closedChanged.emit()


    @Property(str, notify=noticeChanged, final=True)
    def notice(self) -> str:
        """A one-line diagnostic for staff (safe mode), shown small on the attract screen."""
        return self._notice

    def set_notice(self, text: str) -> None:
        if text != self._notice:
            self._notice = text
            self.noticeChanged.emit()


    # --- presentation --------------------------------------------------------------

    def _presenter(self) -> Presenter:
        language = self.session.language
        return Presenter(self._stand, self._folder, language, LocaleFormats(language))

    def _render(self) -> None:
        """The panels' titles now; each panel's rows as soon as a view shows it. The attract
        screen shows no panel, so the first frame does not wait for them (nor for the
        region names they need)."""
        presenter = self._presenter()
        self._panels.set_rows([presenter.panel(i) for i in range(len(self._stand.panels))])
        for index, model in enumerate(self._contents):
            if index not in self._unrendered:
                model.set_rows(presenter.rows(index))

    @Property(RowsModel, constant=True, final=True)
    def panels(self) -> RowsModel:
        return self._panels

    @Slot(int, result=RowsModel)
    def panelContent(self, index: int) -> RowsModel | None:
        if not 0 <= index < len(self._contents):
            return None
        if index in self._unrendered:
            self._unrendered.discard(index)
            self._contents[index].set_rows(self._presenter().rows(index))
        return self._contents[index]

    @Slot(int, result="QVariantList")
    def timeline(self, index: int) -> list[dict[str, Any]]:
        return self._presenter().timeline(index)

    def _accent(self) -> str:
        look = getattr(self._stand, "look", None)
        return str(look.accent) if look is not None and look.accent else ""

    @Slot(int, result=str)
    def mapSource(self, index: int) -> str:
        """The map with the panel's countries, in the high-contrast colours when chosen (QML
        reads `highContrast` alongside, so the map follows the choice)."""
        highlights = self._presenter().map_highlights(index)
        if not highlights:
            return ""
        accent = self._accent()
        return ("image://map/" + encode_highlights(highlights)
                + ("?hc" if self._high_contrast
                   else f"?accent={normalise(accent)[1:]}" if accent else ""))

    @Slot(int, float, float, result=str)
    def countryAt(self, index: int, x: float, y: float) -> str:
        """The highlighted country at (x, y), given as fractions of the map's width and height."""
        highlights = self._presenter().map_highlights(index)
        geography = world_map()
        return geography.country_at(x * geography.width, y * geography.height, set(highlights))

    @Slot(int, str, result="QVariantList")
    def countryEntries(self, index: int, code: str) -> list[dict[str, Any]]:
        return self._presenter().country_entries(index, code)

    @Slot(str, result="QVariantMap")
    def source(self, source_id: str) -> dict[str, Any]:
        row = self._presenter().source(source_id)
        if row.get("url"):
            row["qr"] = "image://qr/" + quote(row["url"], safe="")
        return row

    # --- the stand's texts in the current language --------------------------------

    def _t(self, value: Any) -> str:
        return self._stand.text(value, self.session.language)

    @Property(str, notify=languageChanged, final=True)
    def title(self) -> str:
        return self._t(self._stand.title)

    @Property(str, notify=languageChanged, final=True)
    def subtitle(self) -> str:
        return self._t(self._stand.subtitle)

    @Property(str, notify=languageChanged, final=True)
    def headline(self) -> str:
        return self._t(self._stand.attract.headline) or self._t(self._stand.subtitle)

    @Property(list, notify=languageChanged, final=True)
    def prompts(self) -> list[str]:
        """The attract prompt in every language of the stand, the current one first."""
        prompt = self._stand.attract.prompt
        languages = list(self._stand.languages)
        start = languages.index(self.session.language)
        labels = self._stand.own_labels()
        texts = [self._stand.text(prompt, lang) if prompt else strings_for(lang, labels)["continue"]
                 for lang in languages[start:] + languages[:start]]
        return list(dict.fromkeys(texts))

    @Property(str, notify=standChanged, final=True)
    def attractImage(self) -> str:
        return media_url(self._folder, self._stand.attract.image)

    # --- media gone from the disk -------------------------------------------------------

    def media_files(self) -> dict[str, Path]:
        """The stand's pictures (the attract picture, the logo, the sections' pictures, the
        posters of videos and recordings): their URL as QML gets it -> the file."""
        if self._media is not None:
            return self._media
        files: dict[str, Path] = {}
        references = [self._stand.attract.image, self._stand.look.logo,
                      *(recording.poster for recording in self._stand.recordings())]
        for panel in self._stand.panels:
            if panel.kind == "background":
                references += [s.image.file for s in panel.sections if s.image is not None]
        root = self._folder.resolve()
        for reference in references:
            if reference:
                files[media_url(root, reference)] = root / reference
        self._media = files
        return files

    def media_root(self) -> Path:
        """The stand's real folder: every picture shown must stay inside it."""
        return self._folder.resolve()

    @Property(list, notify=missingMediaChanged, final=True)
    def missingMedia(self) -> list[str]:
        """URLs of the stand's pictures that are gone from the disk (found by the stand
        watcher, off this thread): QML shows a placeholder instead of asking Qt for them."""
        return list(self._missing)

    def set_missing_media(self, urls: list[str]) -> None:
        if urls == self._missing:
            return
        for url in urls:
            if url not in self._missing:
                log.error("the picture %s is gone from the stand folder; a placeholder is "
                          "shown in its place (import the stand again)", url)
        for url in self._missing:
            if url not in urls:
                log.info("the picture %s is back in the stand folder", url)
        self._missing = list(urls)
        self.missingMediaChanged.emit()

    @Slot(str, result=bool)
    def mediaMissing(self, url: str) -> bool:
        """Whether a picture about to open full screen is gone: one look at the file (a
        tap, not a frame), so the viewer shows its placeholder, not a black screen."""
        if url in self._missing:
            return True
        path = self.media_files().get(url)
        if path is None or still_inside(path, self.media_root()):
            return False
        self.set_missing_media([*self._missing, url])
        return True

    @Property(dict, notify=languageChanged, final=True)
    def ui(self) -> dict[str, str]:
        return strings_for(self.session.language, self._stand.own_labels())

    # --- the stand's own look --------------------------------------------------------------

    @Property(dict, notify=standChanged, final=True)
    def look(self) -> dict[str, Any]:
        """The stand's colours for Theme (empty: Theme's own), its attract overlay (mode
        "default", "tone" or "none") and its logo's URL."""
        look = getattr(self._stand, "look", None)
        if look is None:
            return {"colours": {}, "overlay": "default", "overlayColour": "", "overlayStrength": 0,
                    "logo": ""}
        overlay = look.attract_overlay
        mode = "default" if overlay is None else "none" if overlay == "none" else "tone"
        return {
            "colours": accent_shades(look.accent) if look.accent else {},
            "overlay": mode,
            "overlayColour": overlay.colour if mode == "tone" else "",
            "overlayStrength": overlay.strength if mode == "tone" else 0,
            "logo": media_url(self._folder, look.logo),
        }

    # --- languages -------------------------------------------------------------------

    @Property(list, notify=standChanged, final=True)
    def languages(self) -> list[dict[str, str]]:
        return [{"code": code, "name": language_name(code)} for code in self._stand.languages]

    def _get_language(self) -> str:
        return self.session.language

    @Slot(str)
    def setLanguage(self, language: str) -> None:
        if language == self.session.language:
            return
        if not self.session.set_language(language):
            log.warning("language %r is not one of the stand's", language)
            return
        self._render()
        self.languageChanged.emit()

    language = Property(str, _get_language, setLanguage, notify=languageChanged, final=True)

    @Property(bool, notify=languageChanged, final=True)
    def rtl(self) -> bool:
        return is_rtl(self.session.language)

    @Property(list, notify=languageChanged, final=True)
    def quoteMarks(self) -> list[str]:
        """The opening and closing quotation marks of the visitor's language, from Qt's
        copy of CLDR: «…» in Greek and Russian, „…“ in German, ”…” in Hebrew, ”…“ in Arabic;
        English's “…” where Qt does not know the language."""
        return quote_marks(self.session.language)

    @Slot(str, result=str)
    def caps(self, text: str) -> str:
        """`text` in capitals as the visitor's language writes them: Greek drops its accents
        (ΠΑΡΑΘΕΣΗ, not ΠΑΡΆΘΕΣΗ), Azerbaijani and Turkish keep the dot (İ). Qt's
        Font.AllUppercase knows neither."""
        return _locale(self.session.language).toUpper(text)

    # --- the visit -------------------------------------------------------------------

    @Property(str, notify=phaseChanged, final=True)
    def phase(self) -> str:
        return self.session.phase.value

    def _get_current_index(self) -> int:
        return self.session.panel_index

    @Slot(int)
    def goTo(self, index: int) -> None:
        before = self.session.panel_index
        if self.session.go_to(index) != before:
            self.currentIndexChanged.emit()

    currentIndex = Property(int, _get_current_index, goTo, notify=currentIndexChanged,
                            final=True)

    @Slot()
    def activity(self) -> None:
        """Any touch, click or key: starts a visit on the attract screen, re-arms the idle timer."""
        if self._closed:
            self.closedTouched.emit()
            return
        was = self.session.phase
        now = self.clock()
        if now - self._last_active_signal >= 1.0:
            self._last_active_signal = now
            self.visitorActive.emit()
        started = self.session.touch(now)
        self._set_still_there(False)  # the visitor is there: the visit goes on
        if started:
            self.currentIndexChanged.emit()
            self.phaseChanged.emit()
            self.visitStarted.emit()
        if (was is Phase.BROWSING or started) and not self._idle.isActive():
            self._idle.start(max(1, int(self.session.next_idle_check(now) * 1000)))

    @Slot()
    def resetToAttract(self) -> None:
        self._idle.stop()
        self._set_still_there(False)
        language_before = self.session.language
        self.session.reset()
        self._set_large_text(False)
        self._set_high_contrast(False)
        self._set_low_reach(False)
        self._set_audio(False)
        if language_before != self.session.language:
            self._render()
            self.languageChanged.emit()
        self.currentIndexChanged.emit()
        self.phaseChanged.emit()
        self.resetRequested.emit()

    def check_idle(self) -> None:
        """Ask "Still there?" once the visit has been idle long enough, go back to the attract
        screen when it has been idle for the whole timeout, else look again when either is
        due (the idle timer calls this)."""
        if self.session.phase is not Phase.BROWSING:
            return
        now = self.clock()
        state = self.session.idle_state(now)
        if state is Idle.DUE:
            log.info("idle for %.0f s: back to the attract screen", self.session.reset_after)
            self.resetToAttract()
            return
        self._set_still_there(state is Idle.WARNING)
        self._idle.start(max(1, int(self.session.next_idle_check(now) * 1000) + 1))

    stillThereChanged = Signal()

    def _set_still_there(self, value: bool) -> None:
        if value != self._still_there:
            self._still_there = value
            self.stillThereChanged.emit()

    @Property(bool, notify=stillThereChanged, final=True)
    def stillThere(self) -> bool:
        """Whether "Still there?" is shown: the visit is about to end for want of a touch."""
        return self._still_there

    @Property(dict, constant=True, final=True)
    def keys(self) -> dict[str, list[str]]:
        """The keys of each keypad action (settings `keys:`): next, previous, select, back,
        home; each a list of key sequences, as QML's Shortcut takes them."""
        return self._keys

    @Property(int, constant=True, final=True)
    def idleWarningMs(self) -> int:
        """How long "Still there?" stands before the idle reset."""
        return int(self.session.warning_s * 1000)

    @Property(int, constant=True, final=True)
    def idleTimeoutMs(self) -> int:
        return int(self.session.idle_timeout * 1000)

    @Slot(str, str)
    def opened(self, what: str, item: str) -> None:
        self.itemOpened.emit(what, item)

    # --- accessibility: the visitor's choices (reset after each visit) and the device's ---

    accessibilityChanged = Signal()

    def _get_large_text(self) -> bool:
        return self._large_text

    def _set_large_text(self, value: bool) -> None:
        if value != self._large_text:
            self._large_text = value
            self.accessibilityChanged.emit()

    largeText = Property(bool, _get_large_text, _set_large_text, notify=accessibilityChanged,
                         final=True)

    def _get_high_contrast(self) -> bool:
        return self._high_contrast

    def _set_high_contrast(self, value: bool) -> None:
        if value != self._high_contrast:
            self._high_contrast = value
            self.accessibilityChanged.emit()

    highContrast = Property(bool, _get_high_contrast, _set_high_contrast,
                            notify=accessibilityChanged, final=True)

    def _get_low_reach(self) -> bool:
        return self._low_reach

    def _set_low_reach(self, value: bool) -> None:
        if value != self._low_reach:
            self._low_reach = value
            self.accessibilityChanged.emit()

    lowReach = Property(bool, _get_low_reach, _set_low_reach, notify=accessibilityChanged,
                        final=True)

    audioChanged = Signal()

    def _get_audio(self) -> bool:
        return self._audio

    def _set_audio(self, value: bool) -> None:
        if value != self._audio and (self._narration or not value):
            self._audio = value
            self.audioChanged.emit()

    audio = Property(bool, _get_audio, _set_audio, notify=audioChanged, final=True)
    """Narration on (the Listen button, the audio key): a visitor's choice, off at the end of
    every visit, possible only where the stand has narration this kiosk can play."""

    def set_playback(self, playback: Playback) -> None:
        """The kiosk's player of videos and recordings (before the window is made)."""
        self._playback = playback

    @Property(Playback, constant=True, final=True)
    def playback(self) -> Playback | None:
        """The player of the stand's videos and recordings (issue 16; none in a test that
        makes no kiosk)."""
        return self._playback

    def set_narration(self, available: bool) -> None:
        self._narration = available
        self.audioChanged.emit()

    @Property(bool, notify=audioChanged, final=True)
    def narration(self) -> bool:
        """Whether the stand has narration and this kiosk can play it."""
        return self._narration
    """The screen's content and controls moved into its lower part, within reach from a
    wheelchair or of a child (a visitor's choice, undone at the end of the visit)."""

    @Property(list, notify=accessibilityChanged, final=True)
    def groupColours(self) -> list[str]:
        return list(group_colours(self._high_contrast, self._accent()))

    @Property(bool, constant=True, final=True)
    def lightTheme(self) -> bool:
        return self._light

    @Property(int, constant=True, final=True)
    def rotation(self) -> int:
        """Degrees the interface is turned clockwise, for a display mounted on its side."""
        return self._rotation

    # --- rendering mode ------------------------------------------------------------------

    @Property(bool, constant=True, final=True)
    def animations(self) -> bool:
        """False when rendering snapshots: every screen is shown settled."""
        return self._animations

    @Property(bool, constant=True, final=True)
    def wholeFirstFrame(self) -> bool:
        """True when the kept start picture is on the screen: the attract screen's pictures
        are decoded before the first frame, so that frame is the picture, pixel for pixel
        (else they come a moment after the words, decoded on a thread)."""
        return self._whole_first_frame
