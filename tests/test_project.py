"""Checks of the project itself: layout rules, documented commands, shipped derived files."""

from __future__ import annotations

import re
from pathlib import Path

from geo.basemap import DISPLAY_BASEMAP_PATH, display_basemap_json, load_countries

REPO = Path(__file__).resolve().parents[1]


def test_library_packages_never_import_streamlit():
    offenders = [
        str(path.relative_to(REPO))
        for package in ("geo", "carto", "corridors", "harness")
        for path in (REPO / package).rglob("*.py")
        if re.search(r"^\s*(import|from)\s+streamlit", path.read_text(encoding="utf-8"), re.MULTILINE)
    ]
    assert offenders == []


def test_readme_gives_the_two_commands_and_they_exist():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    assert "`make run`" in readme and "`make test`" in readme
    assert re.search(r"^run:", makefile, re.MULTILINE) and re.search(r"^test:", makefile, re.MULTILINE)
    assert "streamlit run serve.py" in makefile
    assert "make test" in (REPO / ".ci" / "run").read_text(encoding="utf-8")


def test_environment_variables_are_documented():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for name in ("CORRIDOR_ATLAS_LAYERS", "CORRIDOR_ATLAS_CATALOG"):
        assert name in readme


def test_drawn_basemap_is_built_from_the_shipped_one():
    assert DISPLAY_BASEMAP_PATH.read_text(encoding="utf-8") == display_basemap_json(load_countries()), (
        "static basemap is stale: run scripts/build_basemap.py"
    )


def test_vendored_assets_and_their_licences_ship():
    vendor = REPO / "static" / "vendor"
    for name in ("leaflet.js", "leaflet.css", "jquery.min.js", "LICENSE-leaflet.txt", "LICENSE-jquery.txt"):
        assert (vendor / name).stat().st_size > 500, name
