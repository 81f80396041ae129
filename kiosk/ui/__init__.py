"""Thin Qt view models that expose the Qt-free core to QML."""
