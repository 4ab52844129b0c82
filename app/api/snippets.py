"""A request as code the user can run elsewhere: Python (openai >= 1.0), Python (openai 0.28),
curl, or the raw JSON body.

Pure functions from the request the app sends (the exact JSON body, see `types.ChatRequest.body`)
to text. The Python snippets pass every body key by name, so running one sends the same body
(keys the client does not know by name go in `extra_body`); tests run them against a local server
and compare. The key is never written: the client packages read it from the environment
(OPENAI_API_KEY, or AZURE_OPENAI_API_KEY for Azure), curl expands `$OPENAI_API_KEY`.

Base URL: given explicitly (`base_url=`, `openai.api_base =`) unless it is OpenAI's own, where
the packages' default (or OPENAI_BASE_URL / OPENAI_API_BASE from the environment) applies.
"""

from __future__ import annotations

import json
import re
import shlex
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, cast
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from .client import ApiClient, normalize_base_url

JSON = dict[str, Any]

STYLES = ("python", "python-0.28", "curl", "json")
KINDS = ("chat", "completion", "models", "model", "speech")
OPENAI_BASE_URL = "https://api.openai.com/v1"

KEY_ENV = "OPENAI_API_KEY"
AZURE_KEY_ENV = "AZURE_OPENAI_API_KEY"
WIDTH = 88  # the line length the Python snippets aim for

# What openai >= 1.0 takes by name (a conservative set, stable across 1.x releases); any other
# body key goes in extra_body, which sends it the same way. tests/api/test_snippets.py checks
# these against the installed package's signatures.
CHAT_KWARGS = frozenset(
    {
        "model",
        "messages",
        "frequency_penalty",
        "logit_bias",
        "logprobs",
        "top_logprobs",
        "max_tokens",
        "max_completion_tokens",
        "n",
        "presence_penalty",
        "response_format",
        "seed",
        "stop",
        "stream",
        "stream_options",
        "temperature",
        "top_p",
        "user",
        "tools",
        "tool_choice",
        "parallel_tool_calls",
        "reasoning_effort",
        "service_tier",
        "store",
        "metadata",
    }
)
COMPLETION_KWARGS = frozenset(
    {
        "model",
        "prompt",
        "best_of",
        "echo",
        "frequency_penalty",
        "logit_bias",
        "logprobs",
        "max_tokens",
        "n",
        "presence_penalty",
        "seed",
        "stop",
        "stream",
        "stream_options",
        "suffix",
        "temperature",
        "top_p",
        "user",
    }
)
SPEECH_KWARGS = frozenset(
    {"model", "input", "voice", "response_format", "speed", "instructions", "stream_format"}
)


@dataclass(frozen=True, slots=True)
class AzureInfo:
    """The chat profile speaks Azure OpenAI (auth "azure"): api-key header, deployment paths."""

    api_version: str = ""  # "" = the app's default (client.AZURE_DEFAULT_API_VERSION)


@dataclass(slots=True)
class CodeCall:
    """One request the user can copy as code.

    `body` is the JSON the app sends ("chat", "completion", "speech"); for "model" (retrieve) it
    holds {"model": id}; "models" (list) needs none. `path` is where a speech snippet saves the
    audio ("" = speech.<response_format>).
    """

    label: str
    kind: str
    body: JSON = field(default_factory=dict)
    base_url: str = OPENAI_BASE_URL
    azure: AzureInfo | None = None
    path: str = ""


# -- entry points -------------------------------------------------------------------------


def snippet(call: CodeCall, style: str, secrets: Iterable[str] = ()) -> str:
    """The code for `call` in `style` (one of STYLES). Any string in `secrets` (the current key)
    that shows up anyway (typed into a message, part of the base URL) is replaced."""
    if style not in STYLES:
        raise ValueError(f"unknown code style {style!r}; choose one of {', '.join(STYLES)}")
    if call.kind not in KINDS:
        raise ValueError(f"unknown kind of call {call.kind!r}; choose one of {', '.join(KINDS)}")
    req = _Request(call)
    text = _RENDER[style](req)
    for s in secrets:
        if s and len(s) >= 4:
            text = text.replace(s, "[REDACTED]")
    return text


def chat(body: JSON, base_url: str, style: str, *, azure: AzureInfo | None = None) -> str:
    return snippet(CodeCall("chat", "chat", body, base_url, azure), style)


