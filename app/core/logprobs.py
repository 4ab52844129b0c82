"""Token log-probabilities, as chat and legacy completions send them, made uniform for display.

Both shapes become a list of `TokenProb` (text, logprob, top alternatives). A token that is only
part of a UTF-8 character (a Chinese character or an emoji split over two or three tokens) is
joined with the tokens that complete it, so the heatmap shows real characters instead of
replacement marks; the joined token's logprob is the sum of its parts' (the probability of the
whole character). Parsing is tolerant: servers send nulls, short lists and odd types.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

# A token text that is not valid UTF-8 on its own, as the legacy completions API writes it.
_BYTES_TOKEN = re.compile(r"^bytes:((?:\\x[0-9a-fA-F]{2})+)$")
_MAX_JOIN = 8  # a UTF-8 character needs at most 4 tokens; more means the bytes are broken


@dataclass(frozen=True, slots=True)
class TokenProb:
    text: str  # the token's text (chat: "token"; completion: tokens[i]), joined when partial UTF-8
    logprob: float | None
    top: tuple[tuple[str, float], ...] = ()  # alternatives (token, logprob), most likely first

    @property
    def probability(self) -> float | None:
        """exp(logprob), None when unknown."""
        if self.logprob is None:
            return None
        return math.exp(self.logprob) if self.logprob < 0 else 1.0


def _num(v: Any) -> float | None:
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        return None
    f = float(v)
    if math.isnan(f):
        return None
    return min(f, 0.0) if f != -math.inf else -1e9


def _bytes_of(v: Any) -> bytes | None:
    if not isinstance(v, list):
        return None
    try:
        return bytes(int(b) for b in v)
    except (TypeError, ValueError):
        return None


def _token_bytes(text: str) -> bytes | None:
    """The bytes of a completions token written as `bytes:\\xe4\\xbd`, else None."""
    m = _BYTES_TOKEN.match(text)
    if m is None:
        return None
    return bytes(int(h, 16) for h in m.group(1).split("\\x")[1:])


def _shown(text: str, raw: bytes | None) -> str:
    """An alternative's text: its bytes decoded, with undecodable bytes as \\xNN."""
    if raw is None:
        raw = _token_bytes(text)
    if raw is None:
        return text
    return raw.decode("utf-8", "backslashreplace")


def _incomplete(err: UnicodeDecodeError) -> bool:
    """True when only the end is missing (a character continues in the next token)."""
    return err.end == len(err.object) and err.reason == "unexpected end of data"


def _top(items: Iterable[tuple[str, float | None]]) -> tuple[tuple[str, float], ...]:
    pairs = [(t, lp) for t, lp in items if lp is not None]
    pairs.sort(key=lambda p: -p[1])
    return tuple(pairs)


# One raw token: (text as sent, its bytes when known, logprob, alternatives).
_Raw = tuple[str, bytes | None, float | None, tuple[tuple[str, float], ...]]


def _join_partial(raw: Iterable[_Raw]) -> list[TokenProb]:
    """Tokens, with partial UTF-8 sequences joined to the tokens that complete them."""
    out: list[TokenProb] = []
    group: list[_Raw] = []

    def flush(final: bool) -> None:
        data = b"".join(r[1] or b"" for r in group)
        lps = [r[2] for r in group]
        lp = None if any(v is None for v in lps) else sum(v for v in lps if v is not None)
        text = data.decode("utf-8", "replace") if final else data.decode("utf-8")
        out.append(TokenProb(text, lp, group[0][3]))
        group.clear()

    def status(data: bytes) -> str:
        try:
            data.decode("utf-8")
        except UnicodeDecodeError as err:
            return "partial" if _incomplete(err) else "broken"
        return "ok"

    for r in raw:
        if r[1] is None:
            if group:
                flush(final=True)
            out.append(TokenProb(r[0], r[2], r[3]))
            continue
        if group:
            joined = b"".join(g[1] or b"" for g in group) + r[1]
            if status(joined) == "broken":  # this token does not continue the group
                flush(final=True)
        group.append(r)
        data = b"".join(g[1] or b"" for g in group)
        state = status(data)
        if state == "partial" and len(group) < _MAX_JOIN:
            continue
        if state != "ok":
            flush(final=True)
        elif len(group) == 1 and data.decode("utf-8") == r[0]:
            group.clear()
            out.append(TokenProb(r[0], r[2], r[3]))
        else:
            flush(final=False)
    if group:
        flush(final=True)
    return out


