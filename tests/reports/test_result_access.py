"""Who may open the report on the regulation's implementation: the ward's
police committee (every position), standing committee and office; the police
committee's secretary, deputies and support staff write, its secretary signs;
everyone else (the cells, the ward committee's members, the administrator,
another ward) finds nothing (404)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from reports.models import ReportDraft

from .conftest import fresh

READERS = {
    "officer",
    "cleared_officer",
    "police_staff",
    "standing_member",
    "office_staff",
}
WRITERS = {"officer", "police_staff"}
SIGNERS = {"officer"}
OTHERS = [
    "secretary_a",
    "deputy_a",
    "member_a",
    "staff_a",
    "secretary_b",
    "ward_member",
    "admin",
    "outsider",
]
ROLES = sorted(READERS) + OTHERS


@pytest.fixture
def draft(ward):
    return ReportDraft.objects.create(
        ward=ward.root, year=2026, created_by=ward.officer
    )


def user_of(ward, outsider, role):
    return outsider if role == "outsider" else getattr(ward, role)


def expected(role, allowed, refused=403) -> int:
    if role in allowed:
        return 200
    return refused if role in READERS else 404


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    "name",
    ["reports:result-report-edit", "reports:result-report-docx"],
)
def test_read(client, ward, outsider, draft, role, name):
    client.force_login(fresh(user_of(ward, outsider, role)))
    response = client.get(reverse(name, args=[draft.pk]))
    assert response.status_code == expected(role, READERS), role


@pytest.mark.parametrize("role", ROLES)
def test_pdf(client, ward, outsider, draft, role):
    from reports.pdf import missing_fonts

    if missing_fonts():
        pytest.skip("fonts-liberation2 not installed")
    client.force_login(fresh(user_of(ward, outsider, role)))
    response = client.get(reverse("reports:result-report-pdf", args=[draft.pk]))
    assert response.status_code == expected(role, READERS), role


@pytest.mark.parametrize("role", ROLES)
def test_write(client, ward, outsider, draft, role):
    client.force_login(fresh(user_of(ward, outsider, role)))
    response = client.post(
        reverse("reports:result-report-edit", args=[draft.pk]),
        {"action": "save", "assessment": "Đánh giá."},
    )
    status = 302 if role in WRITERS else expected(role, ())
    assert response.status_code == status, role


@pytest.mark.parametrize("role", ROLES)
def test_sign(client, ward, outsider, draft, role, django_capture_on_commit_callbacks):
    client.force_login(fresh(user_of(ward, outsider, role)))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reports:result-report-sign", args=[draft.pk]))
    status = 302 if role in SIGNERS else expected(role, ())
    assert response.status_code == status, role
    draft.refresh_from_db()
    assert draft.is_final == (role in SIGNERS)


@pytest.mark.parametrize("role", ROLES)
def test_sign_through_the_job_form(
    client, ward, outsider, draft, role, django_capture_on_commit_callbacks
):
    """The render-job form is no back door: a signing job for anyone but the
    secretary is refused before anything is queued."""
    client.force_login(fresh(user_of(ward, outsider, role)))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("reports:render-job-create"),
            {"kind": "sign", "object_id": draft.pk, "fmt": "pdf"},
        )
    status = 302 if role in SIGNERS else expected(role, ())
    assert response.status_code == status, role
    draft.refresh_from_db()
    assert draft.is_final == (role in SIGNERS)


@pytest.mark.parametrize("role", ROLES)
def test_create(client, ward, outsider, role):
    client.force_login(fresh(user_of(ward, outsider, role)))
    response = client.post(
        reverse("reports:result-report-create"), {"ward": ward.root.pk, "year": 2027}
    )
    status = 302 if role in WRITERS else expected(role, ())
    assert response.status_code == status, role


def test_anonymous_goes_to_login(client, draft):
    for name in (
        "reports:result-report-edit",
        "reports:result-report-pdf",
        "reports:result-report-docx",
    ):
        response = client.get(reverse(name, args=[draft.pk]))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))


def test_unknown_draft_is_404(client, ward):
    client.force_login(fresh(ward.officer))
    url = reverse("reports:result-report-edit", args=[999999])
    assert client.get(url).status_code == 404
