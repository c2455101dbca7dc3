"""Upload hardening for request attachments (RELIABILITY.md T17)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from coordination.models import (
    AttachmentAccessLog,
    CoordinationRequest,
    RequestAttachment,
)
from tests.factories import make_request

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def _docx() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    return buf.getvalue()


def _post(client, ward, *files):
    client.force_login(ward.secretary_a)
    return client.post(
        reverse("coordination:request-create"),
        {
            "sender": ward.cell_a.pk,
            "recipients": [ward.police.pk],
            "subject": "Đề nghị có tệp",
            "content": "Nội dung",
            "kind": "document",
            "priority": "normal",
            "confidentiality": "0",
            "response_days": "5",
            "files": list(files),
            "send": "1",
        },
    )


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("bao-cao.pdf", PNG, "không khớp"),  # PNG bytes named .pdf
        ("trang.html", b"<html><script>alert(1)</script></html>", "không đúng loại"),
        ("van-ban.docx", b"PK\x03\x04not really a zip", "không khớp"),
        ("chay.exe", b"MZ\x90\x00", "không đúng loại"),
    ],
)
def test_wrong_type_is_rejected_next_to_the_field(client, ward, name, content, message):
    response = _post(client, ward, SimpleUploadedFile(name, content))
    assert response.status_code == 200
    errors = response.context["form"].errors["files"]
    assert any(message in e for e in errors), errors
    assert message in response.content.decode()
    assert not CoordinationRequest.objects.exists()


def test_file_over_the_limit_is_rejected(client, ward, settings):
    settings.ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024
    big = SimpleUploadedFile("lon.pdf", PDF + b"0" * (11 * 1024 * 1024))
    response = _post(client, ward, big)
    assert response.status_code == 200
    assert "quá lớn" in " ".join(response.context["form"].errors["files"])
    assert not RequestAttachment.objects.exists()


def test_stored_under_uuid_outside_static_and_served_with_safe_name(client, ward):
    response = _post(
        client,
        ward,
        SimpleUploadedFile("../../Báo cáo tháng.pdf", PDF),
        SimpleUploadedFile("bang.docx", _docx()),
    )
    assert response.status_code == 302
    first, second = RequestAttachment.objects.order_by("pk")
    assert first.original_name == "Báo cáo tháng.pdf"
    stored = Path(first.file.path).resolve()
    assert stored.is_relative_to(Path(settings.MEDIA_ROOT).resolve())
    assert not stored.is_relative_to(Path(settings.BASE_DIR, "static").resolve())
    assert ".." not in first.file.name
    assert "Báo" not in first.file.name
    assert len(Path(first.file.name).stem) == 32  # uuid4 hex
    assert second.content_type.endswith("wordprocessingml.document")

    url = reverse("coordination:request-attachment-download", args=[first.pk])
    client.force_login(ward.officer)
    response = client.get(url)
    assert response.status_code == 200
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "filename*=UTF-8''B%C3%A1o%20c%C3%A1o%20th%C3%A1ng.pdf" in disposition
    assert "/" not in disposition.split("filename*=")[1]
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == PDF
    # no log for ordinary files
    assert not AttachmentAccessLog.objects.exists()
    # an outsider and an anonymous user cannot download
    client.force_login(ward.secretary_b)
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302


def test_classified_download_is_logged(client, ward):
    req = make_request(
        by=ward.cleared_officer,
        sender=ward.police,
        recipients=[ward.cell_b],
        confidentiality=1,
        files=[SimpleUploadedFile("mat.pdf", PDF)],
    )
    attachment = req.attachments.get()
    client.force_login(ward.cleared_officer)
    url = reverse("coordination:request-attachment-download", args=[attachment.pk])
    assert client.get(url).status_code == 200
    log = AttachmentAccessLog.objects.get()
    assert (log.user, log.attachment) == (ward.cleared_officer, attachment)
    client.force_login(ward.officer)  # same organisation, not cleared
    assert client.get(url).status_code == 404
    assert AttachmentAccessLog.objects.count() == 1
