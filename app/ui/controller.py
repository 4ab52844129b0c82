"""The chat controller: turns what the user does into requests and tree edits.

It owns the conversation in memory and the running answer task; widgets only listen to its
signals. Stop cancels the task and keeps the partial answer; an error keeps it too, marked.
Retry and Regenerate ask again and keep the earlier answer as a branch, never replacing it.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from app.core.conversation import Conversation, Message, Status
from app.core.params import adapt_params

from .asyncbridge import TaskGroup
from .errors_text import describe_error, describe_local_error

if TYPE_CHECKING:
    from app.api.client import ApiClient
    from app.api.errors import ApiError
    from app.api.types import ChatRequest
    from app.core.model_rules import RuleStore

log = logging.getLogger("chatterdesk.ui")


class ChatController(QObject):
    messageAdded = Signal(int)
    messageChanged = Signal(int)  # streaming text; the view repaints at most ~30 times a second
    conversationReset = Signal()  # the path changed shape: the view rebuilds
    conversationEdited = Signal()  # anything worth saving changed
    answerStarted = Signal(int)
    answerFinished = Signal(int)
    busyChanged = Signal(bool)
    statusMessage = Signal(str)

    def __init__(
        self,
        tasks: TaskGroup,
        client_factory: Callable[[], ApiClient],
        rules: RuleStore | None = None,
        before_request: Callable[[], Awaitable[None]] | None = None,
    ) -> None:
        super().__init__()
        self.tasks = tasks
        self.client_factory = client_factory
        self.rules = rules
        self.before_request = before_request  # e.g. start the local model server first
        self.errors: dict[str, ApiError] = {}  # message id -> the error that ended it
        self.conversation = Conversation()
        self._task: asyncio.Task[None] | None = None
        self._busy = False

    @property
    def busy(self) -> bool:
        return self._busy

    def set_conversation(self, conv: Conversation) -> None:
        self.stop()
        self.conversation = conv
        self.conversationReset.emit()

    # -- sending --------------------------------------------------------------------------
    def send(
        self,
        text: str,
        model: str,
        params: dict[str, Any],
        *,
        stream: bool = True,
        include_usage: bool = True,
        role: str = "user",
    ) -> bool:
        if self.busy or not text.strip() or not model.strip():
            return False
        self.add_message(role, text)
        self._start_answer(model.strip(), params, stream, include_usage)
        return True

    def add_message(self, role: str, text: str) -> int:
        """Append a message of any role without asking for an answer (few-shot prompts)."""
        index = self.conversation.append(Message(role=role, content=text))
        self.messageAdded.emit(index)
        self.conversationEdited.emit()
        return index

    def can_retry(self) -> bool:
        msgs = self.conversation.messages
        return (
            not self.busy
            and bool(msgs)
            and msgs[-1].role == "assistant"
            and msgs[-1].status in (Status.ERROR, Status.STOPPED, Status.INTERRUPTED)
        )

    def retry(self, fallback_model: str = "") -> bool:
        """Ask again for the last (failed or stopped) answer with the same model and parameters."""
        if not self.can_retry():
            return False
        last = self.conversation.messages[-1]
        return self.regenerate(
            len(self.conversation.messages) - 1,
            last.model or self.conversation.model or fallback_model,
            dict(last.params),
            stream=self.conversation.stream,
            include_usage=self.conversation.include_usage,
        )

    def regenerate(
        self,
        index: int,
        model: str,
        params: dict[str, Any],
        *,
        stream: bool = True,
        include_usage: bool = True,
    ) -> bool:
        """A new answer in place of the one at `index`; the old one stays as a branch."""
        conv = self.conversation
        if self.busy or not 0 <= index < len(conv.messages) or not model.strip():
            return False
        if conv.messages[index].role != "assistant":
            return False
        conv.rewind_to(index)
        self.conversationReset.emit()
        self._start_answer(model.strip(), params, stream, include_usage)
        return True

    def edit_message(
        self,
        index: int,
        text: str,
        *,
        resend: bool = False,
        model: str = "",
        params: dict[str, Any] | None = None,
        stream: bool = True,
        include_usage: bool = True,
    ) -> bool:
        """Change a message in place, or (resend) as a new branch that gets a new answer."""
        conv = self.conversation
        if self.busy or not 0 <= index < len(conv.messages):
            return False
        old = conv.messages[index]
        if resend and model.strip():
            conv.rewind_to(index)
            conv.append(Message(role=old.role, content=text))
            self.conversationReset.emit()
            self.conversationEdited.emit()
            self._start_answer(model.strip(), params or {}, stream, include_usage)
            return True
        old.content = text
        if old.status in (Status.ERROR, Status.STOPPED, Status.INTERRUPTED) and text:
            old.status, old.error = Status.OK, None
        conv.touch()
        self.conversationReset.emit()
        self.conversationEdited.emit()
        return True

    def delete_message(self, index: int) -> bool:
        if self.busy or not 0 <= index < len(self.conversation.messages):
            return False
        self.conversation.delete(index)
        self.conversationReset.emit()
        self.conversationEdited.emit()
        return True

    def switch_branch(self, index: int, step: int) -> bool:
        if self.busy or not 0 <= index < len(self.conversation.messages):
            return False
        if not self.conversation.switch_branch(index, step):
            return False
        self.conversationReset.emit()
        self.conversationEdited.emit()
        return True

    def stop(self) -> None:
        if self._task is not None and not self._task.done():
            self._task.cancel()

    async def wait_idle(self) -> None:
        if self._task is not None:
            await asyncio.gather(self._task, return_exceptions=True)

    # -- one answer -----------------------------------------------------------------------
    def _start_answer(
        self, model: str, params: dict[str, Any], stream: bool, include_usage: bool
    ) -> None:
        conv = self.conversation
        conv.model = model
        conv.stream = stream
        conv.include_usage = include_usage
        history = conv.request_messages()
        msg = Message(role="assistant", model=model, params=dict(params), status=Status.STREAMING)
        index = conv.append(msg)
        self.messageAdded.emit(index)
        if self.rules is not None:
            from app.core.model_rules import adapt

            sent = adapt(params, self.rules.capabilities(model))
        else:
            sent = adapt_params(model, params)
        if stream and include_usage:
            sent["stream_options"] = {"include_usage": True}
        from app.api.types import ChatRequest

        request = ChatRequest(model=model, messages=history, params=sent)
        self._busy = True
        self._task = self.tasks.spawn(self._answer(index, msg, request, stream), name="answer")
        self.busyChanged.emit(True)
        self.answerStarted.emit(index)

    async def _answer(self, index: int, msg: Message, request: ChatRequest, stream: bool) -> None:
        from app.api.errors import ApiError
        from app.core.local_server import LocalServerError

        t0 = time.monotonic()
        try:
            if self.before_request is not None:
                await self.before_request()
                t0 = time.monotonic()  # timings are the server's, not the start-up's
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
                    msg.logprobs = c.logprobs
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
            self.errors[msg.id] = err
            log.warning("answer failed: %s", err)
            self.statusMessage.emit(msg.error)
        except LocalServerError as err:
            msg.status = Status.ERROR
            msg.error = describe_local_error(err)
            log.warning("answer failed: %s", err)
            self.statusMessage.emit(msg.error)
        except Exception as err:  # a bug must not lose the answer or reach the user raw
            log.exception("answer failed unexpectedly")
            msg.status = Status.ERROR
            msg.error = self.tr("Unexpected problem: {0}").format(type(err).__name__)
        finally:
            msg.total_time = time.monotonic() - t0
            self._busy = False
            self.conversation.touch()
            self.messageChanged.emit(index)
            self.answerFinished.emit(index)
            self.busyChanged.emit(False)
            self.conversationEdited.emit()

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
