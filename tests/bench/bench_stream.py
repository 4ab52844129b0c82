"""Streaming throughput: our client against the `openai` package, httpx-sse and the in-memory limit.

    .venv/bin/python -m tests.bench.bench_stream [--chunks 50000] [--repeat 3] [--quick]

A local server (own process by default, so it never competes with the clients for the GIL)
answers every POST .../chat/completions with one pre-built SSE body of N realistic
`chat.completion.chunk` events, a finish chunk and `data: [DONE]`, sent with one `sendall` of
the whole pre-framed response (chunked encoding in large frames, or close-delimited), so the
server is never the bottleneck. Each client streams the whole body and concatenates
`choices[0].delta.content`; every client must produce the same text. The best of `--repeat` runs
is reported in chunks/s with the ratios ours / openai (target >= 10x) and ours / in-memory limit
(target >= 35%). It is a benchmark: it prints PASS/MISS and exits 0 whatever the figures.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import os
import platform
import random
import socket
import subprocess
import sys
import threading
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.procs import stop_process

REPO_ROOT = Path(__file__).resolve().parents[2]
MODEL = "gpt-4o-2024-08-06"
MESSAGES = [{"role": "user", "content": "Write a long story."}]
TARGET_VS_OPENAI = 10.0  # ours / openai, times
TARGET_VS_LIMIT = 0.35  # ours / in-memory limit, fraction
WARM_CHUNKS = 200  # the untimed warm-up stream of every client
WARM_MODEL = "bench-warmup"  # a request for this model gets the short warm-up stream

# -- the stream -----------------------------------------------------------------------------

_WORDS = (
    "the quick brown fox jumps over lazy dog and then some more words appear in a long story "
    "about streams tokens latency throughput python json parser server client event data"
).split()
_ODD = ["é", "—", "…", "🙂", "ß", "中文", '"', "\\", "\t", "\n\n", "**", "`", "\n- ", "?", ", "]


def stream_pieces(n: int, seed: int = 1234) -> list[str]:
    """N content deltas of a few characters each (words, punctuation, newlines, non-ASCII)."""
    rnd = random.Random(seed)
    out: list[str] = []
    for _ in range(n):
        r = rnd.random()
        if r < 0.12:
            out.append(rnd.choice(_ODD))
        elif r < 0.25:
            w = rnd.choice(_WORDS)
            out.append(w[: rnd.randint(1, len(w))])  # a word split in tokens
        else:
            out.append(" " + rnd.choice(_WORDS))
    return out


def sse_body(n: int) -> tuple[bytes, str]:
    """The SSE body of a streamed chat completion of N content chunks, and its text."""
    pieces = stream_pieces(n)
    head = {
        "id": "chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT",
        "object": "chat.completion.chunk",
        "created": 1741569952,
        "model": MODEL,
        "service_tier": "default",
        "system_fingerprint": "fp_eb9dce56a8",
    }
    dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    parts: list[str] = []
    for i, piece in enumerate(pieces):
        delta: dict[str, Any] = (
            {"role": "assistant", "content": piece, "refusal": None}
            if i == 0
            else {"content": piece}
        )
        choice = {"index": 0, "delta": delta, "logprobs": None, "finish_reason": None}
        parts.append(f"data: {dumps({**head, 'choices': [choice]})}\n\n")
    finish = {"index": 0, "delta": {}, "logprobs": None, "finish_reason": "stop"}
    parts.append(f"data: {dumps({**head, 'choices': [finish]})}\n\n")
    parts.append("data: [DONE]\n\n")
    return "".join(parts).encode("utf-8"), "".join(pieces)


def http_response(body: bytes, frame: int, close_delimited: bool) -> bytes:
    """The whole HTTP/1.1 response, pre-framed: one sendall per request."""
    head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\n"
    head += "Cache-Control: no-cache\r\nx-request-id: req_bench\r\n"
    if close_delimited:
        return (head + "Connection: close\r\n\r\n").encode() + body
    out = [(head + "Transfer-Encoding: chunked\r\n\r\n").encode()]
    for i in range(0, len(body), frame):
        part = body[i : i + frame]
        out += [b"%x\r\n" % len(part), part, b"\r\n"]
    out.append(b"0\r\n\r\n")
    return b"".join(out)


# -- the server -----------------------------------------------------------------------------

_NOT_FOUND = (
    b"HTTP/1.1 404 Not Found\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}"
)


def _handle(conn: socket.socket, responses: tuple[bytes, bytes], close_delimited: bool) -> None:
    conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    buf = b""
    try:
        while True:
            while b"\r\n\r\n" not in buf:
                data = conn.recv(65536)
                if not data:
                    return
                buf += data
            head, _, buf = buf.partition(b"\r\n\r\n")
            length = 0
            for line in head.split(b"\r\n")[1:]:
                name, _, value = line.partition(b":")
                if name.strip().lower() == b"content-length":
                    length = int(value)
            while len(buf) < length:
                data = conn.recv(65536)
                if not data:
                    return
                buf += data
            request, buf = buf[:length], buf[length:]
            if head.split(b" ", 2)[1].split(b"?")[0].endswith(b"/chat/completions"):
                conn.sendall(responses[WARM_MODEL.encode() in request])
                if close_delimited:
                    return
            else:
                conn.sendall(_NOT_FOUND)
    except OSError:
        pass
    finally:
        conn.close()


def serve(
    n: int,
    frame: int,
    close_delimited: bool,
    ready: Callable[[int], None],
    stop: threading.Event | None = None,
) -> None:
    """Accept connections forever (or until `stop`), one thread each."""
    responses = (
        http_response(sse_body(n)[0], frame, close_delimited),
        http_response(sse_body(WARM_CHUNKS)[0], frame, close_delimited),
    )
    lsock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    lsock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    lsock.bind(("127.0.0.1", 0))
    lsock.listen(64)
    lsock.settimeout(0.2)
    ready(lsock.getsockname()[1])
    with lsock:
        while stop is None or not stop.is_set():
            try:
                conn, _ = lsock.accept()
            except TimeoutError:
                continue
            conn.settimeout(None)
            threading.Thread(
                target=_handle, args=(conn, responses, close_delimited), daemon=True
            ).start()


def _print_port(port: int) -> None:
    print(f"port {port}", flush=True)


@contextmanager
def running_server(n: int, frame: int, close_delimited: bool, in_process: bool) -> Iterator[str]:
    """The base URL of a running bench server, stopped on exit."""
    if in_process:
        stop = threading.Event()
        got: list[int] = []
        ready = threading.Event()

        def on_ready(port: int) -> None:
            got.append(port)
            ready.set()

        t = threading.Thread(
            target=serve, args=(n, frame, close_delimited, on_ready, stop), daemon=True
        )
        t.start()
        if not ready.wait(60):
            raise RuntimeError("bench server did not start")
        try:
            yield f"http://127.0.0.1:{got[0]}/v1"
        finally:
            stop.set()
            t.join(5)
        return
    # A plain child process (not multiprocessing: it would re-import the caller's __main__).
    cmd = [sys.executable, "-m", "tests.bench.bench_stream", "--serve", "--chunks", str(n)]
    cmd += ["--frame", str(frame)] + (["--close-delimited"] if close_delimited else [])
    proc = subprocess.Popen(cmd, cwd=REPO_ROOT, stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()  # "port N", or "" if it died
        if not line.startswith("port "):
            raise RuntimeError(f"bench server did not start (exit code {proc.poll()})")
        yield f"http://127.0.0.1:{int(line.split()[1])}/v1"
    finally:
        stop_process(proc)
        if proc.stdout is not None:
            proc.stdout.close()


# -- the clients ----------------------------------------------------------------------------
#
# Each runner streams once per entry of `models` (the first is WARM_MODEL: a short untimed
# warm-up that opens the connection and runs every code path once), times each run with
# `timer`, and returns the text of the last run.


async def run_ours(base_url: str, models: list[str], timer: Timer) -> str:
    from app.api.client import ApiClient, make_http_client
    from app.api.types import ChatRequest

    http = make_http_client()
    api = ApiClient(http, base_url, "sk-bench")
    text = ""
    try:
        for model in models:
            with timer:
                parts: list[str] = []
                async with api.stream_chat(ChatRequest(model, list(MESSAGES))) as chunks:
                    async for chunk in chunks:
                        if chunk.choices:
                            c = chunk.choices[0].delta.content
                            if c:
                                parts.append(c)
                text = "".join(parts)
    finally:
        await http.aclose()
    return text


def openai_messages() -> Any:
    """MESSAGES, typed for the openai package's overloads."""
    return list(MESSAGES)


