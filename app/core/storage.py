"""Conversation files: one readable JSON file per conversation, written so it is never lost.

Format `chatterdesk.conversation`, version 1 (documented in docs/conversation-format.md). Saving
is atomic with the previous version kept as `.bak`; loading validates, migrates older versions,
opens files from a newer version read-only, and reports a damaged file without touching it.
"""

from __future__ import annotations

import json
import math
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from .atomic import write_atomic
from .conversation import Conversation, Message, Status
from .i18n import QT_TRANSLATE_NOOP

FORMAT = "chatterdesk.conversation"
VERSION = 1
SUFFIX = ".chat.json"


class ConversationFileError(Exception):
    """The one error type of loading: the file is unreadable, damaged or not a conversation."""

    def __init__(self, path: Path | None, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(f"{path}: {reason}" if path else reason)


@dataclass
class Loaded:
    conversation: Conversation
    path: Path | None
    read_only: bool = False  # written by a newer Chatterdesk: shown, never overwritten
    notice: str | None = None
    recovered: bool = False  # an answer was interrupted (the app or the machine died mid-answer)


# -- time ----------------------------------------------------------------------------------
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def iso(ts: float) -> str:
    """UTC, to the nearest millisecond, in integer arithmetic: loading and saving again gives
    the same string (going through float microseconds could lose a millisecond per save)."""
    dt = _EPOCH + timedelta(milliseconds=round(ts * 1000))
    return dt.isoformat(timespec="milliseconds").replace("+00:00", "Z")


# What `iso` can write: 0001-01-01 to 9999-12-31 (UTC). A time outside it (or NaN) is replaced
# by the default on load, so a conversation that loaded can always be saved again.
_MIN_TS = datetime(1, 1, 2, tzinfo=UTC).timestamp()
_MAX_TS = datetime(9999, 12, 30, tzinfo=UTC).timestamp()


def parse_time(v: Any, default: float) -> float:
    """An ISO 8601 string (UTC when it has no offset) or a Unix time; `default` if invalid."""
    ts: float | None = None
    if isinstance(v, bool):
        return default
    try:
        if isinstance(v, (int, float)):
            ts = float(v)
        elif isinstance(v, str) and v:
            dt = datetime.fromisoformat(v.replace("Z", "+00:00"))
            if dt.tzinfo is None:
                dt = dt.replace(tzinfo=UTC)
            ts = dt.timestamp()
    except (ValueError, OverflowError):
        return default
    if ts is None or not _MIN_TS <= ts <= _MAX_TS:  # also rejects NaN
        return default
    return ts


# -- to and from JSON ------------------------------------------------------------------------
_MESSAGE_OPTIONAL = (
    "model",
    "error",
    "finish_reason",
    "usage",
    "ttft",
    "total_time",
    "response_id",
    "system_fingerprint",
    "logprobs",
    "request",
    "response",
    "choice_index",
    "choice_group",
)


def message_to_dict(m: Message) -> dict[str, Any]:
    d: dict[str, Any] = {
        "id": m.id,
        "parent": m.parent,
        "role": m.role,
        "content": m.content,
        "created": iso(m.created),
        "status": m.status,
    }
    if m.reasoning:
        d["reasoning"] = m.reasoning
    if m.params:
        d["params"] = m.params
    for k in _MESSAGE_OPTIONAL:
        v = getattr(m, k)
        if v is not None:
            d[k] = v
    if m.chunks:
        d["chunks"] = m.chunks
    return d


def to_dict(c: Conversation) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "version": VERSION,
        "id": c.id,
        "title": c.title,
        "title_custom": c.title_custom,
        "created": iso(c.created),
        "updated": iso(c.updated),
        "provider": {"name": c.provider_name, "base_url": c.base_url},
        "model": c.model,
        "system_prompt": c.system_prompt,
        "params": c.params,
        "stream": c.stream,
        "include_usage": c.include_usage,
        "tts": c.tts,
        **({"mode": c.mode} if c.mode != "chat" else {}),
        **({"completion": c.completion} if c.completion else {}),
        "current": c.current,
        "messages": [message_to_dict(m) for m in c.nodes.values()],
    }


