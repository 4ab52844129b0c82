"""SpeechCache: bounded, least recently used first, on disk so replays survive restarts."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.api.types import SpeechRequest
from app.audio.speech import SpeechCache


def k(name: str) -> str:
    return SpeechCache.key("tts-1", "alloy", None, None, "pcm", name)


def test_put_get_and_persistence(tmp_path: Path) -> None:
    cache = SpeechCache(tmp_path / "c", max_bytes=1000)
    assert cache.get(k("a")) is None
    cache.put(k("a"), b"A" * 100)
    assert cache.get(k("a")) == b"A" * 100
    assert k("a") in cache
    again = SpeechCache(tmp_path / "c", max_bytes=1000)  # a restart
    assert again.get(k("a")) == b"A" * 100
    assert again.total_bytes() == 100


def test_evicts_least_recently_used(tmp_path: Path) -> None:
    cache = SpeechCache(tmp_path, max_bytes=250)
    cache.put(k("a"), b"a" * 100)
    cache.put(k("b"), b"b" * 100)
    cache.put(k("c"), b"c" * 100)  # 300 > 250: a (oldest) goes
    assert cache.get(k("a")) is None
    assert cache.get(k("b")) is not None  # b is now the most recently used
    cache.put(k("d"), b"d" * 100)  # c goes, not b
    assert cache.get(k("c")) is None
    assert cache.get(k("b")) == b"b" * 100 and cache.get(k("d")) == b"d" * 100
    assert cache.total_bytes() <= 250


def test_order_survives_a_restart(tmp_path: Path) -> None:
    cache = SpeechCache(tmp_path, max_bytes=250)
    cache.put(k("a"), b"a" * 100)
    cache.put(k("b"), b"b" * 100)
    cache.get(k("a"))
    later = SpeechCache(tmp_path, max_bytes=250)
    later.put(k("c"), b"c" * 100)
    assert later.get(k("b")) is None and later.get(k("a")) is not None


def test_too_big_or_empty_is_not_stored(tmp_path: Path) -> None:
    cache = SpeechCache(tmp_path, max_bytes=10)
    cache.put(k("big"), b"x" * 11)
    cache.put(k("empty"), b"")
    assert cache.total_bytes() == 0 and list(tmp_path.iterdir()) == []


def test_keys_cover_every_field() -> None:
    base = SpeechRequest("tts-1", "Hello", "alloy", "pcm", None, None)
    variants = [
        SpeechRequest("tts-1-hd", "Hello", "alloy", "pcm"),
        SpeechRequest("tts-1", "Hello!", "alloy", "pcm"),
        SpeechRequest("tts-1", "Hello", "nova", "pcm"),
        SpeechRequest("tts-1", "Hello", "alloy", "mp3"),
        SpeechRequest("tts-1", "Hello", "alloy", "pcm", 1.5),
        SpeechRequest("tts-1", "Hello", "alloy", "pcm", None, "Whisper."),
    ]
    keys = {SpeechCache.key_for(r) for r in [base, *variants]}
    assert len(keys) == 7
    assert SpeechCache.key_for(base) == SpeechCache.key_for(
        SpeechRequest("tts-1", "Hello", "alloy", "pcm")
    )
    assert len(SpeechCache.key_for(base)) == 64


def test_bad_keys_and_unwritable_folder(tmp_path: Path) -> None:
    cache = SpeechCache(tmp_path, max_bytes=100)
    with pytest.raises(ValueError):
        cache.get("../../etc/passwd")
    blocker = tmp_path / "file"
    blocker.write_text("x")
    broken = SpeechCache(blocker / "sub", max_bytes=100)
    broken.put(k("a"), b"data")  # logged, not raised: a cache is only an optimisation
    assert broken.get(k("a")) is None
    cache.put(k("a"), b"data")
    cache.clear()
    assert cache.total_bytes() == 0
    assert blocker.exists()  # other files in the folder are not the cache's