def completion(body: JSON, base_url: str, style: str, *, azure: AzureInfo | None = None) -> str:
    return snippet(CodeCall("completion", "completion", body, base_url, azure), style)


def list_models(base_url: str, style: str, *, azure: AzureInfo | None = None) -> str:
    return snippet(CodeCall("models", "models", {}, base_url, azure), style)


def retrieve_model(
    model_id: str, base_url: str, style: str, *, azure: AzureInfo | None = None
) -> str:
    return snippet(CodeCall("model", "model", {"model": model_id}, base_url, azure), style)


def speech(
    body: JSON, base_url: str, style: str, path: str = "", *, azure: AzureInfo | None = None
) -> str:
    return snippet(CodeCall("speech", "speech", body, base_url, azure, path), style)


def request_url(call: CodeCall) -> str:
    """The URL the app requests for `call` (what curl and the JSON view show)."""
    return _Request(call).url


def speech_path(call: CodeCall) -> str:
    """Where the speech snippet saves the audio."""
    return _Request(call).speech_path


# -- the request, resolved ----------------------------------------------------------------

_ENDPOINTS = {
    "chat": "chat/completions",
    "completion": "completions",
    "models": "models",
    "model": "models/",
    "speech": "audio/speech",
}


class _Request:
    """What every style needs: the body as JSON sees it, the URL, the auth flavour."""

    def __init__(self, call: CodeCall) -> None:
        self.kind = call.kind
        # JSON semantics once: tuples become lists, keys strings; the caller's dict is not touched.
        self.body: JSON = json.loads(json.dumps(call.body)) if call.body else {}
        self.base_url = _clean_url(normalize_base_url(call.base_url or OPENAI_BASE_URL))
        self.azure = call.azure
        self.model = str(self.body.get("model", ""))
        client = ApiClient(
            cast(Any, None),  # only its URL rules are used: one source of truth with the app
            self.base_url,
            auth="azure" if call.azure is not None else "bearer",
            api_version=call.azure.api_version if call.azure is not None else "",
        )
        self.api_version = client.api_version
        # Azure's deployment API (not its /openai/v1 API) uses the deployment paths.
        self.deployments = call.azure is not None and not client.base_url.endswith("/v1")
        self.endpoint = client.base_url  # the resource for AzureOpenAI(azure_endpoint=...)
        self.url = client.url(client.endpoint(_ENDPOINTS[call.kind], self.model))
        self.is_default = self.base_url == OPENAI_BASE_URL and call.azure is None
        self.key_env = AZURE_KEY_ENV if call.azure is not None else KEY_ENV
        self.stream = self.body.get("stream") is True
        fmt = str(self.body.get("response_format") or "mp3")
        self.speech_path = call.path or f"speech.{fmt}"

    @property
    def method(self) -> str:
        return "GET" if self.kind in ("models", "model") else "POST"


def _clean_url(url: str) -> str:
    """No user:password@ and no key-like query values in the URL a snippet shows."""
    parts = urlsplit(url)
    netloc = parts.netloc.rpartition("@")[2]
    query = parts.query
    if query:
        pairs = [
            (k, "REDACTED" if re.search(r"key|token|secret|pass|auth|sig", k, re.I) else v)
            for k, v in parse_qsl(query, keep_blank_values=True)
        ]
        query = urlencode(pairs)
    return urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))


# -- literals -----------------------------------------------------------------------------

_PY_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}


def py_str(s: str) -> str:
    """A double-quoted Python string literal; readable text (Chinese too) stays as it is,
    only what cannot be seen or would end the literal is escaped."""
    out = ['"']
    for ch in s:
        esc = _PY_ESCAPES.get(ch)
        if esc is not None:
            out.append(esc)
        elif ch.isprintable():
            out.append(ch)
        else:
            cp = ord(ch)
            out.append(
                f"\\x{cp:02x}" if cp < 0x100 else f"\\u{cp:04x}" if cp < 0x10000 else f"\\U{cp:08x}"
            )
    out.append('"')
    return "".join(out)


def json_str(s: str) -> str:
    """A JSON string: non-ASCII text kept readable, invisible characters escaped."""
    out = []
    for ch in json.dumps(s, ensure_ascii=False):  # controls below U+0020 are escaped already
        if ch.isprintable():
            out.append(ch)
            continue
        cp = ord(ch)
        if cp < 0x10000:
            out.append(f"\\u{cp:04x}")
        else:
            cp -= 0x10000
            out.append(f"\\u{0xD800 + (cp >> 10):04x}\\u{0xDC00 + (cp & 0x3FF):04x}")
    return "".join(out)


