"""Hostile uploads end within seconds with a message: PDF bombs, HTML floods, punctuation runs, odd codecs."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from corridors.text.mentions import build_mention_index, find_mentions
from corridors.text.parseworker import read_file_bounded, read_upload
from corridors.text.quotes import quotes_by_entity
from corridors.text.sentences import sentence_spans
from corridors.text.sourcefile import SourceFileError, html_to_text, read_source_file
from tests.hostile.hostile_files import comment_flood_html, many_large_streams_pdf, pdf_document, zlib_bomb_pdf

#: Every hostile case must end within this many seconds (the app's promise is 10 s).
DEADLINE_S = 10.0


def timed(function, *args, **kwargs):
    started = time.monotonic()
    try:
        result = function(*args, **kwargs)
    except SourceFileError as error:
        result = error
    elapsed = time.monotonic() - started
    assert elapsed < DEADLINE_S, f"took {elapsed:.1f} s"
    return result


def test_a_98_kb_zlib_bomb_is_refused_quickly():
    data = zlib_bomb_pdf()
    assert len(data) < 110_000
    error = timed(read_upload, data, "bomb.pdf")
    assert isinstance(error, SourceFileError)
    assert "bomb.pdf" in str(error) and "safety limit" in str(error)


def test_twenty_streams_of_70_mb_are_refused_quickly():
    data = many_large_streams_pdf()
    assert len(data) < 2_000_000
    error = timed(read_upload, data, "streams.pdf")
    assert isinstance(error, SourceFileError)
    assert "safety limit" in str(error)


def test_a_small_pdf_still_reads():
    from tests.hostile.hostile_files import compressed_text_stream

    text = timed(read_upload, pdf_document([compressed_text_stream(200, b" ")]), "ok.pdf")
    assert "Ferries leave Aktau for Baku." in text


@pytest.mark.parametrize("size", [100_000, 200_000])
def test_html_full_of_unclosed_comments_reads_quickly(size):
    text = timed(read_upload, comment_flood_html(size), "flood.html")
    assert text == "Aktau\n"


@pytest.mark.parametrize("pattern", ["<!--", "<a ", '<a b="', "<?", "</"])
def test_html_tokenizer_is_linear_on_unclosed_constructs(pattern):
    started = time.monotonic()
    html_to_text(pattern * (200_000 // len(pattern)))
    assert time.monotonic() - started < 2.0


@pytest.mark.parametrize("run", [".", "!", " ", "\t", " \n", "?!"])
@pytest.mark.parametrize("count", [20_000, 40_000])
def test_sentence_splitting_and_quotes_are_linear(shipped_catalog, run, count):
    text = "Ferries leave Aktau. " + run * count + " Trains reach Baku."
    index = build_mention_index(shipped_catalog)  # built once per catalog, whatever the text: not what is timed
    started = time.monotonic()
    spans = sentence_spans(text)
    mentions = find_mentions(text, index)
    quotes = quotes_by_entity(text, mentions, "hostile-text")
    assert time.monotonic() - started < 2.0
    assert spans[0][0] == 0 and text[spans[-1][0] : spans[-1][1]].endswith("Trains reach Baku.")
    assert {"aktau-port", "baku"} <= set(quotes), "the names in the text are still quoted"


def test_ten_thousand_mentions_are_quoted_in_linear_time(shipped_catalog):
    text = "Aktau " * 10_000
    mentions = find_mentions(text, build_mention_index(shipped_catalog))
    started = time.monotonic()
    quotes = quotes_by_entity(text, mentions, "hostile-text")
    assert time.monotonic() - started < 2.0
    assert len(mentions) == 10_000 and sum(len(q) for q in quotes.values()) >= 1


def test_the_worker_is_stopped_at_its_time_limit():
    started = time.monotonic()
    with pytest.raises(SourceFileError, match="longer than 0 s and was stopped"):
        read_upload(zlib_bomb_pdf(), "slow.pdf", timeout_s=0.05)
    assert time.monotonic() - started < 3


def test_the_worker_is_stopped_at_its_memory_limit():
    with pytest.raises(SourceFileError, match=r"hungry\.pdf: .*(more than 48 MiB of memory|needs too much memory)"):
        read_upload(zlib_bomb_pdf(), "hungry.pdf", memory_bytes=48 * 2**20)


@pytest.mark.parametrize(("encoding", "where"), [("hex", "argument"), ("base64", "argument"), ("rot13", "meta")])
def test_codecs_that_are_not_text_encodings_give_a_message(encoding, where):
    if where == "meta":
        data, name, given = f'<meta charset="{encoding}"><p>Aktau</p>'.encode(), "page.html", None
        assert timed(read_upload, data, name, encoding=given) == "Aktau\n"
        return
    error = timed(read_upload, b"Aktau", "a.txt", encoding=encoding)
    assert isinstance(error, SourceFileError) and "unknown encoding" in str(error) and "a.txt" in str(error)


def test_meta_charset_hex_is_ignored_not_a_crash():
    assert read_source_file(b'<html><meta charset="hex"><p>Baku</p></html>', "p.html") == "Baku\n"


@pytest.mark.parametrize(
    "body",
    [
        b"<< /Type /Catalog /Pages 2 0 R >>",  # a catalogue with no usable page tree
        b"<< /Type /Pages /Kids [1 0 R] /Count 1 >>",  # a page tree that refers to itself
    ],
)
def test_malformed_pdfs_give_a_message(body):
    data = (
        b"%PDF-1.4\n1 0 obj\n" + body + b"\nendobj\n2 0 obj\n<< /Type /Pages /Kids [2 0 R] /Count 1 >>\nendobj\n"
        b"trailer\n<< /Root 1 0 R >>\n%%EOF\n"
    )
    error = timed(read_upload, data, "broken.pdf")
    assert isinstance(error, SourceFileError)
    assert str(error).startswith("broken.pdf: ")


def test_deeply_nested_pdf_arrays_give_a_message():
    nested = b"[" * 5_000 + b"]" * 5_000
    data = pdf_document([], extra_objects=[nested])
    data = data.replace(b"/Count 0 >>", b"/Count 0 /Deep " + nested + b" >>")
    result = timed(read_upload, data, "deep.pdf")
    assert isinstance(result, SourceFileError)
    assert "deep.pdf" in str(result)


def test_a_symlink_to_dev_zero_is_refused_without_reading_it(tmp_path: Path):
    link = tmp_path / "zero.txt"
    link.symlink_to("/dev/zero")
    error = timed(read_file_bounded, link)
    assert isinstance(error, SourceFileError) and "is a device, not a regular file" in str(error)
    assert "is a device" in str(timed(read_source_file, link))


def test_a_fifo_is_refused_without_blocking(tmp_path: Path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    error = timed(read_file_bounded, fifo)
    assert isinstance(error, SourceFileError) and "named pipe" in str(error)
    assert "named pipe" in str(timed(read_source_file, fifo))


def test_a_directory_is_refused(tmp_path: Path):
    folder = tmp_path / "notes.txt"
    folder.mkdir()
    assert "is a directory" in str(timed(read_file_bounded, folder))


def _simple_pdf(content: bytes = b"BT /F1 12 Tf 72 720 Td (Aktau) Tj ET") -> bytes:
    import zlib

    return pdf_document([zlib.compress(content)])


@pytest.mark.parametrize(
    ("label", "data", "error_type"),
    [
        (
            "unknown filter",
            _simple_pdf().replace(b"/Filter /FlateDecode", b"/Filter /FooDecode "),
            "NotImplementedError",
        ),
        ("deep arrays", _simple_pdf(b"BT /F1 12 Tf " + b"[" * 3000 + b"]" * 3000 + b" TJ ET"), "nested too deeply"),
        ("JBIG2 without a decoder", _simple_pdf().replace(b"/Filter /FlateDecode", b"/Filter /JBIG2Decode"), "jbig2"),
        ("page tree not an array", _simple_pdf().replace(b"/Kids [3 0 R]", b"/Kids 3      "), "PdfReadError"),
    ],
)
def test_pypdf_errors_become_messages(label, data, error_type):
    assert read_source_file(_simple_pdf(), "fine.pdf") == "Aktau\n"
    for reader in (read_source_file, read_upload):
        error = timed(reader, data, "broken.pdf")
        assert isinstance(error, SourceFileError), label
        assert str(error).startswith("broken.pdf: ") and error_type.lower() in str(error).lower(), str(error)


@pytest.mark.parametrize("raised", [AttributeError("'NumberObject' has no attribute 'get'"), NotImplementedError()])
def test_any_reader_failure_becomes_a_message(monkeypatch, raised):
    import pypdf

    def broken_reader(*args, **kwargs):
        raise raised

    monkeypatch.setattr(pypdf, "PdfReader", broken_reader)
    with pytest.raises(SourceFileError, match=rf"^odd\.pdf: cannot be read as PDF \({type(raised).__name__}"):
        read_source_file(_simple_pdf(), "odd.pdf")


@pytest.mark.parametrize("text", ["New-" * 10_000, "A'" * 20_000, "A’" * 20_000, "A–" * 20_000, "Порт-" * 10_000])
def test_not_yet_mapped_names_are_found_in_linear_time(text):
    from corridors.text.candidates import unknown_candidates

    started = time.monotonic()
    unknown_candidates(text + " The Anaklia port opens.", [])
    assert time.monotonic() - started < 2.0
    assert [c.name for c in unknown_candidates("The Anaklia-Poti port and 'Kashagan field'.", [])] == [
        "Anaklia-Poti",
        "Kashagan",
    ]


def test_mentions_in_one_long_line_cost_linear_time(shipped_catalog):
    index = build_mention_index(shipped_catalog)
    timings = []
    for repeat in (2_000, 8_000):
        text = "Aktau Port Big " * repeat  # one line, a mention every 15 characters
        started = time.monotonic()
        assert len(find_mentions(text, index)) == repeat
        timings.append(time.monotonic() - started)
    assert timings[1] < 8 * timings[0] + 0.5, timings  # four times the text: about four times the time
