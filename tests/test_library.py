"""The stand library: import (folders, zips, broken stands), versions, rollback, atomicity."""

from __future__ import annotations

import contextlib
import hashlib
import os
import random
import shutil
import signal
import stat
import subprocess
import sys
import textwrap
import time
import zipfile
from pathlib import Path

import pytest

from kiosk.content import load_stand
from kiosk.venue import library
from kiosk.venue.intake import Limits
from kiosk.venue.library import ImportRefused, LibraryError

STAND_ID = "khojaly-31"


def tree(folder: Path) -> dict[str, str]:
    """Relative path -> sha256 of every file under `folder` (what 'whole' means)."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*")) if p.is_file()
    }


def snapshot(root: Path) -> dict[str, str]:
    """Every entry in a library (links by target), to compare before and after."""
    entries: dict[str, str] = {}
    for path in sorted(root.rglob("*")):
        name = str(path.relative_to(root))
        if path.is_symlink():
            entries[name] = "-> " + os.readlink(path)
        elif path.is_file():
            entries[name] = hashlib.sha256(path.read_bytes()).hexdigest()
        else:
            entries[name] = "dir"
    return entries


@pytest.fixture
def stand(tmp_path: Path, sample_stand: Path) -> Path:
    folder = tmp_path / "usb" / STAND_ID
    shutil.copytree(sample_stand, folder)
    return folder


@pytest.fixture
def lib(tmp_path: Path) -> Path:
    return tmp_path / "library"


def edited(stand: Path, destination: Path, old: str, new: str) -> Path:
    shutil.copytree(stand, destination)
    yaml_file = destination / "stand.yaml"
    text = yaml_file.read_text(encoding="utf-8")
    assert old in text
    yaml_file.write_text(text.replace(old, new, 1), encoding="utf-8")
    return destination


def zip_folder(folder: Path, archive: Path, prefix: str = "") -> Path:
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in sorted(folder.rglob("*")):
            zf.write(path, prefix + str(path.relative_to(folder)))
    return archive


# --- importing, listing, rolling back --------------------------------------------------


def test_import_folder_installs_an_active_whole_copy(stand: Path, lib: Path) -> None:
    version = library.import_stand(stand, lib, load_stand)

    assert version.stand_id == STAND_ID
    assert library.VERSION_RE.match(version.name)
    active = library.active_stand(lib, STAND_ID)
    assert active == version.folder
    assert active.parent == lib / STAND_ID / "versions"
    assert tree(active) == tree(stand)
    assert load_stand(active).ok
    assert os.readlink(lib / STAND_ID / "active") == f"versions/{version.name}"
    [listed] = library.list_stands(lib)
    assert (listed.id, listed.active, listed.versions) == (STAND_ID, active, (version.name,))
    assert list((lib / ".staging").iterdir()) == []


def test_new_import_becomes_active_and_rollback_goes_back(stand: Path, lib: Path, tmp_path: Path) -> None:
    first = library.import_stand(stand, lib, load_stand)
    second_src = edited(stand, tmp_path / "v2", "The Khojaly genocide: 31 years", "Version two")
    second = library.import_stand(second_src, lib, load_stand)

    [listed] = library.list_stands(lib)
    assert listed.versions == (first.name, second.name)  # newest last
    assert library.active_stand(lib, STAND_ID) == second.folder
    assert tree(second.folder) == tree(second_src)

    back = library.rollback(STAND_ID, lib)
    assert back.name == first.name
    assert library.active_stand(lib, STAND_ID) == first.folder
    assert tree(first.folder) == tree(stand)  # the old version is untouched

    with pytest.raises(LibraryError, match="no version older"):
        library.rollback(STAND_ID, lib)
    library.activate(STAND_ID, second.name, lib)
    assert library.active_stand(lib, STAND_ID) == second.folder


def test_an_import_and_the_first_start_on_it_decode_each_picture_once(
    stand: Path, lib: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the decode cache's key takes the files' change time (a picture rewritten in place is
    # decoded again): the library's install, a rename of the staged folder, must not change
    # it, or the kiosk decodes again every picture `kiosk import` has just decoded
    from collections.abc import Sequence

    from kiosk.cli.staff import _validate
    from kiosk.cli.startup import check_to_show
    from kiosk.ui.decodeapart import ApartDecoder

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    decoded: list[str] = []
    decode = ApartDecoder.many

    def counting(self: ApartDecoder, paths: Sequence[Path], max_pixels: int) -> list[str | None]:
        decoded.extend(path.name for path in paths)
        return decode(self, paths, max_pixels)

    monkeypatch.setattr(ApartDecoder, "many", counting)
    version = library.import_stand(stand, lib, _validate)  # as `kiosk import` does
    pictures = sorted(path.name for path in (version.folder / "media").glob("*.png"))
    assert len(pictures) > 3 and sorted(decoded) == pictures
    assert check_to_show(version.folder).ok  # as `kiosk run` checks a version not seen yet
    assert sorted(decoded) == pictures


def test_rollback_and_active_of_unknown_stand_fail(lib: Path) -> None:
    with pytest.raises(LibraryError, match="no stand 'nope'"):
        library.rollback("nope", lib)
    with pytest.raises(LibraryError, match="no active version"):
        library.active_stand(lib, "nope")
    with pytest.raises(LibraryError, match="not a stand id"):
        library.active_stand(lib, "../etc")


def test_version_order_does_not_depend_on_the_clock(
    stand: Path, lib: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = library.import_stand(stand, lib, load_stand)

    class Past:
        @staticmethod
        def now(tz: object = None) -> object:
            import datetime as dt

            return dt.datetime(1999, 1, 1, tzinfo=dt.UTC)

    monkeypatch.setattr(library, "datetime", Past)
    second = library.import_stand(stand, lib, load_stand)  # a kiosk whose clock went back
    assert second.name.startswith("19990101T")
    assert library.list_stands(lib)[0].versions == (first.name, second.name)
    assert library.rollback(STAND_ID, lib).name == first.name


def test_old_versions_are_pruned_but_never_the_active_one(stand: Path, lib: Path) -> None:
    names = [library.import_stand(stand, lib, load_stand, keep=3).name for _ in range(5)]
    assert library.list_stands(lib)[0].versions == tuple(names[-3:])

    library.activate(STAND_ID, names[2], lib)  # the oldest kept version is active
    library._prune(lib, lib / STAND_ID, keep=1)
    assert library.list_stands(lib)[0].versions == (names[2], names[4])
    assert library.active_stand(lib, STAND_ID).name == names[2]


def test_default_library_is_in_the_user_data_folder(stand: Path, tmp_path: Path) -> None:
    library.import_stand(stand, None, load_stand)
    assert str(library.default_library()).startswith(os.environ["XDG_DATA_HOME"])
    assert library.list_stands()[0].id == STAND_ID


# --- refusals -------------------------------------------------------------------------


def test_broken_stand_is_refused_with_located_problems_and_changes_nothing(
    stand: Path, lib: Path, tmp_path: Path
) -> None:
    library.import_stand(stand, lib, load_stand)
    before = snapshot(lib)
    broken = edited(stand, tmp_path / "broken", "languages: [en, az, ru]", "languages: [en, az, ru")

    with pytest.raises(ImportRefused) as refused:
        library.import_stand(broken, lib, load_stand)

    assert refused.value.problems
    lines = [p.format() for p in refused.value.problems]
    assert all(line.startswith(str(broken / "stand.yaml") + ":") for line in lines), lines
    problem = refused.value.problems[0]
    assert problem.is_error and problem.line >= 10
    assert snapshot(lib) == before


def test_missing_media_is_refused_and_named_in_the_source(stand: Path, lib: Path) -> None:
    (stand / "media" / "candle.png").unlink()
    with pytest.raises(ImportRefused) as refused:
        library.import_stand(stand, lib, load_stand)
    messages = [p.format() for p in refused.value.problems if p.is_error]
    assert any("candle.png" in m and m.startswith(f"{stand / 'stand.yaml'}:") for m in messages)
    assert library.list_stands(lib) == []
    assert list((lib / ".staging").iterdir()) == []


def test_a_folder_without_stand_yaml_or_nothing_at_all_is_refused(tmp_path: Path, lib: Path) -> None:
    (tmp_path / "empty").mkdir()
    with pytest.raises(ImportRefused, match=r"no stand\.yaml"):
        library.import_stand(tmp_path / "empty", lib, load_stand)
    with pytest.raises(ImportRefused, match="no such folder"):
        library.import_stand(tmp_path / "missing", lib, load_stand)
    (tmp_path / "notes.txt").write_text("hello")
    with pytest.raises(ImportRefused, match=r"not a stand folder or a \.zip"):
        library.import_stand(tmp_path / "notes.txt", lib, load_stand)


def test_a_symbolic_link_out_of_the_folder_is_refused(stand: Path, lib: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.png"
    secret.write_bytes(b"not for the kiosk")
    (stand / "media" / "link.png").symlink_to(secret)
    with pytest.raises(ImportRefused, match="leads out of the stand folder"):
        library.import_stand(stand, lib, load_stand)
    (stand / "media" / "link.png").unlink()
    (stand / "media" / "dir").symlink_to(stand / "media", target_is_directory=True)
    with pytest.raises(ImportRefused, match="or to a folder"):
        library.import_stand(stand, lib, load_stand)
    assert library.list_stands(lib) == []


def test_a_symbolic_link_inside_the_folder_is_installed_as_a_file(stand: Path, lib: Path) -> None:
    # validate accepts a link to a file inside the stand: so does import, copying the file
    (stand / "media" / "candle.png").rename(stand / "media" / "real-candle.png")
    (stand / "media" / "candle.png").symlink_to("real-candle.png")
    version = library.import_stand(stand, lib, load_stand)
    installed = version.folder / "media" / "candle.png"
    assert installed.is_file() and not installed.is_symlink()
    assert installed.read_bytes() == (stand / "media" / "real-candle.png").read_bytes()


def test_a_validator_that_fails_leaves_nothing_behind(stand: Path, lib: Path) -> None:
    def exploding(folder: Path) -> library.LoadResult:
        raise RuntimeError("decoder crashed")

    with pytest.raises(RuntimeError):
        library.import_stand(stand, lib, exploding)
    assert library.list_stands(lib) == []
    assert list((lib / ".staging").iterdir()) == []


# --- zips ------------------------------------------------------------------------------


@pytest.mark.parametrize("prefix", ["", f"{STAND_ID}/"], ids=["top", "in-one-folder"])
def test_zip_import(stand: Path, lib: Path, tmp_path: Path, prefix: str) -> None:
    archive = zip_folder(stand, tmp_path / "stand.zip", prefix)
    with zipfile.ZipFile(archive, "a") as zf:  # litter a Mac adds
        zf.writestr("__MACOSX/._stand.yaml", b"junk")
    version = library.import_stand(archive, lib, load_stand)
    assert tree(library.active_stand(lib, STAND_ID)) == tree(stand)
    assert version.folder.is_dir()


def test_broken_zip_problems_name_the_file_inside_the_zip(stand: Path, lib: Path, tmp_path: Path) -> None:
    broken = edited(stand, tmp_path / "b" / STAND_ID, "format: 1", "format: 7")
    archive = zip_folder(broken, tmp_path / "broken.zip", f"{STAND_ID}/")
    with pytest.raises(ImportRefused) as refused:
        library.import_stand(archive, lib, load_stand)
    assert any(p.format().startswith(f"{archive}/{STAND_ID}/stand.yaml:8:")
               for p in refused.value.problems), [p.format() for p in refused.value.problems]


def _zip_with(archive: Path, stand: Path, name: str, data: bytes = b"x",
              info: zipfile.ZipInfo | None = None) -> Path:
    zip_folder(stand, archive)
    with zipfile.ZipFile(archive, "a") as zf:
        zf.writestr(info or zipfile.ZipInfo(name), data)
    return archive


@pytest.mark.parametrize(("name", "message"), [
    ("../evil.txt", "leaves its folder"),
    ("media/../../evil.txt", "leaves its folder"),
    ("/etc/evil.txt", "absolute"),
    ("C:/evil.txt", "absolute"),
    ("..\\evil.txt", "backslash"),
])
def test_zip_paths_that_escape_are_refused(
    stand: Path, lib: Path, tmp_path: Path, name: str, message: str
) -> None:
    archive = _zip_with(tmp_path / "evil.zip", stand, name)
    with pytest.raises(ImportRefused, match=message):
        library.import_stand(archive, lib, load_stand)
    assert not (tmp_path / "evil.txt").exists()
    assert not (lib / "evil.txt").exists()
    assert library.list_stands(lib) == []


def test_zip_symlink_is_refused(stand: Path, lib: Path, tmp_path: Path) -> None:
    info = zipfile.ZipInfo("media/link.png")
    info.create_system = 3
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    archive = _zip_with(tmp_path / "link.zip", stand, "", b"/etc/passwd", info)
    with pytest.raises(ImportRefused, match="symbolic link"):
        library.import_stand(archive, lib, load_stand)


def test_zip_bomb_is_refused_without_unpacking_it(stand: Path, lib: Path, tmp_path: Path) -> None:
    archive = tmp_path / "bomb.zip"
    zip_folder(stand, archive)
    with zipfile.ZipFile(archive, "a", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("media/zeros.bin", b"\0" * (64 * 1024 * 1024))  # 64 MB -> ~64 KB
    assert archive.stat().st_size < 3 * 1024 * 1024
    with pytest.raises(ImportRefused, match="zip bomb"):
        library.import_stand(archive, lib, load_stand)
    assert library.list_stands(lib) == []


def test_zip_limits_on_entries_and_size(stand: Path, lib: Path, tmp_path: Path) -> None:
    archive = zip_folder(stand, tmp_path / "stand.zip")
    with pytest.raises(ImportRefused, match="more than the limit of 3"):
        library.import_stand(archive, lib, load_stand, limits=Limits(max_entries=3))
    big = tmp_path / "big.zip"
    with zipfile.ZipFile(big, "w") as zf:
        info = zipfile.ZipInfo("stand.yaml")
        zf.writestr(info, b"format: 1\n")
    raw = bytearray(big.read_bytes())
    # declare an uncompressed size of 3 GB in the central directory (a lying zip)
    central = raw.rfind(b"PK\x01\x02")
    raw[central + 24:central + 28] = (3 * 1024**3).to_bytes(4, "little")
    big.write_bytes(bytes(raw))
    with pytest.raises(ImportRefused, match="zip bomb"):
        library.import_stand(big, lib, load_stand)
    assert library.list_stands(lib) == []


def test_zip_without_a_stand_or_not_a_zip(tmp_path: Path, lib: Path) -> None:
    archive = tmp_path / "two.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("a/stand.yaml", "format: 1\n")
        zf.writestr("b/stand.yaml", "format: 1\n")
    with pytest.raises(ImportRefused, match=r"no stand\.yaml at its top or in a single top folder"):
        library.import_stand(archive, lib, load_stand)
    fake = tmp_path / "fake.zip"
    fake.write_bytes(b"PK\x03\x04 this is not really a zip")
    with pytest.raises(ImportRefused):
        library.import_stand(fake, lib, load_stand)


# --- interrupted imports ----------------------------------------------------------------


def test_leftovers_of_a_killed_import_are_ignored_then_cleaned(stand: Path, lib: Path) -> None:
    first = library.import_stand(stand, lib, load_stand)
    junk = lib / ".staging" / "deadbeef"
    shutil.copytree(stand, junk)
    (lib / STAND_ID / ".active-0123").symlink_to("versions/nothing")
    assert [s.id for s in library.list_stands(lib)] == [STAND_ID]
    assert library.list_stands(lib)[0].versions == (first.name,)

    library.import_stand(stand, lib, load_stand)
    assert list((lib / ".staging").iterdir()) == []
    assert not (lib / STAND_ID / ".active-0123").is_symlink()


def test_a_stand_whose_first_import_never_finished_is_not_listed(lib: Path) -> None:
    (lib / STAND_ID / "versions").mkdir(parents=True)
    assert library.list_stands(lib) == []
    with pytest.raises(LibraryError):
        library.active_stand(lib, STAND_ID)


IMPORTER = textwrap.dedent("""
    # A `python -c` importer: each line on stdin forks a fresh process that imports the stand
    # (the modules are loaded once, so the test spends its time importing, not starting
    # Python). It prints that process's pid, then its exit status.
    import os, sys
    from pathlib import Path
    from kiosk.content import load_stand
    from kiosk.venue.library import import_stand
    src, lib = Path(sys.argv[1]), Path(sys.argv[2])
    for _ in sys.stdin:
        pid = os.fork()
        if pid == 0:
            try:
                import_stand(src, lib, load_stand, keep=1000)
            except BaseException:
                os._exit(1)
            os._exit(0)
        print(pid, flush=True)
        print(os.waitpid(pid, 0)[1], flush=True)