def dumps(c: Conversation) -> bytes:
    return _encode(json.dumps(to_dict(c), indent=2, ensure_ascii=False))


def _encode(text: str) -> bytes:
    # A lone surrogate (from a file with "\ud800", or pasted text) cannot be encoded as UTF-8; it
    # can only stand inside a JSON string, where "backslashreplace" writes it back as the same
    # JSON escape, so the file stays valid UTF-8 and loads back to the same text.
    return text.encode("utf-8", "backslashreplace") + b"\n"


def snapshot(c: Conversation) -> str:
    """The conversation as compact JSON, taken on the UI thread: json's C encoder (used without
    indent) is several times faster than the indenting one and holds the GIL throughout, so
    the snapshot is consistent even while an answer streams into the conversation."""
    return json.dumps(to_dict(c), ensure_ascii=False)


def render_snapshot(snap: str) -> bytes:
    """The file's bytes from a snapshot, exactly as dumps() writes them: for a worker thread."""
    return _encode(json.dumps(json.loads(snap), indent=2, ensure_ascii=False))


def _str(d: dict[str, Any], k: str, default: str = "") -> str:
    v = d.get(k)
    return v if isinstance(v, str) else default


def _opt_str(d: dict[str, Any], k: str) -> str | None:
    v = d.get(k)
    return v if isinstance(v, str) else None


def _opt_num(d: dict[str, Any], k: str) -> float | None:
    v = d.get(k)
    if not isinstance(v, (int, float)) or isinstance(v, bool):
        return None
    try:
        f = float(v)
    except OverflowError:  # an integer too large for a float
        return None
    return f if math.isfinite(f) else None


def _opt_int(d: dict[str, Any], k: str) -> int | None:
    v = d.get(k)
    return v if isinstance(v, int) and not isinstance(v, bool) else None


def _dict(d: dict[str, Any], k: str) -> dict[str, Any]:
    v = d.get(k)
    return dict(v) if isinstance(v, dict) else {}


def message_from_dict(d: dict[str, Any], now: float) -> Message:
    role = _str(d, "role", "user") or "user"
    chunks = d.get("chunks")
    usage = d.get("usage")
    return Message(
        role=role,
        content=_str(d, "content"),
        id=_str(d, "id") or Message(role=role).id,
        parent=_opt_str(d, "parent"),
        created=parse_time(d.get("created"), now),
        model=_opt_str(d, "model"),
        params=_dict(d, "params"),
        reasoning=_str(d, "reasoning"),
        status=_str(d, "status", Status.OK) or Status.OK,
        error=_opt_str(d, "error"),
        finish_reason=_opt_str(d, "finish_reason"),
        usage=dict(usage) if isinstance(usage, dict) else None,
        ttft=_opt_num(d, "ttft"),
        total_time=_opt_num(d, "total_time"),
        response_id=_opt_str(d, "response_id"),
        system_fingerprint=_opt_str(d, "system_fingerprint"),
        chunks=chunks if isinstance(chunks, int) and not isinstance(chunks, bool) else 0,
        logprobs=d.get("logprobs"),
        request=_dict(d, "request") or None,
        response=_dict(d, "response") or None,
        choice_index=_opt_int(d, "choice_index"),
        choice_group=_opt_str(d, "choice_group"),
    )


