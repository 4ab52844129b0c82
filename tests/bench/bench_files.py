"""Conversation files: load/save speed of a large conversation, and a SIGKILL crash soak.

    .venv/bin/python -m tests.bench.bench_files [--messages 2000] [--repeat 5] [--trials 200]
    .venv/bin/python -m tests.bench.bench_files --quick      # 200 messages, 5 trials (CI smoke)

(a) A 2,000-message conversation of about 1 MB (Markdown answers with code blocks, lists and
    tables, non-ASCII text, the metadata of real answers: model, usage, timings, parameters) is
    saved once; then `storage.load` of the file is timed against `json.loads` of the same file
    (read included in both; best of --repeat), and `storage.dumps` and `storage.save` are timed.
(b) The crash soak: --trials times, a writer process appends one message per save
    (tests/core/crash.py) and is killed with SIGKILL after a random 0-250 ms; the file must load
    and hold every message whose save had returned (at most the message being written is lost).

A benchmark, not a test: it prints the figures (and PASS/MISS for the soak) and exits 0.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import random
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from app.core import storage
from app.core.conversation import Conversation, Message, Status
from tests.core.crash import run_trial

UI_BUDGET = 0.020  # s: longer than this and the app should parse off the UI thread

_WORDS = (
    "the model answers with a short explanation of streams tokens latency parser json file "
    "conversation branch message python example function value result error retry cache"
).split()
_ODD = ["é", "—", "…", "🙂", "ß", "中文", "“quoted”", "naïve", "Zürich"]


def _sentence(rnd: random.Random, n: int) -> str:
    words = [rnd.choice(_WORDS) for _ in range(n)]
    if rnd.random() < 0.3:
        words.insert(rnd.randrange(len(words)), rnd.choice(_ODD))
    if rnd.random() < 0.3:
        i = rnd.randrange(len(words))
        words[i] = f"**{words[i]}**" if rnd.random() < 0.5 else f"`{words[i]}`"
    return " ".join(words).capitalize() + "."


def _answer(rnd: random.Random) -> str:
    parts = [f"## {_sentence(rnd, 4)[:-1]}", _sentence(rnd, 12)]
    kind = rnd.random()
    if kind < 0.4:
        fn = rnd.choice(_WORDS)
        parts.append(
            "```python\n"
            f"def {fn}(items: list[str]) -> dict[str, int]:\n"
            f'    """{_sentence(rnd, 6)}"""\n'
            "    counts: dict[str, int] = {}\n"
            "    for item in items:\n"
            "        counts[item] = counts.get(item, 0) + 1\n"
            "    return counts\n"
            "```"
        )
    elif kind < 0.6:
        parts.append("\n".join(f"- {_sentence(rnd, 6)}" for _ in range(rnd.randint(2, 4))))
    elif kind < 0.7:
        parts.append("| key | value |\n|---|---|\n| `a` | 1 |\n| `b` | 2 |")
    parts.append(_sentence(rnd, 6))
    return "\n\n".join(parts)


def big_conversation(messages: int = 2000, seed: int = 4) -> Conversation:
    """A long conversation: user questions and Markdown answers with every field a real one has."""
    rnd = random.Random(seed)
    t_ms = 1_767_225_600_000  # files keep times to the millisecond
    c = Conversation(
        title="A long conversation about parsers",
        created=t_ms / 1000,
        provider_name="OpenAI",
        base_url="https://api.openai.com/v1",
        model="gpt-4o-2024-08-06",
        system_prompt="You are a helpful assistant. Answer with Markdown.",
        params={"temperature": 0.7, "top_p": 1.0, "max_tokens": 1024},
        tts={"enabled": False, "voice": "alloy", "speed": 1.0},
    )
    for i in range(messages):
        t_ms += rnd.randint(1_000, 30_000)
        t = t_ms / 1000
        if i % 2 == 0:
            c.append(Message("user", _sentence(rnd, rnd.randint(5, 20)), created=t))
            continue
        text = _answer(rnd)
        tokens = len(text) // 4
        c.append(
            Message(
                "assistant",
                text,
                created=t,
                model="gpt-4o-2024-08-06",
                params={"temperature": 0.7, "max_tokens": 1024},
                status=Status.OK,
                finish_reason="stop",
                usage={
                    "prompt_tokens": 20 * i,
                    "completion_tokens": tokens,
                    "total_tokens": 20 * i + tokens,
                },
                ttft=round(rnd.uniform(0.2, 0.9), 3),
                total_time=round(rnd.uniform(1.0, 9.0), 3),
                response_id=f"chatcmpl-{rnd.getrandbits(64):016x}",
                system_fingerprint="fp_eb9dce56a8",
                chunks=tokens,
            )
        )
    c.rewind_to(messages - 1)  # one regenerated answer: a branch, as in real use
    c.append(
        Message("assistant", _answer(rnd), created=(t_ms + 5000) / 1000, model="gpt-4o-2024-08-06")
    )
    c.updated = (t_ms + 5000) / 1000
    return c


def best(fn: Callable[[], Any], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        gc.collect()
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def ms(s: float) -> str:
    return f"{s * 1000:.1f} ms"


def bench_speed(messages: int, repeat: int, folder: Path) -> None:
    c = big_conversation(messages)
    path = folder / f"big{storage.SUFFIX}"
    storage.save(c, path)
    data = path.read_bytes()
    loaded = storage.load(path).conversation
    assert storage.dumps(loaded) == data, "the conversation did not round-trip"
    print(
        f"file: {len(c.nodes):,} messages ({messages:,} on the path + 1 branch), "
        f"{len(data):,} bytes ({len(data) / 1e6:.2f} MB), best of {repeat}"
    )
    t_json = best(lambda: json.loads(path.read_bytes()), repeat)
    t_load = best(lambda: storage.load(path), repeat)
    t_json_mem = best(lambda: json.loads(data), repeat)
    t_loads = best(lambda: storage.loads(data), repeat)
    t_dumps = best(lambda: storage.dumps(c), repeat)
    t_save = best(lambda: storage.save(c, path), repeat)
    t_text = best(lambda: c.plain_text().lower(), repeat)
    t_entries = best(lambda: storage.ConversationStore(folder).entries(), repeat)
    rows = [
        ("json.loads(file bytes)  [read + parse]", t_json),
        ("storage.load(path)      [read + parse + validate]", t_load),
        ("json.loads(bytes)       [in memory]", t_json_mem),
        ("storage.loads(bytes)    [in memory]", t_loads),
        ("storage.dumps(conversation)", t_dumps),
        ("storage.save (dumps + temp file + fsync + .bak + rename)", t_save),
        ("plain_text().lower() (search text)", t_text),
        ("ConversationStore.entries() (history list, 1 file)", t_entries),
    ]
    for label, t in rows:
        print(f"  {label:<58} {ms(t):>10}")
    print(
        f"load / json.loads: {t_load / t_json:.2f}x (file), {t_loads / t_json_mem:.2f}x (in memory)"
    )
    verdict = "parse off the UI thread" if t_load > UI_BUDGET else "fits in one frame budget"
    print(f"load vs the 20 ms UI budget: {ms(t_load)} -> {verdict}")


def soak(trials: int, folder: Path, seed: int | None) -> None:
    rnd = random.Random(seed)
    loaded = no_file = failed = mid_write = after_rename = bak_ok = 0
    max_lost = 0
    max_saved = 0
    errors: list[str] = []
    t0 = time.perf_counter()
    for i in range(trials):
        delay = rnd.uniform(0.0, 0.25)
        try:
            t = run_trial(folder / f"t{i:04d}", delay)
        except Exception as exc:  # a writer that did not start: reported, not fatal
            failed += 1
            errors.append(f"trial {i}: {exc!r}")
            continue
        max_saved = max(max_saved, t.saved)
        if t.error is not None or (t.found is None and t.saved > 0):
            failed += 1
            errors.append(f"trial {i} (killed after {delay:.3f} s): {t}")
            continue
        if t.found is None:
            no_file += 1
            continue
        loaded += 1
        lost = max(t.lost, 0)
        if t.found < t.saved:
            errors.append(f"trial {i}: lost a completed save: {t}")
        max_lost = max(max_lost, lost)
        mid_write += t.stray > 0
        after_rename += t.found == t.saved + 1
        bak_ok += t.bak is not None
    elapsed = time.perf_counter() - t0
    print(
        f"crash soak: {trials} SIGKILL trials in {elapsed:.1f} s (kill after 0-250 ms, up to "
        f"{max_saved} saves per trial)"
    )
    print(
        f"files loaded: {loaded}/{trials - no_file} ({no_file} killed before the first save, "
        f"{failed} failed)"
    )
    print(
        f"  killed while writing the temp file (a stray .tmp left, ignored): {mid_write}; "
        f"after the rename, before reporting: {after_rename}; .bak present and loading: {bak_ok}"
    )
    ok = failed == 0 and max_lost <= 1 and not errors
    print(
        f"max messages lost: {max_lost} (at most the one being written: <= 1) "
        f"{'PASS' if ok else 'MISS'}"
    )
    for e in errors[:10]:
        print("  " + e)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    ap.add_argument("--messages", type=int, default=2000)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--trials", type=int, default=200)
    ap.add_argument("--seed", type=int, default=None, help="of the kill delays")
    ap.add_argument("--quick", action="store_true", help="200 messages, best of 2, 5 trials")
    args = ap.parse_args(argv)
    if args.quick:
        args.messages, args.repeat, args.trials = 200, 2, 5
    print(
        f"Python {platform.python_version()} on {platform.machine()}, {os.cpu_count()} CPUs, "
        f"{sys.platform}"
    )
    with tempfile.TemporaryDirectory(prefix="bench-files-") as tmp:
        (Path(tmp) / "speed").mkdir()
        bench_speed(args.messages, args.repeat, Path(tmp) / "speed")
        soak(args.trials, Path(tmp) / "soak", args.seed)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
