"""Copy as code: every snippet is run the way a user would run it (the real `openai` v1 package,
openai==0.28.1 from its own folder, curl through bash) against the fake server, and the server
must receive exactly the body the app sends. The key is never in a snippet."""

from __future__ import annotations

import ast
import inspect
import json
import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.api import snippets
from app.api.snippets import AzureInfo, CodeCall
from app.api.types import ChatRequest, CompletionRequest, SpeechRequest
from tests.conftest import TEST_KEY
from tests.fakeserver import FakeServer, speech_pcm, wav_wrap
from tests.legacy_openai import run_snippet

RUN_STYLES = ("python", "python-0.28", "curl")
REPLY = 'Hello from the fake server: 你好, "quoted" and done.'
SYSTEM = [{"role": "system", "content": "You are terse."}]
USER = [{"role": "user", "content": "Say something nice"}]
TRICKY = (
    "中文 你好! emoji 🎉 'single' \"double\" back\\slash \\n not-a-newline\n"
    "real newline, tab\there, $HOME $(echo no) `echo no` !! %s {0} \u2028 \x7f nul\x00\n"
    "EOF\n'EOF'\n"
)


def chat_body(params: dict[str, Any], stream: bool = False, model: str = "gpt-4o-mini") -> Any:
    return ChatRequest(model, [*SYSTEM, *USER], params).body(stream)


CHAT_BODIES: dict[str, Any] = {
    "no-params": chat_body({}),
    "every-param": chat_body(
        {
            "temperature": 0.7,
            "top_p": 0.9,
            "max_tokens": 77,
            "presence_penalty": -1.5,
            "frequency_penalty": 0.5,
            "n": 2,
            "stop": ["\n", "END", "'\"", "\\"],
            "seed": 42,
            "user": "user-1234",
            "logit_bias": {"50256": -100, "15339": 5},
            "logprobs": True,
            "top_logprobs": 3,
            "response_format": {
                "type": "json_schema",
                "json_schema": {
                    "name": "answer",
                    "strict": True,
                    "schema": {
                        "type": "object",
                        "properties": {
                            "text": {"type": "string"},
                            "n": {"type": ["integer", "null"]},
                        },
                        "required": ["text", "n"],
                        "additionalProperties": False,
                    },
                },
            },
        }
    ),
    "json-object": chat_body({"response_format": {"type": "json_object"}, "stop": "\n\n"}),
    "stream-usage": chat_body(
        {"temperature": 0.2, "stream_options": {"include_usage": True}}, stream=True
    ),
    "stream-n2": chat_body({"n": 2, "stream_options": {"include_usage": True}}, stream=True),
    "reasoning": chat_body(
        {"max_completion_tokens": 300, "reasoning_effort": "low"}, model="o3-mini"
    ),
    "unknown-to-client": chat_body({"top_k": 40, "min_p": 0.05, "repetition_penalty": 1.1}),
    "tricky-text": ChatRequest(
        "fake/slashed-model",
        [
            {"role": "system", "content": TRICKY * 3},
            {"role": "user", "content": TRICKY},
            {"role": "assistant", "content": "ok"},
            {"role": "user", "content": "again: " + TRICKY},
        ],
        {"stop": ["EOF", "\u2028"]},
    ).body(stream=False),
}

COMPLETION_BODIES: dict[str, Any] = {
    "plain": CompletionRequest("gpt-3.5-turbo-instruct", "你好,很高兴", {"temperature": 0.5}).body(
        False
    ),
    "suffix-echo-best-of-logprobs": CompletionRequest(
        "gpt-3.5-turbo-instruct",
        "def add(a, b):\n",
        {
            "suffix": "\n\nprint(add(1, 2))\n",
            "echo": True,
            "best_of": 3,
            "n": 2,
            "logprobs": 2,
            "max_tokens": 16,
            "stop": ["\n\n"],
            "seed": 7,
            "user": "u",
            "logit_bias": {"198": -50},
        },
    ).body(False),
    "stream": CompletionRequest(
        "gpt-3.5-turbo-instruct", TRICKY, {"logprobs": 0, "stream_options": {"include_usage": True}}
    ).body(True),
    "prompt-list": CompletionRequest("gpt-3.5-turbo-instruct", ["one", "two"], {}).body(False),
}

SPEECH_BODIES: dict[str, Any] = {
    "seed": SpeechRequest(
        "tts-1", "Today is a wonderful day to build something people love!", "alloy"
    ).body(),
    "instructions-speed-wav": SpeechRequest(
        "gpt-4o-mini-tts", '你好, "world"!\n' + TRICKY, "coral", "wav", 1.25, "Speak softly."
    ).body(),
    "pcm": SpeechRequest("tts-1-hd", "pcm please", "nova", "pcm", 0.5).body(),
}

