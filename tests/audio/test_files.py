"""Saving and decoding: every format round-trips, pcm gets a WAV wrapper, errors are AudioError."""

from __future__ import annotations

import io
import os
from pathlib import Path

import numpy as np
import pytest
import soundfile

from app.audio.files import (
    decode_bytes,
    decode_file,
    format_from_path,
    join_parts,
    pcm_to_wav,
    save_audio,
)
from app.audio.player import AudioError
from app.audio.voices import FORMATS


def seconds(pcm: bytes) -> float:
    return len(pcm) / 48000


def energy(pcm: bytes) -> float:
    x = np.frombuffer(pcm, dtype="<i2").astype(np.float64)
    return float(np.sqrt(np.mean(x * x))) if len(x) else 0.0


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        ("a.mp3", "mp3"),
        ("a.OPUS", "opus"),
        ("a.ogg", "opus"),
        ("a.aac", "aac"),
        ("a.flac", "flac"),
        ("dir.x/a.wav", "wav"),
        ("a.pcm", "pcm"),
        ("a.txt", None),
        ("a", None),
    ],
)
def test_format_from_path(name: str, fmt: str | None) -> None:
    assert format_from_path(name) == fmt


@pytest.mark.parametrize("fmt", FORMATS)
def test_save_then_decode_every_format(
    fmt: str, speech_assets: dict[str, bytes], tmp_path: Path
) -> None:
    data = speech_assets[fmt]
    path = save_audio(tmp_path / f"speech.{fmt}", data, fmt)
    assert path.read_bytes() == data  # the server's bytes, unchanged
    assert [p.name for p in tmp_path.iterdir()] == [f"speech.{fmt}"]  # no temp file left
    pcm = decode_file(path)
    reference = speech_assets["pcm"]
    assert len(pcm) % 2 == 0
    # lossy codecs pad a little (aac: a frame of priming), never lose the speech
    assert abs(seconds(pcm) - seconds(reference)) < 0.1, (fmt, seconds(pcm), seconds(reference))
    assert energy(pcm) == pytest.approx(energy(reference), rel=0.25)


def test_decoded_lossy_speech_matches_the_original(speech_assets: dict[str, bytes]) -> None:
    ref = np.frombuffer(speech_assets["pcm"], dtype="<i2").astype(np.float64)
    for fmt in ("mp3", "opus", "aac", "flac", "wav"):
        x = np.frombuffer(decode_bytes(speech_assets[fmt], fmt), dtype="<i2").astype(np.float64)
        n = min(len(x), len(ref))
        # align (codec delay), then correlate
        corr = np.correlate(x[: 24000 * 2], ref[: 24000 * 2 - 4800], mode="valid")
        lag = int(np.argmax(corr))
        a, b = x[lag : lag + n - 4800], ref[: n - 4800]
        m = min(len(a), len(b))
        r = float(np.corrcoef(a[:m], b[:m])[0, 1])
        assert r > 0.8, (fmt, lag, r)


def test_pcm_saved_as_wav_gets_a_header_that_plays(
    speech_assets: dict[str, bytes], tmp_path: Path
) -> None:
    pcm = speech_assets["pcm"]
    path = save_audio(tmp_path / "x.wav", pcm, "pcm")
    data, rate = soundfile.read(path, dtype="int16")
    assert rate == 24000 and data.ndim == 1
    assert data.tobytes() == pcm
    assert decode_file(path) == pcm
    assert save_audio(tmp_path / "x.pcm", pcm, "pcm").read_bytes() == pcm  # raw stays raw


def test_pcm_to_wav_reads_in_soundfile() -> None:
    pcm = np.arange(-1000, 1000, dtype="<i2").tobytes() + b"\x01"  # an odd byte: padded
    wav = pcm_to_wav(pcm)
    info = soundfile.info(io.BytesIO(wav))
    assert (info.samplerate, info.channels, info.subtype) == (24000, 1, "PCM_16")
    data, _ = soundfile.read(io.BytesIO(wav), dtype="int16")
    assert data.tobytes()[:-2] == pcm[:-1] and len(data) == 2001
    assert pcm_to_wav(b"", rate=8000)[24:28] == (8000).to_bytes(4, "little")


def test_stereo_and_other_rates_become_24k_mono(tmp_path: Path) -> None:
    t = np.arange(44100) / 44100
    tone = 0.5 * np.sin(2 * np.pi * 440 * t)
    path = tmp_path / "stereo.flac"
    soundfile.write(path, np.stack([tone, tone], axis=1), 44100)
    pcm = decode_file(path)
    assert abs(seconds(pcm) - 1.0) < 0.01
    x = np.frombuffer(pcm, dtype="<i2")
    spectrum = np.abs(np.fft.rfft(x.astype(np.float64)))
    peak_hz = float(np.argmax(spectrum)) * 24000 / len(x)
    assert abs(peak_hz - 440) < 3
    assert 0.45 * 32767 < np.abs(x).max() < 0.55 * 32767


def test_join_parts_makes_one_file(speech_assets: dict[str, bytes]) -> None:
    for fmt in FORMATS:
        one = speech_assets[fmt]
        joined = join_parts([one, one], fmt)
        pcm = decode_bytes(joined, fmt)
        assert abs(seconds(pcm) - 2 * seconds(speech_assets["pcm"])) < 0.2, fmt
    assert join_parts([b"ab"], "wav") == b"ab"


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("empty.mp3", b"", "empty"),
        ("noise.wav", os.urandom(3000), "damaged"),
        ("noise.aac", b"\x00" * 5000, "damaged"),
        ("noise.flac", b"fLaC" + b"\x00" * 100, "damaged"),
        ("text.opus", b"hello, not audio at all", "damaged"),
        ("what.xyz", b"hello, not audio at all", "not known"),
    ],
)
def test_bad_files_are_audio_errors(tmp_path: Path, name: str, content: bytes, words: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(AudioError) as info:
        decode_file(path)
    assert info.value.kind == "failed"
    assert words in str(info.value) and name in str(info.value)


def test_missing_file_and_unwritable_folder(tmp_path: Path) -> None:
    with pytest.raises(AudioError, match="Could not read"):
        decode_file(tmp_path / "gone.wav")
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(AudioError, match="Could not save") as info:
        save_audio(blocker / "sub" / "a.mp3", b"data", "mp3")
    assert info.value.kind == "failed"