class _Lang:
    """How one language writes JSON values: Python source or JSON text."""

    def __init__(self, python: bool) -> None:
        self.python = python
        self.step = 4 if python else 2
        self.string = py_str if python else json_str
        self.consts = ("None", "True", "False") if python else ("null", "true", "false")

    def inline(self, value: Any) -> str:
        if value is None:
            return self.consts[0]
        if value is True:
            return self.consts[1]
        if value is False:
            return self.consts[2]
        if isinstance(value, str):
            return self.string(value)
        if isinstance(value, float):
            if self.python and (value != value or value in (float("inf"), float("-inf"))):
                return f'float("{value}")'
            return json.dumps(value) if not self.python else repr(value)
        if isinstance(value, int):
            return repr(value)
        if isinstance(value, dict):
            items = (f"{self.string(str(k))}: {self.inline(v)}" for k, v in value.items())
            return "{" + ", ".join(items) + "}"
        if isinstance(value, list):
            return "[" + ", ".join(self.inline(v) for v in value) + "]"
        return self.string(str(value))

    def pretty(self, value: Any, indent: int, start: int, width: int) -> str:
        """On one line when it fits in `width` (with a trailing comma), else one item a line.
        `indent`: the indentation of the line the value starts on; `start`: its column."""
        one = self.inline(value)
        if start + len(one) + 1 <= width:
            return one
        inner = " " * (indent + self.step)
        close = " " * indent
        sep = "," if self.python else ""  # JSON has no trailing comma
        if isinstance(value, dict) and value:
            lines = []
            for k, v in value.items():
                key = self.string(str(k)) + ": "
                col = indent + self.step
                lines.append(f"{inner}{key}{self.pretty(v, col, col + len(key), width)}")
            return "{\n" + ",\n".join(lines) + sep + "\n" + close + "}"
        if isinstance(value, list) and value:
            col = indent + self.step
            lines = [inner + self.pretty(v, col, col, width) for v in value]
            return "[\n" + ",\n".join(lines) + sep + "\n" + close + "]"
        if self.python and isinstance(value, str) and "\n" in value.rstrip("\n"):
            # Several lines: one literal a line, joined by Python's implicit concatenation.
            lines = [inner + py_str(p) for p in value.splitlines(keepends=True)]
            return "(\n" + "\n".join(lines) + "\n" + close + ")"
        return one


_PY = _Lang(python=True)
_JS = _Lang(python=False)


def py_literal(value: Any, indent: int = 0, start: int | None = None, width: int = WIDTH) -> str:
    """A JSON value as Python source (True/False/None), wrapped to `width`."""
    return _PY.pretty(value, indent, indent if start is None else start, width)


def json_text(value: Any, width: int = WIDTH) -> str:
    """A JSON value as JSON text, wrapped to `width`: short objects (a message) on one line."""
    return _JS.pretty(value, 0, 0, width)


def _call_args(body: JSON, known: frozenset[str] | None) -> list[str]:
    """`    name=value,` lines; with `known` (openai >= 1.0) other keys go in extra_body."""
    lines: list[str] = []
    extra: JSON = {}
    for k, v in body.items():
        by_name = k.isidentifier() and not _is_keyword(k)
        if by_name and (known is None or k in known):
            lines.append(f"    {k}={py_literal(v, 4, 5 + len(k))},")
        else:
            extra[k] = v
    if extra:
        if known is not None:
            lines.append(f"    extra_body={py_literal(extra, 4, 15)},")
        else:
            lines.append(f"    **{py_literal(extra, 4, 6)},")
    return lines


def _is_keyword(name: str) -> bool:
    import keyword

    return keyword.iskeyword(name)


def _n(body: JSON) -> int:
    n = body.get("n")
    return n if isinstance(n, int) and not isinstance(n, bool) else 1


# -- Python, openai >= 1.0 ------------------------------------------------------------------


