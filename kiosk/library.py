"""The library of installed stands: atomic import, versions, rollback. No Qt here.

Layout of a library folder::

    LIB/.lock                            taken (flock) by an import, activate or rollback
    LIB/.staging/<random>/               an import in progress; removed by the next import
    LIB/<stand-id>/versions/<name>/      one complete, validated stand folder per version
    LIB/<stand-id>/active -> versions/<name>   a relative symbolic link

A version's name is `<UTC timestamp>-<n>`, `n` counting up within the stand: versions are
ordered by `n`, so a kiosk whose clock jumps back still knows which version is newest.

An import copies (or safely extracts) the source into `.staging`, validates the copy (the
copy, not the source: what is checked is what is installed), flushes every file and folder to
disk, renames the staged folder into `versions/` and only then replaces the `active` link
with `os.replace`, which is atomic. Whenever the process dies, `active` names either the
previous version or the new, complete one, and every version in `versions/` is whole. A
leftover staging folder is ignored by `list_stands` and removed by the next import.
"""

from __future__ import annotations

import contextlib
import dataclasses
import errno
import logging
import os
import re
import shutil
import stat
import sys
import time
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from typing import IO

import platformdirs

from kiosk.content import LoadResult, Problem, Severity
from kiosk.content.plain import ID_RE

log = logging.getLogger("kiosk.library")

APP_NAME = "exhibit-kiosk"
STAGING = ".staging"
LOCK = ".lock"
ACTIVE = "active"
VERSIONS = "versions"
STAND_FILE = "stand.yaml"
KEEP_VERSIONS = 5
"""Versions kept per stand after an import (the active one is always kept as well)."""

MAX_FILES = 10_000
MAX_TOTAL_BYTES = 4 * 1024**3
"""Limits for one stand, folder or zip: far above any real stand, far below a zip bomb."""
MAX_RATIO = 200
"""Largest compression ratio accepted for a big zip member (text compresses ~10x, images ~1x)."""
LOCK_WAIT_S = 10.0

Validator = Callable[[Path], LoadResult]
VERSION_RE = re.compile(r"^(\d{8}T\d{6}Z)-(\d+)$")
_SKIPPED_NAMES = frozenset({".DS_Store", "Thumbs.db", "desktop.ini"})
_SKIPPED_DIRS = frozenset({"__MACOSX"})


def default_library() -> Path:
    return platformdirs.user_data_path(APP_NAME) / "library"


class LibraryError(Exception):
    """An operation on the library that cannot be done; the message says why, in one line."""


class ImportRefused(LibraryError):
    """The source is not a valid stand; nothing in the library was changed."""

    def __init__(self, message: str, problems: tuple[Problem, ...]) -> None:
        super().__init__(message)
        self.problems = problems


@dataclass(frozen=True)
class Version:
    """One installed version of a stand."""

    stand_id: str
    name: str
    folder: Path
    problems: tuple[Problem, ...] = ()
    """The warnings validation gave when this version was imported (paths name the source)."""


@dataclass(frozen=True)
class InstalledStand:
    id: str
    active: Path | None
    """The active version's folder (inside versions/), or None when no version is active."""
    active_version: str | None
    versions: tuple[str, ...]
    """Version names, oldest first, newest last."""


# --- reading the library ---------------------------------------------------------------


def _library(library: Path | None) -> Path:
    return Path(library).absolute() if library is not None else default_library()


def _version_number(name: str) -> int | None:
    match = VERSION_RE.match(name)
    return int(match.group(2)) if match else None


def _versions(stand_dir: Path) -> list[str]:
    folder = stand_dir / VERSIONS
    try:
        entries = list(os.scandir(folder))
    except (FileNotFoundError, NotADirectoryError):
        return []
    names = [
        e.name for e in entries
        if _version_number(e.name) is not None and e.is_dir(follow_symlinks=False)
    ]
    return sorted(names, key=lambda n: (_version_number(n), n))


def _active_name(stand_dir: Path) -> str | None:
    """The name of the version `active` points to, if it points to an existing version."""
    try:
        target = os.readlink(stand_dir / ACTIVE)
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError:  # not a link (EINVAL), unreadable
        return None
    parts = PurePosixPath(target.replace(os.sep, "/")).parts
    if len(parts) != 2 or parts[0] != VERSIONS or _version_number(parts[1]) is None:
        return None
    if not (stand_dir / VERSIONS / parts[1]).is_dir():
        return None
    return parts[1]


