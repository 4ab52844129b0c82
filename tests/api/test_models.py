"""GET /models and /models/{id} against the fake server."""

from __future__ import annotations

import json

import pytest

from app.api.client import ApiClient
from app.api.errors import ApiError, ErrorKind
from tests.fakeserver import DEFAULT_MODELS, FakeServer

from .support import expect_error, with_client


def test_list_models_parses_every_field(srv: FakeServer) -> None:
    models = with_client(srv.base_url, lambda c: c.list_models())
    assert [m.id for m in models] == [m["id"] for m in DEFAULT_MODELS]
    for got, want in zip(models, DEFAULT_MODELS, strict=True):
        assert got.object == "model"
        assert got.created == want["created"]
        assert got.owned_by == want["owned_by"]
        assert got.raw == want
    assert len(srv.requests) == 1
    req = srv.requests[0]
    assert (req.method, req.path) == ("GET", "/v1/models")
    assert req.headers["accept"] == "application/json"
    assert req.body is None


def test_list_models_follows_the_server_list(srv: FakeServer) -> None:
    srv.models = [{"id": "only-one", "object": "model", "created": None, "owned_by": None}]
    models = with_client(srv.base_url, lambda c: c.list_models())
    assert [(m.id, m.created, m.owned_by) for m in models] == [("only-one", None, None)]


def test_list_models_ollama_shape_and_nameless_entries(srv: FakeServer) -> None:
    body = {"models": [{"name": "llama3:8b"}, {"model": "qwen2.5:7b"}, {"size": 3}, "junk"]}
    srv.fail_next(status=200, body=json.dumps(body))
    models = with_client(srv.base_url, lambda c: c.list_models())
    assert [m.id for m in models] == ["llama3:8b", "qwen2.5:7b"]


def test_list_models_bare_list(srv: FakeServer) -> None:
    srv.fail_next(status=200, body=json.dumps([{"id": "a"}, {"id": "b", "created": 5}]))
    models = with_client(srv.base_url, lambda c: c.list_models())
    assert [(m.id, m.created) for m in models] == [("a", None), ("b", 5)]


def test_list_models_without_a_list_is_invalid_response(srv: FakeServer) -> None:
    srv.fail_next(status=200, body=json.dumps({"object": "list"}))
    err = expect_error(srv.base_url, lambda c: c.list_models())
    assert err.kind is ErrorKind.INVALID_RESPONSE
    assert "model list" in str(err)


def test_retrieve_model(srv: FakeServer) -> None:
    m = with_client(srv.base_url, lambda c: c.retrieve_model("gpt-4o"))
    assert (m.id, m.object, m.created, m.owned_by) == ("gpt-4o", "model", 1715367049, "system")
    assert srv.last().path == "/v1/models/gpt-4o"


def test_retrieve_model_with_a_slash(srv: FakeServer) -> None:
    m = with_client(srv.base_url, lambda c: c.retrieve_model("fake/slashed-model"))
    assert (m.id, m.created, m.owned_by) == ("fake/slashed-model", 1700000000, "tests")
    assert srv.last().path == "/v1/models/fake/slashed-model"


@pytest.mark.parametrize("model_id", ["library/llama3:8b", "my model?v=1#x", "größe/ü"])
def test_retrieve_model_ids_that_need_quoting(srv: FakeServer, model_id: str) -> None:
    srv.models.append({"id": model_id, "object": "model", "created": 1, "owned_by": "me"})
    m = with_client(srv.base_url, lambda c: c.retrieve_model(model_id))
    assert m.id == model_id
    assert srv.last().path.startswith("/v1/models/")
    assert "?" not in srv.last().path and " " not in srv.last().path


def test_unknown_model_is_not_found_and_not_retried(srv: FakeServer) -> None:
    async def call(c: ApiClient) -> None:
        await c.retrieve_model("no-such-model")

    err = expect_error(srv.base_url, call)
    assert isinstance(err, ApiError)
    assert err.kind is ErrorKind.NOT_FOUND
    assert err.status == 404
    assert err.code == "model_not_found"
    assert err.server_message == "The model 'no-such-model' does not exist"
    assert "Not found" in str(err) and "(HTTP 404)" in str(err)
    assert "no-such-model" in str(err)
    assert srv.count("/models/no-such-model") == 1
