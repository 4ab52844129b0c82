"""Prices per model, and tokens/cost per message and per conversation."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.core.conversation import Conversation, Message
from app.core.pricing import BUILTIN, Counter, Price, PriceTable, format_cost


def test_longest_prefix_wins_and_provider_prefixes_are_ignored() -> None:
    t = PriceTable()
    assert t.price_for("gpt-4o-mini-2024-07-18") == BUILTIN["gpt-4o-mini"]
    assert t.price_for("gpt-4o-2024-08-06") == BUILTIN["gpt-4o"]
    assert t.price_for("openai/gpt-4.1-nano") == BUILTIN["gpt-4.1-nano"]
    assert t.price_for("gpt-4oxyz") is None  # a prefix must end at a dash
    assert t.price_for("llama3") is None and t.price_for("") is None


def test_user_prices_override_builtin_and_survive_a_restart(tmp_path: Path) -> None:
    path = tmp_path / "prices.json"
    t = PriceTable(path)
    t.set("gpt-4o", Price(1.0, 2.0))
    t.set("my-local", Price(0.0, 0.0))
    again = PriceTable(path)
    assert again.price_for("gpt-4o-2024") == Price(1.0, 2.0)
    assert again.price_for("my-local") == Price(0.0, 0.0)
    again.set("gpt-4o", None)
    assert PriceTable(path).price_for("gpt-4o") == BUILTIN["gpt-4o"]


def test_bad_entries_are_skipped_and_a_damaged_file_is_kept_aside(tmp_path: Path) -> None:
    path = tmp_path / "prices.json"
    path.write_text(
        json.dumps(
            {
                "prices": {
                    "a": {"input": -1, "output": 1},
                    "b": {"input": "x", "output": 1},
                    "c": {"input": 1, "output": 2},
                }
            }
        )
    )
    assert set(PriceTable(path).user) == {"c"}
    path.write_text("{not json")
    assert PriceTable(path).user == {}
    assert (tmp_path / "prices.json.damaged").exists()


def conv_with(*answers: Message) -> Conversation:
    c = Conversation(system_prompt="be brief")
    for a in answers:
        c.append(Message("user", "one two three four"))
        c.append(a)
    return c


def test_server_usage_is_used_and_priced() -> None:
    a = Message("assistant", "x", model="gpt-4o-mini")
    a.usage = {
        "prompt_tokens": 1_000_000,
        "completion_tokens": 2_000_000,
        "total_tokens": 3_000_000,
    }
    c = conv_with(a)
    got = Counter(PriceTable()).message(c, a)
    assert got is not None and not got.estimated
    assert (got.prompt, got.completion, got.total) == (1_000_000, 2_000_000, 3_000_000)
    assert got.cost == pytest.approx(0.15 + 1.20)


def test_without_usage_tokens_are_estimated_locally() -> None:
    words = lambda text: len(text.split())  # noqa: E731 - a stand-in tokenizer that is easy to check
    a = Message("assistant", "five words in this answer", model="unknown-model")
    c = conv_with(a)
    got = Counter(PriceTable(), words).message(c, a)
    assert got is not None and got.estimated and got.cost is None
    assert got.completion == 5
    assert got.prompt == 2 + (4 + 4)  # the system prompt, then the user message (+4 overhead)


def test_conversation_counts_every_request_once_across_branches_and_choices() -> None:
    usage = {"prompt_tokens": 10, "completion_tokens": 5, "total_tokens": 15}
    a = Message("assistant", "a", model="gpt-4o", usage=usage)
    c = conv_with(a)
    # a regenerated answer (a branch) and, for it, a second choice of the same n=2 request
    c.rewind_to(1)
    b = Message("assistant", "b", model="gpt-4o", usage=usage, choice_index=0)
    c.append(b)
    b2 = Message("assistant", "b2", model="gpt-4o", usage=usage, choice_index=1)
    c.add_sibling(b, b2)
    total = Counter(PriceTable()).conversation(c)
    assert (total.prompt, total.completion) == (20, 10)
    assert total.cost == pytest.approx(2 * (10 * 2.5 + 5 * 10.0) / 1e6)


def test_cost_formatting() -> None:
    assert format_cost(None) == "" and format_cost(0) == "$0"
    assert format_cost(0.000123) == "$0.0001" and format_cost(1.234) == "$1.23"
    assert format_cost(0.0000084) == "<$0.0001"
