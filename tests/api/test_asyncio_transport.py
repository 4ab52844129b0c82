"""The HTTP/1.1 transport on asyncio streams, against small real servers on 127.0.0.1 that do
exactly one thing each: keep a connection alive, close it, stall, reset, or end the body by
closing. What the client sees is httpx's own API and exceptions."""

from __future__ import annotations

import asyncio
import socket
import struct
import subprocess
import sys
from collections.abc import Awaitable, Callable

import httpx
import pytest

from app.api.client import make_http_client
from app.api.transport import AsyncioTransport
from tests.api.support import run
from tests.fakeserver import FakeServer

Handler = Callable[[asyncio.StreamReader, asyncio.StreamWriter], Awaitable[None]]


class RawServer:
    """An asyncio server on 127.0.0.1 that counts the connections it accepted."""

    def __init__(self, handler: Handler) -> None:
        self.handler = handler
        self.connections = 0
        self.closed_by_client = asyncio.Event()

    async def __aenter__(self) -> str:
        async def serve(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            self.connections += 1
            try:
                await self.handler(reader, writer)
            except (ConnectionError, asyncio.IncompleteReadError):
                pass
            finally:
                writer.close()

        self.server = await asyncio.start_server(serve, "127.0.0.1", 0)
        port = self.server.sockets[0].getsockname()[1]
        return f"http://127.0.0.1:{port}"

    async def __aexit__(self, *exc: object) -> None:
        self.server.close()


def transport_of(client: httpx.AsyncClient) -> AsyncioTransport:
    transport = client._transport
    assert isinstance(transport, AsyncioTransport)
    return transport


async def read_request(reader: asyncio.StreamReader) -> bytes:
    """The request head (these tests send no bodies to these servers)."""
    return await reader.readuntil(b"\r\n\r\n")


def ok(body: bytes, *extra: str) -> bytes:
    head = ["HTTP/1.1 200 OK", f"Content-Length: {len(body)}", *extra]
    return ("\r\n".join(head) + "\r\n\r\n").encode() + body


def test_connections_are_kept_alive_and_reused() -> None:
    async def handler(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        while True:
            await read_request(reader)
            writer.write(ok(b"hello"))
            await writer.drain()

    async def main() -> None:
        srv = RawServer(handler)
        async with srv as url:
            client = make_http_client()
            for _ in range(3):
                r = await client.get(url + "/x")
                assert r.text == "hello"
            assert srv.connections == 1
            assert transport_of(client).open_connections() == 1
            await client.aclose()
            assert transport_of(client).open_connections() == 0

    run(main())


def test_a_connection_the_server_closed_while_idle_is_not_reused() -> None:
    async def handler(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await read_request(reader)
        writer.write(ok(b"once"))  # keep-alive by HTTP/1.1 rules, then closed anyway
        await writer.drain()

    async def main() -> None:
        srv = RawServer(handler)
        async with srv as url:
            client = make_http_client()
            assert (await client.get(url + "/a")).text == "once"
            await asyncio.sleep(0.1)  # the server's FIN arrives while the connection is idle
            assert (await client.get(url + "/b")).text == "once"
            assert srv.connections == 2
            await client.aclose()

    run(main())


def test_bytes_that_come_in_while_idle_retire_the_connection() -> None:
    async def handler(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await read_request(reader)
        writer.write(ok(b"first"))
        await writer.drain()
        await asyncio.sleep(0.05)
        writer.write(ok(b"nobody asked"))  # e.g. a 408 a server sends before closing
        await writer.drain()
        await asyncio.sleep(5)

    async def main() -> None:
        srv = RawServer(handler)
        async with srv as url:
            client = make_http_client()
            assert (await client.get(url + "/a")).text == "first"
            await asyncio.sleep(0.2)
            assert (await client.get(url + "/b")).text == "first"  # a new connection's answer
            assert srv.connections == 2
            await client.aclose()

    run(main())


def test_an_answer_sent_before_the_body_was_read_is_returned() -> None:
    async def handler(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await read_request(reader)  # and not the 8 MB body: refused at once
        body = b'{"error": {"message": "too large"}}'
        head = f"HTTP/1.1 413 Payload Too Large\r\nContent-Length: {len(body)}\r\n"
        writer.write((head + "Connection: close\r\n\r\n").encode() + body)
        await writer.drain()
        writer.write_eof()
        while await reader.read(1 << 16):  # a lingering close: the rest is read and dropped
            pass

    async def main() -> None:
        async with RawServer(handler) as url:
            client = make_http_client()
            r = await client.post(url + "/chat/completions", content=b"x" * 8_000_000)
            assert r.status_code == 413 and r.json()["error"]["message"] == "too large"
            await client.aclose()

    run(main())


def test_a_body_closed_early_closes_its_connection() -> None:
    gone = asyncio.Event()

    async def handler(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await read_request(reader)
        writer.write(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nfirst\r\n")
        await writer.drain()
        if await reader.read(1) == b"":  # the client hung up (Stop)
            gone.set()

    async def main() -> None:
        srv = RawServer(handler)
        async with srv as url:
            client = make_http_client()
            async with client.stream("GET", url + "/stream") as r:
                async for part in r.aiter_raw():
                    assert part == b"first"
                    break
            await asyncio.wait_for(gone.wait(), 2)
            assert transport_of(client).open_connections() == 0
            await client.aclose()

    run(main())


def test_a_reset_or_a_cut_body_is_a_stream_error() -> None:
    async def cut(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await read_request(reader)
        writer.write(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nfirst\r\n")
        await writer.drain()  # then closed without the last chunk

    async def main() -> None:
        async with RawServer(cut) as url:
            client = make_http_client()
            with pytest.raises((httpx.RemoteProtocolError, httpx.ReadError)):
                await client.get(url + "/cut")
            assert transport_of(client).open_connections() == 0
            await client.aclose()

    run(main())


def test_an_answer_already_received_survives_a_reset_after_it() -> None:
    """A server (or a proxy) that resets the connection right after its answer: the bytes that
    had arrived before the reset are still the answer's (asyncio's reader would raise first)."""
    body = bytes(range(256)) * 400  # 100 KB: more than one read of the transport

    async def then_reset(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await read_request(reader)
        writer.write(ok(body))
        await writer.drain()
        await asyncio.sleep(0.3)  # it has all arrived; the client has not read it yet
        sock = writer.get_extra_info("socket")
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        writer.transport.abort()  # an RST, not a FIN

    async def main() -> None:
        async with RawServer(then_reset) as url:
            client = make_http_client()
            async with client.stream("GET", url + "/big") as r:
                await asyncio.sleep(0.6)  # the reset comes in while the answer waits to be read
                assert await r.aread() == body
            await client.aclose()

    run(main())


def test_timeouts_and_refusals_are_httpx_exceptions() -> None:
    async def stall(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await read_request(reader)
        await asyncio.sleep(5)

    async def main() -> None:
        async with RawServer(stall) as url:
            client = make_http_client(timeout=httpx.Timeout(2.0, read=0.2))
            with pytest.raises(httpx.ReadTimeout):
                await client.get(url + "/slow")
            assert transport_of(client).open_connections() == 0
            await client.aclose()
        with pytest.raises(httpx.ConnectError):
            async with make_http_client() as client:
                await client.get(url + "/gone")  # the server above has stopped listening

    run(main())


def test_a_header_http_forbids_is_an_httpx_error() -> None:
    async def handler(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await read_request(reader)

    async def main() -> None:
        async with RawServer(handler) as url:
            client = make_http_client()
            with pytest.raises(httpx.LocalProtocolError):  # an API key pasted with a newline
                await client.get(url + "/x", headers={"Authorization": "Bearer sk-1\nsk-2"})
            assert transport_of(client).open_connections() == 0
            await client.aclose()

    run(main())


def test_a_body_that_ends_with_the_connection() -> None:
    async def handler(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await read_request(reader)
        writer.write(b"HTTP/1.0 200 OK\r\n\r\nall of it")
        await writer.drain()

    async def main() -> None:
        async with RawServer(handler) as url:
            client = make_http_client()
            assert (await client.get(url + "/old")).text == "all of it"
            assert transport_of(client).open_connections() == 0
            await client.aclose()

    run(main())


def test_requests_wait_for_a_free_connection() -> None:
    release = asyncio.Event()

    async def handler(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        while True:
            await read_request(reader)
            await release.wait()
            writer.write(ok(b"done"))
            await writer.drain()

    async def main() -> None:
        async with RawServer(handler) as url:
            limits = httpx.Limits(max_connections=1)
            client = httpx.AsyncClient(
                transport=AsyncioTransport(limits), timeout=httpx.Timeout(2.0, pool=0.2)
            )
            first = asyncio.ensure_future(client.get(url + "/1"))
            await asyncio.sleep(0.05)
            with pytest.raises(httpx.PoolTimeout):
                await client.get(url + "/2")
            release.set()
            assert (await first).text == "done"
            assert (await client.get(url + "/3")).text == "done"
            await client.aclose()

    run(main())


def test_posts_stream_and_the_stack_stays_off_httpcore_and_anyio() -> None:
    """A real chat stream from the fake server, in a fresh process: httpx's own transport
    stack (httpcore, anyio, sniffio) is never imported."""
    code = """
import asyncio, sys
from app.api.client import ApiClient, make_http_client
from app.api.types import ChatRequest
async def main():
    async with make_http_client() as http:
        api = ApiClient(http, sys.argv[1], api_key="sk-test")
        req = ChatRequest(model="gpt-4o-mini", messages=[{"role": "user", "content": "hi"}])
        text = ""
        async with api.stream_chat(req) as chunks:
            async for c in chunks:
                text += "".join(ch.delta.content or "" for ch in c.choices)
        assert text == "Hello there", text
asyncio.run(main())
print(sorted(m for m in ("httpcore", "anyio", "sniffio") if m in sys.modules))
"""
    with FakeServer() as srv:
        srv.behavior.reply = "Hello there"
        out = subprocess.run(
            [sys.executable, "-c", code, srv.base_url],
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"
