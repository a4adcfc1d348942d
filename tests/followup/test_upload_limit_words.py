"""The measurements file's upload limit is named from socinv.core.limits, in words."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from socinv.core.limits import MAX_UPLOAD_BYTES
from socinv.followup.forms import ImportForm


def _errors(lang: str) -> list[str]:
    big = SimpleUploadedFile("m.csv", b"x" * (MAX_UPLOAD_BYTES + 1), "text/csv")
    with translation.override(lang):
        form = ImportForm(data={}, files={"file": big})
        assert not form.is_valid()
        return [str(e) for e in form.errors["file"]]


def test_a_file_over_the_limit_is_refused_naming_the_limit():
    assert _errors("sv") == ["Filen är för stor (högst 20\xa0MB)."]
    assert _errors("en") == ["The file is too large (at most 20\xa0MB)."]
