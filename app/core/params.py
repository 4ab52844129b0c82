"""Parameter specs (ranges, defaults), parsing and checking of what the user types, the cleaning
of parameters read from files, and the model rules that adapt a request to a model.

Three jobs, kept apart on purpose:
- `parse_*` turn what the user typed into the value sent, or raise `ParamError` with a message
  in words (the panel shows it and refuses to send);
- `check_params` says what is wrong with a parameter dict, in the same words;
- `validate_params` quietly repairs a dict read from a settings or conversation file (drops
  what cannot be sent, clamps numbers), because a damaged file must never stop the app.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from .i18n import QT_TRANSLATE_NOOP, Text, message_of
from .model_rules import adapt, builtin


@dataclass(frozen=True)
class ParamSpec:
    name: str
    kind: type  # float or int
    minimum: float
    maximum: float
    default: float
    step: float
    decimals: int = 2
    slider_max: float | None = None  # a slider range narrower than the spin box's

    def clamp(self, value: float) -> float:
        return min(max(value, self.minimum), self.maximum)


CHAT_PARAMS: tuple[ParamSpec, ...] = (
    ParamSpec("temperature", float, 0.0, 2.0, 1.0, 0.05),
    ParamSpec("top_p", float, 0.0, 1.0, 1.0, 0.01),
    ParamSpec("max_tokens", int, 1, 1_000_000, 1024, 1, 0, slider_max=16384),
    ParamSpec("presence_penalty", float, -2.0, 2.0, 0.0, 0.05),
    ParamSpec("frequency_penalty", float, -2.0, 2.0, 0.0, 0.05),
)
N_SPEC = ParamSpec("n", int, 1, 128, 1, 1, 0, slider_max=16)
TOP_LOGPROBS_SPEC = ParamSpec("top_logprobs", int, 0, 20, 5, 1, 0)
SPECS = {s.name: s for s in (*CHAT_PARAMS, N_SPEC, TOP_LOGPROBS_SPEC)}

MAX_STOP = 4
BIAS_MIN, BIAS_MAX = -100, 100
SEED_MIN, SEED_MAX = -(2**63), 2**63 - 1  # the API's seed is a signed 64-bit integer
RESPONSE_FORMATS = ("text", "json_object", "json_schema")
SCHEMA_NAME = re.compile(r"[A-Za-z0-9_-]{1,64}")  # OpenAI's rule for json_schema.name

# Every parameter the panel can send, in the order the panel shows them.
ALL_PARAMS = (
    "temperature",
    "top_p",
    "max_tokens",
    "presence_penalty",
    "frequency_penalty",
    "stop",
    "seed",
    "n",
    "response_format",
    "logprobs",
    "top_logprobs",
    "logit_bias",
    "user",
)


class ParamError(ValueError):
    """A value that cannot be sent; str() is a message for the user, starting with the name."""


# -- escapes (stop sequences are mostly invisible characters) -------------------------------

_SHOW = {"\n": "\\n", "\t": "\\t", "\r": "\\r", "\\": "\\\\"}
_UNESCAPE = {"n": "\n", "t": "\t", "r": "\r", "\\": "\\", '"': '"', "'": "'", "0": "\0"}


def escape_text(s: str) -> str:
    """`s` with newlines, tabs, backslashes and other control characters written as escapes."""
    out = []
    for ch in s:
        if ch in _SHOW:
            out.append(_SHOW[ch])
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return "".join(out)


def unescape_text(s: str) -> str:
    """The reverse of escape_text: \\n \\t \\r \\\\ \\" \\' \\0 and \\uXXXX; ValueError else."""
    out = []
    i = 0
    while i < len(s):
        ch = s[i]
        if ch != "\\":
            out.append(ch)
            i += 1
            continue
        if i + 1 >= len(s):
            raise ValueError(
                QT_TRANSLATE_NOOP("Params", "a lone \\ at the end (write \\\\ for a backslash)")
            )
        nxt = s[i + 1]
        if nxt in _UNESCAPE:
            out.append(_UNESCAPE[nxt])
            i += 2
        elif nxt == "u" and re.fullmatch(r"[0-9A-Fa-f]{4}", s[i + 2 : i + 6]):
            out.append(chr(int(s[i + 2 : i + 6], 16)))
            i += 6
        else:
            raise ValueError(
                QT_TRANSLATE_NOOP(
                    "Params", "unknown escape \\{0} (write \\\\ for a backslash)"
                ).format(nxt)
            )
    return "".join(out)


