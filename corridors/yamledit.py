"""Append entries and quotes to the human-edited catalog YAML files, leaving every other line as it was.

An edit inserts lines into the file's text where the new items belong. The
result is parsed back and compared with the intended data; only when the text
edit does not give exactly that data (an unusual layout) is the document dumped
whole instead, with ``yaml.safe_dump`` and the file's leading comments kept.
"""

from __future__ import annotations

import copy
import re
from typing import Any

import yaml

#: Line width of dumped YAML, as in the shipped catalog files.
YAML_WIDTH = 110


def dump_yaml(data: Any) -> str:
    """YAML text in the catalog's style: keys in order, Unicode as is, lines of about 110 characters."""
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=YAML_WIDTH)


def leading_comments(raw: str) -> str:
    """The comment lines at the top of a file."""
    lines = []
    for line in raw.splitlines(keepends=True):
        if not line.startswith("#"):
            break
        lines.append(line)
    return "".join(lines)


def append_section_entry(raw: str, section: str, entry: dict[str, Any]) -> str:
    """``raw`` with ``entry`` appended to the top-level list ``section`` (created if missing)."""
    document = yaml.safe_load(raw) or {}
    expected = copy.deepcopy(document)
    expected[section] = [*(expected.get(section) or []), entry]
    edited = _insert_section_entry(_lines(raw), section, entry)
    return _checked(raw, edited, expected)


def append_entity_quotes(raw: str, section: str, entity_id: str, quotes: list[dict[str, Any]]) -> str:
    """``raw`` with ``quotes`` appended to the ``quotes`` of entity ``entity_id`` in ``section``."""
    return append_entity_items(raw, section, entity_id, "quotes", quotes)


def append_entity_items(raw: str, section: str, entity_id: str, key: str, items: list[Any]) -> str:
    """``raw`` with ``items`` appended to the list ``key`` (created if missing) of entity ``entity_id``."""
    document = yaml.safe_load(raw) or {}
    expected = copy.deepcopy(document)
    entries = [e for e in expected.get(section) or [] if isinstance(e, dict) and e.get("id") == entity_id]
    if len(entries) != 1:
        raise KeyError(f"{section} has no single entry {entity_id!r}")
    entries[0][key] = [*(entries[0].get(key) or []), *items]
    edited = _insert_entity_items(_lines(raw), section, entity_id, key, items)
    return _checked(raw, edited, expected)


def remove_section_entry(raw: str, section: str, entry_id: str) -> str:
    """``raw`` without the entry ``entry_id`` of the top-level list ``section`` (and the comments just above it
    stay where they are)."""
    document = yaml.safe_load(raw) or {}
    expected = copy.deepcopy(document)
    entries = expected.get(section) or []
    kept = [e for e in entries if not (isinstance(e, dict) and e.get("id") == entry_id)]
    if len(kept) != len(entries) - 1:
        raise KeyError(f"{section} has no single entry {entry_id!r}")
    expected[section] = kept or None  # an emptied section is left as a bare key, as the text edit leaves it
    lines = _lines(raw)
    span = _entry_lines(lines, section, entry_id)
    edited = None if span is None else "".join([*lines[: span[0]], *lines[span[1] + 1 :]])
    return _checked(raw, edited, expected)


def _checked(raw: str, edited: str | None, expected: Any) -> str:
    """The edited text if it parses to ``expected`` (and repeats no top-level key), else a full dump."""
    if edited is not None and not _repeated_top_keys(edited):
        try:
            if yaml.safe_load(edited) == expected:
                return edited
        except yaml.YAMLError:
            pass
    return leading_comments(raw) + dump_yaml(expected)


def _repeated_top_keys(text: str) -> bool:
    """True if a top-level key occurs twice (PyYAML would silently keep the last)."""
    keys = [line.split(":", 1)[0] for line in text.splitlines() if re.match(r"^[^\s#-][^:]*:", line)]
    return len(keys) != len(set(keys))


def _lines(raw: str) -> list[str]:
    lines = raw.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    return lines


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _is_content(line: str) -> bool:
    stripped = line.strip()
    return bool(stripped) and not stripped.startswith("#")


def _render(items: list[Any], indent: int) -> list[str]:
    pad = " " * indent
    return [pad + line if line.strip() else line for line in dump_yaml(items).splitlines(keepends=True)]


def _section_header(lines: list[str], section: str) -> int | None:
    for number, line in enumerate(lines):
        if re.match(rf"^{re.escape(section)}:\s*(#.*)?$", line):
            return number
    return None


def _section_end(lines: list[str], header: int) -> int:
    """Index of the last content line of the top-level section starting at ``header``."""
    last = header
    for number in range(header + 1, len(lines)):
        line = lines[number]
        if _is_content(line):
            if _indent(line) == 0 and not line.startswith("- "):
                break
            last = number
    return last


def _insert_section_entry(lines: list[str], section: str, entry: dict[str, Any]) -> str | None:
    if any(re.match(rf"^{re.escape(section)}:", line) for line in lines) and _section_header(lines, section) is None:
        return None  # "sources: []" or similar: dump instead
    header = _section_header(lines, section)
    if header is None:
        return "".join([*lines, f"{section}:\n", *_render([entry], 0)])
    last = _section_end(lines, header)
    items = [line for line in lines[header + 1 : last + 1] if line.lstrip().startswith("- ")]
    indent = _indent(items[0]) if items else 0
    return "".join([*lines[: last + 1], *_render([entry], indent), *lines[last + 1 :]])


def _entry_lines(lines: list[str], section: str, entry_id: str) -> tuple[int, int] | None:
    """First and last content line of the entry ``- id: entry_id`` in ``section``."""
    header = _section_header(lines, section)
    if header is None:
        return None
    section_last = _section_end(lines, header)
    id_line = re.compile(rf"^(\s*)- id: ['\"]?{re.escape(entry_id)}['\"]?\s*(#.*)?$")
    start = next((n for n in range(header + 1, section_last + 1) if id_line.match(lines[n])), None)
    if start is None:
        return None
    dash = _indent(lines[start])
    last = start
    for number in range(start + 1, section_last + 1):
        if _is_content(lines[number]):
            if _indent(lines[number]) <= dash:
                break
            last = number
    return start, last


def _insert_entity_items(lines: list[str], section: str, entity_id: str, key: str, items: list[Any]) -> str | None:
    span = _entry_lines(lines, section, entity_id)
    if span is None:
        return None
    start, last = span
    key_indent = _indent(lines[start]) + 2
    list_key = re.compile(rf"^ {{{key_indent}}}{re.escape(key)}:\s*(#.*)?$")
    key_line = next((n for n in range(start + 1, last + 1) if list_key.match(lines[n])), None)
    if key_line is None:
        if any(re.match(rf"^ {{{key_indent}}}{re.escape(key)}:", lines[n]) for n in range(start, last + 1)):
            return None  # "quotes: []": dump instead
        block = [" " * key_indent + f"{key}:\n", *_render(items, key_indent)]
        return "".join([*lines[: last + 1], *block, *lines[last + 1 :]])
    item_indent = None
    end = key_line
    for number in range(key_line + 1, last + 1):
        line = lines[number]
        if not _is_content(line):
            continue
        indent = _indent(line)
        is_item = line.lstrip().startswith("- ")
        if indent > key_indent or (indent == key_indent and is_item):
            if item_indent is None and is_item:
                item_indent = indent
            end = number
        else:
            break
    indent = key_indent if item_indent is None else item_indent
    return "".join([*lines[: end + 1], *_render(items, indent), *lines[end + 1 :]])
