"""The review queue of a read text: names the catalog lacks, to accept, place by hand, alias or reject."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import streamlit as st

from carto.escape import markdown_text
from corridors.catalog import Catalog
from corridors.editing import EditPermission
from corridors.schema import PLACE_KINDS
from corridors.text import review
from corridors.text.review import ReviewError, ReviewItem
from ui.saving import write_catalog

#: Place kinds offered when accepting (routing points have no name; seas are not taken from texts).
ACCEPT_KINDS = tuple(kind for kind in PLACE_KINDS if kind not in ("waypoint", "sea"))
_MESSAGE = "review_message"


def queue_rows(items: list[ReviewItem]) -> list[dict]:
    """The queue as table rows: one per name, English and Russian forms together."""
    return [
        {
            "name": item.name,
            "kind": item.kind,
            "as written": " / ".join(item.written),
            "position": f"{item.lat:.4f}, {item.lon:.4f}" if item.lat is not None else "",
            "position from": item.position_from,
        }
        for item in items
    ]


def review_queue(
    text: str,
    items: list[ReviewItem],
    *,
    catalog: Catalog,
    permission: EditPermission,
    pick_map: Callable[[dict], dict | None],
    on_saved: Callable[[], None],
) -> None:
    """The table of names to review and, for the one chosen, the four actions."""
    st.markdown(
        f"**Not on the map yet — {len(items)} name{'' if len(items) == 1 else 's'} to review.** They look like places or infrastructure but are "
        "not in the catalog. Those the offline gazetteer (GeoNames) knows are drawn on the map as *auto-located, "
        "unreviewed* points; check them before citing."
    )
    # the same slot whether or not there is a message, so the elements below keep their places between reruns
    # (a shifted page leaves stale copies of them on screen while it is redrawn)
    message_slot = st.empty()
    message = st.session_state.pop(_MESSAGE, None)
    if message:
        message_slot.success(message)
    if not items:
        return
    st.dataframe(queue_rows(items), hide_index=True, use_container_width=True)
    if not permission.allowed:
        st.caption(f"Reviewing writes to the catalog. {permission.reason}")
        return
    by_key = {item.key: item for item in items}
    key = st.selectbox(
        "Review a name",
        list(by_key),
        format_func=lambda k: f"{by_key[k].name} ({by_key[k].kind}; {by_key[k].position_from})",
        key="review_choice",
    )
    item = by_key[key]
    source_id = review.text_source_id(catalog, text)
    accept_column, alias_column, reject_column = st.columns(3)
    with accept_column:
        _accept_controls(item, text, source_id, on_saved)
    with alias_column:
        _alias_controls(item, catalog, on_saved)
    with reject_column:
        _reject_controls(item, on_saved)
    _placing_controls(item, pick_map, on_saved)


def _accept_controls(item: ReviewItem, text: str, source_id: str | None, on_saved: Callable[[], None]) -> None:
    suggested = item.place_kind
    name = st.text_input("Name", value=item.name, key=f"review_name_{item.key}", disabled=suggested is None)
    kind = st.selectbox(
        "Accept as",
        ACCEPT_KINDS,
        index=ACCEPT_KINDS.index(suggested) if suggested in ACCEPT_KINDS else 0,
        key=f"review_kind_{item.key}",
        disabled=suggested is None,
    )
    why_not = None
    if suggested is None:
        why_not = f"A {item.kind} is a line: add it to the corridors by hand, with its route."
    elif source_id is None:
        why_not = "Save this text as a source first (below): an accepted place quotes it."
    elif item.lat is None:
        why_not = "No position yet: place it on the map first."
    if st.button("Accept into the catalog", key=f"review_accept_{item.key}", disabled=why_not is not None):
        _act(
            lambda folder: review.accept(folder, item, text=text, kind=kind, name=name.strip() or None),
            on_saved,
            lambda place: (
                f"Added {markdown_text(place.name)} to the catalog as `{place.id}` ({place.kind}, {place.precision})."
            ),
        )
    if why_not:
        st.caption(why_not)


def _alias_controls(item: ReviewItem, catalog: Catalog, on_saved: Callable[[], None]) -> None:
    names = {entity.id: f"{entity.name} ({entity.kind})" for entity in catalog.entities() if entity.kind != "waypoint"}
    entity_id = st.selectbox(
        "Another name of",
        list(names),
        format_func=names.get,
        index=None,
        key=f"review_alias_{item.key}",
        placeholder="Choose an entity…",
    )
    if st.button("Add as alias", key=f"review_alias_button_{item.key}", disabled=entity_id is None):
        _act(
            lambda folder: review.mark_alias(folder, item, entity_id),
            on_saved,
            lambda added: f"{markdown_text(names[entity_id])} now also answers to {markdown_text(', '.join(added))}.",
        )


def _reject_controls(item: ReviewItem, on_saved: Callable[[], None]) -> None:
    note = st.text_input("Why not (optional)", key=f"review_note_{item.key}", placeholder="e.g. a person's name")
    if st.button("Reject", key=f"review_reject_{item.key}"):
        _act(
            lambda folder: review.reject(folder, item, note=note.strip() or None),
            on_saved,
            lambda _: f"{markdown_text(item.name)} is rejected and will not be offered again.",
        )


def _placing_controls(item: ReviewItem, pick_map: Callable[[dict], dict | None], on_saved: Callable[[], None]) -> None:
    if not st.toggle("Set its position on the map", key=f"review_placing_{item.key}"):
        return
    value = pick_map({"key": item.key, "label": item.name, "lat": item.lat, "lon": item.lon})
    picked = (value or {}).get("pick")
    if not picked:
        st.caption("Click on the map where it is; zoom in first for a precise position.")
        return
    lat, lon = float(picked["lat"]), float(picked["lon"])
    if st.button(f"Keep this position ({lat:.4f}, {lon:.4f})", key=f"review_keep_{item.key}_{picked.get('n')}"):
        _act(
            lambda folder: review.place_by_hand(folder, item, lat, lon),
            on_saved,
            lambda _: (
                f"{markdown_text(item.name)} is placed at {lat:.4f}, {lon:.4f}; accept it to add it to the catalog."
            ),
        )


def _act(action: Callable[[Path], object], on_saved: Callable[[], None], done: Callable[[object], str]) -> None:
    """Run a review write; on success reload the catalog and say what changed (a refusal is shown in place)."""
    result = write_catalog(action, refused=(ReviewError,))
    if result is None:
        return
    st.session_state[_MESSAGE] = done(result)
    on_saved()
    st.rerun()