def from_dict(d: Any, path: Path | None = None) -> Loaded:
    """Validate (and migrate) a parsed file. Raises ConversationFileError only."""
    if not isinstance(d, dict) or d.get("format") != FORMAT:
        raise ConversationFileError(
            path, QT_TRANSLATE_NOOP("Storage", "not a Chatterdesk conversation file")
        )
    version = d.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 0:
        raise ConversationFileError(
            path, QT_TRANSLATE_NOOP("Storage", "the file has no valid format version")
        )
    read_only = False
    notice = None
    if version > VERSION:
        read_only = True
        notice = f"written by a newer Chatterdesk (format version {version})"
    else:
        for v in range(version, VERSION):
            try:
                d = MIGRATIONS[v](d)
            except (TypeError, ValueError, KeyError, AttributeError) as exc:
                raise ConversationFileError(
                    path,
                    QT_TRANSLATE_NOOP(
                        "Storage", "the file could not be converted from format version {0} ({1})"
                    ).format(v, exc),
                ) from exc
    now = time.time()
    raw_messages = d.get("messages")
    if not isinstance(raw_messages, list):
        raise ConversationFileError(
            path, QT_TRANSLATE_NOOP("Storage", "the file has no message list")
        )
    c = Conversation(
        id=_str(d, "id") or Conversation().id,
        title=_str(d, "title"),
        title_custom=d.get("title_custom") is True,
        created=parse_time(d.get("created"), now),
        updated=parse_time(d.get("updated"), now),
        model=_str(d, "model"),
        system_prompt=_str(d, "system_prompt"),
        params=_dict(d, "params"),
        stream=d.get("stream") is not False,
        include_usage=d.get("include_usage") is not False,
        tts=_dict(d, "tts"),
        mode="completion" if d.get("mode") == "completion" else "chat",
        completion=_dict(d, "completion"),
    )
    provider = _dict(d, "provider")
    c.provider_name = _str(provider, "name")
    c.base_url = _str(provider, "base_url")
    recovered = False
    for raw in raw_messages:
        if not isinstance(raw, dict):
            raise ConversationFileError(
                path, QT_TRANSLATE_NOOP("Storage", "a message is not an object")
            )
        m = message_from_dict(raw, now)
        if m.id in c.nodes:
            raise ConversationFileError(
                path, QT_TRANSLATE_NOOP("Storage", "two messages share the id {0}").format(m.id)
            )
        if m.status == Status.STREAMING:
            m.status = Status.INTERRUPTED
            recovered = True
        c.nodes[m.id] = m
    for m in c.nodes.values():  # a parent that is missing makes the message a root
        if m.parent is not None and m.parent not in c.nodes:
            m.parent = None
    _break_cycles(c.nodes)
    cur = _opt_str(d, "current")
    if cur not in c.nodes:
        cur = next(reversed(c.nodes)) if c.nodes else None
    c.current = cur
    c.rebuild_path()
    return Loaded(c, path, read_only=read_only, notice=notice, recovered=recovered)


def _break_cycles(nodes: dict[str, Message]) -> None:
    """A damaged file can make messages their own ancestors; make one of each loop a root.

    Without this, walking down such a loop (switching branches) would never end.
    """
    done: set[str] = set()
    for m in nodes.values():
        walk: set[str] = set()
        node: Message | None = m
        while node is not None and node.id not in done and node.id not in walk:
            walk.add(node.id)
            node = nodes.get(node.parent) if node.parent is not None else None
        if node is not None and node.id in walk:  # came back to a message of this walk
            node.parent = None
        done |= walk


def loads(data: bytes | str, path: Path | None = None) -> Loaded:
    try:
        parsed = json.loads(data)
    except (ValueError, RecursionError) as exc:
        raise ConversationFileError(
            path, QT_TRANSLATE_NOOP("Storage", "the file is damaged ({0})").format(exc)
        ) from exc
    return from_dict(parsed, path)


def load(path: Path) -> Loaded:
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise ConversationFileError(path, exc.strerror or str(exc)) from exc
    return loads(data, path)


def save(c: Conversation, path: Path) -> None:
    """Atomic write; the previous version becomes `<name>.bak`. Raises OSError."""
    write_atomic(path, dumps(c), backup=True)


def backup_path(path: Path) -> Path:
    return path.with_name(path.name + ".bak")


# Migrations from version v to v + 1. Version 1 is the first released format.
MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {}


