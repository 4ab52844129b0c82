"""The history sidebar: conversations newest first, grouped by day, with full-text search."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6 import QtCore, QtGui
from PySide6.QtCore import QPoint, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

if TYPE_CHECKING:
    from datetime import date

    from app.core.storage import Entry

# Qt.ItemDataRole.UserRole, as a number: the `Qt` namespace is built when first used (~12 ms).
PATH_ROLE = 0x0100


class HistoryPanel(QWidget):
    openRequested = Signal(str)
    renameRequested = Signal(str, str)
    deleteRequested = Signal(str)
    duplicateRequested = Signal(str)
    newRequested = Signal()

    def __init__(self, parent: QWidget | None = None, *, finish: bool = True) -> None:
        """`finish` False: the main window calls finish_setup() after its first frame."""
        super().__init__(parent)
        self.setObjectName("historyPanel")
        self.entries: dict[str, Entry] = {}
        self.current: str = ""
        self._filling = False
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.new_button = QPushButton(self.tr("New chat"), self)
        self.new_button.setObjectName("newChatButton")
        self.new_button.clicked.connect(self.newRequested)
        lay.addWidget(self.new_button)
        self.search = QLineEdit(self)
        self.search.setObjectName("historySearch")
        self.search.setPlaceholderText(self.tr("Search conversations"))
        self.search.textChanged.connect(self._refill)
        lay.addWidget(self.search)
        # A flat list with day headers: a history needs no folding.
        self.tree = QListWidget(self)
        self.tree.setObjectName("historyList")
        # (It elides on the right already, as every item view does.)
        self.tree.setEditTriggers(
            QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.SelectedClicked
        )
        self.tree.itemActivated.connect(self._activated)
        self.tree.itemClicked.connect(self._activated)
        self.tree.itemChanged.connect(self._renamed)
        lay.addWidget(self.tree, 1)
        self._finished = False
        if finish:
            self.finish_setup()

    def finish_setup(self) -> None:
        """What an empty list's first frame does not show: the search box's clear icon, the
        context menu and the Delete key (they take Qt's `Qt` namespace, ~12 ms to build)."""
        if self._finished:
            return
        self._finished = True
        self.search.setClearButtonEnabled(True)
        self.tree.setHorizontalScrollBarPolicy(QtCore.Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.tree.setContextMenuPolicy(QtCore.Qt.ContextMenuPolicy.CustomContextMenu)
        self.tree.customContextMenuRequested.connect(self._menu)
        delete = QtGui.QAction(self.tr("Delete"), self.tree)
        delete.setShortcut(QtGui.QKeySequence.StandardKey.Delete)
        delete.setShortcutContext(QtCore.Qt.ShortcutContext.WidgetShortcut)
        delete.triggered.connect(self._delete_selected)
        self.tree.addAction(delete)

    # -- content --------------------------------------------------------------------------
    def set_entries(self, entries: list[Entry]) -> None:
        self.entries = {str(e.path): e for e in entries}
        self._refill()

    def upsert(self, entry: Entry) -> None:
        self.entries[str(entry.path)] = entry
        self._refill()

    def remove(self, path: str) -> None:
        self.entries.pop(path, None)
        self._refill()

    def set_current(self, path: str) -> None:
        self.current = path
        self._refill()

    def visible_titles(self) -> list[str]:
        """The conversation titles shown, top to bottom (for tests and accessibility)."""
        return [item.text() for item in self._items() if item.data(PATH_ROLE)]

    def _items(self) -> list[QListWidgetItem]:
        return [i for i in (self.tree.item(n) for n in range(self.tree.count())) if i is not None]

    def matches(self, entry: Entry) -> bool:
        words = self.search.text().lower().split()
        return entry.matches(words)

    def _refill(self) -> None:
        from datetime import date, datetime  # here: the first frame shows no entries

        self._filling = True
        self.tree.clear()
        last_label = None
        today = date.today()
        for e in sorted(self.entries.values(), key=lambda e: e.updated, reverse=True):
            if not self.matches(e):
                continue
            label = self._day_label(datetime.fromtimestamp(e.updated).date(), today)
            if label != last_label:
                header = QListWidgetItem(label, self.tree)
                header.setFlags(QtCore.Qt.ItemFlag.NoItemFlags)
                font = header.font()
                font.setBold(True)
                header.setFont(font)
                last_label = label
            title = e.title or self.tr("New conversation")
            if e.error:
                title = self.tr("{0} (damaged)").format(e.path.name)
            item = QListWidgetItem(title, self.tree)
            item.setData(PATH_ROLE, str(e.path))
            item.setToolTip(e.error or str(e.path))
            if not e.error:
                item.setFlags(item.flags() | QtCore.Qt.ItemFlag.ItemIsEditable)
            if str(e.path) == self.current:
                self.tree.setCurrentItem(item)
        self._filling = False

    def _day_label(self, d: date, today: date) -> str:
        from datetime import timedelta

        if d == today:
            return self.tr("Today")
        if d == today - timedelta(days=1):
            return self.tr("Yesterday")
        if d > today - timedelta(days=7):
            return d.strftime("%A")
        return d.isoformat()

    # -- actions --------------------------------------------------------------------------
    def _activated(self, item: QListWidgetItem) -> None:
        path = item.data(PATH_ROLE)
        if path and path != self.current:
            self.openRequested.emit(path)

    def _renamed(self, item: QListWidgetItem) -> None:
        if self._filling:
            return
        path = item.data(PATH_ROLE)
        title = item.text().strip()
        entry = self.entries.get(path or "")
        if path and entry is not None and title and title != entry.title:
            self.renameRequested.emit(path, title)

    def selected_path(self) -> str:
        item = self.tree.currentItem()
        return str(item.data(PATH_ROLE) or "") if item is not None else ""

    def _delete_selected(self) -> None:
        path = self.selected_path()
        if path:
            self.deleteRequested.emit(path)

    def rename(self, path: str) -> None:
        """Start editing the title of a conversation in place."""
        for item in self._items():
            if item.data(PATH_ROLE) == path:
                self.tree.setCurrentItem(item)
                self.tree.editItem(item)
                return

    def _menu(self, pos: QPoint) -> None:
        item = self.tree.itemAt(pos)
        path = item.data(PATH_ROLE) if item is not None else None
        if not path:
            return
        menu = QMenu(self)
        menu.addAction(self.tr("Open"), lambda: self.openRequested.emit(path))
        menu.addAction(self.tr("Rename"), lambda: self.rename(path))
        menu.addAction(self.tr("Duplicate"), lambda: self.duplicateRequested.emit(path))
        menu.addSeparator()
        menu.addAction(self.tr("Delete"), lambda: self.deleteRequested.emit(path))
        menu.popup(self.tree.viewport().mapToGlobal(pos))
