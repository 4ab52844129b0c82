"""Speech for the window: play (streamed), pause, stop, save, read answers aloud.

One player at a time. Playing always asks for raw PCM so sound starts while the audio
downloads; saving asks for the chosen format. Long texts are split at sentence boundaries and
spoken as one. Spoken audio is cached per text and voice, so replaying costs no request.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import re
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from .asyncbridge import TaskGroup
from .i18n import tr_text

if TYPE_CHECKING:
    from app.api.client import ApiClient

log = logging.getLogger("chatterdesk.ui")

SENTENCE_END = re.compile(r"[.!?。！？](?=\s|$)|\n\n")


@dataclass(frozen=True)
class Voice:
    model: str
    voice: str
    speed: float
    instructions: str

    def key(self, fmt: str, text: str) -> str:
        raw = "|".join((self.model, self.voice, f"{self.speed:g}", self.instructions, fmt, text))
        return hashlib.sha256(raw.encode("utf-8")).hexdigest()


class TtsController(QObject):
    playingChanged = Signal(bool)
    status = Signal(str)
    saved = Signal(str)

    def __init__(
        self,
        tasks: TaskGroup,
        client_factory: Callable[[], ApiClient],
        cache_folder: Path | None = None,
        cache_bytes: int = 64 * 1024 * 1024,
    ) -> None:
        super().__init__()
        self.tasks = tasks
        self.client_factory = client_factory
        self.cache_folder = cache_folder
        self.cache_bytes = cache_bytes
        self._cache: Any = None
        self._task: asyncio.Task[None] | None = None
        self._player: Any = None
        self.requests = 0  # speech requests made (the cache saves the rest)
        # Auto-read: sentences of the streaming answer waiting to be spoken.
        self._queue: asyncio.Queue[str | None] | None = None
        self._spoken: dict[str, int] = {}

    def _spawn(self, coro: Coroutine[Any, Any, None], name: str) -> asyncio.Task[None]:
        """Start the playing task; once it ends it is dropped (a stopped task's traceback
        would keep its player and audio alive until the next one)."""
        task = self.tasks.spawn(coro, name=name)

        def forget(done: asyncio.Task[None]) -> None:
            if self._task is done:
                self._task = None

        task.add_done_callback(forget)
        return task

    @property
    def playing(self) -> bool:
        return self._task is not None and not self._task.done()

    def cache(self) -> Any:
        if self._cache is None and self.cache_folder is not None:
            from app.audio.speech import SpeechCache

            self._cache = SpeechCache(self.cache_folder, self.cache_bytes)
        return self._cache

    # -- play -----------------------------------------------------------------------------
    def play(self, text: str, voice: Voice, device: int | None, volume: float) -> None:
        if not text.strip():
            self.status.emit(self.tr("There is no text to speak."))
            return
        self.stop()
        self._task = self._spawn(self._play([text], voice, device, volume), "tts")
        self.playingChanged.emit(True)

    async def _play(
        self, texts: list[str], voice: Voice, device: int | None, volume: float
    ) -> None:
        from app.audio.voices import split_text

        async def speak(player: Any) -> None:
            self.status.emit(self.tr("Speaking…"))
            for text in texts:
                for part in split_text(text):
                    await self._speak_part(part, voice, player)

        await self._session(device, volume, speak)

    async def _session(
        self, device: int | None, volume: float, body: Callable[[Any], Awaitable[None]]
    ) -> None:
        """One player from start to the end of its sound: `body` feeds it; errors in words."""
        from app.audio.player import AudioError, PcmPlayer

        player = PcmPlayer()
        try:
            player.start(device=device, volume=volume)
        except AudioError as err:
            self.status.emit(self.describe_audio_error(err))
            self.playingChanged.emit(False)
            return
        self._player = player
        try:
            await body(player)
            player.finish()
            await player.wait_done()
            self.status.emit(self.tr("Done."))
        except asyncio.CancelledError:
            player.stop()
            self.status.emit(self.tr("Stopped."))
            raise
        except Exception as err:
            player.stop()
            self.status.emit(self.describe(err))
        finally:
            self._player = None
            self.playingChanged.emit(False)

    def play_file(self, path: str, device: int | None, volume: float) -> None:
        """Play a saved file in any of the six formats (decoded off the UI thread)."""
        self.stop()
        self._task = self._spawn(self._play_file(Path(path), device, volume), "tts-file")
        self.playingChanged.emit(True)

    async def _play_file(self, path: Path, device: int | None, volume: float) -> None:
        from app.audio.files import decode_file

        async def play(player: Any) -> None:
            pcm = await asyncio.to_thread(decode_file, path)
            self.status.emit(self.tr("Playing {0}").format(path.name))
            await player.afeed(pcm)

        await self._session(device, volume, play)

    async def _speak_part(self, text: str, voice: Voice, player: Any) -> None:
        from app.api.types import SpeechRequest
        from app.audio.speech import stream_speech

        cache = self.cache()
        key = voice.key("pcm", text)
        data = cache.get(key) if cache is not None else None
        if data:
            await player.afeed(data)
            return
        self.requests += 1
        request = SpeechRequest(
            voice.model, text, voice.voice, "pcm", voice.speed, voice.instructions or None
        )
        data = await stream_speech(self.client_factory(), request, player=player)
        if cache is not None and data:
            cache.put(key, data)

    def pause(self, on: bool) -> None:
        if self._player is not None:
            if on:
                self._player.pause()
            else:
                self._player.resume()

    def stop(self) -> None:
        if self._player is not None:
            self._player.stop()
        if self._task is not None and not self._task.done():
            self._task.cancel()
            # A task cancelled before its first step never runs its `finally`: say it here.
            self.playingChanged.emit(False)
        self._queue = None

    def set_volume(self, volume: float) -> None:
        if self._player is not None:
            self._player.volume = volume

    # -- read the streaming answer aloud ------------------------------------------------------
    def follow_answer(
        self,
        message_id: str,
        text: str,
        final: bool,
        voice: Voice,
        device: int | None,
        volume: float,
    ) -> None:
        """Speak each finished sentence of an answer while the rest is still streaming."""
        start = self._spoken.get(message_id, 0)
        cut = len(text) if final else last_sentence_end(text, start)
        if cut > start:
            piece = text[start:cut]
            self._spoken[message_id] = cut
            if piece.strip():
                if self._queue is None or not self.playing:
                    self.stop()
                    self._queue = asyncio.Queue()
                    self._task = self._spawn(
                        self._read_queue(self._queue, voice, device, volume), "tts-follow"
                    )
                    self.playingChanged.emit(True)
                self._queue.put_nowait(piece)
        if final and self._queue is not None:
            self._queue.put_nowait(None)
            self._queue = None

    async def _read_queue(
        self, queue: asyncio.Queue[str | None], voice: Voice, device: int | None, volume: float
    ) -> None:
        from app.audio.voices import split_text

        async def read(player: Any) -> None:
            while (piece := await queue.get()) is not None:
                for part in split_text(piece):
                    await self._speak_part(part, voice, player)

        await self._session(device, volume, read)

    # -- save ---------------------------------------------------------------------------
    def save(self, path: str, text: str, voice: Voice, fmt: str) -> None:
        if not text.strip():
            self.status.emit(self.tr("There is no text to speak."))
            return
        self.tasks.spawn(self._save(Path(path), text, voice, fmt), name="tts-save")

    async def _save(self, path: Path, text: str, voice: Voice, chosen: str) -> None:
        from app.api.types import SpeechRequest
        from app.audio.files import format_from_path, pcm_to_wav, save_audio
        from app.audio.voices import split_text

        fmt = format_from_path(path) or chosen
        parts = split_text(text)
        # One request per part; PCM joins exactly, and WAV is PCM with a header.
        ask = "pcm" if (len(parts) > 1 or fmt == "wav") and fmt in ("wav", "pcm") else fmt
        if len(parts) > 1 and ask not in ("pcm", "mp3", "aac"):
            self.status.emit(
                self.tr("A text this long can be saved as WAV, PCM, MP3 or AAC, not {0}.").format(
                    fmt
                )
            )
            return
        self.status.emit(self.tr("Saving…"))
        try:
            chunks: list[bytes] = []
            for part in parts:
                self.requests += 1
                req = SpeechRequest(
                    voice.model, part, voice.voice, ask, voice.speed, voice.instructions or None
                )
                async with self.client_factory().speech(req) as audio:
                    async for chunk in audio:
                        chunks.append(chunk)
            data = b"".join(chunks)
            if fmt == "wav" and ask == "pcm":
                data = pcm_to_wav(data)
            await asyncio.to_thread(save_audio, path, data, fmt)
        except Exception as err:
            self.status.emit(self.describe(err))
            return
        self.status.emit(self.tr("Saved {0}").format(path.name))
        self.saved.emit(str(path))

    # -- words --------------------------------------------------------------------------
    def describe(self, err: Exception) -> str:
        from app.api.errors import ApiError
        from app.audio.player import AudioError

        from .errors_text import describe_error

        if isinstance(err, ApiError):
            return describe_error(err)
        if isinstance(err, AudioError):
            return self.describe_audio_error(err)
        if isinstance(err, OSError):
            return self.tr("Could not write the file: {0}").format(err.strerror or err)
        log.exception("speech failed", exc_info=err)
        return self.tr("Speech failed: {0}").format(type(err).__name__)

    def describe_audio_error(self, err: Any) -> str:
        kind = getattr(err, "kind", "failed")
        if kind == "no_device":
            return self.tr("No sound output is available. Saving to a file still works.")
        if kind == "device_busy":
            return self.tr("The sound output is busy (another program is using it).")
        return self.tr("Sound could not be played: {0}").format(tr_text(err))


def last_sentence_end(text: str, start: int) -> int:
    """Where the last complete sentence after `start` ends (start if none is complete)."""
    end = start
    for m in SENTENCE_END.finditer(text, start):
        end = m.end()
    return end
