"""Attachments cannot be served as pages nor exhaust the server (issue 11, findings 2
and 8): the content type follows the checked content, never the name; a name of another
kind is refused; an xlsx zip bomb is refused before it is opened."""

from __future__ import annotations

import pytest
from application_helpers import full_draft
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from test_applications_attachments import TINY_PDF, xlsx_bytes
from tests.zipbombs import huge_cell_xlsx

from socinv.applications import services
from socinv.applications.models import Attachment
from socinv.core.problems import Refused

pytestmark = pytest.mark.django_db

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="text/html")


def stored(application, user, name: str, content: bytes, kind: str) -> Attachment:
    """An attachment as one stored before the names were checked (finding 8)."""
    attachment = Attachment(
        application=application,
        original_name=name,
        kind=kind,
        size=len(content),
        uploaded_by=user,
    )
    attachment.file.save(name, ContentFile(content), save=False)
    attachment.save()
    return attachment


def download(client, user, attachment):
    client.force_login(user)
    return client.get(reverse("applications:attachment", args=[attachment.pk]))


def test_a_pdf_named_html_is_served_as_a_pdf_download(client, personas, media):
    application = full_draft(personas)
    user = personas["project_leader"]
    attachment = stored(application, user, "x.html", TINY_PDF, "pdf")
    response = download(client, user, attachment)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == TINY_PDF


def test_content_that_is_not_its_kind_is_served_as_bytes(client, personas, media):
    application = full_draft(personas)
    user = personas["project_leader"]
    page = b"<html><script>alert(1)</script></html>"
    attachment = stored(application, user, "x.pdf", page, "pdf")
    response = download(client, user, attachment)
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment;")


def test_an_xlsx_is_served_as_an_xlsx(client, personas, media):
    application = full_draft(personas)
    user = personas["project_leader"]
    attachment = services.add_attachment(
        application, acting_user=user, uploaded=upload("budget.xlsx", xlsx_bytes())
    )
    assert download(client, user, attachment)["Content-Type"] == XLSX_TYPE


@pytest.mark.parametrize(
    ("name", "content"),
    [("x.html", TINY_PDF), ("plan.xlsx", TINY_PDF), ("budget.pdf", None), ("plan", TINY_PDF)],
)
def test_a_name_of_another_kind_is_refused(personas, media, name, content):
    application = full_draft(personas)
    content = content or xlsx_bytes()
    with pytest.raises(Refused) as refused:
        services.add_attachment(
            application, acting_user=personas["project_leader"], uploaded=upload(name, content)
        )
    assert [(r.code, r.field) for r in refused.value.refusals] == [
        ("attachment_wrong_name", "file")
    ]
    assert name in refused.value.refusals[0].message
    assert not Attachment.objects.exists()


def test_an_xlsx_zip_bomb_is_refused_unopened(personas, media, tmp_path):
    application = full_draft(personas)
    bomb = huge_cell_xlsx(tmp_path / "bomb.xlsx", 50 * 1024 * 1024).read_bytes()
    with pytest.raises(Refused) as refused:
        services.add_attachment(
            application, acting_user=personas["project_leader"], uploaded=upload("b.xlsx", bomb)
        )
    [reason] = refused.value.refusals
    assert (reason.code, reason.field) == ("zip_ratio", "file")
    assert reason.message.startswith("b.xlsx: Delen ”xl/sharedStrings.xml” i filen packas upp")
    assert not Attachment.objects.exists()
