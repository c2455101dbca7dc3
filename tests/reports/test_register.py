"""The outgoing register (sổ đăng ký văn bản đi): numbers per organisation,
type and year, taken at signing ("1-BC/ĐUCA", then "2-BC/ĐUCA"), never
reused (a cancelled number stays with its reason), two signings at once
never get the same number; the register page and its cancel form."""

from __future__ import annotations

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from reports import register, services
from reports.models import (
    ArchivedDocument,
    RegisterCounter,
    RegisterEntry,
    ReportDraft,
)
from reports.pdf import missing_fonts
from tests.coordination.requests.test_race import _race, concurrent_db  # noqa: F401
from tests.factories import make_org, make_user

from .conftest import fresh

pytestmark = pytest.mark.skipif(
    bool(missing_fonts()), reason="fonts-liberation2 not installed"
)


def make_draft(ward, year: int) -> ReportDraft:
    return ReportDraft.objects.create(
        ward=ward.root, year=year, created_by=ward.officer, assessment="Đánh giá."
    )


def sign(ward, draft) -> ArchivedDocument:
    return services.sign_report(draft=draft, by=fresh(ward.officer))


@pytest.mark.django_db
def test_numbers_run_one_two_and_a_cancelled_one_is_not_reused(client, ward):
    first = sign(ward, make_draft(ward, 2025))
    entry = first.register_entry
    year = timezone.localdate().year
    assert (entry.number, entry.year, entry.type_code) == (1, year, "BC")
    assert entry.symbol == "1-BC/ĐUCA"
    assert entry.organization == ward.police and entry.signer == ward.officer
    assert entry.document == first and entry.status == RegisterEntry.Status.ISSUED

    client.force_login(fresh(ward.officer))
    response = client.post(
        reverse("reports:register-cancel", args=[entry.pk]),
        {"reason": "Ký nhầm kỳ báo cáo."},
    )
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.is_cancelled and entry.cancel_reason == "Ký nhầm kỳ báo cáo."
    assert entry.cancelled_by == ward.officer and entry.cancelled_at is not None

    second = sign(ward, make_draft(ward, 2026)).register_entry
    assert second.symbol == "2-BC/ĐUCA"
    # The cancelled number stays in the register.
    assert list(
        RegisterEntry.objects.filter(organization=ward.police)
        .order_by("number")
        .values_list("number", "status")
    ) == [(1, "cancelled"), (2, "issued")]


@pytest.mark.django_db
def test_numbers_restart_per_organisation_type_and_year(ward):
    other_police = make_org(
        "Đảng ủy Công an phường Khác",
        kind="police_committee",
        parent=make_org("Đảng bộ phường Khác", kind="ward_committee", code="k"),
    )
    signer = make_user("other_secretary", org=other_police)
    with transaction.atomic():
        a = register.take_number(
            organization=ward.police, type_code="BC", subject="A", signer=signer
        )
        b = register.take_number(
            organization=ward.police, type_code="TB", subject="B", signer=signer
        )
        c = register.take_number(
            organization=other_police, type_code="BC", subject="C", signer=signer
        )
        d = register.take_number(
            organization=ward.police,
            type_code="BC",
            subject="D",
            signer=signer,
            date=timezone.localdate().replace(year=2030),
        )
        e = register.take_number(
            organization=ward.police, type_code="BC", subject="E", signer=signer
        )
    assert [x.number for x in (a, b, c, d, e)] == [1, 1, 1, 1, 2]
    assert (b.symbol, e.symbol) == ("1-TB/ĐUCA", "2-BC/ĐUCA")


@pytest.mark.django_db
def test_a_register_without_counter_starts_after_its_highest_number(ward):
    RegisterEntry.objects.create(
        organization=ward.police,
        type_code="BC",
        year=timezone.localdate().year,
        number=7,
        symbol="7-BC/ĐUCA",
        date=timezone.localdate(),
        subject="Ghi tay",
        signer=ward.officer,
    )
    with transaction.atomic():
        entry = register.take_number(
            organization=ward.police, type_code="BC", subject="X", signer=ward.officer
        )
    assert entry.number == 8


@pytest.mark.django_db
def test_rolled_back_signing_takes_no_number(ward, monkeypatch):
    def broken(doc):
        raise RuntimeError("render failed")

    monkeypatch.setattr("reports.pdf.render_pdf", broken)
    draft = make_draft(ward, 2026)
    with pytest.raises(services.ReportError, match="chưa cấp số"):
        sign(ward, draft)
    assert not RegisterEntry.objects.exists()
    draft.refresh_from_db()
    assert not draft.is_final
    monkeypatch.undo()
    assert sign(ward, draft).register_entry.number == 1


