"""A fake OpenAI-compatible server for tests: real HTTP on 127.0.0.1, ephemeral port.

Serves /models, /models/{id}, /chat/completions, /completions and /audio/speech (and the Azure
OpenAI shapes: /openai/deployments/{deployment}/... and /openai/models, with `api-version`),
records every request, and injects faults: any status with any body, a connection reset mid-stream, a stall,
a malformed chunk, an error event at HTTP 200, and every streaming quirk of compatible servers.

    with FakeServer() as srv:
        srv.behavior.reply = "Hello"
        srv.fail_next(status=429, headers={"retry-after": "0"})
        ... ApiClient(http, srv.base_url) ...

Run alone for manual or end-to-end tests: `python -m tests.fakeserver --port 0`.
"""

from __future__ import annotations

import argparse
import json
import math
import socket
import struct
import sys
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

DEFAULT_MODELS = [
    {"id": "gpt-4o-mini", "object": "model", "created": 1721172741, "owned_by": "system"},
    {"id": "gpt-4o", "object": "model", "created": 1715367049, "owned_by": "system"},
    {"id": "o3-mini", "object": "model", "created": 1737146383, "owned_by": "system"},
    {"id": "fake/slashed-model", "object": "model", "created": 1700000000, "owned_by": "tests"},
]

DEFAULT_REPLY = (
    "Here is **bold** text, a [link](https://example.com) and code:\n\n"
    "```python\ndef greet(name):\n    return f'Hello, {name}!'\n```\n\n"
    "- one\n- two\n"
)


@dataclass
class Fault:
    """A one-shot misbehaviour for the next matching request."""

    status: int | None = None  # reply with this status
    body: str | bytes | None = None  # body for the status (JSON error by default)
    headers: dict[str, str] = field(default_factory=dict)
    content_type: str = "application/json"
    reset_after: int | None = None  # stream this many chunks then reset the connection
    stall_after: int | None = None  # stream this many chunks then stop sending (until stop())
    malformed_after: int | None = None  # stream this many chunks then one that is not JSON
    error_event_after: int | None = None  # stream this many chunks then an error object (200)
    close_without_response: bool = False  # accept and close: a "server down" mid-request
    path: str | None = None  # only for this path suffix (e.g. "chat/completions")


@dataclass
class Behavior:
    """Standing behaviour; tests change fields directly."""

    reply: str | Callable[[dict[str, Any]], str] = DEFAULT_REPLY
    reasoning: str | None = None  # sent as delta.reasoning_content before the answer
    reasoning_field: str = "reasoning_content"  # or "reasoning" (Ollama, vLLM)
    chunk_size: int = 4  # characters per content delta
    chunk_delay: float = 0.0  # seconds between chunks
    crlf: bool = False
    no_space: bool = False  # "data:{...}" instead of "data: {...}"
    comments: bool = False  # ": keep-alive" lines between events
    empty_choices_first: bool = False  # an Azure-style prompt_filter_results chunk
    no_done: bool = False  # close without [DONE]
    null_fields: bool = False  # explicit nulls in every optional field
    close_delimited: bool = False  # HTTP/1.0-style body ended by closing (no chunked encoding)
    usage: bool = True  # usage in non-streamed answers, and in streams when include_usage
    finish_reason: str = "stop"
    speech_seconds: float = 1.0
    speech_chunk: int = 4800
    # format -> body: real speech made at test time (tests/audio/speechgen.py); a format missing
    # from the dict falls back to the sine tone. Served in speech_chunk pieces, chunk_delay apart.
    speech_bytes: dict[str, bytes] | None = None
    speech_delay: float | None = None  # seconds between speech chunks (None: chunk_delay)
    api_key: str | None = None  # when set, requests without this key (Bearer or api-key) get 401


