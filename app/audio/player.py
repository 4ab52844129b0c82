"""Streamed playback of 24 kHz s16le mono PCM (what /audio/speech sends for `pcm`) as it arrives.

A sounddevice RawOutputStream pulls from a bounded queue in its callback, so the sound card is fed
while the body still downloads. The stream is opened when playback starts, with a low latency:
50 ms by default. PortAudio's "low" (8 ms through ALSA's pulse plugin) underran at the device on
a 2-core machine (audible gaps, "ALSA lib ... underrun occurred"); a Python callback cannot meet
8 ms deadlines reliably while the UI loop holds the GIL. Pass latency="low" to get it anyway.
sounddevice is imported lazily: its import costs ~80 ms and raises without libportaudio, which
must become AudioError("no_device"), not an ImportError at start-up.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import queue
import threading
import time
from typing import Any

import numpy as np

from app.core.i18n import QT_TRANSLATE_NOOP

from .voices import PCM_RATE

log = logging.getLogger("app.audio")

BYTES_PER_SECOND = PCM_RATE * 2  # s16le mono
DEFAULT_LATENCY = 0.05  # seconds of device buffer: see the module docstring
_PIECE = 4800  # bytes per queue item (100 ms), so the queue's bound is a bound in seconds


class AudioError(Exception):
    """A sound problem the user can act on; `kind` is "no_device", "device_busy" or "failed"."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message


def _sounddevice() -> Any:
    """Import sounddevice on first use; a missing PortAudio is "no device", said in words."""
    try:
        import sounddevice
    except (ImportError, OSError) as exc:
        raise AudioError(
            "no_device",
            "No sound output is available: the PortAudio library could not be loaded "
            f"({exc}). Install libportaudio2. Saving audio still works.",
        ) from exc
    return sounddevice


def _classify(exc: BaseException) -> AudioError:
    """Turn a PortAudio error into words; busy and missing devices are what users hit."""
    text = str(exc)
    low = text.lower()
    args: tuple[Any, ...] = tuple(getattr(exc, "args", ()))
    code = args[1] if len(args) > 1 and isinstance(args[1], int) else None
    if code == -9985 or "busy" in low or "unavailable" in low:  # paDeviceUnavailable, EBUSY
        return AudioError(
            "device_busy",
            f"The sound device is busy or unavailable ({text}). Close the program using it, "
            "or pick another output device.",
        )
    if (
        code in (-9996, -9998)  # paInvalidDevice, paInvalidChannelCount
        or "querying device" in low
        or "no default output" in low
        or "no output device" in low
        or "invalid device" in low
        or "invalid number of channels" in low
        or "no device" in low
        or "device -1" in low
    ):
        return AudioError(
            "no_device",
            f"No sound output device was found ({text}). Saving audio still works.",
        )
    return AudioError(
        "failed", QT_TRANSLATE_NOOP("Audio", "Sound playback failed: {0}").format(text)
    )


def list_output_devices() -> list[tuple[int, str]]:
    """(index, name) of every output device; [] when PortAudio or devices are missing."""
    try:
        sd = _sounddevice()
        devices = sd.query_devices()
    except Exception:  # no PortAudio, PortAudio error: simply no devices to offer
        return []
    out: list[tuple[int, str]] = []
    for i, dev in enumerate(devices):
        try:
            if int(dev["max_output_channels"]) > 0:
                out.append((i, str(dev["name"])))
        except (KeyError, TypeError, ValueError):
            continue
    return out


