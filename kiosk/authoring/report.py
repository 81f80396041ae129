"""The report of `kiosk validate` in its formats, and `kiosk validate --watch`.

- text: `FILE:LINE:COLUMN: error|warning: message (hint)`, one a line (as ever);
- json: a list of problems (file, line, column, severity, message, hint);
- github: GitHub Actions workflow commands (`::error file=…,line=…,col=…::message`), so a
  content repository's CI shows each problem on the line of stand.yaml it is about.
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import TextIO

from kiosk.content import LoadResult, Problem

FORMATS = ("text", "json", "github")


def render(problems: tuple[Problem, ...] | list[Problem], fmt: str) -> str:
    """The problems in format `fmt` (one of FORMATS), ending in a newline when not empty."""
    if fmt == "json":
        return json.dumps([p.as_json() for p in problems], indent=2, ensure_ascii=False) + "\n"
    if fmt == "github":
        return "".join(github_annotation(p) + "\n" for p in problems)
    if fmt == "text":
        return "".join(p.format() + "\n" for p in problems)
    raise ValueError(f"unknown format {fmt!r}")


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _repository_path(path: Path) -> str:
    """The file as GitHub names it: relative to the working folder (the checkout) if inside."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError):
        return str(path)


def github_annotation(problem: Problem) -> str:
    """One problem as a GitHub Actions annotation (`::error file=…,line=…,col=…::…`)."""
    properties = [f"file={_escape_property(_repository_path(problem.file))}"]
    if problem.line > 0:
        properties.append(f"line={problem.line}")
        if problem.column > 0:
            properties.append(f"col={problem.column}")
    properties.append(f"title={_escape_property('kiosk validate')}")
    message = problem.message + (f" ({problem.hint})" if problem.hint else "")
    level = "error" if problem.is_error else "warning"
    return f"::{level} {','.join(properties)}::{_escape_data(message)}"


# --- watch ---------------------------------------------------------------------------

MAX_WATCHED_FILES = 10_000
"""More files than any stand holds; a folder with more is watched by its first ones."""


def fingerprint(folder: Path) -> tuple[tuple[str, int, int], ...]:
    """What changes when a file of the stand is saved, added, removed or renamed: each file's
    name, size and modification time (no file is read)."""
    found: list[tuple[str, int, int]] = []
    for root, dirs, files in os.walk(folder):
        dirs.sort()
        for name in sorted(files):
            path = os.path.join(root, name)
            try:
                stat = os.stat(path)
            except OSError:  # removed meanwhile: the next look sees it gone
                continue
            found.append((path, stat.st_size, stat.st_mtime_ns))
            if len(found) >= MAX_WATCHED_FILES:
                return tuple(found)
    return tuple(found)


def changes(folder: Path, interval: float, settle: float | None = None,
            stop: Callable[[], bool] = lambda: False) -> Iterator[None]:
    """Yields once at once, then once after each change to the files of `folder`, looked
    for every `interval` seconds (polling: it works on every file system, network shares
    and USB sticks too). A change is reported once the files have stayed the same for
    `settle` seconds (default: one interval), so an editor's save is read whole. Ends
    when `stop()` is true."""
    settle = interval if settle is None else settle
    seen = fingerprint(folder)
    yield
    while not stop():
        time.sleep(interval)
        now = fingerprint(folder)
        if now == seen:
            continue
        while True:  # wait for the writing to end
            time.sleep(settle)
            later = fingerprint(folder)
            if later == now:
                break
            now = later
        seen = now
        yield


def separator(clock: Callable[[], datetime] = datetime.now) -> str:
    return f"──────── {clock().strftime('%H:%M:%S')} ────────"


def watch(folder: Path, check: Callable[[], int], *, interval: float = 0.5,
          stream: TextIO | None = None, stop: Callable[[], bool] = lambda: False) -> int:
    """Run `check` now and after every change in `folder`, each run under a separator with
    the time, until Ctrl-C (or `stop()` says so, for tests). Returns 0: watching ended as
    asked, whatever the stand's state."""
    out = stream or sys.stderr
    try:
        for _ in changes(folder, interval, stop=stop):
            print(separator(), file=out, flush=True)
            check()
            print(f"watching {folder} for changes; Ctrl-C to stop", file=out, flush=True)
    except KeyboardInterrupt:
        print("", file=out)
    return 0


# --- summary -------------------------------------------------------------------------

STATE_WORDS = {
    "missing": "not translated",
    "machine": "machine translated",
    "draft": "draft translation",
    "review": "AWAITING REVIEW",
    "reviewed": "reviewed",
}


def summary(result: LoadResult) -> list[str]:
    """What the stand holds and how far each language's translation has come (`kiosk
    validate --summary`): the state the stand gives (`translations:`) and how many of its
    texts each language has."""
    from kiosk.authoring.translate import iter_texts
    from kiosk.content import langtags

    data = result.marks.data if result.marks is not None else None
    if not isinstance(data, dict):
        return [f"{result.folder}: no summary (stand.yaml cannot be read)"]
    languages = [langtags.normal(lang) for lang in data.get("languages") or []
                 if isinstance(lang, str)]
    panels = [p for p in data.get("panels") or [] if isinstance(p, dict)]
    kinds = ", ".join(str(p.get("kind")) for p in panels)
    sources = len(data.get("sources") or [])
    lines = [f"{data.get('id', result.folder.name)}: {len(languages)} language"
             f"{'s' * (len(languages) != 1)}, {len(panels)} panel{'s' * (len(panels) != 1)}"
             f" ({kinds}), {sources} source{'s' * (sources != 1)}"]
    texts = [{langtags.normal(str(k)) for k in value} for _, value in iter_texts(data)]
    states_given = data.get("translations")
    states = ({langtags.normal(str(k)): str(v) for k, v in states_given.items()}
              if isinstance(states_given, dict) else {})
    width = max((len(lang) for lang in languages), default=2)
    for index, language in enumerate(languages):
        have = sum(1 for given in texts if language in given)
        if index == 0:
            state = "source language"
        elif language in states:
            state = STATE_WORDS.get(states[language], states[language])
        else:
            state = "translation state not given"
        missing = len(texts) - have
        lines.append(f"  {language:<{width}}  {state:<28} {have}/{len(texts)} texts"
                     + (f", {missing} missing" if missing else ""))
    waiting = [lang for lang in languages[1:] if states.get(lang) in ("review", "machine",
                                                                      "draft", "missing")]
    if waiting:
        lines.append(f"  not yet reviewed: {', '.join(waiting)} (see `translations:`)")
    return lines
