"""Help → About Chatterdesk: the version, what it runs on, the bundled libraries and their
licenses, and where its files are kept (with buttons that open those folders).

Everything shown can be copied as plain text, which is what a bug report needs.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, QUrl, qVersion
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app import __version__
from app.core.licenses import Library, libraries, platform_text
from app.core.paths import AppPaths

from .i18n import tr_text


@dataclass(frozen=True)
class Place:
    key: str  # stable id, used in object names: config, conversations, logs, keys
    label: str
    text: str  # what is shown: a path, or words
    folder: Path | None  # what "Open" opens (disabled while it does not exist)
    openable: bool = True  # False: words, not a place on disk (no Open button)


def runtime_versions() -> list[tuple[str, str]]:
    import platform

    import PySide6

    return [
        ("Chatterdesk", __version__),
        ("Python", f"{platform.python_version()} ({platform.python_implementation()})"),
        ("Qt", qVersion()),
        ("PySide6", PySide6.__version__),
        (QCoreApplication.translate("AboutDialog", "Platform"), platform_text()),
    ]


class AboutDialog(QDialog):
    def __init__(
        self,
        paths: AppPaths,
        keys_text: str,
        key_file: Path | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("aboutDialog")
        self.setWindowTitle(self.tr("About Chatterdesk"))
        self.resize(660, 480)
        self.paths = paths
        self.versions = runtime_versions()
        self.libraries: list[Library] = libraries(qVersion())
        self.places = [
            Place("config", self.tr("Settings"), str(paths.config), paths.config),
            Place(
                "conversations",
                self.tr("Conversations"),
                str(paths.conversations),
                paths.conversations,
            ),
            Place("logs", self.tr("Logs and crash reports"), str(paths.logs), paths.logs),
            Place("keys", self.tr("API keys"), keys_text, None, openable=False),
        ]
        if key_file is not None:  # only used when the user opted in to it
            folder = key_file.parent if key_file.parent.is_dir() else None
            self.places.append(
                Place("keyFile", self.tr("Key file (if chosen)"), str(key_file), folder)
            )
        self.opened: list[str] = []  # folders asked to open (what the buttons did)

        lay = QVBoxLayout(self)
        title = QLabel(f"Chatterdesk {__version__}", self)
        title.setObjectName("aboutTitle")
        f = title.font()
        f.setPointSizeF(f.pointSizeF() * 1.5)
        f.setBold(True)
        title.setFont(f)
        lay.addWidget(title)
        blurb = QLabel(
            self.tr(
                "A desktop playground for OpenAI-compatible APIs: chat, every request "
                "parameter, speech, and conversations kept as readable files."
            ),
            self,
        )
        blurb.setWordWrap(True)
        lay.addWidget(blurb)

        tabs = QTabWidget(self)
        tabs.setObjectName("aboutTabs")
        tabs.addTab(self._build_overview(), self.tr("Versions and files"))
        tabs.addTab(self._build_libraries(), self.tr("Libraries and licenses"))
        lay.addWidget(tabs, 1)

        self.note = QLabel(self)
        self.note.setObjectName("aboutNote")
        self.note.setWordWrap(True)
        self.note.hide()
        lay.addWidget(self.note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.copy_button = QPushButton(self.tr("Copy all"), self)
        self.copy_button.setObjectName("aboutCopyButton")
        self.copy_button.setToolTip(self.tr("Copy versions, folders and licenses as text"))
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.copy_button.clicked.connect(self.copy)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)

    # -- building -------------------------------------------------------------------------
    def _build_overview(self) -> QWidget:
        page = QWidget(self)
        lay = QVBoxLayout(page)
        grid = QGridLayout()
        for row, (name, value) in enumerate(self.versions):
            grid.addWidget(QLabel(name, page), row, 0)
            val = QLabel(value, page)
            val.setObjectName(f"aboutVersion_{name}")
            val.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            grid.addWidget(val, row, 1)
        grid.setColumnStretch(1, 1)
        lay.addLayout(grid)
        head = QLabel(self.tr("Where Chatterdesk keeps its files"), page)
        f = head.font()
        f.setBold(True)
        head.setFont(f)
        lay.addSpacing(8)
        lay.addWidget(head)
        places = QGridLayout()
        for row, place in enumerate(self.places):
            places.addWidget(QLabel(place.label, page), row, 0)
            field = QLineEdit(place.text, page)
            field.setObjectName(f"aboutPath_{place.key}")
            field.setReadOnly(True)
            field.setCursorPosition(0)
            field.setAccessibleName(place.label)
            places.addWidget(field, row, 1)
            if not place.openable:
                continue
            button = QPushButton(self.tr("Open"), page)
            button.setObjectName(f"aboutOpen_{place.key}")
            button.setAccessibleName(self.tr("Open the folder: {0}").format(place.label))
            button.setToolTip(self.tr("Open this folder in the file manager"))
            button.setEnabled(place.folder is not None)
            button.clicked.connect(lambda _=False, p=place: self.open_folder(p))
            places.addWidget(button, row, 2)
        places.setColumnStretch(1, 1)
        lay.addLayout(places)
        lay.addStretch(1)
        return page

    def _build_libraries(self) -> QWidget:
        page = QWidget(self)
        lay = QVBoxLayout(page)
        self.table = QTableWidget(len(self.libraries), 3, page)
        self.table.setObjectName("aboutLicenses")
        self.table.setAccessibleName(self.tr("Bundled libraries and their licenses"))
        self.table.setHorizontalHeaderLabels(
            [self.tr("Name"), self.tr("Version"), self.tr("License")]
        )
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        for i, lib in enumerate(self.libraries):
            for col, text in enumerate((lib.name, lib.version, lib.license)):
                item = QTableWidgetItem(tr_text(text))
                if lib.note:
                    item.setToolTip(tr_text(lib.note))
                self.table.setItem(i, col, item)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.resizeRowsToContents()
        lay.addWidget(self.table, 1)
        note = QLabel(
            self.tr(
                "Qt and PySide6 are used under the GNU LGPL version 3. Each library's license "
                "text is in its package folder."
            ),
            page,
        )
        note.setWordWrap(True)
        lay.addWidget(note)
        return page

    # -- actions --------------------------------------------------------------------------
    def text(self) -> str:
        """Everything the dialog shows, as plain text."""
        lines = [f"Chatterdesk {__version__}", ""]
        lines += [f"{name}: {value}" for name, value in self.versions if name != "Chatterdesk"]
        lines += ["", self.tr("Files:")]
        lines += [f"  {p.label}: {p.text}" for p in self.places]
        lines += ["", self.tr("Libraries:")]
        for lib in self.libraries:
            version = f" {tr_text(lib.version)}" if lib.version else ""
            note = f" ({tr_text(lib.note)})" if lib.note else ""
            lines.append(f"  {lib.name}{version}: {tr_text(lib.license)}{note}")
        return "\n".join(lines) + "\n"

    def copy(self) -> None:
        clip = QGuiApplication.clipboard()
        if clip is not None:
            clip.setText(self.text())
        self._say(self.tr("Copied."))

    def open_folder(self, place: Place) -> bool:
        folder = place.folder
        if folder is None:
            return False
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            self._say(self.tr("Cannot open {0}: {1}").format(folder, exc.strerror or exc))
            return False
        self.opened.append(str(folder))
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder))):
            self._say(self.tr("No file manager could open {0}.").format(folder))
            return False
        return True

    def _say(self, text: str) -> None:
        self.note.setText(text)
        self.note.show()
