"""socinv.io.zipguard: a zip bomb is refused before it is parsed (issue 11, finding 2),
without trusting the sizes the zip declares."""

from __future__ import annotations

import io
import struct
import zipfile

from tests.zipbombs import huge_cell_xlsx, rows_xlsx

from socinv.core.limits import MAX_COMPRESSION_RATIO, MAX_UNCOMPRESSED_BYTES
from socinv.io.zipguard import ZIP_INVALID, ZIP_RATIO, ZIP_TOO_LARGE, check_zip
from socinv.l10n.measurements import describe


def codes(problems):
    return [p.code for p in problems]


def test_an_honest_xlsx_passes_and_the_position_is_kept(tmp_path):
    path = rows_xlsx(tmp_path / "ok.xlsx", 2000)
    with open(path, "rb") as f:
        f.seek(0)
        assert check_zip(f) == []
        assert f.tell() == 0
    assert check_zip(path) == []


def test_a_cell_of_300_mb_in_300_kb_is_refused_at_once(tmp_path):
    path = huge_cell_xlsx(tmp_path / "bomb.xlsx")
    assert path.stat().st_size < 400 * 1024
    [problem] = check_zip(path)
    assert problem.code == ZIP_TOO_LARGE
    assert problem.params["limit_bytes"] == MAX_UNCOMPRESSED_BYTES


def test_a_member_packed_more_than_100_to_1_is_refused_under_the_size_limit(tmp_path):
    path = huge_cell_xlsx(tmp_path / "bomb.xlsx", 20 * 1024 * 1024)
    [problem] = check_zip(path)
    assert problem.code == ZIP_RATIO
    assert problem.params["member"] == "xl/sharedStrings.xml"
    assert problem.params["ratio"] > MAX_COMPRESSION_RATIO
    assert problem.params["limit"] == MAX_COMPRESSION_RATIO


def test_the_limits_are_the_arguments(tmp_path):
    path = rows_xlsx(tmp_path / "ok.xlsx", 20_000)  # a sheet of about 2 MB
    assert codes(check_zip(path, max_uncompressed=10_000)) == [ZIP_TOO_LARGE]
    assert codes(check_zip(path, max_ratio=2)) == [ZIP_RATIO]  # the sheet, over 1 MB
    assert codes(check_zip(rows_xlsx(tmp_path / "small.xlsx", 200), max_ratio=2)) == []


def _lie_about_sizes(data: bytes, file_size: int, compress_size: int | None = None) -> bytes:
    """The zip with every member's declared (central directory) uncompressed size set to
    ``file_size``: the local headers and the data are untouched."""
    out = bytearray(data)
    at = out.find(b"PK\x01\x02")
    while at != -1:
        struct.pack_into("<I", out, at + 24, file_size)
        if compress_size is not None:
            struct.pack_into("<I", out, at + 20, compress_size)
        at = out.find(b"PK\x01\x02", at + 4)
    return bytes(out)


def test_declared_sizes_are_not_trusted():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/sharedStrings.xml", b"a" * (5 * 1024 * 1024))
    honest = buffer.getvalue()
    assert codes(check_zip(io.BytesIO(honest))) == [ZIP_RATIO]
    # declared 100 KB (ratio about 20): the real content is read, capped, and does not match
    lying = _lie_about_sizes(honest, 100 * 1024)
    assert codes(check_zip(io.BytesIO(lying))) == [ZIP_INVALID]
    # declared a larger packed size too: the ratio found while reading refuses it
    lying = _lie_about_sizes(honest, 5 * 1024 * 1024, compress_size=5 * 1024 * 1024)
    assert codes(check_zip(io.BytesIO(lying))) in ([ZIP_RATIO], [ZIP_INVALID])


def test_what_is_not_a_zip_is_invalid():
    assert codes(check_zip(io.BytesIO(b"indikator;period;v\xe4rde\n"))) == [ZIP_INVALID]
    assert codes(check_zip(io.BytesIO(b"PK\x03\x04" + b"\0" * 100))) == [ZIP_INVALID]


def test_the_problems_are_worded_in_swedish_and_english(tmp_path):
    [big] = check_zip(huge_cell_xlsx(tmp_path / "a.xlsx"))
    [ratio] = check_zip(huge_cell_xlsx(tmp_path / "b.xlsx", 20 * 1024 * 1024))
    assert describe(big.code, big.params, "sv").startswith("Filen packas upp till mer än 100\xa0MB")
    assert "zip bomb" in describe(ratio.code, ratio.params, "en")
    assert "zipbomb" in describe(ratio.code, ratio.params, "sv")
    assert describe(ZIP_INVALID, {}, "sv") == "Filen är inte en läsbar xlsx-fil (zip)."