def _migrate_v0(d: dict[str, Any]) -> dict[str, Any]:
    """v0 (pre-release): a linear `messages` list without ids, `provider` as a plain URL."""
    d = dict(d)
    raw = d.get("messages")
    if not isinstance(raw, list):
        return d  # from_dict reports the missing message list
    msgs = []
    parent = None
    for i, m in enumerate(raw):
        if isinstance(m, dict):
            m = dict(m)
            m.setdefault("id", f"m{i}")
            m.setdefault("parent", parent)
            parent = m["id"]
        msgs.append(m)
    d["messages"] = msgs
    if isinstance(d.get("provider"), str):
        d["provider"] = {"name": "", "base_url": d["provider"]}
    d["version"] = 1
    return d


MIGRATIONS[0] = _migrate_v0


# -- the folder of conversations ---------------------------------------------------------------
@dataclass
class Entry:
    """What the history list shows and searches, read without keeping whole conversations."""

    path: Path
    id: str
    title: str
    updated: float
    # Lower-cased, for full-text search, as UTF-8: held for every conversation, and as a str
    # one emoji would make it four bytes a character (1,000 conversations: 77 -> ~21 MB).
    text: bytes
    error: str | None = None

    def matches(self, words: list[str]) -> bool:
        """Whether every one of the (lower-case) words is in the conversation."""
        return all(search_text(w) in self.text for w in words)


def search_text(text: str) -> bytes:
    return text.lower().encode("utf-8", "surrogatepass")


class ConversationStore:
    """The conversations folder: file names, listing, trash with undo, duplicate."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self.trash = self.folder / ".trash"

    def path_for(self, c: Conversation) -> Path:
        day = datetime.fromtimestamp(c.created, UTC).strftime("%Y-%m-%d")
        return self.folder / f"{day}-{c.id[:8]}{SUFFIX}"

    def files(self) -> list[Path]:
        try:
            return sorted(self.folder.glob(f"*{SUFFIX}"))
        except OSError:
            return []

    def entries(self) -> list[Entry]:
        """Every conversation, newest first; damaged files are listed with their error."""
        return newest_first([self.entry(p) for p in self.files()])

    def read_some(self, paths: list[Path], start: int, seconds: float) -> list[Entry]:
        """The entries of paths[start:], for about `seconds` (at least one): a worker thread
        gives the interpreter back to the UI thread between two such calls."""
        end = time.perf_counter() + seconds
        out = []
        for p in paths[start:]:
            out.append(self.entry(p))
            if time.perf_counter() >= end:
                break
        return out

    def entry(self, p: Path) -> Entry:
        """One file's entry; a damaged file's says why."""
        try:
            c = load(p).conversation
        except ConversationFileError as exc:
            return Entry(p, p.stem, p.name, _mtime(p), search_text(p.name), error=exc.reason)
        return Entry(p, c.id, c.title, c.updated, search_text(c.plain_text()))

    def move_to_trash(self, path: Path) -> Path:
        self.trash.mkdir(parents=True, exist_ok=True)
        target = self.trash / path.name
        if target.exists():
            target = self.trash / f"{int(time.time() * 1000)}-{path.name}"
        os.replace(path, target)
        bak = backup_path(path)
        if bak.exists():
            os.replace(bak, backup_path(target))
        return target

    def restore(self, trashed: Path, original: Path) -> None:
        os.replace(trashed, original)
        bak = backup_path(trashed)
        if bak.exists():
            os.replace(bak, backup_path(original))

    def duplicate(self, c: Conversation, title: str | None = None) -> Conversation:
        """A copy under a new id, titled `title` (default: the title + " (copy)")."""
        copy = loads(dumps(c)).conversation
        fresh = Conversation()
        copy.id = fresh.id
        copy.created = copy.updated = fresh.created
        if title is None:
            title = f"{c.title} (copy)" if c.title else ""
        copy.title = title
        copy.title_custom = c.title_custom
        save(copy, self.path_for(copy))
        return copy


def newest_first(entries: list[Entry]) -> list[Entry]:
    return sorted(entries, key=lambda e: e.updated, reverse=True)


def _mtime(p: Path) -> float:
    try:
        return p.stat().st_mtime
    except OSError:
        return 0.0
