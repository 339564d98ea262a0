"""Move a gold-set name from ``unlisted`` to ``mentions`` once the catalog has the entity.

The gold articles mark names the catalog lacks as ``unlisted`` (with the name the annotator gave them). When the
catalog gains such an entity, every unlisted entry with that exact name becomes a mention of the new id, in both
halves alike; spans and texts stay as annotated. Run from the repository root::

    python scripts/promote_unlisted.py "Zangezur corridor=zangezur-corridor" ...
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

ARTICLES_DIR = Path(__file__).resolve().parents[1] / "tests" / "data" / "gold-articles"


def promote(annotation: dict, renames: dict[str, str]) -> int:
    """Move the unlisted entries named in ``renames`` into ``mentions``; return how many moved."""
    kept, moved = [], []
    for entry in annotation.get("unlisted", []):
        if entry["name"] in renames:
            moved.append({"id": renames[entry["name"]], **{k: entry[k] for k in ("start", "end", "text")}})
        else:
            kept.append(entry)
    if moved:
        annotation["mentions"] = sorted(annotation["mentions"] + moved, key=lambda m: (m["start"], m["end"]))
        annotation["unlisted"] = kept
    return len(moved)


def dump(annotation: dict) -> str:
    """The annotation in the set's layout: one mention or unlisted entry per line."""
    head = {k: v for k, v in annotation.items() if k not in ("mentions", "unlisted")}
    lines = ["{"] + [f" {json.dumps(k)}: {json.dumps(v, ensure_ascii=False)}," for k, v in head.items()]
    for key in ("mentions", "unlisted"):
        if key not in annotation:
            continue
        entries = [f"  {json.dumps(e, ensure_ascii=False)}" for e in annotation[key]]
        comma = "," if key == "mentions" and "unlisted" in annotation else ""
        lines.append(f' "{key}": [' + ("\n" + ",\n".join(entries) + "\n ]" if entries else "]") + comma)
    return "\n".join(lines) + "\n}\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("renames", nargs="+", metavar="NAME=ID", help="unlisted name and the catalog id it becomes")
    args = parser.parse_args(argv)
    renames = dict(pair.rsplit("=", 1) for pair in args.renames)
    counts = {"dev": 0, "test": 0}
    for path in sorted(ARTICLES_DIR.glob("*.json")):
        annotation = json.loads(path.read_text(encoding="utf-8"))
        document = (ARTICLES_DIR / annotation["text"]).read_text(encoding="utf-8")
        moved = promote(annotation, renames)
        if not moved:
            continue
        for mention in annotation["mentions"]:
            assert document[mention["start"] : mention["end"]] == mention["text"], (path.name, mention)
        assert json.loads(dump(annotation)) == annotation, path.name
        path.write_text(dump(annotation), encoding="utf-8")
        counts[annotation["split"]] += moved
    print(f"moved {counts['dev']} dev and {counts['test']} test entries")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
