"""Keyring backends for tests: in memory, and one that explodes on every call.

with use_keyring(MemoryKeyring()) as kr: ...   # restores the previous backend afterwards
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import keyring
from keyring.backend import KeyringBackend
from keyring.errors import KeyringError, PasswordDeleteError


class MemoryKeyring(KeyringBackend):
    """A keychain in a dict, counting calls."""

    priority = 10

    def __init__(self) -> None:
        super().__init__()
        self.store: dict[tuple[str, str], str] = {}
        self.calls: list[str] = []

    def get_password(self, service: str, username: str) -> str | None:
        self.calls.append("get")
        return self.store.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.calls.append("set")
        self.store[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.calls.append("delete")
        try:
            del self.store[(service, username)]
        except KeyError:
            raise PasswordDeleteError("no such password") from None


class ExplodingKeyring(KeyringBackend):
    """Raises on every call; the message carries the password, to prove it never reaches a log."""

    priority = 10

    def __init__(self, exc: type[Exception] = RuntimeError) -> None:
        super().__init__()
        self.exc = exc
        self.calls = 0

    def get_password(self, service: str, username: str) -> str | None:
        self.calls += 1
        raise self.exc(f"exploded reading {service}/{username}")

    def set_password(self, service: str, username: str, password: str) -> None:
        self.calls += 1
        raise self.exc(f"exploded writing {password}")

    def delete_password(self, service: str, username: str) -> None:
        self.calls += 1
        raise self.exc("exploded deleting")


class BreaksAfterProbe(MemoryKeyring):
    """Answers the availability probe, then fails every real read, write and delete."""

    def get_password(self, service: str, username: str) -> str | None:
        if username.startswith("__"):
            return None
        raise KeyringError("the keychain went away")

    def set_password(self, service: str, username: str, password: str) -> None:
        raise KeyringError(f"the keychain refused {password}")

    def delete_password(self, service: str, username: str) -> None:
        raise KeyringError("the keychain went away")


@contextmanager
def use_keyring(backend: KeyringBackend) -> Iterator[KeyringBackend]:
    previous = keyring.get_keyring()
    keyring.set_keyring(backend)
    try:
        yield backend
    finally:
        keyring.set_keyring(previous)
