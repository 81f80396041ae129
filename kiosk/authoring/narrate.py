"""Narration clips for a stand, made offline (`kiosk narrate`), and their check (`kiosk
validate`): a clip per line of narration and language, in the stand's own folder.

    narration/manifest.json     {language: {key: {"file", "text_sha256", "made_by"}}}
    narration/<language>/<key>.wav

A clip is made by a speech engine run as a program of its own (espeak-ng, from Debian), never
while a visitor waits; staff listen to them and may replace any with a recording of a human
voice (`kiosk narrate --adopt` records it as theirs: it is never made again, only reported
stale when its text changes). The manifest keeps a digest of the text each clip says, so a
text edited since is found. The lines themselves come from `kiosk.visit.narration`.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any, Protocol

from kiosk.content.problems import Problem, Severity
from kiosk.files import atomic_write, read_head, read_small

FOLDER = "narration"
MANIFEST = "manifest.json"
ENGINE = "espeak-ng"
ENGINE_TIMEOUT_S = 120.0
MAX_MANIFEST_BYTES = 4 * 1024 * 1024
"""The largest manifest read (thousands of clips in a dozen languages are far below)."""
MAX_CLIP_BYTES = 64 * 1024 * 1024
"""The largest clip played (six minutes of 16-bit stereo at 48 kHz: no line is that long)."""
MISSING = "does not exist"
"""How `clip_problem` ends for a clip not made or recorded yet (not a fault of a file)."""
MAX_TEXT = 20_000
"""The most characters of one clip's text given to the engine (a stand's longest section is
far below; validation bounds every text)."""
VOWELLED_ONLY = {"ar": "Arabic", "fa": "Persian", "ur": "Urdu"}
"""Languages espeak-ng reads well only from fully vowelled text, which a screen seldom shows:
in these a clip is made only from an item's `narration:` words (staff write them vowelled);
every other line needs a recording (`--adopt`)."""


class Spoken(Protocol):
    """A line of narration (`kiosk.visit.narration.Line`)."""

    @property
    def key(self) -> str: ...
    @property
    def text(self) -> str: ...
    @property
    def path(self) -> tuple[str | int, ...]: ...
    @property
    def what(self) -> str: ...
    @property
    def written(self) -> bool: ...  # the stand gives its words for narration (`narration:`)
    @property
    def fingerprint(self) -> str: ...  # what the clip's digest covers


class NarrationError(Exception):
    """The engine is missing or cannot speak a language: nothing was made for it."""


@dataclass
class Outcome:
    made: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)  # unchanged, or recorded by staff
    adopted: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    unvoiced: list[str] = field(default_factory=list)  # need a recording or `narration:` words


def digest(text: str) -> str:
    import hashlib  # here: hashlib loads OpenSSL (~3.7 MB RSS), which `kiosk run` never needs

    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def clip_name(language: str, key: str) -> str:
    """The clip's path in the stand folder (POSIX), e.g. narration/az/figures--figure-2.wav."""
    return f"{FOLDER}/{language}/{key.replace('/', '--')}.wav"


def clip_problem(folder: Path, language: str, key: str) -> str | None:
    """Why the clip of line `key` in `language` cannot be played, or None when it can: it
    must be a regular file inside the stand folder (a link may lead only to a file of the
    stand), at most MAX_CLIP_BYTES, and a WAV file. Nothing here blocks: a pipe or a device
    in a clip's place is refused without being opened for reading."""
    name = clip_name(language, key)
    parts = PurePosixPath(name).parts
    if (not language or "\\" in name or "\0" in name or ".." in parts
            or len(parts) != 3 or "/" in language):
        return f"'{name}' is not a clip's name"
    try:
        root = folder.resolve()
        real = (folder / name).resolve(strict=True)
    except FileNotFoundError:
        return f"'{name}' {MISSING}"
    except (OSError, RuntimeError) as exc:  # a loop of links
        return f"'{name}' cannot be read ({exc})"
    if not real.is_relative_to(root):
        return f"'{name}' is a link that leads outside the stand folder"
    try:
        head = read_head(real, 12, MAX_CLIP_BYTES)  # never blocks, even on a pipe
    except OSError as exc:
        if exc.errno == errno.EINVAL:
            return f"'{name}' is not a regular file (a pipe, a device or a folder)"
        if exc.errno == errno.EFBIG:
            return f"'{name}' is larger than {MAX_CLIP_BYTES // 2**20} MB"
        return f"'{name}' cannot be read ({exc.strerror or exc})"
    if not (head.startswith(b"RIFF") and head[8:12] == b"WAVE"):
        return f"'{name}' is not a WAV file"
    return None