ENDPOINT = {"chat": "/v1/chat/completions", "completion": "/v1/completions"}


@pytest.fixture
def srv_all(srv: FakeServer) -> FakeServer:
    """The shared fake server with the seed's and the speech models, and a recognisable reply."""
    for mid in ("gpt-3.5-turbo", "gpt-3.5-turbo-instruct", "tts-1", "tts-1-hd", "gpt-4o-mini-tts"):
        srv.models.append({"id": mid, "object": "model", "created": 1, "owned_by": "system"})
    srv.behavior.reply = REPLY
    srv.behavior.speech_seconds = 0.2
    return srv


def run_ok(code: str, style: str, tmp_path: Path, env: dict[str, str] | None = None) -> str:
    assert TEST_KEY not in code
    env = {"OPENAI_API_KEY": TEST_KEY, "AZURE_OPENAI_API_KEY": TEST_KEY, **(env or {})}
    ran = run_snippet(code, style, tmp_path, env)
    assert ran.returncode == 0, f"{style} snippet failed:\n{code}\n{ran.output}"
    assert TEST_KEY not in ran.stdout + ran.stderr
    return ran.stdout


def only_request(srv: FakeServer) -> Any:
    assert len(srv.requests) == 1, [(r.method, r.path) for r in srv.requests]
    return srv.requests[0]


# -- chat and completions: the body arrives exactly as the app sends it ---------------------


@pytest.mark.parametrize("style", RUN_STYLES)
@pytest.mark.parametrize("name", list(CHAT_BODIES))
def test_chat_snippet_sends_the_same_body(
    srv_all: FakeServer, tmp_path: Path, name: str, style: str
) -> None:
    body = CHAT_BODIES[name]
    code = snippets.chat(body, srv_all.base_url, style)
    out = run_ok(code, style, tmp_path)
    req = only_request(srv_all)
    assert (req.method, req.path) == ("POST", ENDPOINT["chat"])
    assert req.json == body
    assert req.headers["authorization"] == f"Bearer {TEST_KEY}"  # read from the environment
    if style != "curl":  # the snippet prints the answer (every choice when n > 1)
        assert out.count(REPLY) == body.get("n", 1), out
        assert ("(choice 2)" in out) == (body.get("n", 1) > 1)
    elif body.get("stream"):
        assert out.rstrip().endswith("data: [DONE]"), out
    else:
        assert json.loads(out)["choices"][0]["message"]["content"] == REPLY


@pytest.mark.parametrize("style", RUN_STYLES)
@pytest.mark.parametrize("name", list(COMPLETION_BODIES))
def test_completion_snippet_sends_the_same_body(
    srv_all: FakeServer, tmp_path: Path, name: str, style: str
) -> None:
    body = COMPLETION_BODIES[name]
    code = snippets.completion(body, srv_all.base_url, style)
    out = run_ok(code, style, tmp_path)
    req = only_request(srv_all)
    assert (req.method, req.path) == ("POST", ENDPOINT["completion"])
    assert req.json == body
    if style != "curl":
        assert REPLY in out, out


def test_seed_code_from_the_tutorial_is_what_the_python_snippet_says() -> None:
    """The v1 chat snippet for the seed's request reads like the seed's own code."""
    body = {
        "model": "gpt-3.5-turbo",
        "messages": [
            {"role": "system", "content": "你是一个乐于助人的助手。"},
            {"role": "user", "content": "你好!"},
        ],
    }
    code = snippets.chat(body, snippets.OPENAI_BASE_URL, "python")
    assert "client = OpenAI()" in code
    assert (
        "completion = client.chat.completions.create(\n"
        '    model="gpt-3.5-turbo",\n'
        "    messages=[\n"
        '        {"role": "system", "content": "你是一个乐于助人的助手。"},\n'
        '        {"role": "user", "content": "你好!"},\n'
        "    ],\n"
        ")\n"
        "print(completion.choices[0].message.content)\n"
    ) in code
    old = snippets.chat(
        {**body, "temperature": 0.8, "max_tokens": 30}, "http://h/v1", "python-0.28"
    )
    assert "openai.ChatCompletion.create(" in old and "    max_tokens=30,\n" in old
    assert 'openai.api_base = "http://h/v1"' in old
    assert "openai.Completion.create(" in snippets.completion(
        {"model": "m", "prompt": "你是"}, "http://h/v1", "python-0.28"
    )


