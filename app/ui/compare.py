"""Compare: one prompt, two models (or two parameter sets), both answers streamed side by side.

Both requests run at once, each in its own task, so a slow or failing side never holds up the
other. Each side shows its answer as Markdown (re-rendered at most ~30 times a second), its
finish reason, usage and timings. "Continue with this answer" hands the prompt and the chosen
answer back to the main window, which adds them to the conversation.
"""

from __future__ import annotations

import asyncio
import html
import json
import logging
import math
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeyEvent, QPalette
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from app.core.markdown import render_markdown
from app.core.model_rules import adapt, builtin
from app.core.params import validate_params

from . import theme
from .asyncbridge import TaskGroup
from .errors_text import describe_error, describe_local_error
from .safe_browser import SafeBrowser

if TYPE_CHECKING:
    from app.api.client import ApiClient
    from app.api.types import ChatChunk, ChatRequest
    from app.core.model_rules import Capabilities, RuleStore

log = logging.getLogger("chatterdesk.ui")

REPAINT_MS = 33  # at most ~30 renders a second per side while streaming


class OverridesError(ValueError):
    """The overrides a user typed cannot be sent; the message says why, in words."""


def _same_value(typed: Any, kept: Any) -> bool:
    """Did validate_params keep what the user typed (up to its rounding, or a lone stop string
    it wraps in a list)?"""
    numbers = (int, float)
    if isinstance(typed, numbers) and isinstance(kept, numbers):
        if isinstance(typed, bool) or isinstance(kept, bool):
            return typed is kept
        return math.isclose(float(typed), float(kept), rel_tol=0.0, abs_tol=1e-4)
    return bool(typed == kept or (isinstance(typed, str) and kept == [typed]))


def parse_overrides(text: str, base: dict[str, Any] | None = None) -> dict[str, Any]:
    """The JSON object typed in a side's parameter field; `null` removes a parameter.

    Raises OverridesError with a plain-language reason (never a traceback). The overrides are
    checked with validate_params on top of `base` (the panel's values, since one parameter can
    depend on another): a value it drops or changes (unknown name, wrong type, out of range) is
    refused here rather than silently sent differently from what the user typed.
    """
    text = text.strip()
    if not text:
        return {}
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        raise OverridesError(
            QCoreApplication.translate(
                "CompareWindow", "not valid JSON ({0} at line {1}, column {2})"
            ).format(err.msg, err.lineno, err.colno)
        ) from None
    if not isinstance(data, dict):
        raise OverridesError(
            QCoreApplication.translate(
                "CompareWindow", 'not a JSON object; write it like {"temperature": 0.2}'
            )
        )
    merged = merge_params(base or {}, data)
    try:
        valid = validate_params(merged)
    except (ValueError, TypeError) as err:
        raise OverridesError(str(err)) from None
    for name, value in data.items():
        if value is None:
            continue
        shown = json.dumps(value, ensure_ascii=False)
        if name not in valid:
            raise OverridesError(
                QCoreApplication.translate(
                    "CompareWindow", "{0}: unknown parameter, or {1} is not a value it takes"
                ).format(name, shown)
            )
        if not _same_value(value, valid[name]):
            kept = json.dumps(valid[name], ensure_ascii=False)
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                msg = QCoreApplication.translate(
                    "CompareWindow", "{0}: {1} is out of range (the nearest allowed value is {2})"
                )
            else:
                msg = QCoreApplication.translate(
                    "CompareWindow", "{0}: {1} cannot be sent as it is (it would become {2})"
                )
            raise OverridesError(msg.format(name, shown, kept))
    return dict(data)


def merge_params(params: dict[str, Any], overrides: dict[str, Any]) -> dict[str, Any]:
    """The panel's parameters with one side's overrides on top (None removes a parameter)."""
    out = dict(params)
    for k, v in overrides.items():
        if v is None:
            out.pop(k, None)
        else:
            out[k] = v
    return out


