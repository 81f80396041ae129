"""Reading a stand to import (a folder or a .zip) without trusting it. No Qt here.

`open_source` lists every entry of the source and checks it against `Limits` before a byte
is written: names (nothing absolute, no `..`, no backslash, no control character, not too
long or deep), kinds (no links out, devices or encrypted members), duplicates and names
that differ only in case, the number of entries and, in a zip, the compression ratio (zip
bombs). `plan_install` then reads `stand.yaml` and picks the files it uses (plus README and
licence files): only those are installed, the others are left out and named to the staff.
`write_file` copies one file while counting its bytes, so a zip whose directory lies
about a size is stopped at the declared size, not at the end of the disk.

Every limit is a field of `Limits`; `LIMITS` holds the defaults (see docs/reliability.md).
"""

from __future__ import annotations

import os
import re
import stat
import struct
import unicodedata
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO, Any

from kiosk.content import Problem, Severity

STAND_FILE = "stand.yaml"
MB = 1024 * 1024
GB = 1024 * MB


@dataclass(frozen=True)
class Limits:
    """Every limit of an import and of the library, in one place (bytes unless named)."""

    max_entries: int = 2_000
    """Entries in a zip (files, folders, Mac litter) or files and folders under a folder."""
    max_file_bytes: int = 256 * MB
    """One installed file (a picture of a few MB is already large for a screen)."""
    max_total_bytes: int = 1 * GB
    """Everything installed for one version of a stand."""
    max_ratio: int = 100
    """Unpacked / packed size of a zip member above `ratio_from_bytes`, and of the whole zip
    (photos pack ~1:1, text ~1:5, a zip bomb 1:1000)."""
    ratio_from_bytes: int = 64 * 1024
    max_depth: int = 10
    """Names in a path (`media/a/b.png` is 3)."""
    max_name_bytes: int = 255
    """One file or folder name, in UTF-8 (what Linux file systems allow)."""
    max_path_bytes: int = 1024
    max_library_bytes: int = 8 * GB
    """The library of installed stands, every version counted."""
    min_free_bytes: int = 1 * GB
    """Free space the disk keeps after an import (logs, statistics, the system itself)."""


LIMITS = Limits()

_SKIPPED_NAMES = frozenset({".DS_Store", "Thumbs.db", "desktop.ini"})
_SKIPPED_DIRS = frozenset({"__MACOSX", ".git", ".svn", ".hg"})
_DOCUMENT_RE = re.compile(
    r"^(readme|licen[cs]e|copying|notice|credits|authors|attribution)([-_. ].*)?$", re.I
)
_ZIP_METHODS = frozenset({zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2,
                          zipfile.ZIP_LZMA})
_CHUNK = 256 * 1024
_INVISIBLE = frozenset({"Cc", "Cf", "Cs"})
"""Unicode categories refused in names: controls (ESC, DEL), formatting (U+202E), surrogates."""


class Refused(Exception):
    """The source cannot be imported; `problem` says where, what and what to do."""

    def __init__(self, where: Path, message: str, hint: str = "") -> None:
        super().__init__(f"{where}: {message}")
        self.problem = Problem(where, 0, 0, Severity.ERROR, message, hint)


def size_text(count: int) -> str:
    """`count` bytes for people: 512 bytes, 3.4 MB, 1.2 GB (MB = 1024 x 1024 bytes)."""
    if count < 1024:
        return f"{count} bytes"
    if count < MB:
        return f"{count / 1024:.1f} KB"
    if count < GB:
        return f"{count / MB:.1f} MB"
    return f"{count / GB:.2f} GB"


def shown(name: str) -> str:
    """A name from the source as it may be printed: control characters escaped."""
    return "".join(
        c if unicodedata.category(c) not in _INVISIBLE else f"\\u{ord(c):04x}" for c in name
    )


@dataclass(frozen=True)
class Entry:
    """One file of the source, checked: where it goes and how large it says it is."""

    path: PurePosixPath
    """Its place in the stand (a zip's single top folder removed)."""
    size: int
    """Bytes: declared in the zip's directory, or the file's size."""
    where: Path
    """The entry in the source, for messages."""
    member: zipfile.ZipInfo | None = None
    file: Path | None = None


