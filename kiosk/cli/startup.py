"""What `kiosk run` needs before Qt, fast: the stand to show, as validated last time or checked
in a process of its own (`StandCheck`: a copy of this process, or `kiosk --check-to-show
FOLDER`), and the settings, as checked last time (`settings_to_run`). No Qt here.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import signal
import subprocess
import sys
import threading
from pathlib import Path
from typing import IO, TYPE_CHECKING, Protocol

from kiosk.cli.exits import EXIT_FAILURE, EXIT_INVALID, EXIT_OK
from kiosk.content import LoadResult, Problem, Severity

if TYPE_CHECKING:
    from collections.abc import Callable

    from kiosk.content.media import ImageDecoder
    from kiosk.ui.decodeapart import ApartDecoder
    from kiosk.venue.settings import SettingsResult

log = logging.getLogger("kiosk.cli")


CHECK_APART = "--check-to-show"
"""argv[1] of the process `kiosk run` checks a changed stand in (see `StandCheck`)."""
CHECK_TIMEOUT_S = 90.0
"""Within the service's TimeoutStartSec (120 s), with room for Qt and the first frame: a
check that takes longer is stopped and said on the screen, not killed by systemd."""
CHECK_NICENESS = 10
PREVIEW_FLAG = "--attract-preview"
"""argv[3] of that process: report the stand's attract screen first (`kiosk.visit.attractpreview`)."""


class CheckChild(Protocol):
    """The process a stand is checked in: a `subprocess.Popen` or a `ForkedCheck`."""

    pid: int
    stdout: IO[str] | None
    returncode: int | None

    def wait(self) -> int: ...

    def kill(self) -> None: ...


class ForkedCheck:
    """The check in a copy of the kiosk's process (`os.fork`), before the kiosk has started
    Qt or a thread: it begins with every module the kiosk has imported already, where a new
    Python process takes 0.1-0.2 s to start and import them again, on the core the kiosk
    needs for its own start. Run only where a fork is safe (`fork`); else a new process."""

    def __init__(self, pid: int, stdout: IO[str]) -> None:
        self.pid = pid
        self.stdout: IO[str] | None = stdout
        self.returncode: int | None = None

    @classmethod
    def fork(cls, folder: Path, with_preview: bool) -> ForkedCheck | None:
        """The check of `folder` begun in a copy of this process, or None where a copy could
        hold a lock another thread held (threads, or Qt, running) or cannot be made."""
        if not hasattr(os, "fork") or threading.active_count() != 1 or "PySide6.QtCore" in sys.modules:
            return None
        read_end, write_end = os.pipe()
        for stream in (sys.stdout, sys.stderr):  # nothing buffered is written twice
            with contextlib.suppress(OSError, ValueError):
                stream.flush()
        from kiosk.venue.signals import actions

        # the kiosk's signals wait until the copy has its own handlers (a SIGTERM to the whole
        # service in between would only be noted by the kiosk's, and lost in the copy)
        held = set(actions())
        previous = signal.pthread_sigmask(signal.SIG_BLOCK, held)
        try:
            pid = os.fork()
        except OSError as exc:
            signal.pthread_sigmask(signal.SIG_SETMASK, previous)
            log.warning("cannot copy this process to check %s (%s)", folder, exc)
            os.close(read_end)
            os.close(write_end)
            return None
        if pid == 0:  # the copy: it never returns
            os.close(read_end)
            _run_forked(folder, with_preview, write_end, previous)
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)
        os.close(write_end)
        return cls(pid, os.fdopen(read_end, "r", encoding="utf-8", errors="replace"))

    def wait(self) -> int:
        if self.returncode is None:
            _, status = os.waitpid(self.pid, 0)
            self.returncode = os.waitstatus_to_exitcode(status)
        return self.returncode

    def kill(self) -> None:
        if self.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGKILL)


def _run_forked(folder: Path, with_preview: bool, out: int, mask: set[int | signal.Signals]) -> None:
    """The forked check: as `kiosk --check-to-show` would run, its report on `out`; its
    signals, held since the fork, are let through (`mask`) once it has its own handlers."""
    code = EXIT_FAILURE
    try:
        from kiosk.venue.signals import as_started_child

        as_started_child()
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)
        os.dup2(out, 1)
        os.close(out)
        sys.stdout = open(1, "w", encoding="utf-8", closefd=False)  # noqa: SIM115 (ends with os._exit)
        code = check_apart(folder, with_preview)
    except BaseException:  # never back into the kiosk's own code: said, and the copy ends
        with contextlib.suppress(Exception):
            log.exception("the check of %s failed", folder)
    finally:
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(Exception):
                stream.flush()
        os._exit(code)


