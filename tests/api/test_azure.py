"""Azure OpenAI through ApiClient(auth="azure"): api-key header, deployment paths, api-version."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import pytest

from app.api.client import ApiClient, make_http_client
from app.api.errors import ApiError, ErrorKind
from app.api.types import ChatRequest, CompletionRequest, SpeechRequest
from tests.api.support import USER, collect_chat, collect_completions, content_of, run
from tests.fakeserver import DEFAULT_REPLY, FakeServer, RecordedRequest

T = TypeVar("T")
KEY = "azure-test-key-0123456789abcdef"
VERSION = "2024-10-21"


def root(srv: FakeServer) -> str:
    return f"http://127.0.0.1:{srv.port}"


def azure(
    base_url: str,
    fn: Callable[[ApiClient], Awaitable[T]],
    *,
    api_key: str | None = KEY,
    api_version: str = VERSION,
    auth: str = "azure",
    proxy: str | None = None,
) -> T:
    async def main() -> T:
        async with make_http_client(proxy=proxy) as http:
            client = ApiClient(
                http, base_url, api_key, auth=auth, api_version=api_version, max_retries=0
            )
            return await fn(client)

    return run(main())


def assert_azure_request(r: RecordedRequest, path: str, version: str = VERSION) -> None:
    assert r.path == path
    assert r.query == f"api-version={version}"
    assert r.headers.get("api-key") == KEY
    assert "authorization" not in r.headers


def test_list_models(srv: FakeServer) -> None:
    models = azure(root(srv), lambda c: c.list_models())
    assert [m.id for m in models] == [m["id"] for m in srv.models]
    assert_azure_request(srv.last(), "/openai/models")
    assert srv.last().method == "GET"


def test_retrieve_model(srv: FakeServer) -> None:
    model = azure(root(srv), lambda c: c.retrieve_model("gpt-4o"))
    assert model.id == "gpt-4o"
    assert_azure_request(srv.last(), "/openai/models/gpt-4o")


def test_streamed_chat(srv: FakeServer) -> None:
    srv.behavior.empty_choices_first = True  # Azure's prompt_filter_results chunk
    req = ChatRequest(model="gpt-4o-mini", messages=list(USER), params={"temperature": 0.5})
    chunks = azure(root(srv), lambda c: collect_chat(c, req))
    assert content_of(chunks) == DEFAULT_REPLY
    r = srv.last()
    assert_azure_request(r, "/openai/deployments/gpt-4o-mini/chat/completions")
    assert r.method == "POST"
    assert r.json["stream"] is True
    assert r.json["temperature"] == 0.5
    assert r.headers["accept"] == "text/event-stream"


def test_chat_without_streaming(srv: FakeServer) -> None:
    srv.behavior.reply = "Hi from Azure"
    req = ChatRequest(model="gpt-4o", messages=list(USER))
    result = azure(root(srv), lambda c: c.chat(req))
    assert result.choices[0].message.content == "Hi from Azure"
    assert_azure_request(srv.last(), "/openai/deployments/gpt-4o/chat/completions")


def test_completions(srv: FakeServer) -> None:
    srv.behavior.reply = "completed"
    req = CompletionRequest(model="gpt-4o-mini", prompt="Once")
    result = azure(root(srv), lambda c: c.complete(req))
    assert result.choices[0].text == "completed"
    assert_azure_request(srv.last(), "/openai/deployments/gpt-4o-mini/completions")
    chunks = azure(root(srv), lambda c: collect_completions(c, req))
    assert "".join(ch.choices[0].text for ch in chunks if ch.choices) == "completed"
    assert_azure_request(srv.last(), "/openai/deployments/gpt-4o-mini/completions")


def test_speech(srv: FakeServer) -> None:
    srv.models.append({"id": "tts-1", "object": "model", "created": 1, "owned_by": "system"})
    srv.behavior.speech_seconds = 0.1

    async def fetch(c: ApiClient) -> bytes:
        req = SpeechRequest(model="tts-1", input="Hello", voice="alloy", response_format="pcm")
        out = b""
        async with c.speech(req) as audio:
            async for piece in audio:
                out += piece
        return out

    audio = azure(root(srv), fetch)
    assert len(audio) == 2 * 2400
    assert_azure_request(srv.last(), "/openai/deployments/tts-1/audio/speech")


def test_deployment_name_is_quoted(srv: FakeServer) -> None:
    req = ChatRequest(model="fake/slashed-model", messages=list(USER))
    chunks = azure(root(srv), lambda c: collect_chat(c, req))
    assert content_of(chunks) == DEFAULT_REPLY
    assert srv.last().path == "/openai/deployments/fake%2Fslashed-model/chat/completions"


@pytest.mark.parametrize("suffix", ["", "/", "/openai", "/openai/"])
def test_base_url_forms(srv: FakeServer, suffix: str) -> None:
    azure(root(srv) + suffix, lambda c: c.list_models())
    assert_azure_request(srv.last(), "/openai/models")


def test_default_api_version(srv: FakeServer) -> None:
    azure(root(srv), lambda c: c.list_models(), api_version="")
    assert srv.last().query == "api-version=2024-10-21"
    azure(root(srv), lambda c: c.list_models(), api_version=" 2025-04-01-preview ")
    assert srv.last().query == "api-version=2025-04-01-preview"


def test_azure_v1_api_keeps_the_usual_paths(srv: FakeServer) -> None:
    req = ChatRequest(model="gpt-4o-mini", messages=list(USER))
    chunks = azure(root(srv) + "/openai/v1", lambda c: collect_chat(c, req))
    assert content_of(chunks) == DEFAULT_REPLY
    r = srv.last()
    assert (r.path, r.query) == ("/openai/v1/chat/completions", "")
    assert r.headers.get("api-key") == KEY
    assert "authorization" not in r.headers


def test_unknown_deployment_is_not_found(srv: FakeServer) -> None:
    req = ChatRequest(model="no-such-deployment", messages=list(USER))

    async def call(c: ApiClient) -> ApiError:
        try:
            await c.chat(req)
        except ApiError as err:
            return err
        raise AssertionError("expected an error")

    err = azure(root(srv), call)
    assert err.kind is ErrorKind.NOT_FOUND
    assert "deployment" in str(err).lower()


def test_wrong_key_is_an_auth_error(srv: FakeServer) -> None:
    srv.behavior.api_key = "the-right-key"

    async def call(c: ApiClient) -> Any:
        try:
            return await c.list_models()
        except ApiError as err:
            return err

    err = azure(root(srv), call)
    assert isinstance(err, ApiError) and err.kind is ErrorKind.AUTH
    models = azure(root(srv), lambda c: c.list_models(), api_key="the-right-key")
    assert models


def test_bearer_is_still_the_default(srv: FakeServer) -> None:
    async def main() -> None:
        async with make_http_client() as http:
            await ApiClient(http, srv.base_url, KEY).list_models()

    run(main())
    r = srv.last()
    assert (r.path, r.query) == ("/v1/models", "")
    assert r.headers["authorization"] == f"Bearer {KEY}"
    assert "api-key" not in r.headers


def test_repr_hides_the_key(srv: FakeServer) -> None:
    text = azure(root(srv), lambda c: _repr(c))
    assert KEY not in text and "azure" in text


async def _repr(c: ApiClient) -> str:
    return repr(c)


def test_proxy_argument_is_used(srv: FakeServer) -> None:
    """make_http_client(proxy=...) sends requests through the proxy (the fake server acts as one)."""

    async def main() -> list[str]:
        async with make_http_client(proxy=f"http://127.0.0.1:{srv.port}") as http:
            client = ApiClient(http, "http://api.chatterdesk-proxy-test.invalid/v1", KEY)
            return [m.id for m in await client.list_models()]

    ids = run(main())
    assert ids == [m["id"] for m in srv.models]
    r = srv.last()
    assert r.path == "/v1/models"
    assert r.target == "http://api.chatterdesk-proxy-test.invalid/v1/models"
