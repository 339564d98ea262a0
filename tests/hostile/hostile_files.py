"""Hostile inputs, built small in memory: PDF bombs, HTML comment floods, punctuation runs."""

from __future__ import annotations

import zlib


def pdf_document(streams: list[bytes], *, extra_objects: list[bytes] | None = None) -> bytes:
    """A minimal PDF with one page per already-compressed content stream (``/FlateDecode``)."""
    count = len(streams)
    objects: list[bytes] = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids ["
        + b" ".join(f"{3 + 2 * i} 0 R".encode() for i in range(count))
        + f"] /Count {count} >>".encode(),
    ]
    font = 3 + 2 * count
    for index, stream in enumerate(streams):
        content = 4 + 2 * index
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents {content} 0 R "
            f"/Resources << /Font << /F1 {font} 0 R >> >> >>".encode()
        )
        objects.append(f"<< /Length {len(stream)} /Filter /FlateDecode >>\nstream\n".encode() + stream + b"\nendstream")
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    objects.extend(extra_objects or [])
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def compressed_text_stream(size: int, fill: bytes = b"0") -> bytes:
    """A content stream that inflates to ``size`` bytes: a little text, then ``fill`` repeated."""
    head = b"BT /F1 12 Tf 72 720 Td (Ferries leave Aktau for Baku.) Tj ET\n"
    compressor = zlib.compressobj(9)
    chunk = fill * (1 << 20)
    parts = [compressor.compress(head)]
    remaining = size - len(head)
    while remaining > 0:
        piece = chunk[: min(len(chunk), remaining)]
        parts.append(compressor.compress(piece))
        remaining -= len(piece)
    parts.append(compressor.flush())
    return b"".join(parts)


def zlib_bomb_pdf(inflated: int = 100 * 2**20) -> bytes:
    """A ~100 kB PDF whose single page stream inflates to ``inflated`` bytes."""
    return pdf_document([compressed_text_stream(inflated)])


def many_large_streams_pdf(count: int = 20, each: int = 70 * 10**6) -> bytes:
    """A PDF of ``count`` pages, each stream inflating to ``each`` bytes (just under pypdf's default limit)."""
    stream = compressed_text_stream(each)
    return pdf_document([stream] * count)


def comment_flood_html(size: int = 200_000) -> bytes:
    """An HTML page of ``size`` bytes of unclosed ``<!--``."""
    return b"<html><body><p>Aktau</p>" + b"<!--" * (size // 4) + b"</body></html>"
