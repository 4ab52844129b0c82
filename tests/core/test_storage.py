"""Conversation files: round trip of every field, validation, recovery, migration, backups, the
conversations folder (listing, search, trash, duplicate) and failing saves."""

from __future__ import annotations

import errno
import json
import os
import tempfile
from pathlib import Path
from typing import Any

import pytest

from app.core import atomic, storage
from app.core.conversation import Conversation, Message, Status
from app.core.storage import ConversationFileError, ConversationStore

from .samples import T0, full_conversation, full_message

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def as_file(d: dict[str, Any]) -> bytes:
    return json.dumps(d).encode()


def minimal(**over: Any) -> dict[str, Any]:
    d: dict[str, Any] = {"format": storage.FORMAT, "version": 1, "messages": []}
    d.update(over)
    return d


def stray_files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


# -- round trip --------------------------------------------------------------------------------
def test_round_trip_of_every_field(tmp_path: Path) -> None:
    c = full_conversation()
    path = ConversationStore(tmp_path).path_for(c)
    storage.save(c, path)
    loaded = storage.load(path)
    assert not loaded.read_only and loaded.notice is None and not loaded.recovered
    assert loaded.path == path
    got = loaded.conversation
    assert got == c  # every dataclass field, including nodes, current and the shown path
    assert list(got.nodes) == list(c.nodes)  # creation order, which orders the branches
    assert got.current == "msg0005" != list(c.nodes)[-1]
    assert [m.id for m in got.messages] == [m.id for m in c.messages]
    assert got.branch_info(2) == (1, 2) and got.branch_info(3) == (1, 3)
    for name in (
        "id", "title", "title_custom", "created", "updated", "provider_name", "base_url",
        "model", "system_prompt", "params", "stream", "include_usage", "tts", "current",
    ):  # fmt: skip
        assert getattr(got, name) == getattr(c, name), name
    for m in c.nodes.values():
        g = got.nodes[m.id]
        for name in m.__dataclass_fields__:
            assert getattr(g, name) == getattr(m, name), (m.id, name)
    assert {m.role for m in got.nodes.values()} == {"system", "developer", "user", "assistant"}
    assert storage.dumps(got) == storage.dumps(c)  # and saving again writes the same bytes


def test_every_message_field_is_written() -> None:
    d = storage.to_dict(full_conversation())
    assert set(d["messages"][0]) == {
        "id", "parent", "role", "content", "created", "model", "params", "reasoning",
        "status", "error", "finish_reason", "usage", "ttft", "total_time", "response_id",
        "system_fingerprint", "chunks", "logprobs", "request", "response", "choice_index",
        "choice_group",
    }  # fmt: skip
    assert d["mode"] == "completion" and d["completion"]["runs"] == [{"text": " a time"}]
    assert d["provider"] == {"name": "Local llama.cpp", "base_url": "http://127.0.0.1:8080/v1"}
    assert "api_key" not in json.dumps(d) and "key" not in d["provider"]


def test_defaults_round_trip_and_are_left_out() -> None:
    c = Conversation(created=T0, updated=T0)
    c.append(Message("user", "", created=T0))
    c.updated = T0
    d = storage.to_dict(c)
    assert set(d["messages"][0]) == {"id", "parent", "role", "content", "created", "status"}
    assert storage.loads(storage.dumps(c)).conversation == c


def test_empty_conversation_round_trips() -> None:
    c = Conversation(created=T0, updated=T0)
    got = storage.loads(storage.dumps(c)).conversation
    assert got == c and got.current is None and got.messages == []


def test_file_layout_utf8_indented_format_first(tmp_path: Path) -> None:
    c = full_conversation()
    store = ConversationStore(tmp_path)
    path = store.path_for(c)
    assert path.name == "2026-01-01-c0ffee00.chat.json" and path.parent == tmp_path
    assert path.name.endswith(storage.SUFFIX) and storage.SUFFIX == ".chat.json"
    storage.save(c, path)
    raw = path.read_bytes()
    text = raw.decode("utf-8")  # strict: valid UTF-8
    assert "Ünïcödé" in text and "🙂 中文" in text  # readable, not \u-escaped
    lines = text.splitlines()
    assert lines[0] == "{" and lines[1] == '  "format": "chatterdesk.conversation",'
    assert lines[2] == '  "version": 1,'
    assert text.endswith("}\n")
    assert list(json.loads(raw))[:2] == ["format", "version"]
    assert '"created": "2026-01-01T00:00:00.125Z"' in text  # ISO 8601, UTC


