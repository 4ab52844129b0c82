"""PcmPlayer: the callback's rules (silence on underrun, odd bytes, volume, pause, drain), backpressure,
immediate stop and clear errors; then the same on a real PulseAudio device, recorded from its sink."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from app.audio import player as player_mod
from app.audio.player import AudioError, PcmPlayer, list_output_devices

from .pulse import PulseServer

REPO = Path(__file__).resolve().parents[2]


class Drained(Exception):
    """Stands in for sounddevice.CallbackStop in callback tests."""


def callback_player(**kw: Any) -> PcmPlayer:
    p = PcmPlayer(**kw)
    p._callback_stop = Drained
    return p


def pull(p: PcmPlayer, frames: int) -> bytes:
    buf = bytearray(frames * 2)
    p._callback(buf, frames, None, None)
    assert len(buf) == frames * 2
    return bytes(buf)


def samples(*values: int) -> bytes:
    return np.array(values, dtype="<i2").tobytes()


# -- the callback -------------------------------------------------------------------------------


def test_callback_plays_in_order_then_silence_counts_underruns() -> None:
    p = callback_player()
    assert pull(p, 4) == bytes(8)
    assert p.underruns == 0  # nothing played yet: waiting for the first audio is not an underrun
    p.feed(samples(1, 2, 3))
    p.feed(samples(4, 5, 6, 7))
    assert pull(p, 5) == samples(1, 2, 3, 4, 5)
    assert pull(p, 4) == samples(6, 7, 0, 0)  # ran dry mid-buffer: silence, counted
    assert p.underruns == 1
    assert pull(p, 4) == bytes(8)
    assert p.underruns == 2
    assert p.played_bytes == 14
    assert p.first_sound_at is not None


def test_odd_byte_counts_keep_the_pending_byte() -> None:
    p = callback_player()
    data = samples(100, -200, 300, -400, 500)
    p.feed(data[:3])  # a sample and a half
    p.feed(data[3:7])
    p.feed(data[7:])
    assert pull(p, 5) == data
    p.feed(b"\x01")
    p.finish()  # the lone byte is completed with a zero byte
    assert pull(p, 1) == b"\x01\x00"


def test_finish_drains_then_stops_without_underruns() -> None:
    p = callback_player()
    p.feed(samples(1, 2))
    p.finish()
    assert pull(p, 4) == samples(1, 2, 0, 0)
    with pytest.raises(Drained):
        pull(p, 4)
    assert p.underruns == 0


def test_volume_and_pause() -> None:
    p = callback_player()
    p.volume = 0.5
    p.feed(samples(1000, -1000, 32767, -32768))
    assert pull(p, 4) == samples(500, -500, 16384, -16384)
    p.volume = 7
    assert p.volume == 1.0
    p.volume = -1
    assert p.volume == 0.0
    p.volume = 1.0
    p.feed(samples(9, 9))
    p.pause()
    assert p.paused
    assert pull(p, 2) == bytes(4)
    assert p.underruns == 0
    p.resume()
    assert pull(p, 2) == samples(9, 9)


def test_callback_never_raises_on_a_broken_buffer() -> None:
    p = callback_player()
    p.feed(samples(1, 2))

    class Broken:
        def __setitem__(self, key: Any, value: Any) -> None:
            raise RuntimeError("boom")

    p._callback(Broken(), 2, None, None)  # logged, not raised


def test_stop_drops_the_queue_and_later_feeds() -> None:
    p = callback_player()
    p.feed(samples(*range(100)))
    p.stop()
    assert p.done.is_set() and p.queued_seconds == 0
    p.feed(samples(1, 2))
    assert p.queued_seconds == 0
    assert pull(p, 2) == bytes(4)


def test_backpressure_feed_waits_and_afeed_yields() -> None:
    p = callback_player(buffer_seconds=0.2)  # two 100 ms pieces
    p.feed(bytes(9600))
    t = time.monotonic()
    with pytest.raises(TimeoutError):
        p.feed(bytes(4800), timeout=0.1)
    assert time.monotonic() - t < 1

    consumed = threading.Event()

    def consumer() -> None:
        time.sleep(0.2)
        pull(p, 2400)
        consumed.set()

    async def main() -> float:
        threading.Thread(target=consumer).start()
        ticks = 0

        async def ticker() -> None:
            nonlocal ticks
            while True:
                await asyncio.sleep(0.01)
                ticks += 1

        task = asyncio.create_task(ticker())
        start = time.monotonic()
        await p.afeed(bytes(4800))  # waits for the consumer, without blocking the loop
        task.cancel()
        assert ticks >= 5
        return time.monotonic() - start

    waited = asyncio.run(main())
    assert consumed.is_set() and waited >= 0.15


# -- errors -------------------------------------------------------------------------------------


def test_no_portaudio_is_no_device_not_import_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "sounddevice", None)  # import raises ImportError
    with pytest.raises(AudioError) as info:
        PcmPlayer().start()
    assert info.value.kind == "no_device"
    assert "PortAudio" in str(info.value) and "Saving audio still works" in str(info.value)
    assert list_output_devices() == []


class FakeSd:
    """A sounddevice stand-in whose stream fails to open the way PortAudio does."""

    class PortAudioError(Exception):
        pass

    class CallbackStop(Exception):
        pass

    def __init__(self, exc: Exception) -> None:
        self.exc = exc

    def RawOutputStream(self, **kw: Any) -> Any:
        raise self.exc

    def query_devices(self) -> Any:
        raise self.PortAudioError("Error querying device -1", -9996)


@pytest.mark.parametrize(
    ("exc", "kind", "words"),
    [
        (
            FakeSd.PortAudioError("Error opening RawOutputStream: Device unavailable", -9985),
            "device_busy",
            "busy",
        ),
        (
            FakeSd.PortAudioError(
                "Error opening RawOutputStream: Unanticipated host error: 'Device or resource busy'",
                -9999,
            ),
            "device_busy",
            "busy",
        ),
        (FakeSd.PortAudioError("Error querying device -1", -9996), "no_device", "No sound output"),
        (ValueError("No output device matching 'usb'"), "no_device", "No sound output"),
        (FakeSd.PortAudioError("Internal PortAudio error", -9986), "failed", "playback failed"),
    ],
)
def test_open_errors_in_words(
    monkeypatch: pytest.MonkeyPatch, exc: Exception, kind: str, words: str
) -> None:
    monkeypatch.setattr(player_mod, "_sounddevice", lambda: FakeSd(exc))
    p = PcmPlayer()
    with pytest.raises(AudioError) as info:
        p.start()
    assert info.value.kind == kind
    assert words in str(info.value)
    assert p.done.is_set() and not p.active  # nothing waits on a stream that never opened
    assert list_output_devices() == []


def test_no_device_in_a_real_process(pulse: PulseServer, tmp_path: Path) -> None:
    """PortAudio loads but finds no output: a PulseAudio that is not there, no sound card."""
    code = (
        "from app.audio.player import PcmPlayer, list_output_devices, AudioError\n"
        "if list_output_devices(): print('HAS-DEVICES'); raise SystemExit(0)\n"
        "try:\n    PcmPlayer().start()\nexcept AudioError as e:\n    print('KIND', e.kind, e)\n"
    )
    env = dict(os.environ, PULSE_SERVER=f"unix:{tmp_path}/nothing-here", PYTHONPATH=str(REPO))
    proc = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=30
    )
    if "HAS-DEVICES" in proc.stdout:
        pytest.skip("this machine has a sound card: there is no 'no device' case to see")
    assert proc.returncode == 0, proc.stderr
    assert "KIND no_device No sound output device was found" in proc.stdout


# -- a real device: PulseAudio's null sink, recorded --------------------------------------------


def tone(seconds: float, freq: float = 440.0, amp: float = 0.4) -> bytes:
    t = np.arange(int(seconds * 24000)) / 24000
    return (amp * 32767 * np.sin(2 * np.pi * freq * t)).astype("<i2").tobytes()


def loud_seconds(x: np.ndarray, threshold: int = 1000) -> float:
    frames = len(x) // 240
    rms = np.sqrt(np.mean(x[: frames * 240].astype(np.float64).reshape(frames, 240) ** 2, axis=1))
    return float(np.sum(rms > threshold)) * 0.01


def test_device_lists_the_pulse_output(pulse: PulseServer) -> None:
    names = [name for _, name in list_output_devices()]
    assert names and any("pulse" in n or "default" in n for n in names)


def test_slow_feeding_underruns_are_counted_and_silent(pulse: PulseServer) -> None:
    p = PcmPlayer()
    with pulse.recorder() as rec:
        p.start()
        for _ in range(4):
            p.feed(tone(0.1))
            time.sleep(0.3)  # the queue runs dry for ~0.2 s each time
        p.finish()
        assert p.wait(3)
        time.sleep(0.1)
    assert p.underruns >= 3
    assert p.played_bytes == 4 * 4800
    x = rec.samples()
    assert 0.3 <= loud_seconds(x) <= 0.5  # four 100 ms bursts, silence between (no repeats)
    assert not p.active


def test_stop_is_immediate(pulse: PulseServer) -> None:
    p = PcmPlayer()
    with pulse.recorder() as rec:
        p.start()
        p.feed(tone(5.0))
        time.sleep(0.5)
        t = time.monotonic()
        p.stop()
        stop_took = time.monotonic() - t
        time.sleep(0.4)
    assert stop_took < 0.2
    assert p.done.is_set() and not p.active and p.queued_seconds == 0
    heard = rec.first_sound_time()
    assert heard is not None
    after = rec.samples(since=t + 0.15)
    assert len(after) > 2400 and np.abs(after).max() < 300, "sound went on after stop()"
    # it played until the stop, not the whole 5 s
    assert 0.3 < loud_seconds(rec.samples()) < 0.8
