"""A list model of plain rows (dicts) with fixed role names, for QML delegates."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    Property,
    QAbstractListModel,
    QByteArray,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
    Slot,
)
from PySide6.QtQml import QmlElement

from kiosk.ui.backend import (  # noqa: F401 (the import names are read by @QmlElement)
    QML_IMPORT_MAJOR_VERSION,
    QML_IMPORT_NAME,
    QmlUncreatable,
)

_Index = QModelIndex | QPersistentModelIndex


@QmlElement
@QmlUncreatable("rows come from the controller")
class RowsModel(QAbstractListModel):
    """Rows of data under named roles. `set_rows` keeps delegates when only the text changes."""

    countChanged = Signal()

    def __init__(self, roles: Sequence[str], parent: Any = None) -> None:
        super().__init__(parent)
        self._roles = tuple(roles)
        self._rows: list[dict[str, Any]] = []

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def roleNames(self) -> dict[int, QByteArray]:
        return {Qt.ItemDataRole.UserRole + i: QByteArray(name.encode())
                for i, name in enumerate(self._roles)}

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return str(row.get(self._roles[0], ""))
        offset = role - Qt.ItemDataRole.UserRole
        if 0 <= offset < len(self._roles):
            return row.get(self._roles[offset])
        return None

    @Property(int, notify=countChanged, final=True)
    def count(self) -> int:
        return len(self._rows)

    @Slot(int, result=dict)
    def row(self, index: int) -> dict[str, Any]:
        """Row `index` as a map of its roles (empty when there is none)."""
        return dict(self._rows[index]) if 0 <= index < len(self._rows) else {}

    def set_rows(self, rows: Sequence[dict[str, Any]], *, reset: bool = False) -> None:
        rows = list(rows)
        if len(rows) == len(self._rows) and not reset:
            self._rows = rows
            if rows:
                self.dataChanged.emit(self.index(0), self.index(len(rows) - 1))
            return
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()
        self.countChanged.emit()
