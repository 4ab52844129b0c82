"""Token prices per model, and what a message or a conversation cost.

Prices change and differ per provider, so the built-in table is only a starting point (US dollars
per million tokens, OpenAI's and DeepSeek's list prices of 2025); the user edits them, and their
table is a small JSON file in the config folder. A model matches the longest known prefix, so
`gpt-4o-mini-2024-07-18` is priced as `gpt-4o-mini`.
"""

from __future__ import annotations

import json
import math
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .atomic import write_atomic
from .conversation import Conversation, Message
from .jsonfile import load_json_object


@dataclass(frozen=True)
class Price:
    input: float  # dollars per million prompt tokens
    output: float  # dollars per million completion tokens

    def cost(self, prompt_tokens: int, completion_tokens: int) -> float:
        return (prompt_tokens * self.input + completion_tokens * self.output) / 1_000_000


BUILTIN: dict[str, Price] = {
    "gpt-3.5-turbo": Price(0.50, 1.50),
    "gpt-3.5-turbo-instruct": Price(1.50, 2.00),
    "gpt-4": Price(30.0, 60.0),
    "gpt-4-turbo": Price(10.0, 30.0),
    "gpt-4o": Price(2.50, 10.0),
    "gpt-4o-mini": Price(0.15, 0.60),
    "gpt-4.1": Price(2.00, 8.00),
    "gpt-4.1-mini": Price(0.40, 1.60),
    "gpt-4.1-nano": Price(0.10, 0.40),
    "gpt-5": Price(1.25, 10.0),
    "gpt-5-mini": Price(0.25, 2.00),
    "gpt-5-nano": Price(0.05, 0.40),
    "o1": Price(15.0, 60.0),
    "o3": Price(2.00, 8.00),
    "o3-mini": Price(1.10, 4.40),
    "o4-mini": Price(1.10, 4.40),
    "deepseek-chat": Price(0.27, 1.10),
    "deepseek-reasoner": Price(0.55, 2.19),
}


def _valid_price(v: Any) -> Price | None:
    if not isinstance(v, dict):
        return None
    nums = [v.get("input"), v.get("output")]
    if not all(
        isinstance(n, (int, float)) and not isinstance(n, bool) and math.isfinite(n) and n >= 0
        for n in nums
    ):
        return None
    return Price(float(nums[0]), float(nums[1]))  # type: ignore[arg-type]


class PriceTable:
    """Built-in prices overlaid with the user's; a user price of a model replaces the built-in."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path
        self.user: dict[str, Price] = {}
        if path is not None:
            data = load_json_object(path, "price table")
            items = data.get("prices") if data is not None else None
            if isinstance(items, dict):
                for model, v in items.items():
                    p = _valid_price(v)
                    if isinstance(model, str) and model and p is not None:
                        self.user[model] = p

    def all(self) -> dict[str, Price]:
        return {**BUILTIN, **self.user}

    def price_for(self, model: str | None) -> Price | None:
        if not model:
            return None
        table = self.all()
        name = model.strip().lower().rsplit("/", 1)[-1]  # "openai/gpt-4o" on OpenRouter
        best = None
        for key in table:
            k = key.lower()
            if (name == k or name.startswith(k + "-")) and (best is None or len(k) > len(best)):
                best = key
        return table[best] if best is not None else None

    def set(self, model: str, price: Price | None) -> None:
        """Set (or with None remove) the user's price for a model, and save."""
        if price is None:
            self.user.pop(model, None)
        else:
            self.user[model] = price
        self.save()

    def save(self) -> None:
        if self.path is None:
            return
        data = {
            "format": "chatterdesk.prices",
            "version": 1,
            "unit": "USD per 1M tokens",
            "prices": {
                m: {"input": p.input, "output": p.output} for m, p in sorted(self.user.items())
            },
        }
        write_atomic(self.path, json.dumps(data, indent=2).encode("utf-8"))


@dataclass
class Count:
    """Tokens and cost; `estimated` when any part was counted here rather than by the server."""

    prompt: int = 0
    completion: int = 0
    cost: float | None = None
    estimated: bool = False

    @property
    def total(self) -> int:
        return self.prompt + self.completion

    def __iadd__(self, other: Count) -> Count:
        self.prompt += other.prompt
        self.completion += other.completion
        if other.cost is not None:
            self.cost = (self.cost or 0.0) + other.cost
        self.estimated = self.estimated or other.estimated
        return self


def count_message(
    msg: Message,
    prices: PriceTable,
    estimate: Callable[[str], int] | None = None,
    prompt_tokens: Callable[[], int] | None = None,
) -> Count | None:
    """What one answer used: the server's usage, or a local estimate when it sent none."""
    if msg.role != "assistant":
        return None
    u = msg.usage or {}
    prompt = u.get("prompt_tokens")
    completion = u.get("completion_tokens")
    estimated = False
    if not isinstance(completion, int) or isinstance(completion, bool):
        if not msg.content and not msg.reasoning:
            return None
        from_text = estimate(msg.content + msg.reasoning) if estimate else msg.chunks
        completion = answer_estimate(msg, from_text)
        estimated = True
    if not isinstance(prompt, int) or isinstance(prompt, bool):
        prompt = prompt_tokens() if prompt_tokens else 0
        estimated = True
    price = prices.price_for(msg.model)
    cost = price.cost(prompt, completion) if price is not None else None
    return Count(prompt, completion, cost, estimated)