async def run_openai_async(base_url: str, models: list[str], timer: Timer) -> str:
    from openai import AsyncOpenAI

    client = AsyncOpenAI(base_url=base_url, api_key="sk-bench", max_retries=0)
    text = ""
    try:
        for model in models:
            with timer:
                parts: list[str] = []
                stream = await client.chat.completions.create(
                    model=model, messages=openai_messages(), stream=True
                )
                async for chunk in stream:
                    if chunk.choices:
                        c = chunk.choices[0].delta.content
                        if c:
                            parts.append(c)
                text = "".join(parts)
    finally:
        await client.close()
    return text


def run_openai_sync(base_url: str, models: list[str], timer: Timer) -> str:
    from openai import OpenAI

    text = ""
    with OpenAI(base_url=base_url, api_key="sk-bench", max_retries=0) as client:
        for model in models:
            with timer:
                parts: list[str] = []
                stream = client.chat.completions.create(
                    model=model, messages=openai_messages(), stream=True
                )
                for chunk in stream:
                    if chunk.choices:
                        c = chunk.choices[0].delta.content
                        if c:
                            parts.append(c)
                text = "".join(parts)
    return text


async def run_httpx_sse(base_url: str, models: list[str], timer: Timer) -> str:
    import httpx
    from httpx_sse import aconnect_sse

    text = ""
    loads = json.loads
    async with httpx.AsyncClient(timeout=120.0) as http:
        for model in models:
            body = {"model": model, "messages": MESSAGES, "stream": True}
            with timer:
                parts: list[str] = []
                async with aconnect_sse(
                    http, "POST", f"{base_url}/chat/completions", json=body
                ) as source:
                    async for sse in source.aiter_sse():
                        if sse.data == "[DONE]":
                            break
                        d = loads(sse.data)
                        choices = d.get("choices")
                        if choices:
                            c = choices[0]["delta"].get("content")
                            if c:
                                parts.append(c)
                text = "".join(parts)
    return text


