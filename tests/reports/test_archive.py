"""Signing archives the PDF unchangeable with its SHA-256: the number in the
PDF's header, the archive page and the download (the same bytes, the same
hash), who sees them (404 for the others), the standing committee told once,
a new version after reopening while the first stays as issued."""

from __future__ import annotations

import hashlib

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coordination.models import Notification
from reports import register, services
from reports.models import ArchivedDocument, RegisterEntry, ReportDraft
from reports.pdf import missing_fonts

from .conftest import fresh
from .helpers import squashed_pdf_text

pytestmark = [
    pytest.mark.skipif(bool(missing_fonts()), reason="fonts-liberation2 not installed"),
    pytest.mark.django_db,
]


@pytest.fixture
def draft(ward) -> ReportDraft:
    return ReportDraft.objects.create(
        ward=ward.root,
        year=2026,
        created_by=ward.officer,
        assessment="Đánh giá: phối hợp chặt chẽ, kỹ lưỡng, ổn định.",
    )


@pytest.fixture
def signed(ward, draft, django_capture_on_commit_callbacks) -> ArchivedDocument:
    with django_capture_on_commit_callbacks(execute=True):
        return services.sign_report(draft=draft, by=fresh(ward.officer))


def stored_bytes(archived) -> bytes:
    return bytes(
        ArchivedDocument.objects.values_list("content", flat=True).get(pk=archived.pk)
    )


def test_signing_archives_the_pdf_with_the_number_and_its_hash(ward, draft, signed):
    content = stored_bytes(signed)
    assert content.startswith(b"%PDF")
    assert signed.sha256 == hashlib.sha256(content).hexdigest()
    assert signed.size == len(content) and signed.version == 1
    text = squashed_pdf_text(content)
    assert "Số 1-BC/ĐUCA" in text
    assert "DỰ THẢO" not in text
    draft.refresh_from_db()
    assert draft.is_final and draft.signed_by == ward.officer
    # Signing again is refused with a Vietnamese message.
    with pytest.raises(services.ReportConflict, match="đã được ký"):
        services.sign_report(draft=draft, by=fresh(ward.officer))


def test_archived_document_never_changes(signed):
    with pytest.raises(TypeError):
        signed.save()
    with pytest.raises(TypeError):
        ArchivedDocument.objects.filter(pk=signed.pk).update(content=b"x")
    with pytest.raises(TypeError):
        signed.delete()
    with pytest.raises(TypeError):
        ArchivedDocument.objects.all().delete()


def test_standing_committee_and_office_are_told_once(ward, signed):
    url = reverse("reports:archive-detail", args=[signed.pk])
    for user in (ward.standing_member, ward.office_staff):
        notes = Notification.objects.filter(user=user)
        assert notes.count() == 1, user
        assert notes.get().url == url and "1-BC/ĐUCA" in notes.get().title
    assert not Notification.objects.filter(user=ward.officer).exists()
    assert not Notification.objects.filter(user=ward.secretary_a).exists()


def test_download_serves_exactly_the_archived_bytes(client, ward, signed):
    content = stored_bytes(signed)
    for user in (
        ward.standing_member,
        ward.office_staff,
        ward.officer,
        ward.police_staff,
    ):
        client.force_login(fresh(user))
        response = client.get(reverse("reports:archive-download", args=[signed.pk]))
        assert response.status_code == 200, user
        assert response.content == content
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"].startswith("attachment;")
        assert response["X-Content-Type-Options"] == "nosniff"
        assert hashlib.sha256(response.content).hexdigest() == signed.sha256
        detail = client.get(reverse("reports:archive-detail", args=[signed.pk]))
        assert signed.sha256 in detail.content.decode()
        listing = client.get(reverse("reports:archive-list")).content.decode()
        assert signed.sha256 in listing and "1-BC/ĐUCA" in listing


@pytest.mark.parametrize(
    "role", ["secretary_a", "member_a", "cleared_officer", "ward_member", "admin"]
)
def test_others_get_404(client, ward, signed, role):
    client.force_login(fresh(getattr(ward, role)))
    for name in ("reports:archive-detail", "reports:archive-download"):
        assert client.get(reverse(name, args=[signed.pk])).status_code == 404, name
    assert client.get(reverse("reports:archive-list")).status_code == 404


def test_another_wards_standing_committee_gets_404(client, signed):
    from tests.factories import make_org, make_user

    other = make_org("Đảng bộ phường Khác", kind="ward_committee", code="khac")
    standing = make_org("Ban Thường vụ Khác", kind="standing_committee", parent=other)
    user = make_user("other_standing", org=standing)
    client.force_login(user)
    for name in ("reports:archive-detail", "reports:archive-download"):
        assert client.get(reverse(name, args=[signed.pk])).status_code == 404, name
    listing = client.get(reverse("reports:archive-list"))
    assert listing.status_code == 200 and signed.sha256 not in listing.content.decode()


