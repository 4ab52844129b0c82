"""First sound: streamed playback against download-then-play, heard through a real sound server.

    .venv/bin/python -m tests.bench.bench_audio [--quick] [--repeat 5] [--delay 0.05]

A private PulseAudio (tests/audio/pulse.py) with a null sink is started and stopped here; the fake
server sends real espeak-ng speech as pcm (24 kHz s16le mono) in 100 ms chunks, `--delay` seconds
apart. "First sound" is the first sample above the silence threshold recorded from the sink's
monitor with parec, timed from the moment the server wrote its first audio byte, minus where the
speech starts inside the served audio (espeak-ng begins with a few ms of silence). Each run stops
as soon as the sound is heard. Modes:

- streamed (ours): `stream_speech(client, request, PcmPlayer())`, the app's path;
- download then play: the whole body first, then the same PcmPlayer;
- info: the same streamed path with PortAudio's latency "low" and "high" instead of ours, with
  the device underflows PortAudio reported; and ours on a null sink without the keepalive
  stream (tests/audio/pulse.py), where the first stream after the server starts waits behind the
  ~1-2 s the idle sink rendered ahead.

Target: streamed first sound <= 300 ms after the first byte. A benchmark: prints PASS/MISS and
always exits 0, also when PulseAudio cannot run here (it says why).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

import numpy as np

from app.api.client import ApiClient, make_http_client
from app.api.types import SpeechRequest
from app.audio.player import PcmPlayer
from app.audio.speech import stream_speech
from tests.audio.pulse import PulseError, PulseServer, Recorder
from tests.audio.speechgen import LONG_TEXT, TEXT, make_speech_assets, missing_tools
from tests.fakeserver import FakeServer, speech_pcm

TARGET = 0.300  # seconds after the first byte
THRESHOLD = 300  # int16 amplitude above which a recorded sample is sound


def speech_onset(pcm: bytes) -> float:
    """Seconds into the served audio where the first sample above THRESHOLD is."""
    x = np.abs(np.frombuffer(pcm, dtype="<i2").astype(np.int32))
    loud = np.flatnonzero(x > THRESHOLD)
    return float(loud[0]) / 24000 if len(loud) else 0.0


async def _wait_heard(rec: Recorder, since: float, timeout: float) -> float | None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        heard = rec.first_sound_time(THRESHOLD, since=since)
        if heard is not None:
            return heard
        await asyncio.sleep(0.01)
    return None


UNDERFLOWS: dict[str, int] = {}  # mode -> device underflows summed over its runs


async def run_streamed(
    client: ApiClient,
    srv: FakeServer,
    rec: Recorder,
    latency: float | str | None,
    mode: str = "streamed",
) -> float | None:
    """Seconds from the server's first byte to the first recorded sound, streamed playback."""
    player = PcmPlayer() if latency is None else PcmPlayer(latency=latency)
    req = SpeechRequest("tts-1", "bench", "alloy", "pcm")
    t0 = time.monotonic()
    task = asyncio.create_task(stream_speech(client, req, player))
    heard = await _wait_heard(rec, t0, 15)
    await asyncio.sleep(0.3)  # let it play a little: underflows show in the first 300 ms
    UNDERFLOWS[mode] = UNDERFLOWS.get(mode, 0) + player.device_underflows
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError, Exception):
        await task
    player.stop()
    first = srv.speech_first_byte_at
    return None if heard is None or first is None else heard - first


async def run_download_then_play(client: ApiClient, srv: FakeServer, rec: Recorder) -> float | None:
    req = SpeechRequest("tts-1", "bench", "alloy", "pcm")
    t0 = time.monotonic()
    data = await stream_speech(client, req)  # no player: the whole body first
    player = PcmPlayer()
    player.start()
    feed = asyncio.create_task(player.afeed(data))
    heard = await _wait_heard(rec, t0, 15)
    player.stop()
    with contextlib.suppress(asyncio.CancelledError, Exception):
        await feed
    first = srv.speech_first_byte_at
    return None if heard is None or first is None else heard - first


def machine() -> str:
    cpu = "?"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    pa = "?"
    with contextlib.suppress(Exception):
        import sounddevice as sd

        pa = sd.get_portaudio_version()[1]
    pulse = "?"
    with contextlib.suppress(Exception):
        pulse = subprocess.run(
            ["pulseaudio", "--version"], capture_output=True, text=True, timeout=5
        ).stdout.strip()
    return (
        f"machine: {cpu}, nproc={os.cpu_count()}, Python {platform.python_version()}, {pa}, {pulse}"
    )


def fmt(v: float | None) -> str:
    return "n/a" if v is None else f"{v * 1000:.0f} ms"


