"""Text-to-speech models, voices, formats and the 4,096-character input limit.

Kept here (not in the UI) so the panel, read-aloud and the tests share one set of rules; other
servers' model names are allowed, and get every voice rather than a list we cannot know.
"""

from __future__ import annotations

import re

MODELS: tuple[str, ...] = ("tts-1", "tts-1-hd", "gpt-4o-mini-tts")
ALL_VOICES: tuple[str, ...] = (
    "alloy",
    "ash",
    "ballad",
    "coral",
    "echo",
    "fable",
    "nova",
    "onyx",
    "sage",
    "shimmer",
    "verse",
    "marin",
    "cedar",
)
_TTS1_VOICES: tuple[str, ...] = (
    "alloy",
    "ash",
    "coral",
    "echo",
    "fable",
    "nova",
    "onyx",
    "sage",
    "shimmer",
)
FORMATS: tuple[str, ...] = ("mp3", "opus", "aac", "flac", "wav", "pcm")
MAX_INPUT = 4096
PCM_RATE = 24000  # response_format "pcm": 24 kHz, s16le, mono, no header

_TAKES_INSTRUCTIONS = frozenset({"gpt-4o-mini-tts"})


def voices_for(model: str) -> tuple[str, ...]:
    """The voices `model` accepts; unknown models get all (a compatible server may take any)."""
    name = model.strip().lower()
    if name in ("tts-1", "tts-1-hd"):
        return _TTS1_VOICES
    return ALL_VOICES


def takes_instructions(model: str) -> bool:
    """Whether `instructions` may be sent: tts-1 models answer 400 to it."""
    name = model.strip().lower()
    if name in _TAKES_INSTRUCTIONS:
        return True
    if name in ("tts-1", "tts-1-hd"):
        return False
    return "gpt-4o" in name and "tts" in name  # dated snapshots such as gpt-4o-mini-tts-2025-03-20


# A sentence ends after . ! ? (and closing quotes/brackets) followed by whitespace, or after the
# full-width 。！？ (no space follows them in CJK text), or at a newline.
_SENTENCE_END = re.compile(r"""[.!?]+["'”’)\]]*(?=\s)|[。！？]+[」』”’）]*|\n""")


def _last_boundary(text: str, start: int, end: int, pattern: re.Pattern[str]) -> int:
    """The last cut position in (start, end] that `pattern` allows, or -1."""
    best = -1
    for m in pattern.finditer(text, start, end):
        if start < m.end() <= end:
            best = m.end()
    return best


def split_text(text: str, limit: int = MAX_INPUT) -> list[str]:
    """Cut `text` into parts of at most `limit` characters for separate /audio/speech requests.

    Cuts at the last sentence end that fits, else at a space, else anywhere (a very long word).
    Whitespace at the cut points is dropped; nothing else is lost or reordered, so the parts,
    spoken one after the other, are the whole text. Empty or blank text gives [].
    """
    if limit < 1:
        raise ValueError("limit must be at least 1")
    parts: list[str] = []
    n = len(text)
    pos = 0
    while True:
        while pos < n and text[pos].isspace():
            pos += 1
        if pos >= n:
            return parts
        end = pos + limit
        if end >= n:
            parts.append(text[pos:].rstrip())
            return parts
        cut = _last_boundary(text, pos, end, _SENTENCE_END)
        if cut <= pos:  # no sentence end fits: cut at the last space (text[end] may be one)
            cut = next((i for i in range(end, pos, -1) if text[i].isspace()), end)
        part = text[pos:cut].rstrip()
        if part:
            parts.append(part)
        pos = cut


def pop_sentences(buffer: str) -> tuple[str, str]:
    """Split streamed text into (complete sentences, unfinished rest).

    Read-aloud speaks the first part while the answer is still streaming and keeps the rest
    until more text arrives.
    """
    cut = _last_boundary(buffer, 0, len(buffer), _SENTENCE_END)
    if cut <= 0:
        return "", buffer
    return buffer[:cut], buffer[cut:]