def _python(r: _Request) -> str:
    out = ['# pip install "openai>=1.0"']
    if r.deployments:
        out += [
            f"# The key is read from the {r.key_env} environment variable.",
            "from openai import AzureOpenAI",
            "",
            "client = AzureOpenAI(",
            f"    azure_endpoint={py_str(r.endpoint)},",
            f"    api_version={py_str(r.api_version)},",
            ")",
        ]
    elif r.azure is not None:  # Azure's /openai/v1 API: the usual client, the Azure key
        out += [
            "import os",
            "",
            "from openai import OpenAI",
            "",
            "client = OpenAI(",
            f"    base_url={py_str(r.base_url)},",
            f'    api_key=os.environ["{r.key_env}"],',
            ")",
        ]
    else:
        out += [
            f"# The key is read from the {r.key_env} environment variable.",
            "from openai import OpenAI",
            "",
        ]
        if r.is_default:
            out.append("client = OpenAI()  # base URL: OpenAI's, or $OPENAI_BASE_URL when set")
        else:
            out.append(f"client = OpenAI(base_url={py_str(r.base_url)})")
    out.append("")
    out += _PY_BODY[r.kind](r)
    return "\n".join(out) + "\n"


def _py_chat(r: _Request) -> list[str]:
    args = _call_args(r.body, CHAT_KWARGS)
    if not r.stream:
        out = ["completion = client.chat.completions.create(", *args, ")"]
        if _n(r.body) > 1:
            return [
                *out,
                "for choice in completion.choices:",
                "    print(choice.index, choice.message.content)",
            ]
        return [*out, "print(completion.choices[0].message.content)"]
    return [
        "stream = client.chat.completions.create(",
        *args,
        ")",
        *_py_stream_loop(r, "delta.content"),
    ]


def _py_completion(r: _Request) -> list[str]:
    args = _call_args(r.body, COMPLETION_KWARGS)
    if not r.stream:
        out = ["response = client.completions.create(", *args, ")"]
        if _n(r.body) > 1:
            return [*out, "for choice in response.choices:", "    print(choice.index, choice.text)"]
        return [*out, "print(response.choices[0].text)"]
    return ["stream = client.completions.create(", *args, ")", *_py_stream_loop(r, "text")]


def _py_stream_loop(r: _Request, field_: str) -> list[str]:
    usage = [
        "    if chunk.usage:  # the last chunk (stream_options include_usage)",
        '        print("\\n", chunk.usage, sep="")',
    ]
    if _n(r.body) > 1:  # the choices arrive interleaved: gather each one
        return [
            "texts: dict[int, str] = {}",
            "for chunk in stream:",
            "    for choice in chunk.choices:",
            f'        texts[choice.index] = texts.get(choice.index, "") + (choice.{field_} or "")',
            *(usage if r.body.get("stream_options") else []),
            "for index, text in sorted(texts.items()):",
            "    print(index, text)",
        ]
    return [
        "for chunk in stream:",
        "    if chunk.choices:",
        f'        print(chunk.choices[0].{field_} or "", end="", flush=True)',
        *(usage if r.body.get("stream_options") else []),
        "print()",
    ]


def _py_models(r: _Request) -> list[str]:
    return ["models = client.models.list()", "for model in models:", "    print(model.id)"]


def _py_model(r: _Request) -> list[str]:
    return [f"model = client.models.retrieve({py_str(r.model)})", "print(model)"]


def _py_speech(r: _Request) -> list[str]:
    args = _call_args(r.body, SPEECH_KWARGS)
    return [
        "with client.audio.speech.with_streaming_response.create(",
        *args,
        ") as response:",
        f"    response.stream_to_file({py_str(r.speech_path)})",
        f"print({py_str('Saved ' + r.speech_path)})",
    ]


_PY_BODY = {
    "chat": _py_chat,
    "completion": _py_completion,
    "models": _py_models,
    "model": _py_model,
    "speech": _py_speech,
}


# -- Python, openai 0.28 --------------------------------------------------------------------


