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


def run(main: Coroutine[Any, Any, int]) -> int:
    """Run `main` on a qasync loop over the existing QApplication."""
    import qasync

    async def wrapped() -> int:
        install_asyncgen_hooks(asyncio.get_running_loop())
        return await main

    old = sys.get_asyncgen_hooks()
    try:
        return int(qasync.run(wrapped()))
    finally:
        sys.set_asyncgen_hooks(*old)


def attach_running_loop() -> asyncio.AbstractEventLoop:
    """For tests: an asyncio loop driven by whoever spins the Qt event loop (e.g. qtbot)."""
    import qasync
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    loop = qasync.QEventLoop(app, already_running=True)
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
