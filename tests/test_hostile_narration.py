"""Hostile narration (issue 18's new input paths): a stand's narration/manifest.json, its
clips narration/<language>/<key>.wav and an item's `narration:` words come from outside and
are untrusted. Each case proves the kiosk's answer: a problem at its line from `kiosk
validate`, or a clean refusal, never a crash, a hang, or a file outside the stand played."""

from __future__ import annotations

import json
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from kiosk.authoring import narrate as narration
from kiosk.authoring.narrate import (
    NarrationError,
    clip_name,
    clip_problem,
    narrate,
    read_manifest,
)
from kiosk.content import load_stand
from tests.stands import copy_sample, edit, finishes, line_of, wav


@dataclass(frozen=True)
class Line:
    key: str
    text: str = "Hello"
    path: tuple[str | int, ...] = ("title",)
    what: str = "the title"
    written: bool = False
    fingerprint: str = "Hello"


def manifest(stand: Path, data: bytes | str) -> Path:
    file = stand / "narration" / "manifest.json"
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_bytes(data.encode() if isinstance(data, str) else data)
    return file


def problems(stand: Path, lines: list[Line], languages: tuple[str, ...] = ("en",)) -> list[Any]:
    return narration.narration_problems(stand, stand / "stand.yaml", languages,
                                        lambda _language: lines, lambda _path: (3, 1))


# --- the manifest ------------------------------------------------------------------------


def test_a_deeply_nested_manifest_is_an_error_not_a_crash(tmp_path: Path) -> None:
    file = manifest(tmp_path, "[" * 200_000 + "]" * 200_000)
    with pytest.raises(NarrationError, match=r"cannot be read \(nested too deeply\)"):
        read_manifest(tmp_path)
    found = problems(tmp_path, [Line("title")])
    assert [(p.file, p.severity.name) for p in found] == [(file, "ERROR")]


def test_a_huge_manifest_is_refused_without_reading_it(tmp_path: Path) -> None:
    file = manifest(tmp_path, b"{")
    os.truncate(file, 100 * 1024 * 1024)  # sparse: 100 MB that cost nothing
    with pytest.raises(NarrationError, match="larger than"):
        finishes(lambda: read_manifest(tmp_path), 2.0)


def test_a_fifo_in_place_of_the_manifest_does_not_block(tmp_path: Path) -> None:
    (tmp_path / "narration").mkdir()
    os.mkfifo(tmp_path / "narration" / "manifest.json")
    with pytest.raises(NarrationError, match="not a regular file"):
        finishes(lambda: read_manifest(tmp_path))
    assert [p.severity.name for p in finishes(lambda: problems(tmp_path, [Line("t")]))] == ["ERROR"]


@pytest.mark.parametrize("data", ["[1, 2]", '"clips"', "null", "42"])
def test_a_manifest_that_is_not_an_object_is_refused(tmp_path: Path, data: str) -> None:
    manifest(tmp_path, data)
    with pytest.raises(NarrationError, match="not a manifest"):
        read_manifest(tmp_path)


def test_entries_of_the_wrong_type_are_not_a_crash(tmp_path: Path) -> None:
    clip = tmp_path / clip_name("en", "title")
    clip.parent.mkdir(parents=True)
    clip.write_bytes(wav())
    manifest(tmp_path, json.dumps({"en": {"title": ["not", "an", "entry"], "x": 3}, "az": []}))
    found = problems(tmp_path, [Line("title")])
    assert len(found) == 1 and found[0].severity.name == "WARNING", found  # as if no entry
    outcome = narrate(tmp_path, "en", [Line("title")], adopt=True)  # and --adopt mends it
    assert outcome.adopted == [clip_name("en", "title")]
    assert read_manifest(tmp_path)["en"]["title"]["made_by"] == "recording"


