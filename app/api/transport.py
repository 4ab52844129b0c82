"""The shared client's transport: HTTP/1.1 over asyncio streams, with h11 for the protocol.

httpx's own transport runs on httpcore, which reaches asyncio only through anyio (its locks,
events and sockets): importing and running those costs ~5 MiB for good, a third of everything
the idle window holds above a bare Qt window. This one speaks the same HTTP/1.1 with the same
parser httpcore uses (h11), on asyncio's own streams, and raises httpx's exceptions, so the
client code above it cannot tell the difference.

What it does: keep-alive connections per (scheme, host, port), reused while the server allows
(at most `max_keepalive_connections`, each for `keepalive_expiry` seconds); at most
`max_connections` at once; the connect/read/write/pool timeouts httpx passes per request; TLS
verified as httpx does (its `create_ssl_context`: certifi, or SSL_CERT_FILE / SSL_CERT_DIR),
made on the first https request only. A response body read to its end frees its connection
for the next request; a body closed early (Stop) closes its connection.

Proxies are not handled here: a proxied client (settings or HTTP(S)_PROXY) gets httpx's own
proxy transports, which httpx mounts itself.
"""

from __future__ import annotations

import asyncio
import contextlib
import ssl
import time
from collections.abc import AsyncIterator, Iterator
from typing import Any

import h11
import httpx

READ_SIZE = 64 * 1024  # as httpcore reads (max_bytes=65536)
Key = tuple[str, str, int]


class _Connection:
    """One socket and its h11 state machine."""

    def __init__(self, key: Key, reader: asyncio.StreamReader, writer: asyncio.StreamWriter):
        self.key = key
        self.reader = reader
        self.writer = writer
        self.h11 = h11.Connection(h11.CLIENT)
        self.idle_since = 0.0

    def reusable(self, now: float, expiry: float) -> bool:
        return (
            self.h11.our_state is h11.IDLE
            and self.h11.their_state is h11.IDLE
            and not self.writer.is_closing()
            and not self.reader.at_eof()  # the server closed it while it was idle
            # nothing unasked-for came in (a late 408, say): it would pass for the next answer
            and not self.h11.trailing_data[0]
            and not getattr(self.reader, "_buffer", b"")
            and now - self.idle_since < expiry
        )

    def close(self) -> None:
        # abort, not close: nothing is left to flush, and the socket must go at once
        self.writer.transport.abort()

    async def send(self, event: Any, timeout: float | None) -> None:
        with _mapped(httpx.WriteError, httpx.WriteTimeout):
            data = self.h11.send(event)
            if data:
                self.writer.write(data)
            async with asyncio.timeout(timeout):
                await self.writer.drain()

    async def next_event(self, timeout: float | None) -> Any:
        while True:
            with _mapped(httpx.ReadError, httpx.ReadTimeout):
                event = self.h11.next_event()
                if event is not h11.NEED_DATA:
                    return event
                # A turn for the event loop first, as anyio's sockets give one: with data
                # already buffered, read() returns at once, and a fast stream would be parsed
                # without the window ever getting a turn (a 137 ms stall in P4).
                await asyncio.sleep(0)
                data = self._received_before_an_error()
                if not data:
                    async with asyncio.timeout(timeout):
                        data = await self.reader.read(READ_SIZE)
                self.h11.receive_data(data)  # b"": the server closed its side

    def _received_before_an_error(self) -> bytes:
        """What arrived before the connection failed (a reset right after the answer): asyncio's
        reader raises the error first and would lose it."""
        buffered = getattr(self.reader, "_buffer", None)
        if not buffered or self.reader.exception() is None:
            return b""
        data = bytes(buffered[:READ_SIZE])
        del buffered[:READ_SIZE]
        return data


@contextlib.contextmanager
def _mapped(
    os_error: type[httpx.TransportError], timeout: type[httpx.TimeoutException]
) -> Iterator[None]:
    """Socket and protocol failures as the httpx exceptions httpcore would raise."""
    try:
        yield
    except TimeoutError as exc:
        raise timeout(str(exc) or timeout.__name__) from exc
    except h11.RemoteProtocolError as exc:
        raise httpx.RemoteProtocolError(str(exc)) from exc
    except h11.LocalProtocolError as exc:
        raise httpx.LocalProtocolError(str(exc)) from exc
    except OSError as exc:  # resets, broken pipes (ssl.SSLError is one too)
        raise os_error(str(exc) or type(exc).__name__) from exc


