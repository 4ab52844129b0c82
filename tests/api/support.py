"""Helpers for the API tests: run a coroutine, make a client on the fake server, drain streams."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any, TypeVar

import httpx

from app.api.client import ApiClient, RetryCallback, make_http_client
from app.api.errors import ApiError
from app.api.types import ChatChunk, ChatRequest, Completion

T = TypeVar("T")

USER = [{"role": "user", "content": "Say something nice"}]
FAST_TIMEOUT = httpx.Timeout(2.0, read=0.5)


def run(coro: Coroutine[Any, Any, T]) -> T:
    return asyncio.run(coro)


def with_client(
    base_url: str,
    fn: Callable[[ApiClient], Awaitable[T]],
    *,
    api_key: str | None = None,
    extra_headers: dict[str, str] | None = None,
    max_retries: int = 2,
    timeout: httpx.Timeout | None = None,
    on_retry: RetryCallback | None = None,
) -> T:
    """Run `fn(client)` on a fresh shared-style HTTP client, in a fresh event loop."""

    async def main() -> T:
        async with make_http_client() as http:
            client = ApiClient(
                http,
                base_url,
                api_key,
                extra_headers=extra_headers,
                max_retries=max_retries,
                timeout=timeout,
                on_retry=on_retry,
            )
            return await fn(client)

    return run(main())


def expect_error(base_url: str, fn: Callable[[ApiClient], Awaitable[Any]], **kw: Any) -> ApiError:
    """Run `fn` and return the ApiError it raised (fail if it returned or raised anything else)."""

    async def call(client: ApiClient) -> ApiError:
        try:
            result = await fn(client)
        except ApiError as err:
            return err
        raise AssertionError(f"expected ApiError, got {result!r}")

    return with_client(base_url, call, **kw)


def chat_req(model: str = "gpt-4o-mini", **params: Any) -> ChatRequest:
    return ChatRequest(model=model, messages=list(USER), params=params)


async def collect_chat(
    client: ApiClient, req: ChatRequest, sink: list[ChatChunk] | None = None
) -> list[ChatChunk]:
    """Drain a chat stream; chunks go into `sink` as they arrive (kept when an error follows)."""
    out = sink if sink is not None else []
    async with client.stream_chat(req) as chunks:
        async for chunk in chunks:
            out.append(chunk)
    return out


async def collect_completions(
    client: ApiClient, req: Any, sink: list[Completion] | None = None
) -> list[Completion]:
    out = sink if sink is not None else []
    async with client.stream_complete(req) as chunks:
        async for chunk in chunks:
            out.append(chunk)
    return out


def content_of(chunks: list[ChatChunk]) -> str:
    return "".join(c.delta.content or "" for ch in chunks for c in ch.choices)


def reasoning_of(chunks: list[ChatChunk]) -> str:
    return "".join(c.delta.reasoning or "" for ch in chunks for c in ch.choices)


def stream_errors(base_url: str, req: ChatRequest, **kw: Any) -> tuple[ApiError, list[ChatChunk]]:
    """Stream `req`, expecting an ApiError; return it with the chunks delivered before it."""
    got: list[ChatChunk] = []

    async def call(client: ApiClient) -> ApiError:
        try:
            await collect_chat(client, req, got)
        except ApiError as err:
            return err
        raise AssertionError(f"expected ApiError after {len(got)} chunks")

    return with_client(base_url, call, **kw), got


def unused_port() -> int:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = int(s.getsockname()[1])
    s.close()
    return port
