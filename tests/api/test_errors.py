"""Every failure maps to one ApiError kind with a message a user can act on."""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator

import httpx
import pytest

from app.api.client import ApiClient
from app.api.errors import ApiError, ErrorKind
from tests.fakeserver import DEFAULT_REPLY, FakeServer

from .support import (
    FAST_TIMEOUT,
    chat_req,
    collect_chat,
    content_of,
    expect_error,
    stream_errors,
    unused_port,
)


@pytest.mark.parametrize(
    ("status", "kind", "sentence"),
    [
        (401, ErrorKind.AUTH, "refused the API key"),
        (403, ErrorKind.AUTH, "refused the API key"),
        (404, ErrorKind.NOT_FOUND, "Check the model name and the base URL"),
        (400, ErrorKind.BAD_REQUEST, "refused the request"),
        (422, ErrorKind.BAD_REQUEST, "refused the request"),
        (429, ErrorKind.RATE_LIMIT, "Rate limit reached"),
        (500, ErrorKind.SERVER, "internal error"),
        (502, ErrorKind.SERVER, "internal error"),
        (503, ErrorKind.SERVER, "internal error"),
        (504, ErrorKind.SERVER, "internal error"),
        (418, ErrorKind.HTTP, "unexpected status"),
    ],
)
def test_status_maps_to_kind(srv: FakeServer, status: int, kind: ErrorKind, sentence: str) -> None:
    srv.fail_next(status=status)
    err = expect_error(srv.base_url, lambda c: c.chat(chat_req()), max_retries=0)
    assert err.kind is kind
    assert err.status == status
    assert err.server_message == f"fake error {status}"
    assert err.type == "fake_error"
    text = str(err)
    assert sentence in text
    assert f"(HTTP {status})" in text
    assert f"Server said: fake error {status}" in text
    assert srv.count("/chat/completions") == 1


def test_stream_open_error_raises_before_any_chunk(srv: FakeServer) -> None:
    srv.fail_next(status=401)
    err, got = stream_errors(srv.base_url, chat_req())
    assert err.kind is ErrorKind.AUTH
    assert got == []
    assert srv.count("/chat/completions") == 1


def test_rate_limit_retry_after_parsed(srv: FakeServer) -> None:
    srv.fail_next(status=429, headers={"retry-after": "7"})
    err = expect_error(srv.base_url, lambda c: c.chat(chat_req()), max_retries=0)
    assert err.kind is ErrorKind.RATE_LIMIT
    assert err.retry_after == 7.0
    assert err.retryable
    assert "Retry after 7 s." in str(err)


def test_rate_limit_retry_after_ms_parsed(srv: FakeServer) -> None:
    srv.fail_next(status=429, headers={"retry-after-ms": "1500", "retry-after": "9"})
    err = expect_error(srv.base_url, lambda c: c.list_models(), max_retries=0)
    assert err.kind is ErrorKind.RATE_LIMIT
    assert err.retry_after == 1.5


def test_quota(srv: FakeServer) -> None:
    body = {
        "error": {
            "message": "You exceeded your current quota, please check your plan and billing.",
            "type": "insufficient_quota",
            "param": None,
            "code": "insufficient_quota",
        }
    }
    srv.fail_next(status=429, body=json.dumps(body))
    err = expect_error(srv.base_url, lambda c: c.chat(chat_req()), max_retries=0)
    assert err.kind is ErrorKind.QUOTA
    assert err.code == "insufficient_quota"
    assert "quota is used up" in str(err)
    assert "You exceeded your current quota" in str(err)


def test_bad_request_keeps_message_and_param(srv: FakeServer) -> None:
    body = {
        "error": {
            "message": "Invalid value for 'temperature': must be at most 2.",
            "type": "invalid_request_error",
            "param": "temperature",
            "code": "invalid_value",
        }
    }
    srv.fail_next(status=400, body=json.dumps(body))
    err = expect_error(srv.base_url, lambda c: c.chat(chat_req(temperature=9)))
    assert err.kind is ErrorKind.BAD_REQUEST
    assert err.param == "temperature"
    assert err.code == "invalid_value"
    assert err.type == "invalid_request_error"
    assert err.server_message == "Invalid value for 'temperature': must be at most 2."
    assert "Invalid value for 'temperature'" in str(err)
    assert err.body == body
    assert not err.retryable


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"detail": "Not authenticated"}, "Not authenticated"),
        ({"error": "model is loading"}, "model is loading"),
        ({"message": "top-level message"}, "top-level message"),
        ({"error": {"msg": "msg field"}}, "msg field"),
    ],
)
def test_other_error_body_shapes(srv: FakeServer, body: dict[str, object], message: str) -> None:
    srv.fail_next(status=500, body=json.dumps(body))
    err = expect_error(srv.base_url, lambda c: c.list_models(), max_retries=0)
    assert err.kind is ErrorKind.SERVER
    assert err.server_message == message


