"""Where the conversation lives on disk: autosave, open, save as, history, trash with undo.

Autosave runs after every completed message and every edit (debounced), and every few seconds
while an answer streams, so a crash loses at most those seconds. A save that fails (disk full,
read-only folder) keeps everything in memory, says so, and tries again. A file from a newer
Chatterdesk is never overwritten; a damaged file is never overwritten either.

Autosaves take a compact snapshot on the UI thread and indent and write it on a worker, so a
long conversation does not stall the window while an answer streams. Explicit saves (Ctrl+S,
switching conversations, quitting) write at once. A generation number under a lock makes sure
an older snapshot never overwrites a newer save.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from app.core import storage
from app.core.atomic import write_atomic
from app.core.conversation import Conversation
from app.core.storage import ConversationFileError, ConversationStore, Entry, Loaded

from .asyncbridge import TaskGroup
from .controller import ChatController
from .i18n import tr_text

log = logging.getLogger("chatterdesk.ui")


def _reason(exc: Exception) -> str:
    """What went wrong with a file, in the UI language (a damaged file's reason translated)."""
    if isinstance(exc, ConversationFileError):
        return f"{exc.path}: {tr_text(exc.reason)}" if exc.path else tr_text(exc.reason)
    return str(exc)


SAVE_DEBOUNCE_MS = 400
STREAM_SAVE_MS = 3000
SAVE_RETRY_MS = 10000
BIG_FILE = 200_000  # bytes: parse off the UI thread above this
HISTORY_JOB_S = 0.002  # the history is read in worker jobs of about this long


class FileController(QObject):
    stateChanged = Signal()  # path, read-only flag or save status changed
    saveFailed = Signal(str)
    saved = Signal(str)
    entriesLoaded = Signal(list)
    entryUpdated = Signal(object)  # Entry
    entryRemoved = Signal(str)
    loaded = Signal(object)  # Loaded
    openFailed = Signal(str, str)  # path, reason

    def __init__(self, store: ConversationStore, chat: ChatController, tasks: TaskGroup) -> None:
        super().__init__()
        self.store = store
        self.chat = chat
        self.tasks = tasks
        self.path: Path | None = None
        self.read_only = False
        self.save_error: str | None = None
        self._save_timer = QTimer(self)
        self._save_timer.setSingleShot(True)
        self._save_timer.timeout.connect(self._autosave)
        self._stream_timer = QTimer(self)
        self._stream_timer.setInterval(STREAM_SAVE_MS)
        self._stream_timer.timeout.connect(self._autosave)
        self._retry_timer = QTimer(self)
        self._retry_timer.setSingleShot(True)
        self._retry_timer.timeout.connect(self._autosave)
        self._write_lock = threading.Lock()
        self._generation = 0  # of the last snapshot taken
        self._written = 0  # generation of the last write that reached the disk
        self._background: asyncio.Task[None] | None = None
        self._again = False  # another autosave was asked for while one was writing
        chat.conversationEdited.connect(self.schedule_save)
        chat.answerStarted.connect(self._on_answer_started)
        chat.answerFinished.connect(self._on_answer_finished)

    # -- saving ---------------------------------------------------------------------------
    def schedule_save(self) -> None:
        self._save_timer.start(SAVE_DEBOUNCE_MS)

    def _on_answer_started(self, _index: int) -> None:
        self._autosave()  # the question reaches the disk as the answer starts
        self._stream_timer.start()

    def _on_answer_finished(self, _index: int) -> None:
        self._stream_timer.stop()
        self._autosave()

    def _autosave(self) -> None:
        """Save in the background (a compact snapshot now, the writing on a worker)."""
        self._save_timer.stop()
        if self._background is not None and not self._background.done():
            self._again = True
            return
        self._background = self.tasks.spawn(self._save_in_background(), name="autosave")

    def _write(self, data: bytes, path: Path, generation: int) -> bool:
        """Write unless a newer save already did (any thread). False when skipped."""
        with self._write_lock:
            if generation < self._written:
                return False
            write_atomic(path, data, backup=True)
            self._written = generation
            return True

    async def _save_in_background(self) -> None:
        while True:
            self._again = False
            conv = self.chat.conversation
            if self.read_only or not conv.nodes:
                return
            path = self.path or self.store.path_for(conv)
            snap = storage.snapshot(conv)
            self._generation += 1
            generation = self._generation

            def write(snap: str = snap, path: Path = path, generation: int = generation) -> None:
                self._write(storage.render_snapshot(snap), path, generation)

            try:
                await asyncio.to_thread(write)
            except OSError as exc:
                if self.chat.conversation is conv:
                    self._save_failed(path, exc)
                return
            if self.chat.conversation is conv:  # not switched away meanwhile
                self._save_done(conv, path)
            if not self._again:
                return

    def save_now(self) -> bool:
        """Write the conversation now. False if it could not be (and why is signalled)."""
        self._save_timer.stop()
        conv = self.chat.conversation
        if self.read_only or not conv.nodes:
            return False
        path = self.path or self.store.path_for(conv)
        self._generation += 1
        try:
            self._write(storage.dumps(conv), path, self._generation)
        except OSError as exc:
            self._save_failed(path, exc)
            return False
        self._save_done(conv, path)
        return True

    def _save_failed(self, path: Path, exc: OSError) -> None:
        reason = exc.strerror or str(exc)
        log.warning("could not save %s: %s", path, reason)
        self.save_error = reason
        self._retry_timer.start(SAVE_RETRY_MS)
        self.saveFailed.emit(reason)
        self.stateChanged.emit()

    def _save_done(self, conv: Conversation, path: Path) -> None:
        first = self.path is None
        self.path = path
        had_error = self.save_error is not None
        self.save_error = None
        self._retry_timer.stop()
        self.entryUpdated.emit(self.entry_for(conv, path))
        self.saved.emit(str(path))
        if first or had_error:
            self.stateChanged.emit()

    def entry_for(self, conv: Conversation, path: Path) -> Entry:
        return Entry(
            path, conv.id, conv.title, conv.updated, storage.search_text(conv.plain_text())
        )

    def save_as(self, path: Path) -> bool:
        """Write the conversation to `path` (anywhere) and keep saving there."""
        conv = self.chat.conversation
        try:
            storage.save(conv, path)
        except OSError as exc:
            self.saveFailed.emit(exc.strerror or str(exc))
            return False
        self.path = path
        self.read_only = False
        self.save_error = None
        self.stateChanged.emit()
        self.saved.emit(str(path))
        return True

    def new(self, template: Conversation | None = None) -> None:
        """Start a new conversation (the current one is saved first)."""
        self.save_now()
        conv = Conversation()
        if template is not None:
            conv.system_prompt = template.system_prompt
            conv.params = dict(template.params)
            conv.model = template.model
            conv.stream = template.stream
            conv.include_usage = template.include_usage
            conv.mode = template.mode  # a new document in completions mode stays there
        self.path = None
        self.read_only = False
        self.save_error = None
        self.chat.set_conversation(conv)
        self.stateChanged.emit()

    # -- opening --------------------------------------------------------------------------
    def open_path(self, path: Path) -> asyncio.Task[None]:
        return self.tasks.spawn(self._open(Path(path)), name="open")

    async def _open(self, path: Path) -> None:
        self.save_now()
        try:
            if _size(path) > BIG_FILE:
                loaded = await asyncio.to_thread(storage.load, path)
            else:
                loaded = storage.load(path)
        except (OSError, ConversationFileError) as exc:
            reason = exc.reason if isinstance(exc, ConversationFileError) else str(exc)
            log.warning("could not open %s: %s", path, reason)
            self.openFailed.emit(str(path), tr_text(reason))
            return
        self.show_loaded(loaded)

    def show_loaded(self, loaded: Loaded) -> None:
        self.path = loaded.path
        self.read_only = loaded.read_only
        self.save_error = None
        self.chat.set_conversation(loaded.conversation)
        self.loaded.emit(loaded)
        self.stateChanged.emit()
        if loaded.recovered and not loaded.read_only:
            self.save_now()  # the interrupted mark is written back

    def adopt(self, conv: Conversation) -> None:
        """Show a conversation made elsewhere (an import) as a new, unsaved one."""
        self.save_now()
        self.path = None
        self.read_only = False
        self.chat.set_conversation(conv)
        self.stateChanged.emit()
        self.save_now()

    # -- the history folder -----------------------------------------------------------------
    def load_entries(self) -> asyncio.Task[None]:
        async def run() -> None:
            # In jobs of ~2 ms: between two, the window has the interpreter. Read in one job,
            # a history of 1,000 conversations made the window wait up to the interpreter's
            # 5 ms switch interval each time it let go of it (every file-system call of an
            # import): the start froze for 0.1-0.5 s.
            paths = await asyncio.to_thread(self.store.files)
            entries: list[Entry] = []
            while len(entries) < len(paths):
                read = self.store.read_some
                entries += await asyncio.to_thread(read, paths, len(entries), HISTORY_JOB_S)
            self.entriesLoaded.emit(storage.newest_first(entries))

        return self.tasks.spawn(run(), name="history")

    def rename(self, path: Path, title: str) -> None:
        conv = self.chat.conversation
        if self.path is not None and Path(path) == self.path:
            conv.title = title
            conv.title_custom = True
            conv.touch()
            self.save_now()
            self.stateChanged.emit()
            return
        try:
            loaded = storage.load(path)
            if loaded.read_only:
                return
            c = loaded.conversation
            c.title, c.title_custom = title, True
            c.touch()
            storage.save(c, path)
        except (OSError, ConversationFileError) as exc:
            self.saveFailed.emit(_reason(exc))
            return
        self.entryUpdated.emit(self.entry_for(c, Path(path)))

    def trash(self, path: Path) -> Path | None:
        """Move a conversation to the trash; returns where, for undo."""
        path = Path(path)
        if self.path is not None and path == self.path:
            self._save_timer.stop()
            self.path = None
            self.chat.set_conversation(
                Conversation(system_prompt=self.chat.conversation.system_prompt)
            )
            self.stateChanged.emit()
        try:
            target = self.store.move_to_trash(path)
        except OSError as exc:
            self.saveFailed.emit(exc.strerror or str(exc))
            return None
        self.entryRemoved.emit(str(path))
        return target

    def restore(self, trashed: Path, original: Path) -> None:
        try:
            self.store.restore(trashed, original)
            loaded = storage.load(original)
        except (OSError, ConversationFileError) as exc:
            self.saveFailed.emit(_reason(exc))
            return
        self.entryUpdated.emit(self.entry_for(loaded.conversation, original))

    def duplicate(self, path: Path) -> None:
        try:
            conv = storage.load(path).conversation
            title = self.tr("{0} (copy)").format(conv.title) if conv.title else ""
            copy = self.store.duplicate(conv, title)
        except (OSError, ConversationFileError) as exc:
            self.saveFailed.emit(_reason(exc))
            return
        self.entryUpdated.emit(self.entry_for(copy, self.store.path_for(copy)))


def _size(path: Path) -> int:
    return path.stat().st_size
