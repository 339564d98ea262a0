"""Add a source document to a catalog: store its text, list it, and quote it for every entity it names.

The write is all or nothing as far as a file system allows:

1. The new catalog is built in a staging folder inside the catalog folder: the
   YAML files with the new source entry and quotes, the existing source texts
   (hard links, or copies) and the new text.
2. :func:`corridors.catalog.load_catalog` validates the staged catalog; if it
   fails, nothing in the catalog has been touched.
3. Files are then moved into place with ``os.replace`` (atomic on one file
   system), each written and synced first, in an order where every
   intermediate state is itself a valid catalog: the new text file, then the
   file listing the sources, then the files whose entities gain quotes (a
   source that nobody quotes yet is valid; a quote of a missing source is not).
4. The catalog is loaded once more; if anything failed after step 2, the
   original files are put back and the new text is removed.

A crash at any moment leaves either the old catalog, the old catalog plus an
unlisted text file, or a valid catalog with the source and some of its quotes.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import tempfile
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from pydantic import ValidationError

from corridors.catalog import Catalog, flatten_validation_error, load_catalog
from corridors.errors import CatalogError, Problem
from corridors.schema import Quote, SourceDocument
from corridors.text.mentions import MentionIndex, build_mention_index, find_mentions
from corridors.text.normalize import ascii_variant
from corridors.text.quotes import quotes_by_entity
from corridors.writelock import catalog_write_lock
from corridors.yamledit import append_entity_quotes, append_section_entry

#: Where new source texts are stored, relative to the catalog folder.
SOURCE_TEXT_DIR = "sources"
#: The file new sources are listed in when the catalog lists none yet.
SOURCES_FILE = "sources.yaml"
_SOURCES_HEADER = (
    "# Source documents: the texts the catalog quotes. Quote offsets are Python str indices into the\n"
    "# UTF-8-decoded file, which is kept byte for byte as received (sha256 guards against edits).\n"
    "schema_version: 1\n"
)
#: Words left out of a source id derived from a title.
_ID_STOPWORDS_TEXT = """
    a an the of and or in on for to with by at from as is are v na i s k po o ob za ot do iz
