"""TLS through the shared HTTP client: certificates are verified exactly as httpx's default
does (SSL_CERT_FILE, else certifi), but loaded only at the first https connection, so an app
that talks to a local http:// server never pays for the CA bundle."""

from __future__ import annotations

import json
import shutil
import ssl
import subprocess
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from app.api import client as client_mod
from app.api.client import ApiClient, make_http_client
from app.api.errors import ApiError, ErrorKind
from tests.api.support import run
from tests.fakeserver import FakeServer

MODELS = {"object": "list", "data": [{"id": "tls-model", "object": "model", "owned_by": "me"}]}


class Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        body = json.dumps(MODELS).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        pass


@pytest.fixture(scope="module")
def https_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """An https server on 127.0.0.1 with a self-signed certificate; (base URL, cert file)."""
    if shutil.which("openssl") is None:
        pytest.skip("openssl is not installed")
    d = tmp_path_factory.mktemp("tls")
    cert, key = d / "cert.pem", d / "key.pem"
    subprocess.run(
        [
            "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
            "-keyout", str(key), "-out", str(cert), "-subj", "/CN=127.0.0.1",
            "-addext", "subjectAltName=IP:127.0.0.1",
        ],
        check=True,
        capture_output=True,
    )  # fmt: skip
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(cert, key)
    server.socket = ctx.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"https://127.0.0.1:{server.server_address[1]}/v1", cert
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def contexts(monkeypatch: pytest.MonkeyPatch) -> list[client_mod.DeferredCAContext]:
    """Every TLS context make_http_client creates."""
    made: list[client_mod.DeferredCAContext] = []
    real = client_mod.tls_context

    def spy() -> client_mod.DeferredCAContext:
        made.append(real())
        return made[-1]

    monkeypatch.setattr(client_mod, "tls_context", spy)
    return made


def list_models(base_url: str) -> list[str]:
    async def main() -> list[str]:
        async with make_http_client() as http:
            return [m.id for m in await ApiClient(http, base_url, "sk-x").list_models()]

    return run(main())


def test_http_only_never_loads_the_ca_bundle(
    srv: FakeServer, contexts: list[client_mod.DeferredCAContext]
) -> None:
    assert list_models(srv.base_url)
    assert len(contexts) == 1
    assert contexts[0].cert_store_stats()["x509_ca"] == 0


def test_https_verifies_with_ssl_cert_file(
    https_server: tuple[str, Path],
    contexts: list[client_mod.DeferredCAContext],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    url, cert = https_server
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))
    assert list_models(url) == ["tls-model"]
    ctx = contexts[0]
    assert ctx.cert_store_stats()["x509_ca"] == 1  # our certificate, loaded at connect time
    assert ctx.verify_mode == ssl.CERT_REQUIRED and ctx.check_hostname


def test_https_with_an_unknown_certificate_is_refused(
    https_server: tuple[str, Path],
    contexts: list[client_mod.DeferredCAContext],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    url, _cert = https_server
    monkeypatch.delenv("SSL_CERT_FILE", raising=False)
    monkeypatch.delenv("SSL_CERT_DIR", raising=False)
    with pytest.raises(ApiError) as info:
        list_models(url)
    assert info.value.kind == ErrorKind.TLS
    assert contexts[0].cert_store_stats()["x509_ca"] > 100  # certifi's bundle, as httpx uses
