"""Test-only hook: drive the real window from a JSON script (CHATTERDESK_E2E_SCRIPT).

Only loaded when that variable is set. It uses the same widgets a person uses (types into the
composer, clicks Send), waits for the answer, saves a screenshot and closes the window.
"""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .main_window import MainWindow


async def _until(pred: object, seconds: float) -> bool:
    loop = asyncio.get_running_loop()
    end = loop.time() + seconds
    while loop.time() < end:
        if pred():  # type: ignore[operator]
            return True
        await asyncio.sleep(0.05)
    return False


async def run_script(window: MainWindow, path: str) -> None:
    script = json.loads(await asyncio.to_thread(Path(path).read_text, "utf-8"))
    await _until(lambda: window.model_picker.count() > 0, 15)
    if script.get("model"):
        window.model_picker.setEditText(script["model"])
    if script.get("system_prompt"):
        window.system_prompt.setPlainText(script["system_prompt"])
    for text in script.get("messages", []):
        window.composer.setPlainText(text)
        window.send_button.click()
        await _until(lambda: window.controller.busy, 5)
        if script.get("hang_while_streaming"):  # the test kills the process now
            last = window.controller.conversation.messages[-1]
            await _until(lambda m=last: bool(m.content), 10)
            print("E2E-STREAMING", flush=True)
            await asyncio.sleep(3600)
        if script.get("close_while_streaming"):
            last = window.controller.conversation.messages[-1]
            await _until(lambda m=last: bool(m.content), 10)
            print("E2E-CLOSING-WHILE-STREAMING", flush=True)
            window.close()
            return
        await _until(lambda: not window.controller.busy, 60)
    await asyncio.sleep(0.5)
    shot = script.get("screenshot")
    if shot:
        window.view.flush()
        window.grab().save(shot)
    print("E2E-TEXT-BEGIN", flush=True)
    print(window.view.toPlainText(), flush=True)
    print("E2E-TEXT-END", flush=True)
    print("E2E-STATUS " + window.status_usage.text(), flush=True)
    if window.local.running is not None:
        print(f"E2E-LOCAL-PID {window.local.running.pid}", flush=True)
    sys.stdout.flush()
    if script.get("quit", True):
        window.close()