def list_stands(library: Path | None = None) -> list[InstalledStand]:
    """Every stand in the library with at least one version, sorted by id."""
    root = _library(library)
    try:
        entries = sorted(os.scandir(root), key=lambda e: e.name)
    except FileNotFoundError:
        return []
    stands = []
    for entry in entries:
        if not ID_RE.match(entry.name) or not entry.is_dir(follow_symlinks=False):
            continue  # .staging, .lock, stray files
        stand_dir = Path(entry.path)
        versions = _versions(stand_dir)
        active = _active_name(stand_dir)
        if not versions:
            continue
        stands.append(InstalledStand(
            id=entry.name,
            active=(stand_dir / VERSIONS / active) if active else None,
            active_version=active,
            versions=tuple(versions),
        ))
    return stands


def active_stand(library: Path | None, stand_id: str) -> Path:
    """The folder of the active version of `stand_id` (a version folder, never the link).

    Load from the returned folder: it never changes, even when an import flips `active`.
    """
    stand_dir = _stand_dir(_library(library), stand_id)
    name = _active_name(stand_dir)
    if name is None:
        raise LibraryError(f"the library has no active version of '{stand_id}'")
    return stand_dir / VERSIONS / name


def _stand_dir(root: Path, stand_id: str) -> Path:
    if not ID_RE.match(stand_id):
        raise LibraryError(f"'{stand_id}' is not a stand id (lower-case letters, digits and '-')")
    return root / stand_id


# --- changing the library -------------------------------------------------------------


def import_stand(
    src: Path | str, library: Path | None, validate: Validator, *, keep: int = KEEP_VERSIONS
) -> Version:
    """Install the stand in `src` (a folder or a .zip) as the new active version of its id.

    `validate` loads and checks a stand folder fully (e.g. `load_stand` with an image decoder).
    Raises ImportRefused (with every problem, paths naming the source) when the stand is not
    valid, LibraryError or OSError when it cannot be installed; in every case the library is
    as it was. Keeps the newest `keep` versions and the active one.
    """
    src = Path(src)
    root = _library(library)
    root.mkdir(parents=True, exist_ok=True)
    with _locked(root):
        _clean_staging(root)
        staging_root = root / STAGING
        staging_root.mkdir(exist_ok=True)
        staged = staging_root / os.urandom(8).hex()
        try:
            origin = _stage(src, staged)
            result = validate(staged)
            problems = tuple(_relocate(p, staged, origin) for p in result.problems)
            if not result.ok or result.stand is None:
                raise ImportRefused(
                    f"{src}: the stand is not valid; nothing was changed", problems
                )
            stand_id = result.stand.id
            if not ID_RE.match(stand_id):  # pragma: no cover - the model already checks it
                raise ImportRefused(f"{src}: bad stand id '{stand_id}'", problems)
            _fsync_tree(staged)
            stand_dir = root / stand_id
            versions_dir = stand_dir / VERSIONS
            _make_dirs(root, stand_dir, versions_dir)
            name = _new_version_name(stand_dir)
            target = versions_dir / name
            os.rename(staged, target)
            _fsync_dir(versions_dir)
            _fsync_dir(staging_root)
        except BaseException:
            shutil.rmtree(staged, ignore_errors=True)
            raise
        try:
            _set_active(stand_dir, name)
        except BaseException:  # take the new version out again: nothing was changed
            trash = staging_root / f"failed-{os.urandom(6).hex()}"
            with contextlib.suppress(OSError):
                os.rename(target, trash)
                shutil.rmtree(trash, ignore_errors=True)
            raise
        log.info("installed %s version %s from %s", stand_id, name, src)
        _prune(root, stand_dir, keep)
    return Version(stand_id, name, target, problems)


def activate(stand_id: str, version: str, library: Path | None = None) -> Version:
    """Make an installed version of `stand_id` the active one (switch back or forth)."""
    root = _library(library)
    stand_dir = _stand_dir(root, stand_id)
    if not _versions(stand_dir):
        raise LibraryError(f"the library has no stand '{stand_id}'")
    with _locked(root):
        if version not in _versions(stand_dir):
            raise LibraryError(f"'{stand_id}' has no version '{version}'")
        _set_active(stand_dir, version)
    return Version(stand_id, version, stand_dir / VERSIONS / version)


