"""KeyStore: the keychain when there is one, else this session only, else the opt-in 0600 file."""

from __future__ import annotations

import json
import logging
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from keyring.backends import fail

from app.core import logsetup
from app.core.secrets import KeyStore
from tests.core.keyrings import BreaksAfterProbe, ExplodingKeyring, MemoryKeyring, use_keyring

KEY = "sk-test-Zq8vKeyForSecretsTests1234567890"
OTHER = "sk-test-AnotherKeyValue0987654321xyz"


@pytest.fixture
def mem_kr() -> Iterator[MemoryKeyring]:
    with use_keyring(MemoryKeyring()) as kr:
        assert isinstance(kr, MemoryKeyring)
        yield kr


@pytest.fixture
def no_kr() -> Iterator[None]:
    with use_keyring(fail.Keyring()):
        yield


@pytest.fixture
def key_file(tmp_path: Path) -> Path:
    return tmp_path / "secret" / "keys.json"


def mode(p: Path) -> int:
    return stat.S_IMODE(p.stat().st_mode)


# -- a working keychain -------------------------------------------------------------------


def test_keyring_stores_gets_and_deletes(mem_kr: MemoryKeyring, key_file: Path) -> None:
    ks = KeyStore(key_file)
    assert ks.keyring_available()
    res = ks.set("p1", KEY)
    assert res.where == "keyring"
    assert "keychain" in res.message
    assert mem_kr.store[(KeyStore.SERVICE, "p1")] == KEY
    assert ks.get("p1") == KEY
    assert not key_file.exists()  # nothing on disk
    # A new run (new KeyStore, empty memory) reads it from the keychain.
    assert KeyStore(key_file).get("p1") == KEY
    ks.delete("p1")
    assert (KeyStore.SERVICE, "p1") not in mem_kr.store
    assert ks.get("p1") is None
    assert KeyStore(key_file).get("p1") is None


def test_keys_are_per_profile(mem_kr: MemoryKeyring, key_file: Path) -> None:
    ks = KeyStore(key_file)
    ks.set("a", KEY)
    ks.set("b", OTHER)
    fresh = KeyStore(key_file)
    assert (fresh.get("a"), fresh.get("b"), fresh.get("c")) == (KEY, OTHER, None)


def test_allow_file_is_not_used_when_the_keyring_works(
    mem_kr: MemoryKeyring, key_file: Path
) -> None:
    res = KeyStore(key_file).set("p1", KEY, allow_file=True)
    assert res.where == "keyring"
    assert not key_file.exists()


def test_empty_key_deletes_everywhere(mem_kr: MemoryKeyring, key_file: Path) -> None:
    ks = KeyStore(key_file)
    ks.set("p1", KEY)
    res = ks.set("p1", "  ")
    assert res.message == "The key was removed."
    assert mem_kr.store == {}
    assert ks.get("p1") is None


def test_availability_is_checked_once(mem_kr: MemoryKeyring, key_file: Path) -> None:
    ks = KeyStore(key_file)
    assert ks.keyring_available()
    assert ks.keyring_available()
    assert mem_kr.calls == ["get"]  # one probe


def test_keyring_takes_over_from_an_older_key_file(key_file: Path) -> None:
    """A key stored in the file while there was no keychain is removed once the keychain has it."""
    with use_keyring(fail.Keyring()):
        assert KeyStore(key_file).set("p1", KEY, allow_file=True).where == "file"
    assert KEY in key_file.read_text()
    with use_keyring(MemoryKeyring()):
        ks = KeyStore(key_file)
        assert ks.get("p1") == KEY  # still found in the file
        assert ks.set("p1", OTHER).where == "keyring"
        assert not key_file.exists()  # the plain-text copy is gone
        assert KeyStore(key_file).get("p1") == OTHER


def test_get_and_set_register_the_key_for_redaction(mem_kr: MemoryKeyring, key_file: Path) -> None:
    unique = "zz-unique-secret-for-redaction-1"
    KeyStore(key_file).set("p1", unique)
    assert unique not in logsetup.redact(f"value {unique} end")
    unique2 = "zz-unique-secret-for-redaction-2"
    mem_kr.store[(KeyStore.SERVICE, "p2")] = unique2
    assert KeyStore(key_file).get("p2") == unique2
    assert unique2 not in logsetup.redact(f"value {unique2} end")


def test_repr_never_shows_a_key(mem_kr: MemoryKeyring, key_file: Path) -> None:
    ks = KeyStore(key_file)
    ks.set("p1", KEY)
    assert KEY not in repr(ks)


# -- no keychain --------------------------------------------------------------------------


def test_no_backend_keeps_the_key_for_this_session_only(no_kr: None, key_file: Path) -> None:
    ks = KeyStore(key_file)
    assert not ks.keyring_available()
    res = ks.set("p1", KEY)
    assert res.where == "memory"
    assert "session only" in res.message
    assert ks.get("p1") == KEY
    assert not key_file.exists()
    assert not key_file.parent.exists()
    assert KeyStore(key_file).get("p1") is None  # the next run asks again
    ks.delete("p1")
    assert ks.get("p1") is None