@dataclass
class Source:
    """A checked source: its files, and how to read one. Close it (`with`)."""

    origin: Path
    """What problems in the stand name: the folder, or `ZIP/top-folder`."""
    entries: list[Entry]
    archive: zipfile.ZipFile | None = None

    def open(self, entry: Entry) -> IO[bytes]:
        if self.archive is not None and entry.member is not None:
            return self.archive.open(entry.member)
        assert entry.file is not None
        return open(entry.file, "rb")

    def __enter__(self) -> Source:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.archive is not None:
            self.archive.close()


@dataclass
class Plan:
    """What an import installs and what it leaves out."""

    install: list[Entry]
    left_out: list[Entry]
    stand_id: str | None = None
    """The id stand.yaml gives, when it can be read (the validator decides)."""

    @property
    def total(self) -> int:
        return sum(e.size for e in self.install)


@dataclass
class Counter:
    """Bytes written so far for one import, against the total limit."""

    limits: Limits
    where: Path
    total: int = 0

    def add(self, count: int) -> None:
        self.total += count
        if self.total > self.limits.max_total_bytes:
            raise Refused(
                self.where,
                f"the stand unpacks to more than {size_text(self.limits.max_total_bytes)}, "
                "the limit for one stand",
                "make the pictures smaller (a screen needs no more than 4000 pixels a side)",
            )


# --- names ---------------------------------------------------------------------------------


_SLASH_LOOK_ALIKES = frozenset("\u2215\u2044\uff0f\u29f8\u2571\u29f5\u29f9\uff3c\u2216\u2572")
"""Division slash, fraction slash, full-width solidus, big solidus, box-drawing diagonals,
reverse solidus operator, full-width and set-minus backslashes: a name holding one reads
as a path with folders."""


def check_name(where: Path, raw: str, limits: Limits) -> PurePosixPath:
    """The relative path `raw` names; raises Refused if it is not a safe, portable name."""
    remake = "make the zip again from the stand folder"
    if "\\" in raw:
        raise Refused(where, "a name in the stand holds a backslash '\\' (a Windows path "
                      "that may leave its folder)",
                      "no '\\' in names, '/' between folders; " + remake)
    if raw.startswith("/") or re.match(r"^[A-Za-z]:", raw):
        raise Refused(where, "a path in the stand is absolute", remake)
    if any(unicodedata.category(c) in _INVISIBLE for c in raw):
        raise Refused(where, "a name in the stand holds a control character, an invisible "
                      "formatting character or is not UTF-8",
                      "rename the file with plain letters, digits, '-' and '_'")
    if look_alike := _SLASH_LOOK_ALIKES.intersection(raw):
        char = min(look_alike)
        raise Refused(where, f"a name in the stand holds '{char}' (U+{ord(char):04X}), which looks "
                      "like '/' or '\\' but is not one: the name shows folders that are not there",
                      "put the file in a real folder, or rename it without that character")
    parts = [p for p in raw.split("/") if p not in ("", ".")]
    if ".." in parts:
        raise Refused(where, "a path in the stand leaves its folder ('..')", remake)
    if not parts:
        raise Refused(where, "an entry in the zip has no name", remake)
    if len(parts) > limits.max_depth:
        raise Refused(
            where, f"the path is {len(parts)} folders deep, more than the limit of "
            f"{limits.max_depth}", "keep media in media/ or one folder below it",
        )
    longest = max(len(p.encode("utf-8")) for p in parts)
    if longest > limits.max_name_bytes:
        raise Refused(where, f"a name is {longest} bytes long, more than the limit of "
                      f"{limits.max_name_bytes}", "give the file a shorter name")
    length = len("/".join(parts).encode("utf-8"))
    if length > limits.max_path_bytes:
        raise Refused(where, f"the path is {length} bytes long, more than the limit of "
                      f"{limits.max_path_bytes}", "use shorter folder and file names")
    return PurePosixPath(*parts)


def _skipped(path: PurePosixPath) -> bool:
    """Litter that file managers and version control add, never part of a stand."""
    return not _SKIPPED_DIRS.isdisjoint(path.parts) or path.name in _SKIPPED_NAMES


