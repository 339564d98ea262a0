"""Status over time: dated status histories of legs and sites, their checks, and the status on a date."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from corridors.errors import Problem
from corridors.schema import Corridor, Format, Place, StatusStep

if TYPE_CHECKING:
    from corridors.catalog import Catalog

_DATE = re.compile(r"^(c\. |before )?(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")

#: Rank of a status when a corridor without its own history takes the most advanced status of its legs.
STATUS_RANK = {"operating": 4, "construction": 3, "proposed": 2, "shelved": 1, "cancelled": 0}


def date_text_start(text: str) -> dt.date:
    """The first day of a catalog date: ``2017`` → 2017-01-01, ``2017-10`` → 2017-10-01, ``c. 2013`` → 2013-01-01.

    ``before 2006`` (a step already in force then, its start unknown) gives ``datetime.date.min``: the step holds
    on every earlier date too.

    Raises
    ------
    ValueError
        When the text is not a date or names a day that does not exist.
    """
    match = _DATE.match(text.strip())
    if not match:
        raise ValueError(f"{text!r} is not a date (YYYY, YYYY-MM or YYYY-MM-DD, optionally 'c. ')")
    year, month, day = int(match[2]), int(match[3] or 1), int(match[4] or 1)
    if not 1 <= month <= 12:
        raise ValueError(f"{text!r} has no month {month}")
    if not 1 <= day <= calendar.monthrange(year, month)[1]:
        raise ValueError(f"{text!r} has no day {day} in that month")
    if match[1] == "before ":
        return dt.date.min
    return dt.date(year, month, day)


def date_text_end(text: str) -> dt.date:
    """The date a catalog date names, ignoring ``before``/``c.``: ``before 2006`` → 2006-01-01."""
    return date_text_start(re.sub(r"^(before |c\. )", "", text.strip()))


def step_on(history: Sequence[StatusStep], on: dt.date) -> StatusStep | None:
    """The step in force on ``on``: the last one starting on or before it; ``None`` before the first step.

    A step dated only by year or month takes effect on the first day of that year or month.
    """
    current = None
    for step in history:
        if date_text_start(step.since) <= on:
            current = step
        else:
            break
    return current


def status_on(history: Sequence[StatusStep], on: dt.date) -> str | None:
    """The status on ``on`` (``proposed``, ``construction``, ``operating``, ``shelved``, ``cancelled``) or ``None``."""
    step = step_on(history, on)
    return step.value if step else None


@dataclass(frozen=True)
class StatusAsOf:
    """An entity's status on a date.

    ``status`` is ``None`` when the entity had no status yet on that date (not yet proposed) and for entities
    that carry no status at all (``has_status`` is then ``False``: cities, seas, formats, which the map always
    shows). ``legs`` holds, for a corridor, the status of each leg in catalog order (``None``: the leg was not yet
    proposed); ``since`` is the date text of the step in force, when the status comes from a dated history.
    """

    status: str | None
    since: str | None
    has_status: bool
    legs: tuple[str | None, ...] = ()


def leg_history(corridor: Corridor, index: int) -> list[StatusStep]:
    """The dated history of one leg: its own, else the corridor's."""
    leg = corridor.legs[index]
    return list(leg.status_history or corridor.status_history)


def entity_status_on(entity: Corridor | Place | Format, on: dt.date) -> StatusAsOf:
    """The status of one catalog entity on ``on``.

    A corridor uses its own history; without one it takes the most advanced status of its legs on that date.
    An entity with a status but no dated history keeps its current status (the data gives no earlier state).
    """
    if isinstance(entity, Corridor):
        legs = tuple(
            status_on(leg_history(entity, i), on) if leg_history(entity, i) else (leg.status or entity.status.value)
            for i, leg in enumerate(entity.legs)
        )
        if entity.status_history:
            step = step_on(entity.status_history, on)
            return StatusAsOf(step.value if step else None, step.since if step else None, True, legs)
        known = [status for status in legs if status]
        best = max(known, key=STATUS_RANK.__getitem__) if known else None
        return StatusAsOf(best, None, True, legs)
    if isinstance(entity, Place):
        if entity.status_history:
            step = step_on(entity.status_history, on)
            return StatusAsOf(step.value if step else None, step.since if step else None, True)
        if entity.status:
            return StatusAsOf(entity.status.value, None, True)
    return StatusAsOf(None, None, False)