def read_manifest(folder: Path) -> dict[str, dict[str, dict[str, Any]]]:
    """The manifest's entries by language and key (entries of the wrong type left out), or
    NarrationError for a manifest that cannot be read: too large, not a regular file (a pipe
    would block the reader), not JSON, nested past the parser's depth, not an object."""
    path = folder / FOLDER / MANIFEST
    try:
        if not path.resolve().is_relative_to(folder.resolve()):  # it, or narration/, a link
            raise NarrationError(f"{path}: a link that leads outside the stand folder")
        data = json.loads(read_small(path, MAX_MANIFEST_BYTES).decode("utf-8"))
    except FileNotFoundError:
        return {}
    except (ValueError, RecursionError) as exc:
        reason = "nested too deeply" if isinstance(exc, RecursionError) else exc
        raise NarrationError(f"{path}: cannot be read ({reason}); remove it to start afresh"
                             ) from None
    except (OSError, RuntimeError) as exc:  # RuntimeError: a loop of links
        raise NarrationError(f"{path}: cannot be read ({getattr(exc, 'strerror', None) or exc});"
                             " remove it to start afresh") from None
    if not isinstance(data, dict):
        raise NarrationError(f"{path}: not a manifest of narration clips")
    return {lang: {key: entry for key, entry in entries.items() if isinstance(entry, dict)}
            for lang, entries in data.items() if isinstance(entries, dict)}


def _write_manifest(folder: Path, manifest: dict[str, dict[str, dict[str, Any]]]) -> None:
    text = json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    (folder / FOLDER).mkdir(exist_ok=True)  # a first run that made nothing writes it too
    atomic_write(folder / FOLDER / MANIFEST, text.encode("utf-8"))


def needs_written_words(language: str) -> bool:
    """Whether the engine reads `language` only from words written for it (`narration:`)."""
    return language.split("-")[0].lower() in VOWELLED_ONLY


def engine_voice(language: str, engine: str = ENGINE) -> str:
    """The engine's voice for `language` (its base language where the tag has a region);
    raises NarrationError when the engine is missing or has none."""
    if shutil.which(engine) is None:
        raise NarrationError(f"{engine} is not installed (on Debian or Ubuntu: "
                             f"sudo apt-get install {engine})")
    base = language.split("-")[0].lower()
    for voice in (language.lower(), base):
        done = subprocess.run([engine, f"--voices={voice}"], capture_output=True, text=True,
                              timeout=30, check=False)
        for row in done.stdout.splitlines()[1:]:
            columns = row.split()
            if len(columns) > 1 and columns[1].lower() == voice:
                return voice
    raise NarrationError(f"{engine} has no voice for '{language}': record its narration and "
                         f"run `kiosk narrate STAND --lang {language} --adopt`")