def test_no_backend_with_opt_in_file(no_kr: None, key_file: Path) -> None:
    ks = KeyStore(key_file)
    res = ks.set("p1", KEY, allow_file=True)
    assert res.where == "file"
    assert str(key_file) in res.message
    assert key_file.exists()
    assert mode(key_file) == 0o600
    assert mode(key_file.parent) == 0o700
    assert json.loads(key_file.read_text()) == {"p1": KEY}
    # The next run finds it.
    assert KeyStore(key_file).get("p1") == KEY
    ks.set("p2", OTHER, allow_file=True)
    assert mode(key_file) == 0o600
    assert KeyStore(key_file).get("p2") == OTHER
    # Deleting removes it from the file, and the file when it is empty.
    ks.delete("p1")
    assert KeyStore(key_file).get("p1") is None
    assert KEY not in key_file.read_text()
    ks.delete("p2")
    assert not key_file.exists()


def test_opt_in_file_tightens_an_existing_folder(no_kr: None, tmp_path: Path) -> None:
    folder = tmp_path / "cfg"
    folder.mkdir(mode=0o755)
    folder.chmod(0o755)
    ks = KeyStore(folder / "keys.json")
    assert ks.set("p1", KEY, allow_file=True).where == "file"
    assert mode(folder) == 0o700
    assert mode(folder / "keys.json") == 0o600


def test_loose_key_file_permissions_are_fixed_on_read(no_kr: None, key_file: Path) -> None:
    KeyStore(key_file).set("p1", KEY, allow_file=True)
    key_file.chmod(0o644)
    assert KeyStore(key_file).get("p1") == KEY
    assert mode(key_file) == 0o600


def test_setting_without_the_file_removes_an_older_file_copy(no_kr: None, key_file: Path) -> None:
    ks = KeyStore(key_file)
    ks.set("p1", KEY, allow_file=True)
    assert ks.set("p1", OTHER).where == "memory"
    assert not key_file.exists()  # the old key would otherwise come back next run
    assert ks.get("p1") == OTHER


def test_damaged_key_file_is_ignored(no_kr: None, key_file: Path) -> None:
    key_file.parent.mkdir(mode=0o700)
    key_file.write_text("{not json")
    ks = KeyStore(key_file)
    assert ks.get("p1") is None
    key_file.write_text('["a list"]')
    assert KeyStore(key_file).get("p1") is None
    key_file.write_bytes(b"\xff\xfe\x00")
    assert KeyStore(key_file).get("p1") is None


def test_unwritable_key_file_falls_back_to_memory(no_kr: None, tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the folder should be")
    ks = KeyStore(blocker / "keys.json")
    res = ks.set("p1", KEY, allow_file=True)
    assert res.where == "memory"
    assert ks.get("p1") == KEY


def test_environment_profile_key(
    no_kr: None, key_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    ks = KeyStore(key_file)
    assert ks.get("env") == KEY
    assert ks.get("other") is None
    monkeypatch.delenv("OPENAI_API_KEY")
    assert KeyStore(key_file).get("env") is None


# -- a broken keychain --------------------------------------------------------------------


@pytest.mark.parametrize("exc", [RuntimeError, OSError, Exception])
def test_exploding_backend_never_raises(
    exc: type[Exception], key_file: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    with use_keyring(ExplodingKeyring(exc)) as kr:
        ks = KeyStore(key_file)
        assert not ks.keyring_available()
        res = ks.set("p1", KEY)
        assert res.where == "memory"
        assert ks.get("p1") == KEY
        assert KeyStore(key_file).get("p1") is None
        ks.delete("p1")
        assert ks.get("p1") is None
        assert ks.set("p1", KEY, allow_file=True).where == "file"
        assert KeyStore(key_file).get("p1") == KEY
        assert isinstance(kr, ExplodingKeyring) and kr.calls >= 1
    assert KEY not in caplog.text


def test_backend_that_breaks_after_the_probe(
    key_file: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    with use_keyring(BreaksAfterProbe()):
        ks = KeyStore(key_file)
        assert ks.keyring_available()
        res = ks.set("p1", KEY)
        assert res.where == "memory"
        assert "session only" in res.message
        assert ks.get("p1") == KEY
        fresh = KeyStore(key_file)
        assert fresh.get("p1") is None
        fresh.delete("p1")
        assert ks.set("p2", OTHER, allow_file=True).where == "file"
        assert KeyStore(key_file).get("p2") == OTHER
    assert "keychain write failed" in caplog.text
    assert KEY not in caplog.text
    assert OTHER not in caplog.text


def test_keyring_import_or_lookup_failure_is_no_keychain(
    key_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import app.core.secrets as secrets_mod

    def boom() -> None:
        raise RuntimeError("no keyring module")

    monkeypatch.setattr(secrets_mod, "_keyring", boom)
    ks = KeyStore(key_file)
    assert not ks.keyring_available()
    assert ks.set("p1", KEY).where == "memory"
    assert ks.get("p1") == KEY
