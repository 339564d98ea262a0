"""The catalog's data model: strict pydantic models for every kind of entry."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator

#: Version of the catalog file format that this code reads.
SCHEMA_VERSION = 1

Status = Literal["proposed", "construction", "operating", "shelved", "cancelled"]
STATUSES: tuple[str, ...] = ("operating", "construction", "proposed", "shelved", "cancelled")

Mode = Literal["rail", "road", "ferry", "pipeline", "fibre", "air"]
MODES: tuple[str, ...] = ("rail", "road", "ferry", "pipeline", "fibre", "air")

Precision = Literal["exact", "approximate", "region-level"]

PlaceKind = Literal[
    "city",
    "port",
    "airport",
    "station",
    "border-crossing",
    "terminal",
    "field",
    "facility",
    "region",
    "sea",
    "waypoint",
]
PLACE_KINDS: tuple[str, ...] = PlaceKind.__args__  # type: ignore[attr-defined]
#: Kinds that stand at the water's edge: on the sea's coast, or on the ``river`` they name.
WATERSIDE_KINDS = frozenset({"port", "terminal"})

#: Where a leg runs; ``None`` for air legs, which are not checked against the map.
Surface = Literal["land", "sea"]
DEFAULT_SURFACE: dict[str, Surface | None] = {
    "rail": "land",
    "road": "land",
    "ferry": "sea",
    "air": None,
}

KEBAB_ID = r"^[a-z0-9]+(-[a-z0-9]+)*$"
EntityId = Annotated[str, Field(pattern=KEBAB_ID, min_length=2, max_length=80)]
Iso3 = Annotated[str, Field(pattern=r"^[A-Z]{3}$")]
NonEmpty = Annotated[str, Field(min_length=1)]


def _real_date(text: str) -> str:
    """``text`` if its month and day exist ("2024-02-30" and "2024-13-45" do not)."""
    digits = text.removeprefix("before ").removeprefix("c. ")
    year, month, day = [*(int(part) for part in digits.split("-")), 1, 1][:3]
    try:
        dt.date(year, month, day)
    except ValueError:
        raise ValueError(f"{digits} is not a date in the calendar") from None
    return text


# A year, year-month or full date, optionally prefixed "c. " for an approximate date.
DateText = Annotated[str, Field(pattern=r"^(c\. )?\d{4}(-\d{2}(-\d{2})?)?$"), AfterValidator(_real_date)]
# The start of a status step: a date, or "before <date>" when the step was already in force then and its start
# is not known (the first step only).
StepDate = Annotated[str, Field(pattern=r"^(before |c\. )?\d{4}(-\d{2}(-\d{2})?)?$")]


class Strict(BaseModel):
    """Base for catalog models: unknown keys are errors, strings are stripped of nothing."""

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


class SourceRef(Strict):
    """A reference that a coordinate or fact came from."""

    title: NonEmpty
    url: Annotated[str, Field(pattern=r"^https?://\S+$")]
    used_for: Literal["coordinates", "route", "status", "facts", "aliases", "length"] | None = None
    note: str | None = None


class Quote(Strict):
    """An exact span of a source document: ``text == document[start:end]``."""

    source: EntityId
    start: Annotated[int, Field(ge=0)]
    end: Annotated[int, Field(ge=0)]
    text: NonEmpty
    method: Literal["manual", "auto"] = "manual"

    @model_validator(mode="after")
    def _span_matches_text(self) -> Quote:
        if self.end <= self.start:
            raise ValueError(f"end ({self.end}) must be greater than start ({self.start})")
        if self.end - self.start != len(self.text):
            raise ValueError(
                f"span {self.start}:{self.end} is {self.end - self.start} characters but text is {len(self.text)}"
            )
        return self


class StatusRecord(Strict):
    """A status from reference sources, with the date it refers to."""

    value: Status
    as_of: DateText
    note: str | None = None
    sources: list[SourceRef] = []


class StatusStep(Strict):
    """One dated step of a status history: the status ``value`` holds from ``since`` until the next step."""

    value: Status
    since: StepDate
    note: str | None = None
    sources: Annotated[list[SourceRef], Field(min_length=1)]


class ClaimedStatus(Strict):
    """What a source document claims about the status, kept beside the reference status."""

    source: EntityId
    value: Status
    as_of: DateText
    note: str | None = None


class Entity(Strict):
    """Fields every catalog entity has."""

    id: EntityId
    name: NonEmpty
    label: Annotated[str, Field(min_length=1, max_length=40)] | None = None
    aliases: list[NonEmpty] = []
    sources: Annotated[list[SourceRef], Field(min_length=1)]
    quotes: list[Quote] = []
    notes: str | None = None

    @field_validator("aliases")
    @classmethod
    def _aliases_unique(cls, aliases: list[str]) -> list[str]:
        seen = set()
        for alias in aliases:
            if alias.casefold() in seen:
                raise ValueError(f"alias {alias!r} is listed twice")
            seen.add(alias.casefold())
        return aliases


class Place(Entity):
    """A point on the map: a city, port, station, field, region or sea."""

    kind: PlaceKind
    capital: bool = False
    countries: list[Iso3] = []
    lat: Annotated[float, Field(ge=-90, le=90, strict=True)]  # strict: "true" is not a latitude
    lon: Annotated[float, Field(ge=-180, le=180, strict=True)]
    precision: Precision = "exact"
    # validated even when absent, so that a missing note is reported on this field
    location_note: Annotated[str | None, Field(validate_default=True)] = None
    #: What the point stands on: the berth or terminal itself, the site (station, crossing, field), the town, or
    #: a whole region; ``None`` for sea routing points.
    position: Literal["berth", "site", "town", "region"] | None = None
    #: The river a river port or terminal stands on ("Volga"): it is checked for lying on land, not on the coast.
    river: NonEmpty | None = None
    status: StatusRecord | None = None
    status_history: list[StatusStep] = []
    claimed_status: list[ClaimedStatus] = []

    @field_validator("river")
    @classmethod
    def _river_only_for_ports(cls, river: str | None, info: ValidationInfo) -> str | None:
        kind = info.data.get("kind")  # absent when kind itself is invalid
        if river is not None and kind is not None and kind not in WATERSIDE_KINDS:
            raise ValueError(f"river is for river ports and terminals, not a {kind}")
        return river

    @field_validator("location_note")
    @classmethod
    def _imprecise_location_explained(cls, note: str | None, info: ValidationInfo) -> str | None:
        precision = info.data.get("precision", "exact")  # absent when precision itself is invalid
        if precision != "exact" and not note:
            raise ValueError(f"precision is {precision!r}: location_note must say how it was derived")
        return note


class Leg(Strict):
    """A stretch of a corridor along an ordered path of catalog places, in one mode."""

    path: Annotated[list[EntityId], Field(min_length=2)]
    mode: Mode
    surface: Surface | None = None
    status: Status | None = None
    status_history: list[StatusStep] = []
    branch: NonEmpty = "main"
    water_crossing_km: Annotated[float, Field(ge=0)] = 0.0
    note: str | None = None
    sources: list[SourceRef] = []

    @model_validator(mode="after")
    def _surface_known(self) -> Leg:
        if self.water_crossing_km and not self.note:
            raise ValueError("water_crossing_km needs a note naming the bridge, tunnel or train ferry")
        if self.surface is None and self.mode in ("pipeline", "fibre"):
            raise ValueError(f"a {self.mode} leg must say its surface: land or sea")
        if self.mode == "air" and self.surface is not None:
            raise ValueError("an air leg has no surface")
        return self

    @property
    def resolved_surface(self) -> Surface | None:
        """The surface the leg runs on, from ``surface`` or its mode."""
        return self.surface or DEFAULT_SURFACE[self.mode]


class ReferenceLength(Strict):
    """A published length, to compare with the computed one."""

    km: Annotated[float, Field(gt=0)]
    of: NonEmpty
    sources: Annotated[list[SourceRef], Field(min_length=1)]


class Corridor(Entity):
    """A transport corridor: legs between catalog places."""

    kind: Literal["corridor"] = "corridor"
    countries: Annotated[list[Iso3], Field(min_length=1)]
    status: StatusRecord
    status_history: list[StatusStep] = []
    claimed_status: list[ClaimedStatus] = []
    legs: Annotated[list[Leg], Field(min_length=1)]
    reference_lengths: list[ReferenceLength] = []
    #: Catalog corridors this corridor runs over (e.g. the Middle Corridor over the Baku–Tbilisi–Kars railway).
    parts: list[EntityId] = []

    @property
    def modes(self) -> list[str]:
        """Modes of the legs, in the order first used."""
        return list(dict.fromkeys(leg.mode for leg in self.legs))


class Format(Entity):
    """A cooperation format (e.g. a trilateral) drawn between its members' capitals."""

    kind: Literal["format"] = "format"
    members: Annotated[list[EntityId], Field(min_length=2)]
    countries: list[Iso3] = []


