"""The report frame's settings: size, title, the quotes it prints and their callouts (no Streamlit here).

Quotes are named by their stable number in the dataset (the number the dashboard shows); a report prints
only the quotes picked for it, renumbered 1…n in reading order by the browser map (static/map/atlas-report.js).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from carto.footnotes import Footnote

#: Report frame sizes in CSS px: name -> (width, height). Exports are rendered at this size (PNG at 2×).
FRAME_SIZES = {
    "16:9 (1600×900)": (1600, 900),
    "A4 landscape": (1123, 794),
    "Square (1080×1080)": (1080, 1080),
}
#: The frame's fixed parts in px, as atlas-report.js lays them out.
HEADER_PX, CREDIT_PX, SIDE_NOTES_PX, BOTTOM_NOTES_PX = 64, 26, 380, 300
DEFAULT_CALLOUT_CHARS = 140
CALLOUT_CHARS_RANGE = (40, 400)


@dataclass(frozen=True)
class Callout:
    """A quote drawn as a box on the map; ``offset`` is the box's top-left corner from its anchor in px, or
    ``None`` to place it automatically."""

    number: int
    offset: tuple[int, int] | None = None


@dataclass(frozen=True)
class ReportSettings:
    """What the analyst sets for a report; ``quotes`` is ``None`` until they pick (then the default applies)."""

    title: str = "Transport corridors of the Caspian and Central Asia"
    subtitle: str = ""
    frame: str = "16:9 (1600×900)"
    date: dt.date | None = None
    quotes: tuple[int, ...] | None = None
    callouts: tuple[Callout, ...] = ()
    callout_chars: int = DEFAULT_CALLOUT_CHARS


def is_wide(frame: str) -> bool:
    """Wide frames print their notes beside the map, the others below it."""
    width, height = FRAME_SIZES[frame]
    return width / height >= 1.25


#: Rough metrics of the notes' 11.5 px text, used to choose how many quotes a frame prints by default.
NOTE_LINE_PX = 15.5
NOTE_CHAR_PX = 6.6
NOTE_GAP_PX = 7.0


def notes_that_fit(footnotes: Sequence[Footnote], frame: str, source_titles: dict[str, str]) -> int:
    """How many of ``footnotes``, in order, the frame's notes panel holds (an estimate on the safe side)."""
    width, height = FRAME_SIZES[frame]
    if is_wide(frame):
        columns, column_width, column_height = 1, SIDE_NOTES_PX - 28, height - HEADER_PX - CREDIT_PX - 20
    else:
        columns, column_width, column_height = 2, (width - 28 - 22) / 2, BOTTOM_NOTES_PX - 20
    chars_per_line = max(10, int(column_width / NOTE_CHAR_PX))
    used, column = 26.0, 0  # the heading
    for count, note in enumerate(footnotes):
        lines = (
            _lines(", ".join(note.entity_names), chars_per_line)
            + _lines(" ".join(note.text.split()) + "“”", chars_per_line)
            + _lines(
                f"{source_titles.get(note.source, note.source)}, characters {note.start}–{note.end}", chars_per_line
            )
        )
        needed = lines * NOTE_LINE_PX + NOTE_GAP_PX
        if used + needed > column_height:
            column += 1
            used = 0.0
            if column >= columns:
                return count
        used += needed
    return len(footnotes)


def _lines(text: str, chars_per_line: int) -> int:
    return max(1, math.ceil(len(text) / chars_per_line))


def quotes_of(footnotes: Iterable[Footnote], shown_ids: set[str]) -> list[Footnote]:
    """The quotes about something shown, most important first (the dataset's order)."""
    return [note for note in footnotes if shown_ids.intersection(note.entity_ids)]


def default_quotes(
    footnotes: Sequence[Footnote], shown_ids: set[str], frame: str, source_titles: dict[str, str]
) -> tuple[int, ...]:
    """The quotes a new report prints: those of what is shown, most important first, as many as fit."""
    candidates = quotes_of(footnotes, shown_ids)
    return tuple(note.number for note in candidates[: notes_that_fit(candidates, frame, source_titles)])


def report_numbers(printed: Iterable[int]) -> dict[int, int]:
    """Stable quote number -> the number the report prints: 1…n in reading order (the dataset's order)."""
    return {number: i for i, number in enumerate(sorted(set(printed)), start=1)}


def frame_args(settings: ReportSettings, quotes: Sequence[int], *, credit: str, export: bool = False) -> dict:
    """The browser map's ``report`` argument: the frame it lays out and what it prints."""
    wanted = set(quotes)
    return {
        "title": settings.title,
        "subtitle": settings.subtitle,
        "credit": credit,
        "size": list(FRAME_SIZES[settings.frame]),
        "quotes": list(quotes),
        "callouts": [
            {
                "n": c.number,
                "dx": c.offset[0] if c.offset else None,
                "dy": c.offset[1] if c.offset else None,
            }
            for c in settings.callouts
            if c.number in wanted
        ],
        "callout_chars": settings.callout_chars,
        "export": export,
    }


# ---------------------------------------------------------------- the URL form of quotes and callouts


def quotes_param(quotes: Sequence[int]) -> str:
    """``quotes=3,12,15``; an empty value means the analyst picked none."""
    return ",".join(str(n) for n in quotes)


def read_quotes_param(raw: str | None) -> tuple[int, ...] | None:
    """The picked quote numbers, or ``None`` when the URL does not say (the default pick applies)."""
    if raw is None:
        return None
    return tuple(dict.fromkeys(int(part) for part in raw.split(",") if part.strip().isdigit() and len(part) < 7))


def callouts_param(callouts: Sequence[Callout]) -> str:
    """``callouts=12,15:40:-80``: a quote number, with its box's offset once it has been placed by hand."""
    parts = []
    for c in callouts:
        parts.append(f"{c.number}:{c.offset[0]}:{c.offset[1]}" if c.offset else str(c.number))
    return ",".join(parts)


MAX_OFFSET_PX = 4000


def read_callouts_param(raw: str | None) -> tuple[Callout, ...]:
    """Callouts from the URL; malformed entries are dropped."""
    callouts: dict[int, Callout] = {}
    for part in (raw or "").split(","):
        fields = part.split(":")
        try:
            numbers = [int(f) for f in fields]
        except ValueError:
            continue
        if len(numbers) == 1 and numbers[0] > 0:
            callouts.setdefault(numbers[0], Callout(numbers[0]))
        elif len(numbers) == 3 and numbers[0] > 0 and all(abs(v) <= MAX_OFFSET_PX for v in numbers[1:]):
            callouts.setdefault(numbers[0], Callout(numbers[0], (numbers[1], numbers[2])))
    return tuple(callouts.values())


def read_callout_chars(raw: str | None) -> int:
    """The callouts' length limit from ``chars=N``, kept within :data:`CALLOUT_CHARS_RANGE`."""
    low, high = CALLOUT_CHARS_RANGE
    try:
        return min(high, max(low, int(raw or DEFAULT_CALLOUT_CHARS)))
    except ValueError:
        return DEFAULT_CALLOUT_CHARS