def load_to_show(folder: Path) -> LoadResult:
    """The stand in `folder` for `kiosk run`: as validated last time when none of its files
    has changed (`kiosk.content.memo`), else validated in full and remembered."""
    return StandCheck.start(folder).result()


class StandCheck:
    """The stand `kiosk run` shows, as validated last time, or checked in a process of its own.

    On a stand changed since it was last validated, the full check (YAML, pydantic, every
    image decoded) runs in a child process, which keeps its result in the memo; the kiosk
    then reads it from there. The child is a copy of the kiosk's process (`ForkedCheck`)
    while the kiosk has no thread and no Qt yet, as on a first start; else a new process,
    `kiosk --check-to-show FOLDER` (a deferred check, begun after the first frame). So the
    kiosk never holds what the check needed (pydantic, the YAML parser, decoded images:
    ~40 MB), a crash in an image decoder cannot take it down, and it imports Qt on the other
    core meanwhile (`start`, then the imports, then `result`).
    """

    def __init__(self, folder: Path, ready: LoadResult | None,
                 child: CheckChild | None) -> None:
        self.folder = folder
        self._ready = ready
        self._child = child
        self._previous: LoadResult | None = None  # shown until a deferred check is begun
        self._deferred = False
        self._out: str | None = None  # the child's report; None: it timed out
        self._preview: dict[str, object] | None = None  # its attract screen, while it runs
        self._with_preview = False  # whether the child is asked for that preview
        self._reader: threading.Thread | None = None
        self._ended = threading.Event()  # the child's report is read in full
        self._unread: str | None = None  # why its report could not be read
        self._listener: Callable[[], object] | None = None
        self.stamp: str | None = None
        """The fingerprint of the files of the version shown first, where it comes from the
        memo (unchanged, or the last good version of a changed stand); else None."""
        if child is not None:
            self._follow(child)

    def _follow(self, child: CheckChild) -> None:
        self._child = child
        # read its report as it comes: a long one fills no pipe
        self._reader = threading.Thread(target=self._read, daemon=True, name="stand-check")
        self._reader.start()

    def _read(self) -> None:
        try:
            self._out = self._report()
        except (OSError, ValueError) as exc:  # unreadable output (not text): a stopped check
            self._unread = str(exc)
            assert self._child is not None
            with contextlib.suppress(OSError):
                self._child.kill()
                self._child.wait()
        finally:  # whatever happened, the kiosk is not left waiting
            self._ended.set()
            self._tell()

    def _report(self) -> str | None:
        """The child's report as it comes (a long one fills no pipe), its attract screen
        taken out of it; None when it took too long and was stopped."""
        from kiosk.visit import attractpreview as preview

        child = self._child
        assert child is not None and child.stdout is not None
        expired = threading.Event()

        def expire() -> None:
            expired.set()
            child.kill()

        killer = threading.Timer(CHECK_TIMEOUT_S, expire)
        killer.start()
        lines = []
        try:
            for line in child.stdout:
                found = preview.parse(line)
                if found is not None:
                    self._preview = found
                    self._tell()
                else:
                    lines.append(line)
            child.wait()
        finally:
            killer.cancel()
        return None if expired.is_set() else "".join(lines)

    def listen(self, listener: Callable[[], object]) -> None:
        """Have `listener` called, from the thread that reads the child, when its attract
        screen comes and when it ends: the kiosk looks at once (`done`, `attract_preview`)
        instead of at its next poll."""
        self._listener = listener

    def _tell(self) -> None:
        listener = self._listener
        if listener is not None:
            try:
                listener()
            except Exception:  # the kiosk polls too: its news only comes later
                log.exception("the kiosk could not be told of the check's news")

    @classmethod
    def start(cls, folder: Path, *, defer_if_shown: bool = False) -> StandCheck:
        """The stand as validated last time, or its check started. With `defer_if_shown`, a
        changed stand that has a last good version is not checked yet: the kiosk shows that
        version first and begins the check after its first frame (`begin`), so that on two
        cores the check does not slow the first frame."""
        from kiosk.content.memo import StandMemo, default_memo_file

        memo = StandMemo(default_memo_file())
        remembered = memo.recall(folder)
        if remembered is not None:
            log.info("%s is unchanged since it was validated; not checking it again", folder)
            check = cls(folder, remembered, None)
            check.stamp = memo.stamp
            return check
        if defer_if_shown:
            previous = memo.last_good(folder)
            if previous is not None:
                log.info("%s has changed since it was validated: its last good version is "
                         "shown first, the check follows", folder)
                check = cls(folder, None, None)
                check._previous, check._deferred = previous, True
                check.stamp = memo.stamp
                return check
        check = cls(folder, None, None)
        check._deferred = check._with_preview = True  # nothing to show: its attract screen
        check.begin()
        return check

    def begin(self) -> None:
        """Start a check that was deferred (nothing if it runs or has run)."""
        if not self._deferred:
            return
        self._deferred = False
        child: CheckChild | None = ForkedCheck.fork(self.folder, self._with_preview)
        if child is None:
            try:
                child = self._started()
            except OSError as exc:
                log.warning("cannot check %s in a process of its own (%s); checking it here",
                            self.folder, exc)
                self._ready = check_to_show(self.folder)
                return
        log.info("%s has changed since it was validated: checking it (process %d)",
                 self.folder, child.pid)
        self._follow(child)

    def _started(self) -> subprocess.Popen[str]:
        """The check in a new process: `kiosk --check-to-show FOLDER`."""
        frozen = getattr(sys, "frozen", False)  # a PyInstaller build: the program itself
        launcher = [sys.executable] if frozen else [sys.executable, "-m", "kiosk"]
        from kiosk.venue.signals import ignored_by_children

        with ignored_by_children():  # a SIGHUP for the whole service: not for the check
            extra = [PREVIEW_FLAG] if self._with_preview else []
            return subprocess.Popen([*launcher, CHECK_APART, str(self.folder), *extra],
                                    text=True, stdout=subprocess.PIPE)

    @property
    def checking(self) -> bool:
        """Whether the stand is being checked in a process of its own (not ended, or its
        result not yet read)."""
        return self._ready is None and (self._child is not None or self._deferred)

    def done(self) -> LoadResult | None:
        """The result if the check has ended, else None (without waiting); begins a deferred
        check."""
        self.begin()
        if self._ready is None and self._reader is not None and not self._ended.is_set():
            return None
        return self.result()

    def attract_preview(self) -> dict[str, object] | None:
        """While a stand never shown before is checked: what its attract screen shows, once
        the check has loaded it and proven its attract picture (`kiosk.visit.attractpreview`), or None."""
        return self._preview if self.checking else None

    def last_good(self) -> LoadResult | None:
        """While a changed stand is checked: the version of it validated last, to show at once
        (`StandMemo.last_good`), or None."""
        if not self.checking:
            return None
        if self._previous is not None:
            return self._previous
        from kiosk.content.memo import StandMemo, default_memo_file

        return StandMemo(default_memo_file()).last_good(self.folder)

    def result(self) -> LoadResult:
        """The result, waiting for the check if it is still running."""
        self.begin()
        if self._ready is None:
            self._ready = self._checked()
        return self._ready

    def _checked(self) -> LoadResult:
        assert self._child is not None and self._reader is not None
        self._reader.join()
        out = self._out
        if self._unread is not None:
            return self._stopped(f"its report could not be read ({self._unread})")
        if out is None:
            return self._stopped(f"it took longer than {CHECK_TIMEOUT_S:.0f} s")
        code = self._child.wait()  # ended already: its output has ended
        if code == 0:
            from kiosk.content.memo import StandMemo, default_memo_file

            remembered = StandMemo(default_memo_file()).recall(self.folder)
            if remembered is not None:
                return remembered
            log.warning("the check of %s kept nothing (is the cache folder writable?); "
                        "checking it here", self.folder)
            return check_to_show(self.folder)
        if code == EXIT_INVALID:
            try:
                from kiosk.content.memo import problem_from

                problems = tuple(problem_from(raw) for raw in json.loads(out))
                return LoadResult(self.folder, None, problems)
            except (ValueError, TypeError, KeyError) as exc:
                return self._stopped(f"its report could not be read ({exc})")
        return self._stopped(f"signal {-code}" if code < 0 else f"exit code {code}")

    def _stopped(self, why: str) -> LoadResult:
        from kiosk.content.result import STAND_FILE

        log.error("the check of %s stopped: %s", self.folder, why)
        problem = Problem(self.folder / STAND_FILE, 0, 0, Severity.ERROR,
                          f"the check of this stand stopped ({why}), so it is not shown",
                          "run 'kiosk validate' on it; a damaged image can cause this")
        return LoadResult(self.folder, None, (problem,))


