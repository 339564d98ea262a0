"""Report mode: the composer's controls in the sidebar, the frame previewed in the page, and its exports."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence

import streamlit as st

from carto.footnotes import Footnote
from carto.frame_export import ExportUnavailable, render_frame, standalone_html
from carto.report_frame import (
    CALLOUT_CHARS_RANGE,
    FRAME_SIZES,
    default_quotes,
    frame_args,
    quotes_of,
    report_numbers,
)
from ui.map_component import BUNDLE_DIR
from ui.tile_routes import server_file

EXPORT_FORMATS = {
    "png": ("PNG (2×)", "image/png", "png"),
    "pdf": ("PDF (vector, text as text)", "application/pdf", "pdf"),
    "svg": ("SVG (vector, text as text)", "image/svg+xml", "svg"),
    "html": ("HTML (interactive, opens offline)", "text/html", "html"),
}
LABEL_CHOICES = {"all": "All that fit", "quoted": "Only quoted places and corridors", "none": "None"}
PREVIEW_KEY = "atlas-report"


def _quote_choice_label(note: Footnote) -> str:
    text = " ".join(note.text.split())
    return f"[{note.number}] {', '.join(note.entity_names)} — “{text[:70]}{'…' if len(text) > 70 else ''}”"


def composer_controls(footnotes: Sequence[Footnote], shown_ids: set[str], source_titles: dict[str, str]) -> None:
    """The composer's widgets (sidebar): title, frame, the quotes the report prints and which become callouts."""
    st.header("Report composer")
    st.button("← Back to the dashboard", on_click=lambda: st.session_state.update(report=False), key="report_back")
    st.text_input("Title", key="report_title", max_chars=120)
    st.text_input("Subtitle", key="report_subtitle", max_chars=200)
    st.selectbox("Frame", list(FRAME_SIZES), key="report_frame")
    candidates = quotes_of(footnotes, shown_ids)
    by_number = {note.number: note for note in candidates}
    if "report_quotes" not in st.session_state:
        st.session_state["report_quotes"] = list(
            default_quotes(
                footnotes, shown_ids, st.session_state.get("report_frame", next(iter(FRAME_SIZES))), source_titles
            )
        )
    # quotes of what the filters no longer show cannot be offered (nor printed)
    st.session_state["report_quotes"] = [n for n in st.session_state["report_quotes"] if n in by_number]
    st.multiselect(
        "Quotes the report prints",
        list(by_number),
        key="report_quotes",
        format_func=lambda n: _quote_choice_label(by_number[n]),
        help="Numbered 1…n in the report, in reading order; the map shows only these numbers.",
    )
    picked = st.session_state["report_quotes"]
    st.button(
        "Pick the quotes that fit",
        key="report_default_quotes",
        on_click=_pick_default_quotes,
        args=(footnotes, shown_ids, source_titles),
    )
    st.session_state["report_callouts"] = [n for n in st.session_state.get("report_callouts", []) if n in picked]
    renumbered = report_numbers(picked)
    st.multiselect(
        "Show as callouts on the map",
        sorted(picked),
        key="report_callouts",
        format_func=lambda n: f"[{renumbered[n]}] {', '.join(by_number[n].entity_names)}",
        help="A box with the quote, joined to its place or corridor. Drag a box to move it.",
    )
    st.slider("Callout length (characters)", *CALLOUT_CHARS_RANGE, key="callout_chars", step=10)
    st.button("Reset callout positions", key="report_reset_callouts", on_click=_reset_callouts)
    st.selectbox("Labels", list(LABEL_CHOICES), format_func=LABEL_CHOICES.get, key="report_labels")


def _pick_default_quotes(footnotes, shown_ids, source_titles) -> None:
    frame = st.session_state.get("report_frame", next(iter(FRAME_SIZES)))
    st.session_state["report_quotes"] = list(default_quotes(footnotes, shown_ids, frame, source_titles))


def _reset_callouts() -> None:
    st.session_state["callout_offsets"] = {}
    st.session_state["callout_reset"] = st.session_state.get("callout_reset", 0) + 1


def preview_args(map_args: dict, settings, *, credit: str) -> dict:
    """The map component's arguments for the report frame (the preview and every export use these)."""
    quotes = settings.quotes or ()
    report = frame_args(settings, quotes, credit=credit)
    report["labels"] = st.session_state.get("report_labels", "all")
    report["reset"] = st.session_state.get("callout_reset", 0)
    return {**map_args, "report": report}


def remember_report_value(value: dict | None) -> None:
    """Keep the callout positions the analyst dragged (they go to the URL with the rest of the view)."""
    report = (value or {}).get("report")
    if not isinstance(report, dict):
        return
    stamp = json.dumps([report.get("callouts"), st.session_state.get("callout_reset", 0)], sort_keys=True)
    if stamp == st.session_state.get("_report_value_seen"):
        return
    st.session_state["_report_value_seen"] = stamp
    offsets = {}
    for number, offset in (report.get("callouts") or {}).items():
        try:
            offsets[int(number)] = (int(offset[0]), int(offset[1]))
        except (TypeError, ValueError, IndexError):
            continue
    if offsets:
        st.session_state["callout_offsets"] = {**st.session_state.get("callout_offsets", {}), **offsets}


def fit_warnings(value: dict | None) -> None:
    """Say which picked quotes the frame could not print."""
    report = (value or {}).get("report") or {}
    dropped = [n for n in report.get("dropped") or [] if isinstance(n, int)]
    if dropped:
        st.warning(
            f"{len(dropped)} picked quote(s) do not fit this frame and are left out of it, with their numbers: "
            + ", ".join(f"[{n}]" for n in dropped)
            + ". Pick fewer quotes or choose a taller frame."
        )
    renumbered = report_numbers(report.get("printed") or [])
    unplaced = [renumbered[n] for n in report.get("unplaced") or [] if n in renumbered]
    if unplaced:
        st.info(
            "No callout for "
            + ", ".join(f"[{n}]" for n in sorted(unplaced))
            + ": what the quote speaks of is outside the frame (or there is no room beside it). Pan or zoom out."
        )


def export_controls(args: dict) -> None:
    """Export buttons: the file is rendered from the same page and arguments as the preview."""
    st.subheader("Export this frame")
    choice = st.radio(
        "Format", list(EXPORT_FORMATS), format_func=lambda f: EXPORT_FORMATS[f][0], horizontal=True, key="frame_format"
    )
    if st.button("Prepare download", key="prepare_frame_export", type="primary"):
        with st.spinner(f"Rendering {EXPORT_FORMATS[choice][0]}…"):
            try:
                data = export_frame(args, choice)
            except ExportUnavailable as error:
                st.error(str(error))
                return
        st.session_state["frame_export"] = (choice, data)
    if "frame_export" in st.session_state:
        fmt, data = st.session_state["frame_export"]
        label, mime, suffix = EXPORT_FORMATS[fmt]
        st.download_button(
            f"Download {label} ({len(data) / 1024:,.0f} KB)",
            data,
            file_name=f"corridor-atlas-{dt.date.today().isoformat()}.{suffix}",
            mime=mime,
            key="download_frame_export",
        )


def export_frame(args: dict, fmt: str) -> bytes:
    """The report frame as ``fmt`` bytes."""
    if fmt == "html":
        return standalone_html(BUNDLE_DIR, args, server_files=server_file).encode("utf-8")
    return render_frame(BUNDLE_DIR, args, fmt, server_files=server_file)
