"""API keys: the system keychain (keyring), else this session's memory, else an opt-in file.

Keys are stored per profile id under the service "chatterdesk": Secret Service on Linux, the
macOS Keychain, the Windows Credential Locker. When no keychain is usable (a headless Linux
without D-Bus), a key is kept for this run only, unless the user explicitly opts in to a file
readable only by them (mode 0600 in a 0700 folder).

No keyring exception ever leaves this module: a broken keychain is logged (never with the key)
and the key falls back to memory or the opt-in file.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .atomic import write_atomic
from .logsetup import redact, register_secret

log = logging.getLogger("chatterdesk.secrets")

_PROBE_USER = "__chatterdesk_probe__"


@dataclass(frozen=True)
class KeyResult:
    where: str  # "keyring", "file", "memory"
    message: str


MSG_KEYRING = "The key is stored in the system keychain."
MSG_FILE = "The key is stored in a file only you can read: {path}"
MSG_MEMORY = (
    "No system keychain is available: the key is kept for this session only "
    "and will be asked for again next time."
)
MSG_REMOVED = "The key was removed."


def _keyring() -> Any:
    import keyring

    return keyring.get_keyring()


def _why(exc: BaseException) -> str:
    """An exception's message for the log, without any key it might carry."""
    return redact(str(exc))[:300]


class KeyStore:
    SERVICE = "chatterdesk"

    def __init__(self, key_file: Path) -> None:
        self.key_file = Path(key_file)
        self._memory: dict[str, str] = {}
        self._available: bool | None = None

    def __repr__(self) -> str:  # never show keys
        return f"KeyStore(file={str(self.key_file)!r}, in_memory={len(self._memory)})"

    # -- keyring --------------------------------------------------------------------------

    def keyring_available(self) -> bool:
        """Whether a usable keychain backend exists (checked once, then cached)."""
        if self._available is None:
            self._available = self._probe()
        return self._available

    def _probe(self) -> bool:
        try:
            import keyring.backends.fail

            kr = _keyring()
            if isinstance(kr, keyring.backends.fail.Keyring):
                log.info("no keychain backend: keys are kept in memory unless stored in a file")
                return False
            prio = getattr(kr, "priority", 1)
            if isinstance(prio, (int, float)) and prio <= 0:
                log.info("keychain backend %s is not usable", type(kr).__name__)
                return False
            kr.get_password(self.SERVICE, _PROBE_USER)  # a backend that fails here is unusable
        except Exception as exc:
            log.warning("keychain unavailable (%s: %s)", type(exc).__name__, _why(exc))
            return False
        log.info("keychain backend: %s", type(kr).__name__)
        return True

    def _kr_get(self, profile_id: str) -> str | None:
        if not self.keyring_available():
            return None
        try:
            value = _keyring().get_password(self.SERVICE, profile_id)
        except Exception as exc:
            log.warning("keychain read failed (%s: %s)", type(exc).__name__, _why(exc))
            return None
        return value if isinstance(value, str) and value else None

    def _kr_set(self, profile_id: str, key: str) -> bool:
        if not self.keyring_available():
            return False
        try:
            _keyring().set_password(self.SERVICE, profile_id, key)
        except Exception as exc:
            log.warning("keychain write failed (%s: %s)", type(exc).__name__, _why(exc))
            return False
        return True

    def _kr_delete(self, profile_id: str) -> None:
        if not self.keyring_available():
            return
        try:
            import keyring.errors

            kr = _keyring()
            try:
                kr.delete_password(self.SERVICE, profile_id)
            except keyring.errors.PasswordDeleteError:
                pass  # there was none
        except Exception as exc:
            log.warning("keychain delete failed (%s: %s)", type(exc).__name__, _why(exc))

    # -- the opt-in file --------------------------------------------------------------------

    def _file_read(self) -> dict[str, str]:
        try:
            raw = self.key_file.read_text("utf-8")
        except FileNotFoundError:
            return {}
        except (OSError, UnicodeDecodeError) as exc:
            log.warning("could not read the key file %s (%s)", self.key_file, type(exc).__name__)
            return {}
        with contextlib.suppress(OSError):
            if stat.S_IMODE(self.key_file.stat().st_mode) & 0o077:
                os.chmod(self.key_file, 0o600)
        try:
            data = json.loads(raw)
        except (ValueError, RecursionError):
            log.warning("the key file %s is damaged; ignoring it", self.key_file)
            return {}
        if not isinstance(data, dict):
            return {}
        return {str(k): v for k, v in data.items() if isinstance(v, str) and v}

    def _file_write(self, keys: dict[str, str]) -> bool:
        folder = self.key_file.parent
        try:
            if not keys:
                with contextlib.suppress(FileNotFoundError):
                    self.key_file.unlink()
                return True
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            with contextlib.suppress(OSError):
                if stat.S_IMODE(folder.stat().st_mode) != 0o700:
                    os.chmod(folder, 0o700)
            # write_atomic writes through mkstemp, which creates the file with mode 0600
            write_atomic(self.key_file, json.dumps(keys, indent=1).encode("utf-8"))
            os.chmod(self.key_file, 0o600)
        except OSError as exc:
            log.warning("could not write the key file %s (%s)", self.key_file, exc.strerror)
            return False
        return True

    def _file_get(self, profile_id: str) -> str | None:
        return self._file_read().get(profile_id)

    def _file_set(self, profile_id: str, key: str) -> bool:
        keys = self._file_read()
        keys[profile_id] = key
        return self._file_write(keys)

    def _file_delete(self, profile_id: str) -> None:
        if not self.key_file.exists():
            return
        keys = self._file_read()
        if profile_id in keys:
            del keys[profile_id]
            self._file_write(keys)

    # -- public ---------------------------------------------------------------------------

    def get(self, profile_id: str) -> str | None:
        """The key: this session's memory, then the keychain, then the opt-in file.

        For the environment profile ("env"), OPENAI_API_KEY when nothing else is stored.
        """
        key = self._memory.get(profile_id)
        if key is None:
            key = self._kr_get(profile_id) or self._file_get(profile_id)
        if key is None and profile_id == "env":
            key = os.environ.get("OPENAI_API_KEY", "").strip() or None
        if key is not None:
            register_secret(key)
            self._memory[profile_id] = key
        return key

    def set(self, profile_id: str, key: str, *, allow_file: bool = False) -> KeyResult:
        """Store the key: keychain, else the file (when allowed), else this session only."""
        key = key.strip()
        if not key:
            self.delete(profile_id)
            where = "keyring" if self.keyring_available() else "memory"
            return KeyResult(where, MSG_REMOVED)
        register_secret(key)
        self._memory[profile_id] = key
        if self._kr_set(profile_id, key):
            self._file_delete(profile_id)  # no stale plain-text copy once the keychain has it
            return KeyResult("keyring", MSG_KEYRING)
        if allow_file and self._file_set(profile_id, key):
            return KeyResult("file", MSG_FILE.format(path=self.key_file))
        self._file_delete(profile_id)  # an older key in the file would come back next run
        return KeyResult("memory", MSG_MEMORY)

    def delete(self, profile_id: str) -> None:
        """Forget the key everywhere: memory, keychain and file."""
        self._memory.pop(profile_id, None)
        self._kr_delete(profile_id)
        self._file_delete(profile_id)