class _Names:
    """Every path seen so far: duplicates, names that differ only in case, file and folder."""

    def __init__(self) -> None:
        self.files: dict[str, PurePosixPath] = {}
        self.folders: dict[str, PurePosixPath] = {}
        self.listed: set[str] = set()
        """Keys of the entries themselves (a folder may also be implied by a path in it)."""

    @staticmethod
    def _key(path: PurePosixPath) -> str:
        return unicodedata.normalize("NFC", str(path)).casefold()

    def add(self, where: Path, path: PurePosixPath, *, folder: bool) -> None:
        key = self._key(path)
        seen = self.files.get(key) or self.folders.get(key)
        if key in self.listed and seen == path:
            raise Refused(where, f"the stand holds '{shown(str(path))}' twice",
                          "make the zip again from the stand folder")
        if seen is not None and seen != path:
            raise _case(where, seen, path)
        if seen is not None and not folder:  # a folder, implied by a path seen before
            raise _both(where, path)
        self.listed.add(key)
        (self.folders if folder else self.files)[key] = path
        for parent in list(path.parents)[:-1]:
            parent_key = self._key(parent)
            if parent_key in self.files:
                raise _both(where, parent)
            known = self.folders.setdefault(parent_key, parent)
            if known != parent:
                raise _case(where, known, parent)


def _case(where: Path, seen: PurePosixPath, path: PurePosixPath) -> Refused:
    return Refused(
        where, f"'{shown(str(seen))}' and '{shown(str(path))}' differ only in upper and "
        "lower case (or in how accents are written)",
        "rename one: on many computers they are the same file",
    )


def _both(where: Path, path: PurePosixPath) -> Refused:
    return Refused(where, f"'{shown(str(path))}' is both a file and a folder",
                   "make the zip again from the stand folder")


# --- folders -------------------------------------------------------------------------------


def open_folder(src: Path, limits: Limits = LIMITS) -> Source:
    """Walk the stand folder `src` (holding stand.yaml), checking every entry; read nothing.

    A link to a file inside the folder counts as that file (the installed stand holds no
    links); a link that leads out, or to a folder, is refused, as is anything that is not a
    file or a folder. The walk stops at the first entry over the limit.
    """
    root = src.resolve()
    entries: list[Entry] = []
    names = _Names()
    count = 0
    stack: list[tuple[Path, PurePosixPath]] = [(src, PurePosixPath())]
    while stack:
        folder, relative = stack.pop()
        with os.scandir(folder) as scan:
            listing = sorted(scan, key=lambda e: e.name)
        for item in listing:
            where = folder / shown(item.name)  # for messages: a name printed safely
            name = _decoded(item.name, where)
            path = check_name(where, f"{relative}/{name}" if relative.parts else name, limits)
            if _skipped(path):
                continue  # nor is a skipped folder walked
            count += 1
            if count > limits.max_entries:
                raise Refused(src, f"the folder holds more than {limits.max_entries} files and "
                              "folders, the limit for one stand",
                              "choose the stand folder itself; a stand needs far fewer files")
            if item.is_symlink():
                _check_link(where, root)
            if item.is_dir(follow_symlinks=False):
                names.add(where, path, folder=True)
                stack.append((Path(item.path), path))
            elif item.is_file(follow_symlinks=True):
                names.add(where, path, folder=False)
                entries.append(Entry(path, item.stat(follow_symlinks=True).st_size, where,
                                     file=Path(item.path)))
            else:
                raise Refused(where, "not a regular file or folder (a device, a pipe or a "
                              "socket)", "remove it from the stand folder")
    return Source(src, entries)


def _decoded(name: str, where: Path) -> str:
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        raise Refused(where, "a name in the stand is not UTF-8 text",
                      "rename the file with plain letters, digits, '-' and '_'") from None
    return name


def _check_link(where: Path, root: Path) -> None:
    try:
        target = where.resolve(strict=True)
    except (OSError, RuntimeError):
        raise Refused(where, "a symbolic link that leads nowhere") from None
    if root not in target.parents or not target.is_file():
        raise Refused(where, "a symbolic link that leads out of the stand folder (or to a "
                      "folder)", "copy the file itself into the stand folder")


# --- zips ----------------------------------------------------------------------------------