def claim_reference_status(catalog: Catalog, entity: Corridor | Place | Format, index: int) -> StatusAsOf:
    """The reference status of ``entity`` on the date of its ``claimed_status[index]``, to set beside the claim.

    The date is the claim's ``as_of`` (``c. 2019`` counts from 1 January 2019), else its source's publication date.
    """
    claim = entity.claimed_status[index]
    when = claim.as_of or catalog.sources[claim.source].published
    return entity_status_on(entity, date_text_start(when))


def catalog_status_on(catalog: Catalog, on: dt.date) -> dict[str, StatusAsOf]:
    """Every catalog entity's status on ``on``, by id (corridors with each leg's status)."""
    return {entity.id: entity_status_on(entity, on) for entity in catalog.entities()}


def check_status_histories(catalog: Catalog, *, today: dt.date | None = None) -> list[Problem]:
    """Problems with the dated histories: bad or future dates, steps out of order, a last step that
    disagrees with the current status."""
    today = today or dt.date.today()
    problems: list[Problem] = []
    for entity in catalog.entities():
        origin = catalog.origins[entity.id]
        history = getattr(entity, "status_history", [])
        current = entity.status.value if getattr(entity, "status", None) else None
        problems.extend(_check_history(history, current, origin, entity.id, "status_history", today))
        if isinstance(entity, Corridor):
            for index, leg in enumerate(entity.legs):
                where = f"legs.{index}.status_history"
                problems.extend(
                    _check_history(
                        leg.status_history, leg.status or entity.status.value, origin, entity.id, where, today
                    )
                )
    return problems


def _check_history(
    history: Sequence[StatusStep], current: str | None, origin: str, entity_id: str, where: str, today: dt.date
) -> list[Problem]:
    problems = []
    previous: tuple[StatusStep, dt.date] | None = None
    for index, step in enumerate(history):
        field = f"{where}.{index}.since"
        try:
            start = date_text_start(step.since)
        except ValueError as error:
            problems.append(Problem(origin, entity_id, field, str(error)))
            continue
        if step.since.startswith("before ") and index:
            problems.append(Problem(origin, entity_id, field, "only the first step may start 'before' a date"))
        if date_text_end(step.since) > today:
            problems.append(Problem(origin, entity_id, field, f"{step.since} is in the future: record what happened"))
        if previous is not None:
            before, before_start = previous
            if start <= before_start:
                problems.append(
                    Problem(
                        origin,
                        entity_id,
                        field,
                        f"{step.since} is not after the previous step ({before.value} since {before.since})",
                    )
                )
            if step.value == before.value:
                problems.append(
                    Problem(origin, entity_id, f"{where}.{index}.value", f"repeats the previous step ({step.value})")
                )
        previous = (step, start)
    if history and current is not None and history[-1].value != current:
        problems.append(
            Problem(
                origin,
                entity_id,
                f"{where}.{len(history) - 1}.value",
                f"the last step is {history[-1].value!r} but the current status is {current!r}",
            )
        )
    return problems


def history_rows(history: Sequence[StatusStep]) -> list[dict]:
    """A history as plain dicts ``{value, since, note?, sources}`` for exports."""
    return [step.model_dump(exclude_none=True) for step in history]


def frame_as_of(frame, catalog: Catalog, on: dt.date):
    """A copy of an entities frame with each catalog entity's ``status`` on ``on`` and ``status_as_of`` set to it.

    Catalog entities with no status yet on that date get ``None``. User-layer rows carry no history and keep
    their status.
    """
    statuses = catalog_status_on(catalog, on)
    frame = frame.copy()
    day = on.isoformat()
    for position, entity_id in enumerate(frame["id"]):
        found = statuses.get(entity_id)
        if found is None or not found.has_status:
            continue
        frame.iloc[position, frame.columns.get_loc("status")] = found.status
        frame.iloc[position, frame.columns.get_loc("status_as_of")] = day
    return frame