def test_times_are_kept_to_the_millisecond() -> None:
    c = Conversation(created=T0 + 0.0004567, updated=T0)
    got = storage.loads(storage.dumps(c)).conversation
    assert got.created == T0


def test_times_are_read_from_iso_with_offsets_naive_or_numbers() -> None:
    d = minimal(
        created="2026-01-01T01:00:00.125+01:00",
        updated="2026-01-01T00:00:00.125",  # no offset: UTC, as written
        messages=[{"role": "user", "content": "x", "created": T0}],
    )
    c = storage.loads(as_file(d)).conversation
    assert c.created == T0 and c.updated == T0 and c.messages[0].created == T0


# -- recovery, newer versions ------------------------------------------------------------------
def test_a_streaming_answer_loads_as_interrupted(tmp_path: Path) -> None:
    c = Conversation()
    c.append(Message("user", "tell me a story"))
    c.append(Message("assistant", "Once upon a ti", status=Status.STREAMING, chunks=5))
    path = tmp_path / "x.chat.json"
    storage.save(c, path)
    assert '"status": "streaming"' in path.read_text("utf-8")
    loaded = storage.load(path)
    assert loaded.recovered is True
    m = loaded.conversation.messages[-1]
    assert m.status == Status.INTERRUPTED and m.content == "Once upon a ti" and m.chunks == 5
    assert loaded.conversation.request_messages()[-1]["content"] == "Once upon a ti"
    assert storage.loads(storage.dumps(c)).recovered
    assert not storage.loads(storage.dumps(loaded.conversation)).recovered


def test_a_newer_version_opens_read_only_with_a_notice() -> None:
    d = json.loads(storage.dumps(full_conversation()))
    d["version"] = 99
    d["something_new"] = {"x": 1}
    d["messages"][0]["new_field"] = [1, 2]
    loaded = storage.loads(as_file(d))
    assert loaded.read_only is True
    assert loaded.notice and "newer" in loaded.notice and "99" in loaded.notice
    assert loaded.conversation.title == full_conversation().title
    assert len(loaded.conversation.nodes) == 8


def test_the_current_version_is_not_read_only() -> None:
    loaded = storage.loads(as_file(minimal()))
    assert not loaded.read_only and loaded.notice is None


# -- damaged files -----------------------------------------------------------------------------
VALID = storage.dumps(full_conversation())
DUP = minimal(messages=[{"id": "a", "role": "user"}, {"id": "a", "role": "assistant"}])

