"""Typed requests and results of the OpenAI-compatible API.

Parsing is tolerant: servers send nulls, omit fields and add their own. Every object keeps the
`raw` dict it came from so nothing the server sent is lost (the inspector and files use it).
Construction is kept cheap because stream chunks are parsed by the tens of thousands.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

JSON = dict[str, Any]


def _s(v: Any) -> str | None:
    return v if isinstance(v, str) or v is None else str(v)


def _i(v: Any) -> int | None:
    return v if isinstance(v, int) and not isinstance(v, bool) else None


@dataclass(slots=True)
class Model:
    id: str
    object: str = "model"
    created: int | None = None
    owned_by: str | None = None
    raw: JSON = field(default_factory=dict, repr=False)

    @classmethod
    def from_dict(cls, d: JSON) -> Model:
        return cls(
            id=str(d.get("id") or d.get("name") or d.get("model") or ""),
            object=_s(d.get("object")) or "model",
            created=_i(d.get("created")),
            owned_by=_s(d.get("owned_by")),
            raw=d,
        )


@dataclass(slots=True)
class Usage:
    prompt_tokens: int | None = None
    completion_tokens: int | None = None
    total_tokens: int | None = None
    raw: JSON = field(default_factory=dict, repr=False)

    @classmethod
    def from_any(cls, d: Any) -> Usage | None:
        if not isinstance(d, dict):
            return None
        return cls(
            prompt_tokens=_i(d.get("prompt_tokens")),
            completion_tokens=_i(d.get("completion_tokens")),
            total_tokens=_i(d.get("total_tokens")),
            raw=d,
        )


@dataclass(slots=True)
class ChatMessage:
    role: str
    content: str | None = None
    reasoning: str | None = None  # reasoning_content (DeepSeek, llama.cpp) or reasoning (Ollama)
    refusal: str | None = None
    tool_calls: list[JSON] | None = None
    raw: JSON = field(default_factory=dict, repr=False)

    @classmethod
    def from_any(cls, d: Any) -> ChatMessage:
        if not isinstance(d, dict):
            return cls(role="assistant")
        content = d.get("content")
        if isinstance(content, list):  # content parts
            content = "".join(str(p.get("text", "")) for p in content if isinstance(p, dict))
        reasoning = d.get("reasoning_content")
        if reasoning is None:
            reasoning = d.get("reasoning")
        tc = d.get("tool_calls")
        return cls(
            role=_s(d.get("role")) or "assistant",
            content=_s(content),
            reasoning=_s(reasoning),
            refusal=_s(d.get("refusal")),
            tool_calls=tc if isinstance(tc, list) else None,
            raw=d,
        )


@dataclass(slots=True)
class ChatChoice:
    index: int
    message: ChatMessage
    finish_reason: str | None = None
    logprobs: JSON | None = None


@dataclass(slots=True)
class ChatCompletion:
    id: str | None
    object: str | None
    created: int | None
    model: str | None
    choices: list[ChatChoice]
    usage: Usage | None = None
    system_fingerprint: str | None = None
    raw: JSON = field(default_factory=dict, repr=False)

    @classmethod
    def from_dict(cls, d: JSON) -> ChatCompletion:
        choices = []
        for i, c in enumerate(d.get("choices") or ()):
            if not isinstance(c, dict):
                continue
            lp = c.get("logprobs")
            choices.append(
                ChatChoice(
                    index=_i(c.get("index")) if c.get("index") is not None else i,  # type: ignore[arg-type]
                    message=ChatMessage.from_any(c.get("message")),
                    finish_reason=_s(c.get("finish_reason")),
                    logprobs=lp if isinstance(lp, dict) else None,
                )
            )
        return cls(
            id=_s(d.get("id")),
            object=_s(d.get("object")),
            created=_i(d.get("created")),
            model=_s(d.get("model")),
            choices=choices,
            usage=Usage.from_any(d.get("usage")),
            system_fingerprint=_s(d.get("system_fingerprint")),
            raw=d,
        )

    @property
    def text(self) -> str:
        return (self.choices[0].message.content or "") if self.choices else ""


@dataclass(slots=True)
class ChatDelta:
    role: str | None = None
    content: str | None = None
    reasoning: str | None = None
    refusal: str | None = None
    tool_calls: list[JSON] | None = None


@dataclass(slots=True)
class ChunkChoice:
    index: int
    delta: ChatDelta
    finish_reason: str | None = None
    logprobs: JSON | None = None


@dataclass(slots=True)
class ChatChunk:
    id: str | None
    object: str | None
    created: int | None
    model: str | None
    choices: list[ChunkChoice]
    usage: Usage | None = None
    system_fingerprint: str | None = None
    raw: JSON = field(default_factory=dict, repr=False)

    @classmethod
    def from_dict(cls, d: JSON) -> ChatChunk:
        choices: list[ChunkChoice] = []
        raw_choices = d.get("choices")
        if raw_choices:
            if not isinstance(raw_choices, list):
                raise TypeError("choices is not a list")
            for c in raw_choices:
                if not isinstance(c, dict):
                    continue
                delta = c.get("delta") or c.get("message") or {}
                if not isinstance(delta, dict):
                    raise TypeError("delta is not an object")
                content = delta.get("content")
                reasoning = delta.get("reasoning_content")
                if reasoning is None:
                    reasoning = delta.get("reasoning")
                lp = c.get("logprobs")
                idx = c.get("index")
                choices.append(
                    ChunkChoice(
                        idx if type(idx) is int else 0,
                        ChatDelta(
                            delta.get("role"),
                            content if content is None or type(content) is str else str(content),
                            reasoning if reasoning is None or type(reasoning) is str else None,
                            delta.get("refusal"),
                            delta.get("tool_calls"),
                        ),
                        c.get("finish_reason"),
                        lp if type(lp) is dict else None,
                    )
                )
        u = d.get("usage")
        return cls(
            d.get("id"),
            d.get("object"),
            d.get("created"),
            d.get("model"),
            choices,
            Usage.from_any(u) if u else None,
            d.get("system_fingerprint"),
            d,
        )


@dataclass(slots=True)
class CompletionLogprobs:
    tokens: list[str] = field(default_factory=list)
    token_logprobs: list[float | None] = field(default_factory=list)
    top_logprobs: list[dict[str, float] | None] = field(default_factory=list)
    text_offset: list[int] = field(default_factory=list)

    @classmethod
    def from_any(cls, d: Any) -> CompletionLogprobs | None:
        if not isinstance(d, dict):
            return None
        return cls(
            tokens=list(d.get("tokens") or []),
            token_logprobs=list(d.get("token_logprobs") or []),
            top_logprobs=list(d.get("top_logprobs") or []),
            text_offset=list(d.get("text_offset") or []),
        )


@dataclass(slots=True)
class CompletionChoice:
    index: int
    text: str
    finish_reason: str | None = None
    logprobs: CompletionLogprobs | None = None


@dataclass(slots=True)
class Completion:
    """A legacy `/completions` result or stream chunk (the shapes are the same)."""

    id: str | None
    object: str | None
    created: int | None
    model: str | None
    choices: list[CompletionChoice]
    usage: Usage | None = None
    system_fingerprint: str | None = None
    raw: JSON = field(default_factory=dict, repr=False)

    @classmethod
    def from_dict(cls, d: JSON) -> Completion:
        raw_choices = d.get("choices") or []
        if not isinstance(raw_choices, list):
            raise TypeError("choices is not a list")
        choices = [
            CompletionChoice(
                index=_i(c.get("index")) or i,
                text=_s(c.get("text")) or "",
                finish_reason=_s(c.get("finish_reason")),
                logprobs=CompletionLogprobs.from_any(c.get("logprobs")),
            )
            for i, c in enumerate(raw_choices)
            if isinstance(c, dict)
        ]
        return cls(
            id=_s(d.get("id")),
            object=_s(d.get("object")),
            created=_i(d.get("created")),
            model=_s(d.get("model")),
            choices=choices,
            usage=Usage.from_any(d.get("usage")),
            system_fingerprint=_s(d.get("system_fingerprint")),
            raw=d,
        )

    @property
    def text(self) -> str:
        return self.choices[0].text if self.choices else ""


def _with_stream(body: JSON, params: JSON, stream: bool) -> JSON:
    """`stream` is sent only when true: false is the API's default, and leaving it out makes the
    body the same as the one the `openai` package (and the code the user copies) sends."""
    body.update(params)
    body.pop("stream", None)
    if stream:
        body["stream"] = True
    else:
        body.pop("stream_options", None)
    return body


@dataclass(slots=True)
class ChatRequest:
    """What to send. `params` holds only the parameters the user set."""

    model: str
    messages: list[JSON]
    params: JSON = field(default_factory=dict)

    def body(self, stream: bool) -> JSON:
        body: JSON = {"model": self.model, "messages": self.messages}
        return _with_stream(body, self.params, stream)


@dataclass(slots=True)
class CompletionRequest:
    model: str
    prompt: str | list[str]
    params: JSON = field(default_factory=dict)

    def body(self, stream: bool) -> JSON:
        body: JSON = {"model": self.model, "prompt": self.prompt}
        return _with_stream(body, self.params, stream)


@dataclass(slots=True)
class SpeechRequest:
    model: str
    input: str
    voice: str = "alloy"
    response_format: str | None = None
    speed: float | None = None
    instructions: str | None = None

    def body(self) -> JSON:
        body: JSON = {"model": self.model, "input": self.input, "voice": self.voice}
        if self.response_format is not None:
            body["response_format"] = self.response_format
        if self.speed is not None and self.speed != 1.0:  # 1.0 is the default everywhere
            body["speed"] = self.speed
        if self.instructions:
            body["instructions"] = self.instructions
        return body
