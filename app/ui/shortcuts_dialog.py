"""Help → Keyboard shortcuts: every menu action with its keys, read from the actions themselves.

The table is built from the window's QActions each time it opens, so it can never list a key
that no longer works; keys that belong to one widget (Enter in the message box) come from the
caller as extra rows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QMenuBar,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)


@dataclass(frozen=True)
class ShortcutRow:
    place: str  # the menu it is in, or where the key works
    action: str
    keys: str  # as the platform writes them, alternatives joined by " or "


def plain(text: str) -> str:
    """A menu text as read: no mnemonic ampersands (nor a translation's "(&F)"), no trailing
    ellipsis."""
    text = re.sub(r"\(&[^&)]\)", "", text)
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip("…").strip()


def keys_text(shortcuts: list[QKeySequence], joiner: str = " or ") -> str:
    texts = [
        s.toString(QKeySequence.SequenceFormat.NativeText) for s in shortcuts if not s.isEmpty()
    ]
    # Translated key names can make two keys read the same (Return and Enter are both 回车).
    return joiner.join(dict.fromkeys(texts))


def menu_rows(menubar: QMenuBar, joiner: str = " or ") -> list[ShortcutRow]:
    """Every action with a shortcut, in menu order; submenus read as "View › Theme"."""
    rows: list[ShortcutRow] = []

    def walk(menu: QMenu, place: str) -> None:
        for act in menu.actions():
            sub = act.menu()
            if isinstance(sub, QMenu):
                walk(sub, f"{place} › {plain(act.text())}")
            elif not act.isSeparator() and act.shortcuts():
                rows.append(
                    ShortcutRow(place, plain(act.text()), keys_text(act.shortcuts(), joiner))
                )

    for top in menubar.actions():
        sub = top.menu()
        if isinstance(sub, QMenu):
            walk(sub, plain(top.text()))
    return rows


def window_actions(window: QWidget) -> list[QAction]:
    """Every QAction that lives under the window (menus, widgets, the window itself)."""
    return [a for a in window.findChildren(QAction) if not a.isSeparator()]


class ShortcutsDialog(QDialog):
    def __init__(
        self,
        menubar: QMenuBar,
        extra: list[ShortcutRow] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("shortcutsDialog")
        self.setWindowTitle(self.tr("Keyboard shortcuts"))
        self.resize(560, 560)
        lay = QVBoxLayout(self)
        intro = QLabel(
            self.tr("Every menu command with a key, and the keys of the message box."), self
        )
        intro.setWordWrap(True)
        lay.addWidget(intro)
        self.filter = QLineEdit(self)
        self.filter.setObjectName("shortcutsFilter")
        self.filter.setPlaceholderText(self.tr("Filter: a command or a key"))
        self.filter.setAccessibleName(self.tr("Filter shortcuts"))
        self.filter.setClearButtonEnabled(True)
        lay.addWidget(self.filter)
        self.table = QTableWidget(0, 3, self)
        self.table.setObjectName("shortcutsTable")
        self.table.setAccessibleName(self.tr("Keyboard shortcuts"))
        self.table.setHorizontalHeaderLabels(
            [self.tr("Command"), self.tr("Keys"), self.tr("Where")]
        )
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        lay.addWidget(self.table, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
        self.rows = menu_rows(menubar, self.tr(" or ")) + list(extra or [])
        self._fill()
        self.filter.textChanged.connect(self._apply_filter)
        self.filter.setFocus()

    def _fill(self) -> None:
        self.table.setRowCount(len(self.rows))
        for i, row in enumerate(self.rows):
            for col, text in enumerate((row.action, row.keys, row.place)):
                item = QTableWidgetItem(text)
                if col == 1:
                    f = item.font()
                    f.setBold(True)
                    item.setFont(f)
                self.table.setItem(i, col, item)
        self.table.resizeRowsToContents()

    def _apply_filter(self, text: str) -> None:
        words = text.lower().split()
        for i, row in enumerate(self.rows):
            hay = f"{row.action} {row.keys} {row.place}".lower()
            self.table.setRowHidden(i, not all(w in hay for w in words))

    def visible_rows(self) -> list[ShortcutRow]:
        return [r for i, r in enumerate(self.rows) if not self.table.isRowHidden(i)]

    def keys_for(self, action: str) -> str | None:
        """The keys shown for a command (by its text as read), or None."""
        for r in self.rows:
            if r.action == action:
                return r.keys
        return None
