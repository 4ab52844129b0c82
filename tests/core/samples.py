"""Conversations for the storage tests: every field set, several branches, exact times."""

from __future__ import annotations

from typing import Any

from app.core.conversation import Conversation, Message, Status

T0 = 1_767_225_600.125  # 2026-01-01T00:00:00.125Z: files keep times to the millisecond

LOGPROBS: dict[str, Any] = {
    "content": [
        {
            "token": "Hé",
            "logprob": -0.0123,
            "bytes": [72, 195, 169],
            "top_logprobs": [
                {"token": "Hé", "logprob": -0.0123, "bytes": [72, 195, 169]},
                {"token": "He", "logprob": -4.5, "bytes": [72, 101]},
            ],
        }
    ],
    "refusal": None,
}


def full_message(role: str, content: str, i: int, **over: Any) -> Message:
    """A message with every field different from its default."""
    fields: dict[str, Any] = {
        "id": f"msg{i:04d}",
        "created": T0 + i * 1.5,
        "model": "gpt-4o-2024-08-06",
        "params": {"temperature": 0.25, "top_p": 0.9, "stop": ["\n\n"], "seed": 7 + i},
        "reasoning": f"thinking {i}…\nstep 2",
        "status": Status.STOPPED,
        "error": f"stopped by the user ({i})",
        "finish_reason": "length",
        "usage": {
            "prompt_tokens": 10 + i,
            "completion_tokens": 20 + i,
            "total_tokens": 30 + 2 * i,
            "completion_tokens_details": {"reasoning_tokens": 5},
        },
        "ttft": 0.25 + i,
        "total_time": 1.75 + i,
        "response_id": f"chatcmpl-{i}",
        "system_fingerprint": "fp_eb9dce56a8",
        "chunks": 42 + i,
        "logprobs": LOGPROBS,
        "request": {"model": "gpt-4o-2024-08-06", "temperature": 0.25, "stream": True},
        "response": {"id": f"chatcmpl-{i}", "object": "chat.completion", "chunks": 42 + i},
        "choice_index": i % 3,
        "choice_group": f"msg{i - i % 3:04d}",
    }
    fields.update(over)
    return Message(role=role, content=content, **fields)


def full_conversation() -> Conversation:
    """Every conversation field set; three branches; the current path is not the newest branch."""
    c = Conversation(
        id="c0ffee00112233445566778899aabbcc",
        title="Ünïcödé title — “quoted”",
        title_custom=True,
        created=T0,
        updated=T0 + 3600.5,
        provider_name="Local llama.cpp",
        base_url="http://127.0.0.1:8080/v1",
        model="llama-3.1-8b-instruct",
        system_prompt="You are terse.\nAnswer in English.",
        params={"temperature": 0.7, "max_tokens": 512, "logprobs": True, "top_logprobs": 2},
        stream=False,
        include_usage=False,
        tts={"enabled": True, "voice": "alloy", "speed": 1.25, "model": "tts-1"},
        mode="completion",
        completion={"prompt": "Once upon", "suffix": "", "runs": [{"text": " a time"}]},
    )
    c.append(full_message("system", "System message in the conversation", 1))
    c.append(full_message("developer", "Developer note: use metric units", 2))
    c.append(full_message("user", 'Line one\nline "two"\ttab\\backslash 🙂 中文', 3))
    c.append(full_message("assistant", "First answer\n\n```python\nprint('hi')\n```", 4))
    c.append(full_message("user", "Follow-up on the first answer", 5))
    c.rewind_to(3)  # regenerate the answer: a second branch
    c.append(full_message("assistant", "Second answer", 6, status=Status.ERROR, error="HTTP 500"))
    c.rewind_to(3)  # and a third
    c.append(full_message("assistant", "Third answer", 7, status=Status.OK, error=None))
    c.rewind_to(2)  # edit the user message: a branch one level up
    c.append(full_message("user", "Edited question", 8))
    c.switch_branch(2, -1)  # back to the first version of the question…
    c.switch_branch(3, -2)  # …and its first answer, which continues to the follow-up
    assert [m.content for m in c.messages][-2:] == [
        "First answer\n\n```python\nprint('hi')\n```",
        "Follow-up on the first answer",
    ]
    c.updated = T0 + 3600.5  # append/rewind touched it
    return c
