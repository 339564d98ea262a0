"""Reading source files safely: text, Markdown, HTML, PDF, and every kind of bad input."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from corridors.text.sourcefile import MAX_SOURCE_BYTES, SourceFileError, html_to_text, read_source_file


def make_pdf(content: bytes) -> bytes:
    """A one-page PDF whose page draws ``content`` (a content stream) in Helvetica."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def test_utf8_text_is_returned_as_it_is(tmp_path: Path):
    path = tmp_path / "note.txt"
    path.write_bytes("Паромы из Курыка\r\nидут в Баку.\n".encode())
    assert read_source_file(path) == "Паромы из Курыка\r\nидут в Баку.\n"


def test_byte_order_marks_are_removed():
    assert read_source_file(codecs.BOM_UTF8 + b"Baku", "a.txt") == "Baku"
    assert read_source_file(codecs.BOM_UTF16_LE + "Баку".encode("utf-16-le"), "a.txt") == "Баку"


def test_markdown_is_text(tmp_path: Path):
    path = tmp_path / "a.md"
    path.write_text("**Q:** Where?\n\n*Baku.*\n", encoding="utf-8")
    assert read_source_file(path) == "**Q:** Where?\n\n*Baku.*\n"


def test_html_loses_markup_scripts_styles_and_comments():
    html = """<!doctype html><html><head><title>T</title><style>p {color: red}</style>
    <script>var city = "Aktau";</script></head>
    <body><nav>Menu</nav><h1>Port&nbsp;news</h1><p>Ferries sail from the <b>port of Aktau</b>
    to Baku &amp; back.</p><!-- Kuryk --><p>Second<br>line</p>
    <script type="text/javascript">document.write("Kuryk")</script><noscript>Enable JS</noscript></body></html>"""
    text = read_source_file(html.encode(), "page.html")
    assert text == "Menu\n\nPort news\n\nFerries sail from the port of Aktau to Baku & back.\n\nSecond\nline\n"
    assert "Kuryk" not in text and "var city" not in text and "color" not in text


def test_html_declared_charset_is_honoured():
    html = '<html><head><meta charset="windows-1251"></head><body><p>Порт Актау</p></body></html>'
    assert read_source_file(html.encode("cp1251"), "page.htm") == "Порт Актау\n"


def test_pdf_text_layer_is_read():
    pdf = make_pdf(b"BT /F1 12 Tf 72 712 Td (Ferries sail from the port of Aktau to Baku.) Tj ET")
    assert read_source_file(pdf, "report.pdf").strip() == "Ferries sail from the port of Aktau to Baku."


def test_pdf_without_text_is_refused():
    with pytest.raises(SourceFileError, match="no text layer"):
        read_source_file(make_pdf(b"0 0 m 100 100 l S"), "scan.pdf")
    with pytest.raises(SourceFileError, match="not a PDF"):
        read_source_file(b"just text", "fake.pdf")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG image"),
        (b"PK\x03\x04\x14\x00\x06\x00", "ZIP archive"),
        (b"Baku\x00\x00\x00\x01\x02port", "NUL bytes"),
        (b"Baku" + bytes(range(1, 9)) * 10, "control characters"),
    ],
)
def test_binary_files_are_refused(data, message):
    with pytest.raises(SourceFileError, match=message):
        read_source_file(data, "file.txt")


def test_wrong_encoding_is_refused_with_a_hint():
    data = "Паромы из Курыка идут в Баку через Каспийское море.".encode("cp1251")
    with pytest.raises(SourceFileError) as caught:
        read_source_file(data, "news.txt")
    message = str(caught.value)
    assert "not utf-8 text" in message and "offset 0" in message and "cp1251" in message
    assert read_source_file(data, "news.txt", encoding="cp1251").startswith("Паромы из Курыка")


def test_unknown_encoding_is_refused():
    with pytest.raises(SourceFileError, match="unknown encoding"):
        read_source_file(b"Baku", "a.txt", encoding="klingon-8")


@pytest.mark.parametrize("data", [b"", b"   \n\t\n", b"<html><script>var a = 1;</script></html>"])
def test_empty_files_are_refused(data):
    name = "page.html" if data.startswith(b"<") else "empty.txt"
    with pytest.raises(SourceFileError, match=r"empty|no text"):
        read_source_file(data, name)


def test_huge_file_is_refused_before_it_is_read(tmp_path: Path):
    path = tmp_path / "huge.txt"
    with open(path, "wb") as handle:  # sparse: no 17 MiB are written
        handle.truncate(MAX_SOURCE_BYTES + 2**20)
    with pytest.raises(SourceFileError, match=r"17\.0 MiB; the limit is 16\.0 MiB"):
        read_source_file(path)
    with pytest.raises(SourceFileError, match="limit"):
        read_source_file(b"x" * 101, "a.txt", max_bytes=100)


def test_unsupported_missing_and_directory_paths(tmp_path: Path):
    (tmp_path / "a.docx").write_bytes(b"PK\x03\x04")
    with pytest.raises(SourceFileError, match=r"unsupported file type '\.docx'"):
        read_source_file(tmp_path / "a.docx")
    with pytest.raises(SourceFileError, match="no such file"):
        read_source_file(tmp_path / "missing.txt")
    with pytest.raises(SourceFileError, match="directory"):
        read_source_file(tmp_path)


def test_html_to_text_keeps_preformatted_text():
    assert html_to_text("<pre>a  b\n  c</pre><p>d   e</p>") == "a  b\n  c\n\nd e\n"
