"""Zip bombs and big honest files for the upload tests: xlsx files written member by
member in bounded memory (a 300 MB cell is never held whole)."""

from __future__ import annotations

import zipfile
from pathlib import Path

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
    "</Types>"
)
RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Blad1" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/worksheet" Target="worksheets/sheet1.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>'
)
NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
CHUNK = 1 << 20


def _frame(archive: zipfile.ZipFile) -> None:
    archive.writestr("[Content_Types].xml", CONTENT_TYPES)
    archive.writestr("_rels/.rels", RELS)
    archive.writestr("xl/workbook.xml", WORKBOOK)
    archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)


def huge_cell_xlsx(path: Path, cell_bytes: int = 300 * 1024 * 1024) -> Path:
    """An xlsx whose header's first cell (a shared string) is ``cell_bytes`` of "a":
    about 300 KB on disk for a 300 MB cell (finding 2 of issue 11)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        _frame(archive)
        archive.writestr(
            "xl/worksheets/sheet1.xml",
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet {NS}>'
            '<sheetData><row r="1"><c r="A1" t="s"><v>0</v></c>'
            '<c r="B1" t="inlineStr"><is><t>period</t></is></c>'
            '<c r="C1" t="inlineStr"><is><t>värde</t></is></c></row></sheetData></worksheet>',
        )
        info = zipfile.ZipInfo("xl/sharedStrings.xml", date_time=(2026, 1, 1, 0, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED
        with archive.open(info, "w", force_zip64=True) as member:
            member.write(f'<sst {NS} count="1" uniqueCount="1"><si><t>'.encode())
            block = b"a" * CHUNK
            left = cell_bytes
            while left > 0:
                member.write(block[: min(left, CHUNK)])
                left -= CHUNK
            member.write(b"</t></si></sst>")
    return path


def rows_xlsx(path: Path, rows: int) -> Path:
    """An honest measurements xlsx of ``rows`` rows (inline strings, streamed)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        _frame(archive)
        archive.writestr("xl/sharedStrings.xml", f'<sst {NS} count="0" uniqueCount="0"/>')
        info = zipfile.ZipInfo("xl/worksheets/sheet1.xml", date_time=(2026, 1, 1, 0, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED
        with archive.open(info, "w", force_zip64=True) as member:
            member.write(
                f'<?xml version="1.0" encoding="UTF-8"?><worksheet {NS}><sheetData>'.encode()
            )
            member.write(_row(1, ("indikator", "period", "värde", "kommentar")))
            lines = []
            for n in range(2, rows + 2):
                month = (n % 12) + 1
                year = 1000 + n // 12
                lines.append(
                    _row(n, (f"Indikator {n % 7}", f"{year}-{month:02d}", n % 1000, f"rad {n}"))
                )
                if len(lines) == 2000:
                    member.write(b"".join(lines))
                    lines = []
            member.write(b"".join(lines))
            member.write(b"</sheetData></worksheet>")
    return path


def _row(n: int, cells: tuple) -> bytes:
    out = [f'<row r="{n}">']
    for value in cells:
        if isinstance(value, str):
            out.append(f'<c t="inlineStr"><is><t>{value}</t></is></c>')
        else:
            out.append(f"<c><v>{value}</v></c>")
    out.append("</row>")
    return "".join(out).encode()
