"""The response inspector: what was sent and what came back for one message.

The request is shown as the body the app sent (the `messages` rebuilt from the conversation
path, since files keep them once, not per answer) with the URL and headers; the key is never in
the body and its header is shown masked. Raw chunks exist only for answers received in this
session (they are not written to the file).
"""

from __future__ import annotations

import json
import time
from typing import Any

from PySide6.QtGui import QFontDatabase, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.core.conversation import Message
from app.core.pricing import Count, format_cost


def _json(obj: Any) -> str:
    return json.dumps(obj, indent=2, ensure_ascii=False)


def _date(ts: Any) -> str:
    if not isinstance(ts, (int, float)) or isinstance(ts, bool):
        return ""
    try:
        local = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(ts))
    except (OverflowError, OSError, ValueError):
        return str(ts)
    return f"{local} ({int(ts)})"


class InspectorDialog(QDialog):
    def __init__(
        self,
        msg: Message,
        *,
        url: str = "",
        headers: dict[str, str] | None = None,
        body: dict[str, Any] | None = None,
        chunks: list[dict[str, Any]] | None = None,
        count: Count | None = None,
        of_n: int = 1,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("inspectorDialog")
        self.setWindowTitle(self.tr("Inspect message"))
        self.resize(760, 620)
        self.msg = msg
        lay = QVBoxLayout(self)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("inspectorTabs")
        lay.addWidget(self.tabs, 1)

        self.overview = QTableWidget(0, 2, self)
        self.overview.setObjectName("inspectorOverview")
        self.overview.setHorizontalHeaderLabels([self.tr("Field"), self.tr("Value")])
        self.overview.verticalHeader().hide()
        self.overview.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.overview.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for name, value in self._rows(msg, count, of_n):
            r = self.overview.rowCount()
            self.overview.insertRow(r)
            self.overview.setItem(r, 0, QTableWidgetItem(name))
            self.overview.setItem(r, 1, QTableWidgetItem(value))
        self.overview.resizeColumnToContents(0)
        self.tabs.addTab(self.overview, self.tr("Overview"))

        if body is not None:
            head = f"POST {url}\n" + "".join(f"{k}: {v}\n" for k, v in (headers or {}).items())
            request_text = head + "\n" + _json(body)
        else:
            request_text = self.tr("This message was written here, not received from a server.")
        self.request = self._text("inspectorRequest", request_text)
        self.tabs.addTab(self.request, self.tr("Request"))

        if msg.response is not None:
            response_text = _json(msg.response)
            if "chunks" in msg.response and msg.response.get("object") == "chat.completion":
                response_text = (
                    self.tr("Assembled from {0} streamed chunks:").format(msg.response["chunks"])
                    + "\n"
                    + response_text
                )
        else:
            response_text = self.tr("No response was recorded for this message.")
        self.response = self._text("inspectorResponse", response_text)
        self.tabs.addTab(self.response, self.tr("Response"))

        if chunks:
            chunk_text = "\n".join("data: " + json.dumps(c, ensure_ascii=False) for c in chunks)
        else:
            chunk_text = self.tr(
                "The raw chunks are kept only for answers streamed since Chatterdesk started."
            )
        self.chunks = self._text("inspectorChunks", chunk_text)
        self.tabs.addTab(self.chunks, self.tr("Chunks"))

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.copy_button = QPushButton(self.tr("Copy this tab"), self)
        self.copy_button.setObjectName("inspectorCopyButton")
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.copy_button.clicked.connect(self.copy_tab)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)

    def _text(self, name: str, text: str) -> QPlainTextEdit:
        edit = QPlainTextEdit(self)
        edit.setObjectName(name)
        edit.setReadOnly(True)
        edit.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        edit.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        edit.setPlainText(text)
        return edit

    def _rows(self, msg: Message, count: Count | None, of_n: int) -> list[tuple[str, str]]:
        resp = msg.response or {}
        u = msg.usage or {}
        rows: list[tuple[str, str]] = [
            (self.tr("Role"), msg.role),
            (self.tr("Status"), msg.status),
            (self.tr("Response id"), str(resp.get("id") or msg.response_id or "")),
            (self.tr("Object"), str(resp.get("object") or "")),
            (self.tr("Created"), _date(resp.get("created"))),
            (self.tr("Model"), str(resp.get("model") or msg.model or "")),
            (self.tr("System fingerprint"), msg.system_fingerprint or ""),
            (self.tr("Finish reason"), msg.finish_reason or ""),
        ]
        if msg.choice_index is not None:
            rows.append((self.tr("Choice"), f"{msg.choice_index + 1} / {of_n}"))
        for key in ("prompt_tokens", "completion_tokens", "total_tokens"):
            if key in u:
                rows.append((key, str(u[key])))
        for key in ("prompt_tokens_details", "completion_tokens_details"):
            if isinstance(u.get(key), dict):
                rows.append((key, json.dumps(u[key])))
        if count is not None:
            if count.estimated:
                rows.append(
                    (
                        self.tr("Tokens (estimated here)"),
                        self.tr("{0} prompt + {1} completion").format(
                            count.prompt, count.completion
                        ),
                    )
                )
            rows.append((self.tr("Cost"), format_cost(count.cost) or self.tr("no price set")))
        if msg.ttft is not None:
            rows.append((self.tr("Time to first token"), f"{msg.ttft:.3f} s"))
        if msg.total_time is not None:
            rows.append((self.tr("Total time"), f"{msg.total_time:.3f} s"))
        tps = msg.tokens_per_second
        if tps is not None:
            rows.append((self.tr("Tokens per second"), f"{tps:.1f}"))
        if msg.chunks:
            rows.append((self.tr("Content chunks"), str(msg.chunks)))
        return [(k, v) for k, v in rows if v]

    def value(self, field: str) -> str:
        """The overview's value for a field name, as shown."""
        for r in range(self.overview.rowCount()):
            name = self.overview.item(r, 0)
            if name is not None and name.text() == field:
                item = self.overview.item(r, 1)
                return item.text() if item is not None else ""
        return ""

    def copy_tab(self) -> None:
        w = self.tabs.currentWidget()
        if isinstance(w, QPlainTextEdit):
            text = w.toPlainText()
        else:
            text = "\n".join(
                f"{self.overview.item(r, 0).text()}\t{self.overview.item(r, 1).text()}"  # type: ignore[union-attr]
                for r in range(self.overview.rowCount())
            )
        clip = QGuiApplication.clipboard()
        if clip is not None:
            clip.setText(text)
