"""Saving what the server sent, and decoding saved files back to 24 kHz mono PCM for playback.

Saving writes the server's bytes unchanged (the `stream_to_file` equivalent), atomically; raw pcm
can be wrapped as WAV so it plays elsewhere. Decoding uses soundfile (libsndfile: wav, flac,
ogg/opus, mp3) and PyAV for aac, which libsndfile cannot read. Every failure is an AudioError.
"""

from __future__ import annotations

import io
import struct
from pathlib import Path
from typing import Any

import numpy as np

from app.core.atomic import write_atomic
from app.core.i18n import QT_TRANSLATE_NOOP

from .player import AudioError
from .voices import PCM_RATE

EXTENSIONS: dict[str, str] = {
    ".mp3": "mp3",
    ".opus": "opus",
    ".ogg": "opus",
    ".oga": "opus",
    ".aac": "aac",
    ".m4a": "aac",
    ".flac": "flac",
    ".wav": "wav",
    ".pcm": "pcm",
}
SUFFIX_FOR: dict[str, str] = {
    "mp3": ".mp3",
    "opus": ".opus",
    "aac": ".aac",
    "flac": ".flac",
    "wav": ".wav",
    "pcm": ".pcm",
}


def format_from_path(path: str | Path) -> str | None:
    """The response_format a file name asks for, by extension; None when it names none."""
    return EXTENSIONS.get(Path(path).suffix.lower())


def pcm_to_wav(pcm: bytes, rate: int = PCM_RATE) -> bytes:
    """Wrap raw s16le mono PCM in a WAV header (what "save pcm as WAV" writes)."""
    if len(pcm) % 2:
        pcm = pcm + b"\x00"
    header = b"RIFF" + struct.pack("<I", 36 + len(pcm)) + b"WAVE"
    header += b"fmt " + struct.pack("<IHHIIHH", 16, 1, 1, rate, rate * 2, 2, 16)
    return header + b"data" + struct.pack("<I", len(pcm)) + pcm


def save_audio(path: str | Path, data: bytes, fmt: str) -> Path:
    """Write `data` (audio in `fmt`) to `path` atomically; pcm saved to a .wav gets a header.

    Works without any sound device. Raises AudioError("failed") with the reason in words.
    """
    p = Path(path)
    if fmt == "pcm" and p.suffix.lower() == ".wav":
        data = pcm_to_wav(data)
    try:
        write_atomic(p, data)
    except OSError as exc:
        raise AudioError(
            "failed",
            QT_TRANSLATE_NOOP("Audio", "Could not save the audio to {0}: {1}").format(
                p, exc.strerror or exc
            ),
        ) from exc
    return p


def decode_file(path: str | Path) -> bytes:
    """Decode a saved file to 24 kHz s16le mono PCM, ready for PcmPlayer.

    CPU-bound for long files: call it from a worker thread (see `adecode_file`).
    """
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise AudioError(
            "failed",
            QT_TRANSLATE_NOOP("Audio", "Could not read {0}: {1}").format(p, exc.strerror or exc),
        ) from exc
    return decode_bytes(data, format_from_path(p), name=p.name)


async def adecode_file(path: str | Path) -> bytes:
    """`decode_file` on a worker thread, so the UI loop stays responsive."""
    import asyncio

    return await asyncio.to_thread(decode_file, path)


def decode_bytes(data: bytes, fmt: str | None, name: str | None = None) -> bytes:
    """Decode audio bytes of format `fmt` (None: sniff) to 24 kHz s16le mono PCM."""
    if name is None:
        name = QT_TRANSLATE_NOOP("Audio", "the audio")
    if not data:
        raise AudioError(
            "failed", QT_TRANSLATE_NOOP("Audio", "Cannot play {0}: the file is empty.").format(name)
        )
    if fmt == "pcm":
        return data[: len(data) - len(data) % 2]
    if fmt is None and not _looks_like_container(data):
        raise AudioError(
            "failed",
            QT_TRANSLATE_NOOP(
                "Audio", "Cannot play {0}: the file type is not known (use .wav, .mp3, ...)."
            ).format(name),
        )
    errors: list[str] = []
    if fmt != "aac":
        try:
            samples, rate = _read_soundfile(data)
            return _to_pcm24k(samples, rate)
        except AudioError:
            raise
        except Exception as exc:  # soundfile.LibsndfileError, RuntimeError, ...
            errors.append(str(exc))
    try:
        samples, rate = _read_av(data)
        return _to_pcm24k(samples, rate)
    except AudioError:
        raise
    except Exception as exc:  # av.error.*, ValueError, ...
        errors.append(str(exc))
    detail = "; ".join(e for e in errors if e) or QT_TRANSLATE_NOOP("Audio", "unknown error")
    if fmt:
        text = QT_TRANSLATE_NOOP(
            "Audio", "Cannot play {0}: it is damaged or not a {1} file ({2})."
        ).format(name, fmt, detail)
    else:
        text = QT_TRANSLATE_NOOP(
            "Audio", "Cannot play {0}: it is damaged or not a known file ({1})."
        ).format(name, detail)
    raise AudioError("failed", text)


