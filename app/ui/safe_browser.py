"""A QTextBrowser that never loads a resource: rendered Markdown must not fetch anything
(no remote images, no local files), and only http(s)/mailto links open, in the system browser."""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QTextBrowser, QWidget

from app.core.markdown import is_safe_link

log = logging.getLogger("chatterdesk.ui")


class SafeBrowser(QTextBrowser):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.anchorClicked.connect(self._on_anchor)

    def loadResource(self, type: int, name: Any) -> Any:
        log.info("refused to load a resource: %s", name)
        return None

    def _on_anchor(self, url: QUrl) -> None:
        if is_safe_link(url.toString()):
            QDesktopServices.openUrl(url)
        else:
            log.warning("refused to open link %r", url.toString())
