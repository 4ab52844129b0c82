"""stream_speech / speak_text against the fake server serving real espeak-ng speech.

The real-sound test plays the download through PcmPlayer into PulseAudio's null sink, records the
sink's monitor with parec and checks that what was heard is what the server sent, and that it was
heard before the download ended.
"""

from __future__ import annotations

import asyncio
import sys
import time
import warnings
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TypeVar

import numpy as np
import pytest

from app.api.client import ApiClient, make_http_client
from app.api.errors import ApiError, ErrorKind
from app.api.types import SpeechRequest
from app.audio.files import decode_bytes
from app.audio.player import AudioError, PcmPlayer
from app.audio.speech import SpeechCache, speak_text, stream_speech
from tests.fakeserver import FakeServer, speech_pcm

from .pulse import PulseServer

T = TypeVar("T")


def with_client(srv: FakeServer, fn: Callable[[ApiClient], Awaitable[T]]) -> T:
    async def main() -> T:
        async with make_http_client() as http:
            return await fn(ApiClient(http, srv.base_url, "sk-test", max_retries=0))

    return asyncio.run(main())


def pcm_request(text: str = "Hello there.", **kw: object) -> SpeechRequest:
    return SpeechRequest(model="tts-1", input=text, voice="nova", response_format="pcm", **kw)  # type: ignore[arg-type]


def frame_rms(x: np.ndarray, frame: int = 480) -> np.ndarray:
    n = len(x) // frame
    return np.sqrt(np.mean(x[: n * frame].astype(np.float64).reshape(n, frame) ** 2, axis=1))


def align(recorded: np.ndarray, reference: np.ndarray) -> tuple[int, float]:
    """Lag of `reference` inside `recorded` and the normalised correlation there (FFT based)."""
    a = recorded.astype(np.float64)
    b = reference.astype(np.float64)
    n = 1 << int(np.ceil(np.log2(len(a) + len(b))))
    corr = np.fft.irfft(np.fft.rfft(a, n) * np.conj(np.fft.rfft(b, n)), n)[: len(a) - len(b) + 1]
    lag = int(np.argmax(corr))
    seg = a[lag : lag + len(b)]
    r = float(np.dot(seg - seg.mean(), b - b.mean()) / (np.std(seg) * np.std(b) * len(b) + 1e-9))
    return lag, r


def test_real_speech_is_heard_as_sent_and_before_the_download_ends(
    pulse: PulseServer, srv: FakeServer, speech_assets: dict[str, bytes]
) -> None:
    served = speech_assets["pcm"]
    srv.behavior.speech_bytes = speech_assets
    srv.behavior.speech_chunk = 4800  # 100 ms of audio per chunk
    srv.behavior.speech_delay = 0.06  # served slowly: the download takes ~60 % of the playback
    player = PcmPlayer()
    first_audio: list[float] = []
    with pulse.recorder() as rec:
        t0 = time.monotonic()
        got = with_client(
            srv,
            lambda c: stream_speech(
                c,
                pcm_request(),
                player,
                lambda: first_audio.append(time.monotonic()),
                finish=True,
            ),
        )
        time.sleep(0.2)
    assert got == served
    assert srv.last("/audio/speech").json["response_format"] == "pcm"
    first_byte, last_byte = srv.speech_first_byte_at, srv.speech_last_byte_at
    assert first_byte is not None and last_byte is not None and first_audio
    heard = rec.first_sound_time(threshold=300, since=t0)
    assert heard is not None, "nothing reached the sink"
    download = last_byte - first_byte
    assert download > 1.0
    assert heard < last_byte - 0.5, (heard - first_byte, download)  # streamed, not downloaded first
    assert heard - first_byte < 0.6, heard - first_byte
    assert player.underruns == 0 and not player.active

    ref = np.frombuffer(served, dtype="<i2")
    recorded = rec.samples(since=t0)
    lag, r = align(recorded, ref)
    print(
        f"first sound {heard - first_byte:.3f} s after the first byte; download {download:.2f} s;"
        f" correlation {r:.3f}"
    )
    assert r > 0.5, f"recording does not match the served speech (r={r:.2f})"
    aligned = recorded[lag : lag + len(ref)]
    assert len(aligned) == len(ref), "the recording stopped before the speech ended"
    ref_rms, rec_rms = frame_rms(ref), frame_rms(aligned)
    speech = ref_rms > 1000
    assert speech.sum() > 50
    # energy is there wherever the speech is (allowing a frame of jitter at each edge)
    assert np.mean(rec_rms[speech] > 300) > 0.9
    assert 0.5 < np.median(rec_rms[speech] / ref_rms[speech]) < 2.0