""")


def _big_stand(stand: Path, destination: Path) -> Path:
    """The sample with a new title and 150 more files: an import that takes a while.

    The files are named as README files, which an import installs though stand.yaml does
    not name them (files it neither names nor are README or licence files are left out)."""
    edited(stand, destination, "The Khojaly genocide: 31 years", "The big version")
    extra = destination / "media" / "extra"
    extra.mkdir()
    rng = random.Random(4)
    for index in range(150):
        (extra / f"README-{index:03d}.txt").write_bytes(rng.randbytes(16 * 1024))
    return destination


class Importer:
    """Runs imports in other processes and kills them with SIGKILL at a chosen moment."""

    def __init__(self, src: Path, lib: Path) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-c", IMPORTER, str(src), str(lib)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
        )

    def run(self, kill_after: float | None) -> float:
        """One import, killed `kill_after` s after it started (None: let it finish).

        Returns the seconds it ran."""
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write("go\n")
        self.process.stdin.flush()
        pid = int(self.process.stdout.readline())
        started = time.monotonic()
        if kill_after is not None:
            time.sleep(kill_after)
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        status = int(self.process.stdout.readline())
        elapsed = time.monotonic() - started
        if kill_after is None:
            assert os.waitstatus_to_exitcode(status) == 0
        else:
            assert os.waitstatus_to_exitcode(status) in (0, -signal.SIGKILL)
        return elapsed

    def close(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.close()
        self.process.wait(timeout=30)
        if self.process.stdout is not None:
            self.process.stdout.close()


def test_import_killed_at_random_moments_leaves_a_whole_active_version(
    stand: Path, lib: Path, tmp_path: Path
) -> None:
    old = library.import_stand(stand, lib, load_stand)
    old_tree = tree(stand)
    big = _big_stand(stand, tmp_path / "big")
    new_tree = tree(big)
    importer = Importer(big, lib)
    try:
        durations = []
        for _ in range(3):  # how long one import takes on this machine
            durations.append(importer.run(kill_after=None))
            assert tree(library.active_stand(lib, STAND_ID)) == new_tree
            library.activate(STAND_ID, old.name, lib)
        window = sorted(durations)[1] * 1.2  # mostly during the import, sometimes just after

        rng = random.Random(31)
        killed_mid_copy = 0
        for run in range(40):  # 20 kills, more while fewer than 3 have landed mid-copy
            if run >= 20 and killed_mid_copy >= 3:
                break
            importer.run(kill_after=rng.uniform(0.0, window))
            staged = [p for p in (lib / ".staging").iterdir() if p.is_dir()]
            if staged and len(tree(staged[0])) < len(new_tree):
                killed_mid_copy += 1
            active = library.active_stand(lib, STAND_ID)
            active_tree = tree(active)
            # the previous version, or (killed after the switch) the new one: never anything else
            assert active_tree in (old_tree, new_tree)
            assert load_stand(active).ok
            for version in (lib / STAND_ID / "versions").iterdir():
                assert tree(version) in (old_tree, new_tree), f"{version.name} is not whole"
            if active_tree == new_tree:
                library.activate(STAND_ID, old.name, lib)
            assert library.active_stand(lib, STAND_ID) == old.folder
    finally:
        importer.close()

    assert killed_mid_copy >= 3, "some kills should land in the middle of the copy"
    library.import_stand(stand, lib, load_stand)  # the next import cleans up
    assert list((lib / ".staging").iterdir()) == []