"""
ID_STOPWORDS = frozenset(_ID_STOPWORDS_TEXT.split())
_TRANSLIT = str.maketrans(
    {
        **dict(zip("абвгдезийклмнопрстуфыэ", "abvgdeziyklmnoprstufye", strict=True)),
        "ё": "e", "ж": "zh", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ь": "",
        "ю": "yu", "я": "ya", "ә": "a", "ғ": "g", "қ": "q", "ң": "n", "ө": "o", "ұ": "u", "ү": "u", "һ": "h", "і": "i",
    }
)  # fmt: skip
#: Which catalog section holds each entity table.
_SECTIONS = (("corridors", "corridors"), ("places", "places"), ("formats", "formats"))


class DuplicateSourceError(ValueError):
    """The catalog already has this source (the same text or the same URL)."""

    def __init__(self, existing_id: str, reason: str):
        self.existing_id = existing_id
        super().__init__(f"the catalog already has this source as {existing_id!r} ({reason}); nothing was added")


@dataclass(frozen=True)
class AddedSource:
    """What :func:`add_source` wrote: the source entry, its text file and the quotes per entity."""

    source: SourceDocument
    path: Path
    quotes: dict[str, list[Quote]]


def add_source(
    catalog_dir: Path | str,
    text: str,
    *,
    title: str,
    url: str,
    published: str,
    language: str,
    outlet: str | None = None,
    author: str | None = None,
    interviewee: str | None = None,
    notes: str | None = None,
    index: MentionIndex | None = None,
) -> AddedSource:
    """Store ``text`` as a new source of the catalog in ``catalog_dir`` and quote it for each entity it names.

    Parameters
    ----------
    catalog_dir
        A valid catalog folder; it is changed only if the result validates.
    text
        The document's text (see :func:`corridors.text.sourcefile.read_source_file`).
    title, url, published, language
        The source's metadata; ``published`` is a year, year-month or date, or "c. YEAR".
    outlet
        The publisher; defaults to the URL's host name.
    index
        A mention index for the catalog, if one is at hand.

    Raises
    ------
    DuplicateSourceError
        If a listed source has the same text (sha256) or the same URL.
    CatalogError
        If the metadata is invalid or the catalog would not validate.
    """
    catalog_dir = Path(catalog_dir)
    # the index is built before the lock, so writers wait for each other only while they read and write
    if index is None:
        index = build_mention_index(load_catalog(catalog_dir))
    with catalog_write_lock(catalog_dir):
        return _add_source_locked(
            catalog_dir,
            text,
            title=title,
            url=url,
            published=published,
            language=language,
            outlet=outlet,
            author=author,
            interviewee=interviewee,
            notes=notes,
            index=index,
        )


def _add_source_locked(
    catalog_dir: Path,
    text: str,
    *,
    title: str,
    url: str,
    published: str,
    language: str,
    outlet: str | None,
    author: str | None,
    interviewee: str | None,
    notes: str | None,
    index: MentionIndex,
) -> AddedSource:
    """:func:`add_source` with the write lock held: the catalog is read and validated afresh under it."""
    catalog = load_catalog(catalog_dir)
    data = text.encode("utf-8")
    digest = hashlib.sha256(data).hexdigest()
    refuse_duplicate(catalog, digest, url, text=text)
    sources_file = next(iter(sorted({catalog.origins[s] for s in catalog.sources})), SOURCES_FILE)
    taken = set(catalog.origins) | {p.stem for p in (catalog_dir / SOURCE_TEXT_DIR).glob("*")}
    source_id = derive_source_id(title, published, taken)
    entry = {
        "id": source_id,
        "title": title.strip(),
        "outlet": (outlet or _host(url)).strip(),
        "author": author,
        "interviewee": interviewee,
        "url": url.strip(),
        "published": published.strip(),
        "language": language.strip(),
        "file": f"{SOURCE_TEXT_DIR}/{source_id}.txt",
        "sha256": digest,
        "notes": notes,
    }
    entry = {key: value for key, value in entry.items() if value is not None}
    try:
        source = SourceDocument.model_validate(entry)
    except ValidationError as error:
        raise CatalogError(Problem(sources_file, source_id, f, m) for f, m in flatten_validation_error(error)) from None

    mentions = [m for m in find_mentions(text, index) if m.id in catalog.origins]
    quotes = quotes_by_entity(text, mentions, source_id)
    files = _edited_files(catalog, catalog_dir, sources_file, entry, quotes)
    text_file = f"{SOURCE_TEXT_DIR}/{source_id}.txt"
    write_catalog_files(catalog_dir, catalog, {text_file: data, **files})
    return AddedSource(source=source, path=catalog_dir / text_file, quotes=quotes)


def refuse_duplicate(catalog: Catalog, digest: str, url: str, *, text: str | None = None) -> None:
    """Raise :class:`DuplicateSourceError` if a listed source has this sha256 or this URL.

    With ``text``, a source whose text differs only in line endings (CRLF or CR
    for LF) or trailing whitespace counts as the same text too.
    """
    comparable = _comparable_text(text) if text is not None else None
    for source_id, source in catalog.sources.items():
        existing = source.sha256 or hashlib.sha256(catalog.texts.get(source_id, "").encode("utf-8")).hexdigest()
        if existing == digest:
            raise DuplicateSourceError(source_id, "the same text")
        listed = catalog.texts.get(source_id)
        if comparable is not None and listed is not None and _comparable_text(listed) == comparable:
            raise DuplicateSourceError(source_id, "the same text with other line endings or spacing")
        if _comparable_url(source.url) == _comparable_url(url):
            raise DuplicateSourceError(source_id, "the same URL")


def derive_source_id(title: str, published: str, taken: Iterable[str] = ()) -> str:
    """A kebab-case id from the title's first words and the year, unique among ``taken``.

    "Ilgar Velizade: Central Asia – a Priority Partner" of "c. 2019" gives
    ``ilgar-velizade-central-asia-priority-partner-2019``.
    """
    plain = ascii_variant(unicodedata.normalize("NFKC", title).lower().translate(_TRANSLIT))
    words = [word for word in re.findall(r"[a-z0-9]+", plain) if word not in ID_STOPWORDS] or ["source"]
    base = words[0][:60]
    for word in words[1:6]:
        if len(base) + 1 + len(word) > 60:
            break
        base = f"{base}-{word}"
    year = re.search(r"\d{4}", published)
    if year and not base.endswith(year.group()):
        base = f"{base}-{year.group()}"
    taken = set(taken)
    candidate, number = base, 2
    while candidate in taken:
        candidate, number = f"{base}-{number}", number + 1
    return candidate


def _host(url: str) -> str:
    host = urlsplit(url.strip()).hostname or ""
    return host.removeprefix("www.") or "unknown"


def _comparable_text(text: str) -> str:
    """The text with line endings made LF and trailing spaces of lines and of the text removed."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join(line.rstrip() for line in lines).strip()