def rollback(stand_id: str, library: Path | None = None) -> Version:
    """Make the version before the active one active. Raises LibraryError if there is none."""
    root = _library(library)
    stand_dir = _stand_dir(root, stand_id)
    if not _versions(stand_dir):
        raise LibraryError(f"the library has no stand '{stand_id}'")
    with _locked(root):
        versions = _versions(stand_dir)
        if not versions:  # pragma: no cover - removed while we waited for the lock
            raise LibraryError(f"the library has no stand '{stand_id}'")
        active = _active_name(stand_dir)
        if active is None:
            raise LibraryError(f"'{stand_id}' has no active version to roll back from")
        index = versions.index(active)
        if index == 0:
            raise LibraryError(
                f"'{stand_id}' has no version older than the active one ({active})"
            )
        previous = versions[index - 1]
        _set_active(stand_dir, previous)
    log.info("rolled %s back from %s to %s", stand_id, active, previous)
    return Version(stand_id, previous, stand_dir / VERSIONS / previous)


def _set_active(stand_dir: Path, name: str) -> None:
    """Point `active` at versions/<name> atomically: a new link, renamed over the old one."""
    temporary = stand_dir / f".{ACTIVE}-{os.urandom(6).hex()}"
    os.symlink(f"{VERSIONS}/{name}", temporary)
    try:
        os.replace(temporary, stand_dir / ACTIVE)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    _fsync_dir(stand_dir)


def _new_version_name(stand_dir: Path) -> str:
    numbers = [_version_number(n) or 0 for n in _versions(stand_dir)]
    number = max(numbers, default=0) + 1
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    return f"{stamp}-{number}"


def _prune(root: Path, stand_dir: Path, keep: int) -> None:
    """Remove all but the newest `keep` versions, never the active one.

    A version is first renamed into .staging (atomic), then deleted: a deletion cut short
    never leaves a half version in versions/.
    """
    versions = _versions(stand_dir)
    active = _active_name(stand_dir)
    doomed = [v for v in versions[: max(0, len(versions) - max(keep, 1))] if v != active]
    for name in doomed:
        trash = root / STAGING / f"old-{os.urandom(6).hex()}"
        try:
            os.rename(stand_dir / VERSIONS / name, trash)
        except OSError as exc:
            log.warning("could not remove old version %s of %s: %s", name, stand_dir.name, exc)
            continue
        shutil.rmtree(trash, ignore_errors=True)
    if doomed:
        _fsync_dir(stand_dir / VERSIONS)


def _clean_staging(root: Path) -> None:
    """Remove what a killed import left behind: staged copies and temporary links."""
    staging = root / STAGING
    if staging.is_dir():
        for entry in os.scandir(staging):
            log.info("removing a leftover of an interrupted import: %s", entry.path)
            if entry.is_dir(follow_symlinks=False):
                shutil.rmtree(entry.path, ignore_errors=True)
            else:
                with contextlib.suppress(OSError):
                    os.unlink(entry.path)
    for stand_dir in root.iterdir():
        if ID_RE.match(stand_dir.name) and stand_dir.is_dir() and not stand_dir.is_symlink():
            for leftover in stand_dir.glob(f".{ACTIVE}-*"):
                with contextlib.suppress(OSError):
                    leftover.unlink()


def _make_dirs(*folders: Path) -> None:
    """Create each folder that is missing, and flush its parent so the entry survives a crash."""
    for folder in folders:
        if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
            raise LibraryError(f"'{folder}' is in the way: it is not a folder")
        if not folder.is_dir():
            folder.mkdir()
            _fsync_dir(folder.parent)


