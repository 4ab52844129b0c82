"""The conversation held in memory: messages with what was asked, what came back, and how."""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass, field
from typing import Any


class Status:
    OK = "ok"
    STREAMING = "streaming"
    STOPPED = "stopped"
    ERROR = "error"


@dataclass
class Message:
    role: str  # user, assistant
    content: str = ""
    created: float = field(default_factory=time.time)
    model: str | None = None
    params: dict[str, Any] = field(default_factory=dict)
    reasoning: str = ""
    status: str = Status.OK
    error: str | None = None  # the user-facing message of a failure
    finish_reason: str | None = None
    usage: dict[str, Any] | None = None
    ttft: float | None = None  # seconds to first token
    total_time: float | None = None
    response_id: str | None = None
    system_fingerprint: str | None = None
    chunks: int = 0
    alternatives: list[str] = field(default_factory=list)  # earlier answers replaced by Retry

    @property
    def tokens_per_second(self) -> float | None:
        if self.total_time is None or self.ttft is None:
            return None
        gen = self.total_time - self.ttft
        n = self.completion_tokens
        if n is None or gen <= 0:
            return None
        return n / gen

    @property
    def completion_tokens(self) -> int | None:
        if self.usage and isinstance(self.usage.get("completion_tokens"), int):
            return int(self.usage["completion_tokens"])
        return self.chunks or None  # one content chunk is about one token

    @property
    def usage_estimated(self) -> bool:
        return not (self.usage and isinstance(self.usage.get("completion_tokens"), int))


@dataclass
class Conversation:
    id: str = field(default_factory=lambda: uuid.uuid4().hex)
    title: str = ""
    system_prompt: str = ""
    messages: list[Message] = field(default_factory=list)

    def request_messages(self) -> list[dict[str, Any]]:
        """What the model sees: the system prompt and every exchange the user saw.

        Partial answers (stopped or failed) are included with the text the user saw; a failed
        answer with no text is left out.
        """
        out: list[dict[str, Any]] = []
        if self.system_prompt.strip():
            out.append({"role": "system", "content": self.system_prompt})
        for m in self.messages:
            if m.role == "assistant" and not m.content:
                continue
            out.append({"role": m.role, "content": m.content})
        return out
