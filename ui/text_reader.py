"""The "Read a text" tab: paste or upload a text, see what it mentions, put its quotes on the map, save it."""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import html
import subprocess
from collections import Counter
from collections.abc import Callable

import streamlit as st

from corridors.catalog import Catalog
from corridors.editing import EditPermission, edit_permission
from corridors.errors import CatalogError
from corridors.text.addsource import DuplicateSourceError, add_source
from corridors.text.candidates import unknown_candidates
from corridors.text.gazetteer import gazetteer_is_loaded, locate_places
from corridors.text.mentions import Mention, MentionIndex, find_mentions
from corridors.text.parseworker import read_upload
from corridors.text.quotes import quotes_by_entity
from corridors.text.review import ReviewItem, review_items, text_source_id
from corridors.text.sourcefile import MAX_SOURCE_BYTES, SourceFileError
from ui.review_queue import review_queue
from ui.saving import write_catalog

#: Source id the quotes of a text under review carry until it is saved.
REVIEW_SOURCE_ID = "text-under-review"
#: Pasted text, or the text of an upload, longer than this is refused, like an upload over the size limit.
MAX_PASTE_CHARS = 2_000_000
#: Quotes of one entity a read text puts on the map: its first sentences (saving it as a source quotes them all).
QUOTES_PER_ENTITY = 50
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
    *,
    get_catalog: Callable[[], Catalog],
    pick_map: Callable[[dict], dict | None],
) -> None:
    """Paste or upload, review the mentions and the names the catalog lacks, show them on the map, save as a source.

    ``get_index`` returns the (cached) mention index; it is asked for only once there is a text to read.
    ``entity_countries`` (id -> ISO alpha-3 codes) tells which countries a text is about, for the gazetteer.
    ``pick_map`` draws the map asking for a click (see :func:`ui.map_component.atlas_map`'s ``pick``).
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
    catalog = get_catalog()
    mentions = find_mentions(text, index)
    by_entity = quotes_by_entity(text, mentions, REVIEW_SOURCE_ID, per_entity=QUOTES_PER_ENTITY)
    counts = Counter(m.id for m in mentions)
    st.markdown(f"**{len(mentions)} mentions of {len(counts)} catalog entries** in {html.escape(name)}.")
    if counts:
        rows = [{"entity": index.names.get(i, i), "id": i, "mentions": n} for i, n in counts.most_common()]
        st.dataframe(rows, hide_index=True, use_container_width=True)
    candidates = unknown_candidates(text, mentions)
    about = {c for m in mentions for c in (entity_countries or {}).get(m.id, ())}
    places = _located_places(text, mentions, candidates, about)
    items = review_items(candidates, places, catalog.review.values())
    st.session_state["text_overlay"] = {
        "name": name,
        "quotes": {entity_id: [q.model_dump() for q in quotes] for entity_id, quotes in by_entity.items()},
        "places": auto_place_records(text, items),
    }
    st.toggle("Show this text's mentions and quotes on the map", key="overlay_on", disabled=not by_entity and not items)
    review_queue(text, items, catalog=catalog, permission=save_permission(), pick_map=pick_map, on_saved=on_saved)
    with st.expander("The text with its mentions highlighted", expanded=True):
        st.markdown(highlight_mentions(text, mentions, index.names), unsafe_allow_html=True)
    _save_form(text, index, on_saved, saved_as=text_source_id(catalog, text))


def _located_places(text: str, mentions: list[Mention], candidates, countries: set[str]) -> list:
    """The gazetteer's places for the text; on its first use in this server a spinner says what takes time, and if
    it cannot be loaded the names stay in the queue, unplaced, with a warning."""
    waiting = (
        st.spinner("Loading the offline gazetteer (GeoNames), once per server: a few seconds…")
        if not gazetteer_is_loaded()
        else contextlib.nullcontext()
    )
    try:
        with waiting:
            return locate_places(text, mentions, candidates, text_countries=countries)
    except (RuntimeError, OSError, subprocess.SubprocessError) as error:
        st.warning(f"The offline gazetteer could not be loaded, so names are not placed: {error}")
        return []
    except CatalogError as error:  # the site table was edited into an invalid state
        st.warning(f"The gazetteer's site table is invalid, so names are not placed: {error}")
        return []


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


def auto_place_records(text: str, items: list[ReviewItem]) -> list[dict]:
    """The queue's names that have a position, as the map overlay draws them, each with the sentences that name
    it as quotes."""
    located = [item for item in items if item.lat is not None and item.lon is not None]
    ids = {item.key: item.place.entity_id if item.place else f"placed:{item.key}" for item in located}
    mentions = [Mention(ids[item.key], a, b, text[a:b]) for item in located for a, b in item.spans]
    mentions.sort(key=lambda m: m.start)
    quotes = quotes_by_entity(text, mentions, REVIEW_SOURCE_ID, per_entity=QUOTES_PER_ENTITY)
    return [
        {
            "id": ids[item.key],
            "name": item.name,
            "lat": item.lat,
            "lon": item.lon,
            "country": item.place.country if item.place else "",
            "written": list(item.written),
            "note": _position_note(item),
            "quotes": [q.model_dump() for q in quotes.get(ids[item.key], [])],
        }
        for item in located
    ]


def _position_note(item: ReviewItem) -> str:
    if item.placed_by_hand:
        return "Placed by hand on the map during review; not yet accepted into the catalog."
    assert item.place is not None
    return item.place.note


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


def _mostly_cyrillic(text: str) -> bool:
    sample = text[:20_000]
    cyrillic = sum(1 for c in sample if "\u0400" <= c <= "\u04ff")
    return cyrillic > sum(1 for c in sample if c.isascii() and c.isalpha())


def _save_form(text: str, index: MentionIndex, on_saved: Callable[[], None], *, saved_as: str | None) -> None:
    if saved_as is not None:
        st.caption(f"This text is in the catalog as source `{saved_as}`.")
        return
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
        language = right.selectbox("Language", ["en", "ru"], index=int(_mostly_cyrillic(text)))
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
    added = write_catalog(
        lambda folder: add_source(
            folder,
            text,
            title=title.strip(),
            url=url.strip(),
            published=published.strip(),
            language=language,
            outlet=outlet.strip() or None,
            index=index,
        ),
        refused=(DuplicateSourceError,),
    )
    if added is None:
        return
    st.success(f"Saved as source `{added.source.id}` with quotes for {len(added.quotes)} entities.")
    on_saved()
