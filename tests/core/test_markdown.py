"""Markdown helpers."""

from __future__ import annotations


def test_escape_is_html_escape() -> None:
    import html
    import random

    from app.core.markdown import escape

    rng = random.Random(7)
    alphabet = "<>&\"' abc\u00e9\u4e2d\n"
    for _ in range(300):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 30)))
        assert escape(text) == html.escape(text)
        assert escape(text, quote=False) == html.escape(text, quote=False)
