"""The chat controller: turns what the user does into requests and tree edits.

It owns the conversation in memory and the running answer task; widgets only listen to its
signals. Stop cancels the task and keeps the partial answer; an error keeps it too, marked.
Retry and Regenerate ask again and keep the earlier answer as a branch, never replacing it.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import OrderedDict
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
    choicesChanged = Signal(str)  # the first choice's message id: one of its n siblings changed
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
        # message id -> the raw chunks received: for the inspector, this session only, bounded
        self.raw_chunks: OrderedDict[str, list[dict[str, Any]]] = OrderedDict()
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

    def _forget_task(self, task: asyncio.Task[None]) -> None:
        """Drop the finished answer task: a stopped one keeps its CancelledError, whose
        traceback holds the answer's frames (builder, request, last chunk) until replaced."""
        if self._task is task:
            self._task = None

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
        request = self.request_for(model, history, params, stream, include_usage)
        msg.request = {k: v for k, v in request.body(stream).items() if k != "messages"}
        self._busy = True
        self._task = self.tasks.spawn(self._answer(index, msg, request, stream), name="answer")
        self._task.add_done_callback(self._forget_task)
        self.busyChanged.emit(True)
        self.answerStarted.emit(index)

    def request_for(
        self,
        model: str,
        messages: list[dict[str, Any]],
        params: dict[str, Any],
        stream: bool,
        include_usage: bool,
    ) -> ChatRequest:
        """The request as it is sent: the parameters adapted to the model's rules, then
        stream_options. Copy as code shows the same request."""
        from app.api.types import ChatRequest

        if self.rules is not None:
            from app.core.model_rules import adapt

            sent = adapt(params, self.rules.capabilities(model))
        else:
            sent = adapt_params(model, params)
        if stream and include_usage:
            sent["stream_options"] = {"include_usage": True}
        return ChatRequest(model=model, messages=messages, params=sent)

    async def _answer(self, index: int, msg: Message, request: ChatRequest, stream: bool) -> None:
        from app.api.errors import ApiError
        from app.core.answer import AnswerBuilder
        from app.core.local_server import LocalServerError

        t0 = time.monotonic()
        n = request.params.get("n")
        builder = AnswerBuilder(
            msg, t0, lambda i: self._sibling(msg), n if isinstance(n, int) and n > 1 else 1
        )
        try:
            if self.before_request is not None:
                await self.before_request()
                t0 = builder.t0 = time.monotonic()  # timings are the server's, not the start-up's
            client = self.client_factory()
            if stream:
                async with client.stream_chat(request) as chunks:
                    async for chunk in chunks:
                        changed = builder.add_chunk(chunk)
                        if 0 in changed or chunk.usage is not None:
                            self.messageChanged.emit(index)
                        if len(changed - {0}) > 0:
                            self.choicesChanged.emit(msg.id)
            else:
                builder.set_result(await client.chat(request))
            for m in builder.messages.values():
                m.status = Status.OK
        except asyncio.CancelledError:
            self._set_status(builder, Status.STOPPED)
            self.statusMessage.emit(self.tr("Stopped. The partial answer is kept."))
            raise
        except ApiError as err:
            self._set_status(builder, Status.ERROR, describe_error(err))
            self.errors[msg.id] = err
            log.warning("answer failed: %s", err)
            self.statusMessage.emit(msg.error)
        except LocalServerError as err:
            self._set_status(builder, Status.ERROR, describe_local_error(err))
            log.warning("answer failed: %s", err)
            self.statusMessage.emit(msg.error)
        except Exception as err:  # a bug must not lose the answer or reach the user raw
            log.exception("answer failed unexpectedly")
            self._set_status(
                builder, Status.ERROR, self.tr("Unexpected problem: {0}").format(type(err).__name__)
            )
        finally:
            builder.finish(time.monotonic() - builder.t0)
            self.raw_chunks[msg.id] = builder.raw_chunks
            while len(self.raw_chunks) > 10:  # the last ten answers: enough to inspect, bounded
                self.raw_chunks.popitem(last=False)
            self._busy = False
            self.conversation.touch()
            self.messageChanged.emit(index)
            if len(builder.messages) > 1:
                self.choicesChanged.emit(msg.id)
            self.answerFinished.emit(index)
            self.busyChanged.emit(False)
            self.conversationEdited.emit()

    def _sibling(self, first: Message) -> Message:
        """A message for another of the n choices: a branch beside the first."""
        m = Message(
            role="assistant",
            model=first.model,
            params=dict(first.params),
            status=Status.STREAMING,
            request=first.request,
        )
        self.conversation.add_sibling(first, m)
        return m

    @staticmethod
    def _set_status(builder: Any, status: str, error: str | None = None) -> None:
        for m in builder.messages.values():
            m.status = status
            if error is not None:
                m.error = error

    def choices_of(self, message_id: str) -> list[Message]:
        """The n choices one request gave, in choice order (one message when n was 1)."""
        msg = self.conversation.nodes.get(message_id)
        if msg is None:
            return []
        if msg.choice_group is None:
            return [msg]
        same = [m for m in self.conversation.siblings(msg) if m.choice_group == msg.choice_group]
        return sorted(same, key=lambda m: m.choice_index or 0)

    def use_choice(self, message_id: str) -> bool:
        """Continue the conversation from this choice (the others stay as branches)."""
        conv = self.conversation
        msg = conv.nodes.get(message_id)
        if self.busy or msg is None:
            return False
        conv.current = conv.latest_leaf(msg).id
        conv.rebuild_path()
        conv.touch()
        self.conversationReset.emit()
        self.conversationEdited.emit()
        return True