# -- stop ------------------------------------------------------------------------------------


def _bare_ok(seq: str) -> bool:
    """Can this sequence be written without quotes and read back the same?"""
    return (
        bool(seq)
        and seq == seq.strip(" ")  # other whitespace is shown as an escape
        and not any(c in seq for c in ',"')
        and not seq.startswith(("[", "'"))
    )


def format_stop(seqs: Sequence[str]) -> str:
    """Stop sequences as the panel shows them: comma separated, escapes shown, quoted when
    needed (a comma, a quote or spaces at either end)."""
    if all(_bare_ok(s) for s in seqs):
        return ", ".join(escape_text(s) for s in seqs)
    return ", ".join(json.dumps(s, ensure_ascii=False) for s in seqs)


def _split_quoted(text: str) -> list[str]:
    """Comma-separated items where an item may be a JSON string ("..." with escapes)."""
    items: list[str] = []
    i, n = 0, len(text)
    dec = json.JSONDecoder()
    while True:
        while i < n and text[i] in " \t":
            i += 1
        if i < n and text[i] == '"':
            try:
                value, end = dec.raw_decode(text, i)
            except json.JSONDecodeError as exc:
                raise ParamError(
                    QT_TRANSLATE_NOOP(
                        "Params",
                        "stop: a quoted sequence is not closed or has a bad escape (column {0})",
                    ).format(exc.colno)
                ) from None
            items.append(value)
            i = end
            while i < n and text[i] in " \t":
                i += 1
        else:
            j = text.find(",", i)
            j = n if j < 0 else j
            raw = text[i:j].strip(" \t")
            try:
                items.append(unescape_text(raw))
            except ValueError as exc:
                raise ParamError(
                    QT_TRANSLATE_NOOP("Params", "stop: {0}").format(message_of(exc))
                ) from None
            i = j
        if i >= n:
            return items
        if text[i] != ",":
            raise ParamError(
                QT_TRANSLATE_NOOP(
                    "Params", "stop: expected a comma after a quoted sequence (column {0})"
                ).format(i + 1)
            )
        i += 1


def _too_many_stops(n: int) -> Text:
    return QT_TRANSLATE_NOOP("Params", "stop: at most {0} sequences ({1} given)").format(
        MAX_STOP, n
    )


def parse_stop(text: str) -> list[str]:
    """The stop sequences written in the panel, or ParamError: comma separated,
    with escapes (\\n, \\t, \\\\), a sequence in double quotes keeps spaces and commas.

    A JSON list (`["a", "b"]`) is taken as well. A real newline typed or pasted counts as one.
    """
    if not text.strip(" \t"):
        return []
    stripped = text.strip(" \t")
    if stripped.startswith("["):
        try:
            data = json.loads(stripped)
        except json.JSONDecodeError as exc:
            raise ParamError(
                QT_TRANSLATE_NOOP("Params", "stop: not a valid JSON list ({0}, column {1})").format(
                    exc.msg, exc.colno
                )
            ) from None
        if not isinstance(data, list) or not all(isinstance(s, str) for s in data):
            raise ParamError(
                QT_TRANSLATE_NOOP("Params", "stop: the JSON list must hold strings only")
            )
        seqs: list[str] = data
    else:
        seqs = _split_quoted(text)
    for i, s in enumerate(seqs, 1):
        if s == "":
            raise ParamError(QT_TRANSLATE_NOOP("Params", "stop: sequence {0} is empty").format(i))
    if len(seqs) > MAX_STOP:
        raise ParamError(_too_many_stops(len(seqs)))
    return seqs


# -- seed ------------------------------------------------------------------------------------


_SEED_WHOLE = QT_TRANSLATE_NOOP("Params", "seed: must be a whole number")


def _seed_range() -> Text:
    return QT_TRANSLATE_NOOP(
        "Params", "seed: must be between {0} and {1} (a 64-bit integer)"
    ).format(SEED_MIN, SEED_MAX)


def parse_seed(text: str) -> int:
    t = text.strip().replace("_", "")
    if not re.fullmatch(r"[+-]?\d+", t):
        raise ParamError(_SEED_WHOLE)
    value = int(t)
    if not SEED_MIN <= value <= SEED_MAX:
        raise ParamError(_seed_range())
    return value


# -- logit_bias ------------------------------------------------------------------------------


