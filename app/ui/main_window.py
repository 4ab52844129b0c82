"""The main window: model picker, system prompt, parameters, conversation, composer, status.

Imports stay light: httpx, qasync, markdown-it and pygments are loaded on first use, after the
window has painted.
"""

from __future__ import annotations

import functools
import logging
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6 import QtCore, QtGui, QtWidgets
from PySide6.QtCore import QByteArray, QTimer, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app import __version__
from app.core.conversation import Message
from app.core.logsetup import register_secret
from app.core.paths import AppPaths
from app.core.settings import Connection, Settings, add_recent, save_settings

from . import theme
from .composer import Composer
from .conversation_view import ConversationView
from .history_panel import HistoryPanel
from .i18n import tr_text

# Everything else is imported by complete(), after the first frame: asyncio, the controllers,
# the parameter, completions and speech panels, the Playground and the crash handler.
if TYPE_CHECKING:
    import asyncio
    from collections.abc import Callable

    import httpx

    from app.api.client import ApiClient
    from app.api.errors import ApiError
    from app.core.model_rules import RuleStore
    from app.core.prompts import PromptLibrary
    from app.core.providers import Profile, ProviderConfig
    from app.core.secrets import KeyStore
    from app.core.storage import ConversationStore, Loaded

    from .asyncbridge import TaskGroup
    from .completions_panel import CompletionsPanel
    from .controller import ChatController
    from .crash import CrashHandler
    from .edit_dialog import EditMessageDialog
    from .files import FileController
    from .model_details import ModelDetailsDialog
    from .playground import Playground
    from .profiles_dialog import ProfilesDialog
    from .tts import TtsController, Voice

log = logging.getLogger("chatterdesk.ui")


class ModelPicker(QComboBox):
    """The model combo box; `before_popup` runs each time before its list opens.

    The list (a table of id, owner and date) is made on the first opening: measuring its
    columns loads a bold font, and with its types and code that was 0.6 MiB of idle memory."""

    def __init__(self, parent: QWidget, before_popup: Callable[[], object]) -> None:
        super().__init__(parent)
        self._before_popup = before_popup

    def showPopup(self) -> None:
        self._before_popup()
        super().showPopup()


