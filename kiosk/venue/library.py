"""The library of installed stands: atomic import, versions, rollback, prune, remove. No Qt.

Layout of a library folder::

    LIB/.lock                            taken (flock) by an import, activate, rollback,
                                         prune or remove
    LIB/.staging/<random>/               an import in progress; removed by the next import
    LIB/.staging/trash-<random>/         a version or stand being deleted (prune, remove)
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

Before anything is written, `kiosk.venue.intake` checks the source against `Limits` (names, kinds,
counts, sizes, zip bombs) and picks the files stand.yaml uses, and `_check_budget` checks
the library's budget and the disk's free space; a refusal then changes nothing. Prune and
remove rename what they delete into `.staging` first, so a version is whole or gone.
"""

from __future__ import annotations

import contextlib
import dataclasses
import errno
import logging
import os
import re
import shutil
import sys
import time
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath

from kiosk.content import LoadResult, Problem, Severity
from kiosk.content.plain import ID_RE
from kiosk.paths import data_dir
from kiosk.venue import intake
from kiosk.venue.intake import LIMITS, Limits, size_text

log = logging.getLogger("kiosk.library")

STAGING = ".staging"
LOCK = ".lock"
ACTIVE = "active"
VERSIONS = "versions"
STAND_FILE = "stand.yaml"
KEEP_VERSIONS = 5
"""Versions kept per stand after an import (the active one is always kept as well)."""

LOCK_WAIT_S = 10.0

Validator = Callable[[Path], LoadResult]
VERSION_RE = re.compile(r"^(\d{8}T\d{6}Z)-(\d+)$")
TRASH = "trash-"
"""Prefix of what prune and remove rename into .staging before deleting it."""


def default_library() -> Path:
    return data_dir() / "library"


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
    left_out: tuple[Path, ...] = ()
    """Files of the source that stand.yaml does not use, so were not installed."""


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
    src: Path | str, library: Path | None, validate: Validator, *, keep: int = KEEP_VERSIONS,
    limits: Limits = LIMITS,
) -> Version:
    """Install the stand in `src` (a folder or a .zip) as the new active version of its id.

    `validate` loads and checks a stand folder fully (e.g. `load_stand` with an image decoder).
    Before anything is written the source is checked against `limits` (names, kinds, counts,
    sizes, packing) and the disk budget; then only stand.yaml, the files it uses and README
    or licence files are copied (`Version.left_out` names the others). Raises ImportRefused
    (with every problem, paths naming the source) when the stand is not valid or breaks a
    limit, LibraryError or OSError when it cannot be installed; in every case the library
    is as it was. Keeps the newest `keep` versions and the active one.
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
            with _open_source(src, limits) as source:
                plan = intake.plan_install(source, limits)
                _check_budget(root, plan, source.origin, keep, limits)
                _write_staged(source, plan, staged, limits)
            origin = source.origin
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
            # the folder, not file by file: its files keep their change times, so the
            # decode cache still knows the pictures `validate` has just decoded
            os.rename(staged, target)
            _fsync_dir(versions_dir)
            _fsync_dir(staging_root)
        except intake.Refused as exc:
            shutil.rmtree(staged, ignore_errors=True)
            raise ImportRefused(f"{exc}; nothing was changed", (exc.problem,)) from None
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
        log.info("installed %s version %s from %s (%d files, %s; %d left out)", stand_id,
                 name, src, len(plan.install), size_text(plan.total), len(plan.left_out))
        _prune(root, stand_dir, keep)
    left_out = tuple(entry.where for entry in plan.left_out)
    return Version(stand_id, name, target, problems, left_out)


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


def _doomed(versions: list[str], active: str | None, keep: int) -> list[str]:
    """The versions (oldest first) beyond the newest `keep`, the active one excepted."""
    return [v for v in versions[: max(0, len(versions) - max(keep, 1))] if v != active]


def _prune(root: Path, stand_dir: Path, keep: int) -> None:
    """Remove all but the newest `keep` versions, never the active one (after an import)."""
    doomed = _doomed(_versions(stand_dir), _active_name(stand_dir), keep)
    for name in doomed:
        try:
            _trash(root, stand_dir / VERSIONS / name)
        except OSError as exc:
            log.warning("could not remove old version %s of %s: %s", name, stand_dir.name, exc)


def _trash(root: Path, folder: Path) -> None:
    """Delete `folder` so that a crash midway leaves it whole or gone: it is first renamed
    into .staging (atomic; the next import, prune or remove deletes what is left there)."""
    trash = root / STAGING / f"{TRASH}{os.urandom(6).hex()}"
    trash.parent.mkdir(exist_ok=True)
    os.rename(folder, trash)
    _fsync_dir(folder.parent)
    shutil.rmtree(trash, ignore_errors=True)


# --- the disk budget, prune and remove ------------------------------------------------------


PRUNE_KEEP = 2
"""Versions `kiosk prune` keeps per stand by default (the active one is always kept too)."""


@dataclass(frozen=True)
class Removed:
    """A version (or, `version` None, a whole stand) taken out of the library."""

    stand_id: str
    version: str | None
    size: int
    """Bytes of its files."""


def tree_size(folder: Path) -> int:
    """Bytes of the files under `folder` (links not followed)."""
    total = 0
    for dirpath, _dirnames, filenames in os.walk(folder):
        for name in filenames:
            with contextlib.suppress(OSError):
                total += os.lstat(os.path.join(dirpath, name)).st_size
    return total


def library_size(library: Path | None = None) -> int:
    """Bytes of every stand's files in the library (an import in progress not counted)."""
    root = _library(library)
    try:
        entries = list(os.scandir(root))
    except FileNotFoundError:
        return 0
    return sum(tree_size(Path(e.path)) for e in entries
               if ID_RE.match(e.name) and e.is_dir(follow_symlinks=False))


