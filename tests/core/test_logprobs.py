"""Logprobs made uniform: chat and completions shapes, partial UTF-8 joined, the colour scale."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import pytest

from app.core.logprobs import (
    HEAT_STOPS,
    UNKNOWN_COLOUR,
    TokenProb,
    from_chat,
    from_completion,
    heat_colour,
    join_chat,
    join_completion,
    summary,
    text_colour,
    to_tsv,
)


def chat_item(
    token: str, lp: float, top: Sequence[tuple[str, float]] = (), raw: bytes | None = None
) -> dict[str, Any]:
    b = list(token.encode() if raw is None else raw)
    return {
        "token": token,
        "logprob": lp,
        "bytes": b,
        "top_logprobs": [{"token": t, "logprob": v, "bytes": list(t.encode())} for t, v in top],
    }


def test_from_chat_reads_tokens_and_sorts_alternatives() -> None:
    lp = {
        "content": [
            chat_item("Hello", -0.01, [("Hi", -2.0), ("Hello", -0.01)]),
            chat_item(" world", -1.5, [(" world", -1.5), (" there", -0.5)]),
        ],
        "refusal": None,
    }
    toks = from_chat(lp)
    assert [t.text for t in toks] == ["Hello", " world"]
    assert toks[0].logprob == -0.01
    assert toks[0].probability == pytest.approx(math.exp(-0.01))
    assert toks[0].top == (("Hello", -0.01), ("Hi", -2.0))
    assert toks[1].top == ((" there", -0.5), (" world", -1.5))


@pytest.mark.parametrize("bad", [None, 3, "x", [], {}, {"content": None}, {"content": "x"}])
def test_from_chat_tolerates_garbage(bad: object) -> None:
    assert from_chat(bad) == []


def test_from_chat_skips_bad_items_and_unknown_logprobs() -> None:
    lp = {"content": [None, 5, {"token": "a", "logprob": None}, {"token": "b", "logprob": "x"}]}
    toks = from_chat(lp)
    assert [(t.text, t.logprob, t.probability) for t in toks] == [
        ("a", None, None),
        ("b", None, None),
    ]


def test_from_chat_uses_refusal_when_there_is_no_content() -> None:
    toks = from_chat({"content": None, "refusal": [chat_item("No", -0.2)]})
    assert [t.text for t in toks] == ["No"]


def test_chinese_split_over_tokens_is_joined_into_characters() -> None:
    # 你好: 你 = e4 bd a0, 好 = e5 a5 bd; the tokenizer cut them as e4 bd | a0 e5 | a5 bd
    data = "你好".encode()
    parts = [data[0:2], data[2:4], data[4:6]]
    lp = {
        "content": [
            {"token": "bytes:\\xe4\\xbd", "logprob": -0.1, "bytes": list(parts[0])},
            {"token": "\\xa0\\xe5", "logprob": -0.2, "bytes": list(parts[1])},
            {"token": "\\xa5\\xbd", "logprob": -0.3, "bytes": list(parts[2])},
            chat_item("!", -0.05),
        ]
    }
    toks = from_chat(lp)
    assert [t.text for t in toks] == ["你好", "!"]
    assert toks[0].logprob == pytest.approx(-0.6)  # the probability of the whole group
    assert "".join(t.text for t in toks) == "你好!"


def test_emoji_split_over_tokens_is_joined() -> None:
    data = "🙂".encode()  # f0 9f 99 82
    lp = {
        "content": [
            chat_item("Hi ", -0.1),
            {"token": "\\xf0\\x9f", "logprob": -0.5, "bytes": list(data[:2])},
            {"token": "\\x99\\x82", "logprob": -0.25, "bytes": list(data[2:])},
        ]
    }
    toks = from_chat(lp)
    assert [t.text for t in toks] == ["Hi ", "🙂"]
    assert toks[1].logprob == pytest.approx(-0.75)
    assert toks[1].probability == pytest.approx(math.exp(-0.75))


def test_broken_bytes_do_not_swallow_the_rest() -> None:
    lp = {
        "content": [
            {"token": "?", "logprob": -0.1, "bytes": [0xE4]},  # never completed
            chat_item("ok", -0.2),
            {"token": "?", "logprob": -0.3, "bytes": [0xFF]},  # invalid outright
            chat_item("end", -0.4),
        ]
    }
    toks = from_chat(lp)
    assert [t.text for t in toks] == ["\ufffd", "ok", "\ufffd", "end"]


def test_completion_bytes_tokens_are_joined() -> None:
    data = "好".encode()
    lp = {
        "tokens": ["A", "bytes:\\xe5\\xa5", "bytes:\\xbd", "."],
        "token_logprobs": [-0.1, -0.2, -0.3, -0.4],
        "top_logprobs": [{"A": -0.1}, {"bytes:\\xe5\\xa5": -0.2, "B": -3.0}, {}, None],
        "text_offset": [0, 1, 1, 2],
    }
    assert data == b"\xe5\xa5\xbd"
    toks = from_completion(lp)
    assert [t.text for t in toks] == ["A", "好", "."]
    assert toks[1].logprob == pytest.approx(-0.5)
    assert toks[1].top == (("\\xe5\\xa5", -0.2), ("B", -3.0))
    assert toks[2].top == ()


def test_from_completion_reads_the_four_lists() -> None:
    lp = {
        "tokens": ["Once", " upon", "\n"],
        "token_logprobs": [None, -0.5, -2.0],
        "top_logprobs": [None, {" upon": -0.5, " a": -1.0}, {"\n": -2.0, ".": -0.3}],
        "text_offset": [0, 4, 9],
    }
    toks = from_completion(lp)
    assert [t.text for t in toks] == ["Once", " upon", "\n"]
    assert toks[0].logprob is None and toks[0].top == ()
    assert toks[1].top == ((" upon", -0.5), (" a", -1.0))
    assert toks[2].top[0] == (".", -0.3)


@pytest.mark.parametrize(
    "bad",
    [None, [], {}, {"tokens": None}, {"tokens": "abc"}],
)
def test_from_completion_tolerates_garbage(bad: object) -> None:
    assert from_completion(bad) == []


def test_from_completion_short_lists() -> None:
    toks = from_completion({"tokens": ["a", "b", 3], "token_logprobs": [-1.0], "top_logprobs": 7})
    assert [(t.text, t.logprob) for t in toks] == [("a", -1.0), ("b", None), ("3", None)]


def test_join_chat_appends_content_lists() -> None:
    acc = join_chat(None, {"content": [chat_item("a", -0.1)], "refusal": None})
    acc = join_chat(acc, None)
    acc = join_chat(acc, {"content": [chat_item("b", -0.2)]})
    assert acc is not None
    assert [t.text for t in from_chat(acc)] == ["a", "b"]
    assert acc["refusal"] is None


def test_join_completion_extends_lists_and_pads_top() -> None:
    acc = join_completion(
        None, {"tokens": ["a"], "token_logprobs": [-0.1], "top_logprobs": None, "text_offset": [0]}
    )
    assert acc is not None and acc["top_logprobs"] is None
    acc = join_completion(
        acc,
        {"tokens": ["b", "c"], "token_logprobs": [-0.2, -0.3], "top_logprobs": [{"b": -0.2}, {}]},
    )
    acc = join_completion(acc, None)
    assert acc == {
        "tokens": ["a", "b", "c"],
        "token_logprobs": [-0.1, -0.2, -0.3],
        "top_logprobs": [None, {"b": -0.2}, {}],
        "text_offset": [0, None, None],
    }


def test_heat_colour_endpoints_and_thresholds() -> None:
    assert heat_colour(None) == UNKNOWN_COLOUR
    assert heat_colour(float("nan")) == UNKNOWN_COLOUR
    assert heat_colour(0.0) == HEAT_STOPS[0][1]
    assert heat_colour(-1.0) == HEAT_STOPS[0][1]
    assert heat_colour(0.95) == heat_colour(1.0) == heat_colour(1.5) == HEAT_STOPS[-1][1]
    for p, c in HEAT_STOPS:
        assert heat_colour(p) == c
    r, g, _ = heat_colour(0.05)
    assert r > 200 and g < 100  # red below 10 %
    r, g, _ = heat_colour(0.92)
    assert g > r  # green when sure


def test_heat_colour_is_continuous_and_monotone_in_hue() -> None:
    import colorsys

    prev_hue = -1.0
    prev = heat_colour(0.0)
    for k in range(1, 1001):
        c = heat_colour(k / 1000)
        assert max(abs(a - b) for a, b in zip(c, prev, strict=True)) <= 2  # no jumps
        hue = colorsys.rgb_to_hsv(*(v / 255 for v in c))[0]
        assert hue >= prev_hue - 2 / 360  # 8-bit rounding wobbles the hue by a degree
        prev_hue, prev = hue, c


def test_text_colour_is_readable() -> None:
    assert text_colour((250, 212, 100)) == (0, 0, 0)
    assert text_colour((20, 20, 80)) == (255, 255, 255)
    for _, c in HEAT_STOPS:
        assert text_colour(c) in ((0, 0, 0), (255, 255, 255))


def test_summary() -> None:
    toks = [
        TokenProb("a", math.log(0.5)),
        TokenProb("b", math.log(0.25)),
        TokenProb("c", None),
        TokenProb("d", 0.0),
    ]
    s = summary(toks)
    assert s["count"] == 4 and s["scored"] == 3
    mean = (math.log(0.5) + math.log(0.25)) / 3
    assert s["mean_logprob"] == pytest.approx(mean)
    assert s["perplexity"] == pytest.approx(math.exp(-mean))
    assert s["mean_probability"] == pytest.approx((0.5 + 0.25 + 1.0) / 3)
    assert s["min_probability"] == pytest.approx(0.25)
    assert [(i, t) for i, t, _ in s["lowest"]] == [(1, "b"), (0, "a"), (3, "d")]
    empty = summary([TokenProb("x", None)])
    assert empty["mean_probability"] is None and empty["lowest"] == []


def test_tsv() -> None:
    toks = [TokenProb("a\tb\n", math.log(0.5), (("x", math.log(0.25)),)), TokenProb("c", None)]
    lines = to_tsv(toks).splitlines()
    assert lines[0] == "token\tprobability\tlogprob\talternative 1\tprobability 1"
    assert lines[1].split("\t") == ["a\\tb\\n", "0.500000", "-0.693147", "x", "0.250000"]
    assert lines[2].split("\t") == ["c", "", ""]
