"""Parameter parsing, checking and cleaning: what the panel sends and what files may hold."""

from __future__ import annotations

import json
import math
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.core.params import (
    SEED_MAX,
    SEED_MIN,
    ParamError,
    check_param,
    check_params,
    escape_text,
    format_logit_bias,
    format_stop,
    json_schema_format,
    parse_json_object,
    parse_logit_bias,
    parse_seed,
    parse_stop,
    strict_schema_issues,
    unescape_text,
    validate_params,
)

# -- stop ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "seqs"),
    [
        ("END", ["END"]),
        (r"\n\n", ["\n\n"]),
        (r"\n, END, ###", ["\n", "END", "###"]),
        ('"a, b", " x"', ["a, b", " x"]),
        (r'"\n\n", END', ["\n\n", "END"]),
        ('["x", "y"]', ["x", "y"]),
        (r"tab\there", ["tab\there"]),
        (r"back\\slash", ["back\\slash"]),
        ("real\nnewline", ["real\nnewline"]),
        (r"\u2028", ["\u2028"]),
        ("", []),
        ("   ", []),
    ],
)
def test_parse_stop(text: str, seqs: list[str]) -> None:
    assert parse_stop(text) == seqs


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("a, b, c, d, e", "stop: at most 4 sequences (5 given)"),
        ("a,", "stop: sequence 2 is empty"),
        ('a, ""', "stop: sequence 2 is empty"),
        (r"\q", r"stop: unknown escape \q"),
        ("end\\", "stop: a lone \\ at the end"),
        ('"open', "stop: a quoted sequence is not closed"),
        ('"a" b', "stop: expected a comma after a quoted sequence"),
        ("[1, 2]", "stop: the JSON list must hold strings only"),
        ("[", "stop: not a valid JSON list"),
    ],
)
def test_parse_stop_says_what_is_wrong(text: str, message: str) -> None:
    with pytest.raises(ParamError) as info:
        parse_stop(text)
    assert str(info.value).startswith(message)


def test_format_stop_shows_escapes_and_quotes_only_when_needed() -> None:
    assert format_stop(["\n\n", "END", "\t"]) == r"\n\n, END, \t"
    assert format_stop(["a, b", "\n"]) == r'"a, b", "\n"'
    assert format_stop([" x"]) == '" x"'
    assert escape_text("a\x01b\\") == "a\\u0001b\\\\"
    assert unescape_text(r"\u0001\"") == '\x01"'


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(min_size=1, max_size=12), min_size=1, max_size=4))
def test_stop_sequences_read_back_as_written(seqs: list[str]) -> None:
    assert parse_stop(format_stop(seqs)) == seqs


# -- seed, logit_bias ------------------------------------------------------------------------


def test_seed_is_any_64_bit_integer() -> None:
    assert parse_seed(" 42 ") == 42
    assert parse_seed(str(SEED_MAX)) == SEED_MAX
    assert parse_seed(str(SEED_MIN)) == SEED_MIN
    for bad in ("4.5", "abc", "", "1e3"):
        with pytest.raises(ParamError, match="seed: must be a whole number"):
            parse_seed(bad)
    with pytest.raises(ParamError, match="seed: must be between"):
        parse_seed(str(SEED_MAX + 1))


def test_logit_bias_json_and_pairs() -> None:
    assert parse_logit_bias('{"1234": -100, "5678": 5}') == {"1234": -100, "5678": 5}
    assert parse_logit_bias("1234: -100, 5678=5.0") == {"1234": -100, "5678": 5}
    assert parse_logit_bias("") == {}
    assert format_logit_bias({"1234": -100}) == '{"1234": -100}'


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"1234": 101}', "logit_bias: bias for 1234 must be between -100 and 100"),
        ("1234: -150", "logit_bias: bias for 1234 must be between -100 and 100"),
        ('{"1234": 1.5}', "logit_bias: bias for 1234 must be a whole number"),
        ('{"1234": "x"}', "logit_bias: bias for 1234 must be a number"),
        ('{"1234": NaN}', "logit_bias: bias for 1234 must be a number"),
        ('{"abc": 1}', "logit_bias: 'abc' is not a token id"),
        ('{"-1": 1}', "logit_bias: '-1' is not a token id"),
        ('{"1": 1,}', "logit_bias: not valid JSON (line 1, column 9"),
        ("1234 -100", "logit_bias: write token id: bias"),
        ("1234: lots", "logit_bias: bias for 1234 must be a number"),
    ],
)
def test_logit_bias_says_what_is_wrong(text: str, message: str) -> None:
    with pytest.raises(ParamError) as info:
        parse_logit_bias(text)
    assert str(info.value).startswith(message)


# -- response_format -------------------------------------------------------------------------


def test_json_errors_give_line_and_column() -> None:
    with pytest.raises(ParamError) as info:
        parse_json_object('{\n  "a": 1\n  "b": 2\n}', "response_format")
    assert str(info.value) == "response_format: not valid JSON (line 3, column 3: expected ',')"
    with pytest.raises(ParamError, match="must be a JSON object"):
        parse_json_object("[1]", "response_format")


