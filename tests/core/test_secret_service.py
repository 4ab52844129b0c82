"""KeyStore against the real Secret Service: gnome-keyring on a private D-Bus session bus.

The test starts its own `dbus-daemon` and `gnome-keyring-daemon` (with a throw-away HOME and a
login keyring unlocked with a test password), runs KeyStore in a subprocess on that bus, and
stops both daemons by their process ids, whatever happens. Skipped where the daemons are not
installed (Debian: gnome-keyring, dbus-daemon; setup.sh installs them for the tests).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.procs import stop_process

REPO = Path(__file__).resolve().parents[2]
GNOME_KEYRING = shutil.which("gnome-keyring-daemon")
DBUS_DAEMON = shutil.which("dbus-daemon")

pytestmark = [
    pytest.mark.skipif(
        sys.platform != "linux" or GNOME_KEYRING is None or DBUS_DAEMON is None,
        reason="needs Linux with gnome-keyring-daemon and dbus-daemon "
        "(apt-get install gnome-keyring dbus-daemon)",
    ),
    pytest.mark.timeout(30),
]

KEY = "sk-secret-service-Q7w9E2r4T6y8U0i1O3p5"

CHILD = r"""
import json, sys
from pathlib import Path
import keyring
from app.core.secrets import KeyStore

key_file = Path(sys.argv[1])
key = sys.argv[2]
out = {"backend": type(keyring.get_keyring()).__module__}
ks = KeyStore(key_file)
out["available"] = ks.keyring_available()
res = ks.set("profile-1", key, allow_file=True)
out["where"] = res.where
out["raw"] = keyring.get_password(KeyStore.SERVICE, "profile-1") == key
out["fresh_get"] = KeyStore(key_file).get("profile-1") == key
out["file_exists"] = key_file.exists()
KeyStore(key_file).delete("profile-1")
out["after_delete"] = keyring.get_password(KeyStore.SERVICE, "profile-1")
out["fresh_after_delete"] = KeyStore(key_file).get("profile-1")
print("RESULT " + json.dumps(out))
"""


def _kill(proc: subprocess.Popen[bytes]) -> None:
    stop_process(proc, timeout=3)


def _wait_for_name(address: str, name: str, deadline: float) -> bool:
    from jeepney.bus_messages import message_bus
    from jeepney.io.blocking import open_dbus_connection

    with open_dbus_connection(bus=address) as conn:
        while time.monotonic() < deadline:
            reply = conn.send_and_get_reply(message_bus.NameHasOwner(name), timeout=2)
            if reply.body and reply.body[0]:
                return True
            time.sleep(0.05)
    return False


@pytest.fixture
def secret_service(tmp_path: Path) -> Iterator[dict[str, str]]:
    """An environment whose session bus has a running, unlocked gnome-keyring."""
    assert GNOME_KEYRING is not None and DBUS_DAEMON is not None
    home = tmp_path / "home"
    runtime = tmp_path / "run"
    home.mkdir()
    runtime.mkdir(mode=0o700)
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DBUS_", "GNOME_KEYRING", "XDG_", "PYTHON_KEYRING"))
    }
    env.update(
        HOME=str(home),
        XDG_DATA_HOME=str(home / ".local" / "share"),
        XDG_CONFIG_HOME=str(home / ".config"),
        XDG_CACHE_HOME=str(home / ".cache"),
        XDG_RUNTIME_DIR=str(runtime),
    )
    procs: list[subprocess.Popen[bytes]] = []
    try:
        bus = subprocess.Popen(
            [DBUS_DAEMON, "--session", "--nofork", "--nopidfile", "--print-address=1"],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=env,
        )
        procs.append(bus)
        assert bus.stdout is not None
        address = bus.stdout.readline().decode().strip()
        assert address, "dbus-daemon printed no address"
        env["DBUS_SESSION_BUS_ADDRESS"] = address
        keyring_daemon = subprocess.Popen(
            [GNOME_KEYRING, "--foreground", "--unlock", "--components=secrets"],
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=env,
        )
        procs.append(keyring_daemon)
        assert keyring_daemon.stdin is not None
        # An empty password does not create the login keyring; a throw-away one does.
        keyring_daemon.stdin.write(b"chatterdesk-test-password")
        keyring_daemon.stdin.close()
        if not _wait_for_name(address, "org.freedesktop.secrets", time.monotonic() + 10):
            pytest.fail("gnome-keyring-daemon did not register org.freedesktop.secrets")
        env["PYTHON_KEYRING_BACKEND"] = "keyring.backends.SecretService.Keyring"
        env["PYTHONPATH"] = str(REPO)
        yield env
    finally:
        for proc in reversed(procs):
            _kill(proc)


def test_keystore_with_the_real_secret_service(
    secret_service: dict[str, str], tmp_path: Path
) -> None:
    key_file = tmp_path / "config" / "secret" / "keys.json"
    started = time.monotonic()
    proc = subprocess.run(
        [sys.executable, "-c", CHILD, str(key_file), KEY],
        env=secret_service,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=20,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    line = next(x for x in proc.stdout.splitlines() if x.startswith("RESULT "))
    out = json.loads(line[len("RESULT ") :])
    assert out == {
        "backend": "keyring.backends.SecretService",
        "available": True,
        "where": "keyring",
        "raw": True,
        "fresh_get": True,
        "file_exists": False,
        "after_delete": None,
        "fresh_after_delete": None,
    }
    assert KEY not in proc.stdout + proc.stderr
    assert not key_file.exists()
    # Nothing under the test's folders holds the key in plain text (the keyring is encrypted).
    for p in tmp_path.rglob("*"):
        if p.is_file():
            assert KEY.encode() not in p.read_bytes(), p
    assert time.monotonic() - started < 15
