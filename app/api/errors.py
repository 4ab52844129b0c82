"""Typed API errors.

Each error carries a `kind` the UI turns into a translated, actionable sentence; `str(err)` is a
plain English version for logs and for callers without a UI.
"""

from __future__ import annotations

import enum
import re
from typing import Any


class ErrorKind(enum.StrEnum):
    AUTH = "auth"  # 401/403: the key
    NOT_FOUND = "not_found"  # 404: the model or the base URL
    RATE_LIMIT = "rate_limit"  # 429 rate
    QUOTA = "quota"  # 429 insufficient_quota
    BAD_REQUEST = "bad_request"  # 400/422: a parameter the server refused
    SERVER = "server"  # 5xx
    HTTP = "http"  # any other status
    INVALID_RESPONSE = "invalid_response"  # HTML, plain text, non-JSON body
    CONNECT = "connect"  # connection refused, unreachable
    DNS = "dns"  # host name does not resolve
    TIMEOUT = "timeout"  # connect or read timed out
    STREAM_INTERRUPTED = "stream_interrupted"  # connection dropped mid-answer
    MALFORMED_CHUNK = "malformed_chunk"  # a stream event that is not valid JSON
    STREAM_ERROR = "stream_error"  # the server reported an error inside the stream
    TLS = "tls"  # certificate problems
    PROTOCOL = "protocol"  # not an HTTP server, broken HTTP


_ENGLISH = {
    ErrorKind.AUTH: "The server refused the API key. Check the key in Settings.",
    ErrorKind.NOT_FOUND: "Not found. Check the model name and the base URL (it usually ends in /v1).",
    ErrorKind.RATE_LIMIT: "Rate limit reached. Wait a moment and try again.",
    ErrorKind.QUOTA: "Your quota is used up. Check the plan and billing of this account.",
    ErrorKind.BAD_REQUEST: "The server refused the request.",
    ErrorKind.SERVER: "The server had an internal error. Try again later.",
    ErrorKind.HTTP: "The server answered with an unexpected status.",
    ErrorKind.INVALID_RESPONSE: "The server's answer was not the JSON an OpenAI-compatible API sends. "
    "Check the base URL.",
    ErrorKind.CONNECT: "Could not connect to the server. Is it running, and is the base URL right?",
    ErrorKind.DNS: "The server's host name could not be found. Check the base URL and the network.",
    ErrorKind.TIMEOUT: "The server took too long to answer.",
    ErrorKind.STREAM_INTERRUPTED: "The connection dropped before the answer was complete.",
    ErrorKind.MALFORMED_CHUNK: "The server sent part of the answer in a form that could not be read.",
    ErrorKind.STREAM_ERROR: "The server reported an error while answering.",
    ErrorKind.TLS: "The secure connection failed (certificate or TLS problem).",
    ErrorKind.PROTOCOL: "The server did not speak HTTP as expected. Check the base URL.",
}

_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")


class ApiError(Exception):
    """The only exception type the API layer lets out."""

    def __init__(
        self,
        kind: ErrorKind,
        *,
        status: int | None = None,
        server_message: str | None = None,
        code: str | None = None,
        type: str | None = None,
        param: str | None = None,
        retry_after: float | None = None,
        body: Any = None,
    ) -> None:
        self.kind = kind
        self.status = status
        self.server_message = server_message
        self.code = code
        self.type = type
        self.param = param
        self.retry_after = retry_after
        self.body = body
        super().__init__(self.english())

    @property
    def retryable(self) -> bool:
        if self.kind in (ErrorKind.CONNECT, ErrorKind.TIMEOUT):
            return True
        return self.status is not None and (self.status in (408, 409, 429) or self.status >= 500)

    def english(self) -> str:
        parts = [_ENGLISH[self.kind]]
        if self.retry_after is not None and self.kind in (ErrorKind.RATE_LIMIT, ErrorKind.QUOTA):
            parts.append(f"Retry after {self.retry_after:g} s.")
        if self.status is not None:
            parts.append(f"(HTTP {self.status})")
        if self.server_message:
            parts.append(f"Server said: {self.server_message}")
        return " ".join(parts)


def summarize_body(text: str, limit: int = 200) -> str:
    """A short readable excerpt of an HTML or text body, for error messages."""
    text = _TAG.sub(" ", text)
    text = _SPACE.sub(" ", text).strip()
    return text[:limit] + ("…" if len(text) > limit else "")


def error_from_body(status: int, body: Any, text: str, retry_after: float | None) -> ApiError:
    """Build the error for an HTTP status from the body an OpenAI-compatible server returned."""
    message: str | None = None
    code: str | None = None
    etype: str | None = None
    param: str | None = None
    json_ok = isinstance(body, dict)
    if json_ok:
        err = body.get("error", body)
        if isinstance(err, dict):
            m = err.get("message") or err.get("msg") or err.get("detail")
            message = str(m) if m is not None else None
            code = _opt_str(err.get("code"))
            etype = _opt_str(err.get("type"))
            param = _opt_str(err.get("param"))
        elif isinstance(err, str):
            message = err
        if message is None and isinstance(body.get("detail"), str):
            message = body["detail"]
    elif text:
        message = summarize_body(text)

    if status in (401, 403):
        kind = ErrorKind.AUTH
    elif status == 404:
        kind = ErrorKind.NOT_FOUND
    elif status == 429:
        quota = "quota" in f"{code} {etype}".lower() or "quota" in (message or "").lower()
        kind = ErrorKind.QUOTA if quota else ErrorKind.RATE_LIMIT
    elif status in (400, 422):
        kind = ErrorKind.BAD_REQUEST
    elif status >= 500:
        kind = ErrorKind.SERVER
    else:
        kind = ErrorKind.HTTP
    if (
        not json_ok
        and kind in (ErrorKind.HTTP, ErrorKind.NOT_FOUND)
        and text.lstrip().startswith("<")
    ):
        # An HTML page usually means the base URL points at a website, not an API.
        kind = ErrorKind.INVALID_RESPONSE if kind is ErrorKind.HTTP else kind
    return ApiError(
        kind,
        status=status,
        server_message=message,
        code=code,
        type=etype,
        param=param,
        retry_after=retry_after,
        body=body if json_ok else text[:2000],
    )


def error_from_stream_event(payload: dict[str, Any]) -> ApiError:
    """An `{"error": ...}` object inside a stream (sent at HTTP 200 by several servers)."""
    err = payload.get("error")
    message: str | None
    code = etype = param = None
    status: int | None = None
    if isinstance(err, dict):
        raw = err.get("message")
        message = str(raw) if raw is not None else None
        code = _opt_str(err.get("code"))
        etype = _opt_str(err.get("type"))
        param = _opt_str(err.get("param"))
        st = err.get("status") or err.get("status_code")
        status = st if isinstance(st, int) else None
    else:
        message = str(err) if err is not None else None
    return ApiError(
        ErrorKind.STREAM_ERROR,
        status=status,
        server_message=message,
        code=code,
        type=etype,
        param=param,
        body=payload,
    )


def _opt_str(v: Any) -> str | None:
    return None if v is None else str(v)