def test_an_entry_whose_file_leaves_the_folder_is_never_followed(tmp_path: Path) -> None:
    secret = tmp_path / "secret.wav"
    secret.write_bytes(wav())
    stand = tmp_path / "stand"
    manifest(stand, json.dumps({"en": {"title": {"file": "../../secret.wav",
                                                 "text_sha256": narration.digest("Hello"),
                                                 "made_by": "recording"}}}))
    # the clip is looked for where its key says, never where the entry's "file" says
    assert [p.message for p in problems(stand, [Line("title")])] == [
        "no narration of the title in 'en'"]
    assert clip_problem(stand, "en", "title") is not None


# --- the clips ---------------------------------------------------------------------------


@pytest.mark.parametrize("key", ["../../../etc/passwd", "..", "a/../../b", "/etc/passwd",
                                 "x\0y", "..\\..\\x"])
def test_a_key_cannot_name_a_clip_outside_its_language_folder(tmp_path: Path, key: str) -> None:
    name = clip_name("en", key)
    assert os.path.dirname(os.path.normpath(name)) == "narration/en", name
    assert clip_problem(tmp_path, "en", key) is not None  # and nothing is there to play


@pytest.mark.parametrize("language", ["../..", "..", "en/../../x", ""])
def test_a_language_cannot_lead_out_of_the_narration_folder(tmp_path: Path, language: str) -> None:
    outside = tmp_path / "title.wav"
    outside.write_bytes(wav())
    stand = tmp_path / "stand"
    (stand / "narration").mkdir(parents=True)
    assert clip_problem(stand, language, "title") is not None


def _stand_with_clip(tmp_path: Path) -> tuple[Path, Path]:
    stand = tmp_path / "stand"
    clip = stand / clip_name("en", "title")
    clip.parent.mkdir(parents=True)
    manifest(stand, json.dumps({"en": {"title": {"file": clip_name("en", "title"),
                                                 "text_sha256": narration.digest("Hello"),
                                                 "made_by": "recording"}}}))
    return stand, clip


def test_a_clip_that_is_a_link_out_of_the_stand_is_never_played_nor_adopted(tmp_path: Path) -> None:
    stand, clip = _stand_with_clip(tmp_path)
    other = tmp_path / "other.wav"  # another stand's clip, or /etc/passwd
    other.write_bytes(wav())
    clip.symlink_to(other)
    assert clip_problem(stand, "en", "title") is not None
    found = problems(stand, [Line("title")])
    assert [p.severity.name for p in found] == ["ERROR"] and "outside" in found[0].message, found
    assert narrate(stand, "en", [Line("title")], adopt=True).adopted == []


def test_a_clip_that_links_to_etc_passwd_is_not_played(tmp_path: Path) -> None:
    stand, clip = _stand_with_clip(tmp_path)
    clip.symlink_to("/etc/passwd")
    assert clip_problem(stand, "en", "title") is not None


def test_a_link_to_a_clip_inside_the_stand_is_kept(tmp_path: Path) -> None:
    stand, clip = _stand_with_clip(tmp_path)
    (stand / "media").mkdir()
    (stand / "media" / "hello.wav").write_bytes(wav())
    clip.symlink_to(stand / "media" / "hello.wav")
    assert clip_problem(stand, "en", "title") is None
    assert problems(stand, [Line("title")]) == []


def test_a_fifo_named_like_a_clip_does_not_block(tmp_path: Path) -> None:
    stand, clip = _stand_with_clip(tmp_path)
    os.mkfifo(clip)
    assert finishes(lambda: clip_problem(stand, "en", "title")) is not None
    found = finishes(lambda: problems(stand, [Line("title")]))
    assert [p.severity.name for p in found] == ["ERROR"], found
    assert "not a regular file" in found[0].message
    assert finishes(lambda: narrate(stand, "en", [Line("title")], adopt=True)).adopted == []


def test_a_device_named_like_a_clip_is_refused(tmp_path: Path) -> None:
    stand, clip = _stand_with_clip(tmp_path)
    clip.symlink_to("/dev/zero")  # a device (staff cannot mknod, but a link does it)
    assert finishes(lambda: clip_problem(stand, "en", "title")) is not None


