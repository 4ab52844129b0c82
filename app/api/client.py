"""The thin OpenAI-compatible client: models, chat, completions, speech.

One `httpx.AsyncClient` is shared by the whole app (connection pool, proxy settings). Requests
are retried as the API reference says (408, 409, 429, >= 500, connection errors; at most twice,
honouring retry-after), but a stream that has produced output is never retried: its partial
answer belongs to the user.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import random
import ssl
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any, TypeVar
from urllib.parse import quote

import httpx

from .errors import ApiError, ErrorKind, error_from_body, error_from_stream_event
from .sse import SSEDecoder
from .transport import AsyncioTransport
from .types import (
    ChatChunk,
    ChatCompletion,
    ChatRequest,
    Completion,
    CompletionRequest,
    Model,
    SpeechRequest,
)

log = logging.getLogger("chatterdesk.api")

MAX_RETRY_AFTER = 60.0
AZURE_DEFAULT_API_VERSION = "2024-10-21"
DEFAULT_TIMEOUT = httpx.Timeout(connect=10.0, read=120.0, write=30.0, pool=10.0)

T = TypeVar("T")
RetryCallback = Callable[[int, float, ApiError], None]


def make_http_client(
    timeout: httpx.Timeout = DEFAULT_TIMEOUT, proxy: str | None = None
) -> httpx.AsyncClient:
    """The app's shared HTTP client (one per proxy; `proxy` None or "": environment proxies)."""
    limits = httpx.Limits(max_connections=20, max_keepalive_connections=10)
    return httpx.AsyncClient(
        timeout=timeout,
        limits=limits,
        follow_redirects=True,
        trust_env=True,
        proxy=proxy or None,
        transport=AsyncioTransport(limits),
    )


def parse_retry_after(headers: httpx.Headers) -> float | None:
    ms = headers.get("retry-after-ms")
    if ms:
        try:
            return max(0.0, float(ms) / 1000.0)
        except ValueError:
            pass
    ra = headers.get("retry-after")
    if ra:
        try:
            return max(0.0, float(ra))
        except ValueError:
            from email.utils import parsedate_to_datetime

            try:
                import time

                return max(0.0, parsedate_to_datetime(ra).timestamp() - time.time())
            except (TypeError, ValueError):
                return None
    return None


def backoff_delay(attempt: int) -> float:
    """min(0.5 * 2^n, 8) seconds, with up to 25% jitter."""
    base = min(0.5 * (2**attempt), 8.0)
    return base * (1.0 - 0.25 * random.random())


def transport_error(exc: Exception) -> ApiError:
    """Map an httpx transport failure to the error a user can act on."""
    text = str(exc)
    low = text.lower()
    if isinstance(exc, httpx.TimeoutException):
        return ApiError(ErrorKind.TIMEOUT, server_message=None, body=text)
    if isinstance(exc, httpx.ConnectError):
        cause = exc.__cause__ or exc.__context__
        if isinstance(cause, ssl.SSLError) or "ssl" in low or "certificate" in low:
            return ApiError(ErrorKind.TLS, server_message=text)
        if (
            "name or service not known" in low
            or "nodename nor servname" in low
            or "temporary failure in name resolution" in low
            or "no address associated" in low
            or "getaddrinfo failed" in low
        ):
            return ApiError(ErrorKind.DNS, server_message=text)
        return ApiError(ErrorKind.CONNECT, server_message=text)
    if isinstance(exc, httpx.ProxyError):
        return ApiError(ErrorKind.CONNECT, server_message=f"proxy: {text}")
    if isinstance(exc, (httpx.RemoteProtocolError, httpx.ReadError)):
        return ApiError(ErrorKind.STREAM_INTERRUPTED, server_message=text or None)
    if isinstance(exc, httpx.UnsupportedProtocol):
        return ApiError(ErrorKind.PROTOCOL, server_message=text)
    if isinstance(exc, httpx.ProtocolError):
        return ApiError(ErrorKind.PROTOCOL, server_message=text)
    return ApiError(ErrorKind.CONNECT, server_message=text)


