"""The conversation in memory: a tree of messages, of which one path is shown and sent.

Regenerating an answer or editing a message and resending it adds a sibling instead of replacing
anything, so every earlier version stays reachable (◀ 1/2 ▶). `messages` is the current path,
kept in step with `nodes` by every operation here.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from typing import Any

ROLES = ("system", "developer", "user", "assistant")


class Status:
    OK = "ok"
    STREAMING = "streaming"  # only on disk while an answer is being written
    STOPPED = "stopped"
    ERROR = "error"
    INTERRUPTED = "interrupted"  # found streaming on load: the app or machine died mid-answer


def new_id() -> str:
    """A message id: 64 random bits in hex. (Not the uuid module: it imports platform and
    ctypes helpers, ~0.2 MiB and ~2 ms, for what the OS's random source gives directly.)"""
    return os.urandom(8).hex()


def new_conversation_id() -> str:
    """128 random bits in hex, the length of a uuid4's hex."""
    return os.urandom(16).hex()


@dataclass
class Message:
    role: str  # system, developer, user, assistant
    content: str = ""
    id: str = field(default_factory=new_id)
    parent: str | None = None
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
    logprobs: Any = None  # as the server sent them (chat: {"content": [...]}; streamed: joined)
    request: dict[str, Any] | None = None  # the body sent, without `messages` (the path has them)
    response: dict[str, Any] | None = None  # the final object, or one assembled from the chunks
    choice_index: int | None = None  # which of n choices this is, when n > 1
    choice_group: str | None = None  # the id of the first choice: the n choices of one request

    @property
    def tokens_per_second(self) -> float | None:
        if self.total_time is None or self.ttft is None:
            return None
        gen = self.total_time - self.ttft
        n = self.completion_tokens
        if n is None or gen < 0.05:  # too short to measure: a buffered or cached answer
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
    id: str = field(default_factory=new_conversation_id)
    title: str = ""
    title_custom: bool = False  # the user named it; otherwise the first user message names it
    created: float = field(default_factory=time.time)
    updated: float = field(default_factory=time.time)
    provider_name: str = ""
    base_url: str = ""
    model: str = ""
    system_prompt: str = ""
    params: dict[str, Any] = field(default_factory=dict)
    stream: bool = True
    include_usage: bool = True
    tts: dict[str, Any] = field(default_factory=dict)
    mode: str = "chat"  # "chat" or "completion" (legacy /completions, a prompt document)
    completion: dict[str, Any] = field(default_factory=dict)  # the completions-mode document
    nodes: dict[str, Message] = field(default_factory=dict)  # every message, in creation order
    current: str | None = None  # the leaf of the path shown
    messages: list[Message] = field(default_factory=list)  # the current path, root first

    # -- the tree -------------------------------------------------------------------------
    def rebuild_path(self) -> None:
        path: list[Message] = []
        seen: set[str] = set()
        node = self.nodes.get(self.current) if self.current else None
        while node is not None and node.id not in seen:
            seen.add(node.id)
            path.append(node)
            node = self.nodes.get(node.parent) if node.parent else None
        path.reverse()
        self.messages = path

    def children(self, parent: str | None) -> list[Message]:
        return [m for m in self.nodes.values() if m.parent == parent]

    def siblings(self, msg: Message) -> list[Message]:
        return self.children(msg.parent)

    def branch_info(self, index: int) -> tuple[int, int]:
        """(position, count) of the message at `index` among its versions, 1-based."""
        msg = self.messages[index]
        sibs = self.siblings(msg)
        return sibs.index(msg) + 1, len(sibs)

    def latest_leaf(self, msg: Message) -> Message:
        """Follow the newest child down to a leaf: where a switched-to branch continues."""
        newest_child: dict[str, Message] = {}  # one pass, not one scan of all nodes per level
        for m in self.nodes.values():
            if m.parent is not None:
                newest_child[m.parent] = m
        node = msg
        seen = {node.id}
        while (kid := newest_child.get(node.id)) is not None and kid.id not in seen:
            seen.add(kid.id)
            node = kid
        return node

    def switch_branch(self, index: int, step: int) -> bool:
        msg = self.messages[index]
        sibs = self.siblings(msg)
        pos = sibs.index(msg) + step
        if not 0 <= pos < len(sibs):
            return False
        self.current = self.latest_leaf(sibs[pos]).id
        self.rebuild_path()
        return True

    def append(self, msg: Message) -> int:
        """Add a message after the current path's end; returns its index in `messages`."""
        msg.parent = self.current
        self.nodes[msg.id] = msg
        self.current = msg.id
        self.messages.append(msg)
        self.touch()
        if not self.title_custom and not self.title and msg.role == "user":
            self.title = default_title(msg.content)
        return len(self.messages) - 1

    def add_sibling(self, of: Message, msg: Message) -> None:
        """Another version of `of` (one of n choices) that the path does not show."""
        msg.parent = of.parent
        self.nodes[msg.id] = msg
        self.touch()

    def rewind_to(self, index: int) -> None:
        """Make the path end just before `index`, so the next message there is a new branch."""
        self.current = self.messages[index - 1].id if index > 0 else None
        self.rebuild_path()

    def delete(self, index: int) -> None:
        """Remove one message; its replies move up to its parent."""
        msg = self.messages[index]
        for child in self.children(msg.id):
            child.parent = msg.parent
        del self.nodes[msg.id]
        if self.current == msg.id:
            self.current = msg.parent
        self.rebuild_path()
        self.touch()

    def touch(self) -> None:
        self.updated = time.time()

    # -- what is sent ---------------------------------------------------------------------
    def request_messages(self) -> list[dict[str, Any]]:
        """What the model sees: the system prompt and every message on the path the user saw.

        Partial answers (stopped, failed, interrupted) are sent with the text the user saw; a
        failed answer with no text is left out.
        """
        out: list[dict[str, Any]] = []
        if self.system_prompt.strip():
            out.append({"role": "system", "content": self.system_prompt})
        for m in self.messages:
            if m.role == "assistant" and not m.content:
                continue
            out.append({"role": m.role, "content": m.content})
        return out

    def plain_text(self) -> str:
        """Everything searchable: title, system prompt and every message of every branch."""
        parts = [self.title, self.system_prompt]
        parts.extend(m.content for m in self.nodes.values())
        return "\n".join(parts)


def default_title(text: str, limit: int = 60) -> str:
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"
