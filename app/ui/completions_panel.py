"""Legacy completions mode: a prompt document that the model continues in place.

The editor holds the prompt; each run sends all of it to `/completions` and appends the
completion at its end, highlighted (or coloured by probability when the heatmap is on, with
the alternatives on hover). Runs are kept in the conversation's `completion` dict with what was
sent and received, so a reopened file shows the same document and highlight.

The API's rules are checked before anything is sent: `best_of` must be greater than `n` and
cannot stream (the request goes unstreamed, with a note); chat-only parameters are dropped.
Stop keeps the partial completion; an error keeps the prompt and whatever had arrived.
"""

from __future__ import annotations

import asyncio
import copy
import logging
import time
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QColor, QKeySequence, QMouseEvent, QPalette, QShortcut, QTextCursor
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTextEdit,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from app.core.conversation import Conversation
from app.core.logprobs import TokenProb, from_completion, heat_colour, join_completion, text_colour

from .asyncbridge import TaskGroup
from .errors_text import describe_error, describe_local_error
from .heatmap import TokenSpans, char_at, tooltip_text, utf16_len

if TYPE_CHECKING:
    from app.api.client import ApiClient
    from app.api.types import Completion, CompletionRequest

log = logging.getLogger("chatterdesk.ui")

# Chat parameters that /completions does not take (the chat `logprobs` is a boolean there; the
# completions `logprobs` is an int set in this panel).
CHAT_ONLY = frozenset(
    {
        "messages",
        "response_format",
        "logprobs",
        "top_logprobs",
        "tools",
        "tool_choice",
        "parallel_tool_calls",
        "functions",
        "function_call",
        "reasoning_effort",
        "modalities",
        "audio",
        "prediction",
        "store",
        "metadata",
        "web_search_options",
        "verbosity",
    }
)
BEST_OF_MAX = 20
LOGPROBS_MAX = 5


def completion_params(params: dict[str, Any], stream: bool) -> dict[str, Any]:
    """The shared (chat panel) parameters as /completions takes them.

    Chat-only ones are dropped, `max_completion_tokens` becomes `max_tokens` (unless that is
    set too), `stream_options` is kept only when streaming.
    """
    out: dict[str, Any] = {}
    for k, v in params.items():
        if k in CHAT_ONLY or k in ("stream", "prompt", "model"):
            continue
        if k == "max_completion_tokens":
            out.setdefault("max_tokens", v)
            continue
        if k == "stream_options" and not stream:
            continue
        out[k] = v
    if "max_tokens" in params:
        out["max_tokens"] = params["max_tokens"]
    return out


def to_utf16(text: str, index: int) -> int:
    """A str index as a QTextDocument position."""
    return utf16_len(text[:index])


def from_utf16(text: str, pos: int) -> int:
    """A QTextDocument position as a str index (a position inside a pair rounds down)."""
    if utf16_len(text) == len(text):
        return min(pos, len(text))
    u = 0
    for i, ch in enumerate(text):
        if u >= pos:
            return i
        u += 2 if ord(ch) > 0xFFFF else 1
        if u > pos:
            return i
    return len(text)


def _int_or_none(v: Any) -> int | None:
    return v if isinstance(v, int) and not isinstance(v, bool) else None


class _Choice:
    """What arrived for one choice: its raw text (with the echoed prompt), logprobs, finish."""

    __slots__ = ("finish_reason", "logprobs", "raw")

    def __init__(self) -> None:
        self.raw = ""
        self.logprobs: dict[str, Any] | None = None
        self.finish_reason: str | None = None


class _Run:
    """One request in flight."""

    def __init__(self, prompt: str, echo: bool, body: dict[str, Any], model: str) -> None:
        self.prompt = prompt
        self.echo = echo
        self.body = body
        self.model = model
        self.choices: dict[int, _Choice] = {}
        self.appended = ""  # what the editor shows of choice 0 so far
        self.usage: dict[str, Any] | None = None
        self.response_id: str | None = None
        self.system_fingerprint: str | None = None
        self.ttft: float | None = None
        self.total_time: float | None = None
        self.chunks = 0
        self.created = int(time.time())
        self.status = "ok"
        self.error: str | None = None

    def choice(self, index: int) -> _Choice:
        c = self.choices.get(index)
        if c is None:
            c = self.choices[index] = _Choice()
        return c

    def shown(self, index: int) -> str:
        """The completion of a choice without the echoed prompt."""
        raw = self.choice(index).raw
        if not self.echo:
            return raw
        if raw.startswith(self.prompt):
            return raw[len(self.prompt) :]
        if self.prompt.startswith(raw):
            return ""  # the echoed prompt is still arriving
        return raw  # the server did not echo (or changed the prompt): all of it is new

    def echoed(self, index: int = 0) -> bool:
        return self.echo and self.choice(index).raw.startswith(self.prompt)