class ApiClient:
    """One provider connection: base URL + key, on the shared HTTP client.

    `auth="azure"` speaks Azure OpenAI: an `api-key` header, deployment paths
    (`{base}/openai/deployments/{model}/chat/completions`) and an `api-version` query parameter.
    A base URL ending in `/openai/v1` (Azure's v1 API) keeps the usual paths with the `api-key`
    header and no api-version.
    """

    def __init__(
        self,
        http: httpx.AsyncClient,
        base_url: str,
        api_key: str | None = None,
        *,
        extra_headers: dict[str, str] | None = None,
        max_retries: int = 2,
        timeout: httpx.Timeout | None = None,
        on_retry: RetryCallback | None = None,
        auth: str = "bearer",
        api_version: str = "",
    ) -> None:
        self.http = http
        self.auth = "azure" if auth == "azure" else "bearer"
        self.api_version = api_version.strip() or (
            AZURE_DEFAULT_API_VERSION if self.auth == "azure" else ""
        )
        self.base_url = normalize_base_url(base_url)
        # Azure's deployment API lives under {resource}/openai/...; its v1 API under /openai/v1.
        self._azure_deployments = self.auth == "azure" and not self.base_url.endswith("/v1")
        if self._azure_deployments and self.base_url.endswith("/openai"):
            self.base_url = self.base_url[: -len("/openai")]
        self._api_key = api_key or None
        self.extra_headers = dict(extra_headers or {})
        self.max_retries = max_retries
        self.timeout = timeout
        self.on_retry = on_retry

    def __repr__(self) -> str:  # never show the key
        return (
            f"ApiClient(base_url={self.base_url!r}, auth={self.auth!r}, "
            f"key={'set' if self._api_key else 'none'})"
        )

    # -- plumbing -------------------------------------------------------------------------

    def url(self, path: str) -> str:
        return f"{self.base_url}/{path.lstrip('/')}"

    def endpoint(self, what: str, model: str = "") -> str:
        """The path (relative to the base URL) of an endpoint: "chat/completions", "completions",
        "audio/speech" (for `model`), "models", or "models/{model}"."""
        if not self._azure_deployments:
            if what == "models/":
                return f"models/{quote(model, safe='/:@')}"
            return what
        q = f"?api-version={quote(self.api_version, safe='')}"
        if what == "models":
            return f"openai/models{q}"
        if what == "models/":
            return f"openai/models/{quote(model, safe='')}{q}"
        return f"openai/deployments/{quote(model, safe='')}/{what}{q}"

    def headers(self, accept: str = "application/json") -> dict[str, str]:
        h = {"Accept": accept, "User-Agent": "Chatterdesk/0.1"}
        if self._api_key:
            if self.auth == "azure":
                h["api-key"] = self._api_key
            else:
                h["Authorization"] = f"Bearer {self._api_key}"
        h.update(self.extra_headers)
        return h

    def _timeout_kw(self) -> dict[str, Any]:
        return {"timeout": self.timeout} if self.timeout is not None else {}

    async def _with_retries(self, attempt_fn: Callable[[], Awaitable[T]]) -> T:
        attempt = 0
        while True:
            try:
                return await attempt_fn()
            except ApiError as err:
                # Inside an attempt nothing has reached the caller yet: a connection dropped
                # before the answer (reset, closed without a response) is a connection error.
                retryable = err.retryable or err.kind is ErrorKind.STREAM_INTERRUPTED
                if not retryable or attempt >= self.max_retries:
                    raise
                if err.retry_after is not None:
                    if err.retry_after > MAX_RETRY_AFTER:
                        raise
                    delay = err.retry_after
                else:
                    delay = backoff_delay(attempt)
                attempt += 1
                log.info("retry %d in %.2fs after %s", attempt, delay, err.kind)
                if self.on_retry is not None:
                    self.on_retry(attempt, delay, err)
                await asyncio.sleep(delay)

    async def _raise_for_status(self, resp: httpx.Response) -> None:
        if resp.status_code < 400:
            return
        try:
            raw = await resp.aread()
        except httpx.HTTPError:
            raw = b""
        text = raw.decode("utf-8", "replace")
        try:
            body: Any = json.loads(text) if text.strip() else None
        except (ValueError, RecursionError):
            body = None
        raise error_from_body(resp.status_code, body, text, parse_retry_after(resp.headers))

    async def _request_json(self, method: str, path: str, body: Any = None) -> Any:
        async def attempt() -> Any:
            _log_request(method, self.url(path), body)
            try:
                resp = await self.http.request(
                    method,
                    self.url(path),
                    json=body,
                    headers=self.headers(),
                    **self._timeout_kw(),
                )
            except httpx.HTTPError as exc:
                raise transport_error(exc) from exc
            _log_response(resp)
            await self._raise_for_status(resp)
            try:
                return resp.json()
            except (ValueError, RecursionError) as exc:
                text = resp.text
                raise ApiError(
                    ErrorKind.INVALID_RESPONSE,
                    status=resp.status_code,
                    server_message=_excerpt(text),
                    body=text[:2000],
                ) from exc

        return await self._with_retries(attempt)

    @asynccontextmanager
    async def _open_stream(
        self, method: str, path: str, body: Any, accept: str
    ) -> AsyncIterator[httpx.Response]:
        """Open a streamed response (with retries before any byte is read), close it on exit."""

        async def attempt() -> httpx.Response:
            req = self.http.build_request(
                method,
                self.url(path),
                json=body,
                headers=self.headers(accept),
                **self._timeout_kw(),
            )
            _log_request(method, str(req.url), body)
            try:
                resp = await self.http.send(req, stream=True)
            except httpx.HTTPError as exc:
                raise transport_error(exc) from exc
            _log_response(resp)
            try:
                await self._raise_for_status(resp)
            except BaseException:
                await resp.aclose()
                raise
            return resp

        resp = await self._with_retries(attempt)
        try:
            yield resp
        finally:
            await resp.aclose()

    @asynccontextmanager
    async def _stream_objects(
        self, path: str, body: Any, parse: Callable[[dict[str, Any]], T]
    ) -> AsyncIterator[AsyncIterator[T]]:
        """A streamed POST decoded into objects; response and generators closed on exit."""
        async with (
            self._open_stream("POST", path, body, "text/event-stream") as resp,
            _closing(_iter_objects(resp, parse)) as objects,
        ):
            yield objects

    # -- models ---------------------------------------------------------------------------

    async def list_models(self) -> list[Model]:
        data = await self._request_json("GET", self.endpoint("models"))
        items: Any
        if isinstance(data, dict):
            items = data.get("data")
            if items is None:
                items = data.get("models")  # Ollama's native shape, seen behind proxies
        else:
            items = data
        if not isinstance(items, list):
            raise ApiError(
                ErrorKind.INVALID_RESPONSE,
                server_message="the model list is missing",
                body=data,
            )
        models = [Model.from_dict(m) for m in items if isinstance(m, dict)]
        return [m for m in models if m.id]

    async def retrieve_model(self, model_id: str) -> Model:
        try:
            data = await self._request_json("GET", self.endpoint("models/", model_id))
        except ApiError as err:
            if err.kind is not ErrorKind.NOT_FOUND or err.code == "model_not_found":
                raise
            # A server without GET /models/{id} (llama-cpp-python's answers a bare 404
            # {"detail": "Not Found"}): the model's entry in the list, when it is there.
            try:
                models = await self.list_models()
            except ApiError:
                raise err from None
            for m in models:
                if m.id == model_id:
                    return m
            raise
        if not isinstance(data, dict):
            raise ApiError(ErrorKind.INVALID_RESPONSE, server_message="not a model", body=data)
        return Model.from_dict(data)

    # -- chat -----------------------------------------------------------------------------

    async def chat(self, request: ChatRequest) -> ChatCompletion:
        data = await self._request_json(
            "POST", self.endpoint("chat/completions", request.model), request.body(stream=False)
        )
        return _parse_object(data, ChatCompletion.from_dict)

    @asynccontextmanager
    async def stream_chat(self, request: ChatRequest) -> AsyncIterator[AsyncIterator[ChatChunk]]:
        """`async with client.stream_chat(req) as chunks: async for chunk in chunks: ...`"""
        async with self._stream_objects(
            self.endpoint("chat/completions", request.model),
            request.body(stream=True),
            ChatChunk.from_dict,
        ) as objects:
            yield objects

    # -- legacy completions -------------------------------------------------------------

    async def complete(self, request: CompletionRequest) -> Completion:
        data = await self._request_json(
            "POST", self.endpoint("completions", request.model), request.body(stream=False)
        )
        return _parse_object(data, Completion.from_dict)

    @asynccontextmanager
    async def stream_complete(
        self, request: CompletionRequest
    ) -> AsyncIterator[AsyncIterator[Completion]]:
        async with self._stream_objects(
            self.endpoint("completions", request.model),
            request.body(stream=True),
            Completion.from_dict,
        ) as objects:
            yield objects

    # -- speech ---------------------------------------------------------------------------

    @asynccontextmanager
    async def speech(self, request: SpeechRequest) -> AsyncIterator[AsyncIterator[bytes]]:
        """The audio body as it downloads: `async with client.speech(r) as audio: ...`"""
        path = self.endpoint("audio/speech", request.model)
        async with self._open_stream("POST", path, request.body(), "*/*") as resp:
            ctype = resp.headers.get("content-type", "")
            if ctype.startswith("application/json") or ctype.startswith("text/html"):
                text = (await resp.aread()).decode("utf-8", "replace")
                raise ApiError(
                    ErrorKind.INVALID_RESPONSE,
                    status=resp.status_code,
                    server_message=_excerpt(text),
                    body=text[:2000],
                )
            async with _closing(_iter_bytes(resp)) as audio:
                yield audio