def json_error_text(exc: json.JSONDecodeError) -> Text:
    """'line 3, column 5: expected ','' from a JSON error, for a user who edits JSON."""
    msg: str = exc.msg
    m = re.fullmatch(r"Expecting '(.)' delimiter", msg)
    if m:
        msg = QT_TRANSLATE_NOOP("Params", "expected '{0}'").format(m.group(1))
    elif msg.startswith("Expecting "):
        # the rest is Python's own words ("property name enclosed in double quotes")
        msg = QT_TRANSLATE_NOOP("Params", "expected {0}").format(msg[len("Expecting ") :])
    elif msg.startswith("Extra data"):
        msg = QT_TRANSLATE_NOOP("Params", "unexpected text after the end")
    else:
        msg = msg[:1].lower() + msg[1:]
    return QT_TRANSLATE_NOOP("Params", "line {0}, column {1}: {2}").format(
        exc.lineno, exc.colno, msg
    )


def _bias_value(key: str, v: Any) -> int:
    if isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v):
        raise ParamError(
            QT_TRANSLATE_NOOP("Params", "logit_bias: bias for {0} must be a number").format(key)
        )
    if not BIAS_MIN <= v <= BIAS_MAX:
        raise ParamError(
            QT_TRANSLATE_NOOP(
                "Params", "logit_bias: bias for {0} must be between {1} and {2}"
            ).format(key, BIAS_MIN, BIAS_MAX)
        )
    if v != int(v):
        raise ParamError(
            QT_TRANSLATE_NOOP("Params", "logit_bias: bias for {0} must be a whole number").format(
                key
            )
        )
    return int(v)


def _token_key(k: Any) -> str:
    s = str(k).strip()
    if not re.fullmatch(r"\d{1,9}", s):
        raise ParamError(
            QT_TRANSLATE_NOOP(
                "Params", "logit_bias: {0} is not a token id (a whole number, 0 or more)"
            ).format(repr(s))
        )
    return str(int(s))


def check_logit_bias(data: Any) -> dict[str, int]:
    """A logit_bias mapping as sent ({"1234": -100}), or ParamError."""
    if not isinstance(data, dict):
        raise ParamError(
            QT_TRANSLATE_NOOP("Params", "logit_bias: must be an object of token id → bias")
        )
    out: dict[str, int] = {}
    for k, v in data.items():
        key = _token_key(k)
        out[key] = _bias_value(key, v)
    return out


def parse_logit_bias(text: str) -> dict[str, int]:
    """JSON `{"1234": -100}` or pairs `1234: -100, 5678: 5` (also `=`), or ParamError."""
    t = text.strip()
    if not t:
        return {}
    if t.startswith("{"):
        try:
            data = json.loads(t)
        except json.JSONDecodeError as exc:
            raise ParamError(
                QT_TRANSLATE_NOOP("Params", "logit_bias: not valid JSON ({0})").format(
                    json_error_text(exc)
                )
            ) from None
        return check_logit_bias(data)
    out: dict[str, Any] = {}
    for part in re.split(r"[,;\n]+", t):
        part = part.strip()
        if not part:
            continue
        m = re.fullmatch(r"(\S+?)\s*[:=]\s*(\S+)", part)
        if not m:
            raise ParamError(
                QT_TRANSLATE_NOOP(
                    "Params", "logit_bias: write token id: bias, e.g. 1234: -100 (not {0})"
                ).format(repr(part))
            )
        try:
            value: Any = float(m.group(2))
        except ValueError:
            raise ParamError(
                QT_TRANSLATE_NOOP(
                    "Params", "logit_bias: bias for {0} must be a number (not {1})"
                ).format(m.group(1), repr(m.group(2)))
            ) from None
        out[m.group(1)] = value
    return check_logit_bias(out)


def format_logit_bias(bias: dict[str, int]) -> str:
    return json.dumps(bias, ensure_ascii=False, separators=(", ", ": ")) if bias else ""


# -- response_format -------------------------------------------------------------------------


