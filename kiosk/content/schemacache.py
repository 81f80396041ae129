"""The validator of a model, kept between processes (no Qt).

The first time a process validates a stand, pydantic builds the stand model's validator from
its annotations: ~150 ms, after ~60 ms to import pydantic itself; checking a stand then takes
a few milliseconds. Every process that validates paid that again: a first start's check (on
the way to the first content on screen), `kiosk validate`, `kiosk import`, a live reload.

What pydantic builds is a *core schema*: plain data (dicts, lists, strings) naming the
model's own classes and check functions, from which pydantic-core makes the validator in
~1 ms. `validator` keeps that schema in the kiosk's cache with a fingerprint of the code
that makes it (the model's modules, pydantic's and pydantic-core's files, the Python
version); a process whose fingerprint matches makes the validator from the kept schema
and does not import pydantic at all. The validator is the same either way: pydantic's own
is made from that same schema (tests/test_schemacache.py compares their verdicts).

The file is read back by an unpickler that makes only what a schema names: the classes and
functions of the modules given, and a class's own `_from_fields` (`_SchemaOnly`). A planted
or damaged file costs one build, never runs other code.
"""

from __future__ import annotations

import importlib.util
import io
import logging
import pickle
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from types import FunctionType, ModuleType
from typing import TYPE_CHECKING, Any

from kiosk.files import atomic_write, file_facts, read_small

if TYPE_CHECKING:
    from pydantic import TypeAdapter
    from pydantic_core import SchemaValidator

log = logging.getLogger("kiosk.content")
FORMAT = 1
MAX_BYTES = 4 * 1024 * 1024
"""A kept schema is ~12 KB; a larger file is not read."""
PATTERNS = ("*.py", "*.so", "_internal/*.py")
"""The files of a package folder that take part in the fingerprint."""
METHODS = frozenset({"_from_fields", "_check"})
"""The attributes a kept schema may take of a class or object of the modules given: the
methods the model's markers check with (`kiosk.content.values`)."""


def forget(name: str, folder: Path | None = None) -> None:
    """Delete the schema kept as `name` (one that made something else than its model)."""
    try:
        ((folder or default_folder()) / f"{name}-schema.pickle").unlink(missing_ok=True)
    except OSError as exc:
        log.warning("cannot delete the kept schema %s: %s", name, exc)


def default_folder() -> Path:
    from kiosk.paths import cache_dir

    return cache_dir()


def validator(name: str, adapter: Callable[[], TypeAdapter[Any]], modules: Sequence[ModuleType],
              folder: Path | None = None) -> SchemaValidator:
    """The validator of the model `adapter` builds, from the schema kept as `name` when the
    code that makes it is unchanged; else built (pydantic) and its schema kept. `modules`
    hold every class and function the schema names."""
    from pydantic_core import SchemaError, SchemaValidator

    file = (folder or default_folder()) / f"{name}-schema.pickle"
    stamp = fingerprint(modules)
    if stamp is None:
        return adapter().validator  # type: ignore[return-value]  # as below
    kept = _read(file, stamp, modules)
    if kept is not None:
        try:
            return SchemaValidator(kept)
        except (SchemaError, TypeError, ValueError) as exc:  # only a slower start
            log.warning("the kept schema %s cannot be used (%s); building it again", file, exc)
    built = adapter()
    _keep(file, stamp, built.core_schema, modules)
    return built.validator  # type: ignore[return-value]  # a SchemaValidator without plugins


def fingerprint(modules: Sequence[ModuleType]) -> str | None:
    """The facts of the files that make a schema: every module of the packages of `modules`
    (a model imports its helpers from beside it), pydantic's and pydantic-core's files, and
    the Python version, a line each. None where any of them is not a file of its own (a
    frozen build, a package in a zip): no schema is kept or read there."""
    from kiosk import __version__

    lines = [f"{FORMAT}|{__version__}|{sys.version}"]
    folders = {Path(module.__file__ or "").parent for module in modules}
    for package in ("pydantic", "pydantic_core"):
        spec = importlib.util.find_spec(package)
        if spec is None or not spec.origin:
            return None
        folders.add(Path(spec.origin).parent)
    try:
        for folder in sorted(folders):
            if not folder.is_dir():
                return None
            for pattern in PATTERNS:  # pydantic builds schemas in its `_internal` modules
                lines += [file_facts(str(source.relative_to(folder.parent)), source)
                          for source in sorted(folder.glob(pattern))]
    except OSError:
        return None
    return "\n".join(lines)


def _read(file: Path, stamp: str, modules: Sequence[ModuleType]) -> Any:
    try:
        data = read_small(file, MAX_BYTES)
    except OSError:
        return None  # never kept, or unreadable: built
    try:
        entry = _SchemaOnly(io.BytesIO(data), modules).load()
    except Exception as exc:  # any damage (the unpickler runs nothing else): built again
        log.warning("the kept schema %s cannot be read (%s); building it again", file, exc)
        return None
    if not isinstance(entry, dict) or entry.get("fingerprint") != stamp:
        return None  # the code changed since: built again
    return entry.get("schema")


def _keep(file: Path, stamp: str, schema: Any, modules: Sequence[ModuleType]) -> None:
    try:
        data = pickle.dumps({"fingerprint": stamp, "schema": schema}, protocol=5)
        _SchemaOnly(io.BytesIO(data), modules).load()  # it can be read back, as it will be
    except (pickle.PickleError, TypeError, AttributeError) as exc:
        log.warning("the schema %s cannot be kept (%s)", file.name, exc)
        return
    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(file, data, durable=False)
    except OSError as exc:
        log.warning("cannot keep the schema %s: %s", file, exc)


class _SchemaOnly(pickle.Unpickler):
    """Makes the classes and functions defined in `modules`, and takes their classes' and
    objects' `METHODS`, and nothing else."""

    def __init__(self, data: io.BytesIO, modules: Sequence[ModuleType]) -> None:
        super().__init__(data)
        self._modules = {module.__name__: module for module in modules}

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) == ("builtins", "getattr"):
            return self._method_of
        found = getattr(self._modules.get(module), name, None)
        if isinstance(found, (type, FunctionType)) and found.__module__ == module:
            return found
        raise pickle.UnpicklingError(f"a kept schema may not make {module}.{name}")

    def _method_of(self, owner: object, name: str) -> Any:
        kind = owner if isinstance(owner, type) else type(owner)
        if name not in METHODS or kind.__module__ not in self._modules:
            raise pickle.UnpicklingError(f"a kept schema may not take {name!r} of {kind.__name__}")
        return getattr(owner, name)