def _log_request(method: str, url: str, body: Any) -> None:
    """--debug metadata: method, URL and parameter names; never headers (the key) or texts."""
    if log.isEnabledFor(logging.DEBUG):
        if not isinstance(body, dict):  # GET /models has no body
            log.debug("%s %s", method, url)
            return
        params = {k: v for k, v in body.items() if k not in _TEXT_FIELDS}
        log.debug("%s %s %s", method, url, json.dumps(params))


_TEXT_FIELDS = frozenset({"messages", "prompt", "input", "instructions", "suffix"})


def _log_response(resp: httpx.Response) -> None:
    if log.isEnabledFor(logging.DEBUG):
        log.debug(
            "-> HTTP %d %s, request id %s",
            resp.status_code,
            resp.headers.get("content-type", ""),
            resp.headers.get("x-request-id", "-"),
        )


def normalize_base_url(url: str) -> str:
    url = url.strip()
    if url and "://" not in url:
        url = (
            "http://" + url if url.startswith(("localhost", "127.", "[::1]")) else "https://" + url
        )
    return url.rstrip("/")


def _excerpt(text: str) -> str:
    from .errors import summarize_body

    return summarize_body(text)


def _parse_object(data: Any, parse: Callable[[dict[str, Any]], T]) -> T:
    if isinstance(data, dict) and "error" in data and data.get("error"):
        raise error_from_stream_event(data)
    if not isinstance(data, dict):
        raise ApiError(ErrorKind.INVALID_RESPONSE, server_message="not a JSON object", body=data)
    try:
        return parse(data)
    except (TypeError, ValueError, AttributeError) as exc:
        raise ApiError(ErrorKind.INVALID_RESPONSE, server_message=str(exc), body=data) from exc


