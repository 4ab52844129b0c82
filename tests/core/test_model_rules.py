"""Model rules: built-in capabilities per family, overrides, learned drops, and 400 parsing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.api.errors import ApiError, ErrorKind, error_from_body
from app.core.model_rules import (
    PARAMS_PENALTIES,
    PARAMS_SAMPLING,
    Capabilities,
    RuleStore,
    adapt,
    blocked_params,
    builtin,
    refused_param,
)
from app.core.params import adapt_params, is_reasoning_model

REASONING = ["o1", "o1-mini", "o3-mini", "o3", "o4-mini", "gpt-5", "gpt-5-mini", "gpt-5-nano"]
REASONING += ["openai/o3", "openai/o3-mini", "openai/gpt-5", "O3-MINI", "o1-2024-12-17"]
ORDINARY = ["gpt-4o", "gpt-4o-mini", "gpt-4.1", "gpt-5-chat-latest", "openai/gpt-5-chat"]
ORDINARY += ["deepseek-reasoner", "deepseek-chat", "llama3", "llama3.2:latest", "qwen-plus"]
ORDINARY += ["omni-moderation-latest", "", "gpt-3.5-turbo-instruct", "glm-4-flash"]

ALL = {
    "temperature": 0.3,
    "top_p": 0.9,
    "max_tokens": 256,
    "presence_penalty": 0.5,
    "frequency_penalty": -0.5,
    "logprobs": True,
    "top_logprobs": 3,
    "seed": 7,
    "stop": ["\n\n"],
}


@pytest.mark.parametrize("model", REASONING)
def test_reasoning_families(model: str) -> None:
    caps = builtin(model)
    assert caps.max_tokens_param == "max_completion_tokens"
    assert not caps.sampling and not caps.penalties and not caps.logprobs
    assert caps.reasoning_effort
    assert caps.dropped == frozenset()
    assert is_reasoning_model(model)


@pytest.mark.parametrize("model", ORDINARY)
def test_ordinary_models_take_everything(model: str) -> None:
    assert builtin(model) == Capabilities()
    assert not is_reasoning_model(model)


def test_gpt5_chat_takes_temperature_but_gpt5_does_not() -> None:
    assert "temperature" in adapt({"temperature": 0.2}, builtin("gpt-5-chat-latest"))
    assert "temperature" not in adapt({"temperature": 0.2}, builtin("gpt-5"))


def test_adapt_for_a_reasoning_model() -> None:
    params = dict(ALL)
    out = adapt(params, builtin("o3-mini"))
    assert out == {"max_completion_tokens": 256, "seed": 7, "stop": ["\n\n"]}
    assert params == ALL  # the input is left alone


def test_adapt_for_an_ordinary_model_keeps_everything_but_reasoning_effort() -> None:
    out = adapt({**ALL, "reasoning_effort": "low"}, builtin("gpt-4o"))
    assert out == ALL


def test_adapt_renames_back_to_max_tokens() -> None:
    out = adapt({"max_completion_tokens": 100}, builtin("llama3"))
    assert out == {"max_tokens": 100}
    out = adapt({"max_completion_tokens": 100, "max_tokens": 5}, builtin("llama3"))
    assert out == {"max_tokens": 5}
    out = adapt({"max_completion_tokens": 100, "max_tokens": 5}, builtin("o3"))
    assert out == {"max_completion_tokens": 100}


def test_adapt_keeps_reasoning_effort_for_reasoning_models() -> None:
    assert adapt({"reasoning_effort": "high"}, builtin("o4-mini")) == {"reasoning_effort": "high"}


def test_adapt_removes_dropped_params() -> None:
    caps = Capabilities(dropped=frozenset({"seed", "max_tokens"}))
    assert adapt({"seed": 1, "max_tokens": 9, "temperature": 1.0}, caps) == {"temperature": 1.0}


def test_legacy_adapt_params_keeps_its_behaviour() -> None:
    assert adapt_params("o3-mini", {"max_tokens": 50, "temperature": 0.3}) == {
        "max_completion_tokens": 50
    }
    assert adapt_params("gpt-4o-mini", {"max_tokens": 50, "temperature": 0.3}) == {
        "max_tokens": 50,
        "temperature": 0.3,
    }


def test_blocked_params_reasons() -> None:
    reasons = blocked_params(builtin("o3-mini"))
    for p in (*PARAMS_SAMPLING, *PARAMS_PENALTIES, "logprobs", "top_logprobs"):
        assert p in reasons
    assert reasons["temperature"] == "This reasoning model takes only the default temperature."
    assert "top_p" in reasons["top_p"]
    assert "reasoning_effort" not in reasons
    plain = blocked_params(builtin("gpt-4o"))
    assert set(plain) == {"reasoning_effort"}
    learned = blocked_params(Capabilities(dropped=frozenset({"seed"})))
    assert learned["seed"] == "The server refused this parameter for this model."
    overridden = blocked_params(Capabilities(sampling=False))
    assert overridden["temperature"] == "This model takes only the default temperature."


def test_overrides_persist(tmp_path: Path) -> None:
    path = tmp_path / "config" / "model-rules.json"
    rules = RuleStore(path)
    rules.override("my-o3-proxy", sampling=True)
    assert rules.capabilities("my-o3-proxy").sampling
    # An o3 behind a proxy that does take temperature:
    rules.override("o3", sampling=True, max_tokens_param="max_tokens")
    caps = rules.capabilities("o3")
    assert caps.sampling and caps.max_tokens_param == "max_tokens"
    assert not caps.penalties  # the rest of the built-in rules stay
    again = RuleStore(path)
    assert again.overrides("o3") == {"sampling": True, "max_tokens_param": "max_tokens"}
    assert again.capabilities("o3") == caps
    assert adapt({"temperature": 0.5, "max_tokens": 10}, again.capabilities("o3")) == {
        "temperature": 0.5,
        "max_tokens": 10,
    }
    again.clear_override("o3")
    assert RuleStore(path).capabilities("o3") == builtin("o3")
    assert RuleStore(path).overrides("o3") == {}


def test_override_validation(tmp_path: Path) -> None:
    rules = RuleStore(tmp_path / "r.json")
    with pytest.raises(ValueError):
        rules.override("m", colour=True)
    with pytest.raises(ValueError):
        rules.override("m", sampling="yes")
    with pytest.raises(ValueError):
        rules.override("m", max_tokens_param="max_length")
    with pytest.raises(ValueError):
        rules.override("  ", sampling=True)
    with pytest.raises(ValueError):
        rules.override("m", dropped=True)
    assert rules.overrides("m") == {}


def test_drops_persist(tmp_path: Path) -> None:
    path = tmp_path / "model-rules.json"
    rules = RuleStore(path)
    rules.drop("llama3", "logprobs")
    rules.drop("llama3", "seed")
    rules.drop("llama3", "seed")
    assert rules.capabilities("llama3").dropped == {"logprobs", "seed"}
    assert RuleStore(path).capabilities("llama3").dropped == {"logprobs", "seed"}
    assert RuleStore(path).capabilities("gpt-4o").dropped == frozenset()
    assert "seed" not in adapt({"seed": 1}, RuleStore(path).capabilities("llama3"))
    rules.forget_drop("llama3", "seed")
    rules.forget_drop("llama3", "never-dropped")
    assert RuleStore(path).capabilities("llama3").dropped == {"logprobs"}
    rules.forget_drop("llama3", "logprobs")
    assert json.loads(path.read_text())["models"] == {}


def test_overrides_and_drops_together(tmp_path: Path) -> None:
    path = tmp_path / "r.json"
    rules = RuleStore(path)
    rules.override("gpt-5", logprobs=True)
    rules.drop("gpt-5", "top_logprobs")
    caps = RuleStore(path).capabilities("gpt-5")
    assert caps.logprobs and caps.dropped == {"top_logprobs"}
    assert adapt({"logprobs": True, "top_logprobs": 2}, caps) == {"logprobs": True}


@pytest.mark.parametrize(
    "content",
    ["{broken", "[]", '{"models": []}', "\xff"],
)
def test_damaged_rules_file(tmp_path: Path, content: str) -> None:
    path = tmp_path / "r.json"
    path.write_text(content, encoding="latin-1")
    rules = RuleStore(path)
    assert rules.capabilities("o3") == builtin("o3")
    rules.drop("o3", "seed")
    assert RuleStore(path).capabilities("o3").dropped == {"seed"}


def test_bad_entries_are_skipped(tmp_path: Path) -> None:
    path = tmp_path / "r.json"
    data = {
        "models": {
            "a": {"overrides": {"sampling": "yes", "penalties": True}, "dropped": ["seed", 3, ""]},
            "b": "nonsense",
            "c": {"overrides": [1, 2], "dropped": "seed"},
        }
    }
    path.write_text(json.dumps(data))
    rules = RuleStore(path)
    assert rules.overrides("a") == {"penalties": True}
    assert rules.capabilities("a").dropped == {"seed"}
    assert rules.capabilities("c") == Capabilities()


def test_damaged_rules_file_is_kept(tmp_path: Path) -> None:
    path = tmp_path / "r.json"
    path.write_text("{broken")
    RuleStore(path)
    assert (tmp_path / "r.json.damaged").read_text() == "{broken"


# -- refused_param ----------------------------------------------------------------------------


def bad_request(message: str, param: str | None = None, status: int = 400) -> ApiError:
    body = {"error": {"message": message, "type": "invalid_request_error", "param": param}}
    return error_from_body(status, body, json.dumps(body), None)


@pytest.mark.parametrize(
    ("message", "param", "expected"),
    [
        (
            "Unsupported parameter: 'max_tokens' is not supported with this model. "
            "Use 'max_completion_tokens' instead.",
            "max_tokens",
            "max_tokens",
        ),
        (
            "Unsupported parameter: 'max_tokens' is not supported with this model. "
            "Use 'max_completion_tokens' instead.",
            None,
            "max_tokens",
        ),
        ("Unrecognized request argument supplied: logprobs", None, "logprobs"),
        ("temperature does not support 0.3 with this model", None, "temperature"),
        (
            "Unsupported value: 'temperature' does not support 0.3 with this model. "
            "Only the default (1) value is supported.",
            "temperature",
            "temperature",
        ),
        (
            "Unsupported value: 'top_p' does not support 0.5 with this model.",
            None,
            "top_p",
        ),
        ("Unknown parameter: 'seed'.", None, "seed"),
        ("unknown field `logit_bias`", None, "logit_bias"),
        ("'presence_penalty' is not supported with this model.", None, "presence_penalty"),
        ("Unsupported parameter: stream_options.include_usage", None, "stream_options"),
        ("This parameter is not supported.", "frequency_penalty", "frequency_penalty"),
    ],
)
def test_refused_param(message: str, param: str | None, expected: str) -> None:
    assert refused_param(bad_request(message, param)) == expected


def test_refused_param_from_a_pydantic_422() -> None:
    body = {
        "detail": [
            {
                "type": "extra_forbidden",
                "loc": ["body", "logprobs"],
                "msg": "Extra inputs are not permitted",
            }
        ]
    }
    err = error_from_body(422, body, json.dumps(body), None)
    assert err.kind is ErrorKind.BAD_REQUEST
    assert refused_param(err) == "logprobs"


@pytest.mark.parametrize(
    ("message", "param"),
    [
        ("Invalid value for 'temperature': must be between 0 and 2.", "temperature"),
        ("Invalid value for 'temperature': must be between 0 and 2.", None),
        ("This model's maximum context length is 8192 tokens.", "messages"),
        ("Unknown model 'gpt-9'", None),
        ("'messages' is not supported", None),
        ("Unsupported parameter: 'model'", None),
        ("", None),
        ("Something went wrong", None),
    ],
)
def test_refused_param_none(message: str, param: str | None) -> None:
    assert refused_param(bad_request(message, param)) is None


def test_refused_param_only_for_bad_requests() -> None:
    msg = "Unsupported parameter: 'max_tokens' is not supported with this model."
    for status in (401, 404, 429, 500):
        assert refused_param(bad_request(msg, "max_tokens", status)) is None
    assert refused_param(ApiError(ErrorKind.CONNECT, server_message=msg)) is None
    assert refused_param(ApiError(ErrorKind.BAD_REQUEST, server_message=None)) is None
