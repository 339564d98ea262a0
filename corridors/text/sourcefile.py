"""Read a source document safely: UTF-8 text, Markdown, HTML (markup stripped) or PDF (text layer).

Every refusal is a :class:`SourceFileError` whose message says what is wrong and
what to do: a binary file, text in another encoding, an empty or over-large
file, an unsupported file type.
"""

from __future__ import annotations

import codecs
import errno
import io
import os
import re
import stat
from pathlib import Path

#: Files larger than this are refused (16 MiB).
MAX_SOURCE_BYTES = 16 * 2**20
TEXT_SUFFIXES = frozenset({"", ".txt", ".text", ".md", ".markdown"})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
PDF_SUFFIXES = frozenset({".pdf"})
#: PDFs with more pages than this are refused.
MAX_PDF_PAGES = 2_000
#: Limits of the PDF reader (see ``pypdf.Configuration``): no stream may inflate past the upload limit.
PDF_LIMITS = {
    "maximum_declared_stream_length": MAX_SOURCE_BYTES,
    "zlib_maximum_output_length": MAX_SOURCE_BYTES,
    "lzw_maximum_output_length": MAX_SOURCE_BYTES,
    "run_length_maximum_output_length": MAX_SOURCE_BYTES,
    "brotli_maximum_output_length": MAX_SOURCE_BYTES,
    "jbig2_maximum_output_length": MAX_SOURCE_BYTES,
    "array_based_stream_maximum_output_length": MAX_SOURCE_BYTES,
    "stream_decoding_work_maximum_length": 4 * MAX_SOURCE_BYTES,
    "image_maximum_buffer_size": MAX_SOURCE_BYTES,
    "page_tree_maximum_depth": 50,
    "outline_maximum_depth": 50,
    "xform_maximum_invocations_per_extraction": 500,
    "jbig2dec_binary": None,
}
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
        data = read_named_file(path, max_bytes, name)
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


def read_named_file(path: Path, max_bytes: int, name: str) -> bytes:
    """The bytes of the regular file ``path``; every failure is a :class:`SourceFileError` naming ``name``."""
    try:
        return read_regular_file(path, max_bytes)
    except FileNotFoundError:
        raise SourceFileError(f"{name}: no such file") from None
    except FileTooLargeError as error:
        raise SourceFileError(f"{name}: {error}") from None
    except OSError as error:
        raise SourceFileError(f"{name}: cannot be read ({error.strerror or error})") from None


class FileTooLargeError(OSError):
    """A file over the size limit."""


def read_regular_file(path: Path | str, max_bytes: int) -> bytes:
    """The bytes of a regular file of at most ``max_bytes``, read without following it into a device or pipe.

    The file type is checked with ``os.stat`` before the file is opened (a FIFO
    would block, ``/dev/zero`` never ends), the file is opened non-blocking, and
    no more than ``max_bytes + 1`` bytes are ever read.

    Raises
    ------
    IsADirectoryError, OSError
        For a directory, a device, a FIFO or a socket (the message says which).
    FileTooLargeError
        If the file is larger than ``max_bytes``.
    """
    info = os.stat(path)
    if not stat.S_ISREG(info.st_mode):
        kind = _file_kind(info.st_mode)
        error_type = IsADirectoryError if stat.S_ISDIR(info.st_mode) else OSError
        raise error_type(errno.EISDIR if stat.S_ISDIR(info.st_mode) else errno.EINVAL, f"is {kind}, not a regular file")
    if info.st_size > max_bytes:
        raise FileTooLargeError(f"the file is {info.st_size / 2**20:.1f} MiB; the limit is {max_bytes / 2**20:.1f} MiB")
    descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    try:
        opened = os.fstat(descriptor)
        if not stat.S_ISREG(opened.st_mode):  # replaced between the two calls
            raise OSError(errno.EINVAL, f"is {_file_kind(opened.st_mode)}, not a regular file")
        with os.fdopen(descriptor, "rb", closefd=False) as handle:
            data = handle.read(max_bytes + 1)
    finally:
        os.close(descriptor)
    if len(data) > max_bytes:
        raise FileTooLargeError(f"the file is larger than the limit of {max_bytes / 2**20:.1f} MiB")
    return data


def _file_kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


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
        if not is_text_encoding(chosen):
            raise SourceFileError(
                f"{name}: unknown encoding {chosen!r}: name a text encoding such as utf-8, cp1251 or cp1252"
            )
        try:
            text = data.decode("utf-8-sig" if chosen.lower().replace("_", "-") in ("utf-8", "utf8") else chosen)
        except UnicodeDecodeError as error:
            raise SourceFileError(_encoding_message(name, data, chosen, error)) from None
        except (LookupError, ValueError, TypeError) as error:
            raise SourceFileError(f"{name}: cannot be decoded as {chosen!r} ({_first_line(error)})") from None
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
    return charset if is_text_encoding(charset) else None