def median(values: list[float | None]) -> float | None:
    got = [v for v in values if v is not None]
    return statistics.median(got) if got else None


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="short speech, 1 run, no info rows")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--delay", type=float, default=0.05, help="seconds between 100 ms chunks")
    args = ap.parse_args(argv)
    repeat = 1 if args.quick else max(1, args.repeat)
    idle_first: float | None = None
    idle_later: float | None = None
    print(machine(), flush=True)
    with tempfile.TemporaryDirectory(prefix="chatterdesk-bench-audio-") as tmp:
        if missing_tools():
            print(f"speech: sine tone (not installed: {', '.join(missing_tools())})")
            pcm = speech_pcm(4.0)
        else:
            text = TEXT if args.quick else LONG_TEXT
            pcm = make_speech_assets(Path(tmp) / "speech", text)["pcm"]
            print(f"speech: espeak-ng, {len(pcm) / 48000:.2f} s of pcm")
        onset = speech_onset(pcm)
        print(
            f"server: 100 ms chunks every {args.delay * 1000:.0f} ms "
            f"(download {len(pcm) / 4800 * args.delay:.2f} s); speech starts {onset * 1000:.0f} ms "
            "into the audio (subtracted below)"
        )
        try:
            pulse = PulseServer(Path(tmp) / "pulse").start()
        except PulseError as exc:
            print(f"SKIP: PulseAudio could not run here: {exc}")
            return 0
        try:
            reason = pulse.default_device_reaches_pulse()
            if reason:
                print(f"SKIP: {reason}")
                return 0
            with FakeServer() as srv:
                srv.behavior.speech_bytes = {"pcm": pcm}
                srv.behavior.speech_chunk = 4800
                srv.behavior.speech_delay = args.delay
                results = asyncio.run(_measure(srv, pulse, repeat, args.quick))
        finally:
            pulse.stop()
        if not args.quick:
            idle = PulseServer(Path(tmp) / "pulse-idle", keepalive=False).start()
            try:
                with FakeServer() as srv:
                    srv.behavior.speech_bytes = {"pcm": pcm}
                    srv.behavior.speech_chunk = 4800
                    srv.behavior.speech_delay = args.delay
                    idle_first, idle_later = asyncio.run(_measure_idle(srv, idle, repeat))
            finally:
                idle.stop()
    streamed = results["streamed"]
    dtp = results["download"]
    s = None if streamed is None else streamed - onset
    d = None if dtp is None else dtp - onset
    print(f"first sound after first byte, streamed (ours): {fmt(s)} (median of {repeat})")
    print(f"first sound after first byte, download then play: {fmt(d)} (median of {repeat})")
    if s is not None and d is not None and s > 0:
        print(f"download-then-play / streamed: {d / s:.1f}x")
    else:
        print("download-then-play / streamed: n/a")
    print(f"(info) device underflows, ours: {UNDERFLOWS.get('streamed', 0)} in {repeat} runs")
    for key in ("low", "high"):
        if key in results:
            v = results[key]
            print(
                f"(info) streamed with latency={key!r}: {fmt(None if v is None else v - onset)}, "
                f"device underflows: {UNDERFLOWS.get(key, 0)} in {repeat} runs"
            )
    if not args.quick:
        print(
            "(info) streamed (ours), null sink without the keepalive stream: first stream after "
            f"the server started {fmt(None if idle_first is None else idle_first - onset)}, "
            f"later streams {fmt(None if idle_later is None else idle_later - onset)}"
        )
    verdict = "PASS" if s is not None and s <= TARGET else "MISS"
    print(f"target <= {TARGET * 1000:.0f} ms after the first byte: {verdict}")
    return 0


async def _measure(
    srv: FakeServer, pulse: PulseServer, repeat: int, quick: bool
) -> dict[str, float | None]:
    out: dict[str, float | None] = {}
    async with make_http_client() as http:
        client = ApiClient(http, srv.base_url, "sk-bench", max_retries=0)

        async def many(fn: Callable[[Recorder], Awaitable[float | None]]) -> float | None:
            values: list[float | None] = []
            for _ in range(repeat):
                with pulse.recorder() as rec:
                    values.append(await fn(rec))
                await asyncio.sleep(0.2)
            return median(values)

        # warm-up: first use of PortAudio, the connection, numpy
        with pulse.recorder() as rec:
            await run_streamed(client, srv, rec, None)
        out["streamed"] = await many(lambda rec: run_streamed(client, srv, rec, None))
        out["download"] = await many(lambda rec: run_download_then_play(client, srv, rec))
        if not quick:
            for key in ("low", "high"):
                out[key] = await many(
                    lambda rec, key=key: run_streamed(client, srv, rec, key, key)  # type: ignore[misc]
                )
    return out


async def _measure_idle(
    srv: FakeServer, pulse: PulseServer, repeat: int
) -> tuple[float | None, float | None]:
    """(first stream after the server started, median of the later ones) on an idle null sink."""
    values: list[float | None] = []
    async with make_http_client() as http:
        client = ApiClient(http, srv.base_url, "sk-bench", max_retries=0)
        for _ in range(1 + repeat):
            with pulse.recorder() as rec:
                values.append(await run_streamed(client, srv, rec, None, "idle"))
            await asyncio.sleep(2.5)  # the sink goes idle again between runs
    return values[0], median(values[1:])


if __name__ == "__main__":
    sys.exit(main())