@asynccontextmanager
async def _closing(gen: AsyncIterator[T]) -> AsyncIterator[AsyncIterator[T]]:
    """Close an async generator on exit, on the running loop.

    A generator left suspended is otherwise finalised by the garbage collector, possibly after
    the loop stopped ("async generator ignored GeneratorExit" at exit).
    """
    try:
        yield gen
    finally:
        aclose = getattr(gen, "aclose", None)
        if aclose is not None:
            await aclose()


async def _iter_bytes(resp: httpx.Response) -> AsyncIterator[bytes]:
    raw = resp.aiter_bytes()
    try:
        async for chunk in raw:
            yield chunk
    except httpx.HTTPError as exc:
        raise transport_error(exc) from exc
    finally:
        await raw.aclose()  # type: ignore[attr-defined]


async def _iter_objects(
    resp: httpx.Response, parse: Callable[[dict[str, Any]], T]
) -> AsyncIterator[T]:
    """Decode SSE from the response and parse each JSON event; stop at [DONE] or EOF."""
    ctype = resp.headers.get("content-type", "")
    if ctype.startswith("application/json"):
        # A server that ignored stream=true: one whole object.
        raw = await resp.aread()
        try:
            data = json.loads(raw)
        except (ValueError, RecursionError) as exc:
            raise ApiError(
                ErrorKind.INVALID_RESPONSE, server_message=_excerpt(raw.decode("utf-8", "replace"))
            ) from exc
        yield _parse_object(data, parse)
        return
    if ctype.startswith("text/html"):
        text = (await resp.aread()).decode("utf-8", "replace")
        raise ApiError(
            ErrorKind.INVALID_RESPONSE, status=resp.status_code, server_message=_excerpt(text)
        )
    async with _closing(decode_stream(_raw_chunks(resp), parse)) as objects:
        async for obj in objects:
            yield obj


