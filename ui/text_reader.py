"""The "Read a text" tab: paste or upload a text, see what it mentions, put its quotes on the map, save it."""

from __future__ import annotations

import datetime as dt
import hashlib
import html
from collections import Counter
from collections.abc import Callable

import streamlit as st

from corridors.atlas import catalog_dir_from_env
from corridors.editing import EditPermission, edit_permission
from corridors.errors import CatalogError
from corridors.text.addsource import DuplicateSourceError, add_source
from corridors.text.candidates import Candidate, unknown_candidates
from corridors.text.gazetteer import AutoPlace, locate_places
from corridors.text.mentions import Mention, MentionIndex, find_mentions
from corridors.text.parseworker import read_upload
from corridors.text.quotes import quotes_by_entity
from corridors.text.sourcefile import MAX_SOURCE_BYTES, SourceFileError
from corridors.writelock import CatalogBusyError

#: Source id the quotes of a text under review carry until it is saved.
REVIEW_SOURCE_ID = "text-under-review"
#: Pasted text, or the text of an upload, longer than this is refused, like an upload over the size limit.
MAX_PASTE_CHARS = 2_000_000
#: The upload limit in MiB; ``server.maxUploadSize`` in .streamlit/config.toml says the same.
MAX_UPLOAD_MIB = MAX_SOURCE_BYTES // 2**20


def text_overlay() -> dict | None:
    """The reviewed text's quotes to draw on the map, if the analyst asked for it."""
    overlay = st.session_state.get("text_overlay")
    return overlay if overlay and st.session_state.get("overlay_on") else None


def read_text_tab(
    get_index: Callable[[], MentionIndex],
    on_saved: Callable[[], None],
    entity_countries: dict[str, list[str]] | None = None,
) -> None:
    """Paste or upload, review the mentions, show them on the map, save as a source.

    ``get_index`` returns the (cached) mention index; it is asked for only once there is a text to read.
    ``entity_countries`` (id -> ISO alpha-3 codes) tells which countries a text is about, for the gazetteer.
    """
    st.subheader("Read a text")
    st.caption(
        "Paste an article or upload a file (.txt, .md, .html, .pdf; up to "
        f"{MAX_UPLOAD_MIB} MB). Corridor Atlas finds the corridors and places it names, in English "
        "and Russian, and quotes the sentences that name them."
    )
    text, name = _text_to_read()
    if text is None:
        return

    index = get_index()
    mentions = find_mentions(text, index)
    by_entity = quotes_by_entity(text, mentions, REVIEW_SOURCE_ID)
    counts = Counter(m.id for m in mentions)
    st.markdown(f"**{len(mentions)} mentions of {len(counts)} catalog entries** in {html.escape(name)}.")
    if counts:
        rows = [{"entity": index.names.get(i, i), "id": i, "mentions": n} for i, n in counts.most_common()]
        st.dataframe(rows, hide_index=True, use_container_width=True)
    candidates = unknown_candidates(text, mentions)
    places = locate_places(
        text, mentions, candidates, text_countries={c for m in mentions for c in (entity_countries or {}).get(m.id, ())}
    )
    rows = not_on_the_map_rows(candidates, places)
    if rows:
        st.markdown(
            "**Not on the map yet** — names that look like places or infrastructure but are not in the catalog. "
            "Those the offline gazetteer (GeoNames) knows are drawn on the map as *auto-located, unreviewed* "
            "points; check them before citing."
        )
        st.dataframe(rows, hide_index=True, use_container_width=True)
    st.session_state["text_overlay"] = {
        "name": name,
        "quotes": {entity_id: [q.model_dump() for q in quotes] for entity_id, quotes in by_entity.items()},
        "places": auto_place_records(text, places),
    }
    st.toggle("Show this text's mentions and quotes on the map", key="overlay_on", disabled=not by_entity)
    with st.expander("The text with its mentions highlighted", expanded=True):
        st.markdown(highlight_mentions(text, mentions, index.names), unsafe_allow_html=True)
    _save_form(text, index, on_saved)


def _text_to_read() -> tuple[str | None, str | None]:
    """The uploaded or pasted text and its name; ``(None, None)`` when there is none or it cannot be read
    (the reason is shown)."""
    upload = st.file_uploader(
        "Upload a file", type=["txt", "md", "html", "htm", "pdf"], key="reader_upload", max_upload_size=MAX_UPLOAD_MIB
    )
    pasted = st.text_area("…or paste the text", key="reader_paste", height=160)
    text, name = None, None
    try:
        if upload is not None:
            text, name = read_upload_once(upload.getvalue(), upload.name), upload.name
            if len(text) > MAX_PASTE_CHARS:  # the same bound as a paste: the reading below runs in the server
                raise SourceFileError(
                    f"{name}: its text has {len(text):,} characters; the limit is {MAX_PASTE_CHARS:,} (split it)"
                )
        elif pasted.strip():
            if len(pasted) > MAX_PASTE_CHARS:
                raise SourceFileError(
                    f"the pasted text has {len(pasted):,} characters; the limit is {MAX_PASTE_CHARS:,}"
                )
            text, name = pasted, "pasted text"
    except SourceFileError as error:
        st.error(f"This text cannot be read: {error}")
        return None, None
    if text is None:
        st.info("Nothing to read yet.")
    return text, name