def parse_json_object(text: str, what: str) -> dict[str, Any]:
    """The JSON object in `text`, or ParamError naming `what` and where the error is."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ParamError(
            QT_TRANSLATE_NOOP("Params", "{0}: not valid JSON ({1})").format(
                what, json_error_text(exc)
            )
        ) from None
    except RecursionError:
        raise ParamError(
            QT_TRANSLATE_NOOP("Params", "{0}: nested too deeply").format(what)
        ) from None
    if not isinstance(data, dict):
        raise ParamError(
            QT_TRANSLATE_NOOP("Params", "{0}: must be a JSON object {{…}}").format(what)
        )
    return data


_SCHEMA_OBJECT = QT_TRANSLATE_NOOP("Params", "response_format: the schema must be a JSON object")


def json_schema_format(
    name: str, schema: dict[str, Any], strict: bool = True, description: str = ""
) -> dict[str, Any]:
    """The response_format body for a JSON schema, in OpenAI's shape, or ParamError."""
    if not SCHEMA_NAME.fullmatch(name):
        raise ParamError(
            QT_TRANSLATE_NOOP(
                "Params",
                "response_format: the schema name must be 1–64 letters, digits, _ or - (not {0})",
            ).format(repr(name))
        )
    if not isinstance(schema, dict):
        raise ParamError(_SCHEMA_OBJECT)
    inner: dict[str, Any] = {"name": name}
    if description:
        inner["description"] = description
    inner["schema"] = schema
    inner["strict"] = bool(strict)
    return {"type": "json_schema", "json_schema": inner}


def check_response_format(data: Any) -> dict[str, Any]:
    """A response_format as sent, or ParamError."""
    if not isinstance(data, dict) or data.get("type") not in RESPONSE_FORMATS:
        raise ParamError(
            QT_TRANSLATE_NOOP(
                "Params", "response_format: type must be text, json_object or json_schema"
            )
        )
    kind = data["type"]
    if kind != "json_schema":
        return {"type": kind}
    js = data.get("json_schema")
    if not isinstance(js, dict):
        raise ParamError(
            QT_TRANSLATE_NOOP("Params", "response_format: json_schema needs a name and a schema")
        )
    name = js.get("name")
    schema = js.get("schema")
    desc = js.get("description")
    strict = js.get("strict", True)
    if not isinstance(schema, dict):
        raise ParamError(_SCHEMA_OBJECT)
    return json_schema_format(
        name if isinstance(name, str) else "",
        schema,
        strict if isinstance(strict, bool) else True,
        desc if isinstance(desc, str) else "",
    )


def strict_schema_issues(schema: Any, path: str = "$") -> list[str]:
    """What OpenAI's strict mode will refuse: objects without "additionalProperties": false,
    or with properties that are not all required. Advice shown while editing, not a block."""
    issues: list[str] = []
    if isinstance(schema, dict):
        if schema.get("type") == "object" or "properties" in schema:
            if schema.get("additionalProperties") is not False:
                issues.append(
                    QT_TRANSLATE_NOOP(
                        "Params", '{0}: strict mode needs "additionalProperties": false'
                    ).format(path)
                )
            props = schema.get("properties")
            if isinstance(props, dict):
                req = schema.get("required")
                missing = [p for p in props if not isinstance(req, list) or p not in req]
                if missing:
                    issues.append(
                        QT_TRANSLATE_NOOP(
                            "Params",
                            "{0}: strict mode needs every property in required (missing: {1})",
                        ).format(path, ", ".join(missing))
                    )
        for key, value in schema.items():
            if key in ("properties", "$defs", "definitions") and isinstance(value, dict):
                for name, sub in value.items():
                    issues.extend(strict_schema_issues(sub, f"{path}.{name}"))
            elif key in ("items", "anyOf", "allOf", "oneOf"):
                subs = value if isinstance(value, list) else [value]
                for i, sub in enumerate(subs):
                    suffix = "[]" if key == "items" else f".{key}[{i}]"
                    issues.extend(strict_schema_issues(sub, f"{path}{suffix}"))
    return issues[:20]


# -- checking and cleaning whole parameter dicts ---------------------------------------------


def _finite_number(v: Any) -> bool:
    return not isinstance(v, bool) and isinstance(v, (int, float)) and math.isfinite(v)