def plan_prune(library: Path | None = None, keep: int = PRUNE_KEEP) -> list[Removed]:
    """What `prune` would remove: per stand, the versions beyond the newest `keep`, oldest
    first, never the active one."""
    root = _library(library)
    planned = []
    for stand in list_stands(root):
        stand_dir = root / stand.id
        for name in _doomed(list(stand.versions), stand.active_version, keep):
            planned.append(Removed(stand.id, name, tree_size(stand_dir / VERSIONS / name)))
    return planned


def prune(library: Path | None = None, keep: int = PRUNE_KEEP, *,
          dry_run: bool = False) -> list[Removed]:
    """Remove old versions: keep the newest `keep` (at least 1) of each stand and the active
    one. Each version is renamed out of versions/ first, so a crash never leaves half of one."""
    if keep < 1:
        raise LibraryError("--keep must be at least 1 (the active version is always kept)")
    root = _library(library)
    if dry_run or not root.is_dir():
        return plan_prune(root, keep)
    with _locked(root):
        _clean_staging(root)
        removed = plan_prune(root, keep)
        for item in removed:
            assert item.version is not None
            _trash(root, root / item.stand_id / VERSIONS / item.version)
            log.info("pruned %s version %s (%s)", item.stand_id, item.version,
                     size_text(item.size))
    return removed


def remove(stand_id: str, library: Path | None = None, version: str | None = None, *,
           shown: bool = False, force: bool = False) -> Removed:
    """Remove a stand (every version) or one version of it.

    `shown`: the kiosk is set to show this stand; then its active version (and so the whole
    stand) is removed only with `force`. Removing a stand's active version makes its newest
    other version active; removing its only version removes the stand.
    """
    root = _library(library)
    stand_dir = _stand_dir(root, stand_id)
    if not _versions(stand_dir):
        raise LibraryError(f"the library has no stand '{stand_id}'")
    with _locked(root):
        _clean_staging(root)
        versions = _versions(stand_dir)
        active = _active_name(stand_dir)
        if version is not None and version not in versions:
            raise LibraryError(f"'{stand_id}' has no version '{version}' (see 'kiosk list')")
        whole = version is None or versions == [version]
        if shown and not force and (whole or version == active):
            if version is None or versions == [version]:
                what, first = f"'{stand_id}'", "choose another stand in the settings first"
            else:
                what = f"version {version}, the active version of '{stand_id}',"
                first = f"make another version active first ('kiosk rollback {stand_id}')"
            raise LibraryError(
                f"{what} is what the kiosk is set to show; nothing was removed: {first}, "
                "or add --force"
            )
        if whole:
            size = tree_size(stand_dir)
            _trash(root, stand_dir)
            log.info("removed stand %s (%s)", stand_id, size_text(size))
            return Removed(stand_id, None, size)
        assert version is not None
        if version == active:
            _set_active(stand_dir, [v for v in versions if v != version][-1])
        size = tree_size(stand_dir / VERSIONS / version)
        _trash(root, stand_dir / VERSIONS / version)
        log.info("removed %s version %s (%s)", stand_id, version, size_text(size))
        return Removed(stand_id, version, size)


