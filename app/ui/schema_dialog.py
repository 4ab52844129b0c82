"""The JSON schema editor for response_format: json_schema.

Name, description, strict, and the schema as JSON text, checked as the user types: a syntax error
is shown with its line and column and its line is marked; with strict on, what OpenAI's strict
mode will refuse is listed as advice. OK stays disabled until the schema is valid JSON.
Opened with open() (never exec(): the app runs an asyncio loop on the Qt thread).
"""

from __future__ import annotations

import json
import re
from typing import Any

from PySide6.QtCore import QRegularExpression, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFontDatabase,
    QPalette,
    QRegularExpressionValidator,
    QTextCursor,
    QTextFormat,
)
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from app.core.i18n import QT_TRANSLATE_NOOP
from app.core.params import (
    ParamError,
    json_schema_format,
    parse_json_object,
    strict_schema_issues,
)

from .i18n import tr_text

TEMPLATES: dict[str, dict[str, Any]] = {
    QT_TRANSLATE_NOOP("SchemaDialog", "Answer with a confidence"): {
        "type": "object",
        "properties": {
            "answer": {"type": "string"},
            "confidence": {"type": "number", "description": "0 to 1"},
        },
        "required": ["answer", "confidence"],
        "additionalProperties": False,
    },
    QT_TRANSLATE_NOOP("SchemaDialog", "List of items"): {
        "type": "object",
        "properties": {
            "items": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {"name": {"type": "string"}, "notes": {"type": "string"}},
                    "required": ["name", "notes"],
                    "additionalProperties": False,
                },
            }
        },
        "required": ["items"],
        "additionalProperties": False,
    },
    QT_TRANSLATE_NOOP("SchemaDialog", "Classification"): {
        "type": "object",
        "properties": {
            "label": {"type": "string", "enum": ["positive", "negative", "neutral"]},
            "reason": {"type": "string"},
        },
        "required": ["label", "reason"],
        "additionalProperties": False,
    },
}


def _problem_colour(widget: QWidget) -> QColor:
    from .param_panel import problem_colour

    return problem_colour(widget.palette())


class SchemaDialog(QDialog):
    """Edits the inner json_schema object: {"name", "description"?, "schema", "strict"}."""

    schemaChosen = Signal(dict)

    def __init__(self, json_schema: dict[str, Any] | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("schemaDialog")
        self.setWindowTitle(self.tr("JSON schema for the answer"))
        self.resize(560, 560)
        js = json_schema or {}
        lay = QVBoxLayout(self)
        form = QFormLayout()
        self.name_edit = QLineEdit(str(js.get("name") or "answer"), self)
        self.name_edit.setObjectName("schemaName")
        self.name_edit.setValidator(
            QRegularExpressionValidator(QRegularExpression(r"[A-Za-z0-9_-]{0,64}"), self.name_edit)
        )
        self.name_edit.setToolTip(self.tr("1–64 letters, digits, _ or -"))
        form.addRow(self.tr("Name"), self.name_edit)
        self.description_edit = QLineEdit(str(js.get("description") or ""), self)
        self.description_edit.setObjectName("schemaDescription")
        self.description_edit.setPlaceholderText(self.tr("optional: what the answer is for"))
        form.addRow(self.tr("Description"), self.description_edit)
        self.strict_box = QCheckBox(self.tr("Strict: the answer must follow the schema exactly"))
        self.strict_box.setObjectName("schemaStrict")
        self.strict_box.setChecked(js.get("strict", True) is not False)
        form.addRow("", self.strict_box)
        self.template_box = QComboBox(self)
        self.template_box.setObjectName("schemaTemplate")
        self.template_box.setPlaceholderText(self.tr("Start from a template…"))
        for name in TEMPLATES:
            self.template_box.addItem(self.tr(name), name)
        self.template_box.setCurrentIndex(-1)
        self.template_box.activated.connect(self._use_template)
        form.addRow(self.tr("Template"), self.template_box)
        lay.addLayout(form)

        self.edit = QPlainTextEdit(self)
        self.edit.setObjectName("schemaEdit")
        self.edit.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.edit.setTabChangesFocus(True)
        schema = js.get("schema")
        self.edit.setPlainText(
            json.dumps(schema, indent=2, ensure_ascii=False) if isinstance(schema, dict) else "{}"
        )
        lay.addWidget(self.edit, 1)
        self.status = QLabel(self)
        self.status.setObjectName("schemaStatus")
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        lay.addWidget(self.status)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        lay.addWidget(self.buttons)

        self.edit.textChanged.connect(self._check)
        self.name_edit.textChanged.connect(self._check)
        self.strict_box.toggled.connect(self._check)
        self._check()

    def _use_template(self, index: int) -> None:
        key = self.template_box.itemData(index)
        if isinstance(key, str) and key in TEMPLATES:
            self.edit.setPlainText(json.dumps(TEMPLATES[key], indent=2, ensure_ascii=False))

    def json_schema(self) -> dict[str, Any]:
        """The inner json_schema object as sent, or ParamError saying what is wrong."""
        schema = parse_json_object(self.edit.toPlainText(), self.tr("The schema"))
        body = json_schema_format(
            self.name_edit.text(),
            schema,
            self.strict_box.isChecked(),
            self.description_edit.text().strip(),
        )
        inner: dict[str, Any] = body["json_schema"]
        return inner

    def _mark_line(self, line: int | None) -> None:
        if line is None:
            self.edit.setExtraSelections([])
            return
        sel = QTextEdit.ExtraSelection()
        colour = QColor(_problem_colour(self))
        colour.setAlpha(60)
        sel.format.setBackground(colour)
        sel.format.setProperty(QTextFormat.Property.FullWidthSelection, True)
        block = self.edit.document().findBlockByNumber(line - 1)
        cursor = QTextCursor(block)
        sel.cursor = cursor
        self.edit.setExtraSelections([sel])

    def _check(self) -> None:
        """Live check: the first error (with its line), else strict-mode advice, else OK."""
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        pal = self.status.palette()
        try:
            inner = self.json_schema()
        except ParamError as exc:
            text = tr_text(exc)
            self.status.setText(text)
            pal.setColor(QPalette.ColorRole.WindowText, _problem_colour(self))
            self.status.setPalette(pal)
            ok.setEnabled(False)
            self._mark_line(_error_line(str(exc)))  # the English text names the line
            return
        self._mark_line(None)
        ok.setEnabled(True)
        advice = strict_schema_issues(inner["schema"]) if inner.get("strict") else []
        if advice:
            self.status.setText(
                self.tr("Valid JSON. Strict mode may refuse it:")
                + "\n• "
                + "\n• ".join(tr_text(a) for a in advice)
            )
        else:
            self.status.setText(self.tr("Valid JSON schema."))
        pal.setColor(
            QPalette.ColorRole.WindowText, self.palette().color(QPalette.ColorRole.WindowText)
        )
        self.status.setPalette(pal)

    def accept(self) -> None:
        try:
            inner = self.json_schema()
        except ParamError:
            return
        self.schemaChosen.emit(inner)
        super().accept()


def _error_line(text: str) -> int | None:
    m = re.search(r"line (\d+), column \d+", text)
    return int(m.group(1)) if m else None
