"""The crash handler: an unexpected exception becomes a report and a dialog, not an exit.

Exceptions that escape a Qt slot reach `sys.excepthook`; those in asyncio callbacks, and task
failures passed on to it, reach the loop's exception handler; a worker thread's reach
`threading.excepthook`. Each becomes one report (traceback, versions, platform) run through the
log redaction, so no API key is ever in it, written to crash-<timestamp>.txt in the log folder
and shown in one non-modal dialog with Copy and Open log folder. The same crash again only
counts up in that dialog (a failing paint handler would otherwise open hundreds).

Local variables are deliberately left out of the report: they hold conversation text and keys,
and a report is made to be pasted into a bug tracker.
"""

from __future__ import annotations

import asyncio
import logging
import sys
import threading
import traceback
from collections.abc import Callable, Iterable
from datetime import datetime
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, Signal, qVersion

from app import __version__
from app.core.logsetup import redact, register_secret

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from .crash_dialog import CrashDialog

log = logging.getLogger("chatterdesk.crash")

MAX_FILES_PER_RUN = 20  # a crash loop must not fill the disk
ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None]


def signature(exc: BaseException) -> tuple[str, ...]:
    """What makes two crashes "the same": the exception type and where it was raised from."""
    frames = traceback.extract_tb(exc.__traceback__)
    return (type(exc).__qualname__, *(f"{f.filename}:{f.lineno}:{f.name}" for f in frames))


def build_report(
    exc: BaseException, where: str, secrets: Iterable[str | None] = (), when: datetime | None = None
) -> str:
    """The text of a report, with every known key and anything shaped like one removed."""
    import platform

    import PySide6

    from app.core.licenses import platform_text  # importlib.metadata: only for a report

    for s in secrets:
        register_secret(s)
    when = when or datetime.now().astimezone()
    tb = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    lines = [
        f"Chatterdesk {__version__} crash report",
        f"Time: {when.isoformat(timespec='seconds')}",
        f"Where: {where}",
        f"Python: {platform.python_version()} ({platform.python_implementation()})",
        f"Qt: {qVersion()}, PySide6: {PySide6.__version__}",
        f"Platform: {platform_text()}",
        f"Thread: {threading.current_thread().name}",
        "",
        tb.rstrip(),
        "",
    ]
    return redact("\n".join(lines))


class CrashHandler(QObject):
    """Turns unexpected exceptions into reports. `install()` takes over sys.excepthook and
    threading.excepthook; `install_loop(loop)` the asyncio loop's exception handler."""

    reported = Signal(str)  # the report text, once per crash (also the repeated ones)
    _raised = Signal(object, str)  # crossing from any thread to the GUI thread

    def __init__(
        self,
        log_folder: Path,
        parent: QWidget | None = None,
        secrets: Callable[[], Iterable[str | None]] | None = None,
    ) -> None:
        super().__init__(parent)
        self.log_folder = log_folder
        self.parent_widget = parent
        self.secrets = secrets or (lambda: ())
        self.dialog: CrashDialog | None = None
        self.files: list[Path] = []
        self.count = 0
        self._seen: dict[tuple[str, ...], Path | None] = {}  # signature -> its report file
        self._prev_hook: Callable[..., Any] | None = None
        self._prev_thread_hook: Callable[..., Any] | None = None
        self._handling = False
        self._raised.connect(self.handle, Qt.ConnectionType.QueuedConnection)

    # -- installing -----------------------------------------------------------------------
    def install(self) -> None:
        self._prev_hook = sys.excepthook
        self._prev_thread_hook = threading.excepthook
        sys.excepthook = self.excepthook
        threading.excepthook = self._thread_hook

    def uninstall(self) -> None:
        if self._prev_hook is not None and sys.excepthook == self.excepthook:
            sys.excepthook = self._prev_hook
        if self._prev_thread_hook is not None and threading.excepthook == self._thread_hook:
            threading.excepthook = self._prev_thread_hook
        self._prev_hook = self._prev_thread_hook = None

    def install_loop(self, loop: asyncio.AbstractEventLoop) -> None:
        loop.set_exception_handler(self.loop_exception)

    # -- hooks ----------------------------------------------------------------------------
    def excepthook(
        self, etype: type[BaseException], value: BaseException, tb: TracebackType | None
    ) -> None:
        if issubclass(etype, KeyboardInterrupt | SystemExit):
            hook = self._prev_hook or sys.__excepthook__
            hook(etype, value, tb)
            return
        if value.__traceback__ is None and tb is not None:
            value = value.with_traceback(tb)
        self.report(value, "a Qt event handler or slot")

    def _thread_hook(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_value is None or issubclass(args.exc_type, SystemExit):
            return
        name = args.thread.name if args.thread is not None else "?"
        self.report(args.exc_value, f"the worker thread {name}")

    def loop_exception(self, loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
        exc = context.get("exception")
        if not isinstance(exc, BaseException) or isinstance(exc, asyncio.CancelledError):
            loop.default_exception_handler(context)  # a warning without an exception: logged
            return
        task = context.get("task") or context.get("future")
        name = task.get_name() if isinstance(task, asyncio.Task) else ""
        where = f"the asyncio task {name}" if name else "an asyncio callback"
        self.report(exc, where)

    def report(self, exc: BaseException, where: str) -> None:
        """From any thread: queue the exception for the GUI thread."""
        try:
            if threading.current_thread() is threading.main_thread():
                self.handle(exc, where)
            else:
                self._raised.emit(exc, where)
        except Exception:  # the handler itself must never raise
            log.exception("the crash handler failed")

    # -- handling -------------------------------------------------------------------------
    def handle(self, exc: BaseException, where: str) -> CrashDialog | None:
        if self._handling:  # a crash while reporting a crash: the log must do
            log.critical("unexpected error while reporting one", exc_info=exc)
            return None
        self._handling = True
        try:
            return self._handle(exc, where)
        finally:
            self._handling = False

    def _handle(self, exc: BaseException, where: str) -> CrashDialog | None:
        self.count += 1
        sig = signature(exc)
        new = sig not in self._seen
        text = build_report(exc, where, list(self.secrets()))
        log.critical("unexpected error in %s", where, exc_info=exc)
        if new:
            self._seen[sig] = self._write(text)
        file = self._seen[sig]
        print(
            f"chatterdesk: unexpected error ({type(exc).__name__}); "
            f"details in {file or self.log_folder}",
            file=sys.stderr,
        )
        self.reported.emit(text)
        try:
            fresh = self.dialog is None
            dlg = self._dialog()
            dlg.add(text, file, new or fresh)
            if not dlg.isVisible():
                dlg.show()
            dlg.raise_()
            return dlg
        except RuntimeError:  # no window to show it in any more (shutting down)
            return None

    def _write(self, text: str) -> Path | None:
        if len(self.files) >= MAX_FILES_PER_RUN:
            return None
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
        path = self.log_folder / f"crash-{stamp}.txt"
        try:
            self.log_folder.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        except OSError as err:
            log.error("could not write the crash report %s: %s", path, err)
            return None
        self.files.append(path)
        return path

    def _dialog(self) -> CrashDialog:
        if self.dialog is None:
            from .crash_dialog import CrashDialog  # its types are not needed until a crash

            dlg = CrashDialog(self.log_folder, self.parent_widget)
            dlg.finished.connect(self._closed)
            self.dialog = dlg
        return self.dialog

    def _closed(self, _result: int) -> None:
        # Closed: the next crash opens a fresh dialog (the count starts again).
        dlg, self.dialog = self.dialog, None
        if dlg is not None:
            dlg.deleteLater()
