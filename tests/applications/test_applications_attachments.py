"""Attachments: PDF and xlsx judged by their content, anything else refused with a
message naming the file; too large files refused; only the application's editors attach,
its readers download."""

from __future__ import annotations

import io

import pytest
from application_helpers import full_draft
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from socinv.applications import services
from socinv.applications.models import Attachment
from socinv.core.problems import Refused

pytestmark = pytest.mark.django_db

TINY_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def xlsx_bytes() -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    book.active["A1"] = "Budget"
    book.active["B1"] = 1000
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


@pytest.fixture(autouse=True)
def _english():
    from django.utils import translation

    with translation.override("en"):
        yield


def test_a_real_pdf_and_an_xlsx_are_accepted(personas, media):
    application = full_draft(personas)
    user = personas["project_leader"]
    pdf = services.add_attachment(
        application, acting_user=user, uploaded=upload("plan.pdf", TINY_PDF)
    )
    xlsx = services.add_attachment(
        application, acting_user=user, uploaded=upload("budget.xlsx", xlsx_bytes())
    )
    assert (pdf.kind, xlsx.kind) == ("pdf", "xlsx")
    assert pdf.file.path.startswith(str(media))
    assert open(pdf.file.path, "rb").read() == TINY_PDF
    assert pdf.history.latest().history_user == user


def test_an_exe_renamed_pdf_is_refused_with_its_name(personas, media):
    application = full_draft(personas)
    exe = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 100
    with pytest.raises(Refused, match=r"virus\.pdf is neither a PDF") as refused:
        services.add_attachment(
            application, acting_user=personas["project_leader"], uploaded=upload("virus.pdf", exe)
        )
    assert [(r.code, r.field) for r in refused.value.refusals] == [
        ("attachment_wrong_type", "file")
    ]
    assert not Attachment.objects.exists()


def test_a_zip_that_is_not_a_workbook_is_refused(personas, media):
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w/>")
    application = full_draft(personas)
    with pytest.raises(Refused, match="brev.xlsx") as refused:
        services.add_attachment(
            application,
            acting_user=personas["project_leader"],
            uploaded=upload("brev.xlsx", buffer.getvalue()),
        )
    assert refused.value.codes == ["attachment_wrong_type"]
    assert not Attachment.objects.exists()


def test_a_too_large_file_is_refused(personas, media, settings):
    settings.SOCINV_MAX_ATTACHMENT_BYTES = 100
    application = full_draft(personas)
    with pytest.raises(Refused, match="stor.pdf is too large") as refused:
        services.add_attachment(
            application,
            acting_user=personas["project_leader"],
            uploaded=upload("stor.pdf", TINY_PDF),
        )
    assert [(r.code, r.field) for r in refused.value.refusals] == [("attachment_too_large", "file")]
    assert not Attachment.objects.exists()


@pytest.mark.parametrize("role", ["auditor", "evaluator", "economist", "external", "outsider"])
def test_only_the_editors_attach_and_remove_through_the_service(personas, media, role):
    from django.core.exceptions import PermissionDenied

    application = full_draft(personas)
    with pytest.raises(PermissionDenied):
        services.add_attachment(
            application, acting_user=personas[role], uploaded=upload("plan.pdf", TINY_PDF)
        )
    assert not Attachment.objects.exists()
    attachment = services.add_attachment(
        application, acting_user=personas["project_leader"], uploaded=upload("plan.pdf", TINY_PDF)
    )
    with pytest.raises(PermissionDenied):
        services.remove_attachment(attachment, acting_user=personas[role])
    assert Attachment.objects.filter(pk=attachment.pk).exists()


def test_the_upload_page_attaches_and_refuses_with_a_clear_message(client, personas, media):
    application = full_draft(personas)
    client.force_login(personas["project_leader"])
    url = reverse("applications:add_attachment", args=[application.pk])
    response = client.post(url, {"file": upload("plan.pdf", TINY_PDF)}, follow=True)
    assert "plan.pdf bifogades." in response.content.decode()
    response = client.post(url, {"file": upload("program.pdf", b"MZ\x90\x00" * 10)}, follow=True)
    page = response.content.decode()
    assert "program.pdf är varken en PDF eller en Excelfil (xlsx) och bifogades inte." in page
    assert Attachment.objects.count() == 1


@pytest.mark.parametrize(
    ("role", "may_read", "may_attach"),
    [
        ("project_leader", True, True),
        ("owner", True, True),
        ("auditor", True, False),
        ("evaluator", False, False),
        ("outsider", False, False),
        ("other_owner", False, False),
        ("external", False, False),
    ],
)
def test_attachments_follow_the_permission_matrix(
    client, personas, media, role, may_read, may_attach
):
    application = full_draft(personas)
    attachment = services.add_attachment(
        application, acting_user=personas["project_leader"], uploaded=upload("plan.pdf", TINY_PDF)
    )
    client.force_login(personas[role])
    response = client.get(reverse("applications:attachment", args=[attachment.pk]))
    outsider = role in ("outsider", "other_owner")
    assert response.status_code == (200 if may_read else 404 if outsider else 403)
    if may_read:
        assert b"".join(response.streaming_content) == TINY_PDF
    response = client.post(
        reverse("applications:add_attachment", args=[application.pk]),
        {"file": upload("b.pdf", TINY_PDF)},
    )
    assert (response.status_code == 302) is may_attach
    if not may_attach:
        assert response.status_code == (404 if outsider else 403)
    assert Attachment.objects.count() == (2 if may_attach else 1)
    response = client.post(reverse("applications:remove_attachment", args=[attachment.pk]))
    if not may_attach:
        assert response.status_code == (404 if outsider else 403)
    assert Attachment.objects.filter(pk=attachment.pk).exists() is not may_attach
