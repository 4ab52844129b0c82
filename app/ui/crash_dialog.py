"""The one dialog that shows crash reports (see `app.ui.crash`); imported at the first crash."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)


class CrashDialog(QDialog):
    """One dialog for every crash of this run: the latest report, and how often it happened."""

    def __init__(self, log_folder: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("crashDialog")
        self.setWindowTitle(self.tr("Chatterdesk: unexpected error"))
        self.setModal(False)
        self.resize(620, 420)
        self.log_folder = log_folder
        self.count = 0
        self.distinct = 0
        lay = QVBoxLayout(self)
        self.message = QLabel(
            self.tr(
                "Something went wrong inside Chatterdesk. It keeps running, and your "
                "conversation is saved as usual. If something looks wrong, restart it. The "
                "report below has no API key in it: copy it into a bug report if you like."
            ),
            self,
        )
        self.message.setObjectName("crashMessage")
        self.message.setWordWrap(True)
        lay.addWidget(self.message)
        self.counter = QLabel(self)
        self.counter.setObjectName("crashCounter")
        self.counter.hide()
        lay.addWidget(self.counter)
        self.report = QPlainTextEdit(self)
        self.report.setObjectName("crashReport")
        self.report.setReadOnly(True)
        self.report.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.report.setAccessibleName(self.tr("Crash report"))
        font = QGuiApplication.font()
        font.setFamily("monospace")
        font.setStyleHint(font.StyleHint.Monospace)
        self.report.setFont(font)
        lay.addWidget(self.report, 1)
        self.saved_label = QLabel(self)
        self.saved_label.setObjectName("crashSavedLabel")
        self.saved_label.setWordWrap(True)
        self.saved_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        lay.addWidget(self.saved_label)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.copy_button = QPushButton(self.tr("Copy report"), self)
        self.copy_button.setObjectName("crashCopyButton")
        self.open_button = QPushButton(self.tr("Open log folder"), self)
        self.open_button.setObjectName("crashOpenLogsButton")
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.open_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.copy_button.clicked.connect(self.copy)
        self.open_button.clicked.connect(self.open_logs)
        lay.addWidget(buttons)

    def add(self, report: str, file: Path | None, new: bool) -> None:
        """Show a report (a new kind of crash) or count one more of the same."""
        self.count += 1
        if new:
            self.distinct += 1
            self.report.setPlainText(report)
            if file is not None:
                self.saved_label.setText(self.tr("Saved as {0}").format(file))
            else:
                self.saved_label.setText(self.tr("Also written to the log file."))
        if self.count > 1:
            if self.distinct > 1:
                text = self.tr(
                    "This happened {0} times ({1} different errors; the latest is shown)."
                )
                self.counter.setText(text.format(self.count, self.distinct))
            else:
                self.counter.setText(self.tr("This happened {0} times.").format(self.count))
            self.counter.show()

    def copy(self) -> None:
        clip = QGuiApplication.clipboard()
        if clip is not None:
            clip.setText(self.report.toPlainText())

    def open_logs(self) -> bool:
        return QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.log_folder)))
