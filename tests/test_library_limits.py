"""Import limits (issue 11, class 3: disk is unbounded), unreferenced files, the disk budget,
`kiosk prune` and `kiosk remove`, and a property test over zip layouts.

Every hostile zip is built here, in the test, byte by byte where zipfile would refuse to
write it. Small limits are injected (`Limits(...)`) so each test stays fast.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import shutil
import stat
import tempfile
import unicodedata
import warnings
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from kiosk.cli import staff as staffcli
from kiosk.content import LoadResult, load_stand
from kiosk.venue import intake, library
from kiosk.venue.intake import Limits
from kiosk.venue.library import ImportRefused, LibraryError
from tests.stands import MINIMAL, png

STAND_ID = "mini"
STAND_YAML = MINIMAL.replace(
    "        body: Some text.\n", "        body: Some text.\n        image: {file: media/photo.png}\n"
)
PHOTO = png(32, 24)
Member = tuple[str | zipfile.ZipInfo, bytes]


def stand_members(prefix: str = "") -> list[Member]:
    return [(f"{prefix}stand.yaml", STAND_YAML.encode()), (f"{prefix}media/photo.png", PHOTO)]


def make_zip(path: Path, members: list[Member], method: int = zipfile.ZIP_DEFLATED) -> Path:
    with warnings.catch_warnings():  # zipfile warns about a duplicate name: that is the point
        warnings.simplefilter("ignore")
        with zipfile.ZipFile(path, "w", method) as zf:
            for name, data in members:
                zf.writestr(name, data)
    return path


def validate(folder: Path) -> LoadResult:
    return load_stand(folder)  # no decoder: the layout is under test, not the pictures


@pytest.fixture
def lib(tmp_path: Path) -> Path:
    return tmp_path / "library"


@pytest.fixture
def writes(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Every file an import starts to write (to prove a refusal came before any)."""
    written: list[Path] = []
    real = intake.write_file

    def counting(target: Path, *args: object, **kwargs: object) -> None:
        written.append(target)
        real(target, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(intake, "write_file", counting)
    return written


def assert_untouched(lib: Path) -> None:
    assert library.list_stands(lib) == []
    staging = lib / ".staging"
    assert not staging.exists() or list(staging.iterdir()) == []


def refused(src: Path, lib: Path, match: str, limits: Limits = intake.LIMITS) -> ImportRefused:
    with pytest.raises(ImportRefused, match=match) as caught:
        library.import_stand(src, lib, validate, limits=limits)
    [problem] = caught.value.problems
    assert problem.is_error and problem.message and problem.hint, problem
    assert_untouched(lib)
    return caught.value


# --- names and kinds -----------------------------------------------------------------------


@pytest.mark.parametrize(("name", "message"), [
    ("media\\x.png", "backslash"),
    ("C:/x.png", "absolute"),
    ("c:x.png", "absolute"),
    ("/etc/x.png", "absolute"),
    ("../x.png", r"leaves its folder \('\.\.'\)"),
    ("media/../../x.png", "leaves its folder"),
    ("media/\x1b]0;owned\x07.png", "control character"),
    ("media/\x7f\x85.png", "control character"),
    ("media/photo\u202egnp.exe", "invisible formatting character"),
    ("media\u2215photo.png", r"'\u2215' \(U\+2215\), which looks like '/'"),
    ("media\uff0fphoto.png", r"\(U\+FF0F\), which looks like '/'"),
    ("a/b/c/d/e/f/g/h/i/j/k.png", "11 folders deep, more than the limit of 10"),
    ("media/" + "x" * 300 + ".png", "304 bytes long, more than the limit of 255"),
    ("/".join(["d" * 200] * 6) + "/x.png", "bytes long, more than the limit of 1024"),
], ids=["backslash", "drive", "drive-relative", "absolute", "dotdot", "dotdot-deep",
        "escape-sequence", "del-nel", "bidi-override", "division-slash",
        "fullwidth-slash", "deep", "long-name", "long-path"])
def test_hostile_names_are_refused_before_anything_is_written(
    tmp_path: Path, lib: Path, writes: list[Path], name: str, message: str
) -> None:
    archive = make_zip(tmp_path / "evil.zip", [*stand_members(), (name, b"x")])
    problem = refused(archive, lib, message).problems[0]
    assert writes == []
    assert "\x1b" not in problem.format() and "\0" not in problem.format()
    assert not (tmp_path / "x.png").exists() and not (lib / "x.png").exists()


@pytest.mark.parametrize(("names", "message"), [
    (["media/photo.png"], "holds 'media/photo.png' twice"),
    (["media/Photo.png"], "'media/photo.png' and 'media/Photo.png' differ only in upper"),
    (["MEDIA/other.png"], "'media' and 'MEDIA' differ only in upper"),
    (["media/photo.png/x.png"], "'media/photo.png' is both a file and a folder"),
    (["caf\u00e9.png", unicodedata.normalize("NFD", "caf\u00e9.png")], "accents"),
], ids=["duplicate", "case", "folder-case", "file-and-folder", "nfc-nfd"])
def test_duplicate_and_colliding_names_are_refused(
    tmp_path: Path, lib: Path, writes: list[Path], names: list[str], message: str
) -> None:
    archive = make_zip(tmp_path / "twice.zip", [*stand_members(), *((n, b"y") for n in names)])
    refused(archive, lib, message)
    assert writes == []


def _special(name: str, mode: int) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name)
    info.create_system = 3
    info.external_attr = mode << 16
    return info