DAMAGED: list[tuple[str, bytes, str]] = [
    ("empty", b"", "damaged"),
    ("truncated", VALID[: len(VALID) // 2], "damaged"),
    ("truncated-by-one", VALID[:-2], "damaged"),
    ("not-json", b"hello, world", "damaged"),
    ("binary", bytes(range(256)), "damaged"),
    ("bad-utf8", b'{"format": "\xff\xfe"}', "damaged"),
    ("deep-nesting", b"[" * 100_000 + b"]" * 100_000, "damaged"),
    ("array", b"[1, 2, 3]", "not a Chatterdesk conversation file"),
    ("string", b'"chatterdesk.conversation"', "not a Chatterdesk conversation file"),
    ("null", b"null", "not a Chatterdesk conversation file"),
    ("other-format", as_file(minimal(format="other.app")), "not a Chatterdesk conversation"),
    ("no-format", b'{"version": 1, "messages": []}', "not a Chatterdesk conversation"),
    ("no-version", b'{"format": "chatterdesk.conversation", "messages": []}', "format version"),
    ("string-version", as_file(minimal(version="1")), "format version"),
    ("bool-version", as_file(minimal(version=True)), "format version"),
    ("negative-version", as_file(minimal(version=-1)), "format version"),
    ("float-version", as_file(minimal(version=1.0)), "format version"),
    ("no-messages", b'{"format": "chatterdesk.conversation", "version": 1}', "no message list"),
    ("messages-object", as_file(minimal(messages={"a": {}})), "no message list"),
    ("messages-null", as_file(minimal(messages=None)), "no message list"),
    ("message-not-object", as_file(minimal(messages=[{"role": "user"}, 5])), "not an object"),
    ("duplicate-ids", as_file(DUP), "two messages share the id a"),
    ("v0-messages-number", as_file(minimal(version=0, messages=5)), "no message list"),
    ("v0-message-not-object", as_file(minimal(version=0, messages=["x"])), "not an object"),
]


@pytest.mark.parametrize(("data", "reason"), [d[1:] for d in DAMAGED], ids=[d[0] for d in DAMAGED])
def test_damaged_files_raise_a_readable_error(tmp_path: Path, data: bytes, reason: str) -> None:
    with pytest.raises(ConversationFileError) as info:
        storage.loads(data)
    assert reason in info.value.reason
    assert "\n" not in info.value.reason and len(info.value.reason) < 300
    path = tmp_path / "bad.chat.json"
    path.write_bytes(data)
    with pytest.raises(ConversationFileError) as info:
        storage.load(path)
    assert info.value.path == path and str(path) in str(info.value)
    assert reason in str(info.value)
    assert path.read_bytes() == data  # never touched


def test_a_missing_or_unreadable_file_raises_the_same_error(tmp_path: Path) -> None:
    with pytest.raises(ConversationFileError, match="No such file"):
        storage.load(tmp_path / "nope.chat.json")
    with pytest.raises(ConversationFileError):
        storage.load(tmp_path)  # a folder


def test_tolerated_oddities_load() -> None:
    d = minimal(
        id=5,
        title=None,
        created="yesterday",
        updated=True,
        provider="not an object",
        params=[1],
        tts="loud",
        current="unknown-id",
        messages=[
            {},  # everything defaulted: a user message with a new id
            {"id": "b", "parent": "missing", "role": "", "content": 7, "chunks": True},
            {"id": "c", "parent": "b", "usage": [1], "ttft": "1", "created": None},
        ],
    )
    c = storage.loads(as_file(d)).conversation
    assert c.title == "" and c.params == {} and c.tts == {} and c.provider_name == ""
    assert len(c.id) == 32
    first = next(iter(c.nodes.values()))
    assert first.role == "user" and first.id and first.parent is None
    assert c.nodes["b"].parent is None and c.nodes["b"].role == "user"
    assert c.nodes["b"].content == "" and c.nodes["b"].chunks == 0
    assert c.nodes["c"].usage is None and c.nodes["c"].ttft is None
    assert c.current == "c"  # unknown current: the last message
    assert [m.id for m in c.messages] == ["b", "c"]
    storage.loads(storage.dumps(c))


def test_a_null_current_shows_the_last_message() -> None:
    d = minimal(current=None, messages=[{"id": "a"}, {"id": "b", "parent": "a"}])
    assert [m.id for m in storage.loads(as_file(d)).conversation.messages] == ["a", "b"]


@pytest.mark.parametrize(
    "parents",
    [
        {"a": "a"},  # its own parent
        {"a": "b", "b": "a"},
        {"a": "c", "b": "a", "c": "b"},
        {"r": None, "a": "r", "b": "c", "c": "b", "d": "b"},
    ],
    ids=["self", "two", "three", "loop-beside-a-tree"],
)
def test_parent_loops_are_broken(parents: dict[str, str | None]) -> None:
    msgs: list[dict[str, Any]] = [{"id": k, "parent": v} for k, v in parents.items()]
    msgs += [{"id": "x", "parent": "a"}, {"id": "y", "parent": "a"}]
    c = storage.loads(as_file(minimal(messages=msgs))).conversation
    for m in c.nodes.values():  # every message reaches a root
        seen: set[str] = set()
        node: Message | None = m
        while node is not None:
            assert node.id not in seen
            seen.add(node.id)
            node = c.nodes.get(node.parent) if node.parent else None
    assert c.messages[0].parent is None
    for step in (-1, 1, 1, -1):  # switching branches ends, at every level
        for i in range(8):
            if i < len(c.messages):
                c.switch_branch(i, step)
                assert c.messages[0].parent is None
    for m in c.nodes.values():
        c.latest_leaf(m)


def test_out_of_range_numbers_and_times_are_dropped_so_the_file_can_be_saved() -> None:
    raw = (
        b'{"format": "chatterdesk.conversation", "version": 1, "created": 1e400,'
        b' "updated": "0001-01-01T00:00:00+01:00", "messages": [{"id": "a", "created": NaN,'
        b' "ttft": Infinity, "total_time": 1' + b"0" * 400 + b', "chunks": 3}]}'
    )
    c = storage.loads(raw).conversation
    m = c.nodes["a"]
    assert m.ttft is None and m.total_time is None and m.chunks == 3
    for ts in (c.created, c.updated, m.created):
        assert abs(ts - c.created) < 60  # replaced by the load time
    again = storage.loads(storage.dumps(c)).conversation
    assert again.nodes["a"].chunks == 3


def test_lone_surrogates_are_saved_as_valid_utf8() -> None:
    c = Conversation(created=T0, updated=T0, title="t\ud800")
    c.append(Message("user", "a\udfffb\\\ud83d", created=T0))
    c.updated = T0
    data = storage.dumps(c)
    data.decode("utf-8")  # strict: no surrogate bytes in the file
    assert storage.loads(data).conversation == c


# -- backups and failing saves -----------------------------------------------------------------
def test_save_keeps_the_previous_version_as_bak(tmp_path: Path) -> None:
    path = tmp_path / "c.chat.json"
    c = full_conversation()
    storage.save(c, path)
    bak = storage.backup_path(path)
    assert bak == tmp_path / "c.chat.json.bak" and not bak.exists()
    first = path.read_bytes()
    c.append(Message("user", "one more"))
    storage.save(c, path)
    assert bak.read_bytes() == first
    assert storage.load(bak).conversation == full_conversation()
    assert storage.load(path).conversation.messages[-1].content == "one more"
    second = path.read_bytes()
    c.append(Message("assistant", "and another"))
    storage.save(c, path)
    assert bak.read_bytes() == second
    assert stray_files(tmp_path) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c.chat.json", "c.chat.json.bak"]


def test_backup_without_hard_links_is_a_copy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_link(*_: object) -> None:
        raise OSError(errno.EPERM, "links not supported")

    monkeypatch.setattr(atomic.os, "link", no_link)
    path = tmp_path / "c.chat.json"
    storage.save(full_conversation(), path)
    first = path.read_bytes()
    storage.save(Conversation(), path)
    assert storage.backup_path(path).read_bytes() == first
    assert stray_files(tmp_path) == []


def test_a_failed_rename_leaves_the_old_file_in_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Even after the backup is made, the conversation file itself is never missing."""
    path = tmp_path / "c.chat.json"
    storage.save(full_conversation(), path)
    old = path.read_bytes()
    real_replace = os.replace

    def replace(src: Any, dst: Any) -> None:
        if Path(dst) == path:
            raise OSError(errno.EIO, "simulated crash before the rename")
        real_replace(src, dst)

    monkeypatch.setattr(atomic.os, "replace", replace)
    with pytest.raises(OSError):
        storage.save(Conversation(), path)
    assert path.read_bytes() == old
    assert storage.backup_path(path).read_bytes() == old
    assert stray_files(tmp_path) == []


def test_disk_full_raises_oserror_and_keeps_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "c.chat.json"
    storage.save(full_conversation(), path)
    old = path.read_bytes()

    def full(_fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(atomic.os, "fsync", full)
    with pytest.raises(OSError) as info:
        storage.save(Conversation(), path)
    assert info.value.errno == errno.ENOSPC
    assert path.read_bytes() == old and not storage.backup_path(path).exists()
    assert stray_files(tmp_path) == []


def test_saving_into_a_read_only_folder_raises_oserror(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    path = folder / "c.chat.json"
    storage.save(full_conversation(), path)
    old = path.read_bytes()
    folder.chmod(0o500)
    try:
        probe = folder / "probe"
        try:
            probe.write_bytes(b"x")
        except OSError:
            pass
        else:
            probe.unlink()
            pytest.skip("chmod does not stop this user from writing (root)")
        c = full_conversation()
        c.append(Message("user", "not saved"))
        with pytest.raises(OSError):
            storage.save(c, path)
        assert path.read_bytes() == old
        assert storage.load(path).conversation == full_conversation()
        assert sorted(p.name for p in folder.iterdir()) == ["c.chat.json"]
    finally:
        folder.chmod(0o700)


def test_saving_where_no_file_can_be_created_raises_oserror(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The read-only folder case as any user (root ignores chmod): creating the temp file fails."""
    path = tmp_path / "c.chat.json"
    storage.save(full_conversation(), path)
    old = path.read_bytes()

    def denied(*_: object, **__: object) -> tuple[int, str]:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", denied)
    with pytest.raises(OSError):
        storage.save(Conversation(), path)
    assert path.read_bytes() == old


# -- migration ---------------------------------------------------------------------------------
def test_v0_fixture_migrates_to_a_linear_path() -> None:
    fixture = FIXTURES / "v0-conversation.chat.json"
    assert json.loads(fixture.read_bytes())["version"] == 0
    loaded = storage.load(fixture)
    assert not loaded.read_only and loaded.notice is None and not loaded.recovered
    c = loaded.conversation
    assert c.id == "0f4c2a9e7b1d4e8a9c3b5d6e7f801234"
    assert c.title == "Boiling an egg"
    assert c.provider_name == "" and c.base_url == "http://localhost:8080/v1"
    assert c.model == "llama-3.1-8b-instruct"
    assert c.system_prompt == "You are a terse cook."
    assert c.params == {"temperature": 0.7, "max_tokens": 256}
    assert storage.iso(c.created) == "2026-10-01T09:15:00.000Z"
    assert storage.iso(c.updated) == "2026-10-01T09:16:30.500Z"
    assert [(m.role, m.content) for m in c.messages] == [
        ("user", "How long do I boil an egg?"),
        ("assistant", "Soft: 6 minutes.\nHard: 10 minutes — then cool it in ice water."),
        ("user", "And a quail egg? 🥚"),
        ("assistant", "About 2½ minutes."),
    ]
    assert list(c.nodes) == [m.id for m in c.messages]  # linear: the path is every message
    assert len(set(c.nodes)) == 4
    assert c.messages[0].parent is None
    for prev, m in zip(c.messages, c.messages[1:], strict=False):
        assert m.parent == prev.id
    assert all(c.branch_info(i) == (1, 1) for i in range(4))
    a = c.messages[1]
    assert a.model == "llama-3.1-8b-instruct" and a.finish_reason == "stop"
    assert a.usage == {"prompt_tokens": 21, "completion_tokens": 17, "total_tokens": 38}
    assert storage.iso(a.created) == "2026-10-01T09:15:02.250Z"
    assert c.messages[3].status == Status.STOPPED and c.messages[0].status == Status.OK
    # saved again, it is a version 1 file with the same conversation
    d = storage.to_dict(c)
    assert d["version"] == 1 and d["provider"]["base_url"] == "http://localhost:8080/v1"
    assert storage.loads(storage.dumps(c)).conversation == c


def test_every_older_version_has_a_migration() -> None:
    assert set(storage.MIGRATIONS) == set(range(storage.VERSION))


# -- the conversations folder ------------------------------------------------------------------
def make(title: str, updated: float, *texts: str) -> Conversation:
    c = Conversation(title=title, title_custom=True, created=updated - 100)
    for i, t in enumerate(texts):
        c.append(Message("user" if i % 2 == 0 else "assistant", t))
    c.updated = updated
    return c


def test_entries_newest_first_with_damaged_files_and_search(tmp_path: Path) -> None:
    store = ConversationStore(tmp_path)
    old = make("Old", T0, "q", "a")
    new = make("New", T0 + 2000, "q", "a")
    mid = make("Middle", T0 + 1000, "first", "second", "the Zanzibar word", "fourth", "fifth")
    for c in (old, new, mid):
        storage.save(c, store.path_for(c))
    storage.save(mid, store.path_for(mid))  # a .bak, which is not listed
    broken = tmp_path / "broken.chat.json"
    broken.write_bytes(b'{"format": "chatterdesk.conv')
    os.utime(broken, (T0 + 1500, T0 + 1500))
    (tmp_path / ".x.chat.json.123.tmp").write_bytes(b"{")  # a temp file left by a crash
    (tmp_path / "notes.txt").write_text("zanzibar")

    entries = store.entries()
    assert [e.title for e in entries] == ["New", "broken.chat.json", "Middle", "Old"]
    bad = entries[1]
    assert bad.path == broken and bad.error and "damaged" in bad.error
    assert bad.updated == T0 + 1500
    assert all(e.error is None for e in entries if e is not bad)
    assert {e.id for e in entries if e is not bad} == {old.id, new.id, mid.id}
    assert entries[2].path == store.path_for(mid) and entries[2].updated == T0 + 1000
    hits = [e for e in entries if e.matches(["zanzibar"])]  # only in a middle message
    assert [e.title for e in hits] == ["Middle"]
    assert [e.title for e in entries if e.matches(["middle"])] == ["Middle"]  # titles too


def test_the_history_read_in_short_jobs_is_the_same_list(tmp_path: Path) -> None:
    """The window reads the folder a few files per worker job (read_some): the same entries,
    damaged files included, as one read of the whole folder."""
    store = ConversationStore(tmp_path)
    for k in range(7):
        c = make(f"C{k}", T0 + k, "q", f"answer {k}")
        storage.save(c, store.path_for(c))
    (tmp_path / "broken.chat.json").write_bytes(b"{")
    paths = store.files()
    got: list[storage.Entry] = []
    while len(got) < len(paths):
        some = store.read_some(paths, len(got), 0.0)  # no time: one file a job
        assert len(some) == 1
        got += some
    assert storage.newest_first(got) == store.entries()
    assert len(store.read_some(paths, 0, 60.0)) == len(paths)  # time enough: all of them


def test_search_finds_any_script_in_any_case(tmp_path: Path) -> None:
    store = ConversationStore(tmp_path)
    c = make("Trip", T0, "Meet at the STRASSE café in 東京 🎉", "Ünter den Linden")
    storage.save(c, store.path_for(c))
    (entry,) = store.entries()
    for words in (["東京"], ["🎉"], ["café", "strasse"], ["ünter"], ["TRIP"]):
        assert entry.matches([w.lower() for w in words]), words
    assert not entry.matches(["tokyo"]) and not entry.matches(["東京", "berlin"])


def test_search_finds_words_on_branches_that_are_not_shown(tmp_path: Path) -> None:
    store = ConversationStore(tmp_path)
    c = make("T", T0, "q", "answer with Quokka")
    c.rewind_to(1)
    c.append(Message("assistant", "another answer"))
    storage.save(c, store.path_for(c))
    assert [e.title for e in store.entries() if e.matches(["quokka"])] == ["T"]


def test_entries_of_a_missing_or_empty_folder(tmp_path: Path) -> None:
    assert ConversationStore(tmp_path / "none").entries() == []
    assert ConversationStore(tmp_path).files() == []


def test_move_to_trash_and_restore_with_the_backup(tmp_path: Path) -> None:
    store = ConversationStore(tmp_path)
    c = make("Trash me", T0, "q", "a")
    path = store.path_for(c)
    storage.save(c, path)
    c.append(Message("user", "v2"))
    storage.save(c, path)
    data, bak_data = path.read_bytes(), storage.backup_path(path).read_bytes()

    trashed = store.move_to_trash(path)
    assert trashed.parent == store.trash == tmp_path / ".trash"
    assert not path.exists() and not storage.backup_path(path).exists()
    assert trashed.read_bytes() == data
    assert storage.backup_path(trashed).read_bytes() == bak_data
    assert store.entries() == [] and store.files() == []

    store.restore(trashed, path)
    assert path.read_bytes() == data and storage.backup_path(path).read_bytes() == bak_data
    assert not trashed.exists() and not storage.backup_path(trashed).exists()
    assert [e.title for e in store.entries()] == ["Trash me"]
    assert [m.content for m in storage.load(path).conversation.messages] == ["q", "a", "v2"]


def test_trashing_the_same_name_twice_keeps_both(tmp_path: Path) -> None:
    store = ConversationStore(tmp_path)
    c = make("Twice", T0, "q")
    path = store.path_for(c)
    storage.save(c, path)
    first = store.move_to_trash(path)
    storage.save(c, path)
    second = store.move_to_trash(path)
    assert first != second and first.exists() and second.exists()
    assert second.name.endswith(path.name)


def test_duplicate_gets_a_new_id_title_and_file(tmp_path: Path) -> None:
    store = ConversationStore(tmp_path)
    c = full_conversation()
    storage.save(c, store.path_for(c))
    original = store.path_for(c).read_bytes()
    copy = store.duplicate(c)
    assert copy.id != c.id and len(copy.id) == 32
    assert copy.title == c.title + " (copy)" and copy.title_custom
    assert copy.created > c.created and copy.updated == copy.created
    path = store.path_for(copy)
    assert path != store.path_for(c) and path.exists()
    got = storage.load(path).conversation
    assert got.id == copy.id and got.title == copy.title
    assert [m.content for m in got.messages] == [m.content for m in c.messages]
    assert list(got.nodes) == list(c.nodes) and got.current == c.current
    assert store.path_for(c).read_bytes() == original  # the original is untouched
    assert c.title == "Ünïcödé title — “quoted”"
    assert len(store.entries()) == 2


def test_duplicate_of_an_untitled_conversation(tmp_path: Path) -> None:
    store = ConversationStore(tmp_path)
    copy = store.duplicate(Conversation())
    assert copy.title == "" and store.path_for(copy).exists()


def test_full_message_helper_sets_every_field() -> None:
    m, default = full_message("assistant", "x", 1), Message("assistant", "x")
    differs = {n for n in m.__dataclass_fields__ if getattr(m, n) != getattr(default, n)}
    assert differs == set(m.__dataclass_fields__) - {"role", "content", "parent"}


def test_the_example_in_the_format_doc_is_exact() -> None:
    doc = (FIXTURES.parents[1] / "docs" / "conversation-format.md").read_text("utf-8")
    example = doc.split("```json\n", 1)[1].split("```", 1)[0]
    loaded = storage.loads(example.encode())
    c = loaded.conversation
    assert storage.dumps(c).decode() == example  # the doc shows what the app writes
    assert not loaded.read_only and not loaded.recovered
    assert [m.content for m in c.messages] == [
        "What is the capital of Australia?",
        "Canberra.",
        "And in one word, the largest city?",
        "Sydney",
    ]
    assert c.branch_info(1) == (2, 2)
    assert c.switch_branch(1, -1) and c.messages[-1].status == Status.ERROR
    documented = set(doc.split("## The conversation", 1)[1].split("## Times", 1)[0].split("`"))
    assert set(storage.to_dict(c)) - {"provider"} <= documented
    assert set(storage.to_dict(full_conversation())["messages"][0]) <= documented


def test_a_background_snapshot_renders_the_same_bytes_as_dumps() -> None:
    c = full_conversation()
    c.messages[-1].content += ' lone \ud800 surrogate, 中文, "quotes" \\ and \u2028'
    assert storage.render_snapshot(storage.snapshot(c)) == storage.dumps(c)
