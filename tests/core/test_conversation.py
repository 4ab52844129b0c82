"""The conversation tree: the path shown, branches from regenerate/edit, delete, what is sent."""

from __future__ import annotations

from app.core.conversation import Conversation, Message, Status, default_title


def contents(c: Conversation) -> list[str]:
    return [m.content for m in c.messages]


def assert_consistent(c: Conversation) -> None:
    """`messages` is exactly the chain of parents from `current` up to a root."""
    if c.current is None:
        assert c.messages == []
        return
    assert c.messages[-1].id == c.current
    assert c.messages[0].parent is None
    for prev, m in zip(c.messages, c.messages[1:], strict=False):
        assert m.parent == prev.id
    for m in c.messages:
        assert c.nodes[m.id] is m


def chat(*texts: str) -> Conversation:
    """A linear conversation alternating user and assistant messages."""
    c = Conversation()
    for i, t in enumerate(texts):
        c.append(Message("user" if i % 2 == 0 else "assistant", t))
    return c


def test_append_sets_parent_and_current() -> None:
    c = Conversation()
    a = Message("user", "hi")
    assert c.append(a) == 0
    assert a.parent is None and c.current == a.id
    b = Message("assistant", "hello")
    assert c.append(b) == 1
    assert b.parent == a.id and c.current == b.id
    assert c.messages == [a, b]
    assert list(c.nodes) == [a.id, b.id]
    assert_consistent(c)


def test_append_touches_updated() -> None:
    c = Conversation(created=1.0, updated=1.0)
    c.append(Message("user", "x"))
    assert c.updated > 1.0


def test_rewind_and_append_makes_a_sibling_branch() -> None:
    c = chat("q", "a1")
    first_answer = c.messages[1]
    c.rewind_to(1)  # regenerate the answer
    assert contents(c) == ["q"]
    assert_consistent(c)
    c.append(Message("assistant", "a2"))
    assert contents(c) == ["q", "a2"]
    assert c.messages[1].parent == first_answer.parent
    assert c.siblings(c.messages[1]) == [first_answer, c.messages[1]]
    assert c.branch_info(1) == (2, 2)
    assert c.branch_info(0) == (1, 1)
    assert len(c.nodes) == 3
    assert_consistent(c)


def test_rewind_to_zero_branches_the_first_message() -> None:
    c = chat("q1", "a1")
    c.rewind_to(0)  # edit the first message and resend
    assert c.messages == [] and c.current is None
    c.append(Message("user", "q1 edited"))
    assert c.messages[0].parent is None
    assert c.branch_info(0) == (2, 2)
    assert_consistent(c)


def test_branch_info_counts_versions() -> None:
    c = chat("q", "a1")
    for text in ("a2", "a3"):
        c.rewind_to(1)
        c.append(Message("assistant", text))
    assert c.branch_info(1) == (3, 3)
    c.switch_branch(1, -2)
    assert contents(c) == ["q", "a1"]
    assert c.branch_info(1) == (1, 3)


def test_switch_branch_continues_to_the_latest_leaf_of_the_sibling() -> None:
    c = chat("q", "a1", "follow-up on a1", "answer to follow-up")
    c.rewind_to(1)
    c.append(Message("assistant", "a2"))
    c.append(Message("user", "follow-up on a2"))
    assert contents(c) == ["q", "a2", "follow-up on a2"]

    assert c.switch_branch(1, -1) is True
    # the earlier branch comes back with its later replies, not just a1
    assert contents(c) == ["q", "a1", "follow-up on a1", "answer to follow-up"]
    assert c.branch_info(1) == (1, 2)
    assert_consistent(c)

    assert c.switch_branch(1, +1) is True
    assert contents(c) == ["q", "a2", "follow-up on a2"]
    assert_consistent(c)


def test_switch_branch_follows_the_newest_child_at_every_level() -> None:
    c = chat("q", "a1", "u1")
    c.rewind_to(2)
    c.append(Message("user", "u1b"))  # a second version of the follow-up, the newest
    c.rewind_to(1)
    c.append(Message("assistant", "a2"))
    assert c.switch_branch(1, -1)
    assert contents(c) == ["q", "a1", "u1b"]


def test_switch_branch_out_of_range_does_nothing() -> None:
    c = chat("q", "a1")
    c.rewind_to(1)
    c.append(Message("assistant", "a2"))
    before = list(c.messages)
    assert c.switch_branch(1, +1) is False
    assert c.switch_branch(0, -1) is False
    assert c.messages == before


def test_latest_leaf_of_a_leaf_is_itself() -> None:
    c = chat("q", "a")
    assert c.latest_leaf(c.messages[1]) is c.messages[1]
    assert c.latest_leaf(c.messages[0]) is c.messages[1]


def test_latest_leaf_is_fast_on_a_long_linear_conversation() -> None:
    c = chat(*[f"m{i}" for i in range(3000)])
    assert c.latest_leaf(c.messages[0]) is c.messages[-1]  # one pass, not 3000 scans of 3000


def test_delete_in_the_middle_reparents_the_replies() -> None:
    c = chat("q1", "a1", "q2", "a2")
    a1, q2 = c.messages[1], c.messages[2]
    c.delete(1)
    assert contents(c) == ["q1", "q2", "a2"]
    assert a1.id not in c.nodes
    assert q2.parent == c.messages[0].id
    assert_consistent(c)


