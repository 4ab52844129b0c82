"""A QTextBrowser that never loads a resource: rendered Markdown must not fetch anything
(no remote images, no local files), and links open only where the owner decides."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QTextBrowser, QWidget


class SafeBrowser(QTextBrowser):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)

    def loadResource(self, type: int, name: Any) -> Any:
        return None