def test_reopen_makes_version_two_and_version_one_stays(
    client, ward, draft, signed, django_capture_on_commit_callbacks
):
    first = stored_bytes(signed)
    edit = reverse("reports:result-report-edit", args=[draft.pk])
    reopen = reverse("reports:result-report-reopen", args=[draft.pk])
    # The edit page shows the number and the hash; editors may reopen.
    client.force_login(fresh(ward.standing_member))
    page = client.get(edit).content.decode()
    assert "Số 1-BC/ĐUCA" in page and signed.sha256 in page and reopen not in page
    assert reverse("reports:archive-download", args=[signed.pk]) in page
    listing = client.get(reverse("reports:result-report-list")).content.decode()
    assert reverse("reports:archive-list") in listing
    assert reverse("reports:register-list") not in listing
    assert client.post(reopen).status_code == 403
    client.force_login(fresh(ward.police_staff))
    assert reopen in client.get(edit).content.decode()
    assert client.post(reopen).status_code == 302
    draft.refresh_from_db()
    assert not draft.is_final and draft.version == 2 and draft.signed_at is None
    client.post(edit, {"action": "save", "assessment": "Đánh giá đã sửa."})
    client.force_login(fresh(ward.officer))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reports:result-report-sign", args=[draft.pk]))
    assert response.status_code == 302
    second = ArchivedDocument.objects.get(draft=draft, version=2)
    assert second.register_entry.symbol == "2-BC/ĐUCA"
    assert "Số 2-BC/ĐUCA" in squashed_pdf_text(stored_bytes(second))
    assert second.sha256 != signed.sha256
    # Version 1 is still there, unchanged, downloadable with its hash.
    client.force_login(fresh(ward.standing_member))
    response = client.get(reverse("reports:archive-download", args=[signed.pk]))
    assert response.content == first
    assert hashlib.sha256(response.content).hexdigest() == signed.sha256
    page = client.get(
        reverse("reports:archive-detail", args=[second.pk])
    ).content.decode()
    assert "Phiên bản 1: số 1-BC/ĐUCA" in page and "Phiên bản 2: số 2-BC/ĐUCA" in page
    # Reopening a draft is refused.
    with pytest.raises(services.ReportConflict):
        services.reopen_report(
            draft=ReportDraft.objects.create(
                ward=ward.root, year=2025, created_by=ward.officer
            ),
            by=fresh(ward.officer),
        )


def test_archive_filters_and_bad_values(client, ward, signed):
    client.force_login(fresh(ward.standing_member))
    url = reverse("reports:archive-list")
    for params in ({"year": "abc"}, {"round": "999999"}, {"ward": "x"}, {"page": "z"}):
        response = client.get(url, params)
        assert response.status_code == 200, params
        page = response.content.decode()
        if "page" not in params:
            assert "field__error" in page, params
        assert signed.sha256 in page  # an invalid filter is ignored
    assert signed.sha256 in client.get(url, {"year": 2026}).content.decode()
    assert signed.sha256 in client.get(url, {"ward": ward.root.pk}).content.decode()
    # A year without documents is not offered: shown as an error, ignored.
    page = client.get(url, {"year": 2025}).content.decode()
    assert "field__error" in page and signed.sha256 in page


def _archive(ward, draft, n: int) -> None:
    """``n`` archived versions without rendering (the page never reads the
    bytes)."""
    start = draft.archived_documents.count()
    for version in range(start + 1, start + n + 1):
        with transaction.atomic():
            entry = register.take_number(
                organization=ward.police,
                type_code="BC",
                subject="Báo cáo",
                signer=ward.officer,
            )
            doc = ArchivedDocument(
                draft=draft,
                version=version,
                content=b"%PDF-fake " + bytes([version]),
                filename=f"{version}.pdf",
                created_by=ward.officer,
            )
            doc.save()
            entry.document = doc
            entry.save(update_fields=["document"])


def test_archive_page_queries_do_not_grow(client, ward, draft):
    client.force_login(fresh(ward.standing_member))
    url = reverse("reports:archive-list")

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    _archive(ward, draft, 1)
    count()  # warm the per-process caches
    one = count()
    other = ReportDraft.objects.create(
        ward=ward.root, year=2025, created_by=ward.officer
    )
    _archive(ward, draft, 3)
    _archive(ward, other, 2)
    RegisterEntry.objects.filter(number=3).update(status="cancelled")
    assert count() == one
    assert ArchivedDocument.objects.count() == 6


def test_postgresql_refuses_to_change_an_archived_document(signed):
    from django.db import DatabaseError

    if connection.vendor != "postgresql":
        pytest.skip("the trigger is PostgreSQL's")
    for sql in (
        "UPDATE reports_archiveddocument SET sha256 = 'x' WHERE id = %s",
        "DELETE FROM reports_archiveddocument WHERE id = %s",
    ):
        with (
            pytest.raises(DatabaseError, match="never change"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql, [signed.pk])
    assert ArchivedDocument.objects.filter(pk=signed.pk, sha256=signed.sha256).exists()