def test_delete_the_leaf_moves_current_to_its_parent() -> None:
    c = chat("q1", "a1")
    c.delete(1)
    assert contents(c) == ["q1"]
    assert c.current == c.messages[0].id
    assert_consistent(c)
    c.append(Message("assistant", "again"))
    assert contents(c) == ["q1", "again"]
    assert_consistent(c)


def test_delete_the_first_makes_its_reply_a_root() -> None:
    c = chat("q1", "a1", "q2")
    c.delete(0)
    assert contents(c) == ["a1", "q2"]
    assert c.messages[0].parent is None
    assert_consistent(c)


def test_delete_the_only_message_empties_the_path() -> None:
    c = chat("q1")
    c.delete(0)
    assert c.messages == [] and c.current is None and c.nodes == {}


def test_delete_a_message_with_branches_keeps_every_branch() -> None:
    c = chat("q", "a1", "u1")
    c.rewind_to(1)
    c.append(Message("assistant", "a2"))
    c.delete(0)  # both answers become roots, siblings of each other
    assert contents(c) == ["a2"]
    assert c.branch_info(0) == (2, 2)
    assert c.switch_branch(0, -1)
    assert contents(c) == ["a1", "u1"]
    assert_consistent(c)


def test_delete_touches_updated() -> None:
    c = chat("q", "a")
    c.updated = 1.0
    c.delete(1)
    assert c.updated > 1.0


def test_request_messages_includes_the_system_prompt_and_the_path_only() -> None:
    c = chat("q", "a1")
    c.system_prompt = "Be brief."
    c.rewind_to(1)
    c.append(Message("assistant", "a2"))
    c.append(Message("developer", "dev note"))
    assert c.request_messages() == [
        {"role": "system", "content": "Be brief."},
        {"role": "user", "content": "q"},
        {"role": "assistant", "content": "a2"},
        {"role": "developer", "content": "dev note"},
    ]


def test_request_messages_without_a_system_prompt() -> None:
    c = chat("q")
    c.system_prompt = "  \n"
    assert c.request_messages() == [{"role": "user", "content": "q"}]


def test_request_messages_skips_empty_failed_answers_and_keeps_partial_ones() -> None:
    c = Conversation()
    c.append(Message("user", "q1"))
    c.append(Message("assistant", "", status=Status.ERROR, error="HTTP 500"))
    c.append(Message("user", "q2"))
    c.append(Message("assistant", "half an ans", status=Status.STOPPED))
    c.append(Message("user", "q3"))
    c.append(Message("assistant", "cut off", status=Status.INTERRUPTED))
    c.append(Message("user", "q4"))
    c.append(Message("assistant", "partial then", status=Status.ERROR, error="reset"))
    assert c.request_messages() == [
        {"role": "user", "content": "q1"},
        {"role": "user", "content": "q2"},
        {"role": "assistant", "content": "half an ans"},
        {"role": "user", "content": "q3"},
        {"role": "assistant", "content": "cut off"},
        {"role": "user", "content": "q4"},
        {"role": "assistant", "content": "partial then"},
    ]


def test_default_title_from_the_first_user_message() -> None:
    c = Conversation()
    c.append(Message("system", "You are terse."))
    assert c.title == ""
    c.append(Message("user", "  How   do I\nboil an egg?  "))
    assert c.title == "How do I boil an egg?"
    c.append(Message("user", "another question"))
    assert c.title == "How do I boil an egg?"


def test_default_title_is_truncated_with_an_ellipsis() -> None:
    long = "word " * 40
    t = default_title(long)
    assert len(t) <= 60 and t.endswith("…")
    assert t == "word " * 11 + "word…"
    assert default_title("x" * 60) == "x" * 60
    assert default_title("x" * 61) == "x" * 59 + "…"
    c = Conversation()
    c.append(Message("user", long))
    assert c.title == t


def test_custom_title_is_kept() -> None:
    c = Conversation(title="My title", title_custom=True)
    c.append(Message("user", "something else"))
    assert c.title == "My title"
    c = Conversation(title_custom=True)
    c.append(Message("user", "something else"))
    assert c.title == ""


def test_plain_text_covers_every_branch() -> None:
    c = chat("question alpha", "answer bravo")
    c.title_custom = True
    c.title = "Title charlie"
    c.system_prompt = "prompt delta"
    c.rewind_to(1)
    c.append(Message("assistant", "answer echo"))
    text = c.plain_text()
    for word in ("alpha", "bravo", "charlie", "delta", "echo"):
        assert word in text
    assert "bravo" not in " ".join(contents(c))  # on a branch that is not shown


def test_tokens_per_second_and_estimates() -> None:
    m = Message("assistant", "x", ttft=0.5, total_time=2.5, usage={"completion_tokens": 40})
    assert m.tokens_per_second == 20.0 and not m.usage_estimated
    m = Message("assistant", "x", ttft=0.5, total_time=1.5, chunks=10)
    assert m.completion_tokens == 10 and m.usage_estimated and m.tokens_per_second == 10.0
    assert Message("assistant", "x").tokens_per_second is None
