"""The first-sound benchmark still runs (quick mode): no timing is asserted, only that it completes
and prints its lines (or says precisely why PulseAudio could not run)."""

from __future__ import annotations

import re

import pytest

from tests.bench import bench_audio


def test_bench_audio_quick(capsys: pytest.CaptureFixture[str]) -> None:
    assert bench_audio.main(["--quick"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("machine: ")
    skipped = re.search(r"^SKIP: (.+)$", out, re.M)
    if skipped:
        pytest.skip(skipped.group(1))
    assert re.search(r"^first sound after first byte, streamed \(ours\): \d+ ms", out, re.M), out
    assert re.search(r"^first sound after first byte, download then play: \d+ ms", out, re.M), out
    assert re.search(r"^download-then-play / streamed: [\d.]+x$", out, re.M), out
    assert re.search(r"^target <= 300 ms after the first byte: (PASS|MISS)$", out, re.M), out


def test_speech_onset() -> None:
    pcm = bytes(480) + (1000).to_bytes(2, "little", signed=True) + bytes(10)
    assert bench_audio.speech_onset(pcm) == pytest.approx(240 / 24000)
    assert bench_audio.speech_onset(bytes(100)) == 0.0