@pytest.mark.parametrize(("info", "message"), [
    (_special("media/link.png", stat.S_IFLNK | 0o777), "symbolic link"),
    (_special("media/tty", stat.S_IFCHR | 0o666), "not a file or folder"),
    (_special("media/fifo", stat.S_IFIFO | 0o666), "not a file or folder"),
], ids=["symlink", "device", "fifo"])
def test_links_and_devices_in_a_zip_are_refused(
    tmp_path: Path, lib: Path, writes: list[Path], info: zipfile.ZipInfo, message: str
) -> None:
    archive = make_zip(tmp_path / "special.zip", [*stand_members(), (info, b"/etc/passwd")])
    refused(archive, lib, message)
    assert writes == []


def test_encrypted_members_and_unknown_methods_are_refused(tmp_path: Path, lib: Path) -> None:
    archive = make_zip(tmp_path / "locked.zip", stand_members())
    raw = bytearray(archive.read_bytes())
    central = raw.rfind(b"PK\x01\x02")  # the last member: media/photo.png
    raw[central + 8] |= 0x1  # general purpose flag: encrypted
    archive.write_bytes(bytes(raw))
    refused(archive, lib, "encrypted")
    raw[central + 8] &= ~0x1
    raw[central + 10:central + 12] = (99).to_bytes(2, "little")  # AES, which zipfile lacks
    archive.write_bytes(bytes(raw))
    refused(archive, lib, r"unknown compression method \(99\)")


def test_a_zip_cut_off_while_copied_is_called_damaged_or_incomplete(tmp_path: Path) -> None:
    # it was "not a stand folder or a .zip file": a zip's directory is at its end
    archive = make_zip(tmp_path / "stand.zip", [*stand_members(), ("media/noise.bin", os.urandom(8000))])
    cut = tmp_path / "cut.zip"
    cut.write_bytes(archive.read_bytes()[:5000])
    assert intake.looks_like_zip(cut) and not zipfile.is_zipfile(cut)
    with pytest.raises(intake.Refused) as caught:
        intake.open_zip(cut)
    problem = caught.value.problem
    assert problem.message == ("this .zip file is damaged or incomplete: its end is missing, as "
                               "when a copy is cut off")
    assert "copy it again from the original" in problem.hint
    notes = tmp_path / "notes.txt"
    notes.write_text("hello")
    assert intake.looks_like_zip(archive) and not intake.looks_like_zip(notes)


