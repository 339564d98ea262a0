"""The command line for texts: ``python -m corridors mentions`` and ``python -m corridors add-source``."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest

from corridors.text.sourcefile import MAX_SOURCE_BYTES
from corridors.writelock import LOCK_FILE
from tests.conftest import SHIPPED_CATALOG_DIR
from tests.test_cli import assert_no_traceback, run_cli

GOLD = Path(__file__).resolve().parent / "data" / "gold"
HTML = (
    "<html><head><script>var port = 'Kuryk';</script><style>.x{}</style></head>"
    "<body><h1>News</h1><p>Ferries sail from the port of Aktau to Baku.</p>"
    "<script>document.write('Turkmenbashi')</script></body></html>"
)


@pytest.fixture(scope="module", autouse=True)
def shipped_catalog_untouched():
    """These tests write only to temporary copies of the catalog."""
    before = {p: p.read_bytes() for p in SHIPPED_CATALOG_DIR.rglob("*") if p.is_file()}
    yield
    after = {p: p.read_bytes() for p in SHIPPED_CATALOG_DIR.rglob("*") if p.is_file()}
    assert after == before


@pytest.fixture
def env(catalog_dir: Path) -> dict[str, str]:
    return {"CORRIDOR_ATLAS_CATALOG": str(catalog_dir)}


def snapshot(directory: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(directory)): p.read_bytes()
        for p in sorted(directory.rglob("*"))
        if p.is_file() and p.name != LOCK_FILE
    }


def test_mentions_json_has_the_documented_shape(env):
    file = "tests/data/gold/ru-corridor.txt"
    result = run_cli("mentions", file, env_overrides=env)
    assert result.returncode == 0, result.stderr
    assert_no_traceback(result)
    document = json.loads(result.stdout)
    assert list(document) == ["source", "mentions"]
    assert document["source"] == file
    text = (GOLD / "ru-corridor.txt").read_text(encoding="utf-8")
    assert len(document["mentions"]) >= 15
    for mention in document["mentions"]:
        assert list(mention) == ["id", "start", "end", "text"]
        assert text[mention["start"] : mention["end"]] == mention["text"]
    assert {"id": "kuryk-port", "start": 328, "end": 334, "text": "Курыка"} in document["mentions"]


def test_mentions_with_the_gazetteer_add_located_places_only_on_request(env, tmp_path: Path):
    file = tmp_path / "article.txt"
    file.write_text("Freight from Kyzylorda reached the port of Aktau. Грузы из Кызылорды идут в Актау.\n")
    plain = json.loads(run_cli("mentions", str(file), env_overrides=env).stdout)
    assert all(not m["id"].startswith("gazetteer:") for m in plain["mentions"])
    result = run_cli("mentions", str(file), "--gazetteer", env_overrides=env)
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert list(document) == ["source", "mentions"]
    located = [m for m in document["mentions"] if m["id"].startswith("gazetteer:")]
    assert [m["text"] for m in located] == ["Kyzylorda", "Кызылорды"]
    assert len({m["id"] for m in located}) == 1  # one place in two languages
    for mention in located:
        assert set(mention) == {"id", "start", "end", "text", "lat", "lon", "precision"}
        assert mention["precision"] == "approximate"
        assert abs(mention["lat"] - 44.85) < 0.1 and abs(mention["lon"] - 65.51) < 0.1
    catalog = [m for m in document["mentions"] if not m["id"].startswith("gazetteer:")]
    assert catalog == plain["mentions"]  # the catalog's mentions keep their contract
    rows = list(
        csv.DictReader(
            io.StringIO(run_cli("mentions", str(file), "--format", "csv", "--gazetteer", env_overrides=env).stdout)
        )
    )
    assert rows[0]["id"].startswith("gazetteer:") and rows[0]["precision"] == "approximate"


def test_the_gazetteer_leaves_out_names_rejected_in_review(env, catalog_dir: Path, tmp_path: Path):
    file = tmp_path / "article.txt"
    file.write_text("Freight from Kyzylorda and Samarkand reached the port of Aktau.\n")
    (catalog_dir / "review.yaml").write_text(
        "schema_version: 1\nreview:\n- id: review-kyzylorda\n  name: Kyzylorda\n  decision: rejected\n"
        "  written:\n  - Кызылорды\n  decided: '2026-11-30'\n"
    )
    document = json.loads(run_cli("mentions", str(file), "--gazetteer", env_overrides=env).stdout)
    assert [m["text"] for m in document["mentions"] if m["id"].startswith("gazetteer:")] == ["Samarkand"]


def test_mentions_csv_and_nested(env):
    file = "tests/data/gold/en-middle-corridor.txt"
    plain = run_cli("mentions", file, "--format", "csv", env_overrides=env)
    nested = run_cli("mentions", file, "--format", "csv", "--nested", env_overrides=env)
    assert plain.returncode == nested.returncode == 0, plain.stderr + nested.stderr
    rows = list(csv.DictReader(io.StringIO(plain.stdout)))
    nested_rows = list(csv.DictReader(io.StringIO(nested.stdout)))
    assert plain.stdout.splitlines()[0] == "id,start,end,text"
    railway = (GOLD / "en-middle-corridor.txt").read_text(encoding="utf-8").index("Baku-Tbilisi-Kars railway")
    assert {
        "id": "baku-tbilisi-kars-railway",
        "start": str(railway),
        "end": str(railway + 25),
        "text": "Baku-Tbilisi-Kars railway",
    } in rows
    assert {"id": "tbilisi", "start": str(railway + 5), "end": str(railway + 12), "text": "Tbilisi"} in nested_rows
    assert "tbilisi" not in [row["id"] for row in rows]
    assert len(nested_rows) > len(rows)
    assert all(row in nested_rows for row in rows)


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "PNG image, not text"),
        ("news.txt", "Паромы из Курыка идут в Баку.".encode("cp1251"), "not utf-8 text.*cp1251"),
        ("empty.txt", b"", "empty"),
        ("page.html", b"<html><script>alert('Baku')</script></html>", "no text"),
    ],
)
def test_mentions_refuses_bad_input(tmp_path: Path, env, name, data, message):
    path = tmp_path / name
    path.write_bytes(data)
    result = run_cli("mentions", str(path), env_overrides=env)
    assert result.returncode == 1
    assert_no_traceback(result)
    assert result.stdout == ""
    assert re.search(message, result.stderr), result.stderr


def test_mentions_of_html_ignore_scripts(tmp_path: Path, env):
    path = tmp_path / "page.html"
    path.write_text(HTML, encoding="utf-8")
    result = run_cli("mentions", str(path), env_overrides=env)
    assert result.returncode == 0, result.stderr
    ids = [m["id"] for m in json.loads(result.stdout)["mentions"]]
    assert ids == ["aktau-port", "baku"]


def test_add_source_writes_the_catalog_named_by_the_environment(tmp_path: Path, catalog_dir: Path, env):
    path = tmp_path / "page.html"
    path.write_text(HTML, encoding="utf-8")
    args = [
        "add-source",
        str(path),
        "--title",
        "Ferry news",
        "--url",
        "https://news.example.kz/a/1",
        "--date",
        "2024-05",
    ]
    result = run_cli(*args, "--lang", "en", env_overrides=env)
    assert result.returncode == 0, result.stderr
    assert_no_traceback(result)
    assert result.stdout.splitlines()[0] == (
        "added source ferry-news-2024 (sources/ferry-news-2024.txt): 2 quotes for 2 entities"
    )
    stored = (catalog_dir / "sources" / "ferry-news-2024.txt").read_text(encoding="utf-8")
    assert stored == "News\n\nFerries sail from the port of Aktau to Baku.\n"
    assert "outlet: news.example.kz" in (catalog_dir / "sources.yaml").read_text(encoding="utf-8")
    validate = run_cli("validate", "--no-map", env_overrides=env)
    assert validate.returncode == 0, validate.stderr
    assert "2 sources" in validate.stdout

    before = snapshot(catalog_dir)
    again = run_cli(*args[:-1], "2024-06", "--lang", "en", env_overrides=env)
    assert again.returncode == 1
    assert_no_traceback(again)
    assert "already has this source as 'ferry-news-2024'" in again.stderr
    assert snapshot(catalog_dir) == before


@pytest.mark.parametrize(
    ("name", "content", "extra", "message"),
    [
        ("photo.txt", b"GIF89a\x01\x00\x01\x00\x00\x00\x00", [], "GIF image, not text"),
        ("huge.txt", None, [], "the limit is 16.0 MiB"),
        ("news.txt", b"Ferries reach Baku.", ["--date", "last week"], "published"),
    ],
)
def test_add_source_refuses_bad_input_and_changes_nothing(
    tmp_path: Path, catalog_dir: Path, env, name, content, extra, message
):
    path = tmp_path / name
    if content is None:
        with open(path, "wb") as handle:
            handle.truncate(MAX_SOURCE_BYTES + 1)
    else:
        path.write_bytes(content)
    before = snapshot(catalog_dir)
    args = ["add-source", str(path), "--title", "T", "--url", "https://e.org/x", "--date", "2024", "--lang", "en"]
    result = run_cli(*args, *extra, env_overrides=env)
    assert result.returncode == 1
    assert_no_traceback(result)
    assert message in result.stderr
    assert snapshot(catalog_dir) == before


def test_add_source_rejects_an_unknown_language(tmp_path: Path, env):
    path = tmp_path / "a.txt"
    path.write_text("Baku", encoding="utf-8")
    result = run_cli(
        "add-source",
        str(path),
        "--title",
        "T",
        "--url",
        "https://e.org",
        "--date",
        "2024",
        "--lang",
        "de",
        env_overrides=env,
    )
    assert result.returncode == 2
    assert "invalid choice: 'de'" in result.stderr
