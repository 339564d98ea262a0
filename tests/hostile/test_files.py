"""Broken catalog files give messages naming file, entity and field, never a traceback or a hang."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from corridors.catalog import load_catalog
from tests.test_cli import assert_no_traceback, run_cli


def assert_quick(function, *args):
    started = time.monotonic()
    result = function(*args)
    assert time.monotonic() - started < 10
    return result


def test_a_directory_named_like_a_catalog_file(catalog_dir: Path, catalog_problems):
    (catalog_dir / "x.yaml").mkdir()
    problems = assert_quick(catalog_problems, catalog_dir)
    assert [str(p) for p in problems] == ["x.yaml: -: -: cannot be read: is a directory, not a regular file"]


def test_a_fifo_named_like_a_catalog_file_does_not_hang(catalog_dir: Path, catalog_problems):
    os.mkfifo(catalog_dir / "pipe.yaml")
    problems = assert_quick(catalog_problems, catalog_dir)
    assert [str(p) for p in problems] == ["pipe.yaml: -: -: cannot be read: is a named pipe (FIFO), not a regular file"]


def test_a_source_file_that_is_a_directory(catalog_dir: Path, catalog_problems):
    text = catalog_dir / "sources" / "velizade-cabar-2019.txt"
    text.unlink()
    text.mkdir()
    problems = assert_quick(catalog_problems, catalog_dir)
    assert str(problems[0]) == (
        "sources.yaml: velizade-cabar-2019: file: "
        "sources/velizade-cabar-2019.txt cannot be read: is a directory, not a regular file"
    )


def test_a_source_file_linked_to_dev_zero_is_not_read(catalog_dir: Path, catalog_problems):
    text = catalog_dir / "sources" / "velizade-cabar-2019.txt"
    text.unlink()
    text.symlink_to("/dev/zero")
    problems = assert_quick(catalog_problems, catalog_dir)
    assert "is a device, not a regular file" in str(problems[0])
    assert str(problems[0]).startswith("sources.yaml: velizade-cabar-2019: file: ")


def test_yaml_nested_20000_deep(catalog_dir: Path, catalog_problems):
    (catalog_dir / "deep.yaml").write_text("schema_version: 1\nplaces: " + "[" * 20_000 + "]" * 20_000 + "\n")
    problems = assert_quick(catalog_problems, catalog_dir)
    assert len(problems) == 1 and str(problems[0]).startswith("deep.yaml: -: -: not valid YAML: ")
    assert "nesting depth" in problems[0].message


def test_a_repeated_yaml_key_is_an_error(catalog_dir: Path, catalog_problems):
    places = catalog_dir / "places.yaml"
    text = places.read_text(encoding="utf-8")
    assert "\n  lat: " in text
    places.write_text(text.replace("\n  lat: ", "\n  lat: 0.0\n  lat: ", 1), encoding="utf-8")
    problems = catalog_problems(catalog_dir)
    first = problems[0]
    assert first.file == "places.yaml" and "key 'lat' appears twice (first on line" in first.message
    assert first.message.startswith("not valid YAML: line ")


def test_the_shipped_catalog_still_loads():
    assert load_catalog().places


@pytest.mark.parametrize("case", ["directory", "deep"])
def test_validate_exits_non_zero_with_the_message(catalog_dir: Path, case):
    if case == "directory":
        (catalog_dir / "x.yaml").mkdir()
        expected = "x.yaml: -: -: cannot be read: is a directory"
    else:
        (catalog_dir / "deep.yaml").write_text("schema_version: 1\nplaces: " + "[" * 20_000 + "]" * 20_000 + "\n")
        expected = "deep.yaml: -: -: not valid YAML"
    result = run_cli("validate", "--no-map", env_overrides={"CORRIDOR_ATLAS_CATALOG": str(catalog_dir)})
    assert result.returncode == 1
    assert_no_traceback(result)
    assert expected in result.stderr


@pytest.mark.parametrize("case", ["fifo", "dev-zero", "directory", "hex"])
def test_cli_mentions_refuses_odd_files_with_a_message(tmp_path: Path, case):
    path = tmp_path / "text.txt"
    extra = []
    if case == "fifo":
        os.mkfifo(path)
    elif case == "dev-zero":
        path.symlink_to("/dev/zero")
    elif case == "directory":
        path.mkdir()
    else:
        path.write_text("Aktau", encoding="utf-8")
        extra = ["--encoding", "hex"]
    started = time.monotonic()
    result = run_cli("mentions", str(path), *extra)
    assert time.monotonic() - started < 20
    assert result.returncode == 1
    assert_no_traceback(result)
    assert result.stderr.startswith("error: text.txt: ")


def test_a_boolean_latitude_is_an_error(catalog_dir: Path, edit_yaml, catalog_problems):
    with edit_yaml(catalog_dir / "places.yaml") as doc:
        doc.entry("places", "aktau-port")["lat"] = True
    problems = [str(p) for p in catalog_problems(catalog_dir)]
    assert "places.yaml: aktau-port: lat: Input should be a valid number" in problems


def test_an_infinite_water_crossing_is_an_error(catalog_dir: Path, catalog_problems):
    corridors = catalog_dir / "corridors.yaml"
    text = corridors.read_text(encoding="utf-8")
    assert "water_crossing_km: 3\n" in text
    corridors.write_text(text.replace("water_crossing_km: 3\n", "water_crossing_km: .inf\n", 1), encoding="utf-8")
    problems = catalog_problems(catalog_dir)
    assert any(p.field.endswith("water_crossing_km") and "finite number" in p.message for p in problems), problems


@pytest.mark.parametrize("date", ["2024-13-45", "2023-02-29", "2024-00"])
def test_a_date_not_in_the_calendar_is_an_error(catalog_dir: Path, edit_yaml, catalog_problems, date):
    with edit_yaml(catalog_dir / "sources.yaml") as doc:
        doc.entry("sources", "velizade-cabar-2019")["published"] = date
    problems = [str(p) for p in catalog_problems(catalog_dir)]
    assert f"sources.yaml: velizade-cabar-2019: published: {date} is not a date in the calendar" in problems


@pytest.mark.parametrize("newline", ["\r\n", "\r"])
def test_a_copy_of_a_source_with_other_line_endings_is_a_duplicate(catalog_dir: Path, newline: str):
    from corridors.text.addsource import DuplicateSourceError, add_source

    text = (catalog_dir / "sources" / "velizade-cabar-2019.txt").read_text(encoding="utf-8")
    copy = text.replace("\n", newline)
    assert copy != text
    with pytest.raises(DuplicateSourceError, match="already has this source as 'velizade-cabar-2019'"):
        add_source(catalog_dir, copy, title="Copy", url="https://example.org/copy", published="2024", language="en")
