"""How often the gazetteer places the names the catalog lacks, on the real articles' annotated ``unlisted`` names.

Run ``python -m bench.gazetteer --split test``. A located span counts when it overlaps an annotated name the catalog
lacks; recall is the share of those names with a located span over them. Names annotated with a reference position
(``lat``, ``lon``, ``coord_source``: towns, ports, crossings, fields, sites; areas and lines have none) are also
scored by distance: the share placed within :data:`WITHIN_KM` of their reference (a name not located counts as a
miss).
"""

from __future__ import annotations

import argparse
import json

from corridors.atlas import load_atlas
from corridors.text.candidates import unknown_candidates
from corridors.text.evaluation import ARTICLES_DIR
from corridors.text.gazetteer import locate_places
from corridors.text.mentions import build_mention_index, find_mentions
from geo.measure import geodesic_distance_km

#: The distance within which a located name counts as placed right (the issue's target: 80 % of names).
WITHIN_KM = 25.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.gazetteer", description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=("dev", "test"), default="test")
    parser.add_argument("--errors", action="store_true", help="list located spans on no annotated name")
    args = parser.parse_args(argv)
    atlas = load_atlas({})
    index = build_mention_index(atlas.catalog)
    entities = atlas.entities()
    countries = dict(zip(entities["id"], entities["countries"], strict=True))
    located = on_a_name = names = names_located = 0
    placed = within = 0
    for path in sorted(ARTICLES_DIR.glob("*.json")):
        document = json.loads(path.read_text(encoding="utf-8"))
        if document["split"] != args.split:
            continue
        text = (ARTICLES_DIR / document["text"]).read_text(encoding="utf-8")
        mentions = find_mentions(text, index)
        about = {c for m in mentions for c in (countries.get(m.id) or [])}
        places = locate_places(text, mentions, unknown_candidates(text, mentions), text_countries=about)
        spans = [(span, place.name) for place in places for span in place.spans]
        gold = [(u["start"], u["end"]) for u in document.get("unlisted", [])]
        for (start, end), name in spans:
            hit = any(a < end and start < b for a, b in gold)
            located += 1
            on_a_name += hit
            if args.errors and not hit:
                print(f"{path.stem}: {text[start:end]!r} located as {name}")
        names += len(gold)
        names_located += sum(any(a < e and s < b for (s, e), _ in spans) for a, b in gold)
        for unlisted in document.get("unlisted", []):
            if "lat" not in unlisted:
                continue
            placed += 1
            a, b = unlisted["start"], unlisted["end"]
            found = [p for p in places if any(s < b and a < e for s, e in p.spans)]
            distances = [geodesic_distance_km(unlisted["lon"], unlisted["lat"], p.lon, p.lat) for p in found]
            near = bool(distances) and min(distances) <= WITHIN_KM
            within += near
            if args.errors and not near:
                where = f"{min(distances):.0f} km off" if distances else "not located"
                print(f"{path.stem}: {unlisted['text']!r} {where}")
    print(
        f"{args.split}: {located} located spans, {on_a_name} on an annotated name "
        f"(precision {on_a_name / max(1, located):.2f}); {names_located} of {names} names located "
        f"(recall {names_located / max(1, names):.2f})"
    )
    print(
        f"{args.split}: {within} of {placed} names with a reference position placed within {WITHIN_KM:.0f} km "
        f"({within / max(1, placed):.0%}; target 80 %)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
