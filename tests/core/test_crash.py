"""Crash test: SIGKILL a process while it autosaves; the file always loads and keeps every message
whose save had completed (at most the one being written is lost). The soak with hundreds of trials
is `python -m tests.bench.bench_files`."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from .crash import run_trial

TRIALS = 8


@pytest.mark.parametrize("trial", range(TRIALS))
def test_sigkill_during_autosave_loses_at_most_the_message_being_written(
    tmp_path: Path, trial: int
) -> None:
    delay = random.uniform(0.0, 0.25) if trial else 0.0  # the first: killed at once
    t = run_trial(tmp_path, delay)
    why = f"killed after {delay:.3f} s: {t}"
    assert t.error is None, why
    if t.found is None:  # killed before the first save completed
        assert t.saved == 0, why
        return
    assert t.saved <= t.found <= t.saved + 1, why  # at most the message being written is lost
    assert t.lost <= 1, why
    if t.bak is not None:
        assert t.found - 1 <= t.bak <= t.found, why