async def run_httpx_raw(base_url: str, models: list[str], timer: Timer) -> str:
    """httpx alone: the body read with aiter_raw and kept, no parsing. The transport ceiling
    of every httpx-based client; the text is checked afterwards, untimed."""
    import httpx

    received = b""
    async with httpx.AsyncClient(timeout=120.0) as http:
        for model in models:
            body = {"model": model, "messages": MESSAGES, "stream": True}
            with timer:
                pieces: list[bytes] = []
                async with http.stream("POST", f"{base_url}/chat/completions", json=body) as resp:
                    async for piece in resp.aiter_raw():
                        pieces.append(piece)
                received = b"".join(pieces)
    return run_in_memory([received], Timer(skip=1))


def run_in_memory(bodies: list[bytes], timer: Timer) -> str:
    """The limit: the body already in memory, split into events, json.loads of each."""
    text = ""
    loads = json.loads
    for body in bodies:
        with timer:
            parts: list[str] = []
            for ev in body.split(b"\n\n"):
                if ev[:6] != b"data: ":
                    continue
                payload = ev[6:]
                if payload == b"[DONE]":
                    break
                choices = loads(payload).get("choices")
                if choices:
                    c = choices[0]["delta"].get("content")
                    if c:
                        parts.append(c)
            text = "".join(parts)
    return text