def looks_like_zip(src: Path) -> bool:
    """Does `src` start as a zip does, whole or not? (`zipfile.is_zipfile` looks for the
    directory at the end, which a zip cut off while being copied has lost.)"""
    try:
        with open(src, "rb") as reader:
            return reader.read(4) in (b"PK\x03\x04", b"PK\x05\x06")
    except OSError:
        return False


def open_zip(src: Path, limits: Limits = LIMITS) -> Source:
    """Check the zip `src` from its directory alone (nothing is unpacked) and open it."""
    declared = _declared_entries(src)
    if declared is not None and declared > limits.max_entries:
        raise _too_many(src, declared, limits)
    try:
        archive = zipfile.ZipFile(src)
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError) as exc:
        if looks_like_zip(src) and not _has_end_record(src):
            raise Refused(src, "this .zip file is damaged or incomplete: its end is missing, as "
                          "when a copy is cut off", "copy it again from the original, and let "
                          "the copy finish before removing the USB stick") from None
        raise Refused(src, f"cannot open the zip file: {exc}",
                      "make the zip again; it may be damaged") from None
    try:
        infos = archive.infolist()
        if len(infos) > limits.max_entries:
            raise _too_many(src, len(infos), limits)
        _check_packing(src, infos, limits)
        members = _zip_members(src, infos, limits)
        prefix = _stand_prefix(src, members)
        entries = [
            Entry(path, info.file_size, where, member=info)
            for info, path, where in _strip(members, prefix) if not info.is_dir()
        ]
    except BaseException:
        archive.close()
        raise
    return Source(src / prefix if prefix else src, entries, archive)


def _too_many(src: Path, count: int, limits: Limits) -> Refused:
    return Refused(src, f"the zip holds {count} entries, more than the limit of "
                   f"{limits.max_entries}", "zip only the stand folder; a stand needs far "
                   "fewer files")


def _has_end_record(src: Path) -> bool:
    """Does the zip end with its directory's end record (a whole zip does)?"""
    with open(src, "rb") as reader:
        size = reader.seek(0, os.SEEK_END)
        reader.seek(size - min(size, 22 + 65_535))
        return b"PK\x05\x06" in reader.read()


def _declared_entries(src: Path) -> int | None:
    """The number of entries the zip's end record declares, read before `zipfile` loads a
    directory that may be huge; None when there is no end record (zipfile then refuses)."""
    with open(src, "rb") as reader:
        size = reader.seek(0, os.SEEK_END)
        tail_size = min(size, 22 + 65_535 + 20)
        reader.seek(size - tail_size)
        tail = reader.read(tail_size)
        at = tail.rfind(b"PK\x05\x06")
        if at < 0 or len(tail) - at < 22:
            return None
        total, directory_size = struct.unpack("<HL", tail[at + 10:at + 16])
        if total != 0xFFFF and directory_size != 0xFFFFFFFF:
            return int(total)
        locator = tail[at - 20:at] if at >= 20 else b""
        if locator[:4] != b"PK\x06\x07":
            return int(total)
        (offset,) = struct.unpack("<Q", locator[8:16])
        if offset >= size:
            return None
        reader.seek(offset)
        record = reader.read(56)
        if record[:4] != b"PK\x06\x06" or len(record) < 40:
            return None
        (total64,) = struct.unpack("<Q", record[32:40])
        return int(total64)


def _check_packing(src: Path, infos: list[zipfile.ZipInfo], limits: Limits) -> None:
    """Refuse a zip bomb by its directory: a member, or the whole, packed too well."""
    for info in infos:
        if info.file_size >= limits.ratio_from_bytes and (
            info.file_size > limits.max_ratio * max(info.compress_size, 1)
        ):
            ratio = info.file_size // max(info.compress_size, 1)
            raise Refused(
                src / shown(info.filename),
                f"this file unpacks to {ratio} times its packed size (the limit is "
                f"{limits.max_ratio}): a zip bomb?",
                "pictures barely shrink in a zip; make the zip again from the stand folder",
            )
    unpacked = sum(i.file_size for i in infos)
    packed = sum(i.compress_size for i in infos)
    if unpacked >= limits.ratio_from_bytes and unpacked > limits.max_ratio * max(packed, 1):
        raise Refused(
            src, f"the zip unpacks to {size_text(unpacked)} from {size_text(packed)} "
            f"({unpacked // max(packed, 1)} times; the limit is {limits.max_ratio}): a zip bomb?",
            "make the zip again from the stand folder",
        )


