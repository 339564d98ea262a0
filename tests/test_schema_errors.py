"""Corrupted copies of the catalog: every problem is reported, naming file, entity and field."""

from __future__ import annotations

import copy
import re

import pytest

from corridors.catalog import load_catalog
from corridors.errors import CatalogError, Problem

SOURCE_ID = "velizade-cabar-2019"


def find(problems: list[Problem], *, file=None, entity=None, field=None, message=None) -> list[Problem]:
    """Problems matching every given part; ``message`` is a substring (or a compiled regex)."""
    found = []
    for problem in problems:
        if file is not None and problem.file != file:
            continue
        if entity is not None and problem.entity != entity:
            continue
        if field is not None and problem.field != field:
            continue
        if message is not None:
            if isinstance(message, re.Pattern):
                if not message.search(problem.message):
                    continue
            elif message not in problem.message:
                continue
        found.append(problem)
    return found


def assert_one(problems: list[Problem], **parts) -> Problem:
    found = find(problems, **parts)
    assert found, f"no problem matching {parts}; got:\n" + "\n".join(map(str, problems))
    return found[0]


def test_unedited_round_trip_of_the_copy_loads(catalog_dir, edit_yaml):
    # guards the technique used below: load and dump every file without changing it
    for path in catalog_dir.glob("*.yaml"):
        with edit_yaml(path):
            pass
    catalog = load_catalog(catalog_dir)
    assert "aktau-port" in catalog.places
    assert catalog.directory == catalog_dir


def test_unknown_key(catalog_dir, edit_yaml, catalog_problems):
    with edit_yaml(catalog_dir / "places.yaml") as doc:
        doc.entry("places", "baku")["colour"] = "red"
    problems = catalog_problems(catalog_dir)
    problem = assert_one(problems, file="places.yaml", entity="baku", field="colour")
    assert problem.message == "unknown key"
    assert str(problem) == "places.yaml: baku: colour: unknown key"


def test_unknown_key_in_a_leg_names_the_leg(catalog_dir, edit_yaml, catalog_problems):
    with edit_yaml(catalog_dir / "corridors.yaml") as doc:
        doc.entry("corridors", "trans-caspian-pipeline")["legs"][0]["diameter_in"] = 36
    problems = catalog_problems(catalog_dir)
    assert_one(
        problems,
        file="corridors.yaml",
        entity="trans-caspian-pipeline",
        field="legs.0.diameter_in",
        message="unknown key",
    )


@pytest.mark.parametrize(("entity_id", "field"), [("astana", "name"), ("bishkek", "lat"), ("tehran", "sources")])
def test_missing_required_field(catalog_dir, edit_yaml, catalog_problems, entity_id, field):
    with edit_yaml(catalog_dir / "places.yaml") as doc:
        del doc.entry("places", entity_id)[field]
    problems = catalog_problems(catalog_dir)
    problem = assert_one(problems, file="places.yaml", entity=entity_id, field=field)
    assert problem.message == "required field is missing"


def test_missing_id_is_reported_not_raised(catalog_dir, edit_yaml, catalog_problems):
    with edit_yaml(catalog_dir / "places.yaml") as doc:
        index = next(i for i, entry in enumerate(doc.data["places"]) if entry["id"] == "almaty")
        del doc.data["places"][index]["id"]
    problems = catalog_problems(catalog_dir)
    assert_one(problems, file="places.yaml", entity=f"places[{index}]", field="id", message="required field is missing")


def test_missing_required_field_of_a_corridor(catalog_dir, edit_yaml, catalog_problems):
    with edit_yaml(catalog_dir / "corridors.yaml") as doc:
        del doc.entry("corridors", "aktau-baku-flight")["legs"]
    problems = catalog_problems(catalog_dir)
    assert_one(
        problems, file="corridors.yaml", entity="aktau-baku-flight", field="legs", message="required field is missing"
    )