def test_kiosk_import_of_a_cut_off_zip_says_it_is_damaged(tmp_path: Path, lib: Path) -> None:
    archive = make_zip(tmp_path / "stand.zip", [*stand_members(), ("media/noise.bin", os.urandom(8000))])
    cut = tmp_path / "cut.zip"
    cut.write_bytes(archive.read_bytes()[:5000])
    refused(cut, lib, r"damaged or incomplete: its end is missing")


# --- counts, sizes, packing ----------------------------------------------------------------


def test_the_issue_zip_of_4000_members_is_refused_from_its_end_record(
    tmp_path: Path, lib: Path, writes: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    members = [*stand_members(), *((f"media/z{i:04d}.bin", b"") for i in range(4000))]
    archive = make_zip(tmp_path / "many.zip", members, zipfile.ZIP_STORED)

    def never(*args: object, **kwargs: object) -> None:
        raise AssertionError("the zip's directory was read")

    monkeypatch.setattr(intake.zipfile, "ZipFile", never)
    problem = refused(archive, lib, "holds 4002 entries, more than the limit of 2000").problems[0]
    assert "far fewer files" in problem.hint
    assert writes == []


def test_members_that_pack_too_well_are_refused_as_a_zip_bomb(
    tmp_path: Path, lib: Path, writes: list[Path]
) -> None:
    zeros = b"\0" * (128 * 1024)
    members = [*stand_members(), *((f"media/z{i}.bin", zeros) for i in range(20))]
    archive = make_zip(tmp_path / "bomb.zip", members)
    refused(archive, lib, r"unpacks to \d+ times its packed size \(the limit is 100\): a zip bomb")
    assert writes == []


def test_many_small_zero_members_are_refused_by_the_ratio_of_the_whole(
    tmp_path: Path, lib: Path, writes: list[Path]
) -> None:
    zeros = b"\0" * (16 * 1024)  # each below the size a member's own ratio is checked from
    members = [*stand_members(), *((f"media/z{i}.bin", zeros) for i in range(300))]
    archive = make_zip(tmp_path / "bomb.zip", members)
    refused(archive, lib, r"the zip unpacks to 4\.7 MB from .* a zip bomb")
    assert writes == []


def test_a_zip_whose_directory_claims_less_than_it_streams_is_stopped(
    tmp_path: Path, lib: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    big = os.urandom(200_000)  # incompressible: no ratio check catches it
    archive = make_zip(tmp_path / "liar.zip", [(n, d) for n, d in stand_members()[:1]]
                       + [("media/photo.png", big)], zipfile.ZIP_STORED)
    raw = bytearray(archive.read_bytes())
    central = raw.rfind(b"PK\x01\x02")  # media/photo.png in the central directory
    raw[central + 24:central + 28] = (100).to_bytes(4, "little")  # "100 bytes unpacked"
    archive.write_bytes(bytes(raw))
    counted: list[int] = []
    real_add = intake.Counter.add

    def add(self: intake.Counter, count: int) -> None:
        counted.append(count)
        real_add(self, count)

    monkeypatch.setattr(intake.Counter, "add", add)
    refused(archive, lib, "cannot unpack this file")
    yaml_size = len(STAND_YAML.encode())
    assert sum(counted) <= yaml_size + 100  # never more than the directory declared


def test_the_copy_itself_stops_at_the_file_and_total_limits(tmp_path: Path) -> None:
    """The guard behind the checks made from sizes: a file that grew after it was listed."""
    limits = Limits(max_file_bytes=1000, max_total_bytes=1500)
    grown = intake.Entry(intake.PurePosixPath("media/x.png"), 10, tmp_path / "x.png",
                         file=tmp_path / "x.png")
    counter = intake.Counter(limits, tmp_path)
    with pytest.raises(intake.Refused, match="more than the 1000 bytes allowed for one file"):
        intake.write_file(tmp_path / "a", io.BytesIO(b"x" * 1001), grown, counter, limits)
    intake.write_file(tmp_path / "b", io.BytesIO(b"x" * 1000), grown, counter, limits)
    with pytest.raises(intake.Refused, match=r"unpacks to more than 1\.5 KB, the limit for one stand"):
        intake.write_file(tmp_path / "c", io.BytesIO(b"x" * 600), grown, counter, limits)
    assert (tmp_path / "b").stat().st_size == 1000


@pytest.mark.parametrize(("limits", "message"), [
    (Limits(max_file_bytes=len(PHOTO) - 1), r"more than the limit of \d+ bytes for one file"),
    (Limits(max_total_bytes=len(PHOTO) + 10), r"add up to .*more than the limit of"),
    (Limits(max_entries=2), "holds 3 files and folders|more than 2 files and folders"),
], ids=["file", "total", "entries"])
def test_size_and_count_limits_of_a_folder(
    tmp_path: Path, lib: Path, writes: list[Path], limits: Limits, message: str
) -> None:
    folder = tmp_path / "stand"
    (folder / "media").mkdir(parents=True)
    (folder / "stand.yaml").write_text(STAND_YAML)
    (folder / "media" / "photo.png").write_bytes(PHOTO)
    (folder / "media" / "extra.bin").write_bytes(b"1")
    refused(folder, lib, message, limits)
    assert writes == []


@pytest.mark.parametrize(("limits", "message"), [
    (Limits(max_file_bytes=len(PHOTO) - 1), r"more than the limit of \d+ bytes for one file"),
    (Limits(max_total_bytes=len(PHOTO) + 10), r"add up to .*more than the limit of"),
], ids=["file", "total"])
def test_size_limits_of_a_zip_come_from_its_directory(
    tmp_path: Path, lib: Path, writes: list[Path], limits: Limits, message: str
) -> None:
    refused(make_zip(tmp_path / "s.zip", stand_members()), lib, message, limits)
    assert writes == []


def test_a_folder_with_a_pipe_a_deep_path_or_colliding_names_is_refused(
    tmp_path: Path, lib: Path
) -> None:
    folder = tmp_path / "stand"
    (folder / "media").mkdir(parents=True)
    (folder / "stand.yaml").write_text(STAND_YAML)
    (folder / "media" / "photo.png").write_bytes(PHOTO)
    os.mkfifo(folder / "media" / "pipe")
    refused(folder, lib, "a device, a pipe or a socket")
    (folder / "media" / "pipe").unlink()
    (folder / "media" / "PHOTO.png").write_bytes(PHOTO)
    refused(folder, lib, "differ only in upper and lower case")
    (folder / "media" / "PHOTO.png").unlink()
    bad = os.path.join(os.fsencode(folder / "media"), b"\xff.png")  # not UTF-8
    with open(bad, "wb") as out:
        out.write(b"x")
    refused(folder, lib, "not UTF-8").problems[0].format().encode("utf-8")  # printable
    os.unlink(bad)
    escape = folder / "media" / "\x1b[2J.png"
    escape.write_bytes(b"x")
    assert "\x1b" not in refused(folder, lib, "control character").problems[0].format()
    escape.unlink()
    deep = folder.joinpath(*"abcdefghij")
    deep.mkdir(parents=True)
    (deep / "x.png").write_bytes(b"x")
    refused(folder, lib, "folders deep")


# --- what is installed ---------------------------------------------------------------------


def test_files_stand_yaml_does_not_use_are_left_out_and_named(
    tmp_path: Path, lib: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    extra: list[Member] = [
        ("media/unused.png", PHOTO), ("raw/huge-video.mov", os.urandom(5000)),
        ("README.md", b"# about"), ("LICENSE.txt", b"CC-BY"), ("media/licence-photos.txt", b"x"),
    ]
    archive = make_zip(tmp_path / "s.zip", [*stand_members("mini/"),
                                            *((f"mini/{n}", d) for n, d in extra)])
    # the unused 5000-byte file is over the file limit, but it is not installed
    version = library.import_stand(archive, lib, validate, limits=Limits(max_file_bytes=4000))
    installed = sorted(str(p.relative_to(version.folder)) for p in version.folder.rglob("*")
                       if p.is_file())
    assert installed == ["LICENSE.txt", "README.md", "media/licence-photos.txt",
                         "media/photo.png", "stand.yaml"]
    assert sorted(version.left_out) == [archive / "mini/media/unused.png",
                                        archive / "mini/raw/huge-video.mov"]
    unused = [p.file.name for p in version.problems if "not used by the stand" in p.message]
    assert unused == ["licence-photos.txt"]  # installed (a licence), and validation says so

    capsys.readouterr()
    assert staffcli.cmd_import(_args(src=archive, library=lib), validate) == 0
    err = capsys.readouterr().err
    assert f"{archive}/mini/media/unused.png:0:0: warning: not installed" in err
    assert "2 files left out" in err


def test_a_folder_import_leaves_out_what_is_unused(tmp_path: Path, lib: Path) -> None:
    folder = tmp_path / "stand"
    (folder / "media").mkdir(parents=True)
    git = folder / ".git" / "objects"  # a stand kept in git: not walked, not counted
    git.mkdir(parents=True)
    for index in range(5):
        (git / f"{index:02x}").write_bytes(b"blob")
    (folder / "stand.yaml").write_text(STAND_YAML.replace("media/photo.png", "./media//photo.png"))
    (folder / "media" / "photo.png").write_bytes(PHOTO)
    (folder / "media" / "old.png").write_bytes(PHOTO)
    version = library.import_stand(folder, lib, validate, limits=Limits(max_entries=4))
    assert (version.folder / "media" / "photo.png").read_bytes() == PHOTO
    assert not (version.folder / ".git").exists()
    assert not (version.folder / "media" / "old.png").exists()
    assert version.left_out == (folder / "media" / "old.png",)


# --- failures midway leave nothing ---------------------------------------------------------


@pytest.mark.parametrize("failure", [OSError(28, "No space left on device"), KeyboardInterrupt()],
                         ids=["disk-full", "interrupted"])
def test_a_failure_after_partial_extraction_leaves_no_staging_residue(
    tmp_path: Path, lib: Path, monkeypatch: pytest.MonkeyPatch, failure: BaseException
) -> None:
    archive = make_zip(tmp_path / "s.zip", [*stand_members(), ("README.md", b"x" * 1000)])
    real = intake.write_file
    calls: list[Path] = []

    def failing(target: Path, *args: object, **kwargs: object) -> None:
        calls.append(target)
        if len(calls) == 2:
            raise failure
        real(target, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(intake, "write_file", failing)
    with pytest.raises(type(failure)):
        library.import_stand(archive, lib, validate)
    assert calls[0].is_relative_to(lib / ".staging")  # one file was written before
    assert_untouched(lib)


# --- the disk budget -----------------------------------------------------------------------


def test_an_import_over_the_library_budget_is_refused_and_changes_nothing(
    tmp_path: Path, lib: Path, writes: list[Path]
) -> None:
    archive = make_zip(tmp_path / "s.zip", stand_members())
    first = library.import_stand(archive, lib, validate, keep=10)
    for _ in range(2):
        library.import_stand(archive, lib, validate, keep=10)
    size = library.tree_size(first.folder)
    budget = Limits(max_library_bytes=int(size * 3.5))
    before = sorted(lib.rglob("*"))
    writes.clear()
    with pytest.raises(ImportRefused, match="more than its budget") as caught:
        library.import_stand(archive, lib, validate, keep=10, limits=budget)
    assert f"'kiosk prune' would free {size} bytes" in caught.value.problems[0].hint
    assert writes == [] and sorted(lib.rglob("*")) == before
    # the versions the import's own keep rule removes afterwards count as freed
    version = library.import_stand(archive, lib, validate, keep=2, limits=budget)
    assert library.list_stands(lib)[0].versions[-1] == version.name
    assert len(library.list_stands(lib)[0].versions) == 2


def test_an_import_that_would_leave_too_little_free_space_is_refused(
    tmp_path: Path, lib: Path, writes: list[Path]
) -> None:
    archive = make_zip(tmp_path / "s.zip", stand_members())
    free = shutil.disk_usage(tmp_path).free
    refused(archive, lib, r"the disk has .* free; this stand needs .* and the kiosk keeps",
            Limits(min_free_bytes=2 * free + 1024**3))  # robust to others writing
    assert writes == []


# --- prune and remove ----------------------------------------------------------------------


def _versions(lib: Path, count: int, tmp_path: Path) -> list[str]:
    archive = make_zip(tmp_path / "s.zip", stand_members())
    return [library.import_stand(archive, lib, validate, keep=100).name for _ in range(count)]


def test_prune_keeps_the_newest_and_the_active_one(tmp_path: Path, lib: Path) -> None:
    names = _versions(lib, 5, tmp_path)
    library.activate(STAND_ID, names[0], lib)
    planned = library.prune(lib, keep=2, dry_run=True)
    assert [r.version for r in planned] == names[1:3]
    assert library.list_stands(lib)[0].versions == tuple(names)  # a dry run changes nothing
    removed = library.prune(lib, keep=2)
    assert [r.version for r in removed] == names[1:3] and all(r.size > 0 for r in removed)
    assert library.list_stands(lib)[0].versions == (names[0], *names[3:])
    assert library.active_stand(lib, STAND_ID).name == names[0]
    assert library.prune(lib, keep=2) == []
    with pytest.raises(LibraryError, match="at least 1"):
        library.prune(lib, keep=0)


def test_prune_cut_short_leaves_whole_versions_and_is_cleaned_up(
    tmp_path: Path, lib: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    names = _versions(lib, 3, tmp_path)

    def crash(path: object, ignore_errors: bool = False) -> None:
        raise SystemExit("power cut while deleting")

    monkeypatch.setattr(library.shutil, "rmtree", crash)
    with pytest.raises(SystemExit):
        library.prune(lib, keep=1)
    monkeypatch.undo()
    # the version was renamed out whole before the deletion started
    assert library.list_stands(lib)[0].versions == tuple(names[1:])
    assert [p.name[:6] for p in (lib / ".staging").iterdir()] == ["trash-"]
    for name in names[1:]:
        assert load_stand(lib / STAND_ID / "versions" / name).ok
    library.prune(lib, keep=1)
    assert list((lib / ".staging").iterdir()) == []
    assert library.list_stands(lib)[0].versions == (names[2],)


def test_remove_a_version_a_stand_and_the_active_version(tmp_path: Path, lib: Path) -> None:
    names = _versions(lib, 3, tmp_path)
    removed = library.remove(STAND_ID, lib, names[0])
    assert (removed.version, library.list_stands(lib)[0].versions) == (names[0], tuple(names[1:]))
    with pytest.raises(LibraryError, match=r"is what the kiosk is set to show.*--force"):
        library.remove(STAND_ID, lib, names[2], shown=True)
    with pytest.raises(LibraryError, match="is what the kiosk is set to show"):
        library.remove(STAND_ID, lib, shown=True)
    library.remove(STAND_ID, lib, names[1], shown=True)  # not the active one: allowed
    library.import_stand(make_zip(tmp_path / "s.zip", stand_members()), lib, validate)
    newest = library.list_stands(lib)[0].versions[-1]
    library.remove(STAND_ID, lib, newest, shown=True, force=True)  # the next newest takes over
    assert library.active_stand(lib, STAND_ID).name == names[2]
    with pytest.raises(LibraryError, match="has no version 'nope'"):
        library.remove(STAND_ID, lib, "nope")
    whole = library.remove(STAND_ID, lib)
    assert whole.version is None and whole.size > 0
    assert library.list_stands(lib) == [] and not (lib / STAND_ID).exists()
    assert list((lib / ".staging").iterdir()) == []
    with pytest.raises(LibraryError, match="no stand 'mini'"):
        library.remove(STAND_ID, lib)


def _args(**values: object) -> object:
    import argparse

    return argparse.Namespace(**values)


def _kiosk(capsys: pytest.CaptureFixture[str], *argv: object) -> tuple[int, str, str]:
    from kiosk.cli import main

    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_prune_and_remove_commands(
    tmp_path: Path, lib: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    names = _versions(lib, 4, tmp_path)
    code, out, _ = _kiosk(capsys, "prune", "--keep", "2", "--dry-run", "--library", lib)
    assert code == 0 and f"would remove mini version {names[0]}" in out and "would free" in out
    code, out, _ = _kiosk(capsys, "prune", "--keep", "2", "--json", "--library", lib)
    report = json.loads(out)
    assert code == 0 and [r["version"] for r in report["removed"]] == names[:2]
    assert report["freed_bytes"] == sum(r["bytes"] for r in report["removed"]) > 0
    code, out, _ = _kiosk(capsys, "prune", "--library", lib)
    assert code == 0 and out.startswith("nothing to remove")
    code, _, err = _kiosk(capsys, "prune", "--keep", "0", "--library", lib)
    assert code == 1 and "at least 1" in err

    config = tmp_path / "settings.yaml"
    config.write_text(f"stand: {STAND_ID}\n")
    code, _, err = _kiosk(capsys, "remove", STAND_ID, "--library", lib, "--config", config)
    assert code == 1 and "what the kiosk is set to show; nothing was removed" in err
    assert "--force" in err and len(library.list_stands(lib)[0].versions) == 2
    code, out, _ = _kiosk(capsys, "remove", STAND_ID, "--version", names[2], "--library", lib,
                          "--config", config)
    assert code == 0 and f"removed mini version {names[2]}" in out and names[3] in out
    code, out, _ = _kiosk(capsys, "remove", STAND_ID, "--version", "x", "--library", lib)
    assert code == 1
    code, out, err = _kiosk(capsys, "remove", STAND_ID, "--library", lib, "--config", config,
                            "--force", "--json")
    assert code == 0 and json.loads(out)["removed"][0]["version"] is None
    assert library.list_stands(lib) == []


# --- the property: any zip layout ----------------------------------------------------------


ESCAPE_DIR = Path(tempfile.gettempdir()) / f"kiosk-fuzz-escape-{os.getpid()}"
SAFE = st.sampled_from(["media", "a", "b", "photo.png", "x.bin", "README.md", "LICENSE",
                        "sub", "Photo.png", "mini"]) | st.text(alphabet="abcXYZ.-_ ", min_size=1,
                                                               max_size=6)
HOSTILE = st.sampled_from([
    "..", ".", "", "stand.yaml", "C:", "c:x", "x\\..\\..", "\u00e9", "e\u0301", "\x1b[2J",
    "\x7f", "d" * 260, "__MACOSX", ".DS_Store", "a/b/c/d/e/f/g/h/i/j/k",
    str(ESCAPE_DIR).lstrip("/"),
])
COMPONENTS = st.integers(0, 24).flatmap(lambda i: HOSTILE if i == 13 else SAFE)
NAMES = st.builds(
    lambda lead, parts: lead + "/".join(parts),
    st.sampled_from([""] * 12 + ["/", "./", "../", "mini/", "media/"]),
    st.lists(COMPONENTS, min_size=1, max_size=5),
)
MEMBERS = st.lists(st.tuples(
    NAMES,
    st.sampled_from([b"", b"x", PHOTO, b"\0" * 70_000, bytes(range(256)) * 8]),
    st.sampled_from([0] * 12 + [stat.S_IFLNK | 0o777, stat.S_IFDIR | 0o755, stat.S_IFCHR]),
), max_size=6)


@settings(max_examples=int(os.environ.get("KIOSK_FUZZ_EXAMPLES", "60")), deadline=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(members=MEMBERS, prefix=st.sampled_from(["", "mini/"]), yaml_first=st.booleans(),
       method=st.sampled_from([zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED]))
def test_any_zip_layout_installs_inside_the_library_or_is_refused_cleanly(
    members: list[tuple[str, bytes, int]], prefix: str, yaml_first: bool, method: int
) -> None:
    extra: list[Member] = []
    for name, data, mode in members:
        info = zipfile.ZipInfo(name)
        if mode:
            info.create_system = 3
            info.external_attr = mode << 16
        extra.append((info, data))
    layout = [*stand_members(prefix), *extra] if yaml_first else [*extra, *stand_members(prefix)]
    with tempfile.TemporaryDirectory() as sandbox_name:
        sandbox = Path(sandbox_name)
        lib = sandbox / "library"
        try:
            archive = make_zip(sandbox / "s.zip", layout, method)
        except (ValueError, OSError):
            return  # zipfile itself cannot write this name
        outcome: ImportRefused | library.Version
        try:
            outcome = library.import_stand(archive, lib, validate,
                                           limits=Limits(max_total_bytes=400_000))
        except ImportRefused as exc:
            outcome = exc
        if isinstance(outcome, ImportRefused):
            event(f"refused: {outcome.problems[0].message.split(':')[0][:40]}")
            assert outcome.problems and all(p.message.strip() for p in outcome.problems)
            assert str(outcome).endswith("nothing was changed")
            assert all("\x1b" not in p.format() for p in outcome.problems)
            assert library.list_stands(lib) == []
        else:
            event(f"installed, {len(outcome.left_out)} left out")
            _assert_installed_inside(lib, outcome)
        assert list((lib / ".staging").iterdir()) == []
        assert sorted(p.name for p in sandbox.iterdir()) == ["library", "s.zip"]
        assert sorted(p.name for p in lib.iterdir()) in (
            [".lock", ".staging"], [".lock", ".staging", STAND_ID])
    assert not ESCAPE_DIR.exists()


def _assert_installed_inside(lib: Path, version: library.Version) -> None:
    assert version.stand_id == STAND_ID
    root = lib.resolve()
    for path in _walk(lib / STAND_ID):
        assert path.resolve().is_relative_to(root), path
        if path.name != "active":
            assert not path.is_symlink(), path
            assert path.is_dir() or path.is_file()
    assert (version.folder / "stand.yaml").read_text() == STAND_YAML
    assert (version.folder / "media" / "photo.png").read_bytes() == PHOTO


def _walk(folder: Path) -> Iterator[Path]:
    for dirpath, dirnames, filenames in os.walk(folder):
        for name in (*dirnames, *filenames):
            yield Path(dirpath) / name


@pytest.fixture(autouse=True, scope="module")
def _no_escape_dir() -> Iterator[None]:
    yield
    with contextlib.suppress(OSError):
        shutil.rmtree(ESCAPE_DIR)


def test_the_budget_can_be_set_in_the_settings(
    tmp_path: Path, lib: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    archive = make_zip(tmp_path / "s.zip", stand_members())
    config = tmp_path / "settings.yaml"
    config.write_text("library_budget_gb: 0.5\nlibrary_min_free_gb: 100000\n")
    code, _, err = _kiosk(capsys, "import", archive, "--library", lib, "--config", config)
    assert code == 1 and "and the kiosk keeps 100000.00 GB free" in err
    assert library.list_stands(lib) == []
    config.write_text("library_budget_gb: 8 GB\n")  # a mistake: said, and the default used
    code, _, err = _kiosk(capsys, "import", archive, "--library", lib, "--config", config)
    assert code == 0 and "settings.yaml:1:20: error: library_budget_gb: expected a number" in err
    limits = staffcli._limits(config)
    assert limits.max_library_bytes == intake.LIMITS.max_library_bytes
    config.write_text("library_budget_gb: 2\nlibrary_min_free_gb: 0\n")
    limits = staffcli._limits(config)
    assert (limits.max_library_bytes, limits.min_free_bytes) == (2 * 1024**3, 0)
