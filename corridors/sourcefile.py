"""Read a source document safely: UTF-8 text, Markdown, HTML (markup stripped) or PDF (text layer).

Every refusal is a :class:`SourceFileError` whose message says what is wrong and
what to do: a binary file, text in another encoding, an empty or over-large
file, an unsupported file type.
"""

from __future__ import annotations

import codecs
import io
import re
from html.parser import HTMLParser
from pathlib import Path

#: Files larger than this are refused (16 MiB).
MAX_SOURCE_BYTES = 16 * 2**20
TEXT_SUFFIXES = frozenset({"", ".txt", ".text", ".md", ".markdown"})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
PDF_SUFFIXES = frozenset({".pdf"})
#: Leading bytes of common binary formats, and what to call them in a message.
MAGIC = (
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (e.g. a .docx or .xlsx file)"),
    (b"\xd0\xcf\x11\xe0", "a Microsoft Office document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\x7fELF", "a program"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"{\\rtf", "an RTF document"),
)
#: Control characters other than tab, line breaks and form feed.
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
_HTML_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
#: Elements whose content is never text of the document.
HIDDEN_ELEMENTS = frozenset({"script", "style", "noscript", "template", "head", "svg", "iframe", "object", "canvas"})
#: Elements that start a new paragraph.
_BLOCK_ELEMENTS_TEXT = """
    p div section article aside header footer main nav h1 h2 h3 h4 h5 h6 ul ol li dl dt dd table thead tbody tr
    td th blockquote pre figure figcaption address hr form fieldset details summary
"""
BLOCK_ELEMENTS = frozenset(_BLOCK_ELEMENTS_TEXT.split())


class SourceFileError(ValueError):
    """A source file that cannot be read as text; the message is meant for the person who gave it."""


def read_source_file(
    source: str | Path | bytes,
    name: str | None = None,
    *,
    encoding: str | None = None,
    max_bytes: int = MAX_SOURCE_BYTES,
) -> str:
    """The text of a source document.

    Parameters
    ----------
    source
        A path, or the file's bytes (e.g. an upload).
    name
        The file name, for its suffix and for messages; defaults to the path's name.
    encoding
        The text's encoding when it is not UTF-8 (e.g. ``"cp1251"``).
    max_bytes
        Larger files are refused.

    Returns
    -------
    str
        Text files as they are (a byte-order mark removed); HTML without markup,
        scripts or styles, one blank line between blocks; PDF text page by page.

    Raises
    ------
    SourceFileError
        Naming the problem: binary, wrong encoding, empty, too large, unsupported type.
    """
    if isinstance(source, bytes | bytearray):
        data = bytes(source)
        name = name or "upload"
    else:
        path = Path(source)
        name = name or path.name
        try:
            size = path.stat().st_size
        except FileNotFoundError:
            raise SourceFileError(f"{name}: no such file") from None
        except OSError as error:
            raise SourceFileError(f"{name}: cannot be read ({error.strerror})") from None
        if path.is_dir():
            raise SourceFileError(f"{name}: is a directory, not a file")
        _check_size(name, size, max_bytes)
        data = path.read_bytes()
    _check_size(name, len(data), max_bytes)
    if not data:
        raise SourceFileError(f"{name}: the file is empty")
    suffix = Path(name).suffix.lower()
    if suffix in PDF_SUFFIXES:
        text = _pdf_text(name, data)
    elif suffix in HTML_SUFFIXES:
        text = html_to_text(_decode(name, data, encoding or _declared_charset(data)))
    elif suffix in TEXT_SUFFIXES:
        text = _decode(name, data, encoding)
    else:
        kinds = ", ".join(sorted(s for s in TEXT_SUFFIXES | HTML_SUFFIXES | PDF_SUFFIXES if s))
        raise SourceFileError(f"{name}: unsupported file type {suffix!r}; use one of {kinds}")
    if not text.strip():
        raise SourceFileError(f"{name}: contains no text")
    return text


def _check_size(name: str, size: int, max_bytes: int) -> None:
    if size > max_bytes:
        raise SourceFileError(f"{name}: the file is {size / 2**20:.1f} MiB; the limit is {max_bytes / 2**20:.1f} MiB")