def check_param(name: str, value: Any) -> str | None:
    """What is wrong with one parameter value as it would be sent, in words; None when fine."""
    spec = SPECS.get(name)
    try:
        if spec is not None:
            if not _finite_number(value):
                return QT_TRANSLATE_NOOP("Params", "{0}: must be a number").format(name)
            if not spec.minimum <= value <= spec.maximum:
                lo, hi = spec.minimum, spec.maximum
                if spec.kind is int:
                    lo, hi = int(lo), int(hi)
                return QT_TRANSLATE_NOOP("Params", "{0}: must be between {1} and {2}").format(
                    name, lo, hi
                )
            if spec.kind is int and value != int(value):
                return QT_TRANSLATE_NOOP("Params", "{0}: must be a whole number").format(name)
        elif name == "stop":
            seqs = [value] if isinstance(value, str) else value
            if not isinstance(seqs, list) or not all(isinstance(s, str) for s in seqs):
                return QT_TRANSLATE_NOOP("Params", "stop: must be a text or a list of texts")
            if len(seqs) > MAX_STOP:
                return _too_many_stops(len(seqs))
            if any(s == "" for s in seqs):
                return QT_TRANSLATE_NOOP("Params", "stop: a sequence is empty")
        elif name == "seed":
            if isinstance(value, bool) or not isinstance(value, int):
                return _SEED_WHOLE
            if not SEED_MIN <= value <= SEED_MAX:
                return _seed_range()
        elif name == "user":
            if not isinstance(value, str) or not value:
                return QT_TRANSLATE_NOOP("Params", "user: must be a non-empty text")
        elif name == "logprobs":
            if not isinstance(value, bool):
                return QT_TRANSLATE_NOOP("Params", "logprobs: must be true or false")
        elif name == "logit_bias":
            check_logit_bias(value)
        elif name == "response_format":
            check_response_format(value)
        else:
            return QT_TRANSLATE_NOOP("Params", "{0}: not a parameter Chatterdesk knows").format(
                name
            )
    except ParamError as exc:
        return str(message_of(exc))
    return None


def check_params(params: dict[str, Any]) -> list[str]:
    """Every problem in a parameter dict, in words; empty when it can be sent as it is."""
    out = [m for k, v in params.items() if (m := check_param(k, v)) is not None]
    if "top_logprobs" in params and params.get("logprobs") is not True:
        out.append(QT_TRANSLATE_NOOP("Params", "top_logprobs: needs logprobs turned on"))
    return out


def _clean(name: str, v: Any) -> Any:
    """The value to keep for one parameter read from a file, or None to drop it."""
    spec = SPECS.get(name)
    if spec is not None:
        if not _finite_number(v) and not (isinstance(v, float) and math.isinf(v)):
            return None
        v = spec.clamp(v)
        return int(v) if spec.kind is int else round(float(v), 4)
    if name == "stop":
        seqs = [v] if isinstance(v, str) else v
        if not isinstance(seqs, list):
            return None
        kept = [s for s in seqs if isinstance(s, str) and s][:MAX_STOP]
        return kept or None
    if name == "seed":
        if isinstance(v, bool) or not isinstance(v, (int, float)):
            return None
        if isinstance(v, float) and (not math.isfinite(v) or v != int(v)):
            return None
        return min(max(int(v), SEED_MIN), SEED_MAX)
    if name == "user":
        return v if isinstance(v, str) and v else None
    if name == "logprobs":
        return v if isinstance(v, bool) else None
    if name == "logit_bias":
        if not isinstance(v, dict):
            return None
        bias: dict[str, int] = {}
        for k, b in v.items():
            try:
                key = _token_key(k)
            except ParamError:
                continue
            if _finite_number(b):
                bias[key] = round(min(max(b, BIAS_MIN), BIAS_MAX))
        return bias or None
    if name == "response_format":
        try:
            return check_response_format(v)
        except (ParamError, TypeError):
            return None
    return None


def validate_params(params: dict[str, Any]) -> dict[str, Any]:
    """Keep known parameters with valid values (numbers clamped), drop anything else.

    Used on parameters read from settings and conversation files. top_logprobs without
    logprobs is dropped, as the API would refuse it.
    """
    out: dict[str, Any] = {}
    if not isinstance(params, dict):
        return out
    for k, v in params.items():
        if not isinstance(k, str):
            continue
        cleaned = _clean(k, v)
        if cleaned is not None:
            out[k] = cleaned
    if "top_logprobs" in out and out.get("logprobs") is not True:
        del out["top_logprobs"]
    return out


# The model rules live in model_rules (built-in rules, user overrides, learned drops); these two
# keep the simple built-in view for callers that have no RuleStore.


def is_reasoning_model(model: str) -> bool:
    return builtin(model).reasoning_effort


def adapt_params(model: str, params: dict[str, Any]) -> dict[str, Any]:
    """The parameters as this model takes them, by the built-in rules."""
    return adapt(params, builtin(model))