def check_to_show(folder: Path, decoder: ApartDecoder | None = None,
                  before_decoding: Callable[[LoadResult, ImageDecoder], object] | None = None
                  ) -> LoadResult:
    """The full check `kiosk run` needs (every image decoded, through the decode cache), its
    result kept in the memo when the stand passes. `before_decoding` is told the stand as
    checked before its images are decoded, and the decoder (with the cache) they go to."""
    from kiosk.content import load_stand
    from kiosk.content.decodecache import DecodeCache, default_cache_file
    from kiosk.content.memo import StandMemo, default_memo_file
    from kiosk.ui.decodeapart import ApartDecoder

    # nor are the images that decoded before decoded again; the others are decoded in a
    # process of their own, so a decoder's crash is that image's error, at its line
    cache = DecodeCache(default_cache_file(), decoder or ApartDecoder())
    told = None if before_decoding is None else (lambda checked: before_decoding(checked, cache))
    loaded = load_stand(folder, decoder=cache, before_decoding=told)
    cache.save()
    StandMemo(default_memo_file()).remember(loaded)
    return loaded


def behind_the_kiosk() -> None:
    """Lower this process's priority (and that of the processes it starts next) below the
    kiosk's: on a machine of two cores the kiosk's frames do not wait for a check."""
    import os

    with contextlib.suppress(OSError):
        os.nice(CHECK_NICENESS)


