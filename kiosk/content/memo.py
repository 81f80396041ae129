"""Stands that passed validation, remembered until any of their files changes (no Qt).

A kiosk restarting on the stand it showed before need not parse and check it again before
its first frame. After a full validation (images decoded) finds no error, the memo keeps
the validated stand and the warnings, with a fingerprint of every file in the stand folder
(path, size, modification and change times, inode) and of the validating code. The model's
classes are plain dataclasses (`kiosk.content.model`), made without pydantic. On the next start, a
stand whose fingerprint is the same is taken from the memo in about a millisecond: the
YAML parser, the region database, the checks and pydantic are not even imported.
Anything changed, added or removed in the folder, a different kiosk version or an edited
validator means a full validation again; so does a memo that cannot be read.

The memo is a pickle in the kiosk's own cache folder, read back by an unpickler that makes
nothing but the classes of the stand model (see `_ModelOnly`): a planted or damaged file can
at worst cost a full validation, never run code.
"""

from __future__ import annotations

import io
import logging
import os
import pickle
from pathlib import Path
from typing import Any

from kiosk import __version__
from kiosk.content import model, plain
from kiosk.content.problems import Problem, Severity
from kiosk.content.result import STAND_FILE, LoadResult
from kiosk.files import atomic_write, file_facts, read_small

log = logging.getLogger("kiosk.content")
FORMAT = 3  # 3: the model's own dataclasses (2: plain records, 1: pydantic objects)
KEEP = 8
"""Stands remembered (the active one, the sample, a few library versions)."""


def default_memo_file() -> Path:
    from kiosk.paths import cache_dir

    return cache_dir() / "validated.pickle"


def fingerprint(folder: Path) -> str:
    """The facts of every file in the stand folder (name, size, modification and change times,
    inode) and of the code that validates them, a line each. Compared whole, not as a digest: no two
    different folders match, and no digest library (hashlib loads OpenSSL, 3 MB) is needed."""
    lines = [f"{FORMAT}|{__version__}"]
    code = Path(__file__).parent
    lines += [file_facts(source.name, source) for source in sorted(code.glob("*.py"))]
    for root, folders, files in os.walk(folder):
        folders.sort()
        for name in sorted(files):
            path = Path(root, name)
            lines.append(file_facts(path.relative_to(folder).as_posix(), path))
        for name in folders:  # a link to a folder is not walked, but is part of the stand
            path = Path(root, name)
            if path.is_symlink():
                lines.append(file_facts(path.relative_to(folder).as_posix() + "/", path))
    return "\n".join(lines)


def files_fingerprint(files: list[tuple[str, Path]]) -> str:
    """The facts of a few named files and of the kiosk's version, a line each."""
    return "\n".join([f"{FORMAT}|{__version__}", *(file_facts(name, path) for name, path in files)])


class Memo:
    """Values worked out from files, kept in a pickle in the kiosk's cache, each with the
    fingerprint of the files it came from; the last `KEEP` of them."""

    def __init__(self, file: Path) -> None:
        self.file = file

    def entry(self, key: str, stamp: str) -> dict[str, Any] | None:
        """What was kept for `key`, if its fingerprint then was `stamp`."""
        entry = self._entries().get(key)
        if not isinstance(entry, dict) or entry.get("fingerprint") != stamp:
            return None
        return entry

    def keep(self, key: str, entry: dict[str, Any]) -> bool:
        """Keep `entry` (with its "fingerprint") for `key`; True when it was written."""
        try:
            if _loads(pickle.dumps(entry)) != entry:
                return False
        except (pickle.PickleError, TypeError, AttributeError):  # a value it cannot hold
            return False
        entries = self._entries()
        entries.pop(key, None)
        entries[key] = entry
        kept = dict(list(entries.items())[-KEEP:])
        try:
            self.file.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(self.file, pickle.dumps({"format": FORMAT, "entries": kept}), durable=False)
        except OSError as exc:
            log.warning("cannot keep what was validated in %s: %s", self.file, exc)
            return False
        return True

    def _entries(self) -> dict[str, Any]:
        try:
            data = _loads(read_small(self.file, 256 * 1024 * 1024))
        except FileNotFoundError:
            return {}
        except Exception as exc:  # whatever is wrong with it, it is not used
            log.warning("ignoring the memo %s: %s", self.file, exc)
            return {}
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            return {}
        entries = data.get("entries")
        return entries if isinstance(entries, dict) else {}