class MainWindow(QMainWindow):
    closed = Signal()
    modelsLoaded = Signal(bool)

    def __init__(
        self, paths: AppPaths, settings: Settings, debug: bool = False, *, staged: bool = False
    ) -> None:
        """`staged`: build only what the first frame shows (the frame, the conversation, the
        composer, the system prompt); main() paints that, then calls complete() before the event
        loop starts, so every widget of DESIGN.md's contract exists before anything can reach
        the window. Without it the window is whole when this returns."""
        super().__init__()
        self.setObjectName("mainWindow")
        self.setWindowTitle("Chatterdesk")
        self.paths = paths
        self.settings = settings
        self.debug = debug
        self._complete = False
        self._shutting_down = False
        self._closing_done = False
        self._hidden_sizes: dict[int, int] = {}  # splitter pane -> its width when last shown
        self._build_frame()
        self._restore_geometry()
        if not staged:
            self.complete()

    def complete(self) -> None:
        """The rest of the window and everything behind it: the controllers, the panels, the
        menus' actions, the wiring. Imported here, not at start, so the first frame is quick."""
        if self._complete:
            return
        self._complete = True
        from app.core.local_server import LocalServer
        from app.core.model_rules import RuleStore
        from app.core.prompts import PromptLibrary
        from app.core.secrets import KeyStore
        from app.core.storage import ConversationStore

        from .asyncbridge import TaskGroup
        from .controller import ChatController
        from .crash import CrashHandler
        from .files import FileController
        from .playground import Playground
        from .tts import TtsController

        paths = self.paths
        self.local = LocalServer(log_file=paths.logs / "llama-server.log")
        self._local_starting: asyncio.Task[None] | None = None
        self.providers_file = paths.config / "providers.json"
        self.providers = self._load_providers()
        # Its own folder: opting in to the key file makes that folder 0700, not the config one.
        self.keystore: KeyStore = KeyStore(paths.config / "secret" / "keys.json")
        self.rules: RuleStore = RuleStore(paths.config / "model-rules.json")
        self._keys: dict[str, str | None] = {}  # loaded off the UI thread at start
        self._keyring_ok: bool | None = None  # probed when first needed (keychain_ok)
        self._keys_loaded = False
        self.tasks: TaskGroup = TaskGroup()
        self._http: httpx.AsyncClient | None = None
        self._client: ApiClient | None = None
        self._client_sig: tuple[Any, ...] | None = None
        self._proxied: dict[str, httpx.AsyncClient] = {}  # one more client per proxy in use
        self._settings_dialog: Any = None
        self._dialogs: list[Any] = []  # open non-modal dialogs (kept alive, closed on quit)
        self._undo: tuple[Path, Path] | None = None
        self.controller: ChatController = ChatController(
            self.tasks, self.client, rules=self.rules, before_request=self.ensure_ready
        )
        self.tts: TtsController = TtsController(
            self.tasks, self.tts_client, paths.data / "speech-cache"
        )
        self.store: ConversationStore = ConversationStore(paths.conversations)
        self.files: FileController = FileController(self.store, self.controller, self.tasks)
        self.prompts: PromptLibrary = PromptLibrary(paths.prompts_file)
        self._finish_frame()
        self._build_panels()
        self._build_menus()
        self.playground: Playground = Playground(self)
        self._build_help_menu()
        # Installed by main.py (tests install it only where they mean to).
        self.crash: CrashHandler = CrashHandler(paths.logs, self, secrets=self._known_secrets)
        self._wire()
        self.view.set_conversation(self.controller.conversation)
        self._apply_settings_to_widgets()
        self._fill_prompt_library()
        self._update_connection_label()
        self._update_buttons()
        self._set_accessible_names()
        self._restore_layout()

    # -- construction ---------------------------------------------------------------------
    def _build_frame(self) -> None:
        """What the first frame shows; _build_panels() and the menus' actions follow."""
        central = QWidget(self)
        outer = QVBoxLayout(central)
        outer.setContentsMargins(8, 8, 8, 4)

        # Top row: model picker and connection.
        top = QHBoxLayout()
        self.provider_picker = QComboBox(self)
        self.provider_picker.setObjectName("providerPicker")
        self.provider_picker.setToolTip(self.tr("The provider profile used for chat"))
        self.provider_picker.setMinimumWidth(120)
        self.provider_picker.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        top.addWidget(self.provider_picker)
        top.addWidget(QLabel(self.tr("Model"), self))
        self.model_picker = ModelPicker(self, self._ensure_model_view)
        self.model_picker.setObjectName("modelPicker")
        self.model_picker.setEditable(True)
        self.model_picker.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.model_picker.setMinimumWidth(240)
        edit = self.model_picker.lineEdit()
        assert edit is not None
        edit.setPlaceholderText(self.tr("model id, e.g. gpt-4o-mini"))
        top.addWidget(self.model_picker)
        self.mode_picker = QComboBox(self)
        self.mode_picker.setObjectName("modeSwitch")
        self.mode_picker.addItem(self.tr("Chat"), "chat")
        self.mode_picker.addItem(self.tr("Completions"), "completion")
        self.mode_picker.setToolTip(
            self.tr("Chat, or the legacy /completions endpoint for instruct and base models")
        )
        top.addWidget(self.mode_picker)
        self.model_filter = QLineEdit(self)
        self.model_filter.setObjectName("modelFilter")
        self.model_filter.setPlaceholderText(self.tr("Filter models"))
        self.model_filter.setFixedWidth(130)
        top.addWidget(self.model_filter)
        self.details_button = QToolButton(self)
        self.details_button.setObjectName("modelDetailsButton")
        self.details_button.setText(self.tr("Details"))
        self.details_button.setToolTip(self.tr("What the server says about this model"))
        top.addWidget(self.details_button)
        self.refresh_button = QToolButton(self)
        self.refresh_button.setObjectName("refreshModelsButton")
        self.refresh_button.setText(self.tr("Refresh"))
        self.refresh_button.setToolTip(self.tr("Fetch the model list from the server"))
        top.addWidget(self.refresh_button)
        top.addSpacing(12)
        self.connection_label = QLabel(self)
        self.connection_label.setObjectName("connectionLabel")
        # Long URLs are cut rather than widening the window; the tooltip has all of it.
        self.connection_label.setSizePolicy(
            QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred
        )
        top.addWidget(self.connection_label, 1)
        self.settings_button = QPushButton(self.tr("Providers…"), self)
        self.settings_button.setObjectName("settingsButton")
        top.addWidget(self.settings_button)
        outer.addLayout(top)

        # Horizontal by default; a positional parent would make PySide build Qt.Orientation.
        split = QSplitter(parent=self)
        split.setObjectName("mainSplitter")
        self.splitter = split
        self.history = HistoryPanel(split, finish=False)
        # Middle: conversation and composer.
        left = QWidget(split)
        left.setObjectName("chatPane")
        self.chat_pane = left
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 0, 0)
        self.file_banner = QWidget(left)
        self.file_banner.setObjectName("fileBanner")
        fb = QHBoxLayout(self.file_banner)
        fb.setContentsMargins(0, 0, 0, 0)
        self.file_banner_label = QLabel(self.file_banner)
        self.file_banner_label.setObjectName("fileBannerLabel")
        self.file_banner_label.setWordWrap(True)
        theme.tint(self.file_banner_label, "warning")
        self.file_banner_button = QPushButton(self.file_banner)
        self.file_banner_button.setObjectName("fileBannerButton")
        fb.addWidget(self.file_banner_label, 1)
        fb.addWidget(self.file_banner_button)
        self.file_banner.hide()
        self._banner_action: Any = None
        ll.addWidget(self.file_banner)
        self.view = ConversationView(left)
        ll.addWidget(self.view, 1)
        self.error_bar = QWidget(left)
        self.error_bar.setObjectName("errorBar")
        eb = QHBoxLayout(self.error_bar)
        eb.setContentsMargins(0, 0, 0, 0)
        self.error_label = QLabel(self.error_bar)
        self.error_label.setObjectName("errorLabel")
        self.error_label.setWordWrap(True)
        theme.tint(self.error_label, "error")
        self.retry_button = QPushButton(self.tr("Retry"), self.error_bar)
        self.retry_button.setObjectName("retryButton")
        self.drop_param_button = QPushButton(self.error_bar)
        self.drop_param_button.setObjectName("dropParamButton")
        self.drop_param_button.hide()
        self._refused: tuple[str, str] | None = None  # (model, parameter) the server refused
        eb.addWidget(self.error_label, 1)
        eb.addWidget(self.drop_param_button)
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
        self.stop_button.setEnabled(False)  # nothing to stop yet (as _update_buttons will say)
        self.role_picker = QComboBox(left)
        self.role_picker.setObjectName("composerRole")
        self.role_picker.setToolTip(self.tr("The role of the message you write"))
        for role in ("user", "assistant", "system", "developer"):
            self.role_picker.addItem(role)
        self.add_button = QPushButton(self.tr("Add"), left)
        self.add_button.setObjectName("addMessageButton")
        self.add_button.setToolTip(
            self.tr("Add the message to the conversation without asking for an answer")
        )
        btns.addWidget(self.send_button)
        btns.addWidget(self.stop_button)
        btns.addWidget(self.role_picker)
        btns.addWidget(self.add_button)
        btns.addStretch(1)
        comp_row.addLayout(btns)
        ll.addLayout(comp_row)
        self._chat_layout = ll

        # Right: system prompt and parameters.
        # The right column scrolls: prompt, parameters and speech all stay reachable.
        right_scroll = QScrollArea(split)
        right_scroll.setObjectName("sidePanel")
        self.side_panel = right_scroll
        right_scroll.setWidgetResizable(True)
        right_scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        right = QWidget(right_scroll)
        right_scroll.setWidget(right)
        rl = QVBoxLayout(right)
        # Until the panels make the column scroll, its scroll bar's room is kept empty: the
        # first frame's prompt is as wide as the complete window's.
        room = right_scroll.verticalScrollBar().sizeHint().width()
        rl.setContentsMargins(0, 0, 4 + room, 0)
        rl.addWidget(QLabel(self.tr("System prompt"), right))
        lib = QHBoxLayout()
        self.prompt_library = QComboBox(right)
        self.prompt_library.setObjectName("promptLibrary")
        self.prompt_library.setToolTip(self.tr("Saved system prompts"))
        lib.addWidget(self.prompt_library, 1)
        self.save_prompt_button = QToolButton(right)
        self.save_prompt_button.setObjectName("savePromptButton")
        self.save_prompt_button.setText(self.tr("Save…"))
        self.save_prompt_button.setToolTip(self.tr("Save this system prompt in the library"))
        lib.addWidget(self.save_prompt_button)
        self.delete_prompt_button = QToolButton(right)
        self.delete_prompt_button.setObjectName("deletePromptButton")
        self.delete_prompt_button.setText(self.tr("Delete"))
        self.delete_prompt_button.setToolTip(self.tr("Remove the chosen prompt from the library"))
        lib.addWidget(self.delete_prompt_button)
        rl.addLayout(lib)
        self.system_prompt = QPlainTextEdit(right)
        self.system_prompt.setObjectName("systemPromptEdit")
        self.system_prompt.setPlaceholderText(self.tr("You are a helpful assistant."))
        # Six lines, in the first frame as in the complete window: the side column scrolls,
        # so once the panels arrive a growing box would shrink to its minimum (a visible jump).
        line = self.system_prompt.fontMetrics().lineSpacing()
        self.system_prompt.setFixedHeight(6 * line + 12)  # + document margins and frame
        self.system_prompt.setTabChangesFocus(True)  # Tab moves on; a prompt needs no tabs
        rl.addWidget(self.system_prompt)
        self.system_prompt.setPlainText(self.settings.system_prompt)
        self._side_layout = rl
        self._side_column = right
        rl.addStretch(1)
        split.addWidget(self.history)
        split.addWidget(left)
        split.addWidget(right_scroll)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 4)
        split.setStretchFactor(2, 1)
        split.setSizes(DEFAULT_SPLIT)
        outer.addWidget(split, 1)
        self.setCentralWidget(central)

        sb = self.statusBar()
        self.status_model = QLabel(self)
        self.status_model.setObjectName("statusModel")
        self.status_usage = QLabel(self)
        self.status_usage.setObjectName("statusUsage")
        sb.addPermanentWidget(self.status_model)
        sb.addPermanentWidget(self.status_usage)

        # The menu bar's titles; complete() fills the menus.
        bar = self.menuBar()
        self.menu_file = bar.addMenu(self.tr("&File"))
        self.menu_edit = bar.addMenu(self.tr("&Edit"))
        self.menu_view = bar.addMenu(self.tr("&View"))
        self.menu_chat = bar.addMenu(self.tr("&Chat"))
        self.menu_playground = bar.addMenu(self.tr("&Playground"))
        self.menu_help = bar.addMenu(self.tr("&Help"))
        for menu, name in (
            (self.menu_file, "fileMenu"),
            (self.menu_edit, "editMenu"),
            (self.menu_view, "viewMenu"),
            (self.menu_chat, "chatMenu"),
            (self.menu_playground, "playgroundMenu"),
            (self.menu_help, "helpMenu"),
        ):
            menu.setObjectName(name)

    def _finish_frame(self) -> None:
        """What the first frame's widgets get after it: settings that take Qt's `Qt`
        namespace (~12 ms to build, once), an icon, or types the frame does not show (the
        model list), none of which changes how that frame looks."""
        Qt = QtCore.Qt
        self.model_filter.setClearButtonEnabled(True)  # its icon shows only over text
        self.connection_label.setTextFormat(Qt.TextFormat.PlainText)  # empty until now
        self.side_panel.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # Not a Tab stop itself: it scrolls to whichever of its controls takes the focus.
        self.side_panel.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.history.finish_setup()
        # The drop-down shows id, owner and date; the combo's text is the id (column 0). It
        # is empty until the models are fetched, so it is made here (its types cost ~2.5 ms).
        self._model_table = QtGui.QStandardItemModel(0, 3, self)
        self.model_picker.setModel(self._model_table)
        self.model_picker.setModelColumn(0)
        self._model_view: QtWidgets.QTableView | None = None  # made on first opening
        self._models_sized = False  # its columns fit the models listed now
        self._hidden_models: set[int] = set()  # rows the filter hides

    def _ensure_model_view(self) -> QtWidgets.QTableView:
        """The drop-down's table, made the first time it opens, sized when the models changed,
        showing the rows the filter leaves."""
        view = self._model_view
        if view is None:
            view = self._model_view = QtWidgets.QTableView(self)
            view.setObjectName("modelList")
            view.setShowGrid(False)
            view.setSelectionBehavior(QtWidgets.QAbstractItemView.SelectionBehavior.SelectRows)
            view.setMinimumWidth(520)
            view.horizontalHeader().hide()
            view.verticalHeader().hide()
            self.model_picker.setView(view)
            self._models_sized = False
            # The combo keeps its list's current row in step from now on; this one is new.
            row = self.model_picker.currentIndex()
            if row >= 0:
                view.setCurrentIndex(self._model_table.index(row, 0))
        if not self._models_sized:
            view.resizeColumnsToContents()
            self._models_sized = True
        for row in range(self._model_table.rowCount()):
            view.setRowHidden(row, row in self._hidden_models)
        return view

    def _build_panels(self) -> None:
        """The parameter and speech panels in the side column, and the find bar (hidden until
        Ctrl+F). The completions document is made when Completions mode first shows."""
        from .find_bar import FindBar
        from .param_panel import ParameterPanel
        from .tts_panel import TtsPanel

        right = self._side_column
        left = self.chat_pane
        rl = self._side_layout
        ll = self._chat_layout
        self._completions: CompletionsPanel | None = None
        # Hidden until Ctrl+F: not in the first frame.
        self.find_bar = FindBar(self.view, left)
        ll.insertWidget(ll.indexOf(self.view), self.find_bar)
        self.params = ParameterPanel(right)
        self.params.set_presets_file(self.paths.config / "param_presets.json")
        self.tts_panel = TtsPanel(right)
        at = rl.indexOf(self.system_prompt) + 1
        rl.insertWidget(at, self.params)
        rl.insertWidget(at + 1, self.tts_panel)
        rl.setContentsMargins(0, 0, 4, 0)  # the scroll bar takes its room now

    @property
    def completions(self) -> CompletionsPanel:
        """The prompt document of Completions mode, under the conversation's place; made the
        first time it is needed (its module, the heatmap's and their widgets: 0.6 MiB idle)."""
        if self._completions is None:
            from .completions_panel import CompletionsPanel

            panel = CompletionsPanel(
                self.tasks,
                self.client,
                lambda: self.model_picker.currentText(),
                self.params.values,
                lambda: self.params.stream,
                before_request=self.ensure_ready,
                parent=self.chat_pane,
                include_usage=lambda: self.params.include_usage,
                problem=lambda: next(iter(self.params.problems()), None),
            )
            panel.hide()
            ll = self._chat_layout
            ll.insertWidget(ll.indexOf(self.view) + 1, panel, 1)
            panel.edited.connect(self.files.schedule_save)
            panel.statusMessage.connect(lambda t: self.statusBar().showMessage(t, 8000))
            panel.busyChanged.connect(self._on_completion_busy)
            panel.busyChanged.connect(lambda _b: self._update_buttons())
            panel.set_conversation(self.controller.conversation)
            self._completions = panel
            self._name_completions()
        return self._completions

    def _name_completions(self) -> None:
        panel = self._completions
        if panel is not None:
            panel.editor.setAccessibleName(self.tr("Prompt document"))
            _name_by_hint(panel)

    def _build_menus(self) -> None:
        """File, Edit, View, Chat (Playground and Help follow). Every main action has a key;
        standard platform keys where Qt knows one (see `std_keys`); Help → Keyboard shortcuts
        lists them from these actions."""
        m_file = self.menu_file
        self.act_new = self._action(
            m_file, self.tr("&New chat"), "newAction", std_keys(QtGui.QKeySequence.StandardKey.New)
        )
        self.act_open = self._action(
            m_file, self.tr("&Open…"), "openAction", std_keys(QtGui.QKeySequence.StandardKey.Open)
        )
        self.recent_menu = QMenu(self.tr("Open &recent"), self)
        self.recent_menu.setObjectName("recentMenu")
        m_file.addMenu(self.recent_menu)
        self.act_save = self._action(
            m_file, self.tr("&Save"), "saveAction", std_keys(QtGui.QKeySequence.StandardKey.Save)
        )
        self.act_save_as = self._action(
            m_file,
            self.tr("Save &as…"),
            "saveAsAction",
            std_keys(QtGui.QKeySequence.StandardKey.SaveAs, "Ctrl+Shift+S"),
        )
        m_file.addSeparator()
        self.act_import = self._action(m_file, self.tr("&Import messages JSON…"), "importAction")
        self.act_export_md = self._action(
            m_file, self.tr("Export as &Markdown…"), "exportMarkdownAction"
        )
        self.act_export_json = self._action(
            m_file, self.tr("Export as messages &JSON…"), "exportJsonAction"
        )
        m_file.addSeparator()
        self.act_rename = self._action(
            m_file, self.tr("Re&name conversation…"), "renameAction", ["F2"]
        )
        self.act_search = self._action(
            m_file, self.tr("Search &history"), "searchHistoryAction", ["Ctrl+Shift+F"]
        )
        m_file.addSeparator()
        self.act_quit = self._action(
            m_file,
            self.tr("&Quit"),
            "quitAction",
            std_keys(QtGui.QKeySequence.StandardKey.Quit, "Ctrl+Q"),
        )
        self.act_quit.setMenuRole(QtGui.QAction.MenuRole.QuitRole)

        m_edit = self.menu_edit
        self.act_settings = self._action(
            m_edit,
            self.tr("&Providers and keys…"),
            "settingsAction",
            std_keys(QtGui.QKeySequence.StandardKey.Preferences, "Ctrl+,"),
        )
        self.act_settings.setMenuRole(QtGui.QAction.MenuRole.PreferencesRole)
        m_edit.addSeparator()
        self.act_find = self._action(
            m_edit,
            self.tr("&Find in conversation…"),
            "findAction",
            std_keys(QtGui.QKeySequence.StandardKey.Find, "Ctrl+F"),
        )
        self.act_find_next = self._action(
            m_edit,
            self.tr("Find &next"),
            "findNextAction",
            std_keys(QtGui.QKeySequence.StandardKey.FindNext, "F3"),
        )
        self.act_find_previous = self._action(
            m_edit,
            self.tr("Find pre&vious"),
            "findPreviousAction",
            std_keys(QtGui.QKeySequence.StandardKey.FindPrevious, "Shift+F3"),
        )

        m_view = self.menu_view
        self.act_show_history = self._action(
            m_view, self.tr("Show &history"), "showHistoryAction", ["Ctrl+Shift+H"]
        )
        self.act_show_history.setCheckable(True)
        self.act_show_history.setChecked(True)
        self.act_show_side = self._action(
            m_view, self.tr("Show &side panel"), "showSidePanelAction", ["Ctrl+Shift+P"]
        )
        self.act_show_side.setCheckable(True)
        self.act_show_side.setChecked(True)
        self.act_show_side.setToolTip(self.tr("System prompt, parameters and speech"))
        m_view.addSeparator()
        self.act_focus_composer = self._action(
            m_view, self.tr("Go to the &message box"), "focusComposerAction", ["Ctrl+L"]
        )
        self.act_focus_model = self._action(
            m_view, self.tr("Go to the m&odel"), "focusModelAction", ["Ctrl+M"]
        )
        m_view.addSeparator()
        self.theme_menu = m_view.addMenu(self.tr("&Theme"))
        self.theme_menu.setObjectName("themeMenu")
        self.theme_group = QtGui.QActionGroup(self)
        self.theme_actions: dict[str, QtGui.QAction] = {}
        for mode, text, name in (
            ("system", self.tr("&System"), "themeSystem"),
            ("light", self.tr("&Light"), "themeLight"),
            ("dark", self.tr("&Dark"), "themeDark"),
        ):
            act = self._action(self.theme_menu, text, name)
            act.setCheckable(True)
            act.setData(mode)
            self.theme_group.addAction(act)
            self.theme_actions[mode] = act
        self.language_menu = m_view.addMenu(self.tr("&Language"))
        self.language_menu.setObjectName("languageMenu")
        self.language_group = QtGui.QActionGroup(self)
        self.language_actions: dict[str, QtGui.QAction] = {}
        for code, text, name in (
            ("system", self.tr("&System"), "languageSystem"),
            ("en", "English", "languageEnglish"),  # each language in its own words
            ("zh_CN", "中文 (简体)", "languageChinese"),
        ):
            act = self._action(self.language_menu, text, name)
            act.setCheckable(True)
            act.setData(code)
            self.language_group.addAction(act)
            self.language_actions[code] = act

        m_chat = self.menu_chat
        # Enter in the message box sends; Ctrl+Enter sends from anywhere in the chat. In
        # Completions mode this action is off: the prompt document's own Ctrl+Enter runs it.
        self.act_send = self._action(
            m_chat, self.tr("S&end"), "sendAction", ["Ctrl+Return", "Ctrl+Enter"]
        )
        self.act_stop = self._action(m_chat, self.tr("S&top answer"), "stopAction", ["Esc"])
        self.act_regenerate = self._action(
            m_chat, self.tr("Re&generate last answer"), "regenerateAction", ["Ctrl+Shift+R"]
        )
        self.act_retry = self._action(
            m_chat, self.tr("&Retry last answer"), "retryAction", ["Ctrl+R"]
        )
        m_chat.addSeparator()
        self.act_read_aloud = self._action(
            m_chat, self.tr("Read &aloud"), "readAloudAction", ["Ctrl+Shift+A"]
        )
        self.act_read_aloud.setToolTip(
            self.tr("Speak the selected text, the speech panel's text, or the last answer")
        )
        self.act_refresh = self._action(
            m_chat,
            self.tr("Refresh &models"),
            "refreshModelsAction",
            std_keys(QtGui.QKeySequence.StandardKey.Refresh, "F5"),
        )

    def _build_help_menu(self) -> None:
        """Last in the menu bar, after the Playground's menu."""
        m_help = self.menu_help
        self.act_shortcuts = self._action(
            m_help,
            self.tr("&Keyboard shortcuts"),
            "shortcutsAction",
            [*std_keys(QtGui.QKeySequence.StandardKey.HelpContents, "F1"), "Ctrl+/"],
        )
        self.act_about = self._action(m_help, self.tr("&About Chatterdesk"), "aboutAction")
        self.act_about.setMenuRole(QtGui.QAction.MenuRole.AboutRole)
        self.act_shortcuts.triggered.connect(self.open_shortcuts)
        self.act_about.triggered.connect(self.open_about)

    def _action(
        self, menu: QMenu, text: str, name: str, keys: list[str] | None = None
    ) -> QtGui.QAction:
        act = QtGui.QAction(text, self)
        act.setObjectName(name)
        if keys:
            act.setShortcuts([QtGui.QKeySequence(k) for k in keys])
        menu.addAction(act)
        return act

    def _wire(self) -> None:
        c = self.controller
        c.messageAdded.connect(self._on_message_added)
        self.act_find.triggered.connect(self.find_bar.open_bar)
        self.act_find_next.triggered.connect(self.find_bar.next)
        self.act_find_previous.triggered.connect(self.find_bar.previous)
        c.messageChanged.connect(self.view.message_changed)
        c.conversationReset.connect(self._on_reset)
        c.conversationEdited.connect(self._update_title)
        f = self.files
        f.stateChanged.connect(self._on_file_state)
        f.entriesLoaded.connect(self.history.set_entries)
        f.entryUpdated.connect(self.history.upsert)
        f.entryRemoved.connect(self.history.remove)
        f.saved.connect(self._on_saved)
        f.loaded.connect(self._on_loaded)
        f.openFailed.connect(self._on_open_failed)
        f.saveFailed.connect(self._on_file_state)
        self.history.openRequested.connect(self.open_file)
        self.history.newRequested.connect(self.new_chat)
        self.history.renameRequested.connect(lambda p, t: self.files.rename(Path(p), t))
        self.history.deleteRequested.connect(self.delete_conversation)
        self.history.duplicateRequested.connect(lambda p: self.files.duplicate(Path(p)))
        self.view.messageAction.connect(self._on_message_action)
        self.add_button.clicked.connect(self.add_without_sending)
        self.prompt_library.activated.connect(self._on_prompt_picked)
        self.save_prompt_button.clicked.connect(self.save_prompt_dialog)
        self.delete_prompt_button.clicked.connect(self.delete_prompt)
        self.file_banner_button.clicked.connect(self._on_banner_button)
        self.act_open.triggered.connect(self.open_dialog)
        self.act_save.triggered.connect(self.save_now)
        self.act_save_as.triggered.connect(self.save_as_dialog)
        self.act_import.triggered.connect(self.import_dialog)
        self.act_export_md.triggered.connect(functools.partial(self.export_dialog, "md"))
        self.act_export_json.triggered.connect(functools.partial(self.export_dialog, "json"))
        self.act_rename.triggered.connect(self.rename_dialog)
        self.act_search.triggered.connect(self.search_history)
        self.act_show_history.toggled.connect(functools.partial(self._show_pane, 0))
        self.act_show_side.toggled.connect(functools.partial(self._show_pane, 2))
        self.act_focus_composer.triggered.connect(self.focus_composer)
        self.act_focus_model.triggered.connect(self.focus_model)
        self.act_send.triggered.connect(self.send)
        self.act_regenerate.triggered.connect(self.regenerate_last)
        self.act_read_aloud.triggered.connect(self.speak)
        self.theme_group.triggered.connect(lambda a: self.set_theme(str(a.data())))
        self.language_group.triggered.connect(lambda a: self.set_language(str(a.data())))
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        c.answerFinished.connect(self._on_answer_finished)
        c.busyChanged.connect(lambda _b: self._update_buttons())
        c.statusMessage.connect(lambda t: self.statusBar().showMessage(t, 8000))
        self.composer.submitted.connect(self.send)
        self.composer.textChanged.connect(self._update_buttons)
        self.send_button.clicked.connect(self.send)
        self.stop_button.clicked.connect(self.controller.stop)
        self.act_stop.triggered.connect(self.stop)
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
        self.model_filter.textChanged.connect(self._filter_models)
        self.provider_picker.activated.connect(self._on_provider_picked)
        tp = self.tts_panel
        tp.playRequested.connect(self.speak)
        tp.pauseToggled.connect(self.tts.pause)
        tp.stopRequested.connect(self.tts.stop)
        tp.saveRequested.connect(self.save_speech_dialog)
        tp.useAnswerRequested.connect(lambda: tp.input.setPlainText(self._last_answer()))
        tp.devicesRequested.connect(self.refresh_devices)
        tp.playFileRequested.connect(self.play_file_dialog)
        tp.volume.valueChanged.connect(lambda v: self.tts.set_volume(v / 100))
        tp.profile.activated.connect(self._on_tts_profile)
        self.tts.playingChanged.connect(tp.set_playing)
        self.tts.status.connect(self._on_tts_status)
        c.messageChanged.connect(self._auto_read)
        c.answerFinished.connect(lambda i: self._auto_read(i, final=True))
        self.params.rulesRequested.connect(self.open_model_rules)
        self.drop_param_button.clicked.connect(self.drop_refused_param)
        self.details_button.clicked.connect(self.show_model_details)
        self.system_prompt.textChanged.connect(self._on_system_prompt)
        self.mode_picker.currentIndexChanged.connect(self._on_mode_changed)

    def _apply_settings_to_widgets(self) -> None:
        from app.core.params import validate_params

        s = self.settings
        self.params.set_values(validate_params(s.params))
        self.params.stream_box.setChecked(s.stream)
        self.params.usage_box.setChecked(s.include_usage)
        conn = self.connection()
        last = s.last_models.get(conn.base_url)
        if last:
            self.model_picker.setEditText(last)

    # -- providers and connection ---------------------------------------------------------
    def _load_providers(self) -> ProviderConfig:
        from app.core import local_server
        from app.core.providers import env_profile, load_providers, new_profile

        existed = self.providers_file.exists()
        cfg = load_providers(self.providers_file)
        if not existed and local_server.available():
            # First run: the local model is there, so chatting works with no account.
            local = new_profile("local")
            cfg.profiles.insert(0, local)
            if env_profile() is None and not self.settings.base_url.strip():
                cfg.chat_profile = local.id
        if not existed and self.settings.base_url.strip():
            # Settings from before profiles: their base URL becomes a profile of its own.
            p = new_profile("custom", self.tr("Custom"))
            p.base_url = self.settings.base_url.strip()
            p.timeout = self.settings.request_timeout
            cfg.profiles.append(p)
            cfg.chat_profile = p.id
        return cfg

    def profile(self) -> Profile:
        from app.core.providers import new_profile

        p = self.providers.chat()
        if p is None:
            p = new_profile("openai")
        if p.from_env:  # not saved or editable: its timeout is the general setting
            p.timeout = self.settings.request_timeout
        if p.is_local:  # its address exists only while the app runs the server
            import copy

            p = copy.copy(p)
            p.base_url = self.local.running.base_url if self.local.running else ""
        return p

    def api_key(self, profile: Profile | None = None) -> str | None:
        p = profile or self.profile()
        if p.from_env:
            from app.core.providers import env_api_key

            return env_api_key()
        if p.is_local:
            return self.local.running.key if self.local.running else None
        return self._keys.get(p.id)

    async def ensure_ready(self) -> None:
        """Before a request: start the local model server when the chat profile is local."""
        import asyncio

        from app.core import local_server
        from app.core.local_server import LocalServerError

        p = self.providers.chat()
        if p is None or not p.is_local:
            return
        if os.environ.get("CHATTERDESK_LOCAL_AUTOSTART") == "0":
            raise LocalServerError("autostart_off")
        model = Path(p.local_model).expanduser() if p.local_model else local_server.bundled_model()
        if model is not None and self.local.matches(model, p.local_ctx, p.local_threads):
            return
        if self._local_starting is None or self._local_starting.done():
            self._local_starting = asyncio.get_running_loop().create_task(self._start_local(p))
        await asyncio.shield(self._local_starting)

    async def _start_local(self, p: Profile) -> None:
        def progress(elapsed: float) -> None:
            self.statusBar().showMessage(
                self.tr("Starting the local model… {0:.0f} s").format(elapsed)
            )

        from app.core import local_server

        progress(0)
        model = Path(p.local_model).expanduser() if p.local_model else None
        try:
            await self.local.start(
                model, n_ctx=p.local_ctx, n_threads=p.local_threads, progress=progress
            )
        except local_server.LocalServerError as err:
            from .errors_text import describe_local_error

            self.statusBar().showMessage(describe_local_error(err), 20000)
            raise
        self._client = None
        self._update_connection_label()
        self.statusBar().showMessage(self.tr("The local model is ready."), 5000)

    def connection(self) -> Connection:
        p = self.profile()
        key = self.api_key(p)
        return Connection(p.base_url, key, p.from_env, p.from_env and bool(key))

    def _http_for(self, proxy: str) -> httpx.AsyncClient:
        from app.api.client import make_http_client

        if not proxy:
            if self._http is None:
                self._http = make_http_client()
            return self._http
        if proxy not in self._proxied:
            self._proxied[proxy] = make_http_client(proxy=proxy)
        return self._proxied[proxy]

    def client_for(self, p: Profile, key: str | None) -> ApiClient:
        import httpx

        from app.api.client import ApiClient

        register_secret(key)
        timeout = httpx.Timeout(connect=10.0, read=p.timeout, write=30.0, pool=10.0)
        return ApiClient(
            self._http_for(p.proxy),
            p.base_url,
            key,
            extra_headers=p.extra_headers,
            timeout=timeout,
            on_retry=self._on_retry,
            auth=p.auth,
            api_version=p.api_version,
        )

    def client(self) -> ApiClient:
        """The API client for the chat profile, on the shared HTTP client."""
        p = self.profile()
        key = self.api_key(p)
        sig = (
            p.id,
            p.base_url,
            key,
            tuple(sorted(p.extra_headers.items())),
            p.timeout,
            p.proxy,
            p.auth,
            p.api_version,
        )
        if self._client is None or self._client_sig != sig:
            self._client = self.client_for(p, key)
            self._client_sig = sig
        return self._client

    async def load_keys(self) -> None:
        """Keys come from the keychain off the UI thread (it may ask to be unlocked).

        Only profiles with a stored key are read (Profile.has_key): the environment's key comes
        from OPENAI_API_KEY and the local model has its own, so without any the keychain
        (keyring and its backends, 2 to 12 MiB) is not even imported."""
        profiles = [
            p
            for p in self.providers.all_profiles()
            if p.has_key and not p.from_env and not p.is_local
        ]
        if profiles:

            def read() -> tuple[bool, dict[str, str | None]]:
                ok = self.keystore.keyring_available()
                return ok, {p.id: self.keystore.get(p.id) for p in profiles}

            import asyncio

            self._keyring_ok, keys = await asyncio.to_thread(read)
            for pid, key in keys.items():
                self._keys.setdefault(pid, key)  # a key typed meanwhile is newer
        self._keys_loaded = True
        self._update_connection_label()

    def _fill_provider_picker(self) -> None:
        self._fill_tts_profiles()
        box = self.provider_picker
        box.blockSignals(True)
        box.clear()
        current = self.profile().id
        for p in self.providers.all_profiles():
            box.addItem(tr_text(p.name), p.id)
            if p.id == current:
                box.setCurrentIndex(box.count() - 1)
        box.blockSignals(False)

    def _on_provider_picked(self, index: int) -> None:
        pid = self.provider_picker.itemData(index)
        if not pid or pid == self.profile().id:
            return
        self.switch_provider(str(pid))

    def switch_provider(self, profile_id: str) -> None:
        new = self.providers.get(profile_id)
        if self.local.alive and (new is None or not new.is_local):
            self.tasks.spawn(self.local.stop(), name="stop-local")
        self.providers.chat_profile = profile_id
        self._save_providers()
        self._client = None
        self._fill_provider_picker()
        self._update_connection_label()
        p = self.profile()
        remembered = self.settings.last_models.get(p.base_url) or p.default_model
        self.model_picker.setEditText(remembered)
        self.refresh_models()

    def _save_providers(self) -> None:
        from app.core.providers import save_providers

        try:
            save_providers(self.providers_file, self.providers)
        except OSError as exc:
            self.statusBar().showMessage(
                self.tr("Could not save the providers: {0}").format(exc.strerror or exc), 10000
            )

    def _on_retry(self, attempt: int, delay: float, err: ApiError) -> None:
        from .errors_text import describe_error

        self.statusBar().showMessage(
            self.tr("{0} Retrying in {1:.1f} s (attempt {2})…").format(
                describe_error(err), delay, attempt
            ),
            int(delay * 1000) + 2000,
        )

    def _update_connection_label(self) -> None:
        p = self.profile()
        key = self.api_key(p)
        url = p.base_url
        self._update_welcome(p)
        if p.is_local:
            where = url or self.tr("not started yet")
            self.connection_label.setText(
                self.tr("Local model on this computer · {0}").format(where)
            )
            self.connection_label.setToolTip(self.connection_label.text())
            return
        if p.from_env:
            url += " " + self.tr("(from OPENAI_BASE_URL)")
            key_text = self.tr("key from OPENAI_API_KEY") if key else self.tr("no key")
        elif key:
            key_text = (
                self.tr("key in the keychain")
                if self.keychain_ok()
                else self.tr("key set for this session")
            )
        else:
            key_text = self.tr("no key")
        self.connection_label.setText(self.tr("{1} · {0}").format(url, key_text))
        self.connection_label.setToolTip(self.connection_label.text())

    def _update_welcome(self, p: Profile) -> None:
        """What an empty conversation says: how to get a working chat from here."""
        if p.is_local:
            text = self.tr(
                "Chat with SmolLM2, a small open model running on this computer: no account "
                "needed. To use OpenAI, DeepSeek, Ollama and others, open Providers…"
            )
        elif not self.api_key(p) and not p.from_env and preset_needs_key(p):
            from app.core import local_server

            if local_server.available():
                text = self.tr(
                    "No API key yet: add one in Providers…, or choose “Local (SmolLM2)” above "
                    "to chat with the model on this computer."
                )
            else:
                text = self.tr(
                    "No API key yet: add a provider in Providers… (OpenAI, DeepSeek, a local "
                    "Ollama …), or install the local model with: bash setup.sh run"
                )
        else:
            text = self.tr("Pick a model, write a message below and press Enter to send.")
        self.view.setPlaceholderText(text)

    # -- models ---------------------------------------------------------------------------
    def refresh_models(self) -> None:
        self.tasks.spawn(self._refresh_models(), name="models")

    async def _refresh_models(self) -> None:
        from app.api.errors import ApiError
        from app.core import local_server

        from .errors_text import describe_error

        self.refresh_button.setEnabled(False)
        try:
            await self.ensure_ready()
        except local_server.LocalServerError:
            self.refresh_button.setEnabled(True)
            self.modelsLoaded.emit(False)
            return
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
        from datetime import UTC, datetime

        table = self._model_table
        table.removeRows(0, table.rowCount())
        for m in sorted(models, key=lambda m: m.id.lower()):
            day = datetime.fromtimestamp(m.created, UTC).strftime("%Y-%m-%d") if m.created else ""
            row = [
                QtGui.QStandardItem(m.id),
                QtGui.QStandardItem(m.owned_by or ""),
                QtGui.QStandardItem(day),
            ]
            tip = []
            if m.owned_by:
                tip.append(self.tr("Owner: {0}").format(m.owned_by))
            if day:
                tip.append(self.tr("Created: {0}").format(day))
            row[0].setToolTip("\n".join(tip))
            table.appendRow(row)
        self._models_sized = False
        self._filter_models(self.model_filter.text())
        pick = current or remembered or (models[0].id if models else "")
        self.model_picker.setEditText(pick)
        idx = self.model_picker.findText(pick)
        if idx >= 0:
            self.model_picker.setCurrentIndex(idx)
        self.model_picker.blockSignals(False)
        self._on_model_changed(self.model_picker.currentText())
        self.statusBar().showMessage(self.tr("{0} models available").format(len(models)), 5000)
        self.modelsLoaded.emit(True)

    def _filter_models(self, text: str) -> None:
        """Hide the models whose id or owner does not contain every word typed."""
        words = text.lower().split()
        table = self._model_table
        hidden = set()
        for row in range(table.rowCount()):
            hay = " ".join(table.index(row, c).data() or "" for c in (0, 1)).lower()
            if not all(w in hay for w in words):
                hidden.add(row)
        self._hidden_models = hidden
        if self._model_view is not None:
            self._ensure_model_view()

    def visible_models(self) -> list[str]:
        return [
            self.model_picker.itemText(r)
            for r in range(self._model_table.rowCount())
            if r not in self._hidden_models
        ]

    def show_model_details(self) -> ModelDetailsDialog | None:
        model = self.model_picker.currentText().strip()
        if not model:
            self.statusBar().showMessage(self.tr("Choose or type a model first."), 8000)
            return None
        from .model_details import ModelDetailsDialog

        dlg = ModelDetailsDialog(model, self)
        self._keep_dialog(dlg)
        dlg.show()
        self.tasks.spawn(self._fetch_details(dlg, model), name="model-details")
        return dlg

    async def _fetch_details(self, dlg: ModelDetailsDialog, model: str) -> None:
        from app.api.errors import ApiError

        from .errors_text import describe_error

        try:
            info = await self.client().retrieve_model(model)
        except ApiError as err:
            dlg.show_error(describe_error(err))
            return
        dlg.show_model(info.id, info.owned_by, info.created, info.raw)

    def _on_model_changed(self, text: str) -> None:
        model = text.strip()
        self.status_model.setText(model)
        self._apply_model_rules(model)
        if model:
            self.settings.last_models[self.connection().base_url] = model
        self._update_buttons()

    def _on_system_prompt(self) -> None:
        text = self.system_prompt.toPlainText()
        self.settings.system_prompt = text
        conv = self.controller.conversation
        if conv.system_prompt != text:
            conv.system_prompt = text
            if conv.nodes:
                conv.touch()
                self.files.schedule_save()

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
        if not self._params_ok():
            return
        self._stamp_conversation()
        ok = self.controller.send(
            text,
            model,
            self.params.values(),
            stream=self.params.stream,
            include_usage=self.params.include_usage,
            role=self.role_picker.currentText(),
        )
        if ok:
            self.composer.clear()
            self.error_bar.hide()
            self.status_usage.setText(self.tr("Waiting for the first token…"))

    def _params_ok(self) -> bool:
        """A parameter that cannot be sent stops the request, with the reason in the status bar."""
        problems = self.params.problems()
        if problems:
            self.statusBar().showMessage(problems[0], 10000)
            return False
        return True

    def _stamp_conversation(self) -> None:
        """What the conversation file records about where and how it was asked (never the key)."""
        conv = self.controller.conversation
        conv.system_prompt = self.system_prompt.toPlainText()
        conv.params = self.params.values()
        conn = self.connection()
        conv.base_url = conn.base_url
        conv.provider_name = "environment" if conn.base_url_from_env else "custom"

    def add_without_sending(self) -> None:
        text = self.composer.toPlainText()
        if not text.strip() or self.controller.busy:
            return
        self._stamp_conversation()
        self.controller.add_message(self.role_picker.currentText(), text)
        self.composer.clear()

    def retry(self) -> None:
        if self.controller.retry(fallback_model=self.model_picker.currentText().strip()):
            self.error_bar.hide()
            self.status_usage.setText(self.tr("Waiting for the first token…"))

    def new_chat(self) -> None:
        self._stamp_conversation()
        self.files.new(template=self.controller.conversation)
        self.error_bar.hide()
        self.status_usage.clear()
        self.composer.setFocus()

    # -- speech -------------------------------------------------------------------------
    def voice(self) -> Voice:
        from .tts import Voice

        tp = self.tts_panel
        return Voice(
            tp.model.currentText().strip() or "tts-1",
            tp.voice.currentText().strip() or "alloy",
            round(tp.speed.value(), 2),
            tp.instructions_text,
        )

    def _output(self) -> tuple[int | None, float]:
        tp = self.tts_panel
        return tp.device.currentData(), tp.volume.value() / 100

    def _last_answer(self) -> str:
        for m in reversed(self.controller.conversation.messages):
            if m.role == "assistant" and m.content.strip():
                return m.content
        return ""

    def speech_text(self) -> str:
        """What Play and Save speak: the selected text, the panel's text, or the last answer."""
        selected = self.view.textCursor().selectedText().replace("\u2029", "\n").strip()
        return selected or self.tts_panel.input.toPlainText().strip() or self._last_answer()

    def speak(self) -> None:
        self.tts.play(self.speech_text(), self.voice(), *self._output())

    def _auto_read(self, index: int, final: bool = False) -> None:
        if not self.tts_panel.auto_read.isChecked():
            return
        msgs = self.controller.conversation.messages
        if not 0 <= index < len(msgs) or msgs[index].role != "assistant":
            return
        msg = msgs[index]
        self.tts.follow_answer(msg.id, msg.content, final, self.voice(), *self._output())

    def save_speech_dialog(self) -> QtWidgets.QFileDialog:
        fmt = self.tts_panel.format.currentText()
        ext = {"opus": "ogg", "aac": "aac", "pcm": "wav"}.get(fmt, fmt)
        return self._file_dialog(
            self.tr("Save speech"),
            self.tr("Audio (*.mp3 *.ogg *.opus *.aac *.flac *.wav *.pcm);;All files (*)"),
            True,
            self.save_speech,
            f"speech.{ext}",
        )

    def play_file_dialog(self) -> QtWidgets.QFileDialog:
        return self._file_dialog(
            self.tr("Play a saved file"),
            self.tr("Audio (*.mp3 *.ogg *.opus *.aac *.flac *.wav *.pcm);;All files (*)"),
            False,
            self.play_audio_file,
        )

    def play_audio_file(self, path: str) -> None:
        self.tts.play_file(path, *self._output())

    def save_speech(self, path: str) -> None:
        self.tts.save(path, self.speech_text(), self.voice(), self.tts_panel.format.currentText())

    def refresh_devices(self) -> None:
        from app.audio.player import list_output_devices

        self.tts_panel.set_devices(list_output_devices())

    def _on_tts_status(self, text: str) -> None:
        self.tts_panel.status.setText(text)
        self.statusBar().showMessage(text, 6000)

    def tts_profile(self) -> Profile:
        p = self.providers.get(self.providers.tts_profile) if self.providers.tts_profile else None
        return p if p is not None else self.profile()

    def tts_client(self) -> ApiClient:
        p = self.tts_profile()
        if p.id == self.profile().id:
            return self.client()
        return self.client_for(p, self.api_key(p))

    def _fill_tts_profiles(self) -> None:
        box = self.tts_panel.profile
        box.blockSignals(True)
        box.clear()
        box.addItem(self.tr("Same as chat"), "")
        for p in self.providers.all_profiles():
            if not p.is_local:
                box.addItem(tr_text(p.name), p.id)
        box.setCurrentIndex(max(0, box.findData(self.providers.tts_profile)))
        box.blockSignals(False)

    def _on_tts_profile(self, index: int) -> None:
        self.providers.tts_profile = str(self.tts_panel.profile.itemData(index) or "")
        self._save_providers()

    # -- message actions ------------------------------------------------------------------
    def _index_of(self, message_id: str) -> int:
        for i, m in enumerate(self.controller.conversation.messages):
            if m.id == message_id:
                return i
        return -1

    def _on_message_action(self, action: str, message_id: str) -> None:
        index = self._index_of(message_id)
        if index < 0:
            return
        msg = self.controller.conversation.messages[index]
        if action == "edit":
            self.edit_message(message_id)
        elif action == "regenerate":
            self.regenerate(index)
        elif action == "copy":
            clip = QGuiApplication.clipboard()
            if clip is not None:
                clip.setText(msg.content)
            self.statusBar().showMessage(self.tr("Message copied"), 3000)
        elif action == "delete":
            self.controller.delete_message(index)
        elif action == "read":
            self.tts.play(msg.content, self.voice(), *self._output())
        elif action in ("prev", "next"):
            self.controller.switch_branch(index, -1 if action == "prev" else 1)
        elif action == "inspect":
            self.playground.open_inspector(message_id)
        elif action == "choices":
            self.playground.open_choices(message_id)
        elif action == "probabilities":
            self.playground.open_logprobs(message_id)

    def regenerate(self, index: int) -> None:
        model = self.model_picker.currentText().strip()
        if not model:
            self.statusBar().showMessage(self.tr("Choose or type a model first."), 8000)
            return
        if not self._params_ok():
            return
        self._stamp_conversation()
        if self.controller.regenerate(
            index,
            model,
            self.params.values(),
            stream=self.params.stream,
            include_usage=self.params.include_usage,
        ):
            self.error_bar.hide()

    def edit_message(self, message_id: str) -> EditMessageDialog | None:
        index = self._index_of(message_id)
        if index < 0 or self.controller.busy:
            return None
        msg = self.controller.conversation.messages[index]
        from .edit_dialog import EditMessageDialog

        dlg = EditMessageDialog(message_id, msg.role, msg.content, self)
        dlg.saved.connect(self._on_edit_saved)
        self._keep_dialog(dlg)
        dlg.open()
        return dlg

    def _on_edit_saved(self, message_id: str, text: str, resend: bool) -> None:
        index = self._index_of(message_id)
        if index < 0 or (resend and not self._params_ok()):
            return
        self._stamp_conversation()
        self.controller.edit_message(
            index,
            text,
            resend=resend,
            model=self.model_picker.currentText(),
            params=self.params.values(),
            stream=self.params.stream,
            include_usage=self.params.include_usage,
        )

    def _keep_dialog(self, dlg: Any) -> None:
        self._dialogs.append(dlg)
        dlg.finished.connect(lambda _r: self._dialogs.remove(dlg) if dlg in self._dialogs else None)

    # -- files ----------------------------------------------------------------------------
    def open_file(self, path: str | Path) -> Any:

        return self.files.open_path(Path(path))

    def _on_loaded(self, loaded: Loaded) -> None:
        conv = loaded.conversation
        self.system_prompt.blockSignals(True)
        self.system_prompt.setPlainText(conv.system_prompt)
        self.system_prompt.blockSignals(False)
        self.settings.system_prompt = conv.system_prompt
        from app.core.params import validate_params

        self.params.set_values(validate_params(conv.params))
        self.params.stream_box.setChecked(conv.stream)
        self.params.usage_box.setChecked(conv.include_usage)
        if conv.model:
            self.model_picker.setEditText(conv.model)
        if loaded.path is not None:
            add_recent(self.settings, str(loaded.path))
        self.error_bar.hide()
        self.status_usage.clear()
        last = conv.messages[-1] if conv.messages else None
        if last is not None and self.controller.can_retry():
            self.error_label.setText(
                last.error
                or {
                    "stopped": self.tr("The last answer was stopped."),
                    "interrupted": self.tr("The last answer was interrupted."),
                }.get(last.status, self.tr("The last answer failed."))
            )
            self.error_bar.show()
            self._update_buttons()
        if loaded.recovered:
            self.statusBar().showMessage(
                self.tr("An answer was interrupted when Chatterdesk last closed; it is kept."),
                10000,
            )

    def _on_open_failed(self, path: str, reason: str) -> None:
        from app.core import storage

        bak = storage.backup_path(Path(path))
        text = self.tr("Could not open {0}: {1}. The file was not changed.").format(path, reason)
        box = QtWidgets.QMessageBox(
            QtWidgets.QMessageBox.Icon.Warning, self.tr("Could not open"), text, parent=self
        )
        box.setObjectName("openFailedBox")
        box.addButton(QtWidgets.QMessageBox.StandardButton.Close)
        if bak.exists():
            b = box.addButton(
                self.tr("Open the backup"), QtWidgets.QMessageBox.ButtonRole.AcceptRole
            )
            b.clicked.connect(functools.partial(self.open_file, bak))
        self._keep_dialog(box)
        box.open()
        self.statusBar().showMessage(text, 15000)

    def _on_saved(self, path: str) -> None:
        if self.settings.last_conversation != path:
            # Written now, not at exit: after a crash the next start reopens (and recovers) it.
            self.settings.last_conversation = path
            self.save_settings()

    def _on_file_state(self, *_args: Any) -> None:
        f = self.files
        if f.read_only:
            self._show_banner(
                self.tr(
                    "This file was written by a newer version of Chatterdesk. It is shown "
                    "read-only: changes are not saved to it."
                ),
                self.tr("Save a copy…"),
                self.save_as_dialog,
            )
        elif f.save_error:
            self._show_banner(
                self.tr(
                    "Could not save the conversation: {0}. It is kept in memory and Chatterdesk "
                    "tries again."
                ).format(f.save_error),
                self.tr("Try now"),
                self.files.save_now,
            )
        else:
            self.file_banner.hide()
        self.history.set_current(str(f.path) if f.path else "")
        self._update_title()

    def _show_banner(self, text: str, button: str, action: Any) -> None:
        self.file_banner_label.setText(text)
        self.file_banner_button.setText(button)
        self._banner_action = action
        self.file_banner.show()

    def _on_banner_button(self) -> None:
        if self._banner_action is not None:
            self._banner_action()

    def _update_title(self) -> None:
        conv = self.controller.conversation
        title = conv.title or self.tr("New conversation")
        suffix = self.tr(" (read-only)") if self.files.read_only else ""
        self.setWindowTitle(f"{title}{suffix} — Chatterdesk")

    def save_now(self) -> None:
        if self.files.read_only:
            self.save_as_dialog()
            return
        if self.files.save_now():
            self.statusBar().showMessage(self.tr("Saved to {0}").format(self.files.path), 4000)

    def _file_dialog(
        self, title: str, filters: str, save: bool, done: Any, name: str = ""
    ) -> QtWidgets.QFileDialog:
        """A non-modal file dialog (a nested exec() would stall the asyncio loop)."""
        dlg = QtWidgets.QFileDialog(self, title)
        dlg.setObjectName("fileDialog")
        dlg.setNameFilter(filters)
        dlg.setOption(QtWidgets.QFileDialog.Option.DontUseNativeDialog, True)
        if save:
            dlg.setAcceptMode(QtWidgets.QFileDialog.AcceptMode.AcceptSave)
            if name:
                dlg.selectFile(name)
        else:
            dlg.setFileMode(QtWidgets.QFileDialog.FileMode.ExistingFile)
        dlg.fileSelected.connect(done)
        self._keep_dialog(dlg)
        dlg.open()
        return dlg

    def open_dialog(self) -> QtWidgets.QFileDialog:
        return self._file_dialog(
            self.tr("Open conversation"),
            self.tr("Conversations (*.chat.json);;All files (*)"),
            False,
            self.open_file,
        )

    def save_as_dialog(self) -> QtWidgets.QFileDialog:
        from app.core import storage

        name = (self.controller.conversation.title or "conversation")[:50] + storage.SUFFIX
        return self._file_dialog(
            self.tr("Save conversation as"),
            self.tr("Conversations (*.chat.json)"),
            True,
            self.save_as,
            name,
        )

    def save_as(self, path: str) -> bool:
        from app.core import storage

        target = Path(path)
        if not target.name.endswith(storage.SUFFIX):
            target = target.with_name(target.name.removesuffix(".json") + storage.SUFFIX)
        if self.files.save_as(target):
            add_recent(self.settings, str(target))
            self.statusBar().showMessage(self.tr("Saved to {0}").format(target), 5000)
            return True
        return False

    def export_dialog(self, kind: str) -> QtWidgets.QFileDialog:
        base = (self.controller.conversation.title or "conversation")[:50]
        if kind == "md":
            return self._file_dialog(
                self.tr("Export as Markdown"),
                self.tr("Markdown (*.md)"),
                True,
                lambda p: self.export(p, "md"),
                base + ".md",
            )
        return self._file_dialog(
            self.tr("Export as messages JSON"),
            self.tr("JSON (*.json)"),
            True,
            lambda p: self.export(p, "json"),
            base + ".messages.json",
        )

    def export(self, path: str, kind: str) -> bool:

        from app.core import exchange
        from app.core.atomic import write_atomic

        self._stamp_conversation()
        conv = self.controller.conversation
        text = exchange.to_markdown(conv) if kind == "md" else exchange.to_messages_json(conv)
        try:
            write_atomic(Path(path), text.encode("utf-8"))
        except OSError as exc:
            self.statusBar().showMessage(
                self.tr("Could not export: {0}").format(exc.strerror or exc), 10000
            )
            return False
        self.statusBar().showMessage(self.tr("Exported to {0}").format(path), 5000)
        return True

    def import_dialog(self) -> QtWidgets.QFileDialog:
        return self._file_dialog(
            self.tr("Import messages JSON"),
            self.tr("JSON (*.json);;All files (*)"),
            False,
            self.import_file,
        )

    def import_file(self, path: str) -> bool:
        from app.core import exchange

        try:
            conv = exchange.from_messages_json(Path(path).read_text("utf-8"))
        except (OSError, UnicodeDecodeError, exchange.ImportError_) as exc:
            self.statusBar().showMessage(
                self.tr("Could not import {0}: {1}").format(path, tr_text(exc)), 15000
            )
            return False
        if not conv.title:
            conv.title = Path(path).name.split(".")[0]
        if not conv.model:
            conv.model = self.model_picker.currentText().strip()
        self.files.adopt(conv)
        from app.core.storage import Loaded

        self._on_loaded(Loaded(conv, None))
        return True

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        for p in self.settings.recent_files:
            if Path(p).exists():
                act = self.recent_menu.addAction(Path(p).name)
                act.setToolTip(p)
                act.triggered.connect(functools.partial(self.open_file, p))
        if self.recent_menu.isEmpty():
            a = self.recent_menu.addAction(self.tr("No recent files"))
            a.setEnabled(False)

    def rename_dialog(self) -> QtWidgets.QInputDialog | None:
        if self.files.path is None:
            self.statusBar().showMessage(self.tr("Send a message first: then it has a name."), 5000)
            return None
        dlg = QtWidgets.QInputDialog(self)
        dlg.setObjectName("renameDialog")
        dlg.setWindowTitle(self.tr("Rename conversation"))
        dlg.setLabelText(self.tr("Title"))
        dlg.setTextValue(self.controller.conversation.title)
        path = self.files.path
        dlg.textValueSelected.connect(
            lambda t: self.files.rename(path, t.strip()) if t.strip() else None
        )
        self._keep_dialog(dlg)
        dlg.open()
        return dlg

    def delete_conversation(self, path: str) -> None:

        original = Path(path)
        trashed = self.files.trash(original)
        if trashed is None:
            return
        self._undo = (trashed, original)
        self._show_banner(
            self.tr("Moved “{0}” to the trash.").format(original.name),
            self.tr("Undo"),
            self.undo_delete,
        )
        QTimer.singleShot(15000, self._expire_undo)

    def undo_delete(self) -> None:
        if self._undo is None:
            return
        trashed, original = self._undo
        self._undo = None
        self.files.restore(trashed, original)
        self.file_banner.hide()
        self.open_file(original)

    def _expire_undo(self) -> None:
        if self._undo is not None:
            self._undo = None
            self._on_file_state()

    # -- system prompt library ------------------------------------------------------------
    def _fill_prompt_library(self) -> None:
        box = self.prompt_library
        box.blockSignals(True)
        box.clear()
        box.addItem(self.tr("Saved prompts…"), None)
        for name in self.prompts.names():
            box.addItem(name, name)
        box.blockSignals(False)

    def _on_prompt_picked(self, index: int) -> None:
        name = self.prompt_library.itemData(index)
        if name:
            self.system_prompt.setPlainText(self.prompts.prompts.get(name, ""))

    def save_prompt_dialog(self) -> QtWidgets.QInputDialog:
        dlg = QtWidgets.QInputDialog(self)
        dlg.setObjectName("savePromptDialog")
        dlg.setWindowTitle(self.tr("Save system prompt"))
        dlg.setLabelText(self.tr("Name"))
        current = self.prompt_library.currentData()
        dlg.setTextValue(current or "")
        dlg.textValueSelected.connect(self.save_prompt)
        self._keep_dialog(dlg)
        dlg.open()
        return dlg

    def save_prompt(self, name: str) -> None:
        name = name.strip()
        if not name:
            return
        try:
            self.prompts.put(name, self.system_prompt.toPlainText())
        except OSError as exc:
            self.statusBar().showMessage(
                self.tr("Could not save the prompt: {0}").format(exc.strerror or exc), 10000
            )
            return
        self._fill_prompt_library()
        self.prompt_library.setCurrentIndex(self.prompt_library.findData(name))

    def delete_prompt(self) -> None:
        name = self.prompt_library.currentData()
        if name:
            try:
                self.prompts.remove(name)
            except OSError as exc:
                self.statusBar().showMessage(str(exc), 10000)
            self._fill_prompt_library()

    def _on_message_added(self, index: int) -> None:
        self.view.message_added(index)

    def _on_reset(self) -> None:
        conv = self.controller.conversation
        self.view.set_conversation(conv)
        if self._completions is not None and self._completions.conversation is not conv:
            self._completions.set_conversation(conv)
        self.mode_picker.blockSignals(True)
        self.mode_picker.setCurrentIndex(1 if conv.mode == "completion" else 0)
        self.mode_picker.blockSignals(False)
        self._on_mode_changed()
        self._update_buttons()
        self._update_title()

    def _on_completion_busy(self, busy: bool) -> None:
        if busy:
            self._stamp_conversation()

    def _on_mode_changed(self, _index: int = 0) -> None:
        """Chat shows the conversation and composer; Completions shows the prompt document."""
        mode = self.mode_picker.currentData() or "chat"
        conv = self.controller.conversation
        completion = mode == "completion"
        if completion or self._completions is not None:
            self.completions.setVisible(completion)
        if completion:
            self.find_bar.close_bar()
        for a in (self.act_find, self.act_find_next, self.act_find_previous):
            a.setEnabled(not completion)
        for w in (
            self.view,
            self.composer,
            self.send_button,
            self.stop_button,
            self.role_picker,
            self.add_button,
        ):
            w.setVisible(not completion)
        self._update_buttons()
        if conv.mode != mode:
            conv.mode = mode
            conv.touch()
            self.files.schedule_save()

    def _on_answer_finished(self, index: int) -> None:
        self.view.message_changed(index, immediate=True)
        msg = self.controller.conversation.messages[index]
        self.status_usage.setText(self.usage_text(msg))
        if msg.error:
            self.error_label.setText(msg.error)
            self.error_bar.show()
            err = self.controller.errors.get(msg.id)
            from app.core.model_rules import refused_param

            param = refused_param(err) if err is not None else None
            if param and msg.model:
                self._refused = (msg.model, param)
                self.drop_param_button.setText(
                    self.tr("Stop sending “{0}” to {1} and retry").format(param, msg.model)
                )
                self.drop_param_button.show()
            else:
                self._refused = None
                self.drop_param_button.hide()
        self._update_buttons()

    def usage_text(self, msg: Message) -> str:
        return self.playground.usage_text(msg)

    def _update_buttons(self) -> None:
        busy = self.controller.busy
        self.send_button.setEnabled(not busy)
        self.add_button.setEnabled(not busy)
        self.stop_button.setEnabled(busy)
        # Disabled actions take no keys: Esc reaches dialogs and Ctrl+Enter the completions
        # document while these have nothing to do.
        chat = (self.mode_picker.currentData() or "chat") == "chat"
        self.act_send.setEnabled(chat and not busy)
        self.act_stop.setEnabled(busy or (self._completions is not None and self._completions.busy))
        self.retry_button.setEnabled(self.controller.can_retry())

    def keychain_ok(self) -> bool:
        """Whether keys can go to the system keychain; probed here if no key was read yet."""
        if self._keyring_ok is None:
            self._keyring_ok = self.keystore.keyring_available()
        return self._keyring_ok

    # -- settings -------------------------------------------------------------------------
    def open_settings(self) -> ProfilesDialog | None:
        from .profiles_dialog import ProfilesDialog

        if self._settings_dialog is not None:
            self._settings_dialog.raise_()
            return None
        dlg = ProfilesDialog(self.providers, self._keys, self.keychain_ok(), self)
        self._settings_dialog = dlg
        dlg.testRequested.connect(
            lambda prof, key: self.tasks.spawn(self._test_connection(dlg, prof, key), "test")
        )
        dlg.applied.connect(self._apply_profiles)

        def done(_result: int) -> None:
            self._settings_dialog = None
            dlg.deleteLater()

        dlg.finished.connect(done)
        dlg.open()
        return dlg

    async def _test_connection(self, dlg: Any, prof: Profile, key: str) -> None:
        from app.api.errors import ApiError

        from .errors_text import describe_error

        try:
            models = await self.client_for(prof, key or None).list_models()
        except ApiError as err:
            text, ok = describe_error(err), False
        else:
            names = ", ".join(m.id for m in models[:3])
            text = self.tr("Connected: {0} models ({1}).").format(len(models), names)
            ok = True
        try:
            dlg.show_test_result(text, ok)
        except RuntimeError:  # the dialog was closed meanwhile
            pass

    def _apply_profiles(self, cfg: ProviderConfig, changed: dict[str, str]) -> None:
        self.providers = cfg
        for pid, key in changed.items():
            self._keys[pid] = key or None
            prof = cfg.get(pid)
            if prof is not None:
                prof.has_key = bool(key)
            self.tasks.spawn(
                self._store_key(pid, key, bool(prof and prof.key_in_file)), name="store-key"
            )
        self._save_providers()  # with has_key; the keys themselves are stored by the tasks
        self._client = None
        self._fill_provider_picker()
        self._update_connection_label()
        p = self.profile()
        if not self.model_picker.currentText().strip() and p.default_model:
            self.model_picker.setEditText(p.default_model)
        self.refresh_models()

    async def _store_key(self, pid: str, key: str, allow_file: bool) -> None:
        import asyncio

        result = await asyncio.to_thread(self.keystore.set, pid, key, allow_file=allow_file)
        if not key:
            return
        text = {
            "keyring": self.tr("The key is stored in the system keychain."),
            "file": self.tr("The key is stored in a file only you can read."),
            "memory": self.tr(
                "No system keychain is available: the key is kept only while Chatterdesk runs."
            ),
        }.get(result.where, result.message)
        self.statusBar().showMessage(text, 10000)

    # -- model rules ----------------------------------------------------------------------
    def _apply_model_rules(self, model: str) -> None:
        from app.core.model_rules import blocked_params

        self.params.set_model(model)
        caps = self.rules.capabilities(model) if model else None
        blocked = blocked_params(caps) if caps is not None else {}
        reasons = {name: self._rule_reason(name, caps) for name in blocked}
        self.params.set_blocked(reasons)
        if caps is not None and caps.max_tokens_param != "max_tokens":
            self.params.note_max_tokens(caps.max_tokens_param)
        else:
            self.params.note_max_tokens("")

    def _rule_reason(self, name: str, caps: Any) -> str:
        if name in caps.dropped:
            return self.tr("The server refused this parameter for this model.")
        if name in ("temperature", "top_p"):
            return self.tr("This model takes only the default value.")
        if name in ("presence_penalty", "frequency_penalty"):
            return self.tr("This model does not take penalties.")
        if name in ("logprobs", "top_logprobs"):
            return self.tr("This model does not return log probabilities.")
        return self.tr("This model does not take this parameter.")

    def open_model_rules(self) -> Any:
        from .rules_dialog import ModelRulesDialog

        model = self.model_picker.currentText().strip()
        if not model:
            self.statusBar().showMessage(self.tr("Choose or type a model first."), 8000)
            return None
        dlg = ModelRulesDialog(model, self.rules, self)
        dlg.changed.connect(lambda: self._apply_model_rules(model))
        self._keep_dialog(dlg)
        dlg.open()
        return dlg

    def drop_refused_param(self) -> None:
        if self._refused is None:
            return
        model, param = self._refused
        self.rules.drop(model, param)
        self._refused = None
        self.drop_param_button.hide()
        self._apply_model_rules(self.model_picker.currentText().strip())
        self.retry()

    def save_settings(self) -> None:
        s = self.settings
        s.system_prompt = self.system_prompt.toPlainText()
        s.params = self.params.values()
        s.stream = self.params.stream
        s.include_usage = self.params.include_usage
        self._remember_layout()
        try:
            save_settings(self.paths.settings_file, s)
        except OSError as exc:
            log.warning("could not save settings: %s", exc)
            self.statusBar().showMessage(
                self.tr("Could not save the settings: {0}").format(exc.strerror or exc), 10000
            )

    # -- view, layout, help ---------------------------------------------------------------
    def _set_accessible_names(self) -> None:
        """Names a screen reader says for controls whose text does not say what they are
        (combo boxes, text boxes, symbol buttons); tooltips already serve as descriptions."""
        names: list[tuple[QWidget, str]] = [
            (self.provider_picker, self.tr("Provider")),
            (self.model_picker, self.tr("Model")),
            (self.mode_picker, self.tr("Mode: chat or completions")),
            (self.model_filter, self.tr("Filter models")),
            (self.details_button, self.tr("Model details")),
            (self.refresh_button, self.tr("Refresh the model list")),
            (self.settings_button, self.tr("Providers and keys")),
            (self.view, self.tr("Conversation")),
            (self.composer, self.tr("Message")),
            (self.send_button, self.tr("Send")),
            (self.stop_button, self.tr("Stop the answer")),
            (self.role_picker, self.tr("Role of the message")),
            (self.add_button, self.tr("Add the message without sending")),
            (self.system_prompt, self.tr("System prompt")),
            (self.prompt_library, self.tr("Saved system prompts")),
            (self.save_prompt_button, self.tr("Save the system prompt")),
            (self.delete_prompt_button, self.tr("Delete the saved prompt")),
            (self.retry_button, self.tr("Retry")),
            (self.history.search, self.tr("Search conversations")),
            (self.history.tree, self.tr("Conversations")),
            (self.params.preset_picker, self.tr("Parameter presets")),
        ]
        tp = self.tts_panel
        names += [
            (tp.model, self.tr("Speech model")),
            (tp.voice, self.tr("Voice")),
            (tp.format, self.tr("Audio format for Save")),
            (tp.speed, self.tr("Speech speed")),
            (tp.speed_slider, self.tr("Speech speed")),
            (tp.instructions, self.tr("Speech instructions")),
            (tp.input, self.tr("Text to speak")),
            (tp.device, self.tr("Sound output")),
            (tp.volume, self.tr("Volume")),
            (tp.profile, self.tr("Speech provider")),
        ]
        devices = tp.findChild(QToolButton, "ttsDevicesButton")
        if devices is not None:  # "↻"
            names.append((devices, self.tr("List the sound outputs again")))
        for row in self.params.rows.values():
            n = row.name
            names.append((row.check, self.tr("Send {0}").format(n)))
            for child in row.findChildren(QWidget):
                if child.objectName() == f"param_{n}_value":
                    names.append((child, self.tr("{0} value").format(n)))
                elif child.objectName() == f"param_{n}_slider":
                    names.append((child, self.tr("{0} slider").format(n)))
        for w, name in names:
            w.setAccessibleName(name)
        self.view.setAccessibleDescription(
            self.tr("The messages; the links under each one edit, copy, regenerate or read it")
        )
        self._name_completions()
        _name_by_hint(self)
        for text_box in (tp.input, tp.instructions):
            text_box.setTabChangesFocus(True)

    def _restore_geometry(self) -> None:
        """Window size and position, splitter sizes, which panels show, maximized: before the
        first frame, so it has the size and layout the user left."""
        s = self.settings
        if s.window_geometry:
            self.restoreGeometry(QByteArray.fromBase64(s.window_geometry.encode()))
        else:
            self.resize(1180, 780)
        if s.splitter_sizes:
            self.splitter.setSizes(s.splitter_sizes)
            self._hidden_sizes = {0: s.splitter_sizes[0], 2: s.splitter_sizes[2]}
        self.history.setVisible(s.show_history)
        self.side_panel.setVisible(s.show_side_panel)
        if s.window_maximized:
            self.setWindowState(self.windowState() | QtCore.Qt.WindowState.WindowMaximized)

    def _restore_layout(self) -> None:
        """The View menu's checks, once complete() has built the menus."""
        s = self.settings
        self.act_show_history.setChecked(s.show_history)
        self.act_show_side.setChecked(s.show_side_panel)
        act = self.theme_actions.get(s.theme)
        if act is not None:
            act.setChecked(True)
        act = self.language_actions.get(s.language)
        if act is not None:
            act.setChecked(True)

    def _show_pane(self, index: int, on: bool) -> None:
        """Show or hide the history (0) or the side panel (2), keeping a hidden one's width."""
        pane = (self.history, self.chat_pane, self.side_panel)[index]
        if on == pane.isVisibleTo(self):
            return
        if on:
            pane.show()
            width = self._hidden_sizes.get(index, 0)
            if width > 0:
                sizes = self.splitter.sizes()
                sizes[1] = max(0, sizes[1] - (width - sizes[index]))  # taken from the chat
                sizes[index] = width
                self.splitter.setSizes(sizes)
        else:
            self._hidden_sizes[index] = self.splitter.sizes()[index]
            pane.hide()

    def _remember_layout(self) -> None:
        s = self.settings
        s.window_geometry = bytes(self.saveGeometry().toBase64().data()).decode()
        s.window_maximized = self.isMaximized()
        s.show_history = self.act_show_history.isChecked()
        s.show_side_panel = self.act_show_side.isChecked()
        # A hidden pane reads 0: keep the size it had, so showing it again restores it.
        sizes = self.splitter.sizes()
        before = [self._hidden_sizes.get(i, n) for i, n in enumerate(DEFAULT_SPLIT)]
        shown = (s.show_history, True, s.show_side_panel)
        kept = [
            size if on else before[i] for i, (size, on) in enumerate(zip(sizes, shown, strict=True))
        ]
        if any(kept):
            s.splitter_sizes = kept

    def _known_secrets(self) -> list[str]:
        """Every key this window knows, for the crash report's redaction."""
        from app.core.providers import env_api_key

        keys = [k for k in self._keys.values() if k]
        env = env_api_key()
        if env:
            keys.append(env)
        if self.local.running is not None and self.local.running.key:
            keys.append(self.local.running.key)
        return keys

    def stop(self) -> None:
        """Esc: stop whatever is being written, the chat answer or the completion."""
        self.controller.stop()
        if self._completions is not None:
            self._completions.stop()

    def regenerate_last(self) -> None:
        for i in range(len(self.controller.conversation.messages) - 1, -1, -1):
            if self.controller.conversation.messages[i].role == "assistant":
                self.regenerate(i)
                return
        self.statusBar().showMessage(self.tr("There is no answer to regenerate yet."), 5000)

    def focus_composer(self) -> None:
        if (self.mode_picker.currentData() or "chat") == "completion":
            self.completions.editor.setFocus(QtCore.Qt.FocusReason.ShortcutFocusReason)
        else:
            self.composer.setFocus(QtCore.Qt.FocusReason.ShortcutFocusReason)

    def focus_model(self) -> None:
        self.model_picker.setFocus(QtCore.Qt.FocusReason.ShortcutFocusReason)
        edit = self.model_picker.lineEdit()
        if edit is not None:
            edit.selectAll()

    def search_history(self) -> None:
        self.act_show_history.setChecked(True)
        self.history.search.setFocus(QtCore.Qt.FocusReason.ShortcutFocusReason)
        self.history.search.selectAll()

    def set_theme(self, mode: str) -> None:
        from .theme import THEMES, apply_theme

        if mode not in THEMES:
            return
        app = QApplication.instance()
        if isinstance(app, QApplication):
            apply_theme(app, mode)
        self.settings.theme = mode
        self.theme_actions[mode].setChecked(True)
        self.save_settings()

    def set_language(self, code: str) -> None:
        if code not in self.language_actions:
            return
        self.language_actions[code].setChecked(True)
        if self.settings.language == code:
            return
        self.settings.language = code
        self.save_settings()
        self.statusBar().showMessage(
            self.tr("The language changes when Chatterdesk starts again."), 10000
        )

    def shortcut_rows(self) -> list[Any]:
        """Keys that work inside one widget, for the shortcuts dialog (menu keys come from the
        actions themselves)."""
        from .shortcuts_dialog import ShortcutRow

        box = self.tr("Message box")
        return [
            ShortcutRow(box, self.tr("Send"), self.tr("Enter")),
            ShortcutRow(box, self.tr("New line"), self.tr("Shift+Enter")),
            ShortcutRow(box, self.tr("Next control"), self.tr("Tab")),
            ShortcutRow(self.tr("Completions"), self.tr("Run the prompt document"), "Ctrl+Enter"),
            ShortcutRow(self.tr("History"), self.tr("Delete the conversation"), self.tr("Del")),
        ]

    def open_shortcuts(self) -> Any:
        from .shortcuts_dialog import ShortcutsDialog

        for dlg in self._dialogs:
            if dlg.objectName() == "shortcutsDialog":
                dlg.raise_()
                dlg.activateWindow()
                return dlg
        dlg = ShortcutsDialog(self.menuBar(), self.shortcut_rows(), self)
        self._keep_dialog(dlg)
        dlg.open()
        return dlg

    def open_about(self) -> Any:
        from .about_dialog import AboutDialog

        for dlg in self._dialogs:
            if dlg.objectName() == "aboutDialog":
                dlg.raise_()
                dlg.activateWindow()
                return dlg
        if self.keychain_ok():
            where = self.tr("The system keychain, service “{0}”").format(self.keystore.SERVICE)
        else:
            where = self.tr("Memory, for this session only (no system keychain)")
        dlg = AboutDialog(self.paths, where, self.keystore.key_file, self)
        self._keep_dialog(dlg)
        dlg.open()
        return dlg

    # -- lifecycle ------------------------------------------------------------------------
    def start(self, open_paths: list[str] | None = None) -> None:
        """Work that needs the event loop: called once it runs.

        Opens the files given on the command line, else the conversation open when the app
        last closed (an answer interrupted then is recovered and marked).
        """

        self._fill_provider_picker()

        async def keys_then_models() -> None:
            await self.load_keys()
            self.refresh_models()

        self.tasks.spawn(keys_then_models(), name="keys")
        self.files.load_entries()
        if open_paths:
            for p in open_paths:
                self.open_file(p)
        elif self.settings.last_conversation and Path(self.settings.last_conversation).exists():
            self.open_file(self.settings.last_conversation)

    def closeEvent(self, event: QtGui.QCloseEvent) -> None:
        self.complete()  # a close before the rest was built (between the first two frames)
        if self._closing_done:
            event.accept()
            return
        event.ignore()
        if not self._shutting_down:
            self._shutting_down = True
            for dlg in list(self._dialogs):
                dlg.close()
            self.playground.close_windows()
            self.save_settings()
            self.hide()
            import asyncio

            asyncio.get_event_loop().create_task(self._shutdown_then_close())

    async def _shutdown_then_close(self) -> None:
        await self.shutdown()
        self._closing_done = True
        try:
            self.close()
            self.closed.emit()
        except RuntimeError:  # the widget was already deleted (tests close it directly)
            pass

    async def shutdown(self) -> None:
        """Cancel every task, close streams and the HTTP client; nothing left pending.

        The conversation is saved after the answer task has stopped, so a partial answer is
        on disk marked as stopped.
        """
        self.controller.stop()
        self.tts.stop()
        await self.tasks.cancel_all()
        self.files.save_now()
        await self.local.stop()
        clients = [c for c in (self._http, *self._proxied.values()) if c is not None]
        self._http = None
        self._proxied = {}
        for http in clients:
            await http.aclose()

    def about_text(self) -> str:
        """The first line of the About dialog (its Copy all gives the whole text)."""
        return f"Chatterdesk {__version__}"