def check_apart(folder: Path, with_preview: bool = False) -> int:
    """The child of `StandCheck`: 0 when the stand passed (and is in the memo), 1 with its
    problems as JSON on stdout when it did not, 3 when the check itself failed. With
    `with_preview`, the stand's attract screen first (`kiosk.visit.attractpreview`), if it has one.

    A check behind a version already on the screen runs at a lower priority from its start;
    one whose preview is the first content the screen will show, only once it is shown."""
    from kiosk.ui.decodeapart import ApartDecoder

    if not with_preview:
        behind_the_kiosk()
    # on a stand never shown (nothing on the screen but the neutral one), the attract
    # screen's words are said as soon as the stand is loaded; no decoding process is started
    # before that (it would take the second core from the kiosk's own start)
    decoder = ApartDecoder()

    def preview(checked: LoadResult, proving: ImageDecoder) -> None:
        from kiosk.visit.attractpreview import announce, preview_of, proven_picture

        def say(found: dict[str, object]) -> None:
            announce(found, sys.stdout.write)
            sys.stdout.flush()

        found = preview_of(checked)  # its words at once: the first content on the screen
        if found is not None:
            say(found)
        # the screen shows content now, and the kiosk still starts: the rest of the check,
        # the attract picture's decoding process first, goes behind the kiosk
        behind_the_kiosk()
        if found is not None and (picture := proven_picture(checked, proving)):
            say({**found, "attractImage": picture})  # the picture, decoded alone

    try:
        loaded = check_to_show(folder, decoder, preview if with_preview else None)
    except Exception:  # said in the log; the kiosk reports the check as stopped
        log.exception("the check of %s failed", folder)
        return EXIT_FAILURE
    if loaded.ok:
        return EXIT_OK
    print(json.dumps([problem.as_json() for problem in loaded.problems]))
    return EXIT_INVALID


def settings_to_run(config: Path) -> SettingsResult:
    """The settings file for `kiosk run`: as checked last time when neither it nor the code
    that checks it has changed (so pydantic is not imported to start), else checked again."""
    from kiosk.venue import settings as settings_module
    from kiosk.venue.settings import Settings, SettingsResult, load_settings

    if not config.exists():
        return load_settings(config)  # every default
    from kiosk.content.memo import Memo, default_memo_file, files_fingerprint, problem_from

    memo = Memo(default_memo_file().with_name("settings.pickle"))
    from kiosk.content import values
    from kiosk.venue import hours, pin

    # the file, and the code that reads it
    stamp = files_fingerprint([("settings", config)] + [
        (module.__name__, Path(module.__file__ or "")) for module in (settings_module, values, hours, pin)
    ])
    key = str(config.resolve())
    entry = memo.entry(key, stamp)
    if entry is not None:
        try:
            return SettingsResult(
                config, Settings(**entry["values"]),
                tuple(problem_from(raw) for raw in entry["problems"]))
        except (KeyError, TypeError, ValueError) as exc:  # only a slower start
            log.warning("the memo of %s cannot be used (%s); checking it again", config, exc)
    loaded = load_settings(config)
    memo.keep(key, {"fingerprint": stamp, "values": loaded.settings.as_dict(),
                    "problems": [problem.as_json() for problem in loaded.problems]})
    return loaded
