"""Property-based fuzz of the conversation loader (hypothesis).

Whatever the bytes, `storage.loads` returns a `Loaded` or raises `ConversationFileError`, never
anything else; whatever loads can be saved again; and valid conversations round-trip exactly.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.core import storage
from app.core.conversation import ROLES, Conversation, Message, Status
from app.core.storage import ConversationFileError, Loaded

from .samples import full_conversation

FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

VALID = storage.dumps(full_conversation())


def check_loads(data: bytes | str) -> Loaded | None:
    """Load; the only error allowed is ConversationFileError. Whatever loads can be saved again."""
    try:
        loaded = storage.loads(data)
    except ConversationFileError as exc:
        assert exc.reason and isinstance(exc.reason, str)
        return None
    assert isinstance(loaded, Loaded)
    c = loaded.conversation
    assert c.messages == [] or c.messages[-1].id == c.current
    assert c.messages == [] or c.messages[0].parent is None
    for m in c.nodes.values():  # no parent loops: walking down or switching always ends
        c.latest_leaf(m)
    for i in range(len(c.messages)):
        c.branch_info(i)
    again = storage.dumps(c)  # never fails: times, numbers and text were made writable
    again.decode("utf-8")
    assert storage.dumps(storage.loads(again).conversation) == again  # stable after one trip
    return loaded


# -- arbitrary input ---------------------------------------------------------------------------
# Text including lone surrogates, which JSON can carry ("\ud800") but UTF-8 cannot.
TEXT = st.text(st.one_of(st.characters(), st.characters(categories=["Cs"])), max_size=20)

JSON_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False, allow_infinity=False),
    TEXT,
)
JSON = st.recursive(
    JSON_SCALARS,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(TEXT, inner, max_size=4)),
    max_leaves=20,
)


@FUZZ
@given(st.binary(max_size=2000))
def test_random_bytes(data: bytes) -> None:
    check_loads(data)


@FUZZ
@given(JSON)
def test_random_json_values(value: Any) -> None:
    check_loads(json.dumps(value).encode())
    check_loads(json.dumps(value, ensure_ascii=False))


# Files of the right shape (format, version and a list of message objects, nearly always valid),
# with every key present and often of the wrong type or out of range, so that what runs after
# the format check (migration, times, numbers, ids, parents) sees everything.
def field(*likely: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(*likely, JSON)


TIME = field(
    st.sampled_from(
        ["2026-01-01T00:00:00.125Z", "2026-01-01T00:00:00", "0001-01-01T00:00+01:00", "9999-12"]
    ),
    st.floats(),  # includes NaN and the infinities
    st.integers(min_value=-(10**320), max_value=10**320),
)
NUMBER = field(
    st.floats(),
    st.integers(min_value=-(10**320), max_value=10**320),
    st.sampled_from([10**400, -(10**400), 1e308]),
)
IDS = st.sampled_from(["a", "b", "c", "d", ""])

RAW_MESSAGE = st.fixed_dictionaries(
    {
        "id": field(IDS),
        "parent": field(IDS, st.none()),
        "role": field(st.sampled_from([*ROLES, "tool", ""])),
        "content": field(TEXT),
        "created": TIME,
    },
    optional={
        "model": field(TEXT),
        "params": JSON,
        "reasoning": field(TEXT),
        "status": field(st.sampled_from(["ok", "streaming", "stopped", "error", "interrupted"])),
        "error": field(TEXT),
        "finish_reason": field(TEXT),
        "usage": JSON,
        "ttft": NUMBER,
        "total_time": NUMBER,
        "response_id": field(TEXT),
        "system_fingerprint": field(TEXT),
        "chunks": NUMBER,
        "logprobs": JSON,
    },
)
RAW_FILE = st.fixed_dictionaries(
    {
        "format": st.sampled_from([storage.FORMAT] * 9 + ["other"]),
        "version": st.sampled_from([0, 0, 1, 1, 1, 2, 99, -1, "1"]),
        "id": field(TEXT),
        "title": field(TEXT),
        "title_custom": JSON,
        "created": TIME,
        "updated": TIME,
        "provider": field(
            TEXT, st.fixed_dictionaries({}, optional={"name": field(TEXT), "base_url": JSON})
        ),
        "model": field(TEXT),
        "system_prompt": field(TEXT),
        "params": JSON,
        "stream": JSON,
        "include_usage": JSON,
        "tts": JSON,
        "current": field(IDS, st.none()),
        "messages": st.one_of(
            st.lists(st.one_of(RAW_MESSAGE, RAW_MESSAGE, JSON), max_size=8),
            JSON,
        ),
    },
)


@FUZZ
@given(RAW_FILE)
def test_random_files_of_the_right_shape(d: dict[str, Any]) -> None:
    check_loads(json.dumps(d))  # NaN and Infinity are written as Python's json does


# -- damaged valid files -----------------------------------------------------------------------
def test_every_truncation_of_a_valid_file() -> None:
    data = VALID
    assert len(data) > 5000
    loaded = [n for n in range(len(data)) if check_loads(data[:n]) is not None]
    assert loaded == [len(data) - 1]  # only the cut of the final newline still loads
    assert check_loads(data) is not None


@FUZZ
@given(st.data())
def test_valid_files_cut_at_random_points(data: st.DataObject) -> None:
    c = data.draw(CONVERSATIONS)
    blob = storage.dumps(c)
    cut = data.draw(st.integers(min_value=0, max_value=len(blob)))
    check_loads(blob[:cut])


@FUZZ
@given(st.data())
def test_valid_files_with_random_damage(data: st.DataObject) -> None:
    blob = bytearray(VALID)
    for _ in range(data.draw(st.integers(min_value=1, max_value=8))):
        at = data.draw(st.integers(min_value=0, max_value=len(blob) - 1))
        how = data.draw(st.sampled_from(["flip", "delete", "insert"]))
        byte = data.draw(st.integers(min_value=0, max_value=255))
        if how == "flip":
            blob[at] = byte
        elif how == "delete":
            del blob[at]
        else:
            blob.insert(at, byte)
    check_loads(bytes(blob))


@pytest.mark.parametrize("depth", [500, 990, 1000, 5000, 200_000])
@pytest.mark.parametrize("where", ["top", "logprobs", "params", "usage"])
def test_deep_nesting(depth: int, where: str) -> None:
    nest = "[" * depth + "]" * depth
    if where == "top":
        text = nest
    else:
        d = json.loads(VALID)
        d["messages"][0][where] = "NEST"
        text = json.dumps(d).replace('"NEST"', nest)
    check_loads(text)
    check_loads(text.encode())


# -- exact round trip of valid conversations ---------------------------------------------------
SAFE_JSON = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(min_value=-(2**63), max_value=2**63),
        st.floats(allow_nan=False, allow_infinity=False),
        TEXT,
    ),
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(TEXT, inner, max_size=3)),
    max_leaves=8,
)
SAFE_DICT = st.dictionaries(TEXT, SAFE_JSON, max_size=3)
# Files keep times to the millisecond, from year 1 to 9999.
MS_TIME = st.integers(
    min_value=round(storage._MIN_TS * 1000), max_value=round(storage._MAX_TS * 1000)
).map(lambda ms: ms / 1000)
FLOAT = st.floats(allow_nan=False, allow_infinity=False)
STATUSES = [Status.OK, Status.STOPPED, Status.ERROR, Status.INTERRUPTED]

MESSAGES = st.builds(
    Message,
    role=st.sampled_from([*ROLES, "tool"]),
    content=TEXT,
    created=MS_TIME,
    model=st.none() | TEXT,
    params=SAFE_DICT,
    reasoning=TEXT,
    status=st.sampled_from(STATUSES),
    error=st.none() | TEXT,
    finish_reason=st.none() | st.sampled_from(["stop", "length", "content_filter"]),
    usage=st.none() | SAFE_DICT,
    ttft=st.none() | FLOAT,
    total_time=st.none() | FLOAT,
    response_id=st.none() | TEXT,
    system_fingerprint=st.none() | TEXT,
    chunks=st.integers(min_value=0, max_value=10**6),
    logprobs=SAFE_JSON,
)

# What the user does: send/add a message (most often), regenerate/edit (rewind), switch branch,
# delete.
OPS = ["append", "append", "append", "rewind", "switch", "delete"]
STEPS = st.sampled_from([-1, 1])


@st.composite
def conversations(draw: st.DrawFn) -> Conversation:
    c = Conversation(
        title=draw(TEXT),
        title_custom=draw(st.booleans()),
        created=draw(MS_TIME),
        provider_name=draw(TEXT),
        base_url=draw(TEXT),
        model=draw(TEXT),
        system_prompt=draw(TEXT),
        params=draw(SAFE_DICT),
        stream=draw(st.booleans()),
        include_usage=draw(st.booleans()),
        tts=draw(SAFE_DICT),
    )
    for _ in range(draw(st.integers(min_value=0, max_value=25))):
        op = draw(st.sampled_from(OPS))
        n = len(c.messages)
        if op == "append":
            c.append(draw(MESSAGES))
        elif n == 0:
            continue
        elif op == "rewind":
            c.rewind_to(draw(st.integers(min_value=0, max_value=n - 1)))
        elif op == "switch":
            c.switch_branch(draw(st.integers(min_value=0, max_value=n - 1)), draw(STEPS))
        else:
            c.delete(draw(st.integers(min_value=0, max_value=n - 1)))
    c.updated = draw(MS_TIME)
    return c


CONVERSATIONS = conversations()


@FUZZ
@given(CONVERSATIONS)
def test_valid_conversations_round_trip_exactly(c: Conversation) -> None:
    data = storage.dumps(c)
    data.decode("utf-8")
    loaded = storage.loads(data)
    assert not loaded.read_only and not loaded.recovered
    got = loaded.conversation
    if c.current is None and c.nodes:  # nothing shown (rewound to the start): the last message is
        c.current = list(c.nodes)[-1]
        c.rebuild_path()
    assert got == c
    assert list(got.nodes) == list(c.nodes)
    assert storage.dumps(got) == storage.dumps(c)
