"""YAML reading for catalog files: safe types only, repeated keys refused, nesting bounded.

PyYAML keeps the last of two equal keys without a word, so an entry edited
twice silently loses one edit; here a repeated key is an error naming its line.
libyaml (PyYAML's C parser) refuses documents nested too deeply with a
message; the pure-Python parser would raise ``RecursionError`` instead, which
is turned into the same kind of error.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any

import yaml
from yaml.constructor import ConstructorError

_BASE = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class UniqueKeyLoader(_BASE):  # type: ignore[misc, valid-type]
    """A safe loader that refuses a mapping with the same key twice."""


def _construct_unique_mapping(loader: UniqueKeyLoader, node: yaml.MappingNode) -> Any:
    data: dict[Any, Any] = {}
    yield data
    seen: dict[Any, int] = {}
    for key_node, _ in node.value:
        if key_node.tag == "tag:yaml.org,2002:merge":
            continue
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, Hashable):
            raise ConstructorError(
                "while reading a mapping", node.start_mark, "a key is not a scalar", key_node.start_mark
            )
        if key in seen:
            raise ConstructorError(
                "while reading a mapping",
                node.start_mark,
                f"key {key!r} appears twice (first on line {seen[key] + 1})",
                key_node.start_mark,
            )
        seen[key] = key_node.start_mark.line
    data.update(loader.construct_mapping(node))


UniqueKeyLoader.add_constructor("tag:yaml.org,2002:map", _construct_unique_mapping)


def load_yaml_text(text: str) -> Any:
    """Parse one YAML document with :class:`UniqueKeyLoader`.

    Raises
    ------
    yaml.YAMLError
        For invalid YAML, a repeated key or a document nested too deeply.
    """
    try:
        return yaml.load(text, Loader=UniqueKeyLoader)  # a SafeLoader subclass: safe types only
    except RecursionError:
        raise yaml.YAMLError("the document is nested too deeply") from None