def answer_estimate(msg: Message, text_tokens: int) -> int:
    """An answer's tokens when the server sent no usage, from the estimate of its text.

    A server that streams one token per chunk (OpenAI, llama.cpp, Ollama) counted them exactly
    in its chunks, and the chunks are then within the estimate's margin of it; a server that
    sends several tokens per chunk, or did not stream, leaves the text's estimate."""
    if msg.chunks > 1 and 0.7 * text_tokens <= msg.chunks <= 1.5 * text_tokens:
        return msg.chunks
    return text_tokens


class Counter:
    """Counts per message and per conversation; token estimates are cached per message, so a
    long conversation is encoded once, not once per answer."""

    MAX_CACHED = 20_000  # messages: a 2,000-message conversation fits ten times over

    def __init__(self, prices: PriceTable, estimate: Callable[[str], int] | None = None) -> None:
        self.prices = prices
        self.estimate = estimate
        # (message id, 0 for its text / 1 for its text and reasoning, length) -> tokens, least
        # recently used first. Bounded: the window lives for the whole session, through every
        # conversation opened (the soak saw it grow).
        self._tokens: OrderedDict[tuple[str, int, int], int] = OrderedDict()

    def tokens_of(self, msg: Message) -> int:
        """A message's tokens as part of a prompt (its text and ~4 tokens of framing)."""
        return self._cached((msg.id, 0, len(msg.content)), msg.content) + 4

    def _cached(self, key: tuple[str, int, int], text: str) -> int:
        n = self._tokens.get(key)
        if n is None:
            n = self.estimate(text) if self.estimate else len(text) // 4
            self._tokens[key] = n
            if len(self._tokens) > self.MAX_CACHED:
                self._tokens.popitem(last=False)
        else:
            self._tokens.move_to_end(key)
        return n

    def message(
        self, conv: Conversation, msg: Message, memo: dict[str, int] | None = None
    ) -> Count | None:
        """`memo` (message id -> tokens of it and its ancestors) is shared by `conversation`, so
        a long branch is summed once rather than once per answer in it."""
        memo = {} if memo is None else memo

        def prompt_text_tokens() -> int:
            if "" not in memo:  # no message has the empty id: the system prompt's place
                memo[""] = self.estimate(conv.system_prompt) if self.estimate else 0
            return memo[""] + self._history(conv, msg.parent, memo)

        def answer_text_tokens(text: str) -> int:
            return self._answer_text_tokens(msg, text)

        estimate = answer_text_tokens if self.estimate else None
        return count_message(msg, self.prices, estimate, prompt_tokens=prompt_text_tokens)

    def answer_tokens(self, msg: Message) -> int:
        """An answer's tokens without its usage: the figure `message` gives as its completion,
        for the line under the answer (the two must not disagree)."""
        if not self.estimate:
            return msg.chunks
        return answer_estimate(msg, self._answer_text_tokens(msg, msg.content + msg.reasoning))

    def _answer_text_tokens(self, msg: Message, text: str) -> int:
        # The answer and its reasoning; without reasoning, the same text (and cache entry) as
        # the answer's part in the prompts below it.
        return self._cached((msg.id, 1 if msg.reasoning else 0, len(text)), text)

    def _history(self, conv: Conversation, node_id: str | None, memo: dict[str, int]) -> int:
        """Tokens of a message and all its ancestors: walked up to the first one already summed,
        then summed back down."""
        chain: list[Message] = []
        seen: set[str] = set()
        base = 0
        node = conv.nodes.get(node_id) if node_id else None
        while node is not None and node.id not in seen:
            if node.id in memo:
                base = memo[node.id]
                break
            seen.add(node.id)
            chain.append(node)
            node = conv.nodes.get(node.parent) if node.parent else None
        for node in reversed(chain):
            base += self.tokens_of(node)
            memo[node.id] = base
        return base

    def conversation(self, conv: Conversation) -> Count:
        """Every request made in the conversation, in every branch; n choices count once."""
        memo: dict[str, int] = {}
        return count_all(
            self.message(conv, m, memo)
            for m in conv.nodes.values()
            if m.role == "assistant" and not m.choice_index
        )


def count_all(counts: Iterable[Count | None]) -> Count:
    total = Count()
    for c in counts:
        if c is not None:
            total += c
    return total


def format_cost(cost: float | None) -> str:
    if cost is None:
        return ""
    if cost == 0:
        return "$0"
    if cost < 0.0001:
        return "<$0.0001"
    if cost < 0.01:
        return f"${cost:.4f}"
    return f"${cost:.2f}"