class AsyncioTransport(httpx.AsyncBaseTransport):
    """httpx transport on asyncio streams (see the module docstring)."""

    def __init__(self, limits: httpx.Limits) -> None:
        # (None means "no limit" to httpx)
        self._max = limits.max_connections or 1_000_000
        self._max_idle = (
            1_000_000
            if limits.max_keepalive_connections is None
            else (limits.max_keepalive_connections)
        )
        self._expiry = 5.0 if limits.keepalive_expiry is None else limits.keepalive_expiry
        self._idle: list[_Connection] = []
        self._active: set[_Connection] = set()
        self._slots: asyncio.Semaphore | None = None  # made on the loop that uses it
        self._tls: ssl.SSLContext | None = None
        self._closed = False

    @property
    def tls_loaded(self) -> bool:
        """Whether the CA bundle was loaded (only for an https request)."""
        return self._tls is not None

    def open_connections(self) -> int:
        """Sockets open now, idle or in use (for leak counts)."""
        return len(self._idle) + len(self._active)

    def _tls_context(self) -> ssl.SSLContext:
        if self._tls is None:
            self._tls = httpx.create_ssl_context(verify=True, trust_env=True)
            self._tls.set_alpn_protocols(["http/1.1"])
        return self._tls

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if self._closed:
            raise RuntimeError("the transport is closed")
        url = request.url
        scheme = url.scheme
        if scheme not in ("http", "https"):
            raise httpx.UnsupportedProtocol(f"Request URL has an unsupported protocol '{scheme}'")
        port = url.port or (443 if scheme == "https" else 80)
        key: Key = (scheme, url.raw_host.decode("ascii"), port)  # IDNA names as punycode
        timeouts: dict[str, float | None] = request.extensions.get("timeout", {})
        if self._slots is None:
            self._slots = asyncio.Semaphore(self._max)
        try:
            async with asyncio.timeout(timeouts.get("pool")):
                await self._slots.acquire()
        except TimeoutError as exc:
            raise httpx.PoolTimeout("no connection free in time") from exc
        conn: _Connection | None = None
        try:
            conn = self._reuse(key) or await self._connect(key, timeouts.get("connect"))
            self._active.add(conn)
            status, reason, headers = await self._exchange(conn, request, timeouts)
        except BaseException:
            if conn is not None:
                self._active.discard(conn)
                conn.close()
            self._slots.release()
            raise
        body = _Body(self, conn, timeouts.get("read"))
        return httpx.Response(
            status,
            headers=headers,
            stream=body,
            extensions={"http_version": b"HTTP/1.1", "reason_phrase": reason},
        )

    def _reuse(self, key: Key) -> _Connection | None:
        now = time.monotonic()
        found = None
        for conn in list(self._idle):
            if conn.reusable(now, self._expiry):
                if found is None and conn.key == key:
                    found = conn
                    self._idle.remove(conn)
            else:
                self._idle.remove(conn)
                conn.close()
        return found

    async def _connect(self, key: Key, timeout: float | None) -> _Connection:
        scheme, host, port = key
        tls = self._tls_context() if scheme == "https" else None
        try:
            async with asyncio.timeout(timeout):
                reader, writer = await asyncio.open_connection(
                    host,
                    port,
                    ssl=tls,
                    server_hostname=host if tls is not None else None,
                    limit=READ_SIZE,
                )
        except TimeoutError as exc:
            raise httpx.ConnectTimeout(f"connecting to {host}:{port} timed out") from exc
        except OSError as exc:  # refused, unreachable, name not known, certificate refused
            raise httpx.ConnectError(str(exc) or type(exc).__name__) from exc
        return _Connection(key, reader, writer)

    async def _exchange(
        self, conn: _Connection, request: httpx.Request, timeouts: dict[str, float | None]
    ) -> tuple[int, bytes, list[tuple[bytes, bytes]]]:
        """Send the request; read up to the response's headers."""
        write = timeouts.get("write")
        target = request.url.raw_path
        with _mapped(httpx.WriteError, httpx.WriteTimeout):  # h11 checks the headers here
            head = h11.Request(method=request.method, target=target, headers=request.headers.raw)
        await conn.send(head, write)
        assert isinstance(request.stream, httpx.AsyncByteStream)
        try:
            async for chunk in request.stream:
                if chunk:
                    await conn.send(h11.Data(data=chunk), write)
            await conn.send(h11.EndOfMessage(), write)
        except httpx.WriteError:
            # A server may answer (413, 401) and close before reading a large body: its
            # answer, if it sent one, says more than the broken pipe.
            pass
        while True:
            event = await conn.next_event(timeouts.get("read"))
            if isinstance(event, h11.Response):
                return event.status_code, event.reason, list(event.headers)
            if isinstance(event, h11.ConnectionClosed):
                raise httpx.RemoteProtocolError("Server disconnected without sending a response.")
            # an InformationalResponse (1xx): the real one follows

    def _done(self, conn: _Connection, complete: bool) -> None:
        """A response body finished (read to its end, or closed early)."""
        self._active.discard(conn)
        if self._slots is not None:
            self._slots.release()
        if complete and not self._closed:
            with contextlib.suppress(h11.LocalProtocolError):
                conn.h11.start_next_cycle()
            conn.idle_since = time.monotonic()
            if conn.reusable(conn.idle_since, self._expiry) and len(self._idle) < self._max_idle:
                self._idle.append(conn)
                return
        conn.close()

    async def aclose(self) -> None:
        self._closed = True
        for conn in [*self._idle, *self._active]:
            conn.close()
        self._idle.clear()
        self._active.clear()


class _Body(httpx.AsyncByteStream):
    """A response body as it arrives; its connection goes back to the pool at the end."""

    def __init__(self, owner: AsyncioTransport, conn: _Connection, timeout: float | None):
        self._owner = owner
        self._conn: _Connection | None = conn
        self._timeout = timeout
        self._complete = False

    async def __aiter__(self) -> AsyncIterator[bytes]:
        conn = self._conn
        if conn is None:
            return
        while True:
            event = await conn.next_event(self._timeout)
            if isinstance(event, h11.Data):
                yield bytes(event.data)
            elif isinstance(event, h11.EndOfMessage):
                self._complete = True
                return
            elif isinstance(event, h11.ConnectionClosed):
                return  # a body delimited by the end of the connection

    async def aclose(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None:
            self._owner._done(conn, self._complete)
