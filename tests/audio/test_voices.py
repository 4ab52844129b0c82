"""Models, voices and instructions rules, and splitting long text for the 4,096-character limit."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.audio.voices import (
    ALL_VOICES,
    FORMATS,
    MAX_INPUT,
    MODELS,
    pop_sentences,
    split_text,
    takes_instructions,
    voices_for,
)

TTS1 = ("alloy", "ash", "coral", "echo", "fable", "nova", "onyx", "sage", "shimmer")


def test_constants() -> None:
    assert MODELS == ("tts-1", "tts-1-hd", "gpt-4o-mini-tts")
    assert FORMATS == ("mp3", "opus", "aac", "flac", "wav", "pcm")
    assert MAX_INPUT == 4096
    assert len(ALL_VOICES) == 13 and {"ballad", "verse", "marin", "cedar"} <= set(ALL_VOICES)


@pytest.mark.parametrize(
    ("model", "voices", "instructions"),
    [
        ("tts-1", TTS1, False),
        ("tts-1-hd", TTS1, False),
        (" TTS-1-HD ", TTS1, False),
        ("gpt-4o-mini-tts", ALL_VOICES, True),
        ("gpt-4o-mini-tts-2025-03-20", ALL_VOICES, True),
        ("GPT-4o-TTS-preview", ALL_VOICES, True),
        ("kokoro", ALL_VOICES, False),
        ("gpt-4o-mini", ALL_VOICES, False),  # a chat model: no "tts"
        ("", ALL_VOICES, False),
    ],
)
def test_model_rules(model: str, voices: tuple[str, ...], instructions: bool) -> None:
    assert voices_for(model) == voices
    assert takes_instructions(model) is instructions


def _rejoins(text: str, parts: list[str]) -> bool:
    """The parts appear in order in `text`, separated only by whitespace."""
    pos = 0
    for part in parts:
        i = text.find(part, pos)
        if i < 0 or text[pos:i].strip():
            return False
        pos = i + len(part)
    return not text[pos:].strip()


@pytest.mark.parametrize(
    ("text", "limit", "want"),
    [
        ("", 10, []),
        ("   \n ", 10, []),
        ("Short.", 10, ["Short."]),
        (
            "Hello there. How are you? Fine!\nNext line",
            20,
            ["Hello there.", "How are you? Fine!", "Next line"],
        ),
        ("Pi is 3.14159 and more text", 16, ["Pi is 3.14159", "and more text"]),
        ("中文句子。第二句！第三", 6, ["中文句子。", "第二句！第三"]),
        ("“Quoted.” Next one here.", 12, ["“Quoted.”", "Next one", "here."]),
        ("aaaaaaaaaaaaaaaaaaaaaaaaa bb", 10, ["aaaaaaaaaa", "aaaaaaaaaa", "aaaaa bb"]),
    ],
)
def test_split_examples(text: str, limit: int, want: list[str]) -> None:
    assert split_text(text, limit) == want


def test_split_prefers_the_last_sentence_end_that_fits() -> None:
    sentence = "This is a sentence of some length. "
    text = sentence * 300  # 10,500 characters
    parts = split_text(text)
    assert len(parts) == 3
    assert all(p.endswith(".") and len(p) <= MAX_INPUT for p in parts)
    assert _rejoins(text, parts)


def test_split_rejects_a_zero_limit() -> None:
    with pytest.raises(ValueError):
        split_text("x", 0)


TEXT = st.text(
    alphabet=st.sampled_from(list("ab .!?。！？\n\t,'\"”é中 ")) | st.characters(), max_size=400
)


@settings(max_examples=300, deadline=None)
@given(text=TEXT, limit=st.integers(1, 60))
def test_split_properties(text: str, limit: int) -> None:
    parts = split_text(text, limit)
    assert all(0 < len(p) <= limit for p in parts)
    assert all(p == p.strip() for p in parts)
    assert _rejoins(text, parts)
    # nothing but whitespace is lost
    assert re.sub(r"\s", "", "".join(parts)) == re.sub(r"\s", "", text)


@settings(max_examples=200, deadline=None)
@given(text=TEXT)
def test_pop_sentences_keeps_everything(text: str) -> None:
    done, rest = pop_sentences(text)
    assert done + rest == text


def test_pop_sentences_waits_for_the_space_after_a_period() -> None:
    assert pop_sentences("Version 3.") == ("", "Version 3.")
    assert pop_sentences("One. Two is com") == ("One.", " Two is com")
    assert pop_sentences("一。二") == ("一。", "二")
    assert pop_sentences("line\nmore") == ("line\n", "more")
