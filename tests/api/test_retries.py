"""Retries: which failures, how many times, how long to wait, and never after output."""

from __future__ import annotations

import time
from email.utils import formatdate

import httpx
import pytest

from app.api.client import (
    MAX_RETRY_AFTER,
    ApiClient,
    backoff_delay,
    parse_retry_after,
)
from app.api.errors import ApiError, ErrorKind
from app.api.types import CompletionRequest
from tests.fakeserver import DEFAULT_REPLY, FakeServer

from .support import (
    chat_req,
    collect_chat,
    collect_completions,
    content_of,
    expect_error,
    stream_errors,
    with_client,
)

NOW = {"retry-after": "0"}


@pytest.mark.parametrize("status", [429, 500, 502, 503, 408, 409])
@pytest.mark.parametrize("failures", [1, 2])
def test_retryable_status_then_success(srv: FakeServer, status: int, failures: int) -> None:
    srv.fail_next(times=failures, status=status, headers=NOW)
    res = with_client(srv.base_url, lambda c: c.chat(chat_req()), max_retries=2)
    assert res.text == DEFAULT_REPLY
    assert srv.count("/chat/completions") == failures + 1
    # every attempt sent the same request
    assert len({repr(r.body) for r in srv.requests}) == 1


@pytest.mark.parametrize("max_retries", [0, 1, 2, 4])
def test_too_many_failures_raise_after_max_retries_plus_one(
    srv: FakeServer, max_retries: int
) -> None:
    srv.fail_next(times=max_retries + 3, status=503, headers=NOW)
    err = expect_error(srv.base_url, lambda c: c.list_models(), max_retries=max_retries)
    assert err.kind is ErrorKind.SERVER
    assert err.status == 503
    assert srv.count("/models") == max_retries + 1


@pytest.mark.parametrize("status", [400, 401, 403, 404, 422])
def test_client_errors_are_never_retried(srv: FakeServer, status: int) -> None:
    srv.fail_next(times=3, status=status, headers=NOW)
    err = expect_error(srv.base_url, lambda c: c.chat(chat_req()), max_retries=2)
    assert err.status == status
    assert not err.retryable
    assert srv.count("/chat/completions") == 1


def test_retry_after_ms_is_honoured(srv: FakeServer) -> None:
    srv.fail_next(status=429, headers={"retry-after-ms": "300"})
    t0 = time.monotonic()
    with_client(srv.base_url, lambda c: c.list_models())
    elapsed = time.monotonic() - t0
    assert srv.count("/models") == 2
    assert 0.28 <= elapsed < 5.0


def test_retry_after_seconds_is_honoured(srv: FakeServer) -> None:
    srv.fail_next(status=503, headers={"retry-after": "0.3"})
    t0 = time.monotonic()
    with_client(srv.base_url, lambda c: c.list_models())
    elapsed = time.monotonic() - t0
    assert srv.count("/models") == 2
    assert 0.28 <= elapsed < 5.0


def test_retry_after_ms_wins_over_retry_after(srv: FakeServer) -> None:
    srv.fail_next(status=429, headers={"retry-after-ms": "50", "retry-after": "30"})
    t0 = time.monotonic()
    with_client(srv.base_url, lambda c: c.list_models())
    assert time.monotonic() - t0 < 10.0
    assert srv.count("/models") == 2


def test_retry_after_http_date_in_the_past(srv: FakeServer) -> None:
    srv.fail_next(status=429, headers={"retry-after": formatdate(time.time() - 30, usegmt=True)})
    delays: list[float] = []
    with_client(srv.base_url, lambda c: c.list_models(), on_retry=lambda a, d, e: delays.append(d))
    assert delays == [0.0]
    assert srv.count("/models") == 2


@pytest.mark.parametrize("header", [{"retry-after": "120"}, {"retry-after-ms": "61000"}])
def test_retry_after_over_sixty_seconds_is_not_retried(
    srv: FakeServer, header: dict[str, str]
) -> None:
    srv.fail_next(times=2, status=429, headers=header)
    t0 = time.monotonic()
    err = expect_error(srv.base_url, lambda c: c.chat(chat_req()), max_retries=2)
    assert time.monotonic() - t0 < 5.0
    assert err.kind is ErrorKind.RATE_LIMIT
    assert err.retry_after is not None and err.retry_after > MAX_RETRY_AFTER
    assert srv.count("/chat/completions") == 1


def test_on_retry_called_with_attempt_numbers(srv: FakeServer) -> None:
    srv.fail_next(status=500, headers=NOW)
    srv.fail_next(status=429, headers={"retry-after-ms": "10"})
    calls: list[tuple[int, float, ErrorKind, int | None]] = []

    def on_retry(attempt: int, delay: float, err: ApiError) -> None:
        calls.append((attempt, delay, err.kind, err.status))

    res = with_client(srv.base_url, lambda c: c.chat(chat_req()), on_retry=on_retry)
    assert res.text == DEFAULT_REPLY
    assert calls == [
        (1, 0.0, ErrorKind.SERVER, 500),
        (2, 0.01, ErrorKind.RATE_LIMIT, 429),
    ]


def test_on_retry_not_called_without_retry(srv: FakeServer) -> None:
    calls: list[int] = []
    srv.fail_next(status=401)
    expect_error(srv.base_url, lambda c: c.list_models(), on_retry=lambda a, d, e: calls.append(a))
    with_client(srv.base_url, lambda c: c.list_models(), on_retry=lambda a, d, e: calls.append(a))
    assert calls == []