class PcmPlayer:
    """Plays PCM pieces as they are fed; `finish()` lets it drain, `stop()` cuts it at once.

    Threads: `feed`/`afeed`/`finish`/`stop` run on the caller's thread; the callback runs on
    PortAudio's. They share only the queue, a few flags and counters. The callback never fails:
    an empty queue means silence (an underrun, counted once playback has begun).
    """

    def __init__(
        self, buffer_seconds: float = 30.0, latency: float | str = DEFAULT_LATENCY
    ) -> None:
        self.latency = latency
        self.device: int | None = None  # the device of the last start()
        self._queue: queue.Queue[bytes] = queue.Queue(
            maxsize=max(1, int(buffer_seconds * BYTES_PER_SECOND) // _PIECE)
        )
        self._stream: Any = None
        self._callback_stop: type[BaseException] = Exception
        self._cur = b""  # the piece the callback is playing
        self._off = 0
        self._pending = b""  # an odd trailing byte waiting for its partner
        self._volume = 1.0
        self._paused = False
        self._finished = False
        self._stopped = False
        self.underruns = 0  # callbacks that found the queue dry mid-playback (we wrote silence)
        self.device_underflows = 0  # PortAudio's output_underflow: the device itself ran dry
        self.played_bytes = 0
        self.first_sound_at: float | None = None  # time.monotonic() of the first real sample
        self.done = threading.Event()  # set when drained after finish(), or on stop()
        self.done.set()  # nothing playing yet

    # -- control ----------------------------------------------------------------------------

    def start(self, device: int | None = None, volume: float | None = None) -> None:
        """Open the output stream now (low latency) and start pulling from the queue.

        Raises AudioError when there is no device, it is busy, or PortAudio fails.
        """
        sd = _sounddevice()
        self._callback_stop = sd.CallbackStop
        self.device = device
        self._close_stream()
        if volume is not None:
            self.volume = volume
        self._cur, self._off = b"", 0
        self._finished = False
        self._stopped = False
        self._paused = False
        self.underruns = self.device_underflows = self.played_bytes = 0
        self.first_sound_at = None
        self.done.clear()
        try:
            stream = sd.RawOutputStream(
                samplerate=PCM_RATE,
                channels=1,
                dtype="int16",
                latency=self.latency,
                device=device,
                callback=self._callback,
                finished_callback=self.done.set,
            )
            stream.start()
        except Exception as exc:  # PortAudioError, ValueError for a bad device index, ...
            self.done.set()
            raise _classify(exc) from exc
        self._stream = stream

    def feed(self, data: bytes, timeout: float | None = None) -> None:
        """Queue PCM bytes, waiting for space (backpressure); dropped after stop()."""
        deadline = None if timeout is None else time.monotonic() + timeout
        for piece in self._pieces(data):
            while not self._stopped:
                try:
                    self._queue.put(piece, timeout=0.05)
                    break
                except queue.Full:
                    if deadline is not None and time.monotonic() > deadline:
                        raise TimeoutError("the playback buffer stayed full") from None

    async def afeed(self, data: bytes) -> None:
        """Queue PCM bytes without blocking the event loop: waits for space with asyncio.sleep."""
        for piece in self._pieces(data):
            while not self._stopped:
                try:
                    self._queue.put_nowait(piece)
                    break
                except queue.Full:
                    await asyncio.sleep(0.02)

    def finish(self) -> None:
        """No more data: the stream plays what is queued, then stops and sets `done`."""
        if self._pending:  # an odd byte count: complete the last sample with a zero byte
            self._pending, last = b"", self._pending + b"\x00"
            self.feed(last)
        self._finished = True
        if self._stream is None:
            self.done.set()

    def pause(self) -> None:
        """Hold playback (silence, no underruns counted) keeping the queued audio."""
        self._paused = True

    def resume(self) -> None:
        self._paused = False

    def stop(self) -> None:
        """Stop now: abort the stream, drop what is queued, release the device."""
        self._stopped = True
        self._finished = True
        stream, self._stream = self._stream, None
        if stream is not None:
            with contextlib.suppress(Exception):
                stream.abort()
            with contextlib.suppress(Exception):
                stream.close()
        self._clear()
        self._pending = b""
        self.done.set()

    def close(self) -> None:
        """Release the device once playback is done (or stop it if it is not)."""
        if self.done.is_set():
            self._close_stream()
        else:
            self.stop()

    async def wait_done(self, timeout: float | None = None) -> bool:
        """Await the end of playback without blocking the loop; then the device is released."""
        deadline = None if timeout is None else time.monotonic() + timeout
        while not self.done.is_set():
            if deadline is not None and time.monotonic() > deadline:
                return False
            await asyncio.sleep(0.02)
        self._close_stream()
        return True

    def wait(self, timeout: float | None = None) -> bool:
        """Block until playback ends (for threads and scripts); then release the device."""
        ok = self.done.wait(timeout)
        if ok:
            self._close_stream()
        return ok

    # -- state ------------------------------------------------------------------------------

    @property
    def volume(self) -> float:
        return self._volume

    @volume.setter
    def volume(self, value: float) -> None:
        self._volume = min(1.0, max(0.0, float(value)))

    @property
    def paused(self) -> bool:
        return self._paused

    @property
    def active(self) -> bool:
        """A stream is open and has not finished."""
        return self._stream is not None and not self.done.is_set()

    @property
    def queued_seconds(self) -> float:
        return self._queue.qsize() * _PIECE / BYTES_PER_SECOND

    # -- internals --------------------------------------------------------------------------

    def _pieces(self, data: bytes) -> list[bytes]:
        if self._stopped or not data:
            return []
        if self._pending:
            data = self._pending + data
            self._pending = b""
        if len(data) % 2:
            self._pending = data[-1:]
            data = data[:-1]
        return [data[i : i + _PIECE] for i in range(0, len(data), _PIECE)]

    def _clear(self) -> None:
        with contextlib.suppress(queue.Empty):
            while True:
                self._queue.get_nowait()

    def _close_stream(self) -> None:
        stream, self._stream = self._stream, None
        if stream is not None:
            with contextlib.suppress(Exception):
                stream.abort()
            with contextlib.suppress(Exception):
                stream.close()

    def _callback(self, outdata: Any, frames: int, time_info: Any, status: Any) -> None:
        """Fill `outdata` from the queue; silence (and an underrun) when it runs dry."""
        want = frames * 2
        drained = False
        try:
            if status and getattr(status, "output_underflow", False):
                self.device_underflows += 1
            if self._paused or self._stopped:
                outdata[:] = b"\x00" * want
                return
            got = bytearray()
            while len(got) < want:
                if self._off >= len(self._cur):
                    try:
                        self._cur, self._off = self._queue.get_nowait(), 0
                    except queue.Empty:
                        break
                take = min(want - len(got), len(self._cur) - self._off)
                got += self._cur[self._off : self._off + take]
                self._off += take
            n = len(got)
            if n:
                if self.played_bytes == 0:
                    self.first_sound_at = time.monotonic()
                self.played_bytes += n
                if self._volume != 1.0:
                    samples = np.frombuffer(bytes(got), dtype=np.int16).astype(np.float32)
                    got = bytearray(
                        np.clip(np.rint(samples * self._volume), -32768, 32767)
                        .astype(np.int16)
                        .tobytes()
                    )
            if n < want:
                if self._finished:
                    if n == 0:
                        outdata[:] = b"\x00" * want
                        drained = True
                        return
                elif self.played_bytes > 0:
                    self.underruns += 1
                got += b"\x00" * (want - n)
            outdata[:] = bytes(got)
        except Exception:  # never let an error kill the audio thread: play silence instead
            log.exception("audio callback failed")
            with contextlib.suppress(Exception):
                outdata[:] = b"\x00" * want
        finally:
            if drained:
                # Not an error: CallbackStop is how PortAudio ends a stream after the buffers
                # already written have played; finished_callback then sets `done`.
                raise self._callback_stop