HTML = """<!DOCTYPE html>
<html><head><title>502 Bad Gateway</title><style>body{color:red}</style></head>
<body>
  <center><h1>502 Bad Gateway</h1></center>
  <hr><center>nginx/1.25.3</center>
</body></html>
"""


@pytest.mark.parametrize(("status", "kind"), [(502, ErrorKind.SERVER), (404, ErrorKind.NOT_FOUND)])
def test_html_error_body_excerpt_has_no_tags(srv: FakeServer, status: int, kind: ErrorKind) -> None:
    srv.fail_next(status=status, body=HTML, content_type="text/html")
    err = expect_error(srv.base_url, lambda c: c.chat(chat_req()), max_retries=0)
    assert err.kind is kind
    msg = err.server_message or ""
    assert "502 Bad Gateway" in msg and "nginx/1.25.3" in msg
    assert "<" not in msg and ">" not in msg
    assert "<" not in str(err)
    assert len(msg) <= 201


def test_long_html_excerpt_is_shortened(srv: FakeServer) -> None:
    srv.fail_next(status=503, body="<p>" + "overloaded " * 500 + "</p>", content_type="text/html")
    err = expect_error(srv.base_url, lambda c: c.list_models(), max_retries=0)
    assert err.kind is ErrorKind.SERVER
    assert err.server_message is not None and err.server_message.endswith("…")
    assert len(err.server_message) == 201


def test_plain_text_error_body(srv: FakeServer) -> None:
    srv.fail_next(status=503, body="upstream connect error", content_type="text/plain")
    err = expect_error(srv.base_url, lambda c: c.list_models(), max_retries=0)
    assert (err.kind, err.server_message) == (ErrorKind.SERVER, "upstream connect error")


@pytest.mark.parametrize(
    ("body", "ctype"),
    [
        (HTML, "text/html"),
        ("OK", "text/plain"),
        ("{not json", "application/json"),
        (b"\xff\xfe\x00garbage", "application/octet-stream"),
    ],
)
def test_non_json_200_is_invalid_response(srv: FakeServer, body: str | bytes, ctype: str) -> None:
    srv.fail_next(status=200, body=body, content_type=ctype)
    err = expect_error(srv.base_url, lambda c: c.chat(chat_req()))
    assert err.kind is ErrorKind.INVALID_RESPONSE
    assert err.status == 200
    assert "Check the base URL" in str(err)
    assert "<" not in (err.server_message or "")
    assert srv.count("/chat/completions") == 1


def test_html_200_on_a_stream_is_invalid_response(srv: FakeServer) -> None:
    srv.fail_next(status=200, body=HTML, content_type="text/html")
    err, got = stream_errors(srv.base_url, chat_req())
    assert err.kind is ErrorKind.INVALID_RESPONSE
    assert "502 Bad Gateway" in (err.server_message or "")
    assert got == []


def test_connection_refused_is_connect(srv: FakeServer) -> None:
    url = f"http://127.0.0.1:{unused_port()}/v1"
    err = expect_error(url, lambda c: c.list_models(), max_retries=0)
    assert err.kind is ErrorKind.CONNECT
    assert err.retryable
    assert "Could not connect" in str(err)


def test_dns_failure_is_dns() -> None:
    err = expect_error("http://nonexistent.invalid/v1", lambda c: c.list_models())
    assert err.kind is ErrorKind.DNS
    assert not err.retryable
    assert "host name could not be found" in str(err)


def test_unsupported_scheme_is_protocol() -> None:
    err = expect_error("ftp://127.0.0.1/v1", lambda c: c.list_models())
    assert err.kind is ErrorKind.PROTOCOL


def test_server_closing_without_response(srv: FakeServer) -> None:
    srv.fail_next(close_without_response=True)
    err = expect_error(srv.base_url, lambda c: c.chat(chat_req()), max_retries=0)
    assert err.kind is ErrorKind.STREAM_INTERRUPTED
    assert srv.count("/chat/completions") == 1


