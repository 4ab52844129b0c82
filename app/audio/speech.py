"""Speak text: download /audio/speech and play it while it downloads; a bounded speech cache.

Sound starts with the first chunk (the request asks for pcm, which needs no decoding); text over
the 4,096-character limit is spoken as several requests played back to back as one. Cancelling
stops the sound at once and closes the response (the client's context manager does that).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
import os
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from app.api.types import SpeechRequest
from app.core.atomic import write_atomic

from .player import PcmPlayer
from .voices import MAX_INPUT, split_text

if TYPE_CHECKING:
    from app.api.client import ApiClient

log = logging.getLogger("app.audio")


async def stream_speech(
    client: ApiClient,
    request: SpeechRequest,
    player: PcmPlayer | None = None,
    on_first_audio: Callable[[], None] | None = None,
    *,
    finish: bool = False,
    device: int | None = None,
) -> bytes:
    """Download one speech request, feeding `player` as the bytes arrive; return all the bytes.

    With a player the request is made for pcm (the only format the sound card takes without
    decoding). A player that is not playing is started here (on `device`, else the one it last
    used), before the request, so opening the device overlaps the server's think time.
    This returns when the download ends, with the sound still playing, so the next part can be
    requested at once (sentences play back to back); the caller ends with `player.finish()` and
    `await player.wait_done()`, or passes `finish=True` to have that done here. Errors
    (ApiError, AudioError) and cancellation stop the player at once.
    """
    if player is not None and request.response_format != "pcm":
        request = dataclasses.replace(request, response_format="pcm")
    chunks: list[bytes] = []
    try:
        if player is not None and not player.active:
            player.start(device=player.device if device is None else device)
        async with client.speech(request) as audio:
            async for chunk in audio:
                if not chunk:
                    continue
                if not chunks and on_first_audio is not None:
                    on_first_audio()
                chunks.append(chunk)
                if player is not None:
                    await player.afeed(chunk)
        if player is not None and finish:
            player.finish()
            await player.wait_done()
    except BaseException:
        if player is not None:
            player.stop()
        raise
    return b"".join(chunks)


async def speak_text(
    client: ApiClient,
    request: SpeechRequest,
    player: PcmPlayer | None = None,
    *,
    cache: SpeechCache | None = None,
    on_first_audio: Callable[[], None] | None = None,
    on_part: Callable[[int, int], None] | None = None,
    device: int | None = None,
    limit: int = MAX_INPUT,
) -> bytes:
    """Speak `request.input` of any length: split at sentence ends, parts played as one.

    Returns the audio of every part as one file of the request's format (files.join_parts). A `cache` hit plays without calling the API; a complete
    download is stored. `on_part(i, n)` is told which part starts.
    """
    if player is not None and request.response_format != "pcm":
        request = dataclasses.replace(request, response_format="pcm")
    key = SpeechCache.key_for(request) if cache is not None else None
    if cache is not None and key is not None:
        hit = cache.get(key)
        if hit is not None:
            if player is not None:
                if on_first_audio is not None:
                    on_first_audio()
                await play_pcm(player, hit, device=device)
            return hit
    parts = split_text(request.input, limit)
    if not parts:
        raise ValueError("there is no text to speak")
    audio: list[bytes] = []
    first = on_first_audio
    try:
        for i, part in enumerate(parts):
            if on_part is not None:
                on_part(i, len(parts))
            audio.append(
                await stream_speech(
                    client,
                    dataclasses.replace(request, input=part),
                    player,
                    first,
                    finish=False,
                    device=device,
                )
            )
            first = None
        if player is not None:
            player.finish()
            await player.wait_done()
    except BaseException:
        if player is not None:
            player.stop()
        raise
    if len(audio) == 1 or request.response_format in ("pcm", "aac"):
        data = b"".join(audio)
    else:
        from .files import join_parts

        data = join_parts(audio, request.response_format or "mp3")
    if cache is not None and key is not None:
        cache.put(key, data)
    return data


async def play_pcm(player: PcmPlayer, pcm: bytes, device: int | None = None) -> None:
    """Play PCM already in memory (a cache hit, a decoded file) and await its end."""
    try:
        if not player.active:
            player.start(device=player.device if device is None else device)
        await player.afeed(pcm)
        player.finish()
        await player.wait_done()
    except BaseException:
        player.stop()
        raise


class SpeechCache:
    """Audio per (model, voice, speed, instructions, format, text) on disk, bounded, LRU.

    Replaying a message must not call the API again, across restarts too. Each entry is one
    file named by the key; its mtime is the last use (atime is unreliable under relatime or
    noatime), and the least recently used entries go first when the total passes `max_bytes`.
    """

    SUFFIX = ".audio"

    def __init__(self, folder: str | Path, max_bytes: int = 200 * 1024 * 1024) -> None:
        self.folder = Path(folder)
        self.max_bytes = max_bytes
        self._lock = threading.Lock()
        self._last_ns = 0

    @staticmethod
    def key(
        model: str,
        voice: str,
        speed: float | None,
        instructions: str | None,
        fmt: str | None,
        text: str,
    ) -> str:
        """A stable key: sha256 of every field that changes the audio."""
        fields = [model, voice, speed, instructions or "", fmt or "mp3", text]
        return hashlib.sha256(json.dumps(fields, ensure_ascii=False).encode()).hexdigest()

    @classmethod
    def key_for(cls, request: SpeechRequest) -> str:
        return cls.key(
            request.model,
            request.voice,
            request.speed,
            request.instructions,
            request.response_format,
            request.input,
        )

    def _path(self, key: str) -> Path:
        if not key or any(c not in "0123456789abcdef" for c in key.lower()):
            raise ValueError("cache keys are hex digests")
        return self.folder / (key.lower() + self.SUFFIX)

    def get(self, key: str) -> bytes | None:
        """The cached audio, marked as just used; None when absent or unreadable."""
        path = self._path(key)
        with self._lock:
            try:
                data = path.read_bytes()
            except OSError:
                return None
            self._touch(path)
            return data

    def __contains__(self, key: str) -> bool:
        return self._path(key).exists()

    def put(self, key: str, data: bytes) -> None:
        """Store `data` (atomically), then evict the oldest entries to fit `max_bytes`."""
        if not data or len(data) > self.max_bytes:
            return
        path = self._path(key)
        with self._lock:
            try:
                write_atomic(path, data)
                self._touch(path)
                self._evict(keep=path)
            except OSError as exc:  # a cache that cannot write is only slower, never an error
                log.warning("speech cache: cannot store %s: %s", path.name, exc)

    def total_bytes(self) -> int:
        return sum(size for _, size, _ in self._entries())

    def clear(self) -> None:
        with self._lock:
            for path, _, _ in self._entries():
                path.unlink(missing_ok=True)

    def _touch(self, path: Path) -> None:
        # strictly increasing stamps, so two uses in the same clock tick still keep their order
        now = max(time.time_ns(), self._last_ns + 1)
        self._last_ns = now
        os.utime(path, ns=(now, now))

    def _entries(self) -> list[tuple[Path, int, int]]:
        out: list[tuple[Path, int, int]] = []
        try:
            it = list(self.folder.iterdir())
        except OSError:
            return out
        for p in it:
            if p.suffix != self.SUFFIX:
                continue
            try:
                st = p.stat()
            except OSError:
                continue
            out.append((p, st.st_size, st.st_mtime_ns))
        return out

    def _evict(self, keep: Path) -> None:
        entries = sorted(self._entries(), key=lambda e: e[2])
        total = sum(size for _, size, _ in entries)
        for path, size, _ in entries:
            if total <= self.max_bytes:
                break
            if path == keep:
                continue
            try:
                path.unlink()
                total -= size
            except OSError:
                continue
