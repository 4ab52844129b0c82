"""Edit token prices per model (US dollars per million tokens)."""

from __future__ import annotations

import math

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core.pricing import BUILTIN, Price, PriceTable


class PricesDialog(QDialog):
    def __init__(self, prices: PriceTable, model: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pricesDialog")
        self.setWindowTitle(self.tr("Token prices"))
        self.resize(520, 480)
        self.prices = prices
        lay = QVBoxLayout(self)
        note = QLabel(
            self.tr(
                "US dollars per million tokens. A model uses the longest name here that it "
                "starts with. The built-in prices are list prices of 2025; check your provider's. "
                "Removing a built-in model restores its built-in price."
            ),
            self,
        )
        note.setWordWrap(True)
        lay.addWidget(note)
        self.table = QTableWidget(0, 3, self)
        self.table.setObjectName("pricesTable")
        self.table.setHorizontalHeaderLabels(
            [self.tr("Model"), self.tr("Input"), self.tr("Output")]
        )
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        lay.addWidget(self.table, 1)
        self.error = QLabel(self)
        self.error.setObjectName("pricesError")
        self.error.setWordWrap(True)
        lay.addWidget(self.error)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.add_button = QPushButton(self.tr("Add model"), self)
        self.add_button.setObjectName("pricesAddButton")
        self.remove_button = QPushButton(self.tr("Remove"), self)
        self.remove_button.setObjectName("pricesRemoveButton")
        buttons.addButton(self.add_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.remove_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        self.add_button.clicked.connect(lambda: self.add_row(model, None))
        self.remove_button.clicked.connect(self.remove_row)
        lay.addWidget(buttons)
        for name, price in sorted(prices.all().items()):
            self.add_row(name, price)

    def add_row(self, model: str, price: Price | None) -> int:
        r = self.table.rowCount()
        self.table.insertRow(r)
        self.table.setItem(r, 0, QTableWidgetItem(model))
        self.table.setItem(r, 1, QTableWidgetItem("" if price is None else f"{price.input:g}"))
        self.table.setItem(r, 2, QTableWidgetItem("" if price is None else f"{price.output:g}"))
        self.table.setCurrentCell(r, 0 if not model else 1)
        return r

    def remove_row(self) -> None:
        r = self.table.currentRow()
        if r >= 0:
            self.table.removeRow(r)

    def _cell(self, r: int, c: int) -> str:
        item = self.table.item(r, c)
        return item.text().strip() if item is not None else ""

    def save(self) -> None:
        """Keep what differs from the built-in table as the user's prices."""
        wanted: dict[str, Price] = {}
        for r in range(self.table.rowCount()):
            model = self._cell(r, 0)
            if not model:
                continue
            try:
                a, b = float(self._cell(r, 1)), float(self._cell(r, 2))
            except ValueError:
                a = b = -1.0
            if not (math.isfinite(a) and math.isfinite(b) and a >= 0 and b >= 0):
                self.error.setText(
                    self.tr("Row {0} ({1}): prices must be numbers of 0 or more.").format(
                        r + 1, model
                    )
                )
                self.table.setCurrentCell(r, 1)
                return
            wanted[model] = Price(a, b)
        # A removed built-in row comes back with its built-in price: only user prices go away.
        self.prices.user = {m: p for m, p in wanted.items() if BUILTIN.get(m) != p}
        try:
            self.prices.save()
        except OSError as exc:
            self.error.setText(
                self.tr("Could not save the prices: {0}").format(exc.strerror or exc)
            )
            return
        self.accept()