@pytest.mark.parametrize("data", [b"\x00\x00\x00\x18ftypmp42" + b"\0" * 100,
                                  os.urandom(4096), b"", b"RIFF"])
def test_a_clip_that_is_not_a_wav_is_an_error_and_not_played(tmp_path: Path, data: bytes) -> None:
    stand, clip = _stand_with_clip(tmp_path)
    clip.write_bytes(data)
    assert clip_problem(stand, "en", "title") is not None
    found = problems(stand, [Line("title")])
    assert [p.severity.name for p in found] == ["ERROR"] and "WAV" in found[0].message, found
    assert narrate(stand, "en", [Line("title")], adopt=True).adopted == []


def test_a_2_gb_sparse_wav_is_refused_at_once(tmp_path: Path) -> None:
    stand, clip = _stand_with_clip(tmp_path)
    clip.write_bytes(wav())
    os.truncate(clip, 2 * 1024**3)
    assert clip.stat().st_size == 2 * 1024**3 and clip.stat().st_blocks * 512 < 2**20
    assert finishes(lambda: clip_problem(stand, "en", "title"), 2.0) is not None
    found = problems(stand, [Line("title")])
    assert [p.severity.name for p in found] == ["ERROR"] and "MB" in found[0].message, found


def test_a_good_clip_is_found(tmp_path: Path) -> None:
    stand, clip = _stand_with_clip(tmp_path)
    clip.write_bytes(wav())
    assert clip_problem(stand, "en", "title") is None
    assert problems(stand, [Line("title")]) == []
    assert stat.S_ISREG(clip.stat().st_mode)


# --- the engine --------------------------------------------------------------------------


def fake_engine(tmp_path: Path) -> tuple[Path, Path]:
    """A stand-in for espeak-ng that records its arguments and input, and writes a WAV."""
    engine = tmp_path / "fake-espeak"
    record = tmp_path / "record"
    engine.write_text(
        "#!/bin/sh\n"
        f'if [ "${{1#--voices}}" != "$1" ]; then echo "Pty Language Age/Gender VoiceName"; '
        'echo " 5  en  M  english"; exit 0; fi\n'
        f'printf "%s\\n" "$@" > {record}.argv\n'
        f"cat > {record}.stdin\n"
        'while [ "$1" != "-w" ]; do shift; done\n'
        'head -c 200 /dev/zero | sed "s/^/RIFF/" > "$2"\n')
    engine.chmod(0o755)
    return engine, record


def test_text_reaches_the_engine_on_stdin_only_and_never_as_markup(tmp_path: Path) -> None:
    engine, record = fake_engine(tmp_path)
    hostile = "-m --stdout -w /tmp/owned.wav <speak><audio src='/etc/passwd'/></speak>"
    outcome = narrate(tmp_path / "stand", "en", [Line("title", text=hostile)], engine=str(engine))
    assert outcome.made == [clip_name("en", "title")], outcome
    argv = Path(f"{record}.argv").read_text().split("\n")[:-1]
    assert argv[:2] == ["-v", "en"] and argv[-1] == "--stdin", argv
    assert "-m" not in argv and not any(hostile in arg or "speak" in arg for arg in argv)
    assert Path(f"{record}.stdin").read_text() == hostile
    assert not Path("/tmp/owned.wav").exists()


def test_narrate_never_writes_through_a_language_folder_linked_out_of_the_stand(
    tmp_path: Path,
) -> None:
    engine, _ = fake_engine(tmp_path)
    elsewhere = tmp_path / "elsewhere"  # staff's own folder, or another stand's clips
    elsewhere.mkdir()
    stand = tmp_path / "stand"
    (stand / "narration").mkdir(parents=True)
    (stand / "narration" / "en").symlink_to(elsewhere)
    with pytest.raises(NarrationError, match="leads outside the stand folder"):
        narrate(stand, "en", [Line("title")], engine=str(engine))
    assert list(elsewhere.iterdir()) == []


# --- narration: words -------------------------------------------------------------------


