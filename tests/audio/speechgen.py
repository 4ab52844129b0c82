"""Real speech for the fake server, made at test time: espeak-ng to WAV, then sox and ffmpeg.

    assets = make_speech_assets(folder)   # {"mp3": b"...", "opus": ..., "pcm": ..., ...}
    srv.behavior.speech_bytes = assets

Every format /audio/speech offers, as a real server sends it: pcm is raw 24 kHz s16le mono, wav
is 24 kHz 16-bit mono, the others are encoded from that by ffmpeg (aac as ADTS, opus in Ogg).
Files are kept in `folder`, so a session (or a benchmark run) makes them once.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

TEXT = "Hello from Chatterdesk. This sentence is played while it downloads."
LONG_TEXT = (
    "Hello from Chatterdesk. This sentence was spoken by e speak, "
    "streamed by the fake server, and played while it downloads."
)
FORMATS = ("mp3", "opus", "aac", "flac", "wav", "pcm")
TOOLS = ("espeak-ng", "sox", "ffmpeg")


def missing_tools() -> list[str]:
    return [t for t in TOOLS if shutil.which(t) is None]


def _run(cmd: list[str]) -> None:
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
    if proc.returncode != 0:
        raise RuntimeError(f"{cmd[0]} failed ({proc.returncode}): {proc.stderr.strip()[-500:]}")


def make_speech_assets(folder: Path, text: str = TEXT) -> dict[str, bytes]:
    """Speak `text` with espeak-ng and convert it to every format; cached in `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    raw = folder / "espeak.wav"
    wav24 = folder / "speech.wav"
    out = {fmt: folder / f"speech.{fmt}" for fmt in FORMATS}
    if not all(p.exists() and p.stat().st_size > 0 for p in out.values()):
        _run(["espeak-ng", "-v", "en-us", "-s", "170", "-w", str(raw), text])
        # sox: resample espeak's 22.05 kHz to what the API sends, 24 kHz 16-bit mono
        _run(["sox", str(raw), "-r", "24000", "-c", "1", "-b", "16", str(wav24)])
        _run(["sox", str(wav24), "-t", "raw", "-e", "signed-integer", "-L", str(out["pcm"])])
        _run(["sox", str(wav24), str(out["flac"])])
        ff = ["ffmpeg", "-nostdin", "-loglevel", "error", "-y", "-i", str(wav24)]
        _run([*ff, "-c:a", "libmp3lame", "-b:a", "64k", str(out["mp3"])])
        _run([*ff, "-c:a", "libopus", "-b:a", "32k", "-f", "ogg", str(out["opus"])])
        _run([*ff, "-c:a", "aac", "-b:a", "64k", "-f", "adts", str(out["aac"])])
    return {fmt: p.read_bytes() for fmt, p in out.items()}
