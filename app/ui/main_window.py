"""The main window: model picker, system prompt, parameters, conversation, composer, status.

Imports stay light: httpx, qasync, markdown-it and pygments are loaded on first use, after the
window has painted.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QByteArray, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app import __version__
from app.core.conversation import Message
from app.core.logsetup import register_secret
from app.core.params import validate_params
from app.core.paths import AppPaths
from app.core.settings import Connection, Settings, resolve_connection, save_settings

from .asyncbridge import TaskGroup
from .composer import Composer
from .controller import ChatController
from .conversation_view import ConversationView
from .param_panel import ParameterPanel

if TYPE_CHECKING:
    import httpx

    from app.api.client import ApiClient
    from app.api.errors import ApiError

log = logging.getLogger("chatterdesk.ui")


class MainWindow(QMainWindow):
    closed = Signal()
    modelsLoaded = Signal(bool)

    def __init__(self, paths: AppPaths, settings: Settings, debug: bool = False) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self.setWindowTitle("Chatterdesk")
        self.paths = paths
        self.settings = settings
        self.debug = debug
        self.session_key: str | None = None
        self.tasks = TaskGroup()
        self._http: httpx.AsyncClient | None = None
        self._client: ApiClient | None = None
        self._client_conn: Connection | None = None
        self._shutting_down = False
        self._closing_done = False
        self._settings_dialog: Any = None
        self.controller = ChatController(self.tasks, self.client)
        self._build()
        self._wire()
        self.view.set_messages(self.controller.conversation.messages)
        self._apply_settings_to_widgets()
        self._update_connection_label()
        self._update_buttons()
        if settings.window_geometry:
            self.restoreGeometry(QByteArray.fromBase64(settings.window_geometry.encode()))
        else:
            self.resize(1180, 780)

    # -- construction ---------------------------------------------------------------------
    def _build(self) -> None:
        central = QWidget(self)
        outer = QVBoxLayout(central)
        outer.setContentsMargins(8, 8, 8, 4)

        # Top row: model picker and connection.
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Model"), self))
        self.model_picker = QComboBox(self)
        self.model_picker.setObjectName("modelPicker")
        self.model_picker.setEditable(True)
        self.model_picker.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.model_picker.setMinimumWidth(280)
        edit = self.model_picker.lineEdit()
        assert edit is not None
        edit.setPlaceholderText(self.tr("model id, e.g. gpt-4o-mini"))
        top.addWidget(self.model_picker)
        self.refresh_button = QToolButton(self)
        self.refresh_button.setObjectName("refreshModelsButton")
        self.refresh_button.setText(self.tr("Refresh"))
        self.refresh_button.setToolTip(self.tr("Fetch the model list from the server"))
        top.addWidget(self.refresh_button)
        top.addSpacing(12)
        self.connection_label = QLabel(self)
        self.connection_label.setObjectName("connectionLabel")
        self.connection_label.setTextFormat(Qt.TextFormat.PlainText)
        top.addWidget(self.connection_label, 1)
        self.settings_button = QPushButton(self.tr("Settings…"), self)
        self.settings_button.setObjectName("settingsButton")
        top.addWidget(self.settings_button)
        outer.addLayout(top)

        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.setObjectName("mainSplitter")
        # Left: conversation and composer.
        left = QWidget(split)
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 0, 0)
        self.view = ConversationView(left)
        ll.addWidget(self.view, 1)
        self.error_bar = QWidget(left)
        self.error_bar.setObjectName("errorBar")
        eb = QHBoxLayout(self.error_bar)
        eb.setContentsMargins(0, 0, 0, 0)
        self.error_label = QLabel(self.error_bar)
        self.error_label.setObjectName("errorLabel")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #c0392b;")
        self.retry_button = QPushButton(self.tr("Retry"), self.error_bar)
        self.retry_button.setObjectName("retryButton")
        eb.addWidget(self.error_label, 1)
        eb.addWidget(self.retry_button)
        self.error_bar.hide()
        ll.addWidget(self.error_bar)
        comp_row = QHBoxLayout()
        self.composer = Composer(left)
        self.composer.setMaximumHeight(120)
        comp_row.addWidget(self.composer, 1)
        btns = QVBoxLayout()
        self.send_button = QPushButton(self.tr("Send"), left)
        self.send_button.setObjectName("sendButton")
        self.send_button.setDefault(True)
        self.stop_button = QPushButton(self.tr("Stop"), left)
        self.stop_button.setObjectName("stopButton")
        btns.addWidget(self.send_button)
        btns.addWidget(self.stop_button)
        btns.addStretch(1)
        comp_row.addLayout(btns)
        ll.addLayout(comp_row)

        # Right: system prompt and parameters.
        right = QWidget(split)
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        rl.addWidget(QLabel(self.tr("System prompt"), right))
        self.system_prompt = QPlainTextEdit(right)
        self.system_prompt.setObjectName("systemPromptEdit")
        self.system_prompt.setPlaceholderText(self.tr("You are a helpful assistant."))
        self.system_prompt.setMaximumHeight(160)
        rl.addWidget(self.system_prompt)
        self.params = ParameterPanel(right)
        rl.addWidget(self.params)
        rl.addStretch(1)
        split.addWidget(left)
        split.addWidget(right)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        split.setSizes([780, 400])
        outer.addWidget(split, 1)
        self.setCentralWidget(central)

        sb = self.statusBar()
        self.status_model = QLabel(self)
        self.status_model.setObjectName("statusModel")
        self.status_usage = QLabel(self)
        self.status_usage.setObjectName("statusUsage")
        sb.addPermanentWidget(self.status_model)
        sb.addPermanentWidget(self.status_usage)

        m_file = self.menuBar().addMenu(self.tr("&File"))
        self.act_new = QAction(self.tr("&New chat"), self)
        self.act_new.setShortcut(QKeySequence.StandardKey.New)
        m_file.addAction(self.act_new)
        m_file.addSeparator()
        self.act_quit = QAction(self.tr("&Quit"), self)
        self.act_quit.setShortcut(QKeySequence.StandardKey.Quit)
        m_file.addAction(self.act_quit)
        m_edit = self.menuBar().addMenu(self.tr("&Edit"))
        self.act_settings = QAction(self.tr("Connection &settings…"), self)
        self.act_settings.setShortcut(QKeySequence("Ctrl+,"))
        m_edit.addAction(self.act_settings)
        m_chat = self.menuBar().addMenu(self.tr("&Chat"))
        self.act_stop = QAction(self.tr("S&top answer"), self)
        self.act_stop.setShortcut(QKeySequence("Esc"))
        m_chat.addAction(self.act_stop)
        self.act_retry = QAction(self.tr("&Retry last answer"), self)
        self.act_retry.setShortcut(QKeySequence("Ctrl+R"))
        m_chat.addAction(self.act_retry)
        self.act_refresh = QAction(self.tr("Refresh &models"), self)
        self.act_refresh.setShortcut(QKeySequence.StandardKey.Refresh)
        m_chat.addAction(self.act_refresh)

    def _wire(self) -> None:
        c = self.controller
        c.messageAdded.connect(self._on_message_added)
        c.messageChanged.connect(self.view.message_changed)
        c.conversationReset.connect(self._on_reset)
        c.answerFinished.connect(self._on_answer_finished)
        c.busyChanged.connect(lambda _b: self._update_buttons())
        c.statusMessage.connect(lambda t: self.statusBar().showMessage(t, 8000))
        self.composer.submitted.connect(self.send)
        self.composer.textChanged.connect(self._update_buttons)
        self.send_button.clicked.connect(self.send)
        self.stop_button.clicked.connect(self.controller.stop)
        self.act_stop.triggered.connect(self.controller.stop)
        self.retry_button.clicked.connect(self.retry)
        self.act_retry.triggered.connect(self.retry)
        self.view.retryRequested.connect(self.retry)
        self.view.linkRefused.connect(
            lambda url: self.statusBar().showMessage(
                self.tr("Refused to open a link that is not http(s): {0}").format(url), 8000
            )
        )
        self.refresh_button.clicked.connect(self.refresh_models)
        self.act_refresh.triggered.connect(self.refresh_models)
        self.settings_button.clicked.connect(self.open_settings)
        self.act_settings.triggered.connect(self.open_settings)
        self.act_new.triggered.connect(self.new_chat)
        self.act_quit.triggered.connect(self.close)
        self.model_picker.currentTextChanged.connect(self._on_model_changed)
        self.system_prompt.textChanged.connect(self._on_system_prompt)

    def _apply_settings_to_widgets(self) -> None:
        s = self.settings
        self.system_prompt.setPlainText(s.system_prompt)
        self.params.set_values(validate_params(s.params))
        self.params.stream_box.setChecked(s.stream)
        self.params.usage_box.setChecked(s.include_usage)
        conn = self.connection()
        last = s.last_models.get(conn.base_url)
        if last:
            self.model_picker.setEditText(last)

    # -- connection -----------------------------------------------------------------------
    def connection(self) -> Connection:
        return resolve_connection(self.settings, self.session_key)

    def client(self) -> ApiClient:
        """The API client for the current connection, on the one shared HTTP client."""
        import httpx

        from app.api.client import ApiClient, make_http_client

        conn = self.connection()
        if self._http is None:
            self._http = make_http_client()
        if self._client is None or self._client_conn != conn:
            register_secret(conn.api_key)
            timeout = httpx.Timeout(
                connect=10.0, read=self.settings.request_timeout, write=30.0, pool=10.0
            )
            self._client = ApiClient(
                self._http, conn.base_url, conn.api_key, timeout=timeout, on_retry=self._on_retry
            )
            self._client_conn = conn
        return self._client

    def _on_retry(self, attempt: int, delay: float, err: ApiError) -> None:
        from .errors_text import describe_error

        self.statusBar().showMessage(
            self.tr("{0} Retrying in {1:.1f} s (attempt {2})…").format(
                describe_error(err), delay, attempt
            ),
            int(delay * 1000) + 2000,
        )

    def _update_connection_label(self) -> None:
        conn = self.connection()
        url = conn.base_url
        if conn.base_url_from_env:
            url += " " + self.tr("(from OPENAI_BASE_URL)")
        if conn.api_key_from_env:
            key = self.tr("key from OPENAI_API_KEY")
        elif conn.api_key:
            key = self.tr("key set for this session")
        else:
            key = self.tr("no key")
        self.connection_label.setText(self.tr("Server: {0} · {1}").format(url, key))
        self.connection_label.setToolTip(self.connection_label.text())

    # -- models ---------------------------------------------------------------------------
    def refresh_models(self) -> None:
        self.tasks.spawn(self._refresh_models(), name="models")

    async def _refresh_models(self) -> None:
        from app.api.errors import ApiError

        from .errors_text import describe_error

        self.refresh_button.setEnabled(False)
        self.statusBar().showMessage(self.tr("Fetching the model list…"))
        try:
            models = await self.client().list_models()
        except ApiError as err:
            self.statusBar().showMessage(
                self.tr("Could not fetch the model list: {0}").format(describe_error(err)), 15000
            )
            self.modelsLoaded.emit(False)
            return
        finally:
            self.refresh_button.setEnabled(True)
        current = self.model_picker.currentText().strip()
        remembered = self.settings.last_models.get(self.connection().base_url, "")
        self.model_picker.blockSignals(True)
        self.model_picker.clear()
        for m in sorted(models, key=lambda m: m.id.lower()):
            self.model_picker.addItem(m.id)
            tip = []
            if m.owned_by:
                tip.append(self.tr("Owner: {0}").format(m.owned_by))
            if m.created:
                day = datetime.fromtimestamp(m.created, UTC).strftime("%Y-%m-%d")
                tip.append(self.tr("Created: {0}").format(day))
            self.model_picker.setItemData(
                self.model_picker.count() - 1, "\n".join(tip), Qt.ItemDataRole.ToolTipRole
            )
        pick = current or remembered or (models[0].id if models else "")
        self.model_picker.setEditText(pick)
        idx = self.model_picker.findText(pick)
        if idx >= 0:
            self.model_picker.setCurrentIndex(idx)
        self.model_picker.blockSignals(False)
        self._on_model_changed(self.model_picker.currentText())
        self.statusBar().showMessage(self.tr("{0} models available").format(len(models)), 5000)
        self.modelsLoaded.emit(True)

    def _on_model_changed(self, text: str) -> None:
        model = text.strip()
        self.status_model.setText(model)
        if model:
            self.settings.last_models[self.connection().base_url] = model
        self._update_buttons()

    def _on_system_prompt(self) -> None:
        self.settings.system_prompt = self.system_prompt.toPlainText()
        self.controller.conversation.system_prompt = self.settings.system_prompt

    # -- chat -----------------------------------------------------------------------------
    def send(self) -> None:
        text = self.composer.toPlainText()
        if not text.strip() or self.controller.busy:
            return
        model = self.model_picker.currentText().strip()
        if not model:
            self.statusBar().showMessage(self.tr("Choose or type a model first."), 8000)
            self.model_picker.setFocus()
            return
        self.controller.conversation.system_prompt = self.system_prompt.toPlainText()
        ok = self.controller.send(
            text,
            model,
            self.params.values(),
            stream=self.params.stream,
            include_usage=self.params.include_usage,
        )
        if ok:
            self.composer.clear()
            self.error_bar.hide()
            self.status_usage.setText(self.tr("Waiting for the first token…"))

    def retry(self) -> None:
        if self.controller.retry():
            self.error_bar.hide()
            self.status_usage.setText(self.tr("Waiting for the first token…"))

    def new_chat(self) -> None:
        self.controller.new_conversation()
        self.error_bar.hide()
        self.status_usage.clear()

    def _on_message_added(self, index: int) -> None:
        self.view.message_added(index)

    def _on_reset(self) -> None:
        self.view.set_messages(self.controller.conversation.messages)

    def _on_answer_finished(self, index: int) -> None:
        self.view.message_changed(index, immediate=True)
        msg = self.controller.conversation.messages[index]
        self.status_usage.setText(self.usage_text(msg))
        if msg.error:
            self.error_label.setText(msg.error)
            self.error_bar.show()
        self._update_buttons()

    def usage_text(self, msg: Message) -> str:
        parts = []
        u = msg.usage or {}
        if isinstance(u.get("total_tokens"), int):
            parts.append(
                self.tr("{0} prompt + {1} completion = {2} tokens").format(
                    u.get("prompt_tokens", "?"), u.get("completion_tokens", "?"), u["total_tokens"]
                )
            )
        elif msg.chunks:
            parts.append(self.tr("≈{0} tokens (estimated)").format(msg.chunks))
        if msg.ttft is not None:
            parts.append(self.tr("first token {0:.2f} s").format(msg.ttft))
        tps = msg.tokens_per_second
        if tps is not None:
            parts.append(self.tr("{0:.1f} tokens/s").format(tps))
        if msg.finish_reason:
            parts.append(self.tr("finish: {0}").format(msg.finish_reason))
        return " · ".join(parts)

    def _update_buttons(self) -> None:
        busy = self.controller.busy
        self.send_button.setEnabled(not busy)
        self.stop_button.setEnabled(busy)
        self.act_stop.setEnabled(busy)
        self.retry_button.setEnabled(self.controller.can_retry())

    # -- settings -------------------------------------------------------------------------
    def open_settings(self) -> None:
        from .settings_dialog import SettingsDialog

        if self._settings_dialog is not None:
            self._settings_dialog.raise_()
            return
        dlg = SettingsDialog(self.settings, self.session_key, self)
        self._settings_dialog = dlg

        def done(result: int) -> None:
            self._settings_dialog = None
            if result:
                self.settings.base_url = dlg.base_url.text().strip()
                self.session_key = dlg.api_key.text().strip() or None
                register_secret(self.session_key)
                self.settings.request_timeout = dlg.timeout.value()
                self._client = None
                self._update_connection_label()
                self.save_settings()
                self.refresh_models()
            dlg.deleteLater()

        dlg.finished.connect(done)
        dlg.open()

    def save_settings(self) -> None:
        s = self.settings
        s.system_prompt = self.system_prompt.toPlainText()
        s.params = self.params.values()
        s.stream = self.params.stream
        s.include_usage = self.params.include_usage
        s.window_geometry = bytes(self.saveGeometry().toBase64().data()).decode()
        try:
            save_settings(self.paths.settings_file, s)
        except OSError as exc:
            log.warning("could not save settings: %s", exc)
            self.statusBar().showMessage(
                self.tr("Could not save the settings: {0}").format(exc.strerror or exc), 10000
            )

    # -- lifecycle ------------------------------------------------------------------------
    def start(self) -> None:
        """Work that needs the event loop: called once it runs."""
        QTimer.singleShot(0, self.refresh_models)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._closing_done:
            event.accept()
            return
        event.ignore()
        if not self._shutting_down:
            self._shutting_down = True
            self.save_settings()
            self.hide()
            asyncio.get_event_loop().create_task(self._shutdown_then_close())

    async def _shutdown_then_close(self) -> None:
        await self.shutdown()
        self._closing_done = True
        self.close()
        self.closed.emit()

    async def shutdown(self) -> None:
        """Cancel every task, close streams and the HTTP client; nothing left pending."""
        self.controller.stop()
        await self.tasks.cancel_all()
        if self._http is not None:
            http, self._http = self._http, None
            await http.aclose()

    def about_text(self) -> str:
        return f"Chatterdesk {__version__}"
