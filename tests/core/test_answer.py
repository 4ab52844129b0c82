"""AnswerBuilder: n interleaved choices become sibling messages; the response is assembled."""

from __future__ import annotations

from typing import Any

from app.api.types import ChatChunk, ChatCompletion
from app.core.answer import AnswerBuilder
from app.core.conversation import Conversation, Message, Status


def chunk(index: int, content: str | None = None, finish: str | None = None) -> ChatChunk:
    delta: dict[str, Any] = {} if content is None else {"content": content}
    return ChatChunk.from_dict(
        {
            "id": "chatcmpl-1",
            "object": "chat.completion.chunk",
            "created": 1700000000,
            "model": "gpt-4o-mini",
            "system_fingerprint": "fp_1",
            "choices": [{"index": index, "delta": delta, "finish_reason": finish}],
        }
    )


def builder(n: int) -> tuple[Conversation, AnswerBuilder]:
    conv = Conversation()
    conv.append(Message("user", "hi"))
    first = Message("assistant", status=Status.STREAMING, model="gpt-4o-mini")
    conv.append(first)

    def sibling(_i: int) -> Message:
        m = Message("assistant", status=Status.STREAMING)
        conv.add_sibling(first, m)
        return m

    return conv, AnswerBuilder(first, 0.0, sibling, n)


def test_interleaved_choices_become_siblings_in_choice_order() -> None:
    conv, b = builder(3)
    for k, part in enumerate(["Hel", "lo"]):
        for i in range(3):
            assert b.add_chunk(chunk(i, f"{part}{i if k else ''}"), now=1.0 + k) == {i}
    for i in (2, 0, 1):
        b.add_chunk(chunk(i, finish="length" if i == 2 else "stop"), now=3.0)
    usage = {"prompt_tokens": 3, "completion_tokens": 9, "total_tokens": 12}
    b.add_chunk(ChatChunk.from_dict({"id": "chatcmpl-1", "choices": [], "usage": usage}))
    b.finish(4.0)
    msgs = [b.messages[i] for i in range(3)]
    assert [m.content for m in msgs] == ["Hello0", "Hello1", "Hello2"]
    assert [m.finish_reason for m in msgs] == ["stop", "stop", "length"]
    assert [m.choice_index for m in msgs] == [0, 1, 2]
    assert {m.choice_group for m in msgs} == {msgs[0].id}
    # The path shows choice 0; the others are its siblings (◀ 1/3 ▶), not on the path.
    assert conv.messages[-1] is msgs[0] and conv.branch_info(1) == (1, 3)
    assert all(m.usage == usage and m.total_time == 4.0 for m in msgs)
    assert msgs[0].ttft == 1.0
    resp = msgs[1].response
    assert resp is not None and resp is msgs[0].response
    assert resp["id"] == "chatcmpl-1" and resp["object"] == "chat.completion"
    assert resp["created"] == 1700000000 and resp["system_fingerprint"] == "fp_1"
    assert [c["message"]["content"] for c in resp["choices"]] == ["Hello0", "Hello1", "Hello2"]
    assert resp["usage"] == usage and resp["chunks"] == len(b.raw_chunks) == 10


def test_one_choice_has_no_choice_fields() -> None:
    _conv, b = builder(1)
    b.add_chunk(chunk(0, "x"))
    b.finish(1.0)
    m = b.messages[0]
    assert m.choice_index is None and m.choice_group is None and len(b.messages) == 1
    assert m.response is not None and "usage" not in m.response


def test_a_non_streamed_result_keeps_the_servers_object() -> None:
    _conv, b = builder(2)
    raw = {
        "id": "chatcmpl-2",
        "object": "chat.completion",
        "created": 1,
        "model": "m",
        "choices": [
            {
                "index": i,
                "message": {"role": "assistant", "content": f"c{i}"},
                "finish_reason": "stop",
            }
            for i in range(2)
        ],
        "usage": {"prompt_tokens": 1, "completion_tokens": 2, "total_tokens": 3},
    }
    b.set_result(ChatCompletion.from_dict(raw), now=0.5)
    b.finish(0.5)
    assert [b.messages[i].content for i in range(2)] == ["c0", "c1"]
    assert b.messages[1].response == raw and b.messages[0].ttft == 0.5
