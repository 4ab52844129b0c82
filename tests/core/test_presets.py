"""Parameter presets: built-ins, saving, deleting, and a damaged file set aside."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.core.presets import BUILTIN_PRESETS, PresetError, PresetStore


def test_builtins_come_first_and_cannot_change(tmp_path: Path) -> None:
    store = PresetStore(tmp_path / "p.json")
    assert store.names()[: len(BUILTIN_PRESETS)] == [p.name for p in BUILTIN_PRESETS]
    det = store.get("Deterministic")
    assert det is not None and det.params == {"temperature": 0.0, "seed": 42}
    with pytest.raises(PresetError, match="built-in"):
        store.put("Deterministic", {"temperature": 2.0})
    with pytest.raises(PresetError, match="cannot be deleted"):
        store.remove("Creative")
    assert not (tmp_path / "p.json").exists()


def test_save_reload_replace_remove(tmp_path: Path) -> None:
    path = tmp_path / "cfg" / "param_presets.json"
    store = PresetStore(path)
    store.put(
        "  Mine ",
        {"temperature": 0.3, "stop": ["\n"], "bogus": 1, "n": 999},
        stream=False,
        include_usage=False,
    )
    data = json.loads(path.read_text("utf-8"))
    assert data["format"] == "chatterdesk.param_presets"
    assert data["presets"] == [
        {
            "name": "Mine",
            "params": {"temperature": 0.3, "stop": ["\n"], "n": 128},
            "stream": False,
            "include_usage": False,
        }
    ]
    again = PresetStore(path)
    mine = again.get("Mine")
    assert mine is not None and not mine.builtin
    assert mine.params == {"temperature": 0.3, "stop": ["\n"], "n": 128}
    assert (mine.stream, mine.include_usage) == (False, False)
    again.put("Mine", {"seed": 1})
    assert PresetStore(path).get("Mine").params == {"seed": 1}  # type: ignore[union-attr]
    assert again.remove("Mine") is True
    assert again.remove("Mine") is False
    assert "Mine" not in PresetStore(path).names()


def test_empty_name_is_refused(tmp_path: Path) -> None:
    with pytest.raises(PresetError, match="needs a name"):
        PresetStore(tmp_path / "p.json").put("   ", {})


def test_damaged_file_is_set_aside_not_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "p.json"
    path.write_text("{not json", "utf-8")
    store = PresetStore(path)
    assert store.names() == [p.name for p in BUILTIN_PRESETS]
    assert (tmp_path / "p.json.damaged").read_text("utf-8") == "{not json"
    store.put("New", {"temperature": 1.0})
    assert (tmp_path / "p.json.damaged").read_text("utf-8") == "{not json"


def test_bad_entries_are_skipped(tmp_path: Path) -> None:
    path = tmp_path / "p.json"
    path.write_text(
        json.dumps(
            {
                "presets": [
                    "junk",
                    {"name": ""},
                    {"name": "Creative", "params": {"temperature": 2}},
                    {"name": "Ok", "params": {"temperature": "hot", "seed": 7}, "stream": "x"},
                ]
            }
        ),
        "utf-8",
    )
    store = PresetStore(path)
    assert store.get("Creative") is not None and store.get("Creative").builtin  # type: ignore[union-attr]
    ok = store.get("Ok")
    assert ok is not None and ok.params == {"seed": 7} and ok.stream is True


def test_a_failed_write_keeps_the_old_state(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    store = PresetStore(blocker / "p.json")  # its folder is a file: every write fails
    with pytest.raises(OSError):
        store.put("A", {"seed": 1})
    assert store.get("A") is None


def test_memory_only_store() -> None:
    store = PresetStore()
    store.put("A", {"seed": 1})
    assert store.get("A") is not None