def _check_budget(root: Path, plan: intake.Plan, where: Path, keep: int, limits: Limits) -> None:
    """Refuse, before a byte is written, an import the library or the disk has no room for.

    Nothing is deleted to make room (a refused import changes nothing): the message says
    how much 'kiosk prune' would free. The versions this import's own keep rule removes
    afterwards do count as freed for the library budget (not for the free space, which the
    copy needs while those versions are still there)."""
    need = plan.total
    prunable = sum(r.size for r in plan_prune(root))
    prune_hint = (f"'kiosk prune' would free {size_text(prunable)} of old versions; "
                  if prunable else "")
    remove_hint = "'kiosk remove STAND_ID' removes a stand no longer shown"
    free = shutil.disk_usage(root).free
    if free - need < limits.min_free_bytes:
        raise intake.Refused(
            where, f"the disk has {size_text(free)} free; this stand needs {size_text(need)} "
            f"and the kiosk keeps {size_text(limits.min_free_bytes)} free",
            prune_hint + remove_hint,
        )
    freed = 0
    if plan.stand_id is not None:
        stand_dir = root / plan.stand_id
        versions = _versions(stand_dir)
        for name in _doomed([*versions, "new"], "new", keep):
            freed += tree_size(stand_dir / VERSIONS / name)
    after = library_size(root) - freed + need
    if after > limits.max_library_bytes:
        raise intake.Refused(
            where, f"with this stand the library would hold {size_text(after)}, more than "
            f"its budget of {size_text(limits.max_library_bytes)}", prune_hint + remove_hint,
        )


def _clean_staging(root: Path) -> None:
    """Remove what a killed command left behind: staged copies, trash, temporary links."""
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


# --- staging: check the source, then copy what the stand uses -------------------------------


def _refused(where: Path, message: str, hint: str = "") -> ImportRefused:
    problem = Problem(where, 0, 0, Severity.ERROR, message, hint)
    return ImportRefused(f"{where}: {message}; nothing was changed", (problem,))


def _open_source(src: Path, limits: Limits) -> intake.Source:
    """The checked source in `src`: a stand folder, its stand.yaml, or a zip."""
    if src.is_file() and src.name == STAND_FILE:
        src = src.parent
    if src.is_dir():
        if not (src / STAND_FILE).is_file():
            raise _refused(
                src, f"the folder has no {STAND_FILE}",
                "choose the stand folder itself, the one that holds stand.yaml",
            )
        return intake.open_folder(src, limits)
    if src.is_file():
        if not zipfile.is_zipfile(src) and not intake.looks_like_zip(src):  # (a cut-off zip
            raise _refused(src, "not a stand folder or a .zip file")  # is told it is damaged)
        return intake.open_zip(src, limits)
    raise _refused(src, "no such folder or file")


def _write_staged(source: intake.Source, plan: intake.Plan, staged: Path, limits: Limits) -> None:
    """Copy the planned files into the new folder `staged`, counting every byte."""
    staged.mkdir()
    for folder in intake.folders_of(plan.install):
        staged.joinpath(*folder.parts).mkdir()
    counter = intake.Counter(limits, source.origin)
    for entry in plan.install:
        try:
            with source.open(entry) as reader:
                intake.write_file(staged.joinpath(*entry.path.parts), reader, entry, counter,
                                  limits)
        except (zipfile.BadZipFile, NotImplementedError, RuntimeError, EOFError,
                zipfile.LargeZipFile) as exc:
            raise intake.Refused(
                entry.where, f"cannot unpack this file: {exc}",
                "the zip is damaged or lies about the file; make it again",
            ) from None


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
