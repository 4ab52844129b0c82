"""The token counter's per-message cache is bounded (the soak saw it grow all session)."""

from __future__ import annotations

from app.core.conversation import Message
from app.core.pricing import Counter, PriceTable


def test_counter_cache_keeps_only_recent_messages() -> None:
    calls: list[str] = []

    def estimate(text: str) -> int:
        calls.append(text)
        return len(text)

    counter = Counter(PriceTable(), estimate)
    counter.MAX_CACHED = 10
    msgs = [Message(role="user", content=f"m{i}") for i in range(25)]
    for m in msgs:
        counter.tokens_of(m)
    assert len(counter._tokens) == 10
    assert counter.tokens_of(msgs[-1]) == len("m24") + 4  # recent: from the cache
    assert len(calls) == 25
    assert counter.tokens_of(msgs[0]) == len("m0") + 4  # evicted: counted again
    assert len(calls) == 26 and len(counter._tokens) == 10