@dataclass
class SideRun:
    """What one side asked and what came back: the data its view and stats are drawn from."""

    model: str = ""
    prompt: str = ""
    text: str = ""
    reasoning: str = ""
    finish_reason: str | None = None
    usage: dict[str, Any] | None = None
    chunks: int = 0  # content and reasoning deltas: the estimate when the server sends no usage
    ttft: float | None = None
    total: float | None = None
    started: float = 0.0
    error: str | None = None
    stopped: bool = False
    done: bool = True
    not_sent: list[str] = field(default_factory=list)  # parameters the model rules left out
    params: dict[str, Any] = field(default_factory=dict)  # panel + overrides, before the rules
    request: dict[str, Any] = field(default_factory=dict)  # the body sent, without `messages`

    @property
    def completion_tokens(self) -> int | None:
        if self.usage is not None:
            v = self.usage.get("completion_tokens")
            if isinstance(v, int) and not isinstance(v, bool):
                return v
        return None

    def tokens_per_second(self) -> float | None:
        """Completion tokens over the generation time (after the first token when streamed)."""
        tokens = self.completion_tokens
        if tokens is None:
            tokens = self.chunks or None
        if tokens is None or self.total is None:
            return None
        span = self.total
        if self.ttft is not None and self.total - self.ttft > 0.05:
            span = self.total - self.ttft
        return tokens / span if span > 0 else None