def _zip_members(
    src: Path, infos: list[zipfile.ZipInfo], limits: Limits
) -> list[tuple[zipfile.ZipInfo, PurePosixPath, Path]]:
    """Every member, checked (name, kind, encryption, method, duplicates), litter dropped."""
    names = _Names()
    members = []
    for info in infos:
        where = src / shown(info.filename)
        path = check_name(where, info.filename, limits)
        if _skipped(path):
            continue
        _check_member_kind(where, info)
        names.add(where, path, folder=info.is_dir())
        members.append((info, path, where))
    return members


def _check_member_kind(where: Path, info: zipfile.ZipInfo) -> None:
    mode = info.external_attr >> 16
    if info.create_system == 3 and stat.S_ISLNK(mode):
        raise Refused(where, "the zip holds a symbolic link",
                      "make the zip from the files themselves")
    if info.create_system == 3 and stat.S_IFMT(mode) not in (0, stat.S_IFREG, stat.S_IFDIR):
        raise Refused(where, "the zip holds something that is not a file or folder (a device, "
                      "a pipe)", "make the zip again from the stand folder")
    if info.flag_bits & 0x1:
        raise Refused(where, "the zip is encrypted", "make the zip without a password")
    if info.compress_type not in _ZIP_METHODS:
        raise Refused(where, f"the zip uses an unknown compression method ({info.compress_type})",
                      "make the zip with the usual 'deflate' method")


def _stand_prefix(src: Path, members: list[tuple[zipfile.ZipInfo, PurePosixPath, Path]]) -> str:
    """"" when stand.yaml is at the zip's top; the top folder's name when it is in one folder."""
    files = {path for info, path, _ in members if not info.is_dir()}
    if PurePosixPath(STAND_FILE) in files:
        return ""
    tops = {path.parts[0] for _, path, _ in members}
    if len(tops) == 1:
        top = next(iter(tops))
        if PurePosixPath(top, STAND_FILE) in files:
            return top
    raise Refused(
        src, f"the zip has no {STAND_FILE} at its top or in a single top folder",
        "zip the stand folder itself (the one that holds stand.yaml)",
    )


def _strip(
    members: list[tuple[zipfile.ZipInfo, PurePosixPath, Path]], prefix: str
) -> Iterator[tuple[zipfile.ZipInfo, PurePosixPath, Path]]:
    for info, path, where in members:
        if prefix:
            if len(path.parts) < 2:
                continue  # the top folder itself
            path = PurePosixPath(*path.parts[1:])
        yield info, path, where


# --- what is installed ---------------------------------------------------------------------


def plan_install(source: Source, limits: Limits = LIMITS) -> Plan:
    """The files to install (stand.yaml, what it names, README and licence files) and those
    left out; refuses, before anything is written, a file or a whole over the size limits."""
    yaml_entry = next((e for e in source.entries if e.path == PurePosixPath(STAND_FILE)), None)
    if yaml_entry is None:  # pragma: no cover - open_folder's caller and _stand_prefix check
        raise Refused(source.origin, f"the stand has no {STAND_FILE}")
    data = _read_yaml(source, yaml_entry)
    used = set(_references(data)) | _narration(source)
    install: list[Entry] = []
    left_out: list[Entry] = []
    for entry in source.entries:
        keep = entry is yaml_entry or entry.path in used or _is_document(entry.path)
        (install if keep else left_out).append(entry)
    for entry in install:
        if entry.size > limits.max_file_bytes:
            raise Refused(
                entry.where, f"the file is {size_text(entry.size)}, more than the limit of "
                f"{size_text(limits.max_file_bytes)} for one file",
                "make it smaller (a picture for a screen needs a few MB at most)",
            )
    plan = Plan(install, left_out, _stand_id(data))
    if plan.total > limits.max_total_bytes:
        raise Refused(
            source.origin, f"the stand's files add up to {size_text(plan.total)}, more than "
            f"the limit of {size_text(limits.max_total_bytes)} for one stand",
            "make the pictures smaller",
        )
    return plan