async def _raw_chunks(resp: httpx.Response) -> AsyncIterator[bytes]:
    raw = resp.aiter_bytes()  # decoded: proxies may gzip an event stream
    try:
        async for chunk in raw:
            yield chunk
    except httpx.HTTPError as exc:
        raise transport_error(exc) from exc
    finally:
        await raw.aclose()  # type: ignore[attr-defined]


async def decode_stream(
    chunks: AsyncIterator[bytes], parse: Callable[[dict[str, Any]], T]
) -> AsyncIterator[T]:
    """Bytes → SSE events → parsed objects. Raises only ApiError."""
    async with _closing(chunks), _closing(_decode(chunks, parse)) as objects:
        async for obj in objects:
            yield obj


async def _decode(
    chunks: AsyncIterator[bytes], parse: Callable[[dict[str, Any]], T]
) -> AsyncIterator[T]:
    decoder = SSEDecoder()
    loads = json.loads
    done = False
    async for chunk in chunks:
        for ev in decoder.feed(chunk):
            obj = _event_object(ev.data, ev.event, loads, parse)
            if obj is _DONE:
                done = True
                break
            if obj is not None:
                yield obj
        if done:
            # Read the little that follows [DONE] (the end of the chunked body) so the
            # connection goes back to the pool instead of being torn down.
            # Bounded in time and size: a server may keep the body open after [DONE].
            drained = 0
            with contextlib.suppress(TimeoutError, ApiError):
                async with asyncio.timeout(0.5):
                    async for rest in chunks:
                        drained += len(rest)
                        if drained > 65536:
                            break
            return
    for ev in decoder.finish():
        obj = _event_object(ev.data, ev.event, loads, parse)
        if obj is _DONE:
            return
        if obj is not None:
            yield obj


def decode_events_sync(data: bytes, parse: Callable[[dict[str, Any]], T]) -> list[T]:
    """The same decoding over bytes in memory (used by tests and the benchmark)."""
    decoder = SSEDecoder()
    out: list[T] = []
    for ev in [*decoder.feed(data), *decoder.finish()]:
        obj = _event_object(ev.data, ev.event, json.loads, parse)
        if obj is _DONE:
            break
        if obj is not None:
            out.append(obj)
    return out


_DONE = object()


def _event_object(
    data: str, event: str | None, loads: Callable[[str], Any], parse: Callable[[dict[str, Any]], T]
) -> Any:
    if data[:6] == "[DONE]":
        return _DONE
    if not data.strip():
        return None
    try:
        payload = loads(data)
    except (ValueError, RecursionError) as exc:  # deep nesting raises RecursionError
        raise ApiError(
            ErrorKind.MALFORMED_CHUNK, server_message=_excerpt(data), body=data[:2000]
        ) from exc
    if type(payload) is not dict:
        raise ApiError(ErrorKind.MALFORMED_CHUNK, server_message=_excerpt(data), body=data[:2000])
    if event == "error" or payload.get("error"):
        raise error_from_stream_event(payload if "error" in payload else {"error": payload})
    try:
        return parse(payload)
    except (TypeError, ValueError, AttributeError, KeyError, RecursionError) as exc:
        raise ApiError(
            ErrorKind.MALFORMED_CHUNK, server_message=str(exc), body=data[:2000]
        ) from exc
