"""The Playground side of the main window: inspector, choices, probabilities, token and cost
counts, prices. Kept apart from main_window so that file stays about the chat itself.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtGui import QAction, QKeySequence

from app.core.conversation import Message
from app.core.pricing import Count, Counter, PriceTable, format_cost

if TYPE_CHECKING:
    from .compare import CompareWindow
    from .main_window import MainWindow

_SECRET_HEADER = re.compile(r"auth|key|token|secret|cookie|password", re.IGNORECASE)


def masked_headers(headers: dict[str, str]) -> dict[str, str]:
    """Headers as shown to the user: anything that can hold a secret is hidden."""
    return {
        k: (
            "•••••• " + QCoreApplication.translate("Playground", "(hidden)")
            if _SECRET_HEADER.search(k)
            else v
        )
        for k, v in headers.items()
    }


class Playground(QObject):
    def __init__(self, win: MainWindow) -> None:
        super().__init__(win)
        self.win = win
        self.prices = PriceTable(win.paths.config / "prices.json")
        self.counter = Counter(self.prices, _estimate_tokens)
        win.view.meta_text = self.message_meta
        self._choices: dict[str, Any] = {}  # group -> open ChoicesDialog
        self._auto_opened: set[str] = set()
        menu = win.menu_playground  # its title is in the first frame
        self.act_inspect = QAction(self.tr("&Inspect last answer…"), win)
        self.act_inspect.setObjectName("inspectAction")
        self.act_inspect.setShortcut(QKeySequence("Ctrl+I"))
        self.act_inspect.triggered.connect(self.inspect_last)
        menu.addAction(self.act_inspect)
        self.act_prices = QAction(self.tr("Token &prices…"), win)
        self.act_prices.setObjectName("pricesAction")
        self.act_prices.triggered.connect(self.open_prices)
        menu.addAction(self.act_prices)
        self.act_compare = QAction(self.tr("&Compare two models…"), win)
        self.act_compare.setObjectName("compareAction")
        self.act_compare.setShortcut(QKeySequence("Ctrl+Shift+K"))
        self.act_compare.triggered.connect(self.open_compare)
        menu.addAction(self.act_compare)
        self.act_code = QAction(self.tr("Copy as &code…"), win)
        self.act_code.setObjectName("copyAsCodeAction")
        self.act_code.setShortcut(QKeySequence("Ctrl+Shift+C"))
        self.act_code.triggered.connect(self.open_code)
        menu.addAction(self.act_code)
        self.menu = menu
        self.compare: CompareWindow | None = None
        win.controller.choicesChanged.connect(self._on_choices_changed)

    # -- inspector ------------------------------------------------------------------------
    def request_body(self, msg: Message) -> dict[str, Any] | None:
        """The body sent for this answer: the stored request with the messages put back."""
        if msg.request is None:
            return None
        conv = self.win.controller.conversation
        history: list[dict[str, Any]] = []
        if conv.system_prompt.strip():
            history.append({"role": "system", "content": conv.system_prompt})
        path: list[Message] = []
        node = conv.nodes.get(msg.parent) if msg.parent else None
        seen: set[str] = set()
        while node is not None and node.id not in seen:
            seen.add(node.id)
            path.append(node)
            node = conv.nodes.get(node.parent) if node.parent else None
        for m in reversed(path):
            if m.role == "assistant" and not m.content:
                continue
            history.append({"role": m.role, "content": m.content})
        body = dict(msg.request)
        return {"model": body.pop("model", msg.model), "messages": history, **body}

    def open_inspector(self, message_id: str) -> Any:
        from .inspector import InspectorDialog

        w = self.win
        conv = w.controller.conversation
        msg = conv.nodes.get(message_id)
        if msg is None:
            return None
        url, headers = "", {}
        try:
            client = w.client()
            url = client.url(client.endpoint("chat/completions", msg.model or ""))
            headers = masked_headers(client.headers())
            headers["Content-Type"] = "application/json"
        except Exception:  # no usable profile: the body alone is still worth showing
            pass
        choices = w.controller.choices_of(msg.id)
        dlg = InspectorDialog(
            msg,
            url=url,
            headers=headers,
            body=self.request_body(msg),
            chunks=w.controller.raw_chunks.get(msg.choice_group or msg.id),
            count=self.count(msg),
            of_n=len(choices),
            parent=w,
        )
        w._keep_dialog(dlg)
        dlg.open()
        return dlg

    def inspect_last(self) -> Any:
        for m in reversed(self.win.controller.conversation.messages):
            if m.role == "assistant":
                return self.open_inspector(m.id)
        self.win.statusBar().showMessage(self.tr("There is no answer to inspect yet."), 5000)
        return None

    # -- token probabilities --------------------------------------------------------------
    def open_logprobs(self, message_id: str) -> Any:
        from app.core.logprobs import from_chat

        from .heatmap import LogprobsDialog

        msg = self.win.controller.conversation.nodes.get(message_id)
        if msg is None:
            return None
        tokens = from_chat(msg.logprobs)
        if not tokens:
            self.win.statusBar().showMessage(
                self.tr("This answer has no token probabilities. Check logprobs and send again."),
                8000,
            )
            return None
        title = self.tr("{0} · {1} tokens").format(msg.model or self.tr("answer"), len(tokens))
        dlg = LogprobsDialog(tokens, title, parent=self.win)
        self.win._keep_dialog(dlg)
        dlg.open()
        return dlg

    # -- n choices ------------------------------------------------------------------------
    def _on_choices_changed(self, group: str) -> None:
        if group not in self._auto_opened:
            self._auto_opened.add(group)
            self.open_choices(group)

    def open_choices(self, message_id: str) -> Any:
        from .choices_dialog import ChoicesDialog

        conv = self.win.controller.conversation
        msg = conv.nodes.get(message_id)
        group = msg.choice_group if msg is not None and msg.choice_group else message_id
        dlg = self._choices.get(group)
        if dlg is None:
            dlg = ChoicesDialog(self.win.controller, group, self.win)
            self._choices[group] = dlg
            dlg.finished.connect(lambda _r: self._choices.pop(group, None))
            self.win._keep_dialog(dlg)
        dlg.show()
        dlg.raise_()
        return dlg

    def open_code(self) -> Any:
        from .code_dialog import open_code_dialog

        return open_code_dialog(self.win)

    # -- compare --------------------------------------------------------------------------
    def _compare_context(self) -> tuple[str, list[dict[str, Any]]]:
        """The system prompt and the conversation so far without it (the window adds it)."""
        conv = self.win.controller.conversation
        history = conv.request_messages()
        if conv.system_prompt.strip() and history and history[0].get("role") == "system":
            history = history[1:]
        return self.win.system_prompt.toPlainText(), history

    def open_compare(self) -> CompareWindow:
        """One prompt to two models (or parameter sets) side by side, in this conversation's
        context; reopening refreshes the context and keeps what was typed."""
        from .compare import CompareWindow

        win = self.win
        system, history = self._compare_context()
        w = self.compare
        if w is not None:
            if not w.running:
                w.set_context(system, history, win.params.values())
            w.show()
            w.raise_()
            w.activateWindow()
            return w
        current = win.model_picker.currentText().strip()
        models = [m for m in win.visible_models() if m != current]
        if current:
            models.insert(0, current)
        w = CompareWindow(
            win.tasks,
            win.client,
            models,
            system,
            history,
            win.params.values(),
            stream=win.params.stream,
            include_usage=win.params.include_usage,
            before_request=win.ensure_ready,
            parent=win,
            rules=win.rules,
        )
        w.chosen.connect(self._on_compare_chosen)
        self.compare = w
        w.show()
        return w

    def _on_compare_chosen(self, model: str, prompt: str, answer: str) -> None:
        """The prompt and the chosen answer join the conversation, with its usage and timings."""
        win = self.win
        if win.controller.busy:
            win.statusBar().showMessage(self.tr("Wait for the current answer to finish."), 8000)
            return
        win._stamp_conversation()
        c = win.controller
        c.add_message("user", prompt)
        index = c.add_message("assistant", answer)
        msg = c.conversation.messages[index]
        msg.model = model
        w = self.compare
        run = w.last_chosen if w is not None else None
        if run is not None:
            msg.params = dict(run.params)
            msg.reasoning = run.reasoning
            msg.finish_reason = run.finish_reason
            msg.usage = run.usage
            msg.ttft = run.ttft
            msg.total_time = run.total
            msg.chunks = run.chunks
            msg.request = dict(run.request)
        c.conversation.touch()
        c.messageChanged.emit(index)
        c.conversationEdited.emit()
        if w is not None:
            system, history = self._compare_context()
            w.set_context(system, history, win.params.values())
        win.status_usage.setText(self.usage_text(msg))
        win.statusBar().showMessage(self.tr("The answer of {0} was added.").format(model), 5000)

    def close_windows(self) -> None:
        if self.compare is not None:
            self.compare.close()

    # -- tokens and cost ------------------------------------------------------------------
    def count(self, msg: Message) -> Count | None:
        return self.counter.message(self.win.controller.conversation, msg)

    def _speed(self, msg: Message) -> float | None:
        """Tokens per second, from the token count shown beside it when the server sent no
        usage (the message's own figure counts chunks)."""
        tps = msg.tokens_per_second
        u = msg.usage or {}
        if tps is not None and not isinstance(u.get("completion_tokens"), int) and msg.chunks:
            tps *= self.counter.answer_tokens(msg) / msg.chunks
        return tps

    def message_meta(self, msg: Message) -> str:
        """The small line under an answer: its tokens, cost, speed, and an unusual finish.

        Only the server's usage is priced here; an estimate would need the whole prompt counted
        for every message of a long conversation on each render."""
        parts = []
        u = msg.usage or {}
        total = u.get("total_tokens")
        if isinstance(total, int) and not isinstance(total, bool):
            parts.append(self.tr("{0} tokens").format(total))
            price = self.prices.price_for(msg.model)
            p, c = u.get("prompt_tokens"), u.get("completion_tokens")
            if price is not None and isinstance(p, int) and isinstance(c, int):
                parts.append(format_cost(price.cost(p, c)))
        elif msg.content or msg.reasoning:
            parts.append(self.tr("≈{0} tokens").format(self.counter.answer_tokens(msg)))
        tps = self._speed(msg)
        if tps is not None:
            parts.append(self.tr("{0:.1f} tokens/s").format(tps))
        if msg.finish_reason and msg.finish_reason != "stop":
            parts.append(self.tr("finish: {0}").format(msg.finish_reason))
        return " · ".join(parts)

    def usage_text(self, msg: Message) -> str:
        """The status line after an answer: its tokens and cost, then the conversation's."""
        parts = []
        c = self.count(msg)
        if c is not None:
            approx = "≈" if c.estimated else ""
            parts.append(
                self.tr("{0}{1} prompt + {2} completion = {3} tokens").format(
                    approx, c.prompt, c.completion, c.total
                )
            )
            if c.cost is not None:
                parts.append(approx + format_cost(c.cost))
        if msg.ttft is not None:
            parts.append(self.tr("first token {0:.2f} s").format(msg.ttft))
        tps = self._speed(msg)
        if tps is not None:
            parts.append(self.tr("{0:.1f} tokens/s").format(tps))
        if msg.finish_reason:
            parts.append(self.tr("finish: {0}").format(msg.finish_reason))
        total = self.counter.conversation(self.win.controller.conversation)
        if total.total:
            approx = "≈" if total.estimated else ""
            conv = self.tr("conversation: {0}{1} tokens").format(approx, total.total)
            if total.cost is not None:
                conv += " " + approx + format_cost(total.cost)
            parts.append(conv)
        return " · ".join(parts)

    def open_prices(self) -> Any:
        from .prices_dialog import PricesDialog

        dlg = PricesDialog(self.prices, self.win.model_picker.currentText().strip(), self.win)
        self.win._keep_dialog(dlg)
        dlg.open()
        return dlg


def _estimate_tokens(text: str) -> int:
    """Token estimates for servers that send no usage: counted from the text's make-up, not with
    a BPE (app.core.tokens.estimate_count says why); imported on the first such answer."""
    from app.core.tokens import estimate_count

    return estimate_count(text)
