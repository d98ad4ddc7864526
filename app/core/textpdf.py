"""A text-only PDF without Qt (core has no Qt): Helvetica lines on A4 pages.

Enough for the patient summary in a sharing package and the compliance statement, which
are read and printed, never laid out. Text outside Windows-1252 becomes "?" (the standard
Type 1 fonts carry no more), so callers keep their words in Latin script.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Sequence

#: Characters of Helvetica 10 pt that fit between the page margins.
CHARS_AT_10PT = 95


def pdf_text(text: str) -> str:
    latin = text.encode("cp1252", errors="replace").decode("latin-1")
    return latin.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def wrapped(text: str, size: int, indent: str = "") -> list[tuple[int, str]]:
    """`text` as lines of `size` points that fit the page, broken between words."""
    width = max(20, CHARS_AT_10PT * 10 // size - len(indent))
    lines = textwrap.wrap(text, width, break_long_words=True) or [""]
    return [(size, indent + line) for line in lines]


def text_pdf(lines: Iterable[tuple[int, str]]) -> bytes:
    """A PDF of (point size, text) lines, top to bottom, as many pages as they need."""
    pages: list[list[tuple[int, str]]] = [[]]
    used = 0
    for size, text in lines:
        if used + size + 6 > 740:
            pages.append([])
            used = 0
        pages[-1].append((size, text))
        used += size + 6
    objects: list[bytes] = [b"<< /Type /Catalog /Pages 2 0 R >>", b"",
                            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica "
                            b"/Encoding /WinAnsiEncoding >>"]
    kids = []
    for page in pages:
        kids.append(_page(objects, page))
    objects[1] = (b"<< /Type /Pages /Kids [" + b" ".join(b"%d 0 R" % k for k in kids)
                  + b"] /Count %d >>" % len(kids))
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += (b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n"
            % (len(objects) + 1, xref))
    return bytes(out)


def _page(objects: list[bytes], page: Sequence[tuple[int, str]]) -> int:
    y = 800
    ops = []
    for size, text in page:
        y -= size + 6
        ops.append(f"BT /F1 {size} Tf 50 {y} Td ({pdf_text(text)}) Tj ET")
    stream = "\n".join(ops).encode("latin-1")
    objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
    content_ref = len(objects)
    objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources "
                   b"<< /Font << /F1 3 0 R >> >> /Contents %d 0 R >>" % content_ref)
    return len(objects)
