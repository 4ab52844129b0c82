"""The token counter's per-message cache is bounded (the soak saw it grow all session)."""

from __future__ import annotations

from app.core.conversation import Conversation, Message
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


def test_conversation_total_counts_each_text_once() -> None:
    """Without usage, a conversation's total sums every answer's prompt (the system prompt and
    the whole branch above it): each text is estimated once, not once per answer below it (a
    2,000-message conversation took 0.3 s per status line)."""
    calls: list[str] = []

    def estimate(text: str) -> int:
        calls.append(text)
        return len(text)

    conv = Conversation(system_prompt="Be brief.")
    for i in range(150):
        conv.append(Message(role="user", content=f"question {i}"))
        conv.append(Message(role="assistant", content=f"answer number {i}"))
    counter = Counter(PriceTable(), estimate)
    total = counter.conversation(conv)

    # The same sum, written out: answer k's prompt is the system prompt and every message above.
    want_prompt = want_completion = 0
    above = 0
    for m in conv.messages:
        if m.role == "assistant":
            want_prompt += len("Be brief.") + above
            want_completion += len(m.content)
        above += len(m.content) + 4
    assert (total.prompt, total.completion, total.estimated) == (
        want_prompt,
        want_completion,
        True,
    )
    assert len(calls) == 1 + 300  # the system prompt, then each message once
    counter.conversation(conv)
    assert len(calls) == 301 + 1  # again: only the system prompt (it may have been edited)

    conv.messages[-1].content += " and more"  # a growing answer is counted again
    assert counter.conversation(conv).completion == want_completion + len(" and more")
    assert calls[-1] == conv.messages[-1].content


def test_chunks_count_an_answer_when_they_agree_with_its_text() -> None:
    """One token per chunk (OpenAI, llama.cpp, Ollama) is exact; a server sending several tokens
    per chunk, or not streaming, is counted from the text."""
    counter = Counter(PriceTable(), lambda text: 100)
    one_each = Message(role="assistant", content="x" * 400, chunks=93)
    batched = Message(role="assistant", content="x" * 400, chunks=25)
    whole = Message(role="assistant", content="x" * 400, chunks=1)
    assert counter.answer_tokens(one_each) == 93
    assert counter.answer_tokens(batched) == 100
    assert counter.answer_tokens(whole) == 100
    conv = Conversation()
    for m in (one_each, batched, whole):
        conv.append(m)
        count = counter.message(conv, m)
        assert count is not None and count.completion == counter.answer_tokens(m)