def test_network_drop_mid_audio_is_api_error_and_the_sound_stops(
    pulse: PulseServer, srv: FakeServer
) -> None:
    srv.behavior.speech_seconds = 3.0
    srv.behavior.speech_delay = 0.05
    srv.fail_next(reset_after=5, path="audio/speech")
    player = PcmPlayer()

    async def call(c: ApiClient) -> ApiError:
        try:
            await stream_speech(c, pcm_request(), player)
        except ApiError as err:
            return err
        raise AssertionError("no error")

    with pulse.recorder() as rec:
        err = with_client(srv, call)
        t_err = time.monotonic()
        time.sleep(0.4)
    assert err.kind is ErrorKind.STREAM_INTERRUPTED
    assert player.done.is_set() and not player.active and player.queued_seconds == 0
    assert rec.first_sound_time() is not None  # the part that arrived did start to play
    tail = rec.samples(since=t_err + 0.15)
    assert len(tail) and np.abs(tail).max() < 300


def test_cancelling_stops_at_once_and_closes_the_response(
    pulse: PulseServer, srv: FakeServer
) -> None:
    srv.behavior.speech_seconds = 5.0
    srv.behavior.speech_delay = 0.05
    player = PcmPlayer()

    async def run(c: ApiClient) -> float:
        task = asyncio.create_task(stream_speech(c, pcm_request(), player))
        await asyncio.sleep(0.5)
        t = time.monotonic()
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        return time.monotonic() - t

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        took = with_client(srv, run)
    assert took < 0.3
    assert player.done.is_set() and not player.active
    assert not [
        w
        for w in caught
        if "never awaited" in str(w.message) or issubclass(w.category, ResourceWarning)
    ]
    deadline = time.monotonic() + 3
    while srv.open_streams and time.monotonic() < deadline:
        time.sleep(0.05)


@pytest.mark.parametrize(
    ("setup", "kind", "words"),
    [
        ("voice", ErrorKind.BAD_REQUEST, "Invalid value: 'ballad'"),
        ("404", ErrorKind.NOT_FOUND, None),
        ("empty", ErrorKind.BAD_REQUEST, "input is required"),
    ],
)
def test_request_errors_play_nothing(
    pulse: PulseServer, srv: FakeServer, setup: str, kind: ErrorKind, words: str | None
) -> None:
    req = pcm_request()
    if setup == "voice":
        req.voice = "ballad"  # gpt-4o-mini-tts only
    elif setup == "404":
        srv.fail_next(status=404, path="audio/speech", body='{"detail": "Not Found"}')
    else:
        req.input = ""
    player = PcmPlayer()

    async def call(c: ApiClient) -> ApiError:
        try:
            await stream_speech(c, req, player)
        except ApiError as err:
            return err
        raise AssertionError("no error")

    err = with_client(srv, call)
    assert err.kind is kind
    if words:
        assert words in (err.server_message or "")
    assert player.done.is_set() and not player.active and player.played_bytes == 0


def test_long_text_is_spoken_in_order_as_one(pulse: PulseServer, srv: FakeServer) -> None:
    srv.behavior.speech_seconds = 0.3
    text = "First sentence here. Second one now! Third and last?"
    player = PcmPlayer()
    parts: list[tuple[int, int]] = []
    got = with_client(
        srv,
        lambda c: speak_text(
            c, pcm_request(text), player, limit=25, on_part=lambda i, n: parts.append((i, n))
        ),
    )
    inputs = [r.json["input"] for r in srv.requests if r.path.endswith("/audio/speech")]
    assert inputs == ["First sentence here.", "Second one now!", "Third and last?"]
    assert parts == [(0, 3), (1, 3), (2, 3)]
    assert got == speech_pcm(0.3) * 3
    assert player.played_bytes == len(got)
    assert not player.active