def _looks_like_container(data: bytes) -> bool:
    head = data[:12]
    return (
        head.startswith((b"RIFF", b"fLaC", b"OggS", b"ID3"))
        or head[:2] in (b"\xff\xfb", b"\xff\xf3", b"\xff\xf2", b"\xff\xf1", b"\xff\xf9")
        or head[4:8] == b"ftyp"
    )


def _read_soundfile(data: bytes) -> tuple[Any, int]:
    import soundfile

    samples, rate = soundfile.read(io.BytesIO(data), dtype="float32", always_2d=True)
    return samples, int(rate)


def _read_av(data: bytes) -> tuple[Any, int]:
    """Decode with FFmpeg (PyAV) to float mono at the stream's own rate."""
    import av

    pieces: list[Any] = []
    rate = 0
    with av.open(io.BytesIO(data), mode="r") as container:
        if not container.streams.audio:
            raise AudioError("failed", QT_TRANSLATE_NOOP("Audio", "there is no audio stream in it"))
        stream = container.streams.audio[0]
        resampler = av.AudioResampler(format="flt", layout="mono", rate=PCM_RATE)
        for frame in container.decode(stream):
            for out in resampler.resample(frame):
                pieces.append(out.to_ndarray().reshape(-1))
        for out in resampler.resample(None):
            pieces.append(out.to_ndarray().reshape(-1))
        rate = PCM_RATE
    if not pieces:
        raise AudioError("failed", QT_TRANSLATE_NOOP("Audio", "no audio could be decoded from it"))
    return np.concatenate(pieces).reshape(-1, 1), rate


def _to_pcm24k(samples: Any, rate: int) -> bytes:
    """Downmix to mono, resample to 24 kHz, convert to int16 little-endian."""
    x = np.asarray(samples, dtype=np.float32)
    if x.ndim == 2:
        x = x.mean(axis=1)
    if rate != PCM_RATE and len(x):
        x = _resample(x, rate, PCM_RATE)
    # soundfile reads int16 as i/32768: scaling back by 32768 is exact for 16-bit sources
    return np.clip((x * 32768.0).round(), -32768, 32767).astype("<i2").tobytes()


def _resample(x: Any, src: int, dst: int) -> Any:
    """Resample with FFmpeg's resampler when PyAV is there, else linear interpolation."""
    try:
        import av

        frame = av.AudioFrame.from_ndarray(
            np.ascontiguousarray(x, dtype=np.float32).reshape(1, -1), format="flt", layout="mono"
        )
        frame.sample_rate = src
        resampler = av.AudioResampler(format="flt", layout="mono", rate=dst)
        out = [f.to_ndarray().reshape(-1) for f in resampler.resample(frame)]
        out += [f.to_ndarray().reshape(-1) for f in resampler.resample(None)]
        if out:
            return np.concatenate(out)
    except Exception:  # no PyAV or an odd build: the numpy fallback is good enough for speech
        pass
    n = round(len(x) * dst / src)
    t = np.arange(n, dtype=np.float64) * (src / dst)
    return np.interp(t, np.arange(len(x), dtype=np.float64), x).astype(np.float32)


def join_parts(parts: list[bytes], fmt: str) -> bytes:
    """One file from the audio of several requests (long text is spoken in parts).

    pcm and aac (ADTS) streams concatenate; wav, flac, opus and mp3 (whose Xing header gives the
    length of the first part only) are decoded and re-encoded at 24 kHz mono.
    """
    parts = [p for p in parts if p]
    if len(parts) <= 1 or fmt in ("pcm", "aac"):
        return b"".join(parts)
    pcm = b"".join(decode_bytes(p, fmt) for p in parts)
    if fmt == "wav":
        return pcm_to_wav(pcm)
    import soundfile

    out = io.BytesIO()
    samples = np.frombuffer(pcm, dtype="<i2")
    kinds = {
        "flac": ("FLAC", "PCM_16"),
        "opus": ("OGG", "OPUS"),
        "mp3": ("MP3", "MPEG_LAYER_III"),
    }
    if fmt not in kinds:
        raise AudioError(
            "failed",
            QT_TRANSLATE_NOOP("Audio", "Cannot join audio in the format {0}.").format(repr(fmt)),
        )
    container, subtype = kinds[fmt]
    try:
        soundfile.write(out, samples, PCM_RATE, format=container, subtype=subtype)
    except Exception as exc:
        raise AudioError(
            "failed", QT_TRANSLATE_NOOP("Audio", "Could not encode {0}: {1}").format(fmt, exc)
        ) from exc
    return out.getvalue()