@pytest.mark.parametrize("style", ["python", "python-0.28"])
def test_openai_default_base_url_comes_from_the_environment(
    srv_all: FakeServer, tmp_path: Path, style: str
) -> None:
    """For OpenAI's own URL no base URL is written; v1 reads OPENAI_BASE_URL, 0.28 OPENAI_API_BASE."""
    body = CHAT_BODIES["no-params"]
    code = snippets.chat(body, "https://api.openai.com/v1/", style)
    assert "127.0.0.1" not in code and "api_base =" not in code.replace("# openai.api_base", "")
    env_name = "OPENAI_BASE_URL" if style == "python" else "OPENAI_API_BASE"
    run_ok(code, style, tmp_path, {env_name: srv_all.base_url})
    assert only_request(srv_all).json == body


# -- models and speech ------------------------------------------------------------------


@pytest.mark.parametrize("style", RUN_STYLES)
def test_list_and_retrieve_models(srv_all: FakeServer, tmp_path: Path, style: str) -> None:
    out = run_ok(snippets.list_models(srv_all.base_url, style), style, tmp_path)
    req = only_request(srv_all)
    assert (req.method, req.path, req.body) == ("GET", "/v1/models", None)
    assert "gpt-3.5-turbo-instruct" in out and "fake/slashed-model" in out
    srv_all.requests.clear()
    out = run_ok(snippets.retrieve_model("gpt-3.5-turbo", srv_all.base_url, style), style, tmp_path)
    req = only_request(srv_all)
    assert (req.method, req.path) == ("GET", "/v1/models/gpt-3.5-turbo")
    assert "gpt-3.5-turbo" in out and "system" in out


@pytest.mark.parametrize("style", RUN_STYLES)
@pytest.mark.parametrize("name", list(SPEECH_BODIES))
def test_speech_snippet_sends_the_same_body_and_saves_the_audio(
    srv_all: FakeServer, tmp_path: Path, name: str, style: str
) -> None:
    body = SPEECH_BODIES[name]
    code = snippets.speech(body, srv_all.base_url, style)
    if style == "python-0.28":
        assert "0.28 has no speech" in code
    run_ok(code, style, tmp_path)
    req = only_request(srv_all)
    assert (req.method, req.path) == ("POST", "/v1/audio/speech")
    assert req.json == body
    fmt = body.get("response_format", "mp3")
    saved = tmp_path / f"speech.{fmt}"
    pcm = speech_pcm(srv_all.behavior.speech_seconds)
    assert saved.read_bytes() == (wav_wrap(pcm) if fmt == "wav" else pcm)


def test_speech_saves_to_the_path_asked_for(srv_all: FakeServer, tmp_path: Path) -> None:
    call = CodeCall("speech", "speech", SPEECH_BODIES["seed"], srv_all.base_url, path="out/a b.mp3")
    (tmp_path / "out").mkdir()
    for style in RUN_STYLES:
        run_ok(snippets.snippet(call, style), style, tmp_path)
        assert (tmp_path / "out" / "a b.mp3").stat().st_size > 0
        (tmp_path / "out" / "a b.mp3").unlink()


# -- Azure --------------------------------------------------------------------------------


@pytest.mark.parametrize("style", RUN_STYLES)
def test_azure_deployment_snippets_match_the_app(
    srv_all: FakeServer, tmp_path: Path, style: str
) -> None:
    """api-key header, /openai/deployments/{model}/..., api-version: the app's URL exactly."""
    root = f"http://127.0.0.1:{srv_all.port}"
    azure = AzureInfo("2024-10-21")
    cases = [
        CodeCall("chat", "chat", CHAT_BODIES["every-param"], root, azure),
        CodeCall("stream", "chat", CHAT_BODIES["stream-usage"], root + "/openai/", azure),
        CodeCall("completion", "completion", COMPLETION_BODIES["plain"], root, azure),
        CodeCall("speech", "speech", SPEECH_BODIES["pcm"], root, azure),
        CodeCall("models", "models", {}, root, azure),
        CodeCall("model", "model", {"model": "gpt-4o"}, root, azure),
    ]
    for call in cases:
        srv_all.requests.clear()
        code = snippets.snippet(call, style)
        assert "AZURE_OPENAI_API_KEY" in code
        run_ok(code, style, tmp_path)
        req = only_request(srv_all)
        assert req.headers.get("api-key") == TEST_KEY, call.label
        assert "authorization" not in req.headers
        path, _, query = snippets.request_url(call)[len(root) :].partition("?")
        assert (req.path, req.query) == (path, query), call.label
        assert query == "api-version=2024-10-21"
        if call.body and call.kind != "model":
            assert req.json == call.body, call.label


def test_azure_v1_api_uses_the_usual_paths(srv_all: FakeServer, tmp_path: Path) -> None:
    call = CodeCall(
        "chat",
        "chat",
        CHAT_BODIES["no-params"],
        f"http://127.0.0.1:{srv_all.port}/openai/v1",
        AzureInfo(),
    )
    for style in RUN_STYLES:
        srv_all.requests.clear()
        run_ok(snippets.snippet(call, style), style, tmp_path)
        req = only_request(srv_all)
        assert req.path == "/openai/v1/chat/completions" and req.query == ""
        assert TEST_KEY in (req.headers.get("api-key", "") + req.headers.get("authorization", ""))
        assert req.json == call.body