async def run_ours_in_memory(bodies: list[bytes], timer: Timer) -> str:
    """Our decode_stream and ChatChunk on the body in memory, fed in 64 KiB pieces (what the
    socket gives): the difference from `ours` is what httpx and the network add."""
    from app.api.client import decode_stream
    from app.api.types import ChatChunk

    async def pieces(body: bytes) -> AsyncIterator[bytes]:
        for i in range(0, len(body), 65536):
            yield body[i : i + 65536]

    text = ""
    for body in bodies:
        with timer:
            parts: list[str] = []
            async for chunk in decode_stream(pieces(body), ChatChunk.from_dict):
                if chunk.choices:
                    c = chunk.choices[0].delta.content
                    if c:
                        parts.append(c)
            text = "".join(parts)
    return text


# -- measuring ------------------------------------------------------------------------------


class Timer:
    """Times each `with` block but the first `skip` (the warm-up); keeps every run."""

    def __init__(self, skip: int = 1) -> None:
        self.runs: list[float] = []
        self._skip = skip
        self._t0 = 0.0

    def __enter__(self) -> Timer:
        gc.collect()
        self._t0 = time.perf_counter()
        return self

    def __exit__(self, *exc: object) -> None:
        elapsed = time.perf_counter() - self._t0
        if self._skip > 0:
            self._skip -= 1
        else:
            self.runs.append(elapsed)

    @property
    def best(self) -> float:
        return min(self.runs)


@dataclass
class Result:
    key: str
    label: str
    timer: Timer
    text: str
    info: bool = False  # shown, not used in the ratios

    def rate(self, n: int) -> float:
        return n / self.timer.best


def measure(
    key: str, label: str, fn: Callable[[Timer], str | Awaitable[str]], info: bool = False
) -> Result:
    timer = Timer()
    out = fn(timer)
    if not isinstance(out, str):
        out = asyncio.run(_await(out))
    return Result(key, label, timer, out, info)


async def _await(aw: Awaitable[str]) -> str:
    return await aw


