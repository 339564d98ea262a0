"""One escaping rule for every string from the data that reaches HTML or JavaScript.

- Text shown in HTML goes through :func:`html_text`: HTML-escaped, and also safe
  inside a JavaScript template literal (folium puts tooltips in one), so a
  backtick, ``${`` or a backslash in a name stays text.
- Values placed in a ``<script>`` go through :func:`script_json`: JSON with ``<``,
  ``>``, ``&`` and the JavaScript line separators escaped, so no text can close the script.
- Links only keep http(s) URLs (:func:`safe_url`).
- Text put into Streamlit's Markdown (messages) goes through :func:`markdown_text`: every Markdown and HTML mark
  is backslash-escaped and bare URLs are broken, so a name cannot become a link, an image or emphasis.
"""

from __future__ import annotations

import html
import json
import re
from urllib.parse import urlsplit

_TEMPLATE_LITERAL = str.maketrans({"`": "&#96;", "$": "&#36;", "\\": "&#92;"})
_SCRIPT_UNSAFE = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def html_text(text: object) -> str:
    """``text`` as HTML text or attribute value, inert in HTML and in a JavaScript template literal."""
    return html.escape(str(text), quote=True).translate(_TEMPLATE_LITERAL)


_MARKDOWN_MARKS = str.maketrans({c: "\\" + c for c in "\\`*_{}[]()#+-.!|<>~$:"})


_AUTOLINK = re.compile(r"(?i)(://|www\.)")


def markdown_text(text: object) -> str:
    """``text`` as literal text inside Markdown: no emphasis, link or image, and no bare URL turned into a link
    (a zero-width space breaks "://" and "www.", which the renderer links even when escaped)."""
    text = _AUTOLINK.sub(lambda match: match.group()[0] + "\u200b" + match.group()[1:], str(text))
    return text.translate(_MARKDOWN_MARKS)


def script_json(value: object) -> str:
    """``value`` as JSON that can stand inside an HTML ``<script>`` element."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    for unsafe, escaped in _SCRIPT_UNSAFE.items():
        text = text.replace(unsafe, escaped)
    return text


def safe_url(url: object) -> str | None:
    """``url`` if it is an http(s) URL with a host, else ``None`` (no ``javascript:``, ``data:`` …)."""
    text = str(url or "").strip()
    try:
        parts = urlsplit(text)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc or any(c in text for c in "\r\n\t <>\"'`"):
        return None
    return text
