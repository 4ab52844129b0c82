"""The one place that knows qasync: the asyncio loop on the Qt thread, and a task group.

Every coroutine the UI starts goes through `TaskGroup.spawn`, which keeps a reference (asyncio
only keeps weak ones), logs failures instead of losing them, and cancels and awaits everything
on shutdown so nothing is "destroyed but pending" at exit.
"""

from __future__ import annotations

import asyncio
import logging
import sys
from collections.abc import Coroutine
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

log = logging.getLogger("chatterdesk.ui")
T = TypeVar("T")


class TaskGroup:
    def __init__(self) -> None:
        self._tasks: set[asyncio.Task[Any]] = set()

    def spawn(self, coro: Coroutine[Any, Any, T], name: str | None = None) -> asyncio.Task[T]:
        task = asyncio.get_event_loop().create_task(coro, name=name)
        self._tasks.add(task)
        task.add_done_callback(self._done)
        return task

    def _done(self, task: asyncio.Task[Any]) -> None:
        self._tasks.discard(task)
        if task.cancelled():
            return
        exc = task.exception()
        if exc is not None:  # a bug: the loop's handler (the crash dialog, when installed) sees it
            try:
                task.get_loop().call_exception_handler(
                    {"message": f"task {task.get_name()} failed", "exception": exc, "task": task}
                )
            except Exception:
                log.error("task %s failed", task.get_name(), exc_info=exc)

    @property
    def pending(self) -> int:
        return sum(1 for t in self._tasks if not t.done())

    async def cancel_all(self) -> None:
        me = asyncio.current_task()
        tasks = [t for t in self._tasks if not t.done() and t is not me]
        for t in tasks:
            t.cancel()
        if tasks:
            await asyncio.gather(*tasks, return_exceptions=True)


def install_asyncgen_hooks(loop: asyncio.AbstractEventLoop) -> None:
    """Let the loop track async generators, as asyncio's own run_forever does.

    qasync does not set these hooks on Python 3.11, so a generator left suspended (httpx's
    inner stream iterators after a cancelled request) is finalised by the garbage collector
    outside the loop: "async generator ignored GeneratorExit" at exit. With the hooks, the
    loop closes them itself and `asyncio.run` shuts the rest down before the loop ends.
    """
    first = getattr(loop, "_asyncgen_firstiter_hook", None)
    final = getattr(loop, "_asyncgen_finalizer_hook", None)
    if first is not None and final is not None and sys.get_asyncgen_hooks().firstiter is None:
        sys.set_asyncgen_hooks(firstiter=first, finalizer=final)


def _loop_class() -> type[asyncio.AbstractEventLoop]:
    """qasync's QEventLoop, except that a cancelled timer is dropped at once (made on first use:
    qasync is imported only when the loop starts).

    qasync keeps a cancelled `call_later`/`call_at` handle, and its Qt timer, until the timer
    would have fired. httpx (through anyio) arms one for every connect, read and write timeout
    and cancels it when the operation finishes, so with a 120 s read timeout every streamed
    answer left a few timers behind for two minutes: the soak counted ~4 per request, growing
    with traffic. Here cancelling a handle kills its Qt timer and forgets it.
    """
    global _LOOP_CLASS
    if _LOOP_CLASS is not None:
        return _LOOP_CLASS
    import threading

    import qasync
    from PySide6.QtCore import QObject, QTimerEvent

    class Handle(asyncio.Handle):
        __slots__ = ("_owner", "_timer_id")
        _owner: Timers | None
        _timer_id: int

        def cancel(self) -> None:
            super().cancel()
            owner = getattr(self, "_owner", None)
            self._owner = None
            if owner is not None:
                owner.forget(self._timer_id, self)

    class Timers(QObject):
        """The loop's timed callbacks: one Qt timer each, killed when run or cancelled."""

        def __init__(self) -> None:
            super().__init__()
            self._callbacks: dict[int, asyncio.Handle] = {}
            self._stopped = False
            self._thread = threading.get_ident()

        def add_callback(self, handle: asyncio.Handle, delay: float = 0) -> asyncio.Handle:
            """Also asyncio's own handles (a signal's, from `add_signal_handler`): those run
            once and are never cancelled through here."""
            timer_id = self.startTimer(int(max(0.0, delay) * 1000))
            assert timer_id not in self._callbacks
            self._callbacks[timer_id] = handle
            if isinstance(handle, Handle):
                handle._owner, handle._timer_id = self, timer_id
            return handle

        def forget(self, timer_id: int, handle: Handle) -> None:
            if threading.get_ident() != self._thread:
                return  # Qt timers stop only on their own thread: it fires and is skipped
            if self._callbacks.get(timer_id) is handle:
                del self._callbacks[timer_id]
                self.killTimer(timer_id)

        def timerEvent(self, event: QTimerEvent) -> None:
            timer_id = event.timerId()
            self.killTimer(timer_id)
            handle = self._callbacks.pop(timer_id, None)
            if handle is None or self._stopped:
                return
            if isinstance(handle, Handle):
                handle._owner = None
            if not handle._cancelled:
                handle._run()

        def pending(self) -> int:
            return len(self._callbacks)

        def stop(self) -> None:
            self._stopped = True

        def set_debug(self, enabled: bool) -> None:
            pass

    class Loop(qasync.QEventLoop):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)  # schedules nothing: qasync's table stays empty
            self._timer = Timers()

        def call_later(
            self, delay: float, callback: Any, *args: Any, context: Any = None
        ) -> asyncio.Handle:
            if asyncio.iscoroutinefunction(callback):
                raise TypeError("coroutines cannot be used with call_later")
            if not callable(callback):
                raise TypeError(f"callback must be callable: {type(callback).__name__}")
            return self._timer.add_callback(Handle(callback, args, self, context=context), delay)

        def pending_timers(self) -> int:
            """Timed callbacks not run yet (the soak benchmark counts them)."""
            return int(self._timer.pending())

    _LOOP_CLASS = Loop
    return Loop