def test_read_timeout_before_headers_is_timeout() -> None:
    """A server that accepts and never answers."""
    lsock = socket.socket()
    lsock.bind(("127.0.0.1", 0))
    lsock.listen()
    port = lsock.getsockname()[1]
    try:
        err = expect_error(
            f"http://127.0.0.1:{port}/v1",
            lambda c: c.list_models(),
            max_retries=0,
            timeout=httpx.Timeout(2.0, read=0.3),
        )
    finally:
        lsock.close()
    assert err.kind is ErrorKind.TIMEOUT
    assert err.retryable
    assert "took too long" in str(err)


# -- mid-stream faults: what arrived before the fault is kept -------------------------------


def test_stall_mid_stream_is_timeout_with_partial_output(fresh_srv: FakeServer) -> None:
    fresh_srv.fail_next(stall_after=3)
    err, got = stream_errors(fresh_srv.base_url, chat_req(), timeout=FAST_TIMEOUT)
    assert err.kind is ErrorKind.TIMEOUT
    assert len(got) == 3
    assert content_of(got) == DEFAULT_REPLY[:8]
    assert fresh_srv.count("/chat/completions") == 1


def test_reset_mid_stream_is_interrupted_with_partial_output(srv: FakeServer) -> None:
    srv.behavior.chunk_delay = 0.02
    srv.fail_next(reset_after=3)
    err, got = stream_errors(srv.base_url, chat_req())
    assert err.kind is ErrorKind.STREAM_INTERRUPTED
    assert "dropped before the answer was complete" in str(err)
    assert content_of(got) == DEFAULT_REPLY[:8]
    assert srv.count("/chat/completions") == 1


def test_malformed_chunk_with_partial_output(srv: FakeServer) -> None:
    srv.fail_next(malformed_after=3)
    err, got = stream_errors(srv.base_url, chat_req())
    assert err.kind is ErrorKind.MALFORMED_CHUNK
    assert '{"choices": [{"delta":' in (err.server_message or "")
    assert content_of(got) == DEFAULT_REPLY[:8]
    assert len(got) == 3


@pytest.mark.parametrize("quirks", [(), ("crlf", "no_space", "comments")])
def test_error_event_at_200_is_stream_error(srv: FakeServer, quirks: tuple[str, ...]) -> None:
    for q in quirks:
        setattr(srv.behavior, q, True)
    srv.fail_next(error_event_after=3)
    err, got = stream_errors(srv.base_url, chat_req())
    assert err.kind is ErrorKind.STREAM_ERROR
    assert err.server_message == "The server overloaded mid-answer"
    assert err.code == "overloaded"
    assert err.type == "server_error"
    assert "The server overloaded mid-answer" in str(err)
    assert content_of(got) == DEFAULT_REPLY[:8]
    assert srv.count("/chat/completions") == 1


def test_error_event_with_event_field(srv: FakeServer) -> None:
    """`event: error` with a bare object (no "error" key) is an error too."""
    body = 'data: {"choices":[{"delta":{"content":"Hi"}}]}\n\nevent: error\ndata: {"message":"bad"}\n\n'
    srv.fail_next(status=200, body=body, content_type="text/event-stream")
    err, got = stream_errors(srv.base_url, chat_req())
    assert err.kind is ErrorKind.STREAM_ERROR
    assert err.server_message == "bad"
    assert content_of(got) == "Hi"


# -- a compressed event stream (proxies gzip text/event-stream) -----------------------------


@pytest.fixture
def gzip_sse_url() -> Iterator[str]:
    """A real HTTP server that sends an SSE body with Content-Encoding: gzip."""
    import gzip
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    events = [{"choices": [{"index": 0, "delta": {"content": w}}]} for w in ["Hel", "lo ", "zip"]]
    raw = "".join(f"data: {json.dumps(e)}\n\n" for e in events) + "data: [DONE]\n\n"
    payload = gzip.compress(raw.encode())

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:
            pass

        def do_POST(self) -> None:
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    t = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    t.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/v1"
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_gzip_compressed_event_stream(gzip_sse_url: str) -> None:
    from .support import with_client

    async def call(c: ApiClient) -> str:
        return content_of(await collect_chat(c, chat_req()))

    assert with_client(gzip_sse_url, call) == "Hello zip"


def test_api_error_is_the_only_exception_type(srv: FakeServer) -> None:
    srv.fail_next(malformed_after=0)
    err, _ = stream_errors(srv.base_url, chat_req())
    assert type(err) is ApiError
    assert isinstance(err.__cause__, ValueError)
