"""What each model accepts: built-in rules, user overrides and parameters learned from a 400.

Reasoning models (o1, o3, o4-mini, gpt-5 …) take `max_completion_tokens` instead of
`max_tokens`, only the default temperature/top_p, no penalties and no logprobs, and they take
`reasoning_effort`; the "-chat" variants (gpt-5-chat-latest) take sampling parameters. Servers
differ, so the user can override any rule per model, and when a server answers 400 naming a
parameter it does not support, the parameter is remembered as dropped for that model.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from app.api.errors import ApiError, ErrorKind

from .atomic import write_atomic
from .jsonfile import load_json_object

log = logging.getLogger("chatterdesk.core")

PARAMS_SAMPLING = ("temperature", "top_p")
PARAMS_PENALTIES = ("presence_penalty", "frequency_penalty")
PARAMS_LOGPROBS = ("logprobs", "top_logprobs")
MAX_TOKENS_PARAMS = ("max_tokens", "max_completion_tokens")
RULES_VERSION = 1


@dataclass(frozen=True)
class Capabilities:
    max_tokens_param: str = "max_tokens"  # or "max_completion_tokens"
    sampling: bool = True  # temperature/top_p accepted
    penalties: bool = True
    logprobs: bool = True
    reasoning_effort: bool = False
    dropped: frozenset[str] = frozenset()


OVERRIDABLE: dict[str, type] = {
    f.name: (str if f.name == "max_tokens_param" else bool)
    for f in fields(Capabilities)
    if f.name != "dropped"
}

# o1, o3-mini, o4-mini, gpt-5, gpt-5-mini …, also behind a vendor prefix (openai/o3-mini).
_REASONING = re.compile(r"^(?:[\w.-]+/)*(?:o\d|gpt-5)(?![a-z])", re.IGNORECASE)
REASONING = Capabilities(
    max_tokens_param="max_completion_tokens",
    sampling=False,
    penalties=False,
    logprobs=False,
    reasoning_effort=True,
)


def builtin(model: str) -> Capabilities:
    """The built-in rules for a model id."""
    m = model.strip()
    if _REASONING.match(m) and "-chat" not in m.lower():
        return REASONING
    return Capabilities()


def _check_field(name: str, value: Any) -> None:
    kind = OVERRIDABLE.get(name)
    if kind is None:
        raise ValueError(f"unknown capability {name!r}")
    if not isinstance(value, kind):
        raise ValueError(f"capability {name!r} takes a {kind.__name__}")
    if name == "max_tokens_param" and value not in MAX_TOKENS_PARAMS:
        raise ValueError(f"max_tokens_param must be one of {MAX_TOKENS_PARAMS}")


class RuleStore:
    """Per-model user overrides and learned drops, in a JSON file in the config folder."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._overrides: dict[str, dict[str, bool | str]] = {}
        self._dropped: dict[str, set[str]] = {}
        self._load()

    def _load(self) -> None:
        data = load_json_object(
            self.path, "model rules", lambda d: isinstance(d.get("models", {}), dict)
        )
        if data is None:
            return
        for model, entry in data.get("models", {}).items():
            if not isinstance(entry, dict) or not str(model).strip():
                continue
            ov = entry.get("overrides")
            if isinstance(ov, dict):
                good: dict[str, bool | str] = {}
                for k, v in ov.items():
                    try:
                        _check_field(k, v)
                    except ValueError:
                        continue
                    good[k] = v
                if good:
                    self._overrides[model] = good
            dr = entry.get("dropped")
            if isinstance(dr, list):
                names = {p for p in dr if isinstance(p, str) and p}
                if names:
                    self._dropped[model] = names

    def _save(self) -> None:
        models: dict[str, dict[str, Any]] = {}
        for model in sorted(set(self._overrides) | set(self._dropped)):
            entry: dict[str, Any] = {}
            if self._overrides.get(model):
                entry["overrides"] = dict(self._overrides[model])
            if self._dropped.get(model):
                entry["dropped"] = sorted(self._dropped[model])
            if entry:
                models[model] = entry
        data = {"version": RULES_VERSION, "models": models}
        try:
            write_atomic(self.path, json.dumps(data, indent=2, ensure_ascii=False).encode("utf-8"))
        except OSError as exc:
            log.warning("could not save model rules %s: %s", self.path, exc)

    # -- queries --------------------------------------------------------------------------

    def capabilities(self, model: str) -> Capabilities:
        """Built-in rules, then the user's overrides, plus the parameters learned as refused."""
        model = model.strip()
        caps = builtin(model)
        ov = self._overrides.get(model)
        if ov:
            caps = replace(caps, **ov)  # type: ignore[arg-type]
        dropped = self._dropped.get(model)
        if dropped:
            caps = replace(caps, dropped=caps.dropped | frozenset(dropped))
        return caps

    def overrides(self, model: str) -> dict[str, bool | str]:
        return dict(self._overrides.get(model.strip(), {}))

    def dropped(self, model: str) -> frozenset[str]:
        return frozenset(self._dropped.get(model.strip(), set()))

    # -- changes --------------------------------------------------------------------------

    def override(self, model: str, **fields: bool | str) -> None:
        """Set rules for a model, e.g. override("my-o3-proxy", sampling=True). Persisted."""
        model = model.strip()
        if not model:
            raise ValueError("empty model id")
        for k, v in fields.items():
            _check_field(k, v)
        if not fields:
            return
        self._overrides.setdefault(model, {}).update(fields)
        self._save()

    def clear_override(self, model: str) -> None:
        if self._overrides.pop(model.strip(), None) is not None:
            self._save()

    def drop(self, model: str, param: str) -> None:
        """Remember a parameter the server refused for this model. Persisted."""
        model = model.strip()
        if not model or not param:
            return
        names = self._dropped.setdefault(model, set())
        if param not in names:
            names.add(param)
            self._save()

    def forget_drop(self, model: str, param: str) -> None:
        model = model.strip()
        names = self._dropped.get(model)
        if names and param in names:
            names.discard(param)
            if not names:
                del self._dropped[model]
            self._save()


