"""Import and export: Markdown for reading, the OpenAI `messages` array for code and other tools."""

from __future__ import annotations

import json
from typing import Any

from .conversation import ROLES, Conversation, Message
from .i18n import QT_TRANSLATE_NOOP
from .storage import iso


class ImportError_(ValueError):
    """A file that is not an OpenAI `messages` array, said in words."""


def to_markdown(c: Conversation) -> str:
    names = {"user": "You", "assistant": "Assistant", "system": "System", "developer": "Developer"}
    lines = [f"# {c.title or 'Conversation'}", ""]
    meta = [f"- Date: {iso(c.created)}"]
    if c.model:
        meta.append(f"- Model: {c.model}")
    if c.base_url:
        meta.append(f"- Server: {c.base_url}")
    if c.params:
        meta.append("- Parameters: " + ", ".join(f"{k}={v}" for k, v in sorted(c.params.items())))
    lines += [*meta, ""]
    if c.system_prompt.strip():
        lines += ["## System prompt", "", c.system_prompt.strip(), ""]
    for m in c.messages:
        title = names.get(m.role, m.role.capitalize())
        if m.role == "assistant" and m.model:
            title += f" ({m.model})"
        lines += [f"## {title}", ""]
        if m.reasoning:
            lines += ["> " + line for line in m.reasoning.strip().splitlines()] + [""]
        lines += [m.content.rstrip(), ""]
        if m.status not in ("ok", "streaming"):
            lines += [f"*({m.status}{': ' + m.error if m.error else ''})*", ""]
    return "\n".join(lines).rstrip() + "\n"


def to_messages(c: Conversation) -> list[dict[str, Any]]:
    """Exactly what the API takes: the system prompt first, then the path shown."""
    return c.request_messages()


def to_messages_json(c: Conversation) -> str:
    return json.dumps(to_messages(c), indent=2, ensure_ascii=False) + "\n"


def from_messages_json(text: str) -> Conversation:
    """A conversation from a `messages` array (or an object with `messages`, like a request)."""
    try:
        data = json.loads(text)
    except (ValueError, RecursionError) as exc:
        raise ImportError_(QT_TRANSLATE_NOOP("Exchange", "not JSON ({0})").format(exc)) from exc
    model = ""
    if isinstance(data, dict):
        m = data.get("model")
        model = m if isinstance(m, str) else ""
        data = data.get("messages")
    if not isinstance(data, list):
        raise ImportError_(
            QT_TRANSLATE_NOOP(
                "Exchange", 'expected a JSON array of messages, or an object with "messages"'
            )
        )
    c = Conversation(model=model)
    system_parts: list[str] = []
    for i, m in enumerate(data):
        if not isinstance(m, dict):
            raise ImportError_(
                QT_TRANSLATE_NOOP("Exchange", "message {0} is not an object").format(i + 1)
            )
        role = m.get("role")
        if role not in ROLES:
            raise ImportError_(
                QT_TRANSLATE_NOOP("Exchange", "message {0} has an unknown role: {1}").format(
                    i + 1, repr(role)
                )
            )
        content = m.get("content")
        if isinstance(content, list):  # content parts: keep the text
            content = "".join(str(p.get("text", "")) for p in content if isinstance(p, dict))
        if content is None:
            content = ""
        if not isinstance(content, str):
            raise ImportError_(
                QT_TRANSLATE_NOOP("Exchange", "message {0} has content that is not text").format(
                    i + 1
                )
            )
        if role == "system" and not c.messages:
            system_parts.append(content)  # leading system messages become the system prompt
            continue
        c.append(Message(role=role, content=content))
    c.system_prompt = "\n\n".join(system_parts)
    return c