class StandMemo(Memo):
    stamp: str | None = None
    """The fingerprint of the files of the version `recall` or `last_good` gave last: what
    its screens were drawn from (the key of the kept start picture)."""

    def recall(self, folder: Path) -> LoadResult | None:
        """The stand in `folder` as it was validated, if no file has changed since."""
        stamp = fingerprint(folder)
        entry = self.entry(str(folder.resolve()), stamp)
        if entry is None:
            return None
        result = self._result(folder, entry)
        if result is not None:
            self.stamp = stamp
        return result

    def last_good(self, folder: Path) -> LoadResult | None:
        """The version of the stand in `folder` last validated, to show while a changed one is
        checked: None when there is none, or when showing it could read a file that is not
        the one validated then.

        For the folder itself: its remembered version, provided every file that version was
        validated with is still there unchanged, except stand.yaml (the kiosk never reads
        that: the version comes from the memo), and the validating code is the same. Files
        added since do not matter (the old version names none of them); a changed or removed
        image does (the kiosk would decode a file no check has seen). For a library version
        (`.../versions/NAME`) that was never validated: the newest remembered sibling version,
        unchanged.
        """
        real = folder.resolve()
        entries = self._entries()
        entry = entries.get(str(real))
        if isinstance(entry, dict) and isinstance(entry.get("fingerprint"), str):
            now = set(fingerprint(folder).split("\n"))
            then = entry["fingerprint"].split("\n")
            if all(line in now or line.startswith(f"{STAND_FILE}\0") for line in then):
                result = self._result(folder, entry)
                if result is not None:
                    self.stamp = entry["fingerprint"]
                return result
            return None
        if real.parent.name != "versions":
            return None
        for key in reversed(list(entries)):
            sibling = Path(key)
            if sibling.parent == real.parent and sibling != real and sibling.is_dir():
                recalled = self.recall(sibling)
                if recalled is not None:
                    return recalled
        return None

    def _result(self, folder: Path, entry: dict[str, Any]) -> LoadResult | None:
        try:
            stand = entry["stand"]
            if not isinstance(stand, model.Stand):
                raise TypeError(f"not a stand: {type(stand).__name__}")
            problems = tuple(problem_from(raw) for raw in entry["problems"])
        except (KeyError, TypeError, ValueError) as exc:  # only a slower start
            log.warning("the memo of %s cannot be used (%s); validating it again", folder, exc)
            return None
        return LoadResult(folder, stand, problems)

    def remember(self, result: LoadResult) -> bool:
        """Keep a fully validated stand that has no error; True when it was kept."""
        if not result.ok or result.stand is None:
            return False
        return self.keep(str(result.folder.resolve()), {
            "fingerprint": fingerprint(result.folder),
            "stand": result.stand,
            "problems": [problem.as_json() for problem in result.problems],
        })


class _ModelOnly(pickle.Unpickler):
    """Makes the stand model's classes and nothing else (no function, no other class)."""

    def find_class(self, module: str, name: str) -> Any:
        found = (model.CLASSES.get(name) if module == model.__name__
                 else plain.Text if (module, name) == (plain.__name__, "Text") else None)
        if found is not None:
            return found
        raise pickle.UnpicklingError(f"the memo may not make {module}.{name}")


def _loads(data: bytes) -> Any:
    return _ModelOnly(io.BytesIO(data)).load()


def problem_from(raw: dict[str, Any]) -> Problem:
    return Problem(Path(raw["file"]), int(raw["line"]), int(raw["column"]),
                   Severity(raw["severity"]), str(raw["message"]), str(raw["hint"]))