# -- the key ------------------------------------------------------------------------------


ALL_CALLS = [
    *(CodeCall(n, "chat", b) for n, b in CHAT_BODIES.items()),
    *(CodeCall(n, "completion", b) for n, b in COMPLETION_BODIES.items()),
    *(CodeCall(n, "speech", b) for n, b in SPEECH_BODIES.items()),
    CodeCall("models", "models"),
    CodeCall("model", "model", {"model": "gpt-4o"}),
]


def test_the_key_is_never_in_a_snippet() -> None:
    leaky = f"https://user:{TEST_KEY}@proxy.example/v1?api-key={TEST_KEY}&x=1"
    for call in ALL_CALLS:
        for azure in (None, AzureInfo()):
            for base in ("https://api.openai.com/v1", "http://127.0.0.1:1234/v1", leaky):
                c = CodeCall(call.label, call.kind, call.body, base, azure)
                for style in snippets.STYLES:
                    assert TEST_KEY not in snippets.snippet(c, style)
    # Typed into a message: replaced when the dialog passes the current key as a secret.
    c = CodeCall("chat", "chat", chat_body({"user": TEST_KEY}))
    for style in snippets.STYLES:
        text = snippets.snippet(c, style, secrets=[TEST_KEY])
        assert TEST_KEY not in text and "[REDACTED]" in text
    assert "x=1" in snippets.request_url(CodeCall("m", "models", base_url=leaky))


# -- what the snippets are made of ----------------------------------------------------------


def test_names_passed_by_keyword_are_known_to_the_installed_openai_package() -> None:
    from openai.resources.audio.speech import Speech
    from openai.resources.chat.completions import Completions as Chat
    from openai.resources.completions import Completions

    for cls, names in (
        (Chat, snippets.CHAT_KWARGS),
        (Completions, snippets.COMPLETION_KWARGS),
        (Speech, snippets.SPEECH_KWARGS),
    ):
        params = set(inspect.signature(cls.create).parameters)
        assert names <= params, names - params


def test_python_literals_are_readable() -> None:
    code = snippets.chat(
        chat_body({"logprobs": True, "stop": None, "seed": 1}), "http://h/v1", "python"
    )
    assert "logprobs=True," in code and "stop=None," in code
    assert "true" not in code and "null" not in code
    code = snippets.chat(CHAT_BODIES["tricky-text"], "http://h/v1", "python")
    assert "中文 你好! emoji 🎉" in code  # readable, not \\u escapes
    assert "\\u2028" in code and "\\x7f" in code and "\\x00" in code  # invisible ones escaped
    ast.parse(code)


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.text(), inner, max_size=5),
    max_leaves=30,
)


@settings(max_examples=300, deadline=None)
@given(json_values, st.integers(min_value=0, max_value=40))
def test_literals_round_trip(value: Any, indent: int) -> None:
    """Whatever the body holds, the Python literal and the JSON text mean exactly it."""
    assert ast.literal_eval(snippets.py_literal(value, indent, indent, width=60).strip()) == value
    text = snippets.json_text(value, width=60)
    assert json.loads(text) == value
    assert all(ch.isprintable() or ch == "\n" for ch in text)


def test_bad_style_or_kind_is_said_in_words() -> None:
    with pytest.raises(ValueError, match="unknown code style 'ruby'"):
        snippets.snippet(CodeCall("x", "chat", CHAT_BODIES["no-params"]), "ruby")
    with pytest.raises(ValueError, match="unknown kind of call 'images'"):
        snippets.snippet(CodeCall("x", "images"), "python")


def test_legacy_install_failure_is_a_clear_message(tmp_path: Path, monkeypatch: Any) -> None:
    """No index reachable: a message naming the package and the likely cause, no traceback."""
    from tests.legacy_openai import LegacyOpenAIUnavailable, ensure_legacy_openai

    monkeypatch.setenv("CHATTERDESK_LEGACY_OPENAI", str(tmp_path / "legacy"))
    monkeypatch.setenv("PIP_CONFIG_FILE", os.devnull)
    monkeypatch.setenv("PIP_NO_INDEX", "1")
    monkeypatch.delenv("PIP_FIND_LINKS", raising=False)
    with pytest.raises(LegacyOpenAIUnavailable, match=r"Could not install openai==0\.28\.1"):
        ensure_legacy_openai()
    assert not (tmp_path / "legacy").exists()
    assert list(tmp_path.iterdir()) == [tmp_path / ".openai-0.28.1.lock"]