def _with_narration(tmp_path: Path, value: str) -> tuple[str, Any]:
    stand = copy_sample(tmp_path / "stand")
    text = (stand / "stand.yaml").read_text(encoding="utf-8")
    text = edit(text, "\ntitle:\n", f"\nnarration: {value}\ntitle:\n")
    (stand / "stand.yaml").write_text(text, encoding="utf-8")
    return text, finishes(lambda: load_stand(stand))


@pytest.mark.parametrize(("value", "phrase"), [
    ('"Bad \\e[31m escape"', "control character"),
    ('"abc \\u202e cba"', "U+202E"),
    ('"a\\0b"', "control character"),
])
def test_control_and_bidi_characters_are_errors_at_their_line(
    tmp_path: Path, value: str, phrase: str,
) -> None:
    text, result = _with_narration(tmp_path, value)
    at = line_of(text, "\nnarration:") + 1
    assert result.stand is None
    assert any(p.line == at and phrase in p.message for p in result.errors), [
        p.format() for p in result.problems]


def test_bidi_isolates_in_narration_are_a_warning_at_their_line(tmp_path: Path) -> None:
    text, result = _with_narration(tmp_path, '{en: "ok", az: "\\u2066x\\u2069"}')
    at = line_of(text, "\nnarration:") + 1  # isolates only group (as in every text): shown
    assert any(p.line == at and "U+2066" in p.message for p in result.problems), [
        p.format() for p in result.problems]


def test_ten_megabytes_of_narration_is_an_error_quickly(tmp_path: Path) -> None:
    _, result = _with_narration(tmp_path, '"' + "word " * 2_000_000 + '"')
    assert result.stand is None
    assert [(p.line, p.message) for p in result.errors] == [(1, "stand.yaml is larger than 4 MB")]


def test_a_megabyte_of_narration_is_an_error_at_its_line(tmp_path: Path) -> None:
    text, result = _with_narration(tmp_path, '"' + "word " * 200_000 + '"')
    assert result.stand is None
    assert any(p.line == line_of(text, "\nnarration:") + 1 and "at most 10,000" in p.message
               for p in result.errors), [p.format() for p in result.problems]


def test_an_alias_bomb_aimed_at_narration_is_refused(tmp_path: Path) -> None:
    stand = copy_sample(tmp_path / "stand")
    text = (stand / "stand.yaml").read_text(encoding="utf-8")
    bomb = "x-a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
        f"x-{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, "
        f"*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
        for i in range(9))
    text = edit(text, "\ntitle:\n", f"\n{bomb}narration: *j\ntitle:\n")
    (stand / "stand.yaml").write_text(text, encoding="utf-8")
    result = finishes(lambda: load_stand(stand))
    assert result.stand is None and result.errors


@pytest.mark.parametrize("value", ["[a, b]", "true", "{en: [a]}", "{en: {x: y}}", "{}"])
def test_narration_of_the_wrong_type_is_an_error(tmp_path: Path, value: str) -> None:
    text, result = _with_narration(tmp_path, value)
    at = line_of(text, "\nnarration:") + 1
    assert result.stand is None, value
    assert any(p.line == at for p in result.errors), [p.format() for p in result.problems]


@pytest.mark.parametrize("language", ["'../../x'", "'en/../../x'", "'e\\u202en'"])
def test_a_language_code_like_a_path_is_an_error(tmp_path: Path, language: str) -> None:
    text, result = _with_narration(tmp_path, f'{{en: "fine", {language}: "hello"}}')
    at = line_of(text, "\nnarration:") + 1
    assert result.stand is None, language
    assert any(p.line == at for p in result.errors), [p.format() for p in result.problems]


def test_a_plain_string_and_a_map_both_load(tmp_path: Path) -> None:
    _, plain = _with_narration(tmp_path / "a", '"The title, for listening"')
    _, mapped = _with_narration(tmp_path / "b", '{en: "The title", az: "Başlıq"}')
    _, number = _with_narration(tmp_path / "c", "3.5")  # a number is its text, as everywhere
    assert plain.stand is not None and mapped.stand is not None and number.stand is not None
    assert number.stand.narration is not None