def from_chat(lp: Any) -> list[TokenProb]:
    """Chat logprobs `{"content": [{"token", "logprob", "bytes", "top_logprobs"}], "refusal"}`.

    The tokens of `content` (or of `refusal` when there is no content); anything malformed is
    skipped rather than raised.
    """
    if not isinstance(lp, dict):
        return []
    items = lp.get("content")
    if not isinstance(items, list) or not items:
        items = lp.get("refusal")
    if not isinstance(items, list):
        return []
    raw: list[_Raw] = []
    for it in items:
        if not isinstance(it, dict):
            continue
        token = it.get("token")
        text = token if isinstance(token, str) else ""
        b = _bytes_of(it.get("bytes"))
        alts = it.get("top_logprobs")
        top = _top(
            (_shown(str(a.get("token", "")), _bytes_of(a.get("bytes"))), _num(a.get("logprob")))
            for a in (alts if isinstance(alts, list) else ())
            if isinstance(a, dict)
        )
        raw.append((text, b, _num(it.get("logprob")), top))
    return _join_partial(raw)


def from_completion(lp: Any) -> list[TokenProb]:
    """Completions logprobs `{"tokens", "token_logprobs", "top_logprobs", "text_offset"}`.

    `top_logprobs` is a list of `{token: logprob}` dicts (or None entries, or None when
    logprobs was 0). Tokens written `bytes:\\xNN...` are partial UTF-8 and get joined.
    """
    if not isinstance(lp, dict):
        return []
    tokens = lp.get("tokens")
    if not isinstance(tokens, list):
        return []
    lps = lp.get("token_logprobs")
    lps = lps if isinstance(lps, list) else []
    tops = lp.get("top_logprobs")
    tops = tops if isinstance(tops, list) else []
    raw: list[_Raw] = []
    for i, tok in enumerate(tokens):
        text = tok if isinstance(tok, str) else ("" if tok is None else str(tok))
        t = tops[i] if i < len(tops) else None
        top = (
            _top((_shown(str(k), None), _num(v)) for k, v in t.items())
            if isinstance(t, dict)
            else ()
        )
        raw.append((text, _token_bytes(text), _num(lps[i]) if i < len(lps) else None, top))
    return _join_partial(raw)


def join_chat(acc: dict[str, Any] | None, piece: dict[str, Any] | None) -> dict[str, Any] | None:
    """Streaming chat: append a chunk's `content` (and `refusal`) lists onto `acc`."""
    if not isinstance(piece, dict):
        return acc
    if acc is None:
        acc = {"content": None, "refusal": None}
    for key in ("content", "refusal"):
        items = piece.get(key)
        if isinstance(items, list):
            have = acc.get(key)
            if isinstance(have, list):
                have.extend(items)
            else:
                acc[key] = list(items)
    return acc


_COMPLETION_KEYS = ("tokens", "token_logprobs", "top_logprobs", "text_offset")


def join_completion(
    acc: dict[str, Any] | None, piece: dict[str, Any] | None
) -> dict[str, Any] | None:
    """Streaming completions: extend the four lists of `acc` with a chunk's.

    `top_logprobs` stays None while every piece has none (logprobs=0); once one piece has some,
    the others' positions are padded with None so the lists stay aligned with `tokens`.
    """
    if not isinstance(piece, dict):
        return acc
    tokens = piece.get("tokens")
    n = len(tokens) if isinstance(tokens, list) else 0
    if acc is None:
        acc = {"tokens": [], "token_logprobs": [], "top_logprobs": None, "text_offset": []}
    have = len(acc.get("tokens") or [])
    for key in _COMPLETION_KEYS:
        items = piece.get(key)
        items = list(items) if isinstance(items, list) else None
        cur = acc.get(key)
        if key == "top_logprobs":
            if items is None and cur is None:
                continue
            if cur is None:
                cur = [None] * have
            items = items if items is not None else [None] * n
        elif items is None:
            items = [None] * n
        if not isinstance(cur, list):
            cur = []
        cur.extend(items)
        acc[key] = cur
    return acc