def _comparable_url(url: str) -> str:
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower().removeprefix("www.")
    path = parts.path.rstrip("/")
    return f"{host}{path}?{parts.query}" if parts.query else f"{host}{path}"


def _edited_files(
    catalog: Catalog, catalog_dir: Path, sources_file: str, entry: dict[str, Any], quotes: dict[str, list[Quote]]
) -> dict[str, str]:
    """New text of every YAML file that changes: the sources file first, then those gaining quotes."""
    sources_path = catalog_dir / sources_file
    raw = sources_path.read_text(encoding="utf-8") if sources_path.exists() else _SOURCES_HEADER
    files = {sources_file: append_section_entry(raw, "sources", entry)}
    for entity_id, entity_quotes in quotes.items():
        origin = catalog.origins[entity_id]
        section = next(name for name, table in _SECTIONS if entity_id in getattr(catalog, table))
        raw = files.get(origin) or (catalog_dir / origin).read_text(encoding="utf-8")
        items = [quote.model_dump() for quote in entity_quotes]
        files[origin] = append_entity_quotes(raw, section, entity_id, items)
    return files


def write_catalog_files(catalog_dir: Path, catalog: Catalog, files: dict[str, str | bytes]) -> None:
    """Replace or add ``files`` (paths relative to ``catalog_dir``) all or nothing; see the module docstring.

    The order of ``files`` is the order they are moved into place. The caller
    holds :func:`corridors.writelock.catalog_write_lock` and read ``catalog``
    under it.
    """
    staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=catalog_dir))
    originals: dict[Path, tuple[bytes | None, bytes]] = {}
    try:
        _stage(catalog_dir, catalog, files, staging)
        load_catalog(staging)
        try:
            for relative in files:
                target = catalog_dir / relative
                written = (staging / relative).read_bytes()
                original = target.read_bytes() if target.exists() else None
                target.parent.mkdir(parents=True, exist_ok=True)
                os.replace(staging / relative, target)
                originals[target] = (original, written)  # only files actually replaced are rolled back
                _sync_dir(target.parent)
            load_catalog(catalog_dir)
        except BaseException:
            _restore(originals)
            raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _stage(catalog_dir: Path, catalog: Catalog, files: dict[str, str | bytes], staging: Path) -> None:
    """Lay out the new catalog in ``staging``: changed files written, the rest linked or copied."""
    for path in catalog_dir.glob("*.yaml"):
        if path.name not in files:
            shutil.copy2(path, staging / path.name)
    for source in catalog.sources.values():
        if source.file not in files:
            target = staging / source.file
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                os.link(catalog_dir / source.file, target)
            except OSError:
                shutil.copy2(catalog_dir / source.file, target)
    for relative, content in files.items():
        target = staging / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        _write_synced(target, content.encode("utf-8") if isinstance(content, str) else content)


def _write_synced(path: Path, data: bytes) -> None:
    with open(path, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


def _sync_dir(directory: Path) -> None:
    try:
        descriptor = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


def _restore(originals: dict[Path, tuple[bytes | None, bytes]]) -> None:
    """Put back the files replaced so far (newest first); remove those that did not exist.

    If any of them no longer holds what this write put there (someone edited it
    by hand meanwhile, without the lock), nothing is put back: that edit was made
    on top of this write, and a rollback never overwrites another writer's work.
    """
    for path, (_, written) in originals.items():
        try:
            if path.read_bytes() != written:
                return
        except OSError:
            return
    for path, (data, _) in reversed(list(originals.items())):
        if data is None:
            path.unlink(missing_ok=True)
            continue
        temporary = path.with_name(f".{path.name}.restore")
        _write_synced(temporary, data)
        os.replace(temporary, path)