class CompletionsPanel(QWidget):
    edited = Signal()  # something worth saving changed
    busyChanged = Signal(bool)
    statusMessage = Signal(str)

    def __init__(
        self,
        tasks: TaskGroup,
        client_factory: Callable[[], ApiClient],
        model: Callable[[], str],
        params: Callable[[], dict[str, Any]],
        stream: Callable[[], bool],
        before_request: Callable[[], Awaitable[None]] | None = None,
        parent: QWidget | None = None,
        include_usage: Callable[[], bool] | None = None,
        problem: Callable[[], str | None] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("completionsPanel")
        self._problem = problem  # why the shared parameters cannot be sent now, or None
        self.tasks = tasks
        self.client_factory = client_factory
        self._model = model
        self._params = params
        self._stream = stream
        self._include_usage = include_usage
        self.before_request = before_request
        self.conversation = Conversation()
        self._doc: dict[str, Any] = self.conversation.completion
        self._task: asyncio.Task[None] | None = None
        self._busy = False
        self._gen = 0  # bumped when the conversation changes under a running request
        self._loading = False
        self._sel = QTextCursor()  # tracks the last run's completion through later edits
        self._sel_valid = False
        self._heat_tokens: list[TokenProb] = []
        self._heat_spans = TokenSpans()
        self._tip_shown = False
        self._viewport: QWidget | None = None  # the editor's, once hover tooltips are needed
        self._build()

    # -- widgets --------------------------------------------------------------------------
    def _build(self) -> None:
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        split = QSplitter(Qt.Orientation.Horizontal, self)
        self.editor = QPlainTextEdit(split)
        self.editor.setObjectName("completionPrompt")
        self.editor.setPlaceholderText(
            self.tr("Write the beginning of a text; the model continues it here.")
        )
        self.editor.textChanged.connect(self._on_text_changed)
        self.choicesBox = QWidget(split)
        self.choicesBox.setObjectName("completionChoicesBox")
        cl = QVBoxLayout(self.choicesBox)
        cl.setContentsMargins(0, 0, 0, 0)
        cl.addWidget(QLabel(self.tr("Choices (click one to use it):"), self.choicesBox))
        self.choiceList = QListWidget(self.choicesBox)
        self.choiceList.setObjectName("completionChoices")
        self.choiceList.setWordWrap(True)
        self.choiceList.itemClicked.connect(self._on_choice_clicked)
        cl.addWidget(self.choiceList, 1)
        self.choicesBox.hide()
        split.addWidget(self.editor)
        split.addWidget(self.choicesBox)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        lay.addWidget(split, 1)

        srow = QHBoxLayout()
        slabel = QLabel(self.tr("Suffix:"), self)
        self.suffixEdit = QPlainTextEdit(self)
        self.suffixEdit.setObjectName("completionSuffix")
        self.suffixEdit.setPlaceholderText(
            self.tr("Optional text that comes after the completion (the model fills the gap)")
        )
        self.suffixEdit.setMaximumHeight(self.fontMetrics().lineSpacing() * 3 + 12)
        self.suffixEdit.setTabChangesFocus(True)
        self.suffixEdit.textChanged.connect(self._on_option_changed)
        slabel.setBuddy(self.suffixEdit)
        srow.addWidget(slabel, 0, Qt.AlignmentFlag.AlignTop)
        srow.addWidget(self.suffixEdit, 1)
        lay.addLayout(srow)

        row = QHBoxLayout()
        self.echoBox = QCheckBox(self.tr("Echo the prompt"), self)
        self.echoBox.setObjectName("completionEcho")
        self.echoBox.setToolTip(
            self.tr(
                "The server returns the prompt with the completion; with logprobs this shows "
                "how likely each token of the prompt was."
            )
        )
        self.echoBox.toggled.connect(self._on_option_changed)
        row.addWidget(self.echoBox)
        self.bestOfBox, self.bestOfCheck, self.bestOfSpin = self._optional_int(
            "completionBestOf",
            "best_of",
            1,
            BEST_OF_MAX,
            2,
            self.tr(
                "Generate this many completions on the server and return the best (highest "
                "log probability per token). Must be greater than n; cannot stream."
            ),
        )
        row.addWidget(self.bestOfBox)
        self.logprobsBox, self.logprobsCheck, self.logprobsSpin = self._optional_int(
            "completionLogprobs",
            "logprobs",
            0,
            LOGPROBS_MAX,
            3,
            self.tr(
                "Return the log probability of each token and of this many most likely "
                "alternatives (0–5)."
            ),
        )
        row.addWidget(self.logprobsBox)
        self.heatmapBox = QCheckBox(self.tr("Heatmap"), self)
        self.heatmapBox.setObjectName("completionHeatmap")
        self.heatmapBox.setToolTip(
            self.tr(
                "Colour the last completion by token probability (needs logprobs); "
                "hover a token to see the alternatives"
            )
        )
        self.heatmapBox.toggled.connect(self._apply_highlight)
        row.addWidget(self.heatmapBox)
        row.addStretch(1)
        self.runButton = QPushButton(self.tr("Complete"), self)
        self.runButton.setObjectName("completionRunButton")
        self.runButton.setToolTip(self.tr("Send the whole document to /completions (Ctrl+Enter)"))
        self.runButton.clicked.connect(self.run)
        self.stopButton = QPushButton(self.tr("Stop"), self)
        self.stopButton.setObjectName("completionStopButton")
        self.stopButton.setToolTip(self.tr("Stop; the text received so far is kept"))
        self.stopButton.clicked.connect(self.stop)
        self.stopButton.setEnabled(False)
        row.addWidget(self.runButton)
        row.addWidget(self.stopButton)
        lay.addLayout(row)

        self.errorLabel = QLabel(self)
        self.errorLabel.setObjectName("completionError")
        self.errorLabel.setWordWrap(True)
        self.errorLabel.setTextFormat(Qt.TextFormat.PlainText)
        self.errorLabel.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.errorLabel.hide()
        lay.addWidget(self.errorLabel)
        self.statsLabel = QLabel(self)
        self.statsLabel.setObjectName("completionStats")
        self.statsLabel.setTextFormat(Qt.TextFormat.PlainText)
        self.statsLabel.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        lay.addWidget(self.statsLabel)

        for seq in ("Ctrl+Return", "Ctrl+Enter"):
            sc = QShortcut(QKeySequence(seq), self)
            sc.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            sc.activated.connect(self.run)

    def _optional_int(
        self, name: str, label: str, lo: int, hi: int, default: int, tip: str
    ) -> tuple[QWidget, QCheckBox, QSpinBox]:
        box = QWidget(self)
        box.setObjectName(name)
        hl = QHBoxLayout(box)
        hl.setContentsMargins(0, 0, 0, 0)
        check = QCheckBox(label, box)
        check.setObjectName(f"{name}_set")
        check.setToolTip(tip)
        spin = QSpinBox(box)
        spin.setObjectName(f"{name}_value")
        spin.setRange(lo, hi)
        spin.setValue(default)
        spin.setToolTip(tip)

        def typed(_: int) -> None:
            if not self._loading:
                check.setChecked(True)  # typing a value means "send it"
            self._on_option_changed()

        spin.valueChanged.connect(typed)
        check.toggled.connect(self._on_option_changed)
        hl.addWidget(check)
        hl.addWidget(spin)
        return box, check, spin

    # -- state ----------------------------------------------------------------------------
    @property
    def busy(self) -> bool:
        return self._busy

    @property
    def document(self) -> dict[str, Any]:
        """The completions-mode document (the conversation's `completion` dict)."""
        return self._doc

    def best_of(self) -> int | None:
        return self.bestOfSpin.value() if self.bestOfCheck.isChecked() else None

    def logprobs(self) -> int | None:
        return self.logprobsSpin.value() if self.logprobsCheck.isChecked() else None

    def suffix(self) -> str:
        return self.suffixEdit.toPlainText()

    def set_conversation(self, conv: Conversation) -> None:
        """Show `conv`'s document: its text, options, and the last run's highlight."""
        if self._busy:
            self._gen += 1  # the running request finishes into its own conversation
            self.stop()
            self._set_busy(False)
        self.conversation = conv
        if not isinstance(conv.completion, dict):
            conv.completion = {}
        self._doc = conv.completion
        d = self._doc  # left as it is: a chat conversation keeps no completions keys
        self._loading = True
        try:
            prompt = d.get("prompt")
            self.editor.setPlainText(prompt if isinstance(prompt, str) else "")
            suffix = d.get("suffix")
            self.suffixEdit.setPlainText(suffix if isinstance(suffix, str) else "")
            self.echoBox.setChecked(d.get("echo") is True)
            self._restore_optional(self.bestOfCheck, self.bestOfSpin, d.get("best_of"))
            self._restore_optional(self.logprobsCheck, self.logprobsSpin, d.get("logprobs"))
        finally:
            self._loading = False
        self.errorLabel.hide()
        self._locate_last_run()
        self._fill_choices()
        last = self._last_run()
        self.statsLabel.setText(self._stats_text(last) if last else "")
        self._apply_highlight()

    @staticmethod
    def _restore_optional(check: QCheckBox, spin: QSpinBox, value: Any) -> None:
        v = _int_or_none(value)
        if v is not None:
            spin.setValue(v)
        check.setChecked(v is not None)

    def _last_run(self) -> dict[str, Any] | None:
        runs = self._doc.get("runs")
        if isinstance(runs, list) and runs and isinstance(runs[-1], dict):
            return runs[-1]
        return None

    def _locate_last_run(self) -> None:
        """Find the last run's text in the document (its saved offsets, validated)."""
        self._sel_valid = False
        run = self._last_run()
        if run is None:
            return
        text = self.editor.toPlainText()
        done = run.get("text")
        if not isinstance(done, str):
            return
        start, end = _int_or_none(run.get("start")), _int_or_none(run.get("end"))
        if start is None or end is None or not 0 <= start <= end <= len(text):
            start = end = None
        elif text[start:end] != done:
            start = end = None
        if start is None and done:
            k = text.rfind(done)
            if k >= 0:
                start, end = k, k + len(done)
        if start is None or end is None:
            return
        self._track(to_utf16(text, start), to_utf16(text, end))

    def _track(self, start_u: int, end_u: int) -> None:
        self._sel = QTextCursor(self.editor.document())
        self._sel.setKeepPositionOnInsert(True)  # typing after the completion is not part of it
        self._sel.setPosition(start_u)
        self._sel.setPosition(end_u, QTextCursor.MoveMode.KeepAnchor)
        self._sel_valid = True

    def _range(self) -> tuple[int, int] | None:
        """The last completion's document positions, as they are now."""
        if not self._sel_valid:
            return None
        return self._sel.selectionStart(), self._sel.selectionEnd()

    # -- edits ----------------------------------------------------------------------------
    def _on_text_changed(self) -> None:
        if self._loading or self._busy:
            return
        self._sync_prompt()
        self.conversation.touch()
        self.edited.emit()

    def _sync_prompt(self) -> None:
        text = self.editor.toPlainText()
        self._doc["prompt"] = text
        run = self._last_run()
        rng = self._range()
        if run is not None and rng is not None:
            run["start"], run["end"] = from_utf16(text, rng[0]), from_utf16(text, rng[1])
        if self.heatmapBox.isChecked() and self._heat_tokens:
            self._apply_highlight()  # tokens that no longer match lose their colour

    def _on_option_changed(self, *_: Any) -> None:
        if self._loading:
            return
        d = self._doc
        d["suffix"] = self.suffix()
        d["echo"] = self.echoBox.isChecked()
        d["best_of"] = self.best_of()
        d["logprobs"] = self.logprobs()
        self.conversation.touch()
        self.edited.emit()

    # -- running --------------------------------------------------------------------------
    def _show_error(self, text: str) -> None:
        self.errorLabel.setText(text)
        self.errorLabel.show()
        self.statusMessage.emit(text)

    def _plan(self) -> tuple[dict[str, Any], bool, list[str]] | str:
        """(params for the request, stream?, notes) or the reason nothing can be sent."""
        stream = bool(self._stream())
        params = completion_params(dict(self._params()), stream)
        notes: list[str] = []
        n = _int_or_none(params.get("n"))
        best_of = self.best_of()
        if best_of is not None:
            if best_of <= (n or 1):
                if n is None:
                    return self.tr(
                        "best_of must be greater than n (n is 1 when not set): set best_of "
                        "to 2 or more, or uncheck it."
                    )
                return self.tr(
                    "best_of ({0}) must be greater than n ({1}): raise best_of or lower n."
                ).format(best_of, n)
            params["best_of"] = best_of
            if stream:
                stream = False
                notes.append(self.tr("best_of cannot stream: sent without streaming."))
        suffix = self.suffix()
        if suffix:
            params["suffix"] = suffix
        if self.echoBox.isChecked():
            params["echo"] = True
        lp = self.logprobs()
        if lp is not None:
            params["logprobs"] = lp
        if stream:
            if (
                self._include_usage is not None
                and self._include_usage()
                and "stream_options" not in params
            ):
                params["stream_options"] = {"include_usage": True}
        else:
            params.pop("stream_options", None)
        return params, stream, notes

    def request(self) -> tuple[CompletionRequest, bool, list[str]] | str:
        """What Run would send now (request, stream?, notes), or why nothing can be sent.
        Copy as code shows the same request."""
        from app.api.types import CompletionRequest

        model = (self._model() or "").strip()
        if not model:
            return self.tr("Choose a model first.")
        problem = self._problem() if self._problem is not None else None
        if problem:
            return problem
        plan = self._plan()
        if isinstance(plan, str):
            return plan
        params, stream, notes = plan
        prompt = self.editor.toPlainText()
        return CompletionRequest(model=model, prompt=prompt, params=params), stream, notes

    def run(self) -> bool:
        """Send the document; False (with a message) when nothing was sent."""
        if self._busy:
            return False
        self.errorLabel.hide()
        planned = self.request()
        if isinstance(planned, str):
            self._show_error(planned)
            return False
        request, stream, notes = planned
        params = request.params
        prompt = request.prompt if isinstance(request.prompt, str) else ""
        body = request.body(stream)
        body.pop("prompt", None)
        state = _Run(prompt, bool(params.get("echo")), body, request.model)
        self._doc["prompt"] = prompt
        start_u = utf16_len(prompt)
        self._track(start_u, start_u)
        self._apply_highlight()
        self._set_busy(True)
        note = " ".join(notes)
        self.statsLabel.setText(note or self.tr("Waiting for the server…"))
        if note:
            self.statusMessage.emit(note)
        self._task = self.tasks.spawn(
            self._complete(state, request, stream, note, self._gen), name="completion"
        )
        return True

    def stop(self) -> None:
        if self._task is not None and not self._task.done():
            self._task.cancel()

    async def wait_idle(self) -> None:
        if self._task is not None:
            await asyncio.gather(self._task, return_exceptions=True)

    def _set_busy(self, on: bool) -> None:
        if self._busy == on:
            return
        self._busy = on
        self.editor.setReadOnly(on)
        self.runButton.setEnabled(not on)
        self.stopButton.setEnabled(on)
        self.choiceList.setEnabled(not on)
        self.busyChanged.emit(on)

    async def _complete(
        self, state: _Run, request: CompletionRequest, stream: bool, note: str, gen: int
    ) -> None:
        from app.api.errors import ApiError
        from app.core.local_server import LocalServerError

        doc = self._doc
        t0 = time.monotonic()
        try:
            if self.before_request is not None:
                await self.before_request()
                t0 = time.monotonic()
            client = self.client_factory()
            if stream:
                async with client.stream_complete(request) as chunks:
                    async for chunk in chunks:
                        self._apply(state, chunk, t0)
                        if gen == self._gen:
                            self._show_progress(state)
            else:
                result = await client.complete(request)
                self._apply(state, result, t0)
                if gen == self._gen:
                    self._show_progress(state)
        except asyncio.CancelledError:
            state.status = "stopped"
            if gen == self._gen:
                self.statusMessage.emit(self.tr("Stopped. The text received so far is kept."))
            raise
        except ApiError as err:
            state.status, state.error = "error", describe_error(err)
            log.warning("completion failed: %s", err)
        except LocalServerError as err:
            state.status, state.error = "error", describe_local_error(err)
            log.warning("completion failed: %s", err)
        except Exception as err:  # a bug must not lose the document or reach the user raw
            log.exception("completion failed unexpectedly")
            state.status = "error"
            state.error = self.tr("Unexpected problem: {0}").format(type(err).__name__)
        finally:
            state.total_time = time.monotonic() - t0
            self._finish(state, doc, gen, note)

    def _apply(self, state: _Run, obj: Completion, t0: float) -> None:
        """One stream chunk, or the whole answer, into the run's choices."""
        if obj.usage is not None:
            state.usage = obj.usage.raw
        if obj.id and not state.response_id:
            state.response_id = obj.id
        if obj.system_fingerprint:
            state.system_fingerprint = obj.system_fingerprint
        raw_choices = obj.raw.get("choices")
        raws = raw_choices if isinstance(raw_choices, list) else []
        for k, c in enumerate(obj.choices):
            ch = state.choice(c.index)
            if c.text:
                if state.ttft is None:
                    state.ttft = time.monotonic() - t0
                ch.raw += c.text
                if c.index == 0:
                    state.chunks += 1
            raw = raws[k] if k < len(raws) and isinstance(raws[k], dict) else {}
            lp = raw.get("logprobs")
            if isinstance(lp, dict):
                ch.logprobs = join_completion(ch.logprobs, lp)
            if c.finish_reason:
                ch.finish_reason = c.finish_reason

    def _show_progress(self, state: _Run) -> None:
        """Append what is new of choice 0 at the end of the editor, highlighted."""
        shown = state.shown(0)
        if len(shown) <= len(state.appended) or not shown.startswith(state.appended):
            return
        delta = shown[len(state.appended) :]
        state.appended = shown
        bar = self.editor.verticalScrollBar()
        follow = bar.value() >= bar.maximum() - 2 * max(1, bar.singleStep())
        cur = QTextCursor(self.editor.document())
        cur.movePosition(QTextCursor.MoveOperation.End)
        cur.insertText(delta)
        rng = self._range()
        start = rng[0] if rng else utf16_len(state.prompt)
        self._track(start, cur.position())
        self._apply_highlight()
        if follow:  # keep the growing end in view unless the user scrolled up
            bar.setValue(bar.maximum())

    def _finish(self, state: _Run, doc: dict[str, Any], gen: int, note: str) -> None:
        current = gen == self._gen
        text = state.appended
        run: dict[str, Any] = {
            "model": state.model,
            "params": state.body,
            "prompt": state.prompt,
            "text": text,
            "finish_reason": state.choice(0).finish_reason if state.choices else None,
            "usage": state.usage,
            "logprobs": state.choice(0).logprobs if state.choices else None,
            "created": state.created,
            "ttft": state.ttft,
            "total_time": state.total_time,
            "start": len(state.prompt),
            "end": len(state.prompt) + len(text),
            "echoed": state.echoed(0) if state.choices else False,
            "status": state.status,
        }
        if state.response_id:
            run["id"] = state.response_id
        if state.system_fingerprint:
            run["system_fingerprint"] = state.system_fingerprint
        if state.error:
            run["error"] = state.error
        if len(state.choices) > 1:
            order = sorted(state.choices)
            run["choices"] = [state.shown(i) for i in order]
            run["choice_data"] = [
                {
                    "index": i,
                    "finish_reason": state.choices[i].finish_reason,
                    "logprobs": state.choices[i].logprobs,
                }
                for i in order
            ]
            run["choice"] = 0
        runs = doc.get("runs")
        if not isinstance(runs, list):
            doc["runs"] = runs = []
        if not current:
            doc["prompt"] = state.prompt + text
            runs.append(run)
            return
        self._set_busy(False)
        text_now = self.editor.toPlainText()
        doc["prompt"] = text_now
        rng = self._range()
        if rng is not None:
            run["start"], run["end"] = from_utf16(text_now, rng[0]), from_utf16(text_now, rng[1])
        runs.append(run)
        if rng is not None and not self.editor.hasFocus():
            end = QTextCursor(self.editor.document())
            end.setPosition(rng[1])
            self.editor.setTextCursor(end)  # go on writing where the completion ends
        self._fill_choices()
        self._apply_highlight()
        stats = self._stats_text(run)
        self.statsLabel.setText(" ".join(p for p in (note, stats) if p))
        if state.error:
            self._show_error(state.error)
        self.conversation.touch()
        self.edited.emit()

    # -- choices (n > 1) ------------------------------------------------------------------
    def _fill_choices(self) -> None:
        self.choiceList.clear()
        run = self._last_run()
        texts = run.get("choices") if run else None
        if not isinstance(texts, list) or len(texts) < 2:
            self.choicesBox.hide()
            return
        data = run.get("choice_data") if run else None
        data = data if isinstance(data, list) else []
        picked = _int_or_none(run.get("choice") if run else None) or 0
        for k, t in enumerate(texts):
            finish = (
                data[k].get("finish_reason")
                if k < len(data) and isinstance(data[k], dict)
                else None
            )
            preview = str(t).strip().replace("\n", " ⏎ ")
            if len(preview) > 160:
                preview = preview[:159] + "…"
            label = f"{k + 1}. {preview}"
            if finish:
                label += "  " + self.tr("({0})").format(finish)
            item = QListWidgetItem(label)
            item.setToolTip(str(t))
            item.setData(Qt.ItemDataRole.UserRole, k)
            self.choiceList.addItem(item)
        self.choiceList.setCurrentRow(picked)
        self.choicesBox.show()

    def _on_choice_clicked(self, item: QListWidgetItem) -> None:
        self.pick_choice(int(item.data(Qt.ItemDataRole.UserRole)))

    def pick_choice(self, index: int) -> bool:
        """Put choice `index` of the last run in place of the completion shown."""
        run = self._last_run()
        if self._busy or run is None:
            return False
        texts = run.get("choices")
        rng = self._range()
        if not isinstance(texts, list) or not 0 <= index < len(texts) or rng is None:
            return False
        if index == _int_or_none(run.get("choice")):
            return True
        new = str(texts[index])
        cur = QTextCursor(self.editor.document())
        cur.setPosition(rng[0])
        cur.setPosition(rng[1], QTextCursor.MoveMode.KeepAnchor)
        self._loading = True
        try:
            cur.insertText(new)
        finally:
            self._loading = False
        self._track(rng[0], rng[0] + utf16_len(new))
        data = run.get("choice_data")
        if isinstance(data, list) and index < len(data) and isinstance(data[index], dict):
            run["finish_reason"] = data[index].get("finish_reason")
            run["logprobs"] = data[index].get("logprobs")
        run["text"] = new
        run["choice"] = index
        self._sync_prompt()
        self._apply_highlight()
        self.statsLabel.setText(self._stats_text(run))
        self.conversation.touch()
        self.edited.emit()
        return True

    # -- highlight and heatmap ------------------------------------------------------------
    def _apply_highlight(self, *_: Any) -> None:
        self._heat_tokens = []
        self._heat_spans = TokenSpans()
        rng = self._range()
        if rng is None:
            self.editor.setExtraSelections([])
            return
        run = self._last_run()
        sels: list[QTextEdit.ExtraSelection] = []
        if self.heatmapBox.isChecked() and not self._busy and run is not None:
            sels = self._heat_selections(run, rng)
        if not sels and rng[1] > rng[0]:
            sel = QTextEdit.ExtraSelection()
            sel.cursor = QTextCursor(self._sel)
            fmt = sel.format
            hl = QColor(self.palette().color(QPalette.ColorRole.Highlight))
            hl.setAlpha(60)
            fmt.setBackground(hl)
            sel.format = fmt
            sels = [sel]
        self.editor.setExtraSelections(sels)

    def _heat_selections(
        self, run: dict[str, Any], rng: tuple[int, int]
    ) -> list[QTextEdit.ExtraSelection]:
        tokens = from_completion(run.get("logprobs"))
        if not tokens:
            return []
        text = self.editor.toPlainText()
        start_u = rng[0]
        prompt = run.get("prompt")
        if run.get("echoed") and isinstance(prompt, str):
            start_u -= utf16_len(prompt)  # the echoed prompt's tokens come first
        if start_u < 0:
            return []
        i = from_utf16(text, start_u)
        u = start_u
        doc = self.editor.document()
        sels: list[QTextEdit.ExtraSelection] = []
        for k, t in enumerate(tokens):
            if not t.text:
                continue
            if not text.startswith(t.text, i):
                break  # edited since: colour only what still matches
            n = utf16_len(t.text)
            bg = heat_colour(t.probability)
            sel = QTextEdit.ExtraSelection()
            cur = QTextCursor(doc)
            cur.setPosition(u)
            cur.setPosition(u + n, QTextCursor.MoveMode.KeepAnchor)
            sel.cursor = cur
            fmt = sel.format
            fmt.setBackground(QColor(*bg))
            fmt.setForeground(QColor(*text_colour(bg)))
            sel.format = fmt
            sels.append(sel)
            self._heat_spans.add(u, u + n, k)
            i += len(t.text)
            u += n
        self._heat_tokens = tokens
        self._track_hover()
        return sels

    def _track_hover(self) -> None:
        """Hover tooltips start with the first coloured token: asking for the viewport makes
        PySide wrap every widget type it might be (~1 MiB), which an idle window never needs."""
        if self._viewport is None:
            self._viewport = self.editor.viewport()
            self._viewport.setMouseTracking(True)
            self._viewport.installEventFilter(self)

    def heat_token_at(self, pos: int) -> TokenProb | None:
        """The coloured token at document position `pos` (for tests and tooltips)."""
        k = self._heat_spans.index_at(pos)
        return None if k is None else self._heat_tokens[k]

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if obj is self._viewport and event.type() == QEvent.Type.MouseMove:
            assert isinstance(event, QMouseEvent)
            tok = None
            if self._heat_tokens:
                pos = char_at(self.editor, event.position().toPoint())
                tok = None if pos is None else self.heat_token_at(pos)
            if tok is not None:
                QToolTip.showText(
                    event.globalPosition().toPoint(), tooltip_text(tok), self._viewport
                )
                self._tip_shown = True
            elif self._tip_shown:
                QToolTip.hideText()
                self._tip_shown = False
        return super().eventFilter(obj, event)

    # -- statistics -----------------------------------------------------------------------
    def _stats_text(self, run: dict[str, Any]) -> str:
        parts: list[str] = []
        status = run.get("status")
        if status == "stopped":
            parts.append(self.tr("Stopped"))
        elif status == "error":
            parts.append(self.tr("Failed"))
        finish = run.get("finish_reason")
        if isinstance(finish, str) and finish:
            parts.append(self.tr("finish: {0}").format(finish))
        usage = run.get("usage")
        completion_tokens: int | None = None
        if isinstance(usage, dict):
            pt = _int_or_none(usage.get("prompt_tokens"))
            ct = _int_or_none(usage.get("completion_tokens"))
            tt = _int_or_none(usage.get("total_tokens"))
            completion_tokens = ct
            if pt is not None and ct is not None:
                total = tt if tt is not None else pt + ct
                parts.append(
                    self.tr("{0} prompt + {1} completion = {2} tokens").format(pt, ct, total)
                )
        ttft, total_time = run.get("ttft"), run.get("total_time")
        if isinstance(ttft, (int, float)):
            parts.append(self.tr("first token {0} s").format(f"{ttft:.2f}"))
        if isinstance(total_time, (int, float)):
            parts.append(self.tr("total {0} s").format(f"{total_time:.2f}"))
            if completion_tokens and isinstance(ttft, (int, float)):
                gen = total_time - ttft
                if gen >= 0.05:
                    parts.append(self.tr("{0} tokens/s").format(f"{completion_tokens / gen:.1f}"))
        return " · ".join(parts)

    def last_run(self) -> dict[str, Any] | None:
        """A copy of the last run's record (for an inspector)."""
        run = self._last_run()
        return copy.deepcopy(run) if run is not None else None