def blocked_params(caps: Capabilities) -> dict[str, str]:
    """Parameter name -> why it is not sent, for the ones the UI should grey out."""
    who = "This reasoning model" if caps.reasoning_effort else "This model"
    out: dict[str, str] = {}
    if not caps.sampling:
        out["temperature"] = f"{who} takes only the default temperature."
        out["top_p"] = f"{who} takes only the default top_p."
    if not caps.penalties:
        out["presence_penalty"] = f"{who} does not take a presence penalty."
        out["frequency_penalty"] = f"{who} does not take a frequency penalty."
    if not caps.logprobs:
        out["logprobs"] = f"{who} does not return log probabilities."
        out["top_logprobs"] = f"{who} does not return log probabilities."
    if not caps.reasoning_effort:
        out["reasoning_effort"] = "This model does not take a reasoning effort."
    for p in sorted(caps.dropped):
        out.setdefault(p, "The server refused this parameter for this model.")
    return out


def adapt(params: dict[str, Any], caps: Capabilities) -> dict[str, Any]:
    """The parameters as this model takes them (a new dict; the input is left alone)."""
    out = dict(params)
    want = caps.max_tokens_param
    other = "max_tokens" if want == "max_completion_tokens" else "max_completion_tokens"
    if other in out:
        value = out.pop(other)
        out.setdefault(want, value)
    for name in blocked_params(caps):
        out.pop(name, None)
    return out


_UNSUPPORTED = re.compile(
    r"unsupported|not supported|unrecogni[sz]ed|unknown|does not support|not permitted|"
    r"not allowed|extra_forbidden|extra fields",
    re.IGNORECASE,
)
_Q = r"['\"`]?"
_NAME = r"([A-Za-z_][A-Za-z0-9_.]*)"
_MESSAGE_PATTERNS = [
    # "Unsupported parameter: 'max_tokens' is not supported with this model. Use ..."
    re.compile(rf"unsupported (?:parameter|argument|field)s?:?\s*{_Q}{_NAME}", re.IGNORECASE),
    # "Unrecognized request argument supplied: logprobs"
    re.compile(
        rf"unrecogni[sz]ed (?:request )?(?:argument|parameter|field)s?(?: supplied)?:?\s*{_Q}{_NAME}",
        re.IGNORECASE,
    ),
    # "Unknown parameter: 'foo'", "unknown field `foo`", "Unknown argument foo"
    re.compile(
        rf"unknown (?:request )?(?:parameter|argument|field|key)s?:?\s*{_Q}{_NAME}", re.IGNORECASE
    ),
    # "Unsupported value: 'temperature' does not support 0.3 with this model."
    re.compile(rf"unsupported value:?\s*{_Q}{_NAME}", re.IGNORECASE),
    # "temperature does not support 0.3 with this model", "'logprobs' is not supported ..."
    re.compile(
        rf"{_Q}{_NAME}{_Q}\s+(?:does not support|is not supported|are not supported|"
        rf"is unsupported|is not allowed|is not permitted)",
        re.IGNORECASE,
    ),
    # pydantic (vLLM, 422): "{'loc': ('body', 'logprobs'), 'msg': 'Extra inputs are not permitted'"
    re.compile(rf"['\"]loc['\"]:\s*[\[(]\s*['\"]body['\"],\s*{_Q}{_NAME}", re.IGNORECASE),
]
# Never offered for dropping: without these the request makes no sense.
_ESSENTIAL = frozenset({"model", "messages", "prompt", "input", "stream", "body", "value", "this"})


def _clean_param(name: str | None) -> str | None:
    if not name:
        return None
    name = name.strip().strip("'\"`")
    first = name.split(".", 1)[0].split("[", 1)[0]
    if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", first) or first.lower() in _ESSENTIAL:
        return None
    return first


def refused_param(err: ApiError) -> str | None:
    """The parameter a 400 named as unsupported (to offer dropping it), else None."""
    if err.kind is not ErrorKind.BAD_REQUEST:
        return None
    message = err.server_message or ""
    if not message and isinstance(err.body, dict):
        message = json.dumps(err.body)
    if err.param and _UNSUPPORTED.search(message):
        p = _clean_param(err.param)
        if p is not None:
            return p
    for pattern in _MESSAGE_PATTERNS:
        m = pattern.search(message)
        if m:
            p = _clean_param(m.group(1))
            if p is not None:
                return p
    return None
