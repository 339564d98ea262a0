"""Load and validate the catalog: YAML files of sources, places, corridors and formats."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from corridors.errors import CatalogError, Problem
from corridors.history import check_status_histories
from corridors.safeyaml import load_yaml_text
from corridors.schema import (
    SCHEMA_VERSION,
    SECTIONS,
    Corridor,
    Format,
    Place,
    Quote,
    ReviewDecision,
    SourceDocument,
)
from corridors.text.sourcefile import read_regular_file

#: Catalog YAML files and stored source texts larger than this are refused (64 MiB).
MAX_CATALOG_FILE_BYTES = 64 * 2**20
#: The catalog shipped with Corridor Atlas.
DEFAULT_CATALOG_DIR = Path(__file__).resolve().parent / "data"
#: Replaces the shipped catalog directory altogether.
ENV_CATALOG = "CORRIDOR_ATLAS_CATALOG"


def catalog_dir_from_env(environ: Mapping[str, str] = os.environ) -> Path:
    """The catalog directory: ``CORRIDOR_ATLAS_CATALOG`` or the shipped one."""
    value = environ.get(ENV_CATALOG, "").strip()
    return Path(value) if value else DEFAULT_CATALOG_DIR


@dataclass(frozen=True)
class Catalog:
    """A validated catalog. ``origins`` maps every id to the file it came from."""

    directory: Path
    sources: dict[str, SourceDocument]
    texts: dict[str, str]
    places: dict[str, Place]
    corridors: dict[str, Corridor]
    formats: dict[str, Format]
    origins: dict[str, str] = field(default_factory=dict)
    #: Decisions on names the texts give that the catalog lacks (rejected, or placed by hand), by id.
    review: dict[str, ReviewDecision] = field(default_factory=dict)

    def entities(self) -> Iterator[Place | Corridor | Format]:
        """Every mappable entity: corridors first, then places, then formats."""
        yield from self.corridors.values()
        yield from self.places.values()
        yield from self.formats.values()

    def entity(self, entity_id: str) -> Place | Corridor | Format:
        """The entity with this id; ``KeyError`` if there is none."""
        for table in (self.corridors, self.places, self.formats):
            if entity_id in table:
                return table[entity_id]
        raise KeyError(entity_id)


def load_catalog(directory: Path | str = DEFAULT_CATALOG_DIR) -> Catalog:
    """Read every ``*.yaml`` file in ``directory`` and validate it as one catalog.

    Raises
    ------
    CatalogError
        Listing every problem found, each naming file, entity and field.
    """
    directory = Path(directory)
    problems: list[Problem] = []
    if not directory.is_dir():
        raise CatalogError([Problem(str(directory), "-", "-", "catalog directory does not exist")])
    files = sorted(directory.glob("*.yaml"))
    if not files:
        raise CatalogError([Problem(str(directory), "-", "-", "no *.yaml catalog files in this directory")])

    tables: dict[str, dict[str, Any]] = {section: {} for section in SECTIONS}
    origins: dict[str, str] = {}
    for path in files:
        for section, entity_id, model in _read_file(path, problems):
            if entity_id in origins:
                problems.append(
                    Problem(path.name, entity_id, "id", f"duplicate id: also defined in {origins[entity_id]}")
                )
                continue
            tables[section][entity_id] = model
            origins[entity_id] = path.name

    texts = _read_source_texts(directory, tables["sources"], origins, problems)
    catalog = Catalog(
        directory=directory,
        sources=tables["sources"],
        texts=texts,
        places=tables["places"],
        corridors=tables["corridors"],
        formats=tables["formats"],
        origins=origins,
        review=tables["review"],
    )
    problems.extend(check_references(catalog))
    problems.extend(check_status_histories(catalog))
    if problems:
        raise CatalogError(problems)
    return catalog


def _read_file(path: Path, problems: list[Problem]) -> Iterator[tuple[str, str, Any]]:
    """Yield ``(section, id, model)`` for each valid entry; record problems for the rest."""
    name = path.name
    try:
        document = load_yaml_text(read_regular_file(path, MAX_CATALOG_FILE_BYTES).decode("utf-8"))
    except OSError as error:
        problems.append(Problem(name, "-", "-", f"cannot be read: {error.strerror or error}"))
        return
    except UnicodeDecodeError as error:
        problems.append(Problem(name, "-", "-", f"not UTF-8 text ({error.reason} at byte {error.start})"))
        return
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        problems.append(Problem(name, "-", "-", f"not valid YAML: {where}{getattr(error, 'problem', error)}"))
        return
    if not isinstance(document, dict):
        problems.append(Problem(name, "-", "-", "must be a mapping with schema_version and sections"))
        return
    version = document.get("schema_version")
    if version != SCHEMA_VERSION:
        problems.append(Problem(name, "-", "schema_version", f"is {version!r}; this version reads {SCHEMA_VERSION}"))
        return
    for key in document:
        if key != "schema_version" and key not in SECTIONS:
            expected = ", ".join(SECTIONS)
            problems.append(Problem(name, "-", str(key), f"unknown section (expected one of: {expected})"))
    for section, model in SECTIONS.items():
        entries = document.get(section) or []
        if not isinstance(entries, list):
            problems.append(Problem(name, "-", section, "must be a list of entries"))
            continue
        for index, entry in enumerate(entries):
            label = _entry_label(entry, section, index)
            if not isinstance(entry, dict):
                problems.append(Problem(name, label, "-", "entry must be a mapping"))
                continue
            try:
                validated = model.model_validate(entry)
            except ValidationError as error:
                problems.extend(Problem(name, label, f, m) for f, m in flatten_validation_error(error))
                continue
            yield section, validated.id, validated


def _entry_label(entry: Any, section: str, index: int) -> str:
    if isinstance(entry, dict) and isinstance(entry.get("id"), str) and entry["id"]:
        return entry["id"]
    return f"{section}[{index}]"


def flatten_validation_error(error: ValidationError) -> list[tuple[str, str]]:
    """Turn a pydantic error into ``(field path, message)`` pairs a person can read."""
    pairs = []
    for item in error.errors():
        location = ".".join(str(part) for part in item["loc"]) or "-"
        message = item["msg"]
        if item["type"] == "extra_forbidden":
            message = "unknown key"
        elif item["type"] == "missing":
            message = "required field is missing"
        elif message.startswith("Value error, "):
            message = message.removeprefix("Value error, ")
        pairs.append((location, message))
    return pairs


def _read_source_texts(
    directory: Path, sources: dict[str, SourceDocument], origins: dict[str, str], problems: list[Problem]
) -> dict[str, str]:
    texts = {}
    for source_id, source in sources.items():
        path = directory / source.file
        origin = origins[source_id]
        try:
            raw = read_regular_file(path, MAX_CATALOG_FILE_BYTES)
            texts[source_id] = raw.decode("utf-8")
        except FileNotFoundError:
            problems.append(Problem(origin, source_id, "file", f"source text {source.file} does not exist"))
            continue
        except OSError as error:
            problems.append(
                Problem(origin, source_id, "file", f"{source.file} cannot be read: {error.strerror or error}")
            )
            continue
        except UnicodeDecodeError as error:
            problems.append(Problem(origin, source_id, "file", f"{source.file} is not UTF-8 ({error.reason})"))
            continue
        if source.sha256 and hashlib.sha256(raw).hexdigest() != source.sha256:
            problems.append(
                Problem(origin, source_id, "sha256", f"{source.file} has changed since its quotes were taken")
            )
    return texts


def check_references(catalog: Catalog) -> list[Problem]:
    """Cross-reference checks: nodes, members and quote sources exist; quotes are verbatim."""
    problems = []
    for entity in catalog.entities():
        origin = catalog.origins[entity.id]
        for index, quote in enumerate(entity.quotes):
            problems.extend(check_quote(catalog, quote, origin, entity.id, f"quotes.{index}"))
        for index, claim in enumerate(getattr(entity, "claimed_status", [])):
            if claim.source not in catalog.sources:
                problems.append(
                    Problem(origin, entity.id, f"claimed_status.{index}.source", f"unknown source {claim.source!r}")
                )
    for corridor in catalog.corridors.values():
        origin = catalog.origins[corridor.id]
        for leg_index, leg in enumerate(corridor.legs):
            for node_index, node in enumerate(leg.path):
                if node not in catalog.places:
                    where = f"legs.{leg_index}.path.{node_index}"
                    problems.append(Problem(origin, corridor.id, where, f"node {node!r} is not a catalog place"))
            for a, b in zip(leg.path, leg.path[1:]):
                if a == b:
                    problems.append(Problem(origin, corridor.id, f"legs.{leg_index}.path", f"{a!r} follows itself"))
    for corridor in catalog.corridors.values():
        for index, part in enumerate(corridor.parts):
            if part not in catalog.corridors or part == corridor.id:
                problems.append(
                    Problem(
                        catalog.origins[corridor.id],
                        corridor.id,
                        f"parts.{index}",
                        f"{part!r} is not another catalog corridor",
                    )
                )
    for group in catalog.formats.values():
        for index, member in enumerate(group.members):
            if member not in catalog.places:
                where = f"members.{index}"
                problems.append(
                    Problem(catalog.origins[group.id], group.id, where, f"{member!r} is not a catalog place")
                )
    return problems


def check_quote(catalog: Catalog, quote: Quote, origin: str, entity_id: str, where: str) -> list[Problem]:
    """Problems with one quote: unknown source, span out of range, or text not verbatim."""
    if quote.source not in catalog.sources:
        return [Problem(origin, entity_id, f"{where}.source", f"unknown source {quote.source!r}")]
    text = catalog.texts.get(quote.source)
    if text is None:
        return []  # the unreadable source text is reported already
    if quote.end > len(text):
        return [
            Problem(
                origin,
                entity_id,
                where,
                f"span {quote.start}:{quote.end} runs past the end of {quote.source} ({len(text)} characters)",
            )
        ]
    actual = text[quote.start : quote.end]
    if actual != quote.text:
        found = text.find(quote.text)
        hint = f"; the text occurs at {found}:{found + len(quote.text)}" if found >= 0 else ""
        return [
            Problem(
                origin,
                entity_id,
                f"{where}.text",
                f"not verbatim: {quote.source}[{quote.start}:{quote.end}] is {actual[:60]!r}{hint}",
            )
        ]
    return []