def is_text_encoding(name: str) -> bool:
    """True if ``name`` is a codec that decodes bytes to text (not ``hex``, ``base64``, ``rot13``, ``zlib``)."""
    try:
        info = codecs.lookup(name)
    except (LookupError, ValueError, TypeError):
        return False
    return getattr(info, "_is_text_encoding", True)


# Spaces and line breaks of <pre> text, kept out of the whitespace clean-up as private-use characters.
_PROTECT = str.maketrans({" ": "\ue000", "\n": "\ue001", "\t": "\ue002"})
_RESTORE = str.maketrans({"\ue000": " ", "\ue001": "\n", "\ue002": "\t"})


class _TextExtractor:
    """Collects visible text; blocks become paragraphs, ``<br>`` a line break."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.hidden = 0
        self.preformatted = 0

    def handle_starttag(self, tag: str) -> None:
        if tag in HIDDEN_ELEMENTS:
            self.hidden += 1
        elif tag == "pre":
            self.preformatted += 1
        if tag in BLOCK_ELEMENTS:
            self.parts.append("\n\n")
        elif tag == "br":
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in HIDDEN_ELEMENTS and self.hidden:
            self.hidden -= 1
        elif tag == "pre" and self.preformatted:
            self.preformatted -= 1
        if tag in BLOCK_ELEMENTS:
            self.parts.append("\n\n")

    def handle_data(self, data: str | None) -> None:
        if not data or self.hidden:
            return
        if self.preformatted:
            self.parts.append(data.translate(_PROTECT))
        else:
            self.parts.append(re.sub(r"\s+", " ", data))


def html_to_text(html: str) -> str:
    """Visible text of an HTML document: no tags, scripts, styles or comments; paragraphs one blank line apart.

    The page is parsed with libxml2 (through lxml), in time linear in its length
    however it is malformed (Python's ``html.parser`` takes minutes on 100 kB of
    unclosed ``<!--`` or ``<a ``); it never fetches anything the page refers to.
    """
    from lxml import etree
    from lxml import html as lxml_html

    parser = lxml_html.HTMLParser(
        encoding="utf-8", remove_comments=True, remove_pis=True, no_network=True, recover=True, huge_tree=False
    )
    try:
        root = etree.fromstring(html.encode("utf-8", "surrogatepass"), parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        root = None
    extractor = _TextExtractor()
    if root is not None:
        for event, element in etree.iterwalk(root, events=("start", "end")):
            tag = element.tag if isinstance(element.tag, str) else ""
            if event == "start":
                extractor.handle_starttag(tag.lower())
                extractor.handle_data(element.text if tag else None)
            else:
                extractor.handle_endtag(tag.lower())
                extractor.handle_data(element.tail)
    joined = "".join(extractor.parts)
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
    from pypdf import apply_configuration
    from pypdf.errors import LimitReachedError

    try:
        with apply_configuration(**PDF_LIMITS):
            reader = PdfReader(io.BytesIO(data), strict=False, root_object_recovery_limit=1_000)
            if reader.is_encrypted:
                raise SourceFileError(f"{name}: the PDF is encrypted")
            if len(reader.pages) > MAX_PDF_PAGES:
                raise SourceFileError(
                    f"{name}: the PDF has {len(reader.pages):,} pages; the limit is {MAX_PDF_PAGES:,}"
                )
            pages, characters = [], 0
            for page in reader.pages:
                pages.append((page.extract_text() or "").strip())
                characters += len(pages[-1])
                if characters > MAX_SOURCE_BYTES:
                    raise SourceFileError(f"{name}: the PDF holds more than {MAX_SOURCE_BYTES:,} characters of text")
    except SourceFileError:
        raise
    except LimitReachedError as error:
        raise SourceFileError(f"{name}: the PDF exceeds a safety limit of the reader ({_first_line(error)})") from None
    except RecursionError:
        raise SourceFileError(f"{name}: cannot be read as PDF (its objects are nested too deeply)") from None
    except MemoryError:
        raise SourceFileError(f"{name}: cannot be read as PDF (it needs too much memory)") from None
    except (PdfReadError, Exception) as error:  # malformed files raise AttributeError, NotImplementedError, ...
        raise SourceFileError(f"{name}: cannot be read as PDF ({type(error).__name__}: {_first_line(error)})") from None
    text = "\n\n".join(page for page in pages if page)
    if not text.strip():
        raise SourceFileError(f"{name}: the PDF has no text layer (a scan?); convert it to text first")
    return text + "\n"


def _first_line(error: BaseException) -> str:
    text = str(error).strip()
    return text.splitlines()[0][:200] if text else "no details"
