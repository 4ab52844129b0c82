"""Fixtures for the API tests: the fake server, real HTTP on 127.0.0.1.

One server is shared by the session (stopping a server costs up to half a second) and reset
before each test; tests that leave the server in a state others must not see (a stall that
keeps a handler thread waiting, a count of open streams) take `fresh_srv` instead.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.fakeserver import FakeServer


@pytest.fixture
def fresh_srv() -> Iterator[FakeServer]:
    with FakeServer() as srv:
        yield srv