def test_backoff_without_retry_after(srv: FakeServer) -> None:
    srv.fail_next(status=502)
    delays: list[float] = []
    t0 = time.monotonic()
    with_client(
        srv.base_url,
        lambda c: c.list_models(),
        max_retries=1,
        on_retry=lambda a, d, e: delays.append(d),
    )
    elapsed = time.monotonic() - t0
    assert len(delays) == 1 and 0.375 <= delays[0] <= 0.5
    assert elapsed >= delays[0] - 0.02
    assert srv.count("/models") == 2


def test_backoff_delay_bounds() -> None:
    for attempt in range(8):
        base = min(0.5 * 2**attempt, 8.0)
        for _ in range(50):
            d = backoff_delay(attempt)
            assert 0.75 * base <= d <= base


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({}, None),
        ({"retry-after": "3"}, 3.0),
        ({"retry-after": "0.25"}, 0.25),
        ({"retry-after": "-4"}, 0.0),
        ({"retry-after-ms": "250"}, 0.25),
        ({"retry-after-ms": "junk", "retry-after": "2"}, 2.0),
        ({"retry-after": "soon"}, None),
    ],
)
def test_parse_retry_after(headers: dict[str, str], expected: float | None) -> None:
    assert parse_retry_after(httpx.Headers(headers)) == expected


def test_parse_retry_after_http_date_in_the_future() -> None:
    got = parse_retry_after(
        httpx.Headers({"retry-after": formatdate(time.time() + 20, usegmt=True)})
    )
    assert got is not None and 15 <= got <= 21


def test_stream_that_failed_at_open_is_retried(srv: FakeServer) -> None:
    srv.fail_next(status=500, headers=NOW)
    chunks = with_client(srv.base_url, lambda c: collect_chat(c, chat_req()))
    assert content_of(chunks) == DEFAULT_REPLY
    assert srv.count("/chat/completions") == 2


def test_stream_rate_limited_twice_then_ok(srv: FakeServer) -> None:
    srv.fail_next(times=2, status=429, headers={"retry-after-ms": "5"})
    attempts: list[int] = []
    chunks = with_client(
        srv.base_url,
        lambda c: collect_chat(c, chat_req()),
        on_retry=lambda a, d, e: attempts.append(a),
    )
    assert content_of(chunks) == DEFAULT_REPLY
    assert attempts == [1, 2]
    assert srv.count("/chat/completions") == 3


def test_completion_stream_failed_at_open_is_retried(srv: FakeServer) -> None:
    srv.fail_next(status=503, headers=NOW)
    r = CompletionRequest(model="gpt-4o-mini", prompt="x")
    chunks = with_client(srv.base_url, lambda c: collect_completions(c, r))
    assert "".join(ch.text for ch in chunks) == DEFAULT_REPLY
    assert srv.count("/completions") == 2


def test_stream_that_produced_output_then_reset_is_not_retried(srv: FakeServer) -> None:
    srv.behavior.chunk_delay = 0.01
    srv.fail_next(reset_after=4)
    calls: list[int] = []
    err, got = stream_errors(
        srv.base_url, chat_req(), max_retries=2, on_retry=lambda a, d, e: calls.append(a)
    )
    assert err.kind is ErrorKind.STREAM_INTERRUPTED
    assert content_of(got) == DEFAULT_REPLY[:12]
    assert srv.count("/chat/completions") == 1
    assert calls == []


def test_error_event_in_stream_is_not_retried(srv: FakeServer) -> None:
    srv.fail_next(error_event_after=0)
    err, got = stream_errors(srv.base_url, chat_req(), max_retries=2)
    assert err.kind is ErrorKind.STREAM_ERROR
    assert got == []
    assert srv.count("/chat/completions") == 1


def test_connection_dropped_before_any_response_is_retried(srv: FakeServer) -> None:
    """A dropped connection before the answer started is a connection error: retried."""
    srv.fail_next(close_without_response=True)
    calls: list[ErrorKind] = []
    res = with_client(
        srv.base_url,
        lambda c: c.chat(chat_req()),
        max_retries=1,
        on_retry=lambda a, d, e: calls.append(e.kind),
    )
    assert res.text == DEFAULT_REPLY
    assert srv.count("/chat/completions") == 2
    assert len(calls) == 1


def test_stream_connection_dropped_before_any_response_is_retried(srv: FakeServer) -> None:
    srv.fail_next(close_without_response=True)
    chunks = with_client(srv.base_url, lambda c: collect_chat(c, chat_req()), max_retries=1)
    assert content_of(chunks) == DEFAULT_REPLY
    assert srv.count("/chat/completions") == 2


def test_connect_error_is_retried_with_backoff(srv: FakeServer) -> None:
    from .support import unused_port

    url = f"http://127.0.0.1:{unused_port()}/v1"
    calls: list[tuple[int, ErrorKind]] = []

    async def call(c: ApiClient) -> ApiError:
        try:
            await c.list_models()
        except ApiError as err:
            return err
        raise AssertionError("connected to an unused port")

    err = with_client(url, call, max_retries=1, on_retry=lambda a, d, e: calls.append((a, e.kind)))
    assert err.kind is ErrorKind.CONNECT
    assert calls == [(1, ErrorKind.CONNECT)]
