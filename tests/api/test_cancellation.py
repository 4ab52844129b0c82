"""Cancelling a stream closes the connection, leaves the client usable and leaves no warnings."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from app.api.client import ApiClient, make_http_client
from app.api.types import ChatChunk
from tests.fakeserver import DEFAULT_REPLY, FakeServer

from .support import chat_req, content_of, run

REPO = Path(__file__).resolve().parents[2]


async def wait_until(pred: object, seconds: float = 3.0) -> bool:
    assert callable(pred)
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if pred():
            return True
        await asyncio.sleep(0.02)
    return bool(pred())


def test_cancel_mid_stream_closes_the_connection(fresh_srv: FakeServer) -> None:
    srv = fresh_srv
    srv.behavior.chunk_delay = 0.05
    got: list[ChatChunk] = []

    async def main() -> None:
        async with make_http_client() as http:
            client = ApiClient(http, srv.base_url)

            async def consume() -> None:
                async with client.stream_chat(chat_req()) as chunks:
                    async for ch in chunks:
                        got.append(ch)

            task = asyncio.create_task(consume())
            assert await wait_until(lambda: len(got) >= 3)
            assert srv.open_streams == 1
            task.cancel()
            with pytest.raises(asyncio.CancelledError):
                await task
            assert task.cancelled()
            n = len(got)
            assert await wait_until(lambda: srv.open_streams == 0, 3.0), "stream still open"
            assert len(got) == n  # nothing delivered after the cancel
            # the same HTTP client still works, whole and streamed
            srv.behavior.chunk_delay = 0.0
            assert len(await client.list_models()) == 4
            async with client.stream_chat(chat_req()) as chunks:
                assert content_of([ch async for ch in chunks]) == DEFAULT_REPLY

    t0 = time.monotonic()
    run(main())
    assert time.monotonic() - t0 < 10
    partial = content_of(got)
    assert 0 < len(partial) < len(DEFAULT_REPLY)
    assert DEFAULT_REPLY.startswith(partial)
    assert srv.count("/chat/completions") == 2


def test_cancel_while_waiting_to_retry(srv: FakeServer) -> None:
    srv.fail_next(status=429, headers={"retry-after": "30"})

    async def main() -> float:
        async with make_http_client() as http:
            client = ApiClient(http, srv.base_url)
            task = asyncio.create_task(client.chat(chat_req()))
            assert await wait_until(lambda: srv.count("/chat/completions") == 1)
            await asyncio.sleep(0.05)
            t0 = time.monotonic()
            task.cancel()
            with pytest.raises(asyncio.CancelledError):
                await task
            return time.monotonic() - t0

    assert run(main()) < 1.0
    assert srv.count("/chat/completions") == 1


SCENARIO = r"""
import asyncio, gc, sys
from tests.fakeserver import FakeServer, DEFAULT_REPLY
from app.api.client import ApiClient, make_http_client
from app.api.types import ChatRequest, SpeechRequest

REQ = ChatRequest("gpt-4o-mini", [{"role": "user", "content": "hi"}])

async def wait_until(pred, seconds=3.0):
    loop = asyncio.get_running_loop()
    end = loop.time() + seconds
    while loop.time() < end:
        if pred():
            return True
        await asyncio.sleep(0.02)
    return pred()

async def main(srv):
    async with make_http_client() as http:
        client = ApiClient(http, srv.base_url)
        got = []

        async def consume():
            async with client.stream_chat(REQ) as chunks:
                async for ch in chunks:
                    got.append(ch)

        # 1. cancel mid-stream
        task = asyncio.create_task(consume())
        assert await wait_until(lambda: len(got) >= 3), "no chunks"
        task.cancel()
        try:
            await task
        except asyncio.CancelledError:
            pass
        else:
            raise AssertionError("task not cancelled")
        assert await wait_until(lambda: srv.open_streams == 0), "stream left open"

        # 2. the consumer breaks out early
        async with client.stream_chat(REQ) as chunks:
            async for ch in chunks:
                break
        assert await wait_until(lambda: srv.open_streams == 0), "stream left open after break"

        # 3. cancel a speech download
        async def listen():
            async with client.speech(SpeechRequest("tts-1", "hello", response_format="pcm")) as audio:
                async for _ in audio:
                    await asyncio.sleep(0.01)
        t = asyncio.create_task(listen())
        await asyncio.sleep(0.1)
        t.cancel()
        try:
            await t
        except asyncio.CancelledError:
            pass

        # 4. the client still works
        srv.behavior.chunk_delay = 0.0
        async with client.stream_chat(REQ) as chunks:
            text = "".join([c.choices[0].delta.content or "" async for c in chunks if c.choices])
        assert text == DEFAULT_REPLY, text
        gc.collect()
        await asyncio.sleep(0.05)
    gc.collect()

srv = FakeServer().start()
srv.behavior.chunk_delay = 0.05
srv.behavior.speech_chunk = 480
try:
    asyncio.run(main(srv))
    gc.collect()
finally:
    srv.stop()
print("SCENARIO-OK")
"""

BAD = (
    "Task was destroyed",
    "async generator ignored GeneratorExit",
    "Exception ignored",
    "ResourceWarning",
    "was never awaited",
    "Traceback",
)


@pytest.mark.parametrize(
    ("flags", "debug"),
    [([], False), (["-W", "error::ResourceWarning"], True), (["-X", "dev"], True)],
    ids=["plain", "debug-resourcewarning-error", "devmode"],
)
def test_cancellation_leaves_no_warnings(flags: list[str], debug: bool) -> None:
    env = dict(os.environ, PYTHONPATH=str(REPO))
    env.pop("PYTHONASYNCIODEBUG", None)
    if debug:
        env["PYTHONASYNCIODEBUG"] = "1"
    proc = subprocess.run(
        [sys.executable, *flags, "-c", textwrap.dedent(SCENARIO)],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    assert "SCENARIO-OK" in proc.stdout
    for bad in BAD:
        assert bad not in proc.stderr, proc.stderr


QUIET = r"""
import socket, struct, time
from tests.fakeserver import FakeServer
srv = FakeServer().start()
try:
    s = socket.create_connection(("127.0.0.1", srv.port))
    s.sendall(b"GET /v1/models HTTP/1.1\r\nHost: x\r\n\r\n")
    time.sleep(0.2)
    # close with unread data: the kernel sends a reset to the waiting handler
    s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    s.close()
    time.sleep(0.2)
finally:
    srv.stop()
print("QUIET-OK")
"""


def test_fake_server_is_quiet_when_a_client_resets() -> None:
    """Clients that vanish must not print tracebacks: the stderr checks above rely on it."""
    proc = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(QUIET)],
        cwd=REPO,
        env=dict(os.environ, PYTHONPATH=str(REPO)),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    assert "QUIET-OK" in proc.stdout
    assert proc.stderr == ""
