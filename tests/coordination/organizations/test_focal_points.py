"""Focal points (đầu mối, ward Điều 12.1 / province Điều 8.1): one per
organisation at a time (database and services), the directory every member of
the ward reads, and the admin's column, warning and refusal."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import localize_input

from coordination.models import Membership, Organization, Term
from coordination.organizations import services
from tests.factories import make_org, make_user

Pos = Membership.Position
Kind = Organization.Kind
DIRECTORY = "coordination:focal-point-directory"


def _focal(ward):
    return Membership.objects.get(user=ward.deputy_a, organization=ward.cell_a)


# --- One focal point at a time ------------------------------------------------------


def test_a_second_open_focal_point_is_refused_by_the_database(ward):
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(
            user=ward.member_a,
            organization=ward.cell_a,
            position=Pos.MEMBER,
            is_focal_point=True,
        )


def test_service_refuses_an_overlapping_dated_focal_point(ward):
    first = make_user("focal_b_first", full_name="Nguyễn Văn Đầu Mối")
    services.start_membership(
        user=first,
        organization=ward.cell_b,
        position=Pos.DEPUTY_SECRETARY,
        is_focal_point=True,
        start_date=datetime.date(2026, 1, 1),
        end_date=datetime.date(2026, 7, 1),
    )
    second = make_user("focal_b_second")
    with pytest.raises(ValidationError) as refused:
        services.start_membership(
            user=second,
            organization=ward.cell_b,
            position=Pos.COMMITTEE_MEMBER,
            is_focal_point=True,
            start_date=datetime.date(2026, 6, 30),
            end_date=datetime.date(2026, 12, 31),
        )
    message = refused.value.messages[0]
    assert ward.cell_b.name in message
    assert "Nguyễn Văn Đầu Mối" in message
    assert "01/01/2026" in message and "01/07/2026" in message
    assert "chỉ có một đầu mối" in message
    assert not Membership.objects.filter(user=second).exists()

    # end_date is exclusive: the next focal point may start on that day.
    services.start_membership(
        user=second,
        organization=ward.cell_b,
        position=Pos.COMMITTEE_MEMBER,
        is_focal_point=True,
        start_date=datetime.date(2026, 7, 1),
        government_post="Trưởng ban Công tác Mặt trận",
    )
    # ... and an earlier term that ended when the first began is fine too.
    services.start_membership(
        user=make_user("focal_b_earlier"),
        organization=ward.cell_b,
        position=Pos.MEMBER,
        is_focal_point=True,
        start_date=datetime.date(2025, 1, 1),
        end_date=datetime.date(2026, 1, 1),
    )
    assert (
        Membership.objects.filter(organization=ward.cell_b, is_focal_point=True).count()
        == 3
    )


def test_service_refuses_a_focal_point_while_one_is_in_office(ward):
    """Without the check the database would answer with an IntegrityError (a
    500); a future-dated one would even slip through the open-only constraint."""
    for start, end in [
        (None, None),
        (timezone.localdate() + datetime.timedelta(days=30), None),
        (datetime.date(2030, 1, 1), datetime.date(2030, 6, 1)),
    ]:
        with pytest.raises(ValidationError) as refused:
            services.start_membership(
                user=ward.member_a,
                organization=ward.cell_a,
                position=Pos.MEMBER,
                is_focal_point=True,
                start_date=start,
                end_date=end,
            )
        message = refused.value.messages[0]
        assert ward.cell_a.name in message and "Deputy A" in message
        assert "đang đảm nhiệm" in message
    with pytest.raises(ValidationError):
        services.change_membership(
            membership=Membership.objects.get(
                user=ward.member_a, organization=ward.cell_a
            ),
            is_focal_point=True,
        )
    assert Membership.objects.current().get(user=ward.member_a).position == Pos.MEMBER


def test_change_of_position_keeps_the_government_post(ward):
    focal = _focal(ward)
    Membership.objects.filter(pk=focal.pk).update(government_post="Phó Chủ tịch UBND")
    new = services.change_membership(
        membership=focal, position=Pos.SECRETARY, is_focal_point=True
    )
    assert new.is_focal_point and new.government_post == "Phó Chủ tịch UBND"


# --- The directory ------------------------------------------------------------------


def test_directory_shows_focal_point_with_phone_and_government_post(client, ward):
    Membership.objects.filter(pk=_focal(ward).pk).update(
        government_post="Phó Chủ tịch UBND phường"
    )
    ward.deputy_a.phone = "0912 345 678"
    ward.deputy_a.save()
    ward.secretary_a.phone = "0987 000 111"
    ward.secretary_a.save()
    client.force_login(ward.member_a)  # a plain member of the ward may read it
    response = client.get(reverse(DIRECTORY))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Danh bạ đầu mối" in body
    assert "Deputy A" in body and "Phó Chủ tịch UBND phường" in body
    assert 'href="tel:0912345678"' in body and "0912 345 678" in body
    assert "deputy_a@example.test" in body
    assert "0987 000 111" in body  # the cell's secretary, with phone
    for org in (ward.standing, ward.office, ward.police, ward.cell_b, ward.cell_c):
        assert org.name in body
    assert ward.root.name in body
    # Organisations without a focal point are marked.
    entries = {e.organization: e for w in response.context["wards"] for e in w.entries}
    assert set(entries) == {
        ward.standing,
        ward.office,
        ward.police,
        ward.cell_a,
        ward.cell_b,
        ward.cell_c,
    }
    assert [m.user for m in entries[ward.cell_a].focal_points] == [ward.deputy_a]
    assert [m.user for m in entries[ward.cell_a].leaders] == [
        ward.secretary_a,
        ward.deputy_a,
    ]
    assert entries[ward.cell_b].focal_points == []
    assert body.count("Chưa có đầu mối") == 5
    # Only the police and cell side must name one (the warning counts those).
    assert "3 tổ chức chưa có đầu mối" in body


def test_directory_leaves_out_ended_focal_points_and_inactive_organisations(
    client, ward
):
    services.end_membership(membership=_focal(ward))
    closed = make_org("Chi bộ đã giải thể", parent=ward.root)
    closed.is_active = False
    services.update_organization(organization=closed)
    client.force_login(ward.secretary_a)
    body = client.get(reverse(DIRECTORY)).content.decode()
    assert "Chi bộ đã giải thể" not in body
    entry = next(
        e
        for w in client.get(reverse(DIRECTORY)).context["wards"]
        for e in w.entries
        if e.organization == ward.cell_a
    )
    assert entry.focal_points == []


@pytest.fixture
def other_ward(db):
    root = make_org("Đảng bộ phường Bên Kia", kind=Kind.WARD_COMMITTEE, code="bk")
    police = make_org(
        "Đảng ủy Công an phường Bên Kia", kind=Kind.POLICE_COMMITTEE, parent=root
    )
    cell = make_org("Chi bộ Bên Kia số 1", parent=root, code="bk-1")
    focal = make_user(
        "focal_ben_kia",
        org=cell,
        position=Pos.DEPUTY_SECRETARY,
        focal=True,
        full_name="Trần Thị Bên Kia",
        phone="0999 888 777",
    )
    return root, police, cell, focal


def test_a_user_of_one_ward_never_sees_another_wards_directory(
    client, ward, other_ward
):
    root_b, police_b, cell_b, focal_b = other_ward
    for user in (ward.secretary_a, ward.standing_member, ward.office_staff):
        client.force_login(user)
        body = client.get(reverse(DIRECTORY)).content.decode()
        assert ward.cell_a.name in body
        for leaked in (root_b.name, police_b.name, cell_b.name, "Trần Thị Bên Kia"):
            assert leaked not in body, (user, leaked)
        assert "0999 888 777" not in body
    client.force_login(focal_b)
    body = client.get(reverse(DIRECTORY)).content.decode()
    assert cell_b.name in body and "0999 888 777" in body
    assert ward.cell_a.name not in body and "Deputy A" not in body
    # The administrator sees every tree.
    client.force_login(ward.admin)
    wards = client.get(reverse(DIRECTORY)).context["wards"]
    assert {w.root for w in wards} >= {ward.root, root_b}


def test_a_user_with_no_membership_sees_an_explanatory_empty_page(client, ward):
    client.force_login(make_user("nobody"))
    response = client.get(reverse(DIRECTORY))
    assert response.status_code == 200
    assert response.context["wards"] == []
    body = response.content.decode()
    assert "chưa có danh bạ đầu mối để xem" in body
    assert ward.cell_a.name not in body


def test_anonymous_is_sent_to_login(client, ward):
    url = reverse(DIRECTORY)
    assert url == "/to-chuc/dau-moi/"
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_every_logged_in_user_has_the_menu_link(client, ward):
    for user in (ward.member_a, ward.officer, ward.admin):
        client.force_login(user)
        body = client.get(reverse("accounts:home")).content.decode()
        assert f'href="{reverse(DIRECTORY)}"' in body and "Đầu mối liên hệ" in body


def _add_cells(root, count, start):
    for n in range(start, start + count):
        cell = make_org(f"Chi bộ đếm {n:02d}", parent=root, code=f"dem-{n}")
        make_user(f"bithu_dem_{n}", org=cell, phone=f"0900 000 {n:03d}")
        make_user(
            f"daumoi_dem_{n}",
            org=cell,
            position=Pos.DEPUTY_SECRETARY,
            focal=True,
            phone=f"0911 000 {n:03d}",
        )


def test_directory_query_count_does_not_grow_with_organisations(client, db):
    root = make_org("Đảng bộ phường Đếm", kind=Kind.WARD_COMMITTEE, code="dem")
    _add_cells(root, 3, 0)
    reader = make_user(
        "reader", org=Organization.objects.get(code="dem-0"), position=Pos.MEMBER
    )
    client.force_login(reader)
    url = reverse(DIRECTORY)
    client.get(url)  # the first request of the day syncs dated memberships
    with CaptureQueriesContext(connection) as three:
        response = client.get(url)
    assert len(response.context["wards"][0].entries) == 3
    _add_cells(root, 12, 3)
    with CaptureQueriesContext(connection) as fifteen:
        response = client.get(url)
    entries = response.context["wards"][0].entries
    assert len(entries) == 15
    assert all(e.focal_points and e.leaders for e in entries)
    assert "0911 000 014" in response.content.decode()
    assert len(fifteen) == len(three), [q["sql"] for q in fifteen.captured_queries]


# --- Admin --------------------------------------------------------------------------


def test_admin_changelist_shows_focal_points_and_warns_about_missing_ones(client, ward):
    client.force_login(ward.admin)
    response = client.get(reverse("admin:coordination_organization_changelist"))
    assert response.status_code == 200
    warnings = [
        str(m) for m in get_messages(response.wsgi_request) if m.level_tag == "warning"
    ]
    assert len(warnings) == 1
    warning = warnings[0]
    assert "chưa có đầu mối" in warning
    for org in (ward.police, ward.cell_b, ward.cell_c):
        assert org.name in warning
    assert ward.cell_a.name not in warning  # its focal point is Deputy A
    assert ward.standing.name not in warning  # oversight needs no focal point
    body = response.content.decode()
    assert "Deputy A" in body and "— chưa có —" in body
    assert warning.startswith("3 tổ chức")
    rows = {o.pk: o for o in response.context["cl"].result_list}
    assert rows[ward.cell_a.pk].focal_point_name == "Deputy A"
    assert rows[ward.cell_b.pk].focal_point_name is None
    # The list filter shows them all.
    url = reverse("admin:coordination_organization_changelist")
    shown = set(client.get(url, {"dau_moi": "chua"}).context["cl"].result_list)
    assert {ward.police, ward.cell_b, ward.cell_c} <= shown
    assert ward.cell_a not in shown
    shown = set(client.get(url, {"dau_moi": "co"}).context["cl"].result_list)
    assert shown == {ward.cell_a}


def test_admin_warning_names_the_first_twenty_and_counts_the_rest(client, ward):
    for n in range(25):
        make_org(f"Chi bộ chưa có đầu mối {n:02d}", parent=ward.root)
    client.force_login(ward.admin)
    response = client.get(reverse("admin:coordination_organization_changelist"))
    (warning,) = [
        str(m) for m in get_messages(response.wsgi_request) if m.level_tag == "warning"
    ]
    assert warning.startswith("28 tổ chức")
    assert "và 8 tổ chức khác" in warning
    listed = warning.split("): ", 1)[1].split(" và 8 tổ chức khác")[0]
    assert len(listed.split(", ")) == 20


def test_admin_changelist_queries_do_not_grow_with_organisations(client, ward):
    client.force_login(ward.admin)
    url = reverse("admin:coordination_organization_changelist")
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    _add_cells(ward.root, 10, 0)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert response.context["cl"].result_count >= 17
    assert "Daumoi Dem 9" in response.content.decode()  # the focal point column
    assert len(many) == len(few)


def _membership_add(client, **fields):
    data = {
        "user": fields.pop("user").pk,
        "organization": fields.pop("organization").pk,
        "position": fields.pop("position", Pos.MEMBER),
        "government_post": fields.pop("government_post", ""),
        "start_date": localize_input(fields.pop("start_date", timezone.localdate())),
        "note": "",
    }
    end = fields.pop("end_date", None)
    data["end_date"] = localize_input(end) if end else ""
    if fields.pop("is_focal_point", False):
        data["is_focal_point"] = "on"
    assert not fields
    return client.post(reverse("admin:coordination_membership_add"), data)


def test_admin_refuses_a_second_focal_point_with_the_message(client, ward):
    client.force_login(ward.admin)
    before = Membership.objects.count()
    # Open-ended: the DB constraint would also catch it, but with no name.
    response = _membership_add(
        client, user=ward.member_a, organization=ward.cell_a, is_focal_point=True
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    body = response.content.decode()
    assert "is_focal_point" in errors
    assert ward.cell_a.name in body and "Deputy A" in body
    assert "chỉ có một đầu mối" in body
    assert "Tổ chức này đã có đầu mối đang đảm nhiệm" not in body  # said once
    # Dated, starting later but before Deputy A's term ends (it has no end):
    # no database constraint catches this one.
    response = _membership_add(
        client,
        user=ward.member_a,
        organization=ward.cell_a,
        is_focal_point=True,
        start_date=datetime.date(2031, 1, 1),
        end_date=datetime.date(2031, 6, 1),
    )
    assert response.status_code == 200
    assert "Deputy A" in str(response.context["adminform"].form.errors)
    assert Membership.objects.count() == before
    # Elsewhere, with a government post: saved.
    response = _membership_add(
        client,
        user=ward.member_a,
        organization=ward.cell_b,
        position=Pos.DEPUTY_SECRETARY,
        is_focal_point=True,
        government_post="Phó Chủ tịch UBND phường",
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    saved = Membership.objects.get(user=ward.member_a, organization=ward.cell_b)
    assert saved.is_focal_point and saved.government_post == "Phó Chủ tịch UBND phường"


def test_admin_edits_a_focal_point_without_tripping_over_itself(client, ward):
    client.force_login(ward.admin)
    focal = _focal(ward)
    url = reverse("admin:coordination_membership_change", args=[focal.pk])
    page = client.get(url)
    assert "government_post" in page.context["adminform"].form.fields
    response = client.post(
        url,
        {
            "user": focal.user_id,
            "organization": focal.organization_id,
            "position": focal.position,
            "is_focal_point": "on",
            "government_post": "Phó Trưởng Công an phường",
            "start_date": localize_input(focal.start_date),
            "end_date": "",
            "note": "",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    focal.refresh_from_db()
    assert focal.government_post == "Phó Trưởng Công an phường"
    changelist = client.get(reverse("admin:coordination_membership_changelist"))
    assert "Phó Trưởng Công an phường" in changelist.content.decode()


def test_term_admin_lists_and_searches_terms(client, ward):
    Term.objects.create(
        organization=ward.root,
        start_year=2025,
        end_year=2030,
        name="Nhiệm kỳ 2025–2030",
    )
    client.force_login(ward.admin)
    url = reverse("admin:coordination_term_changelist")
    response = client.get(url, {"q": "2025–2030"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Nhiệm kỳ 2025–2030" in body and ward.root.name in body
    assert client.get(reverse("admin:coordination_term_add")).status_code == 200