# The colour scale: (probability, RGB) stops, interpolated linearly in between.
HEAT_STOPS: tuple[tuple[float, tuple[int, int, int]], ...] = (
    (0.0, (214, 49, 48)),  # deep red: almost impossible
    (0.1, (239, 100, 82)),  # red
    (0.3, (246, 160, 90)),  # orange
    (0.5, (250, 212, 100)),  # yellow
    (0.7, (212, 230, 120)),  # yellow-green
    (0.9, (165, 222, 150)),  # light green: the model was sure
)
UNKNOWN_COLOUR = (200, 200, 200)


def heat_colour(p: float | None) -> tuple[int, int, int]:
    """The background for a token of probability `p`.

    A continuous, monotone scale from red to green, linear between these stops:
    p = 0 deep red (214, 49, 48); 0.1 red (239, 100, 82); 0.3 orange (246, 160, 90);
    0.5 yellow (250, 212, 100); 0.7 yellow-green (212, 230, 120); p >= 0.9 light green
    (165, 222, 150). The hue rises with p all the way. None (unknown, e.g. the first token of an
    echoed prompt) is neutral grey (200, 200, 200); values outside 0..1 are clamped.
    """
    if p is None or math.isnan(p):
        return UNKNOWN_COLOUR
    p = min(max(p, 0.0), 1.0)
    prev_p, prev_c = HEAT_STOPS[0]
    if p <= prev_p:
        return prev_c
    for sp, sc in HEAT_STOPS[1:]:
        if p <= sp:
            t = (p - prev_p) / (sp - prev_p)
            r, g, b = (round(a + (c - a) * t) for a, c in zip(prev_c, sc, strict=True))
            return (r, g, b)
        prev_p, prev_c = sp, sc
    return HEAT_STOPS[-1][1]


def _luminance(rgb: tuple[int, int, int]) -> float:
    def lin(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = rgb
    return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)


def text_colour(background: tuple[int, int, int]) -> tuple[int, int, int]:
    """Black or white, whichever contrasts more with `background` (WCAG contrast ratio)."""
    lum = _luminance(background)
    return (0, 0, 0) if (lum + 0.05) / 0.05 >= 1.05 / (lum + 0.05) else (255, 255, 255)


def summary(tokens: Sequence[TokenProb], lowest: int = 5) -> dict[str, Any]:
    """Figures for a header line.

    count (tokens), scored (with a logprob), total_logprob, mean_logprob, mean_probability,
    perplexity = exp(-mean logprob), min_probability, and `lowest`: the least likely tokens as
    (index, text, probability), least likely first. Figures are None when no token is scored.
    """
    scored = [(i, t) for i, t in enumerate(tokens) if t.logprob is not None]
    out: dict[str, Any] = {
        "count": len(tokens),
        "scored": len(scored),
        "total_logprob": None,
        "mean_logprob": None,
        "mean_probability": None,
        "perplexity": None,
        "min_probability": None,
        "lowest": [],
    }
    if not scored:
        return out
    lps = [t.logprob for _, t in scored if t.logprob is not None]
    total = math.fsum(lps)
    mean = total / len(lps)
    probs = [math.exp(v) for v in lps]
    out["total_logprob"] = total
    out["mean_logprob"] = mean
    out["mean_probability"] = math.fsum(probs) / len(probs)
    out["perplexity"] = math.exp(-mean) if -mean < 700 else math.inf
    out["min_probability"] = min(probs)
    worst = sorted(scored, key=lambda it: it[1].logprob or 0.0)[:lowest]
    out["lowest"] = [(i, t.text, t.probability) for i, t in worst]
    return out


def escape_token(text: str) -> str:
    """A token's text on one line: newline, tab and carriage return as \\n, \\t, \\r."""
    return text.replace("\\", "\\\\").replace("\n", "\\n").replace("\t", "\\t").replace("\r", "\\r")


def to_tsv(tokens: Sequence[TokenProb]) -> str:
    """Tab-separated: token, probability, logprob, then alternative/probability pairs."""
    width = max((len(t.top) for t in tokens), default=0)
    head = ["token", "probability", "logprob"]
    for k in range(1, width + 1):
        head += [f"alternative {k}", f"probability {k}"]
    lines = ["\t".join(head)]
    for t in tokens:
        p = t.probability
        row = [
            escape_token(t.text),
            "" if p is None else f"{p:.6f}",
            "" if t.logprob is None else f"{t.logprob:.6f}",
        ]
        for alt, lp in t.top:
            row += [escape_token(alt), f"{math.exp(lp):.6f}"]
        lines.append("\t".join(row))
    return "\n".join(lines) + "\n"