# --- on the kiosk and in the library ----------------------------------------------------


def _narrator(stand: Path) -> tuple[Any, list[tuple[str, tuple[Any, ...]]]]:
    """Narrator.say's own code over a stand, without Qt Multimedia: what it asks the player."""
    from types import SimpleNamespace

    from kiosk.ui.narrator import Narrator

    asked: list[tuple[str, tuple[Any, ...]]] = []
    fake = SimpleNamespace(_folder=stand, _queue=[], _last="", _player=object(), _on=lambda: True,
                           _controller=SimpleNamespace(session=SimpleNamespace(language="en")),
                           _later=lambda _target, slot, *arguments: asked.append((slot, arguments)))
    fake.clip = lambda key: Narrator.clip(fake, key)  # type: ignore[arg-type]
    return (lambda key: Narrator.say(fake, key)), asked  # type: ignore[arg-type]


def test_the_kiosk_never_plays_a_clip_that_leads_out_of_the_stand(
    tmp_path: Path, caplog: pytest.LogCaptureFixture,
) -> None:
    stand, clip = _stand_with_clip(tmp_path)
    clip.symlink_to("/etc/passwd")
    say, asked = _narrator(stand)
    with caplog.at_level("WARNING", logger="kiosk.narration"):
        say("title")
    assert [slot for slot, _ in asked] == ["stop"]  # silent, not the file outside
    assert "leads outside the stand folder" in caplog.text


def test_the_kiosk_does_not_block_on_a_fifo_clip(tmp_path: Path) -> None:
    stand, clip = _stand_with_clip(tmp_path)
    os.mkfifo(clip)
    say, asked = _narrator(stand)
    finishes(lambda: say("title"))
    assert [slot for slot, _ in asked] == ["stop"]


def test_the_kiosk_plays_a_good_clip(tmp_path: Path) -> None:
    stand, clip = _stand_with_clip(tmp_path)
    clip.write_bytes(wav())
    say, asked = _narrator(stand)
    say("title")
    assert [slot for slot, _ in asked] == ["setSource", "play"]


def test_a_nested_manifest_does_not_crash_an_import(tmp_path: Path) -> None:
    from kiosk.venue import library

    stand = copy_sample(tmp_path / "stand")
    manifest(stand, "[" * 200_000 + "]" * 200_000)
    version = library.import_stand(stand, tmp_path / "library", load_stand)
    assert (version.folder / "narration" / "manifest.json").is_file()  # validation says why


def test_an_import_never_copies_what_a_manifest_names_outside_the_stand(tmp_path: Path) -> None:
    from kiosk.venue import library

    (tmp_path / "x.wav").write_bytes(wav())
    stand = copy_sample(tmp_path / "stand")
    manifest(stand, json.dumps({"en": {"title": {"file": "narration/../../x.wav"},
                                       "t2": {"file": "/etc/passwd"}}}))
    version = library.import_stand(stand, tmp_path / "library", load_stand)
    assert not (version.folder / "x.wav").exists()
    assert not any(p.name in ("x.wav", "passwd") for p in version.folder.rglob("*"))


def test_an_import_refuses_a_clip_that_links_out_of_the_stand(tmp_path: Path) -> None:
    from kiosk.venue import library
    from kiosk.venue.library import ImportRefused

    (tmp_path / "other.wav").write_bytes(wav())
    stand = copy_sample(tmp_path / "stand")
    manifest(stand, json.dumps({"en": {"title": {"file": clip_name("en", "title")}}}))
    (stand / clip_name("en", "title")).parent.mkdir(parents=True)
    (stand / clip_name("en", "title")).symlink_to(tmp_path / "other.wav")
    with pytest.raises(ImportRefused, match="leads out of the stand"):
        library.import_stand(stand, tmp_path / "library", load_stand)


