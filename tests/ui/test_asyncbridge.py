"""The app's qasync loop: timed callbacks run once, and a cancelled one is dropped at once
(qasync alone keeps it, and its Qt timer, until it would have fired)."""

from __future__ import annotations

import asyncio
import os
import signal
from typing import Any


def test_timers_run_and_cancelled_ones_are_dropped_at_once(
    qtbot: Any, running_loop: asyncio.AbstractEventLoop
) -> None:
    loop: Any = running_loop
    base = loop.pending_timers()
    ran: list[str] = []
    soon = loop.call_soon(ran.append, "soon")
    later = loop.call_later(0.05, ran.append, "later")
    far = [loop.call_later(120, ran.append, "far") for _ in range(100)]
    at = loop.call_at(loop.time() + 120, ran.append, "at")
    assert loop.pending_timers() == base + 103
    for h in far:
        h.cancel()
    at.cancel()
    at.cancel()  # twice is harmless
    assert loop.pending_timers() == base + 2
    qtbot.waitUntil(lambda: ran == ["soon", "later"], timeout=2000)
    assert loop.pending_timers() == base
    soon.cancel()  # after it ran: nothing else is touched
    later.cancel()
    assert loop.pending_timers() == base


def test_a_cancelled_callback_never_runs(
    qtbot: Any, running_loop: asyncio.AbstractEventLoop
) -> None:
    ran: list[int] = []
    h = running_loop.call_later(0.01, ran.append, 1)
    h.cancel()
    done = running_loop.call_later(0.05, ran.append, 2)
    qtbot.waitUntil(lambda: ran == [2], timeout=2000)
    assert done.cancelled() is False


def test_a_signal_handler_runs_on_the_loop(
    qtbot: Any, running_loop: asyncio.AbstractEventLoop
) -> None:
    # asyncio queues a signal's callback as its own Handle (not the loop's timed kind): it
    # must run like any other, once per signal.
    got: list[int] = []
    running_loop.add_signal_handler(signal.SIGUSR1, got.append, 1)
    try:
        os.kill(os.getpid(), signal.SIGUSR1)
        qtbot.waitUntil(lambda: got == [1], timeout=2000)
        os.kill(os.getpid(), signal.SIGUSR1)
        qtbot.waitUntil(lambda: got == [1, 1], timeout=2000)
    finally:
        running_loop.remove_signal_handler(signal.SIGUSR1)


def test_timeouts_and_sleeps_still_work(
    qtbot: Any, running_loop: asyncio.AbstractEventLoop
) -> None:
    base = running_loop.pending_timers()  # type: ignore[attr-defined]

    async def work() -> str:
        await asyncio.sleep(0.01)
        try:
            await asyncio.wait_for(asyncio.sleep(10), timeout=0.02)
        except TimeoutError:
            return "timed out"
        return "no timeout"

    task = running_loop.create_task(work())
    qtbot.waitUntil(task.done, timeout=3000)
    assert task.result() == "timed out"
    assert running_loop.pending_timers() == base  # type: ignore[attr-defined]


def test_forget_import_sources_empties_linecache_and_comes_back(
    running_loop: asyncio.AbstractEventLoop,
) -> None:
    import linecache

    from app.ui import asyncbridge

    linecache.getlines(asyncbridge.__file__)
    assert asyncbridge.__file__ in linecache.cache
    before = running_loop.pending_timers()  # type: ignore[attr-defined]
    asyncbridge.forget_import_sources(running_loop)
    assert linecache.cache == {}
    assert running_loop.pending_timers() == before + 1  # type: ignore[attr-defined]
    for h in list(running_loop._timer._callbacks.values()):  # type: ignore[attr-defined]
        if getattr(h, "_callback", None) is asyncbridge.forget_import_sources:
            h.cancel()  # not left running for the rest of the session
    assert running_loop.pending_timers() == before  # type: ignore[attr-defined]