def test_quote_not_verbatim(catalog_dir, edit_yaml, catalog_problems):
    with edit_yaml(catalog_dir / "places.yaml") as doc:
        quote = doc.entry("places", "kuryk-port")["quotes"][0]
        assert quote["text"].endswith("port of Kuryk.")
        quote["text"] = quote["text"].replace("Kuryk.", "Kurik.")  # same length, different text
    problems = catalog_problems(catalog_dir)
    problem = assert_one(problems, file="places.yaml", entity="kuryk-port", field="quotes.0.text")
    assert "not verbatim" in problem.message
    assert SOURCE_ID in problem.message


def test_quote_with_shifted_span_says_where_the_text_is(catalog_dir, edit_yaml, catalog_problems):
    with edit_yaml(catalog_dir / "corridors.yaml") as doc:
        quote = doc.entry("corridors", "lapis-lazuli-corridor")["quotes"][0]
        start, end = quote["start"], quote["end"]
        quote["start"], quote["end"] = start + 1, end + 1
    problems = catalog_problems(catalog_dir)
    problem = assert_one(problems, file="corridors.yaml", entity="lapis-lazuli-corridor", field="quotes.0.text")
    assert "not verbatim" in problem.message
    assert f"{start}:{end}" in problem.message  # the hint gives the true span


def test_quote_span_of_wrong_length(catalog_dir, edit_yaml, catalog_problems):
    with edit_yaml(catalog_dir / "formats.yaml") as doc:
        doc.entry("formats", "baku-astana-ankara")["quotes"][0]["end"] += 5
    problems = catalog_problems(catalog_dir)
    problem = assert_one(problems, file="formats.yaml", entity="baku-astana-ankara", field="quotes.0")
    assert "characters" in problem.message


def test_leg_node_that_does_not_exist(catalog_dir, edit_yaml, catalog_problems):
    with edit_yaml(catalog_dir / "corridors.yaml") as doc:
        path = doc.entry("corridors", "china-kyrgyzstan-uzbekistan-railway")["legs"][0]["path"]
        assert path[1] == "torugart"
        path[1] = "torugart-pass"
    problems = catalog_problems(catalog_dir)
    problem = assert_one(
        problems, file="corridors.yaml", entity="china-kyrgyzstan-uzbekistan-railway", field="legs.0.path.1"
    )
    assert "'torugart-pass' is not a catalog place" in problem.message


def test_format_member_that_does_not_exist(catalog_dir, edit_yaml, catalog_problems):
    with edit_yaml(catalog_dir / "formats.yaml") as doc:
        doc.entry("formats", "moscow-baku-tehran")["members"][2] = "teheran"
    problems = catalog_problems(catalog_dir)
    assert_one(
        problems,
        file="formats.yaml",
        entity="moscow-baku-tehran",
        field="members.2",
        message="is not a catalog place",
    )


def test_duplicate_id_across_files(catalog_dir, edit_yaml, catalog_problems):
    with edit_yaml(catalog_dir / "places.yaml") as places:
        tehran = copy.deepcopy(places.entry("places", "tehran"))
    with edit_yaml(catalog_dir / "formats.yaml") as formats:
        formats.data["places"] = [tehran]
    problems = catalog_problems(catalog_dir)
    problem = assert_one(problems, entity="tehran", field="id", message="duplicate id")
    # the problem names both files: the one it is reported in and the other definition
    named = {problem.file} | set(re.findall(r"\w+\.yaml", problem.message))
    assert {"places.yaml", "formats.yaml"} <= named
    assert len(find(problems, message="duplicate id")) == 1


def test_duplicate_id_between_a_place_and_a_corridor(catalog_dir, edit_yaml, catalog_problems):
    with edit_yaml(catalog_dir / "places.yaml") as doc:
        doc.entry("places", "avaza")["id"] = "lapis-lazuli-corridor"
    problems = catalog_problems(catalog_dir)
    problem = assert_one(problems, entity="lapis-lazuli-corridor", field="id", message="duplicate id")
    named = {problem.file} | set(re.findall(r"\w+\.yaml", problem.message))
    assert {"places.yaml", "corridors.yaml"} <= named