def test_cache_replays_without_the_api_and_survives_restart(
    pulse: PulseServer, srv: FakeServer, tmp_path: Path
) -> None:
    srv.behavior.speech_seconds = 0.2
    req = pcm_request("Cached words.")
    cache = SpeechCache(tmp_path / "speech", max_bytes=10_000_000)
    first = with_client(srv, lambda c: speak_text(c, req, PcmPlayer(), cache=cache))
    assert srv.count("/audio/speech") == 1
    player = PcmPlayer()
    again = with_client(
        srv, lambda c: speak_text(c, req, player, cache=SpeechCache(tmp_path / "speech"))
    )
    assert again == first and srv.count("/audio/speech") == 1
    assert player.played_bytes == len(first)


def test_failed_download_is_not_cached(srv: FakeServer, tmp_path: Path) -> None:
    srv.behavior.speech_delay = 0.01
    srv.fail_next(reset_after=2, path="audio/speech")
    cache = SpeechCache(tmp_path)

    async def call(c: ApiClient) -> None:
        with pytest.raises(ApiError):
            await speak_text(c, SpeechRequest("tts-1", "x", response_format="mp3"), cache=cache)

    with_client(srv, call)
    assert cache.total_bytes() == 0


def test_without_a_sound_device_saving_still_works(
    srv: FakeServer, speech_assets: dict[str, bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "sounddevice", None)
    srv.behavior.speech_bytes = speech_assets
    req = SpeechRequest("gpt-4o-mini-tts", "Save me.", "marin", "flac", 1.25, "Calm.")
    data = with_client(srv, lambda c: stream_speech(c, req))
    assert data == speech_assets["flac"]
    assert len(decode_bytes(data, "flac")) == len(speech_assets["pcm"])
    count = srv.count("/audio/speech")

    async def play(c: ApiClient) -> AudioError:
        try:
            await stream_speech(c, pcm_request(), PcmPlayer())
        except AudioError as err:
            return err
        raise AssertionError("no error")

    err = with_client(srv, play)
    assert err.kind == "no_device"
    assert srv.count("/audio/speech") == count  # no request made for sound that cannot play


def test_every_format_is_served_chunked(srv: FakeServer, speech_assets: dict[str, bytes]) -> None:
    srv.behavior.speech_bytes = speech_assets
    srv.behavior.speech_chunk = 8000
    for fmt, body in speech_assets.items():
        chunks: list[bytes] = []

        async def get(c: ApiClient, fmt: str = fmt, chunks: list[bytes] = chunks) -> None:
            async with c.speech(SpeechRequest("tts-1", "x", response_format=fmt)) as audio:
                async for chunk in audio:
                    chunks.append(chunk)

        with_client(srv, get)
        assert b"".join(chunks) == body, fmt
        assert len(chunks) >= 3, fmt


def test_parts_streamed_one_after_another_play_as_one_stream(
    pulse: PulseServer, srv: FakeServer
) -> None:
    """stream_speech returns when the download ends: the next part is requested while the first
    still plays, on the same open stream, and the caller finishes (the app's read-aloud loop)."""
    srv.behavior.speech_seconds = 0.6
    player = PcmPlayer()

    async def run(c: ApiClient) -> list[bool]:
        active: list[bool] = []
        for text in ("One.", "Two.", "Three."):
            await stream_speech(c, pcm_request(text), player)
            active.append(player.active)
        player.finish()
        assert await player.wait_done(10)
        return active

    with pulse.recorder() as rec:
        active = with_client(srv, run)
        time.sleep(0.1)
    assert active == [True, True, True]  # never closed between parts
    assert player.played_bytes == 3 * 28800 and not player.active
    assert player.underruns <= 2  # at most a short wait for a part's first chunk
    heard = frame_rms(rec.samples()) > 1000
    assert 1.7 <= heard.sum() * 0.02 <= 1.9  # 3 x 0.6 s, nothing dropped or repeated