def _read_yaml(source: Source, entry: Entry) -> Any:
    """stand.yaml's data, or None when it cannot be read (then the validator says why)."""
    from kiosk.content.load import MAX_STAND_BYTES
    from kiosk.content.yamlsafe import YamlError, load_located

    if entry.size > MAX_STAND_BYTES:
        return None
    try:
        with source.open(entry) as reader:
            raw = reader.read(MAX_STAND_BYTES + 1)
        return load_located(raw.decode("utf-8-sig")).data
    except (YamlError, UnicodeDecodeError, OSError, zipfile.BadZipFile, ValueError,
            RecursionError):
        return None


def _references(data: Any) -> Iterator[PurePosixPath]:
    """Every string value in stand.yaml read as a path in the stand.

    Wider than the media fields on purpose: whatever the validator follows is among these,
    so a file the stand uses is never left out."""
    pending = [data]
    while pending:
        value = pending.pop()
        if isinstance(value, dict):
            pending.extend(value.values())
        elif isinstance(value, list):
            pending.extend(value)
        elif isinstance(value, str) and 0 < len(value) <= 4096 and "\\" not in value:
            path = PurePosixPath(value)
            if not path.is_absolute() and ".." not in path.parts and path.parts:
                yield path


def _stand_id(data: Any) -> str | None:
    value = data.get("id") if isinstance(data, dict) else None
    return value if isinstance(value, str) and re.fullmatch(r"[a-z0-9-]+", value) else None


NARRATION_MANIFEST = PurePosixPath("narration/manifest.json")
MAX_MANIFEST_BYTES = 4 * 1024 * 1024


def _narration(source: Source) -> set[PurePosixPath]:
    """The narration manifest and the clips it lists (narration/<language>/<key>.wav, made by
    `kiosk narrate` or recorded by staff): installed with the stand, though stand.yaml does not
    name them. A manifest that cannot be read brings nothing (validation then says so)."""
    import json

    entry = next((e for e in source.entries if e.path == NARRATION_MANIFEST), None)
    if entry is None or entry.size > MAX_MANIFEST_BYTES:
        return set()
    try:
        with source.open(entry) as handle:
            manifest = json.loads(handle.read(MAX_MANIFEST_BYTES + 1))
    except (OSError, ValueError, RecursionError):  # nested past the parser's depth too
        return {NARRATION_MANIFEST}
    clips = {NARRATION_MANIFEST}
    for entries in manifest.values() if isinstance(manifest, dict) else ():
        for clip in entries.values() if isinstance(entries, dict) else ():
            name = clip.get("file") if isinstance(clip, dict) else None
            if isinstance(name, str) and name.startswith("narration/") and name.endswith(".wav"):
                clips.add(PurePosixPath(name))
    return clips


def _is_document(path: PurePosixPath) -> bool:
    # the schema `kiosk new` writes beside stand.yaml for editors: kept with it, never read
    return _DOCUMENT_RE.match(path.name) is not None or path == PurePosixPath("stand.schema.json")


# --- writing -------------------------------------------------------------------------------


def write_file(target: Path, reader: IO[bytes], entry: Entry, counter: Counter,
               limits: Limits) -> None:
    """Copy `reader` into the new file `target` in chunks, counting bytes, then fsync it.

    Stops at the declared size plus one byte (a zip member) or the file limit (a folder's
    file may grow while it is copied), and at the total limit."""
    limit = min(entry.size if entry.member is not None else limits.max_file_bytes,
                limits.max_file_bytes)
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    written = 0
    with os.fdopen(fd, "wb", closefd=True) as out:
        while chunk := reader.read(_CHUNK):
            written += len(chunk)
            if written > limit:
                raise Refused(
                    entry.where, f"the file holds more than the {size_text(limit)} "
                    + ("the zip's directory declares" if entry.member is not None
                       else "allowed for one file"),
                    "make the zip again from the stand folder",
                )
            counter.add(len(chunk))
            out.write(chunk)
        out.flush()
        os.fsync(out.fileno())


def folders_of(entries: Iterable[Entry]) -> list[PurePosixPath]:
    """Every folder the entries need, parents first."""
    folders = {parent for e in entries for parent in list(e.path.parents)[:-1]}
    return sorted(folders, key=lambda p: (len(p.parts), str(p)))