def not_on_the_map_rows(candidates: list[Candidate], places: list[AutoPlace]) -> list[dict]:
    """One row per name the catalog lacks: a candidate, with the gazetteer's place when it found one; a place
    named in several forms (English and Russian) is one row."""
    rows, used = [], set()
    for candidate in candidates:
        place = next((p for p in places if any(a < candidate.end and candidate.start < b for a, b in p.spans)), None)
        if place is not None:
            used.add(place.geonameid)
        rows.append(_row(candidate.name, candidate.kind, candidate.text, place))
    for place in places:
        if place.geonameid not in used:
            rows.append(_row(place.name, "place", " / ".join(place.written), place))
    return rows


def _row(name: str, kind: str, written: str, place: AutoPlace | None) -> dict:
    return {
        "name": name,
        "kind": kind,
        "as written": written,
        "auto-located at": f"{place.lat:.4f}, {place.lon:.4f} ({place.country})" if place else "",
        "position from": f"GeoNames {place.geonameid}, unreviewed" if place else "not found offline",
    }


def auto_place_records(text: str, places: list[AutoPlace]) -> list[dict]:
    """The gazetteer's places as the map overlay draws them, each with the sentences that name it as quotes."""
    mentions = [Mention(p.entity_id, a, b, text[a:b]) for p in places for a, b in p.spans]
    mentions.sort(key=lambda m: m.start)
    quotes = quotes_by_entity(text, mentions, REVIEW_SOURCE_ID)
    return [
        {
            "id": p.entity_id,
            "name": p.name,
            "lat": p.lat,
            "lon": p.lon,
            "country": p.country,
            "written": list(p.written),
            "note": p.note,
            "quotes": [q.model_dump() for q in quotes.get(p.entity_id, [])],
        }
        for p in places
    ]


def read_upload_once(data: bytes, name: str) -> str:
    """The upload's text, read in a limited worker once per content (reruns reuse the result or the refusal)."""
    text, error = _read_upload_cached(hashlib.sha256(data).hexdigest(), name, data)
    if error is not None:
        raise SourceFileError(error)
    return text


@st.cache_data(max_entries=16, show_spinner="Reading the file…")
def _read_upload_cached(digest: str, name: str, _data: bytes) -> tuple[str | None, str | None]:
    try:
        return read_upload(_data, name), None
    except SourceFileError as error:
        return None, str(error)


def save_permission() -> EditPermission:
    """May this visitor save to the catalog? Read-only unless the deployment enables editing."""
    try:
        auth_configured = "auth" in st.secrets
    except Exception:  # no secrets.toml at all
        auth_configured = False
    logged_in = bool(auth_configured and st.user.get("is_logged_in", False))
    email = st.user.get("email") if logged_in else None
    return edit_permission(auth_configured=auth_configured, logged_in=logged_in, email=email)


def highlight_mentions(text: str, mentions, names: dict[str, str]) -> str:
    """Escaped text with each mention marked; the mark's title names the entity."""
    pieces, cursor = [], 0
    for mention in sorted(mentions, key=lambda m: m.start):
        if mention.start < cursor:
            continue
        pieces.append(html.escape(text[cursor : mention.start]))
        title = html.escape(names.get(mention.id, mention.id), quote=True)
        pieces.append(f"<mark title='{title}'>{html.escape(text[mention.start : mention.end])}</mark>")
        cursor = mention.end
    pieces.append(html.escape(text[cursor:]))
    body = "".join(pieces).replace("\n\n", "</p><p>").replace("\n", "<br>")
    return (
        "<style>.ca-text mark{background:#ffe9a8;padding:0 1px}</style>"
        f"<div class='ca-text' style='max-width:60rem;line-height:1.55'><p>{body}</p></div>"
    )


def _save_form(text: str, index: MentionIndex, on_saved: Callable[[], None]) -> None:
    permission = save_permission()
    if not permission.allowed:
        st.info(permission.reason)
        if permission.needs_sign_in:
            st.button("Sign in", on_click=st.login, key="reader_sign_in")
        return
    with st.form("save_source"):
        st.markdown("**Save as a source** of the catalog, with its quotes linked to the entities it names.")
        title = st.text_input("Title")
        url = st.text_input("URL", placeholder="https://…")
        left, right = st.columns(2)
        published = left.text_input(
            "Published", value=dt.date.today().isoformat(), help="YYYY, YYYY-MM, YYYY-MM-DD or c. YYYY"
        )
        language = right.selectbox("Language", ["en", "ru"])
        outlet = st.text_input("Outlet (optional)")
        submitted = st.form_submit_button("Save source")
    if not submitted:
        return
    if not save_permission().allowed:  # checked again when the form is sent
        st.error("Not saved: saving is not allowed for this session.")
        return
    if not title.strip() or not url.strip():
        st.error("A source needs a title and a URL.")
        return
    try:
        added = add_source(
            catalog_dir_from_env(),
            text,
            title=title.strip(),
            url=url.strip(),
            published=published.strip(),
            language=language,
            outlet=outlet.strip() or None,
            index=index,
        )
    except DuplicateSourceError as error:
        st.warning(str(error))
        return
    except CatalogBusyError as error:
        st.warning(f"Not saved: {error.strerror}")
        return
    except (CatalogError, ValueError) as error:
        st.error(f"Not saved: {error}")
        return
    st.success(f"Saved as source `{added.source.id}` with quotes for {len(added.quotes)} entities.")
    on_saved()
