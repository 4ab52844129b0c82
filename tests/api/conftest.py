"""Fixtures for the API tests: the fake server, real HTTP on 127.0.0.1.

One server is shared by the session (stopping a server costs up to half a second) and reset
before each test; tests that leave the server in a state others must not see (a stall that
keeps a handler thread waiting, a count of open streams) take `fresh_srv` instead.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.fakeserver import DEFAULT_MODELS, Behavior, FakeServer


@pytest.fixture(scope="session")
def _shared_srv() -> Iterator[FakeServer]:
    with FakeServer() as srv:
        yield srv


@pytest.fixture
def srv(_shared_srv: FakeServer) -> FakeServer:
    s = _shared_srv
    s.behavior = Behavior()
    s.models = [dict(m) for m in DEFAULT_MODELS]
    s.faults.clear()
    s.requests.clear()
    return s


@pytest.fixture
def fresh_srv() -> Iterator[FakeServer]:
    with FakeServer() as srv:
        yield srv
