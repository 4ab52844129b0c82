"""Kill a process that is saving a conversation (SIGKILL at a random moment) and see what is left.

Used by tests/core/test_crash.py (a few trials) and the soak in tests/bench/bench_files.py (hundreds).
The writer appends one message per save, and prints the number of messages after each save has
returned: a kill can lose at most the message whose save was under way.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from app.core import storage

REPO_ROOT = Path(__file__).resolve().parents[2]

# argv: path, characters of filler per message. Messages alternate user/assistant; every fourth is
# first saved as a streaming partial answer (as autosave does mid-answer), then completed.
WRITER = r"""
import sys
from pathlib import Path
from app.core import storage
from app.core.conversation import Conversation, Message, Status

path, size = Path(sys.argv[1]), int(sys.argv[2])
filler = ("Lorem ipsum dolor sit amet, `code` and **bold** — é 🙂\n" * (size // 50 + 1))[:size]
c = Conversation(title="crash test", created=1767225600.0)
print("ready", flush=True)
n = 0
while True:
    n += 1
    role = "user" if n % 2 else "assistant"
    m = Message(role, f"message {n}\n{filler}")
    if n % 4 == 0:
        m.status = Status.STREAMING
        m.content = f"message {n}\n"
    c.append(m)
    storage.save(c, path)
    if n % 4 == 0:
        m.content = f"message {n}\n{filler}"
        m.status = Status.OK
        storage.save(c, path)
    sys.stdout.write(f"{n}\n")
    sys.stdout.flush()
"""


@dataclass
class Trial:
    saved: int  # messages whose save had returned before the kill
    found: int | None  # messages in the file afterwards (None: no file)
    bak: int | None  # messages in the .bak (None: no backup)
    stray: int  # temp files left behind by the kill
    error: str | None = None  # the file or its backup did not load

    @property
    def lost(self) -> int:
        """Messages lost, counting the one being written when the process died."""
        return self.saved + 1 - (self.found or 0)


def run_trial(folder: Path, delay: float, size: int = 2000) -> Trial:
    """Start a writer, let it save for `delay` seconds, SIGKILL it, and inspect the folder."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"crash{storage.SUFFIX}"
    env = dict(os.environ, PYTHONPATH=str(REPO_ROOT))
    proc = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(path), str(size)],
        stdout=subprocess.PIPE,
        env=env,
        cwd=folder,
    )
    assert proc.stdout is not None
    try:
        ready = proc.stdout.readline()
        if ready != b"ready\n":
            raise RuntimeError(f"the writer did not start: {ready!r}")
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        rest = proc.stdout.read()
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait()
        proc.stdout.close()
    lines = [ln for ln in rest.split(b"\n")[:-1] if ln]  # complete lines only
    saved = int(lines[-1]) if lines else 0
    trial = Trial(saved, None, None, stray=sum(1 for p in folder.iterdir() if p.suffix == ".tmp"))
    try:
        if path.exists():
            trial.found = check(storage.load(path).conversation)
        bak = storage.backup_path(path)
        if bak.exists():
            trial.bak = check(storage.load(bak).conversation)
        entries = storage.ConversationStore(folder).entries()  # temp files do not get in the way
        if [e.error for e in entries] != ([None] if path.exists() else []):
            raise ValueError(f"the folder lists {entries}")
    except (storage.ConversationFileError, ValueError) as exc:
        trial.error = str(exc)
    return trial


def check(c: object) -> int:
    """The number of messages, after checking they are the writer's, in order."""
    from app.core.conversation import Conversation, Status

    assert isinstance(c, Conversation)
    if list(c.nodes) != [m.id for m in c.messages]:
        raise ValueError("the saved conversation is not linear")
    for i, m in enumerate(c.messages, 1):
        if not m.content.startswith(f"message {i}\n"):
            raise ValueError(f"message {i} is {m.content[:20]!r}")
        if m.status not in (Status.OK, Status.INTERRUPTED):
            raise ValueError(f"message {i} has status {m.status}")
    return len(c.messages)