@pytest.mark.django_db
def test_cancel_needs_the_secretary_and_a_reason(client, ward):
    entry = sign(ward, make_draft(ward, 2026)).register_entry
    url = reverse("reports:register-cancel", args=[entry.pk])
    client.force_login(fresh(ward.police_staff))  # sees the register, not secretary
    assert client.post(url, {"reason": "Lý do"}).status_code == 403
    client.force_login(fresh(ward.standing_member))  # does not see it
    assert client.post(url, {"reason": "Lý do"}).status_code == 404
    client.force_login(fresh(ward.officer))
    response = client.post(url, {"reason": "   "}, follow=True)
    assert "Xin ghi lý do hủy số." in response.content.decode()
    entry.refresh_from_db()
    assert not entry.is_cancelled
    with pytest.raises(register.RegisterError):
        register.cancel_number(entry=entry, by=fresh(ward.police_staff), reason="x")


@pytest.mark.django_db
def test_register_page(client, ward, outsider):
    entry = sign(ward, make_draft(ward, 2026)).register_entry
    register.cancel_number(
        entry=sign(ward, make_draft(ward, 2025)).register_entry,
        by=fresh(ward.officer),
        reason="Sai trích yếu <b>đậm</b>",
    )
    url = reverse("reports:register-list")
    for user in (ward.officer, ward.police_staff, ward.office_staff):
        client.force_login(fresh(user))
        page = client.get(url).content.decode()
        assert "1-BC/ĐUCA" in page and "2-BC/ĐUCA" in page, user
        assert entry.subject in page and "Báo cáo" in page
        assert "Sai trích yếu &lt;b&gt;đậm&lt;/b&gt;" in page
        assert "Đã hủy số" in page
        cancel = reverse("reports:register-cancel", args=[entry.pk])
        assert (cancel in page) == (user == ward.officer), user
    for user in (
        ward.standing_member,
        ward.secretary_a,
        ward.cleared_officer,
        ward.admin,
        outsider,
    ):
        client.force_login(fresh(user))
        assert client.get(url).status_code == 404, user
    client.force_login(fresh(ward.office_staff))
    response = client.get(url, {"year": "abc"})
    assert response.status_code == 200
    assert "field__error" in response.content.decode()
    assert "1-BC/ĐUCA" in client.get(url, {"year": entry.year}).content.decode()
    assert "1-BC/ĐUCA" not in client.get(url, {"year": 2001}).content.decode()


def _entries(ward, n: int) -> None:
    for _ in range(n):
        with transaction.atomic():
            register.take_number(
                organization=ward.police,
                type_code="BC",
                subject="Báo cáo",
                signer=ward.officer,
            )


@pytest.mark.django_db
def test_register_page_queries_do_not_grow(client, ward):
    client.force_login(fresh(ward.officer))
    url = reverse("reports:register-list")

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    _entries(ward, 1)
    count()  # warm the per-process caches (content types, session)
    one = count()
    _entries(ward, 4)
    RegisterEntry.objects.filter(number=2).update(
        status="cancelled", cancelled_by=ward.officer, cancel_reason="x"
    )
    assert count() == one


# --- Two signings at once ----------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("counter", [True, False], ids=["counter", "first-of-year"])
def test_two_drafts_signed_at_once_get_different_numbers(
    concurrent_db,  # noqa: F811
    ward,
    counter,
):
    """With the year's counter row there (both wait on its lock), and without
    (both create it: the loser meets the unique constraint and retries)."""
    if counter:
        RegisterCounter.objects.create(
            organization=ward.police, type_code="BC", year=timezone.localdate().year
        )
    drafts = [make_draft(ward, 2025), make_draft(ward, 2026)]
    results = _race(*[lambda d=d: sign(ward, d) for d in drafts])
    assert all(isinstance(r, ArchivedDocument) for r in results), results
    numbers = sorted(RegisterEntry.objects.values_list("number", flat=True))
    assert numbers == [1, 2]


@pytest.mark.django_db(transaction=True)
def test_the_same_draft_signed_twice_at_once_has_one_winner(concurrent_db, ward):  # noqa: F811
    draft = make_draft(ward, 2026)
    results = _race(lambda: sign(ward, draft), lambda: sign(ward, draft))
    errors = [r for r in results if isinstance(r, Exception)]
    assert len(errors) == 1, results
    assert isinstance(errors[0], services.ReportConflict)
    assert RegisterEntry.objects.count() == 1
    assert ArchivedDocument.objects.count() == 1
