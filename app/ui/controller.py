"""The chat controller: turns the composer's text into a request and the stream into a message.

It owns the conversation in memory and the running answer task; widgets only listen to its
signals. Stop cancels the task and keeps the partial answer; an error keeps it too, marked, with
a Retry that sends the same request again.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from app.core.conversation import Conversation, Message, Status
from app.core.params import adapt_params

from .asyncbridge import TaskGroup
from .errors_text import describe_error

if TYPE_CHECKING:
    from app.api.client import ApiClient
    from app.api.types import ChatRequest

log = logging.getLogger("chatterdesk.ui")


class ChatController(QObject):
    messageAdded = Signal(int)
    conversationReset = Signal()
    messageChanged = Signal(int)
    answerFinished = Signal(int)
    busyChanged = Signal(bool)
    statusMessage = Signal(str)

    def __init__(self, tasks: TaskGroup, client_factory: Callable[[], ApiClient]) -> None:
        super().__init__()
        self.tasks = tasks
        self.client_factory = client_factory
        self.conversation = Conversation()
        self._task: asyncio.Task[None] | None = None
        self._busy = False
        self.last_request: dict[str, Any] | None = None

    @property
    def busy(self) -> bool:
        return self._busy

    def new_conversation(self) -> None:
        self.stop()
        self.conversation = Conversation(system_prompt=self.conversation.system_prompt)
        self.conversationReset.emit()

    def send(
        self,
        text: str,
        model: str,
        params: dict[str, Any],
        *,
        stream: bool = True,
        include_usage: bool = True,
    ) -> bool:
        if self.busy or not text.strip() or not model.strip():
            return False
        conv = self.conversation
        conv.messages.append(Message(role="user", content=text))
        self.messageAdded.emit(len(conv.messages) - 1)
        self._start_answer(model.strip(), params, stream, include_usage)
        return True

    def can_retry(self) -> bool:
        msgs = self.conversation.messages
        return (
            not self.busy
            and bool(msgs)
            and msgs[-1].role == "assistant"
            and msgs[-1].status in (Status.ERROR, Status.STOPPED)
        )

    def retry(self) -> bool:
        """Ask again for the last answer; what it had so far is kept as an alternative."""
        if not self.can_retry():
            return False
        last = self.conversation.messages.pop()
        self.conversationReset.emit()
        req = self.last_request or {}
        model = last.model or req.get("model", "")
        self._start_answer(
            model,
            dict(last.params),
            bool(req.get("stream", True)),
            bool(req.get("include_usage", True)),
            alternatives=[*last.alternatives, *([last.content] if last.content else [])],
        )
        return True

    def stop(self) -> None:
        if self._task is not None and not self._task.done():
            self._task.cancel()

    async def wait_idle(self) -> None:
        if self._task is not None:
            await asyncio.gather(self._task, return_exceptions=True)

    def _start_answer(
        self,
        model: str,
        params: dict[str, Any],
        stream: bool,
        include_usage: bool,
        alternatives: list[str] | None = None,
    ) -> None:
        conv = self.conversation
        history = conv.request_messages()
        msg = Message(
            role="assistant",
            model=model,
            params=dict(params),
            status=Status.STREAMING,
            alternatives=alternatives or [],
        )
        conv.messages.append(msg)
        index = len(conv.messages) - 1
        self.messageAdded.emit(index)
        self.last_request = {"model": model, "stream": stream, "include_usage": include_usage}
        sent = adapt_params(model, params)
        if stream and include_usage:
            sent["stream_options"] = {"include_usage": True}
        from app.api.types import ChatRequest

        request = ChatRequest(model=model, messages=history, params=sent)
        self._busy = True
        self._task = self.tasks.spawn(self._answer(index, msg, request, stream), name="answer")
        self.busyChanged.emit(True)

    async def _answer(self, index: int, msg: Message, request: ChatRequest, stream: bool) -> None:
        from app.api.errors import ApiError

        t0 = time.monotonic()
        try:
            client = self.client_factory()
            if stream:
                async with client.stream_chat(request) as chunks:
                    async for chunk in chunks:
                        self._apply_chunk(msg, chunk, t0)
                        self.messageChanged.emit(index)
            else:
                result = await client.chat(request)
                msg.ttft = time.monotonic() - t0
                msg.response_id = result.id
                msg.system_fingerprint = result.system_fingerprint
                if result.choices:
                    c = result.choices[0]
                    msg.content = c.message.content or c.message.refusal or ""
                    msg.reasoning = c.message.reasoning or ""
                    msg.finish_reason = c.finish_reason
                if result.usage is not None:
                    msg.usage = result.usage.raw
            msg.status = Status.OK
        except asyncio.CancelledError:
            msg.status = Status.STOPPED
            self.statusMessage.emit(self.tr("Stopped. The partial answer is kept."))
            raise
        except ApiError as err:
            msg.status = Status.ERROR
            msg.error = describe_error(err)
            log.warning("answer failed: %s", err)
            self.statusMessage.emit(msg.error)
        except Exception as err:  # a bug must not lose the answer or reach the user raw
            log.exception("answer failed unexpectedly")
            msg.status = Status.ERROR
            msg.error = self.tr("Unexpected problem: {0}").format(type(err).__name__)
        finally:
            msg.total_time = time.monotonic() - t0
            self._busy = False
            self.messageChanged.emit(index)
            self.answerFinished.emit(index)
            self.busyChanged.emit(False)

    @staticmethod
    def _apply_chunk(msg: Message, chunk: Any, t0: float) -> None:
        if chunk.usage is not None:
            msg.usage = chunk.usage.raw
        if chunk.id and not msg.response_id:
            msg.response_id = chunk.id
        if chunk.system_fingerprint:
            msg.system_fingerprint = chunk.system_fingerprint
        for c in chunk.choices:
            if c.index != 0:
                continue
            d = c.delta
            if d.content:
                if msg.ttft is None:
                    msg.ttft = time.monotonic() - t0
                msg.content += d.content
                msg.chunks += 1
            if d.reasoning:
                if msg.ttft is None:
                    msg.ttft = time.monotonic() - t0
                msg.reasoning += d.reasoning
            if d.refusal:
                msg.content += d.refusal
            if c.finish_reason:
                msg.finish_reason = c.finish_reason