def test_malformed_yaml_reports_the_line(catalog_dir, catalog_problems):
    path = catalog_dir / "places.yaml"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    index = next(i for i, line in enumerate(lines) if line.startswith("- id: yerevan"))
    lines.insert(index + 1, "\tbroken: tab-indented\n")  # a tab cannot start a YAML token
    path.write_text("".join(lines), encoding="utf-8")
    problems = catalog_problems(catalog_dir)
    problem = assert_one(problems, file="places.yaml", message="not valid YAML")
    assert f"line {index + 2}" in problem.message


def test_malformed_yaml_unclosed_bracket(catalog_dir, catalog_problems):
    path = catalog_dir / "formats.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("  members:\n  - ankara\n", "  members: [ankara,\n", 1), encoding="utf-8")
    problems = catalog_problems(catalog_dir)
    problem = assert_one(problems, file="formats.yaml", message="not valid YAML")
    assert re.search(r"line \d+", problem.message)


def test_file_that_is_not_a_mapping(catalog_dir, catalog_problems):
    (catalog_dir / "extra.yaml").write_text("- just\n- a list\n", encoding="utf-8")
    problems = catalog_problems(catalog_dir)
    assert_one(problems, file="extra.yaml", message="must be a mapping")


@pytest.mark.parametrize("version", [2, "1", None])
def test_wrong_schema_version(catalog_dir, edit_yaml, catalog_problems, version):
    with edit_yaml(catalog_dir / "formats.yaml") as doc:
        if version is None:
            del doc.data["schema_version"]
        else:
            doc.data["schema_version"] = version
    problems = catalog_problems(catalog_dir)
    problem = assert_one(problems, file="formats.yaml", field="schema_version")
    assert repr(version) in problem.message
    assert "1" in problem.message


def test_unknown_section(catalog_dir, edit_yaml, catalog_problems):
    with edit_yaml(catalog_dir / "formats.yaml") as doc:
        doc.data["airports"] = []
    problems = catalog_problems(catalog_dir)
    assert_one(problems, file="formats.yaml", field="airports", message="unknown section")


def test_missing_source_text_file(catalog_dir, catalog_problems):
    (catalog_dir / "sources" / f"{SOURCE_ID}.txt").unlink()
    problems = catalog_problems(catalog_dir)
    problem = assert_one(problems, file="sources.yaml", entity=SOURCE_ID, field="file")
    assert "does not exist" in problem.message
    assert f"sources/{SOURCE_ID}.txt" in problem.message
    # the missing text is reported once, not once for every quote taken from it
    assert not find(problems, message="not verbatim")


def test_edited_source_text_fails_its_sha256(catalog_dir, catalog_problems):
    path = catalog_dir / "sources" / f"{SOURCE_ID}.txt"
    path.write_bytes(path.read_bytes() + b"\n")
    problems = catalog_problems(catalog_dir)
    problem = assert_one(problems, file="sources.yaml", entity=SOURCE_ID, field="sha256")
    assert "changed" in problem.message


def test_missing_catalog_directory(tmp_path):
    missing = tmp_path / "no-such-catalog"
    with pytest.raises(CatalogError) as caught:
        load_catalog(missing)
    (problem,) = caught.value.problems
    assert problem.file == str(missing)
    assert "does not exist" in problem.message


def test_catalog_directory_without_yaml_files(tmp_path):
    with pytest.raises(CatalogError) as caught:
        load_catalog(tmp_path)
    assert "no *.yaml" in caught.value.problems[0].message


@pytest.mark.parametrize("note", [None, ""])
def test_imprecise_place_without_location_note(catalog_dir, edit_yaml, catalog_problems, note):
    with edit_yaml(catalog_dir / "places.yaml") as doc:
        entry = doc.entry("places", "kuryk-port")
        assert entry["precision"] == "approximate"
        if note is None:
            del entry["location_note"]
        else:
            entry["location_note"] = note
    problems = catalog_problems(catalog_dir)
    problem = assert_one(problems, file="places.yaml", entity="kuryk-port", field="location_note")
    assert "approximate" in problem.message


def test_exact_place_needs_no_location_note(catalog_dir, edit_yaml):
    with edit_yaml(catalog_dir / "places.yaml") as doc:
        entry = doc.entry("places", "kuryk-port")
        entry["precision"] = "exact"
        del entry["location_note"]
    assert "kuryk-port" in load_catalog(catalog_dir).places


def test_invalid_values_name_their_field(catalog_dir, edit_yaml, catalog_problems):
    with edit_yaml(catalog_dir / "corridors.yaml") as doc:
        corridor = doc.entry("corridors", "aktau-baku-flight")
        corridor["status"]["value"] = "dreaming"
        corridor["legs"][0]["mode"] = "teleport"
        corridor["countries"] = ["kz"]
    problems = catalog_problems(catalog_dir)
    assert_one(problems, file="corridors.yaml", entity="aktau-baku-flight", field="status.value")
    assert_one(problems, file="corridors.yaml", entity="aktau-baku-flight", field="legs.0.mode")
    assert_one(problems, file="corridors.yaml", entity="aktau-baku-flight", field="countries.0")


def test_all_problems_are_reported_at_once(catalog_dir, edit_yaml, catalog_problems):
    with edit_yaml(catalog_dir / "places.yaml") as doc:
        doc.entry("places", "baku")["colour"] = "red"
        del doc.entry("places", "astana")["name"]
    with edit_yaml(catalog_dir / "corridors.yaml") as doc:
        doc.entry("corridors", "china-kyrgyzstan-uzbekistan-railway")["legs"][0]["path"][1] = "torugart-pass"
    with edit_yaml(catalog_dir / "formats.yaml") as doc:
        quote = doc.entry("formats", "baku-astana-moscow")["quotes"][0]
        quote["start"], quote["end"] = quote["start"] + 1, quote["end"] + 1
    (catalog_dir / "extra.yaml").write_text("schema_version: 1\nplaces: [unclosed\n", encoding="utf-8")

    with pytest.raises(CatalogError) as caught:
        load_catalog(catalog_dir)
    problems = caught.value.problems
    assert_one(problems, file="places.yaml", entity="baku", field="colour", message="unknown key")
    assert_one(problems, file="places.yaml", entity="astana", field="name", message="required field is missing")
    assert_one(problems, file="corridors.yaml", entity="china-kyrgyzstan-uzbekistan-railway", field="legs.0.path.1")
    assert_one(
        problems, file="formats.yaml", entity="baku-astana-moscow", field="quotes.0.text", message="not verbatim"
    )
    assert_one(problems, file="extra.yaml", message="not valid YAML")
    # the exception text lists every problem, one per line, as file: entity: field: message
    text = str(caught.value)
    assert text.startswith(f"{len(problems)} problems in the catalog:")
    assert text.splitlines()[1:] == [str(problem) for problem in problems]


def test_invalid_source_document_field(catalog_dir, edit_yaml, catalog_problems):
    with edit_yaml(catalog_dir / "sources.yaml") as doc:
        doc.entry("sources", SOURCE_ID)["language"] = "english"
    problems = catalog_problems(catalog_dir)
    assert_one(problems, file="sources.yaml", entity=SOURCE_ID, field="language")


def test_source_file_outside_the_catalog_is_refused(catalog_dir, edit_yaml, catalog_problems):
    with edit_yaml(catalog_dir / "sources.yaml") as doc:
        doc.entry("sources", SOURCE_ID)["file"] = "../outside.txt"
    problems = catalog_problems(catalog_dir)
    problem = assert_one(problems, file="sources.yaml", entity=SOURCE_ID, field="file")
    assert "relative" in problem.message


def test_a_river_is_only_for_ports_and_terminals(catalog_dir, edit_yaml, catalog_problems):
    with edit_yaml(catalog_dir / "places.yaml") as doc:
        doc.entry("places", "baku")["river"] = "Kura"
    problems = catalog_problems(catalog_dir)
    problem = assert_one(problems, file="places.yaml", entity="baku", field="river")
    assert "river is for river ports and terminals, not a city" in problem.message
