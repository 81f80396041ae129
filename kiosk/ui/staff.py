"""The staff menu's view model: PIN pad, diagnostics, reload, switch stand, exit."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import Property, QObject, QTimer, Signal, Slot
from PySide6.QtQml import QmlElement

from kiosk import __version__
from kiosk.ui.backend import (  # noqa: F401 (the import names are read by @QmlElement)
    QML_IMPORT_MAJOR_VERSION,
    QML_IMPORT_NAME,
    QmlUncreatable,
)
from kiosk.venue.pin import verify_pin
from kiosk.venue.settings import Settings
from kiosk.venue.stats import StatsError, daily_totals
from kiosk.visit.pingate import PinGate, describe_wait

log = logging.getLogger("kiosk.staff")


@QmlElement
@QmlUncreatable("the kiosk makes the staff menu's model and gives it to the window")
class StaffController(QObject):
    changed = Signal()
    exitRequested = Signal()

    def __init__(
        self,
        settings: Settings,
        *,
        runtime: Any = None,
        stats_path: Path | None = None,
        library: Path | None = None,
        switch_stand: Callable[[str], bool] | None = None,
        pin_state: Path | None = None,
        clock: Callable[[], float] = time.time,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._settings = settings
        self._runtime = runtime
        self._stats_path = stats_path
        self._library = library
        self._switch = switch_stand
        # the count of wrong PINs and the lock outlast a restart (`pin_state`, a small file)
        self._gate = PinGate(verify=lambda pin: verify_pin(settings.pin_hash, pin), path=pin_state,
                             clock=clock)
        # while locked, once a second: the wait shown counts down and the pad opens again
        self._tick = QTimer(self, interval=1000)
        self._tick.timeout.connect(self._tock)
        if self._gate.locked():
            self._tick.start()
        self.exit_allowed = False

    # --- the PIN pad ----------------------------------------------------------------------

    @Property(bool, notify=changed, final=True)
    def pinSet(self) -> bool:
        return self._settings.pin_hash is not None

    @Property(bool, notify=changed, final=True)
    def locked(self) -> bool:
        return self._gate.locked()

    @Property(int, notify=changed, final=True)
    def lockSeconds(self) -> int:
        return int(self._gate.remaining() + 0.999)

    @Property(str, notify=changed, final=True)
    def lockWait(self) -> str:
        """How long the pad stays locked, in words ('4 min', '2 h 40 min')."""
        return describe_wait(self._gate.remaining())

    @Slot(str, result=bool)
    def verifyPin(self, pin: str) -> bool:
        gate = self._gate
        if gate.locked():
            log.warning("a staff PIN was entered while the pad is locked (%s left); not "
                        "checked", describe_wait(gate.remaining()))
            self.changed.emit()
            return False
        right = gate.check(pin)
        if right:
            log.info("staff menu opened")
        elif gate.locked():
            log.warning("wrong staff PIN entered (%d in a row): the PIN pad is locked for %s",
                        gate.failures, describe_wait(gate.remaining()))
        else:
            log.warning("wrong staff PIN entered (%d in a row; the pad locks after %d)",
                        gate.failures, gate.max_attempts)
        if gate.locked():
            self._tick.start()
        self.changed.emit()
        return right

    def _tock(self) -> None:
        if not self._gate.locked():
            self._tick.stop()
        self.changed.emit()

    # --- what the menu shows --------------------------------------------------------------

    @Property(str, constant=True, final=True)
    def version(self) -> str:
        return __version__

    @Slot(result="QVariantMap")
    def info(self) -> dict[str, Any]:
        runtime = self._runtime
        controller = runtime.controller if runtime else None
        uptime = int(runtime.uptime()) if runtime else 0
        rejected = runtime.last_rejected if runtime else None
        return {
            "version": __version__,
            "standId": controller.stand.id if controller else "",
            "standFolder": str(controller.folder) if controller else "",
            "uptime": f"{uptime // 3600} h {uptime % 3600 // 60:02d} min",
            "safeMode": bool(runtime and runtime.safe_mode),
            "errors": list(runtime.errors.recent)[-8:] if runtime else [],
            "report": [p.format() for p in rejected.problems][:12] if rejected else [],
            "usage": self._usage(),
            "stands": self._stands(),
        }

    def _usage(self) -> list[dict[str, Any]]:
        try:
            # read-only (WAL: writers do not block it); a database locked otherwise is
            # waited for a quarter of a second at most, on opening the staff menu
            days = daily_totals(self._stats_path, since=date.today() - timedelta(days=13),
                                timeout=0.25)
        except StatsError as exc:
            log.warning("no statistics: %s", exc)
            return []
        return [{"day": d.day.strftime("%d.%m"), "visits": d.visits} for d in days]

    def _stands(self) -> list[str]:
        if self._library is None:
            return []
        from kiosk.venue.library import list_stands

        try:
            return [stand.id for stand in list_stands(self._library)]
        except Exception as exc:
            log.warning("cannot list the library: %s", exc)
            return []

    # --- what staff can do --------------------------------------------------------------

    @Slot()
    def reload(self) -> None:
        if self._runtime is not None:
            log.info("staff asked to reload the stand")
            self._runtime.reload()

    @Slot(str, result=bool)
    def switchStand(self, stand_id: str) -> bool:
        if self._switch is None or not self._switch(stand_id):
            return False
        log.info("staff switched the kiosk to stand %s", stand_id)
        self.reload()
        return True

    @Slot()
    def exitKiosk(self) -> None:
        log.info("staff closed the kiosk from the staff menu")
        self.exit_allowed = True
        self.exitRequested.emit()