class CompareView(SafeBrowser):
    """One side's answer as rendered Markdown; nothing is ever fetched, only safe links open."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setReadOnly(True)
        self.document().setDocumentMargin(8)

    def dark(self) -> bool:
        return self.palette().color(QPalette.ColorRole.Base).lightness() < 128

    def show_html(self, text: str) -> None:
        """Replace the content, keeping the reader at the bottom if they were there."""
        bar = self.verticalScrollBar()
        at_bottom = bar.value() >= bar.maximum() - 4
        old = bar.value()
        self.setHtml(text)
        bar.setValue(bar.maximum() if at_bottom else old)


class ComparePane(QWidget):
    """One side (A or B): model, overrides, answer, stats, and "Continue with this answer"."""

    def __init__(self, key: str, models: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.key = key
        self.setObjectName(f"comparePane{key}")
        self.run = SideRun()
        self.task: asyncio.Task[None] | None = None
        self.cancel_requested = False

        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        grid = QGridLayout()
        title = QLabel(f"<b>{html.escape(key)}</b>", self)
        grid.addWidget(title, 0, 0, 2, 1)
        grid.addWidget(QLabel(self.tr("Model"), self), 0, 1)
        self.model = QComboBox(self)
        self.model.setObjectName(f"compareModel{key}")
        self.model.setEditable(True)
        self.model.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.model.addItems(models)
        grid.addWidget(self.model, 0, 2)
        grid.addWidget(QLabel(self.tr("Overrides"), self), 1, 1)
        self.params = QLineEdit(self)
        self.params.setObjectName(f"compareParams{key}")
        self.params.setPlaceholderText(self.tr('JSON, e.g. {"temperature": 0.2}'))
        self.params.setToolTip(
            self.tr(
                "A JSON object of parameters merged onto the parameter panel's values for this "
                'side only. null leaves a parameter out, e.g. {"temperature": null}.'
            )
        )
        grid.addWidget(self.params, 1, 2)
        grid.setColumnStretch(2, 1)
        lay.addLayout(grid)

        self.view = CompareView(self)
        self.view.setObjectName(f"compareView{key}")
        self.view.setPlaceholderText(self.tr("The answer of {0} appears here.").format(key))
        lay.addWidget(self.view, 1)

        self.stats = QLabel(self)
        self.stats.setObjectName(f"compareStats{key}")
        self.stats.setWordWrap(True)
        self.stats.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # Room for four lines on both sides, so the two answer views stay the same height.
        self.stats.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.stats.setMinimumHeight(self.stats.fontMetrics().lineSpacing() * 4 + 4)
        lay.addWidget(self.stats)

        self.keep = QPushButton(self.tr("Continue with this answer"), self)
        self.keep.setObjectName(f"compareKeep{key}")
        self.keep.setToolTip(
            self.tr("Add the prompt and this answer to the conversation in the main window.")
        )
        self.keep.setEnabled(False)
        lay.addWidget(self.keep)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(REPAINT_MS)
        self._timer.timeout.connect(self.refresh)

    @property
    def running(self) -> bool:
        return self.task is not None and not self.task.done()

    def start(self, run: SideRun) -> None:
        self.run = run
        self.cancel_requested = False
        self.keep.setEnabled(False)
        self.refresh()

    def cancel(self) -> None:
        """Cancel once (cancelling an httpx stream twice can leak a pooled connection)."""
        if self.running and not self.cancel_requested and self.task is not None:
            self.cancel_requested = True
            self.task.cancel()

    def schedule_render(self) -> None:
        if not self._timer.isActive():
            self._timer.start()

    def refresh(self) -> None:
        self._timer.stop()
        self.view.show_html(self.answer_html())
        self.stats.setText(self.stats_text())
        self.keep.setEnabled(self.run.done and bool(self.run.text) and not self.running)

    def answer_html(self) -> str:
        run = self.run
        parts: list[str] = []
        pal = self.view.palette()
        muted = theme.css("muted", pal)
        if run.reasoning:
            if run.done:
                label = self.tr("Reasoning: {0} words").format(len(run.reasoning.split()))
                parts.append(f'<p style="color:{muted};"><i>{html.escape(label)}</i></p>')
            else:
                parts.append(
                    f'<p style="color:{muted}; font-style:italic;">'
                    + html.escape(run.reasoning).replace("\n", "<br>")
                    + "</p>"
                )
        if run.text:
            parts.append(render_markdown(run.text, self.view.dark()))
        elif not run.done:
            parts.append(f'<p style="color:{muted};">…</p>')
        if run.stopped:
            parts.append(
                f'<p style="color:{theme.css("warning", pal)};"><i>'
                + html.escape(self.tr("Stopped. The partial answer is kept."))
                + "</i></p>"
            )
        if run.error:
            parts.append(
                f'<p style="color:{theme.css("error", pal)};"><b>'
                + html.escape(self.tr("Error:"))
                + "</b> "
                + html.escape(run.error)
                + "</p>"
            )
        return "".join(parts)

    def stats_text(self) -> str:
        run = self.run
        if not run.model:
            return ""
        lines: list[str] = []
        if not run.done:
            elapsed = time.monotonic() - run.started
            state = self.tr("Streaming… {0:.1f} s").format(elapsed)
        elif run.error:
            state = self.tr("Failed")
        elif run.stopped:
            state = self.tr("Stopped")
        else:
            state = self.tr("Finish reason: {0}").format(run.finish_reason or self.tr("none"))
        lines.append(f"{run.model} · {state}")

        u = run.usage or {}
        if run.usage is not None:
            lines.append(
                self.tr("Tokens: {0} prompt · {1} completion · {2} total").format(
                    u.get("prompt_tokens", "?"),
                    u.get("completion_tokens", "?"),
                    u.get("total_tokens", "?"),
                )
            )
        elif run.chunks:
            est = self.tr("≈ {0} tokens").format(run.chunks)
            lines.append(
                self.tr("Tokens: {0} (estimated from chunks; the server sent no usage)").format(est)
            )

        timing: list[str] = []
        if run.ttft is not None:
            timing.append(self.tr("first token {0:.2f} s").format(run.ttft))
        if run.done and run.total is not None:
            timing.append(self.tr("total {0:.2f} s").format(run.total))
            tps = run.tokens_per_second()
            if tps is not None:
                timing.append(self.tr("{0:.1f} tokens/s").format(tps))
        if timing:
            lines.append(" · ".join(timing))
        if run.not_sent:
            lines.append(
                self.tr("Not sent to this model (model rules): {0}").format(", ".join(run.not_sent))
            )
        return "\n".join(lines)


class CompareWindow(QWidget):
    """A separate window: the same prompt to two models or parameter sets, side by side."""

    chosen = Signal(str, str, str)  # model, prompt, answer text
    comparisonFinished = Signal()  # both sides done (finished, failed or stopped)

    def __init__(
        self,
        tasks: TaskGroup,
        client_factory: Callable[[], ApiClient],
        models: list[str],
        system_prompt: str,
        history: list[dict[str, Any]],
        params: dict[str, Any],
        stream: bool = True,
        include_usage: bool = True,
        before_request: Callable[[], Awaitable[None]] | None = None,
        parent: QWidget | None = None,
        *,
        rules: RuleStore | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("compareWindow")
        self.setWindowFlag(Qt.WindowType.Window, True)
        self.setWindowModality(Qt.WindowModality.NonModal)
        self.setWindowTitle(self.tr("Compare — Chatterdesk"))
        self.tasks = tasks
        self.client_factory = client_factory
        self.before_request = before_request
        self.rules = rules  # user overrides and learned drops, when the main window has them
        self.system_prompt = system_prompt
        self.history: list[dict[str, Any]] = []
        self.params: dict[str, Any] = {}
        self.stream = stream
        self.include_usage = include_usage
        self.last_chosen: SideRun | None = None
        self._build(models)
        self.set_context(system_prompt, history, params)
        self.resize(1100, 720)

    # -- construction ---------------------------------------------------------------------
    def _build(self, models: list[str]) -> None:
        outer = QVBoxLayout(self)

        self.prompt = QPlainTextEdit(self)
        self.prompt.setObjectName("comparePrompt")
        self.prompt.setPlaceholderText(
            self.tr("The prompt both sides answer. Ctrl+Enter sends it to both.")
        )
        self.prompt.setMaximumHeight(110)
        self.prompt.installEventFilter(self)
        self.prompt.textChanged.connect(self._update_buttons)
        outer.addWidget(self.prompt)

        row = QHBoxLayout()
        self.use_history = QCheckBox(self)
        self.use_history.setObjectName("compareUseHistory")
        self.use_history.setToolTip(
            self.tr(
                "Checked: both sides see the conversation so far and answer this as its next "
                "message. Unchecked: a blank context (only the system prompt)."
            )
        )
        row.addWidget(self.use_history)
        row.addStretch(1)
        self.swap_button = QPushButton(self.tr("Swap A ↔ B"), self)
        self.swap_button.setObjectName("compareSwapButton")
        self.swap_button.setToolTip(self.tr("Exchange the models and overrides of A and B."))
        self.swap_button.clicked.connect(self.swap_sides)
        row.addWidget(self.swap_button)
        self.same_button = QPushButton(self.tr("Same model, two parameter sets"), self)
        self.same_button.setObjectName("compareSameModelButton")
        self.same_button.setToolTip(
            self.tr("Use A's model on both sides; set the overrides to compare parameters.")
        )
        self.same_button.clicked.connect(self.same_model)
        row.addWidget(self.same_button)
        self.send_button = QPushButton(self.tr("Send to both"), self)
        self.send_button.setObjectName("compareSendButton")
        self.send_button.setDefault(True)
        self.send_button.clicked.connect(self.send)
        row.addWidget(self.send_button)
        self.stop_button = QPushButton(self.tr("Stop"), self)
        self.stop_button.setObjectName("compareStopButton")
        self.stop_button.clicked.connect(self.stop)
        row.addWidget(self.stop_button)
        outer.addLayout(row)

        self.message = QLabel(self)
        self.message.setObjectName("compareMessage")
        self.message.setWordWrap(True)
        theme.tint(self.message, "error")
        self.message.hide()
        outer.addWidget(self.message)

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.pane_a = ComparePane("A", models, self.splitter)
        self.pane_b = ComparePane("B", models, self.splitter)
        if len(models) >= 2:
            self.pane_b.model.setCurrentIndex(1)
        self.splitter.addWidget(self.pane_a)
        self.splitter.addWidget(self.pane_b)
        self.splitter.setChildrenCollapsible(False)
        outer.addWidget(self.splitter, 1)

        for pane in self.panes:
            pane.params.textChanged.connect(self._clear_message)
            pane.model.currentTextChanged.connect(self._clear_message)
            pane.keep.clicked.connect(lambda _c=False, p=pane: self.keep(p.key))
        self._update_buttons()

    @property
    def panes(self) -> tuple[ComparePane, ComparePane]:
        return (self.pane_a, self.pane_b)

    def pane(self, key: str) -> ComparePane:
        return self.pane_a if key == "A" else self.pane_b

    def set_context(
        self, system_prompt: str, history: list[dict[str, Any]], params: dict[str, Any]
    ) -> None:
        """What both sides start from; the main window calls it again after the conversation
        changed (for example after "Continue with this answer")."""
        had = bool(self.history)
        self.system_prompt = system_prompt
        self.history = [dict(m) for m in history]
        self.params = dict(params)
        n = len(self.history)
        self.use_history.setText(
            self.tr("Include the conversation so far ({0} messages)").format(n)
        )
        self.use_history.setEnabled(n > 0)
        if n == 0:
            self.use_history.setChecked(False)
        elif not had:
            self.use_history.setChecked(True)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.prompt and event.type() == QEvent.Type.KeyPress:
            key = event if isinstance(event, QKeyEvent) else None
            if (
                key is not None
                and key.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
                and key.modifiers() & Qt.KeyboardModifier.ControlModifier
            ):
                self.send()
                return True
        return super().eventFilter(watched, event)

    # -- state ----------------------------------------------------------------------------
    @property
    def running(self) -> bool:
        return any(p.running for p in self.panes)

    def _update_buttons(self) -> None:
        if not isValid(self):
            return
        busy = self.running
        self.send_button.setEnabled(not busy and bool(self.prompt.toPlainText().strip()))
        self.stop_button.setEnabled(busy)
        self.swap_button.setEnabled(not busy)
        self.same_button.setEnabled(not busy)

    def _show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()

    def _clear_message(self) -> None:
        self.message.clear()
        self.message.hide()

    # -- quick actions --------------------------------------------------------------------
    def swap_sides(self) -> None:
        if self.running:
            return
        a, b = self.pane_a, self.pane_b
        ma, mb = a.model.currentText(), b.model.currentText()
        pa, pb = a.params.text(), b.params.text()
        a.model.setCurrentText(mb)
        b.model.setCurrentText(ma)
        a.params.setText(pb)
        b.params.setText(pa)

    def same_model(self) -> None:
        if self.running:
            return
        self.pane_b.model.setCurrentText(self.pane_a.model.currentText())
        if not self.pane_b.params.text().strip():
            self.pane_b.params.setText('{"temperature": 0.2}')
        self.pane_b.params.setFocus()

    # -- sending --------------------------------------------------------------------------
    def _caps(self, model: str) -> Capabilities:
        return self.rules.capabilities(model) if self.rules is not None else builtin(model)

    def messages_for(self, prompt: str) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        if self.system_prompt.strip():
            out.append({"role": "system", "content": self.system_prompt})
        if self.use_history.isChecked():
            out.extend(dict(m) for m in self.history)
        out.append({"role": "user", "content": prompt})
        return out

    def send(self) -> bool:
        """Ask both sides; False (with the reason shown) when something is missing or wrong."""
        if self.running:
            return False
        prompt = self.prompt.toPlainText()
        if not prompt.strip():
            self._show_message(self.tr("Write a prompt first."))
            self.prompt.setFocus()
            return False
        plans: list[tuple[ComparePane, str, dict[str, Any]]] = []
        for pane in self.panes:
            model = pane.model.currentText().strip()
            if not model:
                self._show_message(self.tr("Choose or type a model for {0}.").format(pane.key))
                pane.model.setFocus()
                return False
            try:
                overrides = parse_overrides(pane.params.text(), self.params)
            except OverridesError as err:
                self._show_message(
                    self.tr("The overrides of {0} cannot be sent: {1}. Nothing was sent.").format(
                        pane.key, str(err)
                    )
                )
                pane.params.setFocus()
                return False
            plans.append((pane, model, merge_params(self.params, overrides)))
        self._clear_message()

        from app.api.types import ChatRequest

        messages = self.messages_for(prompt)
        for pane, model, wanted in plans:
            sent = adapt(wanted, self._caps(model))
            renamed = {"max_tokens", "max_completion_tokens"} & set(wanted)
            not_sent = sorted(k for k in wanted if k not in sent and k not in renamed)
            if self.stream and self.include_usage:
                sent["stream_options"] = {"include_usage": True}
            request = ChatRequest(model=model, messages=[dict(m) for m in messages], params=sent)
            pane.start(
                SideRun(
                    model=model,
                    prompt=prompt,
                    done=False,
                    started=time.monotonic(),
                    not_sent=not_sent,
                    params=dict(wanted),
                    request={k: v for k, v in request.body(self.stream).items() if k != "messages"},
                )
            )
            run = pane.run
            task = self.tasks.spawn(self._answer(pane, run, request), name=f"compare-{pane.key}")
            task.add_done_callback(partial(self._side_done, pane, run))
            pane.task = task
        self._update_buttons()
        return True

    def stop(self) -> None:
        """Cancel both sides; what each has streamed so far stays."""
        for pane in self.panes:
            pane.cancel()

    async def wait_idle(self) -> None:
        tasks = [p.task for p in self.panes if p.task is not None]
        if tasks:
            await asyncio.gather(*tasks, return_exceptions=True)

    def keep(self, key: str) -> None:
        run = self.pane(key).run
        if run.done and run.text:
            self.last_chosen = run  # usage, timings, params: for the message the lead adds
            self.chosen.emit(run.model, run.prompt, run.text)

    # -- one side's answer ----------------------------------------------------------------
    async def _answer(self, pane: ComparePane, run: SideRun, request: ChatRequest) -> None:
        from app.api.errors import ApiError
        from app.core.local_server import LocalServerError

        t0 = time.monotonic()
        try:
            if self.before_request is not None:
                await self.before_request()
                t0 = run.started = time.monotonic()  # the server's timings, not the start-up's
            client = self.client_factory()
            if self.stream:
                async with client.stream_chat(request) as chunks:
                    async for chunk in chunks:
                        self._apply_chunk(run, chunk, t0)
                        if isValid(pane):
                            pane.schedule_render()
            else:
                result = await client.chat(request)
                run.ttft = time.monotonic() - t0
                if result.choices:
                    c = result.choices[0]
                    run.text = c.message.content or c.message.refusal or ""
                    run.reasoning = c.message.reasoning or ""
                    run.finish_reason = c.finish_reason
                if result.usage is not None:
                    run.usage = result.usage.raw
        except asyncio.CancelledError:
            run.stopped = True
            raise
        except ApiError as err:
            run.error = describe_error(err)
            log.warning("compare %s failed: %s", pane.key, err)
        except LocalServerError as err:
            run.error = describe_local_error(err)
            log.warning("compare %s failed: %s", pane.key, err)
        except Exception as err:  # a bug must not lose the other side or reach the user raw
            log.exception("compare %s failed unexpectedly", pane.key)
            run.error = self.tr("Unexpected problem: {0}").format(type(err).__name__)
        finally:
            run.total = time.monotonic() - t0
            run.done = True

    def _side_done(self, pane: ComparePane, run: SideRun, task: asyncio.Task[None]) -> None:
        """After a side's task ended (also when it was cancelled before it ever ran)."""
        if not run.done:
            run.done = True
            run.stopped = task.cancelled()
            run.total = time.monotonic() - run.started
        if not isValid(self) or not isValid(pane) or pane.run is not run:
            return  # the window was deleted meanwhile, or a newer comparison replaced this one
        pane.refresh()
        self._update_buttons()
        if not self.running:
            self.comparisonFinished.emit()

    @staticmethod
    def _apply_chunk(run: SideRun, chunk: ChatChunk, t0: float) -> None:
        if chunk.usage is not None:
            run.usage = chunk.usage.raw
        for c in chunk.choices:
            if c.index != 0:
                continue
            d = c.delta
            if d.content:
                if run.ttft is None:
                    run.ttft = time.monotonic() - t0
                run.text += d.content
                run.chunks += 1
            if d.reasoning:
                if run.ttft is None:
                    run.ttft = time.monotonic() - t0
                run.reasoning += d.reasoning
                run.chunks += 1
            if d.refusal:
                run.text += d.refusal
            if c.finish_reason:
                run.finish_reason = c.finish_reason

    # -- closing --------------------------------------------------------------------------
    def closeEvent(self, event: QCloseEvent) -> None:
        """Closing stops both sides; the tasks end on their own (cancelled once, awaited by
        the task group), so nothing is left streaming and nothing is printed."""
        self.stop()
        event.accept()
