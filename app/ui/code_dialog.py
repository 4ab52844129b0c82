"""Copy as code: the current request as Python (openai >= 1.0 or 0.28), curl or JSON.

The text comes from app.api.snippets (Qt-free, tested by running it); this dialog picks the call
and the style, highlights the code with pygments in the palette's light or dark flavour, and
copies or saves it. Non-modal: the lead opens it with open()/show().
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontDatabase,
    QGuiApplication,
    QPalette,
    QSyntaxHighlighter,
    QTextCharFormat,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.api import snippets
from app.api.snippets import AzureInfo, CodeCall

if TYPE_CHECKING:
    from .main_window import MainWindow

HIGHLIGHT_LIMIT = 200_000  # characters; a longer snippet (a huge conversation) stays plain
_LEXERS = {"python": "python", "python-0.28": "python", "curl": "bash", "json": "json"}
_SUFFIX = {"python": ".py", "python-0.28": ".py", "curl": ".sh", "json": ".json"}


class CodeHighlighter(QSyntaxHighlighter):
    """Pygments colours per line, lexed once per text (a heredoc or a multi-line string keeps
    its colour across lines, which a per-line lexer would lose)."""

    def __init__(self, doc: QTextDocument) -> None:
        super().__init__(doc)
        self._lines: list[list[tuple[int, int, QTextCharFormat]]] = []

    def set_code(self, text: str, language: str, dark: bool) -> None:
        self._lines = _formats(text, language, dark) if len(text) <= HIGHLIGHT_LIMIT else []

    def highlightBlock(self, text: str) -> None:
        n = self.currentBlock().blockNumber()
        if 0 <= n < len(self._lines):
            for start, length, fmt in self._lines[n]:
                self.setFormat(start, length, fmt)


def _formats(text: str, language: str, dark: bool) -> list[list[tuple[int, int, QTextCharFormat]]]:
    from pygments.lexers import get_lexer_by_name
    from pygments.styles import get_style_by_name

    style = get_style_by_name("github-dark" if dark else "default")
    cache: dict[Any, QTextCharFormat | None] = {}
    lines: list[list[tuple[int, int, QTextCharFormat]]] = [[]]
    col = 0
    lexer = get_lexer_by_name(language, stripnl=False, ensurenl=False)
    for ttype, value in lexer.get_tokens(text):
        if ttype not in cache:
            s = style.style_for_token(ttype)
            fmt: QTextCharFormat | None = None
            if s.get("color") or s.get("bold") or s.get("italic"):
                fmt = QTextCharFormat()
                if s.get("color"):
                    fmt.setForeground(QColor("#" + s["color"]))
                if s.get("bold"):
                    fmt.setFontWeight(QFont.Weight.Bold)
                if s.get("italic"):
                    fmt.setFontItalic(True)
            cache[ttype] = fmt
        fmt = cache[ttype]
        for i, part in enumerate(value.split("\n")):
            if i:
                lines.append([])
                col = 0
            if part and fmt is not None:
                lines[-1].append((col, len(part), fmt))
            col += len(part)
    return lines


class CodeDialog(QDialog):
    """Pick a call and a style; read, copy or save the code. The key is never in it."""

    last_style: ClassVar[str] = "python"  # remembered for the next dialog in this session

    def __init__(
        self,
        calls: list[CodeCall],
        parent: QWidget | None = None,
        *,
        secrets: Iterable[str] = (),
        style: str | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("codeDialog")
        self.setWindowTitle(self.tr("Copy as code"))
        self.setModal(False)
        self.resize(760, 560)
        self.calls = list(calls)
        self._secrets = [s for s in secrets if s]
        self._save_dialog: QFileDialog | None = None

        lay = QVBoxLayout(self)
        form = QFormLayout()
        self.call_box = QComboBox(self)
        self.call_box.setObjectName("codeCall")
        for call in self.calls:
            self.call_box.addItem(call.label)
        form.addRow(self.tr("Request:"), self.call_box)
        self.style_box = QComboBox(self)
        self.style_box.setObjectName("codeStyle")
        labels = {
            "python": self.tr("Python (openai ≥ 1.0)"),
            "python-0.28": self.tr("Python (openai 0.28)"),
            "curl": self.tr("curl"),
            "json": self.tr("JSON"),
        }
        for key in snippets.STYLES:
            self.style_box.addItem(labels[key], key)
        form.addRow(self.tr("As:"), self.style_box)
        lay.addLayout(form)

        self.text = QPlainTextEdit(self)
        self.text.setObjectName("codeText")
        self.text.setReadOnly(True)
        self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        mono.setStyleHint(QFont.StyleHint.Monospace)
        mono.setFixedPitch(True)
        self.text.setFont(mono)
        self.text.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.highlighter = CodeHighlighter(self.text.document())
        lay.addWidget(self.text, 1)

        self.status = QLabel(self)
        self.status.setObjectName("codeStatus")
        self.status.setWordWrap(True)
        lay.addWidget(self.status)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.copy_button = QPushButton(self.tr("&Copy"), self)
        self.copy_button.setObjectName("codeCopyButton")
        self.copy_button.setDefault(True)
        self.save_button = QPushButton(self.tr("&Save…"), self)
        self.save_button.setObjectName("codeSaveButton")
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)

        self.copy_button.clicked.connect(self.copy)
        self.save_button.clicked.connect(self.save_dialog)
        self.call_box.currentIndexChanged.connect(self._refresh)
        self.style_box.currentIndexChanged.connect(self._on_style)
        wanted = style if style in snippets.STYLES else CodeDialog.last_style
        self.style_box.setCurrentIndex(max(0, self.style_box.findData(wanted)))
        self._refresh()

    # -- state ----------------------------------------------------------------------------
    @property
    def code_style(self) -> str:
        return str(self.style_box.currentData())

    @property
    def call(self) -> CodeCall | None:
        i = self.call_box.currentIndex()
        return self.calls[i] if 0 <= i < len(self.calls) else None

    def code(self) -> str:
        call = self.call
        if call is None:
            return ""
        return snippets.snippet(call, self.code_style, self._secrets)

    def _on_style(self) -> None:
        CodeDialog.last_style = self.code_style
        self._refresh()

    def _refresh(self) -> None:
        call = self.call
        has = call is not None
        self.copy_button.setEnabled(has)
        self.save_button.setEnabled(has)
        if call is None:
            self.highlighter.set_code("", "text", False)
            self.text.setPlainText("")
            self.status.setText(
                self.tr("There is no request to show yet: choose a model and type a message.")
            )
            return
        code = self.code()
        dark = self.palette().color(QPalette.ColorRole.Base).lightness() < 128
        self.highlighter.set_code(code, _LEXERS[self.code_style], dark)
        self.text.setPlainText(code)  # rehighlights with the formats just computed
        self.status.setText(self._hint(call))

    def _hint(self, call: CodeCall) -> str:
        env = snippets.AZURE_KEY_ENV if call.azure is not None else snippets.KEY_ENV
        if self.code_style == "json":
            url = snippets.request_url(call)
            if call.kind in ("models", "model"):
                return self.tr("This request has no body.")
            return self.tr("The body sent to {0}").format(url)
        return self.tr("The key is not included: set {0} in the environment first.").format(env)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:  # light/dark switched: recolour
            self._refresh()

    # -- actions --------------------------------------------------------------------------
    def copy(self) -> None:
        code = self.code()
        if not code:
            return
        QGuiApplication.clipboard().setText(code)
        self.status.setText(self.tr("Copied"))

    def save_dialog(self) -> QFileDialog:
        """Where to save (non-modal: the file is written when the user picks it)."""
        dlg = QFileDialog(self, self.tr("Save code"))
        dlg.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dlg.setFileMode(QFileDialog.FileMode.AnyFile)
        dlg.selectFile("request" + _SUFFIX[self.code_style])
        dlg.fileSelected.connect(self.save)
        self._save_dialog = dlg
        dlg.open()
        return dlg

    def save(self, path: str) -> bool:
        try:
            Path(path).write_text(self.code(), encoding="utf-8")
        except OSError as exc:
            self.status.setText(self.tr("Could not save: {0}").format(exc.strerror or exc))
            return False
        self.status.setText(self.tr("Saved {0}").format(Path(path).name))
        return True


# -- the calls of the main window --------------------------------------------------------


def window_calls(w: MainWindow) -> list[CodeCall]:
    """What the main window can show as code: the request Send would make now, the request of
    the last answer, the model list, the chosen model, and speech with the panel's settings."""
    from app.api.types import SpeechRequest

    calls: list[CodeCall] = []
    p = w.profile()
    azure = AzureInfo(p.api_version) if p.auth == "azure" else None
    conv = w.controller.conversation
    model = w.model_picker.currentText().strip()

    text = w.composer.toPlainText()
    history = conv.request_messages()
    if text.strip():
        history.append({"role": w.role_picker.currentText(), "content": text})
    if model and history and history[-1]["role"] != "assistant":
        stream = w.params.stream
        request = w.controller.request_for(
            model, history, w.params.values(), stream, w.params.include_usage
        )
        body = request.body(stream)
        calls.append(
            CodeCall(
                QCoreApplication.translate("CodeDialog", "Chat: the next message"),
                "chat",
                body,
                p.base_url,
                azure,
            )
        )

    if conv.mode == "completion":
        planned = w.completions.request()
        if not isinstance(planned, str):
            creq, cstream, _notes = planned
            label = QCoreApplication.translate("CodeDialog", "Completion: the next request")
            calls.insert(0, CodeCall(label, "completion", creq.body(cstream), p.base_url, azure))

    for m in reversed(conv.messages):
        if m.role == "assistant" and m.request is not None:
            last = w.playground.request_body(m)
            if last is not None:
                label = QCoreApplication.translate("CodeDialog", "Chat: the last answer's request")
                calls.append(CodeCall(label, "chat", last, p.base_url, azure))
            break

    calls.append(
        CodeCall(
            QCoreApplication.translate("CodeDialog", "Models: list"),
            "models",
            {},
            p.base_url,
            azure,
        )
    )
    if model:
        calls.append(
            CodeCall(
                QCoreApplication.translate("CodeDialog", "Models: retrieve {0}").format(model),
                "model",
                {"model": model},
                p.base_url,
                azure,
            )
        )

    speech_text = w.speech_text()
    if speech_text:
        from app.audio.voices import split_text

        parts = split_text(speech_text)
        v = w.voice()
        fmt = w.tts_panel.format.currentText() or "mp3"
        req = SpeechRequest(v.model, parts[0], v.voice, fmt, v.speed, v.instructions or None)
        tp = w.tts_profile()
        label = QCoreApplication.translate("CodeDialog", "Speech: {0} ({1}) to speech.{2}").format(
            v.voice, v.model, fmt
        )
        if len(parts) > 1:
            label = QCoreApplication.translate(
                "CodeDialog", "Speech: the first of {0} parts, {1} ({2})"
            ).format(len(parts), v.voice, v.model)
        calls.append(
            CodeCall(
                label,
                "speech",
                req.body(),
                tp.base_url,
                AzureInfo(tp.api_version) if tp.auth == "azure" else None,
            )
        )
    return calls


def open_code_dialog(w: MainWindow) -> CodeDialog:
    """Build the calls from the window and show the dialog (non-modal), kept by the window."""
    keys = {w.api_key(), w.api_key(w.tts_profile())}
    dlg = CodeDialog(window_calls(w), w, secrets=[k for k in keys if k])
    w._keep_dialog(dlg)
    dlg.show()
    return dlg