def _decode(name: str, data: bytes, encoding: str | None) -> str:
    """Decode text bytes, refusing binary data and text that is not in the expected encoding."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = data.decode("utf-16")
    else:
        for magic, kind in MAGIC:
            if data.startswith(magic):
                raise SourceFileError(f"{name}: is {kind}, not text")
        if b"\x00" in data[:65536]:
            raise SourceFileError(f"{name}: is a binary file (it contains NUL bytes), not text")
        chosen = encoding or "utf-8"
        try:
            codecs.lookup(chosen)
        except LookupError:
            raise SourceFileError(f"{name}: unknown encoding {chosen!r}") from None
        try:
            text = data.decode("utf-8-sig" if chosen.lower().replace("_", "-") in ("utf-8", "utf8") else chosen)
        except UnicodeDecodeError as error:
            raise SourceFileError(_encoding_message(name, data, chosen, error)) from None
    control = len(_CONTROL.findall(text))
    if control > max(2, len(text) // 200):
        raise SourceFileError(f"{name}: is a binary file ({control} control characters), not text")
    return text


def _encoding_message(name: str, data: bytes, encoding: str, error: UnicodeDecodeError) -> str:
    byte = data[error.start]
    message = f"{name}: is not {encoding} text (byte 0x{byte:02x} at offset {error.start} is invalid)"
    guess = _guess_encoding(data)
    if guess:
        message += f"; it looks like {guess}: save it as UTF-8, or pass the encoding (--encoding {guess})"
    else:
        message += "; save it as UTF-8"
    return message


def _guess_encoding(data: bytes) -> str | None:
    """A likely single-byte encoding for text that is not UTF-8: Cyrillic Windows-1251 or Western cp1252."""
    sample = data[:65536]
    for candidate, letters in (("cp1251", "а-яёА-ЯЁ"), ("cp1252", "A-Za-zÀ-ÿ")):
        try:
            decoded = sample.decode(candidate)
        except UnicodeDecodeError:
            continue
        alphabetic = [c for c in decoded if c.isalpha()]
        if alphabetic and len(re.findall(f"[{letters}]", decoded)) >= 0.8 * len(alphabetic):
            return candidate
    return None


def _declared_charset(data: bytes) -> str | None:
    """The charset an HTML page declares in a ``<meta>`` tag, if it names a known codec."""
    match = _HTML_CHARSET.search(data[:4096])
    if not match:
        return None
    charset = match.group(1).decode("ascii", "replace")
    try:
        codecs.lookup(charset)
    except LookupError:
        return None
    return charset


# Spaces and line breaks of <pre> text, kept out of the whitespace clean-up as private-use characters.
_PROTECT = str.maketrans({" ": "\ue000", "\n": "\ue001", "\t": "\ue002"})
_RESTORE = str.maketrans({"\ue000": " ", "\ue001": "\n", "\ue002": "\t"})


class _TextExtractor(HTMLParser):
    """Collects visible text; blocks become paragraphs, ``<br>`` a line break."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0
        self.preformatted = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in HIDDEN_ELEMENTS:
            self.hidden += 1
        elif tag == "pre":
            self.preformatted += 1
        if tag in BLOCK_ELEMENTS:
            self.parts.append("\n\n")
        elif tag == "br":
            self.parts.append("\n")

    def handle_startendtag(self, tag: str, attrs: list) -> None:
        if tag == "br":
            self.parts.append("\n")
        elif tag in BLOCK_ELEMENTS:
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in HIDDEN_ELEMENTS and self.hidden:
            self.hidden -= 1
        elif tag == "pre" and self.preformatted:
            self.preformatted -= 1
        if tag in BLOCK_ELEMENTS:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if self.hidden:
            return
        if self.preformatted:
            self.parts.append(data.translate(_PROTECT))
        else:
            self.parts.append(re.sub(r"\s+", " ", data))


def html_to_text(html: str) -> str:
    """Visible text of an HTML document: no tags, scripts, styles or comments; paragraphs one blank line apart."""
    parser = _TextExtractor()
    parser.feed(html)
    parser.close()
    joined = "".join(parser.parts)
    paragraphs = []
    for block in re.split(r"\n\s*\n", joined):
        lines = [" ".join(line.split()) for line in block.split("\n")]
        paragraph = "\n".join(line for line in lines if line)
        if paragraph:
            paragraphs.append(paragraph.translate(_RESTORE))
    return "\n\n".join(paragraphs) + ("\n" if paragraphs else "")


def _pdf_text(name: str, data: bytes) -> str:
    """The text layer of a PDF, pages separated by a blank line."""
    if not data.startswith(b"%PDF-"):
        raise SourceFileError(f"{name}: is not a PDF document")
    try:
        from pypdf import PdfReader
        from pypdf.errors import PdfReadError
    except ImportError:  # pragma: no cover - pypdf is a listed requirement
        raise SourceFileError(f"{name}: reading PDF needs the pypdf package") from None
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise SourceFileError(f"{name}: the PDF is encrypted")
        pages = [(page.extract_text() or "").strip() for page in reader.pages]
    except (PdfReadError, ValueError, KeyError, TypeError) as error:
        raise SourceFileError(f"{name}: cannot be read as PDF ({error})") from None
    text = "\n\n".join(page for page in pages if page)
    if not text.strip():
        raise SourceFileError(f"{name}: the PDF has no text layer (a scan?); convert it to text first")
    return text + "\n"