@contextlib.contextmanager
def _locked(root: Path) -> Iterator[None]:
    """One writer at a time. The kernel drops the lock when its holder dies (even kill -9)."""
    if sys.platform == "win32":  # pragma: no cover - the kiosk runs on Linux
        yield
        return
    import fcntl

    fd = os.open(root / LOCK, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline = time.monotonic() + LOCK_WAIT_S
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise LibraryError(
                        f"another import or rollback is running in {root}; try again later"
                    ) from None
                time.sleep(0.1)
        yield
    finally:
        os.close(fd)


# --- flushing to disk --------------------------------------------------------------


def _fsync_dir(folder: Path) -> None:
    if sys.platform == "win32":  # pragma: no cover - directories cannot be opened there
        return
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    except OSError as exc:  # some file systems refuse fsync on a directory
        if exc.errno not in (errno.EINVAL, errno.ENOTSUP):
            raise
    finally:
        os.close(fd)


def _fsync_tree(folder: Path) -> None:
    """Flush the folders of a staged tree (its files were flushed as they were written)."""
    for dirpath, _dirnames, _filenames in os.walk(folder, topdown=False):
        _fsync_dir(Path(dirpath))


# --- staging: copy a folder, extract a zip -----------------------------------------------


@dataclass
class _Budget:
    files: int = 0
    total: int = 0

    def add_file(self, where: Path) -> None:
        self.files += 1
        if self.files > MAX_FILES:
            raise _refused(where, f"more than {MAX_FILES} files", "is this really a stand?")

    def add_bytes(self, where: Path, count: int) -> None:
        self.total += count
        if self.total > MAX_TOTAL_BYTES:
            raise _refused(
                where, f"the stand is larger than {MAX_TOTAL_BYTES // 1024**3} GB",
                "make the media smaller",
            )


def _refused(where: Path, message: str, hint: str = "") -> ImportRefused:
    problem = Problem(where, 0, 0, Severity.ERROR, message, hint)
    return ImportRefused(f"{where}: {message}; nothing was changed", (problem,))


def _stage(src: Path, staged: Path) -> Path:
    """Copy or extract `src` into `staged`; return the path that problems should name."""
    if src.is_dir():
        if not (src / STAND_FILE).is_file():
            raise _refused(
                src, f"the folder has no {STAND_FILE}",
                "choose the stand folder itself, the one that holds stand.yaml",
            )
        staged.mkdir()
        _copy_tree(src, staged, _Budget(), src.resolve())
        return src
    if src.is_file() and src.name == STAND_FILE:
        return _stage(src.parent, staged)
    if src.is_file():
        if not zipfile.is_zipfile(src):
            raise _refused(src, "not a stand folder or a .zip file")
        staged.mkdir()
        prefix = _extract_zip(src, staged)
        return src / prefix if prefix else src
    raise _refused(src, "no such folder or file")


def _copy_tree(src: Path, dst: Path, budget: _Budget, root: Path) -> None:
    """Copy a stand folder. A link to a file inside the stand is copied as that file (the
    installed stand holds no links); a link that leads out, or to a folder, is refused."""
    for entry in sorted(os.scandir(src), key=lambda e: e.name):
        source = Path(entry.path)
        if entry.name in _SKIPPED_NAMES:
            continue
        if entry.is_symlink():
            try:
                target = source.resolve(strict=True)
            except (OSError, RuntimeError):
                raise _refused(source, "a symbolic link that leads nowhere") from None
            if root not in target.parents or not target.is_file():
                raise _refused(
                    source, "a symbolic link that leads out of the stand folder (or to a folder)",
                    "copy the file itself into the stand folder",
                )
        if entry.is_dir(follow_symlinks=False):
            (dst / entry.name).mkdir()
            _copy_tree(source, dst / entry.name, budget, root)
        elif entry.is_file(follow_symlinks=True):
            budget.add_file(source)
            with open(source, "rb") as reader:
                _write_file(dst / entry.name, reader, budget, source, limit=None)
        else:
            raise _refused(source, "not a regular file or folder")


def _write_file(
    target: Path, reader: IO[bytes], budget: _Budget, where: Path, limit: int | None
) -> None:
    """Copy `reader` into the new file `target` in chunks, counting bytes, then fsync it."""
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    written = 0
    with os.fdopen(fd, "wb", closefd=True) as out:
        while chunk := reader.read(1024 * 1024):
            written += len(chunk)
            if limit is not None and written > limit:
                raise _refused(where, "the zip member is larger than it declares")
            budget.add_bytes(where, len(chunk))
            out.write(chunk)
        out.flush()
        os.fsync(out.fileno())


def _zip_member_path(raw: str) -> PurePosixPath | None:
    """The safe relative path of a zip member, or None when it must be refused."""
    name = raw.replace("\\", "/")
    if "\0" in name or name.startswith("/") or re.match(r"^[A-Za-z]:", name):
        return None
    parts = [p for p in name.split("/") if p not in ("", ".")]
    if any(p == ".." for p in parts) or not parts:
        return None
    return PurePosixPath(*parts)


def _extract_zip(src: Path, staged: Path) -> str:
    """Extract the stand in `src` into `staged`; returns the top folder stripped ("" if none)."""
    try:
        archive = zipfile.ZipFile(src)
    except (zipfile.BadZipFile, OSError) as exc:
        raise _refused(src, f"cannot open the zip file: {exc}") from None
    with archive:
        infos = archive.infolist()
        if len(infos) > MAX_FILES:
            raise _refused(src, f"the zip holds more than {MAX_FILES} entries", "is this a stand?")
        declared = sum(i.file_size for i in infos)
        if declared > MAX_TOTAL_BYTES:
            raise _refused(
                src, f"the zip unpacks to more than {MAX_TOTAL_BYTES // 1024**3} GB",
                "make the media smaller",
            )
        members: list[tuple[zipfile.ZipInfo, PurePosixPath]] = []
        seen: set[str] = set()
        for info in infos:
            path = _zip_member_path(info.filename)
            where = src / info.filename
            if path is None:
                raise _refused(
                    where, "a path in the zip is absolute or leaves its folder ('..')",
                    "make the zip again from the stand folder",
                )
            if path.parts[0] in _SKIPPED_DIRS or path.name in _SKIPPED_NAMES:
                continue
            mode = info.external_attr >> 16
            if info.create_system == 3 and mode and stat.S_ISLNK(mode):
                raise _refused(
                    where, "the zip holds a symbolic link",
                    "make the zip from the files themselves",
                )
            if info.create_system == 3 and stat.S_IFMT(mode) not in (0, stat.S_IFREG, stat.S_IFDIR):
                raise _refused(where, "the zip holds something that is not a file or folder")
            if info.flag_bits & 0x1:
                raise _refused(where, "the zip is encrypted", "make the zip without a password")
            if (
                info.file_size > 1024 * 1024
                and info.file_size > MAX_RATIO * max(info.compress_size, 1)
            ):
                raise _refused(where, "a file in the zip is compressed suspiciously well (zip bomb?)")
            key = str(path)
            if key in seen:
                raise _refused(where, "the zip holds this path twice")
            seen.add(key)
            members.append((info, path))
        prefix = _stand_prefix(src, members)
        budget = _Budget()
        for info, path in members:
            if prefix:
                if path.parts[0] != prefix:
                    continue  # outside the single top folder: only __MACOSX-like litter
                path = PurePosixPath(*path.parts[1:]) if len(path.parts) > 1 else PurePosixPath()
            if not path.parts:
                continue
            target = staged.joinpath(*path.parts)
            if info.is_dir():
                target.mkdir(parents=True, exist_ok=True)
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            if target.exists():
                raise _refused(src / info.filename, "the zip holds this path twice")
            budget.add_file(src / info.filename)
            try:
                with archive.open(info) as reader:
                    _write_file(target, reader, budget, src / info.filename, limit=info.file_size)
            except (zipfile.BadZipFile, NotImplementedError, RuntimeError, EOFError) as exc:
                raise _refused(src / info.filename, f"cannot unpack this file: {exc}") from None
            except zipfile.LargeZipFile as exc:  # pragma: no cover
                raise _refused(src / info.filename, str(exc)) from None
    return prefix


def _stand_prefix(src: Path, members: list[tuple[zipfile.ZipInfo, PurePosixPath]]) -> str:
    """"" when stand.yaml is at the zip's top; the top folder's name when it is in one folder."""
    files = [path for info, path in members if not info.is_dir()]
    if PurePosixPath(STAND_FILE) in files:
        return ""
    tops = {path.parts[0] for _, path in members}
    if len(tops) == 1:
        top = next(iter(tops))
        if PurePosixPath(top, STAND_FILE) in files:
            return top
    raise _refused(
        src, f"the zip has no {STAND_FILE} at its top or in a single top folder",
        "zip the stand folder itself (the one that holds stand.yaml)",
    )


def _relocate(problem: Problem, staged: Path, origin: Path) -> Problem:
    """A problem found in the staged copy, named by where the file is in the source."""
    try:
        relative = problem.file.relative_to(staged)
    except ValueError:
        try:
            relative = problem.file.relative_to(staged.resolve())
        except ValueError:
            return problem
    return dataclasses.replace(problem, file=origin / relative)
