"""Damaged small JSON files are set aside and never overwritten, whatever the damage."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.core.jsonfile import load_json_object
from app.core.prompts import PromptLibrary
from app.core.settings import Settings, load_settings, save_settings


@pytest.mark.parametrize(
    "content",
    [b"\xff\xfe not utf-8 \x80", b"{not json", b"[1, 2]", b"[" * 100_000],
    ids=["bytes", "syntax", "not-object", "deep"],
)
def test_damaged_settings_give_defaults_and_are_kept_aside(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "settings.json"
    path.write_bytes(content)
    assert load_settings(path) == Settings()
    assert (tmp_path / "settings.json.damaged").read_bytes() == content
    save_settings(path, Settings(system_prompt="fresh"))
    assert load_settings(path).system_prompt == "fresh"
    assert (tmp_path / "settings.json.damaged").read_bytes() == content


def test_a_damaged_prompt_library_is_not_overwritten_by_the_next_save(tmp_path: Path) -> None:
    path = tmp_path / "prompts.json"
    path.write_bytes(b'{"prompts": [{"name": "Mine", "text": "precious')  # cut off
    lib = PromptLibrary(path)
    assert lib.names() == []
    lib.put("New", "text")
    assert (tmp_path / "prompts.json.damaged").read_bytes().endswith(b"precious")
    assert PromptLibrary(path).names() == ["New"]


def test_missing_and_valid_files(tmp_path: Path) -> None:
    assert load_json_object(tmp_path / "none.json", "thing") is None
    good = tmp_path / "good.json"
    good.write_text('{"a": 1}')
    assert load_json_object(good, "thing") == {"a": 1}
    assert load_json_object(good, "thing", lambda d: "b" in d) is None
    assert (tmp_path / "good.json.damaged").exists()