def _python_028(r: _Request) -> str:
    if r.kind == "speech":
        return _python_028_speech(r)
    out = ["# pip install openai==0.28.1", "import os", "", "import openai", ""]
    out.append(f'openai.api_key = os.environ["{r.key_env}"]')
    if r.deployments:
        out += [
            'openai.api_type = "azure"',
            f"openai.api_base = {py_str(r.endpoint)}",
            f"openai.api_version = {py_str(r.api_version)}",
        ]
    elif r.is_default:
        out.append(
            "# openai.api_base: OpenAI's, or $OPENAI_API_BASE (0.28 ignores OPENAI_BASE_URL)"
        )
    else:
        out.append(f"openai.api_base = {py_str(r.base_url)}  # 0.28 ignores OPENAI_BASE_URL")
    out.append("")
    if r.kind == "models":
        out += [
            "models = openai.Model.list()",
            'for model in models["data"]:',
            '    print(model["id"])',
        ]
    elif r.kind == "model":
        out += [f"model = openai.Model.retrieve({py_str(r.model)})", "print(model)"]
    else:
        chat = r.kind == "chat"
        args = _call_args(r.body, None)
        if r.deployments:  # 0.28 puts the deployment in the path and keeps `model` in the body
            args.insert(0, f"    deployment_id={py_str(r.model)},")
        out += [
            f"response = openai.{'ChatCompletion' if chat else 'Completion'}.create(",
            *args,
            ")",
        ]
        text = '["message"]["content"]' if chat else '["text"]'
        delta = '["delta"].get("content")' if chat else '.get("text")'
        if not r.stream:
            if _n(r.body) > 1:
                out += [
                    'for choice in response["choices"]:',
                    f'    print(choice["index"], choice{text})',
                ]
            else:
                out.append(f'print(response["choices"][0]{text})')
        elif _n(r.body) > 1:
            out += [
                "texts = {}",
                "for chunk in response:",
                '    for choice in chunk["choices"]:',
                '        i = choice["index"]',
                f'        texts[i] = texts.get(i, "") + (choice{delta} or "")',
                "for index, text in sorted(texts.items()):",
                "    print(index, text)",
            ]
        else:
            out += [
                "for chunk in response:",
                '    if chunk["choices"]:',
                f'        print(chunk["choices"][0]{delta} or "", end="", flush=True)',
            ]
            if r.body.get("stream_options"):
                out += [
                    '    if chunk.get("usage"):',
                    '        print("\\n", chunk["usage"], sep="")',
                ]
            out.append("print()")
    return "\n".join(out) + "\n"


def _python_028_speech(r: _Request) -> str:
    if r.azure is not None:
        header = f'{{"api-key": os.environ["{r.key_env}"]}}'
    else:
        header = f'{{"Authorization": "Bearer " + os.environ["{r.key_env}"]}}'
    out = [
        "# openai 0.28 has no speech call: this posts the request with `requests`",
        "# (installed with openai==0.28.1).",
        "import os",
        "",
        "import requests",
        "",
        "response = requests.post(",
        f"    {py_str(r.url)},",
        f"    headers={header},",
        f"    json={py_literal(r.body, 4, 9)},",
        "    stream=True,",
        "    timeout=120,",
        ")",
        "response.raise_for_status()",
        f'with open({py_str(r.speech_path)}, "wb") as f:',
        "    for part in response.iter_content(chunk_size=65536):",
        "        f.write(part)",
        f"print({py_str('Saved ' + r.speech_path)})",
    ]
    return "\n".join(out) + "\n"


# -- curl, JSON -----------------------------------------------------------------------------


def _curl(r: _Request) -> str:
    if r.azure is not None:
        auth = f'-H "api-key: ${r.key_env}"'
    else:
        auth = f'-H "Authorization: Bearer ${r.key_env}"'
    lines = [
        f"# The key comes from the {r.key_env} environment variable.",
        f"curl {shlex.quote(r.url)}",
    ]
    if r.method == "GET":
        lines.append(f"  {auth}")
        return lines[0] + "\n" + " \\\n".join(lines[1:]) + "\n"
    lines += ['  -H "Content-Type: application/json"', f"  {auth}"]
    if r.stream:
        lines.append("  --no-buffer")
    if r.kind == "speech":
        lines.append(f"  --output {shlex.quote(r.speech_path)}")
    # The body through a quoted heredoc: no shell expansion, quotes/newlines/unicode intact.
    # No line of indented JSON can be a bare EOF.
    lines.append("  --data-binary @- <<'EOF'")
    head = lines[0] + "\n" + " \\\n".join(lines[1:])
    return f"{head}\n{json_text(r.body)}\nEOF\n"


def _json(r: _Request) -> str:
    if r.method == "GET":
        return f"GET {r.url}\n"
    return json_text(r.body) + "\n"


_RENDER = {"python": _python, "python-0.28": _python_028, "curl": _curl, "json": _json}
