"""The floor for start-up benchmarks: the smallest Qt Quick window, painted once.

Creates a QGuiApplication and a QQmlApplicationEngine with one 1920x1080 window holding one
Text, prints FIRST_FRAME when the window's first frame has been swapped, then quits. Run
under the same QT_QPA_PLATFORM / QT_QUICK_BACKEND as the kiosk (benchmarks/startup.py sets them).
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QByteArray, QTimer, QUrl
from PySide6.QtGui import QGuiApplication
from PySide6.QtQml import QQmlApplicationEngine
from PySide6.QtQuick import QQuickWindow

QML = b"""
import QtQuick
Window {
    width: 1920; height: 1080; visible: true
    Text { text: "Hello" }
}
"""


def main() -> int:
    app = QGuiApplication(sys.argv[:1])
    engine = QQmlApplicationEngine()
    engine.loadData(QByteArray(QML), QUrl("bare_window.qml"))
    roots = engine.rootObjects()
    if not roots or not isinstance(roots[0], QQuickWindow):
        print("bare_window: the QML did not load", file=sys.stderr)
        return 3
    window = roots[0]

    def first_frame() -> None:
        window.frameSwapped.disconnect(first_frame)
        print("FIRST_FRAME", flush=True)
        QTimer.singleShot(0, app.quit)

    window.frameSwapped.connect(first_frame)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