def _speak(text: str, voice: str, target: Path, engine: str) -> None:
    """One clip: the engine reads `text` from its standard input (never a command line: no
    text can become an option) into a WAV file written beside `target`, then moved in."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, scratch = tempfile.mkstemp(suffix=".wav", dir=target.parent)
    os.close(handle)
    try:
        subprocess.run([engine, "-v", voice, "-w", scratch, "--stdin"],
                       input=text[:MAX_TEXT].encode("utf-8"), capture_output=True,
                       timeout=ENGINE_TIMEOUT_S, check=True)
        if Path(scratch).stat().st_size <= 44:  # a WAV header and no sound
            raise NarrationError(f"{engine} made no sound for {target.name}")
        os.replace(scratch, target)
    finally:
        Path(scratch).unlink(missing_ok=True)


def narrate(folder: Path, language: str, lines: Sequence[Spoken], *, adopt: bool = False,
            engine: str = ENGINE, progress: Callable[[str], None] = lambda _line: None,
            ) -> Outcome:
    """Make the clips of `lines` in `language` that are missing or stale; with `adopt`, take
    the WAV files staff put in place as their recordings instead (nothing is synthesised).
    A clip staff recorded is never replaced by the engine. In a language the engine reads
    only from vowelled text (`VOWELLED_ONLY`), only lines with the stand's `narration:` words
    are made; the others are listed in `unvoiced`, to record."""
    manifest = read_manifest(folder)
    _check_writable(folder, language)
    entries = manifest.setdefault(language, {})
    outcome = Outcome()
    voice = "" if adopt else engine_voice(language, engine)
    written_only = needs_written_words(language)
    try:
        for line in lines:
            name = clip_name(language, line.key)
            file = folder / name
            entry = entries.get(line.key, {})
            wanted = digest(line.fingerprint)
            if adopt:
                if clip_problem(folder, language, line.key) is None:
                    entries[line.key] = {"file": name, "text_sha256": wanted, "made_by": "recording"}
                    outcome.adopted.append(name)
                continue
            usable = clip_problem(folder, language, line.key) is None  # (not a link out, ...)
            if usable and (entry.get("made_by") == "recording"
                           or entry.get("text_sha256") == wanted):
                outcome.kept.append(name)
                continue
            if written_only and not line.written:
                outcome.unvoiced.append(f"{name}: {line.what}")
                file.parent.mkdir(parents=True, exist_ok=True)  # where staff put recordings
                continue
            progress(f"{name}: {line.what}")
            try:
                _speak(line.text, voice, file, engine)
            except (OSError, subprocess.SubprocessError, NarrationError) as exc:
                outcome.failed.append(f"{name}: {exc}")
                continue
            entries[line.key] = {"file": name, "text_sha256": wanted, "made_by": engine}
            outcome.made.append(name)
    finally:
        _write_manifest(folder, manifest)  # what was made so far is kept, even on Ctrl+C
    return outcome


def _check_writable(folder: Path, language: str) -> None:
    """NarrationError unless the clips of `language` are written inside the stand folder: a
    narration/ or narration/<language>/ that is a link out of it would have `kiosk narrate`
    write (and replace) files elsewhere."""
    where = folder / FOLDER / language
    try:
        inside = (bool(language) and "/" not in language and language not in (".", "..")
                  and where.resolve().is_relative_to(folder.resolve()))
    except (OSError, RuntimeError):
        inside = False
    if not inside:
        raise NarrationError(f"{where} leads outside the stand folder: nothing was written")


def narration_problems(folder: Path, stand_file: Path, languages: Iterable[str],
                       lines_for: Callable[[str], Sequence[Spoken]],
                       where: Callable[[tuple[str | int, ...]], tuple[int, int]],
                       ) -> list[Problem]:
    """Warnings for narration missing or stale, at the line of each item in stand.yaml. A
    stand without narration (no manifest) has none: narration is an extension."""
    manifest_file = folder / FOLDER / MANIFEST
    if not manifest_file.exists() and not manifest_file.is_symlink():
        return []
    try:
        manifest = read_manifest(folder)
    except NarrationError as exc:
        return [Problem(manifest_file, 0, 0, Severity.ERROR, str(exc))]
    problems = []
    for language in languages:
        entries = manifest.get(language, {})
        for line in lines_for(language):
            entry = entries.get(line.key)
            at_line, column = where(line.path)
            unusable = clip_problem(folder, language, line.key)
            if entry is not None and unusable is not None and not unusable.endswith(MISSING):
                problems.append(Problem(
                    stand_file, at_line, column, Severity.ERROR,
                    f"the narration of {line.what} in '{language}' cannot be played: "
                    f"{unusable}", "put a WAV recording there, or run "
                    f"`kiosk narrate {folder} --lang {language}` to make one"))
            elif entry is None or unusable is not None:
                problems.append(Problem(
                    stand_file, at_line, column, Severity.WARNING,
                    f"no narration of {line.what} in '{language}'",
                    _missing_hint(folder, language, line)))
            elif entry.get("text_sha256") != digest(line.fingerprint):
                problems.append(Problem(
                    stand_file, at_line, column, Severity.WARNING,
                    f"the narration of {line.what} in '{language}' is stale: its text changed "
                    "since the clip was made"
                    + (" (its `narration:` words or the words shown)" if line.written else ""),
                    f"run `kiosk narrate {folder} --lang {language}`"
                    + (", and record it again" if entry.get("made_by") == "recording" else "")))
    return problems


def _missing_hint(folder: Path, language: str, line: Spoken) -> str:
    make = f"`kiosk narrate {folder} --lang {language}`"
    if not needs_written_words(language) or line.written:
        return f"run {make}, or record it"
    if line.path[:1] in (("labels",), ("languages",)):  # the kiosk's own words
        return f"record it, then run {make[:-1]} --adopt`"
    return (f"record it, or give the item `narration:` words in '{language}', fully vowelled, "
            f"and run {make}")
