"""Provider profiles: presets, base URL, key (masked, in the keychain), headers, proxy, test.

Opened with `open()`, never `exec()`. It edits copies; the window applies them on OK, and stores
keys off the UI thread (a keychain may block while it asks to be unlocked).
"""

from __future__ import annotations

import copy

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.core.providers import (
    LOCAL_PRESET,
    PRESETS,
    Profile,
    ProviderConfig,
    new_profile,
    plain_http_key_warning,
    preset,
)

from . import theme
from .i18n import tr_text

ID_ROLE = Qt.ItemDataRole.UserRole


def parse_headers(text: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for line in text.splitlines():
        name, sep, value = line.partition(":")
        if sep and name.strip():
            out[name.strip()] = value.strip()
    return out


def secret_header(name: str) -> bool:
    low = name.lower()
    return low in ("authorization", "proxy-authorization", "cookie") or any(
        w in low for w in ("key", "token", "secret", "password")
    )


class ProfilesDialog(QDialog):
    testRequested = Signal(object, str)  # Profile, key
    applied = Signal(object, dict)  # ProviderConfig, {profile id: new key} for changed keys

    def __init__(
        self,
        cfg: ProviderConfig,
        keys: dict[str, str | None],
        keyring_ok: bool,
        parent: QWidget | None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("profilesDialog")
        self.setWindowTitle(self.tr("Providers"))
        self.resize(820, 560)
        self.cfg = ProviderConfig(
            profiles=[copy.deepcopy(p) for p in cfg.profiles],
            chat_profile=cfg.chat_profile,
            tts_profile=cfg.tts_profile,
        )
        self.env = next((p for p in cfg.all_profiles() if p.from_env), None)
        self.keys = dict(keys)
        self.changed_keys: dict[str, str] = {}
        self.keyring_ok = keyring_ok
        self.current: Profile | None = None
        self._loading = False

        outer = QHBoxLayout(self)
        left = QVBoxLayout()
        self.list = QListWidget(self)
        self.list.setObjectName("profileList")
        self.list.currentItemChanged.connect(self._on_pick)
        left.addWidget(self.list, 1)
        row = QHBoxLayout()
        self.add_button = QToolButton(self)
        self.add_button.setObjectName("addProfileButton")
        self.add_button.setText(self.tr("Add"))
        self.add_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.add_button)
        for p in (LOCAL_PRESET, *PRESETS):
            act = menu.addAction(tr_text(p.name))
            act.setData(p.key)
        menu.triggered.connect(lambda a: self.add_profile(str(a.data())))
        self.add_button.setMenu(menu)
        self.remove_button = QPushButton(self.tr("Remove"), self)
        self.remove_button.setObjectName("removeProfileButton")
        self.remove_button.clicked.connect(self.remove_profile)
        row.addWidget(self.add_button)
        row.addWidget(self.remove_button)
        left.addLayout(row)
        outer.addLayout(left, 1)

        right = QVBoxLayout()
        form = QFormLayout()
        self.preset_box = QComboBox(self)
        self.preset_box.setObjectName("profilePreset")
        for p in (LOCAL_PRESET, *PRESETS):
            self.preset_box.addItem(tr_text(p.name), p.key)
        self.preset_box.activated.connect(self._on_preset)
        form.addRow(self.tr("Kind"), self.preset_box)
        self.preset_note = QLabel(self)
        self.preset_note.setWordWrap(True)
        theme.tint(self.preset_note, "muted")
        form.addRow("", self.preset_note)
        self.name = QLineEdit(self)
        self.name.setObjectName("profileName")
        form.addRow(self.tr("Name"), self.name)
        self.base_url = QLineEdit(self)
        self.base_url.setObjectName("profileBaseUrl")
        form.addRow(self.tr("Base URL"), self.base_url)
        self.api_version = QLineEdit(self)
        self.api_version.setObjectName("profileApiVersion")
        self.api_version.setPlaceholderText("2024-10-21")
        form.addRow(self.tr("API version (Azure)"), self.api_version)
        key_row = QHBoxLayout()
        self.key = QLineEdit(self)
        self.key.setObjectName("profileKey")
        self.key.setEchoMode(QLineEdit.EchoMode.Password)
        self.reveal = QToolButton(self)
        self.reveal.setObjectName("profileKeyReveal")
        self.reveal.setText(self.tr("Show"))
        self.reveal.setCheckable(True)
        self.reveal.toggled.connect(
            lambda on: self.key.setEchoMode(
                QLineEdit.EchoMode.Normal if on else QLineEdit.EchoMode.Password
            )
        )
        key_row.addWidget(self.key, 1)
        key_row.addWidget(self.reveal)
        form.addRow(self.tr("API key"), key_row)
        self.key_status = QLabel(self)
        self.key_status.setObjectName("profileKeyStatus")
        self.key_status.setWordWrap(True)
        form.addRow("", self.key_status)
        self.key_in_file = QCheckBox(
            self.tr("No keychain here: store the key in a file only you can read"), self
        )
        self.key_in_file.setObjectName("profileKeyInFile")
        form.addRow("", self.key_in_file)
        self.http_warning = QLabel(self)
        self.http_warning.setObjectName("profileHttpWarning")
        self.http_warning.setWordWrap(True)
        theme.tint(self.http_warning, "error")
        form.addRow("", self.http_warning)
        model_row = QHBoxLayout()
        self.local_model = QLineEdit(self)
        self.local_model.setObjectName("profileLocalModel")
        self.local_model.setPlaceholderText(self.tr("the bundled SmolLM2-135M"))
        browse = QToolButton(self)
        browse.setObjectName("profileLocalBrowse")
        browse.setText(self.tr("Choose…"))
        browse.clicked.connect(self._browse_model)
        model_row.addWidget(self.local_model, 1)
        model_row.addWidget(browse)
        self.local_model_label = QLabel(self.tr("GGUF model file"), self)
        form.addRow(self.local_model_label, model_row)
        self._local_rows: list[QWidget] = [self.local_model, browse, self.local_model_label]
        self.local_ctx = QSpinBox(self)
        self.local_ctx.setObjectName("profileLocalCtx")
        self.local_ctx.setRange(256, 131072)
        self.local_ctx.setSingleStep(512)
        self.local_threads = QSpinBox(self)
        self.local_threads.setObjectName("profileLocalThreads")
        self.local_threads.setRange(0, 256)
        self.local_threads.setSpecialValueText(self.tr("automatic"))
        for label, spin in (
            (self.tr("Context size"), self.local_ctx),
            (self.tr("Threads"), self.local_threads),
        ):
            lab = QLabel(label, self)
            form.addRow(lab, spin)
            self._local_rows += [lab, spin]
        self.default_model = QLineEdit(self)
        self.default_model.setObjectName("profileDefaultModel")
        form.addRow(self.tr("Default model"), self.default_model)
        self.headers = QPlainTextEdit(self)
        self.headers.setObjectName("profileHeaders")
        self.headers.setPlaceholderText(self.tr("Header-Name: value (one per line)"))
        self.headers.setMaximumHeight(70)
        form.addRow(self.tr("Extra headers"), self.headers)
        self.timeout = QDoubleSpinBox(self)
        self.timeout.setObjectName("profileTimeout")
        self.timeout.setRange(5, 3600)
        self.timeout.setSuffix(self.tr(" s"))
        form.addRow(self.tr("Read timeout"), self.timeout)
        self.proxy = QLineEdit(self)
        self.proxy.setObjectName("profileProxy")
        self.proxy.setPlaceholderText(self.tr("http://proxy:3128 (empty: system settings)"))
        form.addRow(self.tr("Proxy"), self.proxy)
        right.addLayout(form)
        test_row = QHBoxLayout()
        self.test_button = QPushButton(self.tr("Test connection"), self)
        self.test_button.setObjectName("testConnectionButton")
        self.test_button.clicked.connect(self.request_test)
        self.test_result = QLabel(self)
        self.test_result.setObjectName("testConnectionResult")
        self.test_result.setWordWrap(True)
        self.test_result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        test_row.addWidget(self.test_button)
        test_row.addWidget(self.test_result, 1)
        right.addLayout(test_row)
        right.addStretch(1)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        right.addWidget(buttons)
        outer.addLayout(right, 2)

        self.base_url.textChanged.connect(self._update_warnings)
        self.key.textChanged.connect(self._update_warnings)
        self.headers.textChanged.connect(self._update_warnings)
        self._fill_list(cfg.chat_profile)

    # -- list -----------------------------------------------------------------------------
    def profiles(self) -> list[Profile]:
        return ([self.env] if self.env else []) + self.cfg.profiles

    def _fill_list(self, select: str = "") -> None:
        self.list.blockSignals(True)
        self.list.clear()
        for p in self.profiles():
            item = QListWidgetItem(tr_text(p.name), self.list)
            item.setData(ID_ROLE, p.id)
        self.list.blockSignals(False)
        ids = [p.id for p in self.profiles()]
        row = ids.index(select) if select in ids else 0
        if ids:
            self.list.setCurrentRow(row)
            self._on_pick(self.list.currentItem(), None)

    def _profile(self, pid: str) -> Profile | None:
        return next((p for p in self.profiles() if p.id == pid), None)

    def _on_pick(self, item: QListWidgetItem | None, _prev: object) -> None:
        self._store_form()
        self.current = self._profile(item.data(ID_ROLE)) if item is not None else None
        self._load_form()

    def add_profile(self, preset_key: str) -> Profile:
        self._store_form()
        p = new_profile(preset_key, tr_text(preset(preset_key).name))
        self.cfg.profiles.append(p)
        self._fill_list(p.id)
        return p

    def remove_profile(self) -> None:
        p = self.current
        if p is None or p.from_env:
            return
        self.cfg.profiles = [x for x in self.cfg.profiles if x.id != p.id]
        self.changed_keys[p.id] = ""  # forget its key too
        self.current = None
        self._fill_list()

    # -- form -----------------------------------------------------------------------------
    def _load_form(self) -> None:
        p = self.current
        self._loading = True
        editable = p is not None and not p.from_env
        for w in (
            self.preset_box,
            self.name,
            self.base_url,
            self.api_version,
            self.key,
            self.default_model,
            self.headers,
            self.timeout,
            self.proxy,
        ):
            w.setEnabled(editable)
        self.remove_button.setEnabled(editable)
        if p is None:
            self._loading = False
            return
        pre = preset(p.preset)
        self.preset_box.setCurrentIndex(max(0, self.preset_box.findData(pre.key)))
        self.preset_note.setText(tr_text(pre.notes))
        self.name.setText(tr_text(p.name))
        self.base_url.setText(p.base_url)
        self.api_version.setText(p.api_version)
        self.api_version.setVisible(pre.auth == "azure")
        self.key.setText(self.changed_keys.get(p.id, self.keys.get(p.id) or ""))
        self.default_model.setText(p.default_model)
        self.headers.setPlainText("\n".join(f"{k}: {v}" for k, v in p.extra_headers.items()))
        self.timeout.setValue(p.timeout)
        self.proxy.setText(p.proxy)
        self.local_model.setText(p.local_model)
        self.local_ctx.setValue(p.local_ctx)
        self.local_threads.setValue(p.local_threads)
        self._show_local(pre.key == "local")
        self.key_in_file.setChecked(p.key_in_file)
        self.key_in_file.setVisible(not self.keyring_ok and not p.from_env)
        if p.from_env:
            self.key_status.setText(
                self.tr("Set by OPENAI_BASE_URL / OPENAI_API_KEY in the environment.")
            )
        elif self.keyring_ok:
            self.key_status.setText(self.tr("The key is kept in the system keychain."))
        else:
            self.key_status.setText(
                self.tr(
                    "No system keychain is available: the key is kept only while Chatterdesk "
                    "runs, unless you choose the file below."
                )
            )
        self.test_result.clear()
        self._loading = False
        self._update_warnings()

    def _store_form(self) -> None:
        p = self.current
        if p is None or p.from_env or self._loading:
            return
        p.preset = str(self.preset_box.currentData() or "custom")
        p.name = self.name.text().strip() or tr_text(preset(p.preset).name)
        p.base_url = self.base_url.text().strip()
        p.api_version = self.api_version.text().strip()
        p.default_model = self.default_model.text().strip()
        p.extra_headers = parse_headers(self.headers.toPlainText())
        p.timeout = self.timeout.value()
        p.proxy = self.proxy.text().strip()
        p.key_in_file = self.key_in_file.isChecked()
        p.local_model = self.local_model.text().strip()
        p.local_ctx = self.local_ctx.value()
        p.local_threads = self.local_threads.value()
        typed = self.key.text().strip()
        if typed != (self.keys.get(p.id) or ""):
            self.changed_keys[p.id] = typed
        item = self.list.currentItem()
        if item is not None and item.data(ID_ROLE) == p.id:
            item.setText(p.name)

    def _on_preset(self, _index: int) -> None:
        p = self.current
        if p is None:
            return
        old = preset(p.preset)
        new = preset(str(self.preset_box.currentData()))
        if not self.base_url.text().strip() or self.base_url.text().strip() == old.base_url:
            self.base_url.setText(new.base_url)
        if not self.name.text().strip() or self.name.text().strip() in (
            old.name,
            tr_text(old.name),
        ):
            self.name.setText(tr_text(new.name))
        if not self.default_model.text().strip():
            self.default_model.setText(new.default_model)
        self.preset_note.setText(tr_text(new.notes))
        self.api_version.setVisible(new.auth == "azure")
        self._show_local(new.key == "local")
        self._store_form()

    def _show_local(self, local: bool) -> None:
        """The local model has a file, a context size and threads instead of a URL and key."""
        for w in self._local_rows:
            w.setVisible(local)
        for w in (self.base_url, self.key, self.reveal, self.test_button):
            w.setEnabled(not local and (self.current is None or not self.current.from_env))
        if local:
            self.key_status.setText(
                self.tr("The app starts this model itself, with a new private key each time.")
            )

    def _browse_model(self) -> None:
        dlg = QFileDialog(self, self.tr("Choose a GGUF model"))
        dlg.setObjectName("ggufDialog")
        dlg.setNameFilter(self.tr("GGUF models (*.gguf);;All files (*)"))
        dlg.setOption(QFileDialog.Option.DontUseNativeDialog, True)
        dlg.setFileMode(QFileDialog.FileMode.ExistingFile)
        dlg.fileSelected.connect(self.local_model.setText)
        dlg.open()

    def _update_warnings(self) -> None:
        has_key = bool(self.key.text().strip())
        warnings = []
        if plain_http_key_warning(self.base_url.text().strip(), has_key):
            warnings.append(
                self.tr(
                    "Warning: this key would be sent unencrypted (plain http) to a computer "
                    "that is not this one. Use https."
                )
            )
        if any(secret_header(n) for n in parse_headers(self.headers.toPlainText())):
            warnings.append(
                self.tr(
                    "Extra headers are saved as plain text. Put keys in the API key field, "
                    "which goes to the keychain."
                )
            )
        self.http_warning.setText("\n".join(warnings))
        self.http_warning.setVisible(bool(warnings))

    # -- test and accept ------------------------------------------------------------------
    def request_test(self) -> None:
        self._store_form()
        if self.current is None:
            return
        self.test_result.setText(self.tr("Testing…"))
        key = self.key.text().strip()
        if self.current.from_env:
            key = self.keys.get(self.current.id) or ""
        self.testRequested.emit(copy.deepcopy(self.current), key)

    def show_test_result(self, text: str, ok: bool) -> None:
        theme.tint(self.test_result, "success" if ok else "error")
        self.test_result.setText(text)

    def _accept(self) -> None:
        self._store_form()
        if self.current is not None:
            self.cfg.chat_profile = self.current.id
        self.applied.emit(self.cfg, dict(self.changed_keys))
        self.accept()