def test_an_import_refuses_a_fifo_clip(tmp_path: Path) -> None:
    from kiosk.venue import library
    from kiosk.venue.library import ImportRefused

    stand = copy_sample(tmp_path / "stand")
    manifest(stand, json.dumps({"en": {"title": {"file": clip_name("en", "title")}}}))
    (stand / clip_name("en", "title")).parent.mkdir(parents=True)
    os.mkfifo(stand / clip_name("en", "title"))
    with pytest.raises(ImportRefused, match="not a regular file"):
        finishes(lambda: library.import_stand(stand, tmp_path / "library", load_stand))


def test_kiosk_validate_names_a_clip_linked_out_at_its_items_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    from kiosk.cli import commands as cli

    stand = copy_sample(tmp_path / "stand")
    clip = stand / clip_name("en", "title")
    clip.parent.mkdir(parents=True)
    clip.symlink_to("/etc/passwd")
    manifest(stand, json.dumps({"en": {"title": {"file": clip_name("en", "title"),
                                                 "text_sha256": "x", "made_by": "recording"}}}))
    assert cli.main(["validate", str(stand)]) != 0
    said = capsys.readouterr().out
    at = line_of((stand / "stand.yaml").read_text(encoding="utf-8"),
                 'en: "The Khojaly genocide: 31 years"')  # the title's words in English
    errors = [row for row in said.splitlines() if ": error: " in row]
    assert len(errors) == 1 and f"stand.yaml:{at}:3: error: " in errors[0], errors
    assert "'narration/en/title.wav' is a link that leads outside the stand folder" in errors[0]


def test_a_manifest_that_links_out_of_the_stand_is_not_read(tmp_path: Path) -> None:
    other = tmp_path / "other" / "narration"  # another stand's manifest
    other.mkdir(parents=True)
    (other / "manifest.json").write_text(json.dumps({"en": {"title": {"file": "x"}}}))
    stand = tmp_path / "stand"
    (stand / "narration").mkdir(parents=True)
    (stand / "narration" / "manifest.json").symlink_to(other / "manifest.json")
    with pytest.raises(NarrationError, match="leads outside the stand folder"):
        read_manifest(stand)
    assert [p.severity.name for p in problems(stand, [Line("title")])] == ["ERROR"]
    (stand / "narration" / "manifest.json").unlink()
    (stand / "narration").rmdir()
    (stand / "narration").symlink_to(other)  # the whole folder
    with pytest.raises(NarrationError, match="leads outside the stand folder"):
        read_manifest(stand)


def test_a_clip_of_a_library_stand_plays_through_its_active_link(tmp_path: Path) -> None:
    from kiosk.venue import library

    stand = copy_sample(tmp_path / "stand")
    clip = stand / clip_name("en", "title")
    clip.parent.mkdir(parents=True)
    clip.write_bytes(wav())
    manifest(stand, json.dumps({"en": {"title": {"file": clip_name("en", "title")}}}))
    version = library.import_stand(stand, tmp_path / "library", load_stand)
    active = version.folder.parent.parent / library.ACTIVE  # the folder the kiosk runs from
    assert active.is_symlink() and (active / "stand.yaml").is_file()
    assert clip_problem(active, "en", "title") is None


def test_narrate_makes_again_a_clip_that_cannot_be_played_as_validate_advises(
    tmp_path: Path,
) -> None:
    engine, _ = fake_engine(tmp_path)
    stand, clip = _stand_with_clip(tmp_path)
    other = tmp_path / "other.wav"  # what the link led to: left as it was
    other.write_bytes(wav())
    clip.symlink_to(other)
    outcome = narrate(stand, "en", [Line("title")], engine=str(engine))
    assert outcome.made == [clip_name("en", "title")] and outcome.kept == [], outcome
    assert not clip.is_symlink() and clip.is_file()  # the link itself replaced
    assert other.read_bytes() == wav()
    clip.write_text("not a recording at all")  # a text file with a .wav name
    assert narrate(stand, "en", [Line("title")], engine=str(engine)).made == [
        clip_name("en", "title")]
