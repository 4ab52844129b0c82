"""One answer being received: chunks (or a final object) onto messages, one per choice.

With n > 1 the server interleaves choices by `index`; each becomes its own message, siblings of
the first, so the file keeps every choice as a branch. The response is assembled into one object
shaped like a non-streamed one, so the inspector and the file show the same thing either way;
the raw chunks are kept (bounded) for this session only.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from app.api.types import ChatChunk, ChatCompletion

from .conversation import Message

MAX_RAW_CHUNKS = 5_000  # the inspector's chunk list; an answer beyond this keeps the first ones


class AnswerBuilder:
    def __init__(
        self,
        first: Message,
        t0: float,
        make_sibling: Callable[[int], Message],
        n: int = 1,
    ) -> None:
        self.messages: dict[int, Message] = {0: first}
        self.t0 = t0
        self.make_sibling = make_sibling
        self.n = n
        self.raw_chunks: list[dict[str, Any]] = []
        self.chunk_count = 0
        self._head: dict[str, Any] = {}
        self._usage: dict[str, Any] | None = None
        self._final: dict[str, Any] | None = None  # the non-streamed response, as received
        if n > 1:
            first.choice_index = 0
            first.choice_group = first.id

    def message(self, index: int) -> Message:
        msg = self.messages.get(index)
        if msg is None:
            msg = self.messages[index] = self.make_sibling(index)
            msg.choice_index = index
            msg.choice_group = self.messages[0].id
        return msg

    def _stamp_head(self, d: dict[str, Any]) -> None:
        for k in ("id", "created", "model", "system_fingerprint"):
            v = d.get(k)
            if v is not None and k not in self._head:
                self._head[k] = v

    # -- streamed -------------------------------------------------------------------------
    def add_chunk(self, chunk: ChatChunk, now: float | None = None) -> set[int]:
        """Apply one chunk; returns the choice indexes whose text changed."""
        now = time.monotonic() if now is None else now
        self.chunk_count += 1
        if len(self.raw_chunks) < MAX_RAW_CHUNKS:
            self.raw_chunks.append(chunk.raw)
        self._stamp_head(chunk.raw)
        if chunk.usage is not None:
            self._usage = chunk.usage.raw
        changed: set[int] = set()
        for c in chunk.choices:
            if c.index < 0 or c.index >= max(self.n, 1) + 127:  # ignore nonsense indexes
                continue
            msg = self.message(c.index)
            if chunk.id and not msg.response_id:
                msg.response_id = chunk.id
            if chunk.system_fingerprint:
                msg.system_fingerprint = chunk.system_fingerprint
            d = c.delta
            if d.content or d.reasoning or d.refusal:
                if msg.ttft is None:
                    msg.ttft = now - self.t0
                changed.add(c.index)
            if d.content:
                msg.content += d.content
                msg.chunks += 1
            if d.reasoning:
                msg.reasoning += d.reasoning
            if d.refusal:
                msg.content += d.refusal
            if c.logprobs is not None:
                from .logprobs import join_chat  # only when asked for: most answers have none

                msg.logprobs = join_chat(msg.logprobs, c.logprobs)
            if c.finish_reason:
                msg.finish_reason = c.finish_reason
                changed.add(c.index)
        if chunk.usage is not None:
            for msg in self.messages.values():
                msg.usage = chunk.usage.raw  # usage covers the whole request, all choices
        return changed

    # -- not streamed ---------------------------------------------------------------------
    def set_result(self, result: ChatCompletion, now: float | None = None) -> None:
        now = time.monotonic() if now is None else now
        self._stamp_head(result.raw)
        for c in result.choices:
            msg = self.message(c.index)
            msg.ttft = now - self.t0
            msg.response_id = result.id
            msg.system_fingerprint = result.system_fingerprint
            msg.content = c.message.content or c.message.refusal or ""
            msg.reasoning = c.message.reasoning or ""
            msg.finish_reason = c.finish_reason
            msg.logprobs = c.logprobs
            if result.usage is not None:
                msg.usage = result.usage.raw
        self._final = result.raw
        for msg in self.messages.values():
            msg.response = result.raw

    # -- the end --------------------------------------------------------------------------
    def finish(self, total_time: float) -> None:
        """Stamp every choice with the time and (when streamed) the assembled response."""
        assembled = None if self._final is not None else self.assembled()
        for msg in self.messages.values():
            msg.total_time = total_time
            if assembled is not None:
                msg.response = assembled

    def assembled(self) -> dict[str, Any]:
        """The streamed response as one object, the shape of a non-streamed one."""
        choices = []
        for index in sorted(self.messages):
            m = self.messages[index]
            message: dict[str, Any] = {"role": "assistant", "content": m.content}
            if m.reasoning:
                message["reasoning_content"] = m.reasoning
            choice: dict[str, Any] = {
                "index": index,
                "message": message,
                "finish_reason": m.finish_reason,
            }
            if m.logprobs is not None:
                choice["logprobs"] = m.logprobs
            choices.append(choice)
        h = self._head
        out: dict[str, Any] = {
            "id": h.get("id"),
            "object": "chat.completion",
            "created": h.get("created"),
            "model": h.get("model"),
            "system_fingerprint": h.get("system_fingerprint"),
            "choices": choices,
        }
        if self._usage is not None:
            out["usage"] = self._usage
        out["chunks"] = self.chunk_count
        return out
