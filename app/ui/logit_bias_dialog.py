"""The logit_bias editor: a table of token id → bias, and a token lookup to fill it.

Type text to see its token ids and the piece of text each stands for, or paste ids to see what
they are, then add them all with one click at the chosen bias. The encoding (o200k_base or
cl100k_base) is chosen from the model name and can be changed. Encodings come with bpe-openai,
so this works offline; the first load (~0.5 s) runs on a worker thread and the dialog polls
for it, so typing never freezes the window. Opened with open(), never exec().
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core import tokens
from app.core.params import BIAS_MAX, BIAS_MIN
from app.core.tokens import TokenError

from .i18n import tr_text


class LogitBiasDialog(QDialog):
    biasChosen = Signal(dict)  # {"1234": -100, ...}

    def __init__(self, bias: dict[str, int], model: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("logitBiasDialog")
        self.setWindowTitle(self.tr("Logit bias"))
        self.resize(520, 680)
        self.model = model
        self._lookup_ids: list[int] = []
        self._pending = False
        lay = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "Make tokens more or less likely: -100 bans a token, 100 forces it, small values "
                "nudge. Token ids depend on the model's encoding."
            ),
            self,
        )
        intro.setWordWrap(True)
        lay.addWidget(intro)

        # -- lookup ----------------------------------------------------------------------------
        find = QGroupBox(self.tr("Find token ids"), self)
        fl = QVBoxLayout(find)
        enc_row = QHBoxLayout()
        enc_row.addWidget(QLabel(self.tr("Encoding"), find))
        self.encoding_box = QComboBox(find)
        self.encoding_box.setObjectName("logitBiasEncoding")
        for name in tokens.ENCODINGS:
            self.encoding_box.addItem(name, name)
        known = tokens.known_encoding(model)
        chosen = known or tokens.DEFAULT_ENCODING
        self.encoding_box.setCurrentIndex(self.encoding_box.findData(chosen))
        self.encoding_box.setToolTip(
            self.tr("o200k_base: gpt-4o, gpt-4.1, gpt-5, o-series. cl100k_base: gpt-4, gpt-3.5.")
        )
        enc_row.addWidget(self.encoding_box, 1)
        fl.addLayout(enc_row)
        self.encoding_note = QLabel(find)
        self.encoding_note.setObjectName("logitBiasEncodingNote")
        self.encoding_note.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.encoding_note.setWordWrap(True)
        if known:
            self.encoding_note.setText(self.tr("Chosen for {0}.").format(model))
        elif model:
            self.encoding_note.setText(
                self.tr(
                    "{0} is not an OpenAI model this knows: its server may number tokens "
                    "differently."
                ).format(model)
            )
        self.encoding_note.setVisible(bool(self.encoding_note.text()))
        fl.addWidget(self.encoding_note)
        self.text_edit = QLineEdit(find)
        self.text_edit.setObjectName("logitBiasLookupText")
        self.text_edit.setPlaceholderText(self.tr("Text, e.g. ␣Paris (a leading space matters)"))
        fl.addWidget(self.text_edit)
        self.ids_edit = QLineEdit(find)
        self.ids_edit.setObjectName("logitBiasLookupIds")
        self.ids_edit.setPlaceholderText(self.tr("…or token ids, e.g. 1234, 5678"))
        fl.addWidget(self.ids_edit)
        self.results = self._table(find, [self.tr("Token id"), self.tr("Text")])
        self.results.setObjectName("logitBiasLookupResults")
        self.results.setMaximumHeight(130)
        fl.addWidget(self.results)
        add_row = QHBoxLayout()
        add_row.addWidget(QLabel(self.tr("Bias"), find))
        self.new_bias = QSpinBox(find)
        self.new_bias.setObjectName("logitBiasNewBias")
        self.new_bias.setRange(BIAS_MIN, BIAS_MAX)
        self.new_bias.setValue(BIAS_MIN)
        add_row.addWidget(self.new_bias)
        self.add_button = QPushButton(self.tr("Add these tokens"), find)
        self.add_button.setObjectName("logitBiasAddButton")
        self.add_button.setToolTip(self.tr("Add the selected tokens, or all of them"))
        self.add_button.setEnabled(False)
        self.add_button.clicked.connect(self.add_results)
        add_row.addWidget(self.add_button, 1)
        fl.addLayout(add_row)
        self.lookup_status = QLabel(find)
        self.lookup_status.setObjectName("logitBiasLookupStatus")
        self.lookup_status.setWordWrap(True)
        fl.addWidget(self.lookup_status)
        lay.addWidget(find)

        # -- the biases sent ------------------------------------------------------------------
        lay.addWidget(QLabel(self.tr("Sent with the request"), self))
        self.table = self._table(self, [self.tr("Token id"), self.tr("Text"), self.tr("Bias")])
        self.table.setObjectName("logitBiasTable")
        lay.addWidget(self.table, 1)
        row = QHBoxLayout()
        self.remove_button = QPushButton(self.tr("Remove selected"), self)
        self.remove_button.setObjectName("logitBiasRemoveButton")
        self.remove_button.clicked.connect(self.remove_selected)
        row.addWidget(self.remove_button)
        self.clear_button = QPushButton(self.tr("Remove all"), self)
        self.clear_button.setObjectName("logitBiasClearButton")
        self.clear_button.clicked.connect(lambda: self.table.setRowCount(0))
        row.addWidget(self.clear_button)
        row.addStretch(1)
        lay.addLayout(row)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)

        for key, value in bias.items():
            if key.isdigit():
                self.set_bias(int(key), value)

        self._poll = QTimer(self)
        self._poll.setInterval(50)
        self._poll.timeout.connect(self._check_loaded)
        self.text_edit.textChanged.connect(lambda _t: self._lookup_from("text"))
        self.ids_edit.textChanged.connect(lambda _t: self._lookup_from("ids"))
        self.encoding_box.currentIndexChanged.connect(self._on_encoding)
        self._source = "text"
        self._on_encoding()

    @staticmethod
    def _table(parent: QWidget, headers: list[str]) -> QTableWidget:
        t = QTableWidget(0, len(headers), parent)
        t.setHorizontalHeaderLabels(headers)
        t.verticalHeader().hide()
        t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        h = t.horizontalHeader()
        h.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        h.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        if len(headers) > 2:
            h.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        return t

    # -- encoding ------------------------------------------------------------------------------
    def encoding(self) -> str:
        return str(self.encoding_box.currentData())

    def _on_encoding(self) -> None:
        enc = self.encoding()
        if tokens.is_loaded(enc):
            self._ready()
            return
        self._pending = True
        self.lookup_status.setText(self.tr("Loading the {0} encoding…").format(enc))
        tokens.start_loading(enc)
        self._poll.start()

    def _check_loaded(self) -> None:
        enc = self.encoding()
        if tokens.is_loaded(enc):
            self._poll.stop()
            self._ready()
        elif tokens.load_error(enc):
            self._poll.stop()
            self.lookup_status.setText(tr_text(tokens.load_error(enc)))

    def is_ready(self) -> bool:
        return tokens.is_loaded(self.encoding())

    def _ready(self) -> None:
        self._pending = False
        self.lookup_status.clear()
        self._refresh_pieces()
        self._lookup_from(self._source)

    # -- lookup ----------------------------------------------------------------------------------
    def _piece(self, token_id: int) -> str:
        enc = self.encoding()
        if not tokens.is_loaded(enc):
            return "…"
        try:
            return tokens.display_piece(tokens.token_bytes(token_id, enc))
        except TokenError:
            return self.tr("(not a token of {0})").format(enc)

    def _lookup_from(self, source: str) -> None:
        self._source = source
        if not self.is_ready():
            return  # run again by _ready()
        enc = self.encoding()
        ids: list[int] = []
        message = ""
        try:
            if source == "text":
                text = self.text_edit.text()
                ids = tokens.encode(text, enc)
                if len(ids) == 1:
                    message = self.tr("1 token in {0}").format(enc)
                elif ids:
                    message = self.tr("{0} tokens in {1}").format(len(ids), enc)
            else:
                ids = tokens.parse_token_ids(self.ids_edit.text())
        except TokenError as exc:
            message = tr_text(exc)
        self._lookup_ids = ids
        self.results.setRowCount(len(ids))
        for r, token_id in enumerate(ids):
            self.results.setItem(r, 0, QTableWidgetItem(str(token_id)))
            self.results.setItem(r, 1, QTableWidgetItem(self._piece(token_id)))
        self.add_button.setEnabled(bool(ids))
        self.lookup_status.setText(message)

    def lookup_ids(self) -> list[int]:
        """The ids the lookup shows now."""
        return list(self._lookup_ids)

    def add_results(self) -> None:
        """Add the selected looked-up tokens (all when none is selected) at the chosen bias."""
        rows = sorted({i.row() for i in self.results.selectedIndexes()})
        ids = [self._lookup_ids[r] for r in rows] if rows else self._lookup_ids
        for token_id in ids:
            self.set_bias(token_id, self.new_bias.value())

    # -- the table -------------------------------------------------------------------------------
    def _row_of(self, token_id: int) -> int:
        for r in range(self.table.rowCount()):
            item = self.table.item(r, 0)
            if item is not None and item.data(Qt.ItemDataRole.UserRole) == token_id:
                return r
        return -1

    def set_bias(self, token_id: int, bias: int) -> None:
        """Add a token or change its bias."""
        bias = min(max(int(bias), BIAS_MIN), BIAS_MAX)
        r = self._row_of(token_id)
        if r < 0:
            r = self.table.rowCount()
            self.table.insertRow(r)
            item = QTableWidgetItem(str(token_id))
            item.setData(Qt.ItemDataRole.UserRole, token_id)
            self.table.setItem(r, 0, item)
            self.table.setItem(r, 1, QTableWidgetItem(self._piece(token_id)))
            spin = QSpinBox(self.table)
            spin.setRange(BIAS_MIN, BIAS_MAX)
            spin.setObjectName(f"logitBias_{token_id}")
            self.table.setCellWidget(r, 2, spin)
        cell = self.table.cellWidget(r, 2)
        if isinstance(cell, QSpinBox):
            cell.setValue(bias)

    def _refresh_pieces(self) -> None:
        for r in range(self.table.rowCount()):
            item = self.table.item(r, 0)
            if item is not None:
                token_id = item.data(Qt.ItemDataRole.UserRole)
                self.table.setItem(r, 1, QTableWidgetItem(self._piece(int(token_id))))

    def remove_selected(self) -> None:
        for r in sorted({i.row() for i in self.table.selectedIndexes()}, reverse=True):
            self.table.removeRow(r)

    def bias(self) -> dict[str, int]:
        """The table as logit_bias is sent: {"token id": bias}."""
        out: dict[str, int] = {}
        for r in range(self.table.rowCount()):
            item = self.table.item(r, 0)
            spin = self.table.cellWidget(r, 2)
            if item is not None and isinstance(spin, QSpinBox):
                out[str(item.data(Qt.ItemDataRole.UserRole))] = spin.value()
        return out

    def accept(self) -> None:
        self.biasChosen.emit(self.bias())
        super().accept()