class SourceDocument(Strict):
    """A source text whose quotes the catalog cites."""

    id: EntityId
    title: NonEmpty
    outlet: NonEmpty
    url: Annotated[str, Field(pattern=r"^https?://\S+$")]
    published: DateText
    language: Annotated[str, Field(pattern=r"^[a-z]{2}$")]
    file: NonEmpty
    interviewee: str | None = None
    author: str | None = None
    sha256: Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")] | None = None
    notes: str | None = None

    @field_validator("file")
    @classmethod
    def _relative_file(cls, file: str) -> str:
        if file.startswith("/") or ".." in re.split(r"[\\/]", file):
            raise ValueError("must be a path relative to the catalog directory")
        return file


class ReviewDecision(Strict):
    """What an analyst decided about a name the texts give that the catalog lacks.

    ``rejected``: not a place to map (it is not offered again). ``placed``: its position was set by hand on the
    map, to be used when it is accepted. ``written`` lists the forms the texts used (English and Russian forms
    of one name are one decision); ``geonameid`` is the gazetteer's place, if it had one.
    """

    id: EntityId
    name: NonEmpty
    decision: Literal["rejected", "placed"]
    written: list[NonEmpty] = []
    geonameid: Annotated[int, Field(gt=0)] | None = None
    lat: Annotated[float, Field(ge=-90, le=90, strict=True)] | None = None
    lon: Annotated[float, Field(ge=-180, le=180, strict=True)] | None = None
    decided: DateText
    note: str | None = None

    @model_validator(mode="after")
    def _position_only_when_placed(self) -> ReviewDecision:
        has_position = self.lat is not None and self.lon is not None
        if self.decision == "placed" and not has_position:
            raise ValueError("a placed name needs lat and lon")
        if self.decision == "rejected" and (self.lat is not None or self.lon is not None):
            raise ValueError("a rejected name has no position")
        return self


#: Top-level keys of a catalog file and the model of their entries.
SECTIONS: dict[str, type[Strict]] = {
    "sources": SourceDocument,
    "places": Place,
    "corridors": Corridor,
    "formats": Format,
    "review": ReviewDecision,
}