_LOOP_CLASS: type[asyncio.AbstractEventLoop] | None = None

SOURCE_CACHE_TRIM_S = 60.0
WORKER_THREADS = 4  # file loads and saves, the keychain, audio decoding: blocking calls
WORKER_PREFIX = "chatterdesk-worker"


def forget_import_sources(loop: asyncio.AbstractEventLoop | None = None) -> None:
    """Empty linecache now (and, given the loop, once a minute while it runs).

    Once PySide6 is imported, its import hook (shibokensupport's `feature_imported`) reads
    the source of every Python module imported afterwards with inspect.getsource, to see
    whether it mentions "PySide6"; that leaves each file's lines in linecache for good. At
    start-up that is ~140 modules (the app, asyncio, ...) and soon ~270 (httpx, qasync,
    keyring): 12 MiB of str objects at idle, ~15 % of the window's memory. linecache is only a
    cache (a traceback reads the lines again), so it is emptied when the loop starts, before
    the imports that follow the first paint reuse that memory (idle RSS -7 MiB), and then
    every minute so modules imported on first use do not add up.
    """
    import linecache

    linecache.clearcache()
    if loop is not None:
        loop.call_later(SOURCE_CACHE_TRIM_S, forget_import_sources, loop)


def run(main: Coroutine[Any, Any, int]) -> int:
    """Run `main` on a qasync loop over the existing QApplication (as qasync.run does)."""
    from PySide6.QtWidgets import QApplication

    loop_class = _loop_class()

    async def wrapped() -> int:
        loop = asyncio.get_running_loop()
        install_asyncgen_hooks(loop)
        forget_import_sources(loop)
        return await main

    def new_loop() -> asyncio.AbstractEventLoop:
        loop = loop_class(QApplication.instance())  # type: ignore[call-arg]
        # qasync's own default starts all ten of its threads on the first call (listing the
        # history at start): ~2 MiB of stacks and malloc arenas for good. This one starts a
        # thread only when no idle one is there; qasync's close() shuts it down.
        loop.set_default_executor(
            ThreadPoolExecutor(max_workers=WORKER_THREADS, thread_name_prefix=WORKER_PREFIX)
        )
        asyncio.set_event_loop(loop)
        return loop

    old = sys.get_asyncgen_hooks()
    try:
        with asyncio.Runner(loop_factory=new_loop) as runner:
            return int(runner.run(wrapped()))
    finally:
        asyncio.set_event_loop(None)
        sys.set_asyncgen_hooks(*old)


def attach_running_loop() -> asyncio.AbstractEventLoop:
    """For tests: an asyncio loop driven by whoever spins the Qt event loop (e.g. qtbot)."""
    import qasync
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    loop = _loop_class()(app, already_running=True)  # type: ignore[call-arg]
    asyncio.set_event_loop(loop)
    install_asyncgen_hooks(loop)
    executor = qasync.QThreadExecutor(2)
    loop.set_default_executor(executor)
    _executors[loop] = executor
    return loop


def detach_loop(loop: asyncio.AbstractEventLoop) -> None:
    """For tests: stop the worker threads of a loop from attach_running_loop."""
    executor = _executors.pop(loop, None)
    if executor is not None:
        executor.shutdown(wait=True)


_executors: dict[asyncio.AbstractEventLoop, Any] = {}
