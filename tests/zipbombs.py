"""Zip bombs and big honest files for the upload tests: xlsx files written member by
member in bounded memory (a 300 MB cell is never held whole)."""

from __future__ import annotations

import datetime as dt
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
FIRST_DAY = dt.date(1900, 1, 1)


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


def rows_xlsx(path: Path, rows: int, indicators: tuple[str, ...] = ()) -> Path:
    """An honest measurements xlsx of ``rows`` rows (inline strings, streamed): one period
    a month, of seven indicators "Indikator 0" … or of ``indicators`` in turn."""
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
                if indicators:  # a day each
                    name = indicators[n % len(indicators)]
                    period = (FIRST_DAY + dt.timedelta(days=n // len(indicators))).isoformat()
                else:
                    name, period = f"Indikator {n % 7}", f"{year}-{month:02d}"
                lines.append(_row(n, (name, period, n % 1000, f"rad {n}")))
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


def noisy_cell_xlsx(path: Path, cell_bytes: int = 90 * 1024 * 1024) -> Path:
    """An xlsx within the zip bounds (under 100 MB, packed about 25:1, some 4 MB on disk)
    whose one cell is ``cell_bytes`` long: runs of "a" between random letters."""
    import random

    rnd = random.Random(1)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        _frame(archive)
        archive.writestr(
            "xl/worksheets/sheet1.xml",
            f'<?xml version="1.0"?><worksheet {NS}><sheetData><row r="1">'
            '<c r="A1" t="s"><v>0</v></c></row></sheetData></worksheet>',
        )
        with archive.open("xl/sharedStrings.xml", "w", force_zip64=True) as member:
            member.write(f"<sst {NS}><si><t>".encode())
            left = cell_bytes
            while left > 0:
                noise = bytes(rnd.choice(b"abcdefghijklmnopqrstuvwxyz") for _ in range(4096))
                block = noise + b"a" * 60_000
                member.write(block)
                left -= len(block)
            member.write(b"</t></si></sst>")
    return path


def wide_row_xlsx(path: Path, cells: int = 1_000_000) -> Path:
    """An xlsx of some 1.5 MB whose first row has ``cells`` cells of small numbers."""
    import random

    rnd = random.Random(1)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        _frame(archive)
        archive.writestr("xl/sharedStrings.xml", f'<sst {NS} count="0" uniqueCount="0"/>')
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as member:
            member.write(f'<?xml version="1.0"?><worksheet {NS}><sheetData><row r="1">'.encode())
            for _ in range(cells // 1000):
                member.write(
                    b"".join(b"<c><v>%d</v></c>" % rnd.randrange(100) for _ in range(1000))
                )
            member.write(b"</row></sheetData></worksheet>")
    return path


def big_csv(path: Path, size: int = 17 * 1024 * 1024) -> Path:
    """An honest measurements CSV of about ``size`` bytes (Swedish dialect, two
    indicators, one period a day each)."""
    import datetime

    start = datetime.date(1900, 1, 1)
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write("Indikator;Period;Värde;Antal;Kommentar\n")
        i = 0
        while f.tell() < size:
            day = start + datetime.timedelta(days=i // len(INDICATORS))
            name = INDICATORS[i % len(INDICATORS)]
            f.write(f"{name};{day.isoformat()};{i % 97},5;{20 + i % 5};vecka {i % 52}\n")
            i += 1
    return path


INDICATORS = (
    "Andel i arbete",
    "Antal placeringar",
    "Andel med godkända betyg",
    "Antal orosanmälningar",
)

# The child process of the memory test: a migrated SQLite copy, the personas, the
# import of one file through the follow-up service (a dry run, every check and no store,
# with the argument "dry"), its time and the peak RSS as JSON.
CHILD = """
import json, os, resource, shutil, sys, time
import django
from django.conf import settings
django.setup()
settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
from tests.conftest import make_personas
from socinv.applications.models import Indicator
from socinv.followup.services import import_measurements
from tests.zipbombs import INDICATORS
p = make_personas()
for name in INDICATORS:
    Indicator.objects.create(project=p.own_project, level="outcomes", name=name, direction="higher")
def peak_mb():
    # VmHWM: this process's own peak since exec. ru_maxrss would report the forking
    # parent's peak (Linux keeps it across execve), e.g. a big pytest worker's.
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return round(int(line.split()[1]) / 1024)
    except OSError:
        pass
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
path = sys.argv[1]
start = time.monotonic()
with open(path, "rb") as f:
    report = import_measurements(
        acting_user=p["owner"], project=p.own_project, file=f, filename=os.path.basename(path),
        dry_run=sys.argv[2:] == ["dry"],
    )
print(json.dumps({
    "secs": round(time.monotonic() - start, 1),
    "peak_mb": peak_mb(),
    "stored": report.stored,
    "rows": report.rows,
    "codes": [str(x.code) for x in report.problems][:3],
}))
"""