@dataclass
class RecordedRequest:
    method: str
    path: str
    headers: dict[str, str]
    body: Any
    query: str = ""  # the raw query string, without "?"
    target: str = ""  # the request target as sent: absolute ("http://host/v1/...") via a proxy

    @property
    def json(self) -> dict[str, Any]:
        return self.body if isinstance(self.body, dict) else {}


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    owner: FakeServer

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A client that went away (reset while the handler waited for its next request on a
        # kept-alive connection) is normal in tests: no traceback on stderr.
        if isinstance(sys.exc_info()[1], (ConnectionResetError, BrokenPipeError)):
            return
        super().handle_error(request, client_address)


class FakeServer:
    def __init__(self, host: str = "127.0.0.1", port: int = 0) -> None:
        self.behavior = Behavior()
        self.models: list[dict[str, Any]] = [dict(m) for m in DEFAULT_MODELS]
        self.requests: list[RecordedRequest] = []
        self.faults: deque[Fault] = deque()
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._httpd = _Server((host, port), _Handler)
        self._httpd.owner = self
        self._thread: threading.Thread | None = None
        self.open_streams = 0
        self.completed_streams = 0  # streams sent to their end
        # time.monotonic() when the last /audio/speech body's first / last byte was written
        self.speech_first_byte_at: float | None = None
        self.speech_last_byte_at: float | None = None

    @property
    def port(self) -> int:
        return int(self._httpd.server_address[1])

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def start(self) -> FakeServer:
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()
        self._httpd.shutdown()
        self._httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> FakeServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def reset(self) -> FakeServer:
        """Back to the defaults, between tests that share one server."""
        self.behavior = Behavior()
        self.models = [dict(m) for m in DEFAULT_MODELS]
        self.faults.clear()
        self.requests.clear()
        self.speech_first_byte_at = self.speech_last_byte_at = None
        return self

    def fail_next(self, times: int = 1, **kw: Any) -> None:
        for _ in range(times):
            self.faults.append(Fault(**kw))

    def take_fault(self, path: str) -> Fault | None:
        with self._lock:
            for f in list(self.faults):
                if f.path is None or path.endswith(f.path):
                    self.faults.remove(f)
                    return f
        return None

    def record(self, req: RecordedRequest) -> None:
        with self._lock:
            self.requests.append(req)

    def last(self, path_suffix: str = "") -> RecordedRequest:
        for r in reversed(self.requests):
            if r.path.endswith(path_suffix):
                return r
        raise LookupError(path_suffix)

    def count(self, path_suffix: str = "") -> int:
        return sum(1 for r in self.requests if r.path.endswith(path_suffix))

    def reply_for(self, body: dict[str, Any]) -> str:
        r = self.behavior.reply
        return r(body) if callable(r) else r

    def wait_stopping(self, seconds: float) -> bool:
        return self._stopping.wait(seconds)


ALL_SPEECH_VOICES = (
    "alloy",
    "ash",
    "ballad",
    "coral",
    "echo",
    "fable",
    "nova",
    "onyx",
    "sage",
    "shimmer",
    "verse",
    "marin",
    "cedar",
)
_TTS1_VOICES = ("alloy", "ash", "coral", "echo", "fable", "nova", "onyx", "sage", "shimmer")
SPEECH_VOICES: dict[str, tuple[str, ...]] = {"tts-1": _TTS1_VOICES, "tts-1-hd": _TTS1_VOICES}
SPEECH_CONTENT_TYPES = {
    "mp3": "audio/mpeg",
    "opus": "audio/ogg",
    "aac": "audio/aac",
    "flac": "audio/flac",
    "wav": "audio/wav",
    "pcm": "audio/pcm",
}


def choice_text(text: str, index: int) -> str:
    """Choice 0 is the reply; the others differ, so a test can tell them apart."""
    return text if index == 0 else f"{text} (choice {index + 1})"


def pieces(text: str, size: int) -> list[str]:
    return [text[i : i + size] for i in range(0, len(text), size)]


def chat_logprobs(tokens: list[str], first: int, top_n: int) -> dict[str, Any]:
    """Chat-style logprobs for these tokens: the k-th token of the answer has logprob -0.5 * (k % 5)."""
    content = []
    for k, tok in enumerate(tokens, first):
        lp = -0.5 * (k % 5)
        top = [{"token": tok, "logprob": lp, "bytes": list(tok.encode())}]
        top += [{"token": f"alt{j}", "logprob": lp - 1.0 - j, "bytes": None} for j in range(4)]
        content.append(
            {"token": tok, "logprob": lp, "bytes": list(tok.encode()), "top_logprobs": top[:top_n]}
        )
    return {"content": content, "refusal": None}


def speech_pcm(seconds: float, rate: int = 24000, freq: float = 440.0) -> bytes:
    """A sine tone as 24 kHz s16le mono PCM, what /audio/speech returns for pcm."""
    n = int(seconds * rate)
    return b"".join(
        struct.pack("<h", int(8000 * math.sin(2 * math.pi * freq * i / rate))) for i in range(n)
    )


def wav_wrap(pcm: bytes, rate: int = 24000) -> bytes:
    hdr = b"RIFF" + struct.pack("<I", 36 + len(pcm)) + b"WAVEfmt "
    hdr += struct.pack("<IHHIIHH", 16, 1, 1, rate, rate * 2, 2, 16)
    return hdr + b"data" + struct.pack("<I", len(pcm)) + pcm


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        pass

    # -- helpers --------------------------------------------------------------------------
    @property
    def owner(self) -> FakeServer:
        return self.server.owner

    def _read_body(self) -> Any:
        n = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(n) if n else b""
        if not raw:
            return None
        try:
            return json.loads(raw)
        except ValueError:
            return raw.decode("utf-8", "replace")

    def _send_json(self, status: int, obj: Any, headers: dict[str, str] | None = None) -> None:
        data = json.dumps(obj).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(data)

    def _send_error_obj(self, status: int, message: str, etype: str, code: str | None) -> None:
        self._send_json(
            status, {"error": {"message": message, "type": etype, "param": None, "code": code}}
        )

    def _reset(self) -> None:
        try:
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.connection.close()
        except OSError:
            pass
        self.close_connection = True

    def _apply_status_fault(self, fault: Fault) -> bool:
        if fault.close_without_response:
            self._reset()
            return True
        if fault.status is None:
            return False
        body = fault.body
        if body is None:
            body = json.dumps(
                {
                    "error": {
                        "message": f"fake error {fault.status}",
                        "type": "fake_error",
                        "param": None,
                        "code": None,
                    }
                }
            )
        data = body.encode() if isinstance(body, str) else body
        self.send_response(fault.status)
        self.send_header("Content-Type", fault.content_type)
        self.send_header("Content-Length", str(len(data)))
        for k, v in fault.headers.items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(data)
        return True

    # -- routing --------------------------------------------------------------------------
    def do_GET(self) -> None:
        self._route("GET")

    def do_POST(self) -> None:
        self._route("POST")

    def _route(self, method: str) -> None:
        body = self._read_body() if method == "POST" else None
        target = self.path
        rel = target
        if rel.startswith(("http://", "https://")):  # absolute form: we are used as a proxy
            rel = "/" + rel.split("://", 1)[1].partition("/")[2]
        path, _, query = rel.partition("?")
        headers = {k.lower(): v for k, v in self.headers.items()}
        self.owner.record(RecordedRequest(method, path, headers, body, query, target))
        if path.startswith("/openai/v1/"):  # Azure's v1 API: the usual paths, api-key header
            path = path[len("/openai") :]
        fault = self.owner.take_fault(path)
        if fault is not None and self._apply_status_fault(fault):
            return
        try:
            if not self._authorized(headers):
                self._send_error_obj(
                    401,
                    "Incorrect API key provided.",
                    "invalid_request_error",
                    "invalid_api_key",
                )
            elif path.startswith("/openai/"):
                self._azure(method, path, query, body, fault)
            elif method == "GET" and path == "/v1/models":
                self._send_json(200, {"object": "list", "data": self.owner.models})
            elif method == "GET" and path.startswith("/v1/models/"):
                mid = path[len("/v1/models/") :]
                from urllib.parse import unquote

                mid = unquote(mid)
                for m in self.owner.models:
                    if m["id"] == mid:
                        self._send_json(200, m)
                        return
                self._send_error_obj(
                    404,
                    f"The model '{mid}' does not exist",
                    "invalid_request_error",
                    "model_not_found",
                )
            elif method == "POST" and path == "/v1/chat/completions":
                self._chat(body if isinstance(body, dict) else {}, fault)
            elif method == "POST" and path == "/v1/completions":
                self._completions(body if isinstance(body, dict) else {}, fault)
            elif method == "POST" and path == "/v1/audio/speech":
                self._speech(body if isinstance(body, dict) else {}, fault)
            elif path == "/health":
                self._send_json(200, {"status": "ok"})
            else:
                self._send_error_obj(404, f"Unknown path {path}", "invalid_request_error", None)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True

    def _authorized(self, headers: dict[str, str]) -> bool:
        want = self.owner.behavior.api_key
        if want is None:
            return True
        return headers.get("authorization") == f"Bearer {want}" or headers.get("api-key") == want

    # -- Azure OpenAI ---------------------------------------------------------------------
    def _azure(self, method: str, path: str, query: str, body: Any, fault: Fault | None) -> None:
        from urllib.parse import parse_qs, unquote

        if not parse_qs(query).get("api-version"):
            self._send_json(
                404, {"error": {"code": "404", "message": "Resource not found"}}
            )  # what Azure answers without an api-version
            return
        if method == "GET" and path == "/openai/models":
            data = [
                {
                    "id": m["id"],
                    "object": "model",
                    "created_at": m.get("created"),
                    "status": "succeeded",
                    "lifecycle_status": "generally-available",
                    "capabilities": {"chat_completion": True, "completion": False},
                }
                for m in self.owner.models
            ]
            self._send_json(200, {"object": "list", "data": data})
            return
        if method == "GET" and path.startswith("/openai/models/"):
            mid = unquote(path[len("/openai/models/") :])
            for m in self.owner.models:
                if m["id"] == mid:
                    self._send_json(200, {"id": m["id"], "object": "model", "status": "succeeded"})
                    return
            self._send_json(404, {"error": {"code": "404", "message": "Resource not found"}})
            return
        prefix = "/openai/deployments/"
        if method == "POST" and path.startswith(prefix):
            deployment, _, rest = path[len(prefix) :].partition("/")
            deployment = unquote(deployment)
            if not any(m["id"] == deployment for m in self.owner.models):
                self._send_json(
                    404,
                    {
                        "error": {
                            "code": "DeploymentNotFound",
                            "message": "The API deployment for this resource does not exist.",
                        }
                    },
                )
                return
            b = dict(body) if isinstance(body, dict) else {}
            b["model"] = deployment  # Azure takes the model from the path
            if rest == "chat/completions":
                self._chat(b, fault)
                return
            if rest == "completions":
                self._completions(b, fault)
                return
            if rest == "audio/speech":
                self._speech(b, fault)
                return
        self._send_json(404, {"error": {"code": "404", "message": "Resource not found"}})

    # -- chat -----------------------------------------------------------------------------
    def _check_model(self, body: dict[str, Any]) -> bool:
        model = body.get("model")
        if not any(m["id"] == model for m in self.owner.models):
            self._send_error_obj(
                404,
                f"The model `{model}` does not exist or you do not have access to it.",
                "invalid_request_error",
                "model_not_found",
            )
            return False
        return True

    def _chat(self, body: dict[str, Any], fault: Fault | None) -> None:
        if not self._check_model(body):
            return
        b = self.owner.behavior
        text = self.owner.reply_for(body)
        n = int(body.get("n") or 1)
        created = int(time.time())
        base = {
            "id": "chatcmpl-fake123",
            "created": created,
            "model": body.get("model"),
            "system_fingerprint": "fp_fake",
        }
        prompt_tokens = sum(
            len(str(m.get("content", "")).split()) for m in body.get("messages", [])
        )
        completion_tokens = max(1, len(text) // 4)
        usage = {
            "prompt_tokens": prompt_tokens,
            "completion_tokens": completion_tokens,
            "total_tokens": prompt_tokens + completion_tokens,
        }
        texts = [choice_text(text, i) for i in range(n)]
        want_lp = body.get("logprobs") is True
        top = body.get("top_logprobs")
        top_n = top if isinstance(top, int) else 0
        if not body.get("stream"):

            def message(i: int) -> dict[str, Any]:
                msg: dict[str, Any] = {"role": "assistant", "content": texts[i]}
                if b.reasoning:
                    msg[b.reasoning_field] = b.reasoning
                if b.null_fields:
                    msg.update({"refusal": None, "tool_calls": None})
                return msg

            obj = {
                **base,
                "object": "chat.completion",
                "choices": [
                    {
                        "index": i,
                        "message": message(i),
                        "finish_reason": b.finish_reason,
                        "logprobs": chat_logprobs(pieces(texts[i], b.chunk_size), 0, top_n)
                        if want_lp
                        else None,
                    }
                    for i in range(n)
                ],
            }
            if b.usage:
                obj["usage"] = usage
            self._send_json(200, obj)
            return

        def chunk(
            delta: dict[str, Any],
            finish: str | None = None,
            index: int = 0,
            logprobs: dict[str, Any] | None = None,
        ) -> dict[str, Any]:
            choice: dict[str, Any] = {"index": index, "delta": delta, "finish_reason": finish}
            if b.null_fields or logprobs is not None:
                choice["logprobs"] = logprobs
            c = {**base, "object": "chat.completion.chunk", "choices": [choice]}
            if b.null_fields:
                c["usage"] = None
            return c

        events: list[dict[str, Any]] = []
        if b.empty_choices_first:
            events.append(
                {
                    **base,
                    "object": "chat.completion.chunk",
                    "choices": [],
                    "prompt_filter_results": [{"prompt_index": 0}],
                }
            )
        events.append(chunk({"role": "assistant", "content": ""}))
        if b.reasoning:
            for i in range(0, len(b.reasoning), b.chunk_size):
                events.append(chunk({b.reasoning_field: b.reasoning[i : i + b.chunk_size]}))
        split = [pieces(t, b.chunk_size) for t in texts]
        for k in range(max(len(p) for p in split)):  # choices interleaved, as OpenAI sends them
            for i in range(n):
                if k >= len(split[i]):
                    continue
                d: dict[str, Any] = {"content": split[i][k]}
                if b.null_fields:
                    d["role"] = None
                    d["reasoning_content"] = None
                lp = chat_logprobs(split[i][k : k + 1], k, top_n) if want_lp else None
                events.append(chunk(d, index=i, logprobs=lp))
        for i in range(n):
            events.append(chunk({}, b.finish_reason, index=i))
        so = body.get("stream_options")
        if b.usage and isinstance(so, dict) and so.get("include_usage"):
            events.append(
                {**base, "object": "chat.completion.chunk", "choices": [], "usage": usage}
            )
        self._stream_events(events, fault)

    def _completions(self, body: dict[str, Any], fault: Fault | None) -> None:
        if not self._check_model(body):
            return
        b = self.owner.behavior
        prompt = body.get("prompt", "")
        reply = self.owner.reply_for(body)
        n = int(body.get("n") or 1)  # choice i > 0 differs (choice_text), as for chat
        texts = [
            (str(prompt) if body.get("echo") else "") + choice_text(reply, i) for i in range(n)
        ]
        base = {
            "id": "cmpl-fake123",
            "object": "text_completion",
            "created": int(time.time()),
            "model": body.get("model"),
            "system_fingerprint": "fp_fake",
        }
        lp_n = body.get("logprobs")

        def logprobs_for(piece: str, offset: int) -> dict[str, Any] | None:
            if lp_n is None:
                return None
            toks = [piece[i : i + 2] for i in range(0, len(piece), 2)] or [""]
            return {
                "tokens": toks,
                "token_logprobs": [-0.1 * (i + 1) for i in range(len(toks))],
                "top_logprobs": [{t: -0.1, "x": -2.5} for t in toks] if lp_n else None,
                "text_offset": [offset + 2 * i for i in range(len(toks))],
            }

        if not body.get("stream"):
            obj = {
                **base,
                "choices": [
                    {
                        "index": i,
                        "text": texts[i],
                        "finish_reason": b.finish_reason,
                        "logprobs": logprobs_for(texts[i], 0),
                    }
                    for i in range(n)
                ],
            }
            if b.usage:
                obj["usage"] = {"prompt_tokens": 3, "completion_tokens": 5, "total_tokens": 8}
            self._send_json(200, obj)
            return
        events = []
        for i in range(0, max(len(t) for t in texts), b.chunk_size):
            for k, t in enumerate(texts):  # n choices interleaved, one event per piece
                piece = t[i : i + b.chunk_size]
                if not piece:
                    continue
                events.append(
                    {
                        **base,
                        "choices": [
                            {
                                "index": k,
                                "text": piece,
                                "finish_reason": None,
                                "logprobs": logprobs_for(piece, i),
                            }
                        ],
                    }
                )
        for k in range(n):
            events.append(
                {
                    **base,
                    "choices": [
                        {"index": k, "text": "", "finish_reason": b.finish_reason, "logprobs": None}
                    ],
                }
            )
        self._stream_events(events, fault)

    def _speech(self, body: dict[str, Any], fault: Fault | None) -> None:
        b = self.owner.behavior
        if not body.get("input"):
            self._send_error_obj(400, "input is required", "invalid_request_error", None)
            return
        voice = body.get("voice")
        allowed = SPEECH_VOICES.get(str(body.get("model")), ALL_SPEECH_VOICES)
        if voice not in allowed:
            self._send_error_obj(
                400,
                f"Invalid value: '{voice}'. Supported values are: "
                + ", ".join(f"'{v}'" for v in allowed)
                + ".",
                "invalid_request_error",
                "invalid_value",
            )
            return
        fmt = body.get("response_format", "mp3")
        if b.speech_bytes is not None and fmt in b.speech_bytes:
            data = b.speech_bytes[fmt]
        else:
            pcm = speech_pcm(b.speech_seconds)
            data = wav_wrap(pcm) if fmt == "wav" else pcm
        self.send_response(200)
        self.send_header("Content-Type", SPEECH_CONTENT_TYPES.get(fmt, "audio/mpeg"))
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        delay = b.chunk_delay if b.speech_delay is None else b.speech_delay
        owner = self.owner
        owner.speech_first_byte_at = owner.speech_last_byte_at = None
        for i in range(0, len(data), b.speech_chunk):
            if (
                fault is not None
                and fault.reset_after is not None
                and i >= fault.reset_after * b.speech_chunk
            ):
                self._reset()
                return
            self._write_chunk(data[i : i + b.speech_chunk])
            if owner.speech_first_byte_at is None:
                owner.speech_first_byte_at = time.monotonic()
            if delay and i + b.speech_chunk < len(data):
                if owner.wait_stopping(delay):
                    return
        self._write_chunk(b"")
        owner.speech_last_byte_at = time.monotonic()

    # -- streaming ------------------------------------------------------------------------
    def _write_chunk(self, data: bytes) -> None:
        if getattr(self, "_close_delimited", False):
            if data:
                self.wfile.write(data)
                self.wfile.flush()
            return
        self.wfile.write(f"{len(data):x}\r\n".encode() + data + b"\r\n")
        self.wfile.flush()

    def _stream_events(self, events: list[dict[str, Any]], fault: Fault | None) -> None:
        b = self.owner.behavior
        nl = "\r\n" if b.crlf else "\n"
        prefix = "data:" if b.no_space else "data: "
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.send_header("Cache-Control", "no-cache")
        self._close_delimited = b.close_delimited
        if b.close_delimited:
            self.send_header("Connection", "close")
            self.close_connection = True
        else:
            self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        self.owner.open_streams += 1
        try:
            if b.comments:
                self._write_chunk(f": keep-alive{nl}{nl}".encode())
            for i, ev in enumerate(events):
                if fault is not None:
                    if fault.reset_after is not None and i >= fault.reset_after:
                        self._reset()
                        return
                    if fault.stall_after is not None and i >= fault.stall_after:
                        self.owner.wait_stopping(3600)
                        self._reset()
                        return
                    if fault.malformed_after is not None and i == fault.malformed_after:
                        self._write_chunk(f'{prefix}{{"choices": [{{"delta": {nl}{nl}'.encode())
                        continue
                    if fault.error_event_after is not None and i == fault.error_event_after:
                        err = {
                            "error": {
                                "message": "The server overloaded mid-answer",
                                "type": "server_error",
                                "code": "overloaded",
                            }
                        }
                        self._write_chunk(f"{prefix}{json.dumps(err)}{nl}{nl}".encode())
                        self._write_chunk(b"")
                        return
                data = f"{prefix}{json.dumps(ev)}{nl}{nl}"
                if b.comments and i % 3 == 0:
                    data = f": OPENROUTER PROCESSING{nl}" + data
                self._write_chunk(data.encode())
                if b.chunk_delay:
                    if self.owner.wait_stopping(b.chunk_delay):
                        return
            if not b.no_done:
                self._write_chunk(f"{prefix}[DONE]{nl}{nl}".encode())
            self._write_chunk(b"")
            self.owner.completed_streams += 1
        finally:
            self.owner.open_streams -= 1


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--chunk-delay", type=float, default=0.0)
    ap.add_argument("--reply", default=None)
    args = ap.parse_args(argv)
    srv = FakeServer(port=args.port)
    srv.behavior.chunk_delay = args.chunk_delay
    if args.reply:
        srv.behavior.reply = args.reply
    srv.start()
    print(srv.base_url, flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        srv.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
