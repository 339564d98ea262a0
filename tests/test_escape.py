"""Text from sources and analysts stays text in Streamlit's Markdown messages."""

from __future__ import annotations

import re

from carto.escape import markdown_text


def test_markdown_marks_are_escaped_and_bare_urls_broken():
    name = "Nav`${x}`</script>![x](http://example.org/i.png) **b** _i_ [l](www.example.org)"
    escaped = markdown_text(name)
    assert not re.search(r"(?<!\\)[`*_\[\]()!<>$]", escaped)  # every mark is backslash-escaped
    assert "://" not in escaped and "www." not in escaped.lower()  # no autolink either
    unescaped = re.sub(r"\\(.)", r"\1", escaped).replace("\u200b", "")
    assert unescaped == name  # what is shown is exactly the name
