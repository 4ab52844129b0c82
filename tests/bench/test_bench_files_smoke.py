"""The conversation-file benchmark still runs (quick mode): no timing is asserted, only that it
completes and prints the load ratio and the crash-soak lines."""

from __future__ import annotations

import re

import pytest

from app.core import storage
from tests.bench import bench_files


def test_bench_files_quick(capsys: pytest.CaptureFixture[str]) -> None:
    assert bench_files.main(["--quick"]) == 0
    out = capsys.readouterr().out
    assert re.search(r"file: 201 messages .* bytes", out)
    assert re.search(r"^load / json\.loads: \d+\.\d\dx \(file\)", out, re.M)
    assert "storage.dumps(conversation)" in out and "storage.save" in out
    assert re.search(r"^crash soak: 5 SIGKILL trials", out, re.M)
    assert re.search(r"^files loaded: \d+/\d+ ", out, re.M)
    assert re.search(r"^max messages lost: [01] .* PASS$", out, re.M)


def test_big_conversation_is_about_1_mb_and_round_trips() -> None:
    c = bench_files.big_conversation(2000)
    data = storage.dumps(c)
    assert 0.8e6 < len(data) < 1.3e6
    assert len(c.messages) == 2000 and len(c.nodes) == 2001
    assert "```python" in data.decode() and storage.loads(data).conversation == c
