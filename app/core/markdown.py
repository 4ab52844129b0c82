"""Markdown → the HTML subset Qt's rich text engine shows, with highlighted code.

Safe by construction: raw HTML in a message is escaped, images become plain links (nothing is
ever fetched), and only http, https and mailto links survive. markdown-it and pygments are
imported on first use so they cost nothing at start-up.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any


def escape(text: str, quote: bool = True) -> str:
    """html.escape, without importing `html` (its entity table, ~1.5 ms before the first
    frame)."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    if quote:
        text = text.replace('"', "&quot;").replace("'", "&#x27;")
    return text


SAFE_SCHEMES = ("http://", "https://", "mailto:")


def is_safe_link(url: str) -> bool:
    return url.strip().lower().startswith(SAFE_SCHEMES)


@lru_cache(maxsize=2)
def _renderer(dark: bool) -> Any:
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.enable("table")
    md.enable("strikethrough")

    def validate(url: str) -> bool:
        return is_safe_link(url) or url.startswith("#")

    md.validateLink = validate  # type: ignore[method-assign]

    code_bg = "#2b2b2b" if dark else "#f3f4f6"
    inline_bg = "#3a3a3a" if dark else "#eceef1"

    def fence(self: Any, tokens: Any, idx: int, options: Any, env: Any) -> str:
        tok = tokens[idx]
        lang = (tok.info or "").strip().split(" ")[0]
        body = highlight(tok.content, lang, dark)
        label = (
            f'<p style="margin:0; font-size:small; color:gray;">{escape(lang)}</p>' if lang else ""
        )
        return (
            f'{label}<pre style="background-color:{code_bg}; padding:6px; '
            f'margin-top:2px;">{body}</pre>\n'
        )

    def code_block(self: Any, tokens: Any, idx: int, options: Any, env: Any) -> str:
        return (
            f'<pre style="background-color:{code_bg}; padding:6px;">'
            f"{escape(tokens[idx].content)}</pre>\n"
        )

    def code_inline(self: Any, tokens: Any, idx: int, options: Any, env: Any) -> str:
        return f'<code style="background-color:{inline_bg};">{escape(tokens[idx].content)}</code>'

    def image(self: Any, tokens: Any, idx: int, options: Any, env: Any) -> str:
        tok = tokens[idx]
        src = str(tok.attrGet("src") or "")
        alt = escape(tok.content or "image")
        if is_safe_link(src):
            return f'<a href="{escape(src, quote=True)}">[image: {alt}]</a>'
        return f"[image: {alt}]"

    md.add_render_rule("fence", fence)
    md.add_render_rule("code_block", code_block)
    md.add_render_rule("code_inline", code_inline)
    md.add_render_rule("image", image)
    return md


def highlight(code: str, lang: str, dark: bool = False) -> str:
    """Code as HTML with inline colours (Qt's rich text has no CSS classes)."""
    try:
        from pygments import highlight as pyg_highlight
        from pygments.formatters import HtmlFormatter
        from pygments.lexers import get_lexer_by_name
        from pygments.util import ClassNotFound
    except ImportError:  # pragma: no cover - pygments is a dependency
        return escape(code)
    try:
        lexer = get_lexer_by_name(lang) if lang else None
    except ClassNotFound:
        lexer = None
    if lexer is None:
        return escape(code)
    style = "monokai" if dark else "default"
    formatter = HtmlFormatter(noclasses=True, nowrap=True, style=style)
    return str(pyg_highlight(code, lexer, formatter))


def render_markdown(text: str, dark: bool = False) -> str:
    out = str(_renderer(dark).render(text))
    if "<table>" in out:  # Qt draws no cell borders unless the table asks for them
        out = out.replace("<table>", '<table border="1" cellspacing="0" cellpadding="4">')
    return out