def test_json_schema_body_has_openais_shape() -> None:
    schema = {"type": "object", "properties": {}, "additionalProperties": False}
    assert json_schema_format("answer", schema) == {
        "type": "json_schema",
        "json_schema": {"name": "answer", "schema": schema, "strict": True},
    }
    with pytest.raises(ParamError, match="schema name"):
        json_schema_format("has space", schema)


def test_strict_schema_advice() -> None:
    ok = {
        "type": "object",
        "properties": {"a": {"type": "array", "items": {"type": "object", "properties": {}}}},
        "required": ["a"],
        "additionalProperties": False,
    }
    issues = strict_schema_issues(ok)
    assert issues == ['$.a[]: strict mode needs "additionalProperties": false']
    loose = {"type": "object", "properties": {"x": {}, "y": {}}, "required": ["x"]}
    assert any("missing: y" in i for i in strict_schema_issues(loose))


# -- checking whole dicts --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("n", 0, "n: must be between 1 and 128"),
        ("n", 129, "n: must be between 1 and 128"),
        ("n", 2.5, "n: must be a whole number"),
        ("top_logprobs", 21, "top_logprobs: must be between 0 and 20"),
        ("temperature", 2.5, "temperature: must be between 0.0 and 2.0"),
        ("temperature", "hot", "temperature: must be a number"),
        ("stop", ["a", "b", "c", "d", "e"], "stop: at most 4 sequences (5 given)"),
        ("seed", 1.5, "seed: must be a whole number"),
        ("seed", 2**64, "seed: must be between"),
        ("logit_bias", {"1234": -101}, "logit_bias: bias for 1234 must be between -100 and 100"),
        ("logprobs", "yes", "logprobs: must be true or false"),
        ("user", "", "user: must be a non-empty text"),
        ("response_format", {"type": "xml"}, "response_format: type must be"),
        ("bogus", 1, "bogus: not a parameter"),
    ],
)
def test_check_param_messages(name: str, value: Any, message: str) -> None:
    got = check_param(name, value)
    assert got is not None and got.startswith(message)


def test_check_params_wants_logprobs_with_top_logprobs() -> None:
    assert check_params({"top_logprobs": 3}) == ["top_logprobs: needs logprobs turned on"]
    assert check_params({"top_logprobs": 3, "logprobs": True}) == []


def test_validate_params_cleans_file_values() -> None:
    got = validate_params(
        {
            "n": 500,
            "stop": "###",
            "seed": 2**70,
            "logit_bias": {"12": 300, "x": 1, "7": -3.6},
            "top_logprobs": 3,
            "temperature": float("nan"),
            "top_p": float("inf"),
            "user": "",
            "response_format": {"type": "json_object", "junk": 1},
            "unknown": 1,
        }
    )
    assert got == {
        "n": 128,
        "stop": ["###"],
        "seed": SEED_MAX,
        "logit_bias": {"12": 100, "7": -4},
        "top_p": 1.0,
        "response_format": {"type": "json_object"},
    }  # top_logprobs without logprobs is dropped


def test_validate_params_keeps_a_full_valid_set_exactly() -> None:
    full = {
        "temperature": 0.7,
        "top_p": 0.9,
        "max_tokens": 300,
        "presence_penalty": 0.5,
        "frequency_penalty": -0.5,
        "n": 3,
        "stop": ["\n\n", "END"],
        "seed": -(2**40),
        "user": "user-123",
        "logit_bias": {"1234": -100, "5678": 5},
        "logprobs": True,
        "top_logprobs": 4,
        "response_format": json_schema_format("answer", {"type": "object"}, strict=False),
    }
    assert validate_params(full) == full
    assert check_params(full) == []


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=True)
    | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=6), inner),
    max_leaves=12,
)
param_names = st.sampled_from(
    [
        "temperature",
        "top_p",
        "max_tokens",
        "n",
        "stop",
        "seed",
        "user",
        "logit_bias",
        "logprobs",
        "top_logprobs",
        "response_format",
        "other",
    ]
)


@settings(max_examples=400, deadline=None)
@given(st.dictionaries(param_names, json_values, max_size=8))
def test_validate_params_always_gives_a_sendable_set(params: dict[str, Any]) -> None:
    cleaned = validate_params(params)
    assert check_params(cleaned) == []
    assert validate_params(cleaned) == cleaned  # idempotent
    json.dumps(cleaned, allow_nan=False)  # never NaN/Infinity in a body


@settings(max_examples=200, deadline=None)
@given(
    st.dictionaries(
        st.integers(min_value=0, max_value=300_000).map(str),
        st.integers(min_value=-100, max_value=100),
        max_size=6,
    )
)
def test_logit_bias_reads_back_as_written(bias: dict[str, int]) -> None:
    assert parse_logit_bias(format_logit_bias(bias)) == bias


@settings(max_examples=200, deadline=None)
@given(st.floats(allow_nan=False, allow_infinity=False))
def test_numbers_are_clamped_into_range(x: float) -> None:
    got = validate_params({"temperature": x, "n": x, "top_logprobs": x, "logprobs": True})
    assert 0.0 <= got["temperature"] <= 2.0 and not math.isnan(got["temperature"])
    assert 1 <= got["n"] <= 128
    assert 0 <= got["top_logprobs"] <= 20
