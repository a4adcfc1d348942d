"""Files the application hands out: one way to serve an uploaded attachment.

:func:`attachment_response` serves a stored file with the content type of its CHECKED
content (the magic bytes, sniffed again here, against the allowed kinds), never of its
name: a ``%PDF-`` file named ``x.html`` is a PDF (issue 11, finding 8). Always as a
download (``Content-Disposition: attachment``) and with ``X-Content-Type-Options:
nosniff``, so that no browser renders an upload as a page.
"""

from __future__ import annotations

from pathlib import PurePath
from typing import BinaryIO

from django.http import FileResponse

__all__ = ["CONTENT_TYPES", "EXTENSIONS", "OCTET_STREAM", "attachment_response", "sniff"]

PDF = "pdf"
XLSX = "xlsx"
# the allowed kinds: their content type and the extensions a name of that kind ends in
CONTENT_TYPES = {
    PDF: "application/pdf",
    XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
EXTENSIONS = {PDF: (".pdf",), XLSX: (".xlsx",)}
MAGIC = {PDF: b"%PDF-", XLSX: b"PK\x03\x04"}  # an xlsx is a zip (its parts checked apart)
OCTET_STREAM = "application/octet-stream"


def sniff(head: bytes) -> str | None:
    """The allowed kind whose magic bytes ``head`` starts with, else None."""
    for kind, magic in MAGIC.items():
        if head.startswith(magic):
            return kind
    return None


def extension_fits(name: str, kind: str) -> bool:
    """Whether the file name ``name`` ends in one of ``kind``'s extensions."""
    return PurePath(name or "").suffix.lower() in EXTENSIONS.get(kind, ())


def attachment_response(file: BinaryIO, filename: str, kind: str) -> FileResponse:
    """A download of the stored ``file`` (opened for reading in binary) under
    ``filename``. The content type is ``kind``'s when the content still starts with that
    kind's magic bytes, else ``application/octet-stream``."""
    head = file.read(8)
    file.seek(0)
    checked = sniff(head)
    content_type = CONTENT_TYPES[checked] if checked and checked == kind else OCTET_STREAM
    response = FileResponse(file, as_attachment=True, filename=filename, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response