@contextmanager
def no_proxy_for_localhost() -> Iterator[None]:
    """The clients trust the environment; never send 127.0.0.1 through a proxy."""
    saved = {k: os.environ.get(k) for k in ("NO_PROXY", "no_proxy")}
    for k in saved:
        os.environ[k] = ",".join(filter(None, [saved[k], "127.0.0.1", "localhost"]))
    try:
        yield
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def machine() -> str:
    cpu = platform.processor() or "?"
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    import httpx
    import openai

    return (
        f"{os.cpu_count()} CPUs ({cpu}), Python {platform.python_version()}, "
        f"httpx {httpx.__version__}, openai {openai.__version__}"
    )


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m tests.bench.bench_stream", description=__doc__)
    p.add_argument("--chunks", type=int, default=50_000, help="content chunks per stream")
    p.add_argument("--repeat", type=int, default=3, help="runs per client; the best is kept")
    p.add_argument("--quick", action="store_true", help="2,000 chunks, one run (CI smoke)")
    p.add_argument("--frame", type=int, default=16384, help="chunked-encoding frame size")
    p.add_argument("--close-delimited", action="store_true", help="no chunked encoding")
    p.add_argument("--server-thread", action="store_true", help="server in a thread, not a process")
    p.add_argument(
        "--only",
        default="",
        help="comma-separated subset of: ours,openai_async,openai_sync,httpx_sse,limit,httpx_raw,ours_mem",
    )
    p.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)  # the server child
    args = p.parse_args(argv)
    if args.serve:
        serve(args.chunks, args.frame, args.close_delimited, _print_port)
        return 0
    n = 2_000 if args.quick else args.chunks
    reps = 1 if args.quick else max(1, args.repeat)
    only = {s.strip() for s in args.only.split(",") if s.strip()}

    body, expected = sse_body(n)
    print(
        f"bench_stream: {n:,} chunks ({len(body) / 1e6:.1f} MB of SSE), "
        f"best of {reps} after a {WARM_CHUNKS}-chunk warm-up"
    )
    print(f"machine: {machine()}")
    framing = "close-delimited" if args.close_delimited else f"chunked, {args.frame} B frames"
    where = "thread" if args.server_thread else "process"
    print(f"server: own {where}, one pre-built response, {framing}")
    sys.stdout.flush()

    models = [WARM_MODEL] + [MODEL] * reps
    bodies = [sse_body(WARM_CHUNKS)[0]] + [body] * reps
    Runner = Callable[[str, Timer], "str | Awaitable[str]"]
    plan: list[tuple[str, str, Runner, bool]] = [
        ("ours", "ours: ApiClient.stream_chat", lambda u, t: run_ours(u, models, t), False),
        ("openai_async", "openai AsyncOpenAI", lambda u, t: run_openai_async(u, models, t), False),
        ("openai_sync", "openai OpenAI (sync)", lambda u, t: run_openai_sync(u, models, t), False),
        (
            "httpx_sse",
            "httpx + httpx_sse + json.loads",
            lambda u, t: run_httpx_sse(u, models, t),
            False,
        ),
        (
            "limit",
            "in-memory limit: split + json.loads",
            lambda u, t: run_in_memory(bodies, t),
            False,
        ),
        (
            "httpx_raw",
            "(info) httpx aiter_raw only, no parsing",
            lambda u, t: run_httpx_raw(u, models, t),
            True,
        ),
        (
            "ours_mem",
            "(info) ours in memory: decode_stream",
            lambda u, t: run_ours_in_memory(bodies, t),
            True,
        ),
    ]
    results: list[Result] = []
    with (
        no_proxy_for_localhost(),
        running_server(n, args.frame, args.close_delimited, args.server_thread) as url,
    ):
        for key, label, fn, info in plan:
            if only and key not in only:
                continue
            results.append(measure(key, label, lambda t, fn=fn: fn(url, t), info))  # type: ignore[misc]

    for r in results:
        if r.text != expected:
            at = next(
                (i for i, (a, b) in enumerate(zip(r.text, expected, strict=False)) if a != b),
                min(len(r.text), len(expected)),
            )
            raise AssertionError(
                f"{r.label}: text differs at {at} ({len(r.text)} vs {len(expected)} chars)"
            )

    print()
    print(f"{'client':<44}{'chunks/s':>12}{'best s':>9}  runs (s)")
    for r in results:
        runs = " ".join(f"{x:.3f}" for x in r.timer.runs)
        print(f"{r.label:<44}{r.rate(n):>12,.0f}{r.timer.best:>9.3f}  {runs}")
    print(f"all {len(results)} clients received the same {len(expected):,} characters")
    print()

    by = {r.key: r for r in results}
    ours = by.get("ours")
    openais = [by[k] for k in ("openai_async", "openai_sync") if k in by]
    if ours is not None and openais:
        base = max(openais, key=lambda r: r.rate(n))
        ratio = ours.rate(n) / base.rate(n)
        verdict = "PASS" if ratio >= TARGET_VS_OPENAI else "MISS"
        print(
            f"ours / openai: {ratio:.1f}x (vs {base.label}, the faster openai client; "
            f"target >= {TARGET_VS_OPENAI:.0f}x) {verdict}"
        )
        for r in openais:
            if r is not base:
                print(f"  (ours / {r.label}: {ours.rate(n) / r.rate(n):.1f}x)")
    if ours is not None and "limit" in by:
        frac = ours.rate(n) / by["limit"].rate(n)
        verdict = "PASS" if frac >= TARGET_VS_LIMIT else "MISS"
        print(
            f"ours / in-memory limit: {100 * frac:.0f}% "
            f"(target >= {100 * TARGET_VS_LIMIT:.0f}%) {verdict}"
        )
    if ours is not None and "httpx_sse" in by:
        print(f"  (ours / httpx_sse: {ours.rate(n) / by['httpx_sse'].rate(n):.1f}x)")
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
