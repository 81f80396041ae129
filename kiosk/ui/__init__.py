"""Thin Qt view models that expose the Qt-free core to QML."""

from kiosk.ui.bindings import import_bindings

import_bindings()