def std_keys(key: QtGui.QKeySequence.StandardKey, fallback: str = "") -> list[str]:
    """The platform's keys for a standard action, or the fallback where it has none (Quit and
    Preferences have none on some Linux desktops). The dedicated keys of multimedia keyboards
    ("Open", "Save" keys) are left out: a shortcut list that names them only confuses."""
    Qt = QtCore.Qt
    out = []
    for seq in QtGui.QKeySequence.keyBindings(key):
        if seq.isEmpty():
            continue
        first = seq[0]  # type: ignore[index]  # (PySide6 indexes; its stubs do not say so)
        k = first.key()
        if k >= Qt.Key.Key_Back:  # the multimedia and application keys
            continue
        if (
            first.keyboardModifiers()
            or Qt.Key.Key_F1 <= k <= Qt.Key.Key_F35
            or k in (Qt.Key.Key_Escape, Qt.Key.Key_Delete)
        ):
            out.append(seq.toString())
    return out or ([fallback] if fallback else [])


DEFAULT_SPLIT = [220, 720, 380]  # history, chat, side panel


def _name_by_hint(root: QWidget) -> None:
    """Names each input under `root` that has no name after its placeholder or tooltip."""
    inputs = _named_inputs()
    for w in root.findChildren(QWidget):
        if w.accessibleName() or not isinstance(w, inputs):
            continue
        hint = getattr(w, "placeholderText", lambda: "")() or w.toolTip()
        if hint:
            w.setAccessibleName(hint)


def _named_inputs() -> tuple[type[QWidget], ...]:
    """The widgets a screen reader names by their placeholder or tooltip (built on first use:
    some of these types are not needed for the first frame)."""
    w = QtWidgets
    return (
        QComboBox,
        QLineEdit,
        QPlainTextEdit,
        w.QTextEdit,
        w.QAbstractSpinBox,
        w.QAbstractSlider,
    )


def preset_needs_key(p: Profile) -> bool:
    from app.core.providers import preset

    return preset(p.preset).needs_key
