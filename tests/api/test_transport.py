"""The shared client's transport (HTTP/1.1 on asyncio streams): plain http without any TLS
set-up, https verified as httpx does (and trusting SSL_CERT_FILE, as corporate networks need),
connections kept alive and reused, closed when a body is dropped early, failures raised as
httpx's exceptions; httpcore and anyio never imported."""

from __future__ import annotations

import datetime
import ssl
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest

from app.api.client import make_http_client
from app.api.transport import AsyncioTransport
from tests.api.support import run
from tests.fakeserver import FakeServer


def _self_signed(folder: Path) -> tuple[Path, Path]:
    x509 = pytest.importorskip("cryptography.x509")
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.UTC)
    import ipaddress

    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_file = folder / "cert.pem"
    key_file = folder / "key.pem"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_file, key_file


class _Hello(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        body = b'{"object": "list", "data": []}'
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *_: object) -> None:
        pass


@pytest.fixture
def tls_server(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """(https base URL, the server's self-signed certificate)."""
    cert, key = _self_signed(tmp_path)
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Hello)
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(cert, key)
    server.socket = ctx.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"https://127.0.0.1:{server.server_address[1]}", cert
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


def test_plain_http_makes_no_tls_transport() -> None:
    async def main(base_url: str) -> None:
        client = make_http_client()
        try:
            r = await client.get(base_url + "/models")
            assert r.status_code == 200
            assert r.json()["object"] == "list"
            transport = client._transport
            assert isinstance(transport, AsyncioTransport)
            assert not transport.tls_loaded  # no CA bundle loaded for a local server
        finally:
            await client.aclose()

    with FakeServer() as srv:
        run(main(srv.base_url))


def test_https_verifies_certificates(
    tls_server: tuple[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SSL_CERT_FILE", raising=False)
    monkeypatch.delenv("SSL_CERT_DIR", raising=False)
    url, _cert = tls_server

    async def main() -> None:
        client = make_http_client()
        try:
            with pytest.raises(httpx.ConnectError, match="CERTIFICATE_VERIFY_FAILED"):
                await client.get(url + "/v1/models")
        finally:
            await client.aclose()

    run(main())


def test_https_trusts_ssl_cert_file(
    tls_server: tuple[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    url, cert = tls_server
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))

    async def main(plain_url: str) -> None:
        client = make_http_client()
        try:
            r = await client.get(url + "/v1/models")
            assert r.status_code == 200 and r.json() == {"object": "list", "data": []}
            # The same client still reaches plain http servers.
            assert (await client.get(plain_url + "/models")).status_code == 200
            transport = client._transport
            assert isinstance(transport, AsyncioTransport) and transport.tls_loaded
        finally:
            await client.aclose()

    with FakeServer() as srv:
        run(main(srv.base_url))
