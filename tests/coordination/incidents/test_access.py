"""Access to incidents: the role × URL × method matrix (T02), another
organisation's objects by id (T03), lists and counts (T04), extra posted
fields (T05), classified incidents and the uncleared (T06)."""

from __future__ import annotations

import datetime

import pytest
from django.db import transaction
from django.urls import URLPattern, reverse
from django.utils import timezone

from coordination.incidents import services
from coordination.incidents import urls as incident_urls
from coordination.models import (
    ActionItem,
    Incident,
    IncidentAddressee,
    IncidentAttachment,
    IncidentEvent,
)
from coordination.permissions import visible_incidents
from tests.factories import make_user

from .access_table import ANON, ROLES, ROWS
from .test_views import fresh, make_incident, pdf

SECRET_WORDS = ["Đối tượng mật X", "mat-x.pdf"]


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def build_scene(ward) -> dict:
    sa = fresh(ward.secretary_a)
    draft = make_incident(ward, send=False, title="Dự thảo của chi bộ A")
    services.save_attachment(incident=draft, file=pdf("nhap.pdf"), by=sa)
    reported = make_incident(ward, title="Đã báo cáo", files=[pdf()])
    directed = make_incident(ward, title="Đã chỉ đạo")
    services.direct_incident(
        incident=directed,
        by=fresh(ward.standing_member),
        text="Chỉ đạo",
        items=[(ward.cell_a, "Nắm tình hình", timezone.localdate())],
    )
    secret = make_incident(
        ward,
        by=ward.cleared_officer,
        reporter=ward.police,
        kind=Incident.Kind.POLICE_REPORT,
        cells=[ward.cell_a],
        title=SECRET_WORDS[0],
        confidentiality=1,
        files=[pdf(SECRET_WORDS[1])],
    )
    objs = {"draft": draft, "reported": reported, "directed": directed}
    objs["secret"] = secret
    for key in ("draft", "reported", "secret"):
        objs[f"{key}:attachment"] = IncidentAttachment.objects.get(incident=objs[key])
    objs["directed:item"] = ActionItem.objects.get(incident=directed)
    return objs


def _user_for(ward, role):
    if role == "anon":
        return None
    if role == "inactive":
        user = make_user("inactive_a", org=ward.cell_a)
        user.is_active = False
        user.save()
        return user
    return getattr(ward, role)


def _fill(data, ward, obj) -> dict:
    started = timezone.localtime() - datetime.timedelta(hours=1)
    values = {
        "version": getattr(obj, "version", ""),
        "cell_a": ward.cell_a.pk,
        "started": started.strftime("%Y-%m-%dT%H:%M"),
    }
    return {k: v.format(**values) for k, v in (data or {}).items()}


def _written() -> tuple[int, int]:
    return IncidentEvent.objects.count(), Incident.objects.count()


ROW_IDS = [f"{r[0].split(':')[1]}-{r[1]}-{r[2].get('action', '')}-{r[3]}" for r in ROWS]


@pytest.mark.parametrize("row", ROWS, ids=ROW_IDS)
def test_access_matrix(client, ward, row):
    name, key, extra, method, data, expected = row
    objs = build_scene(ward)
    kwargs = dict(extra)
    if key:
        kwargs["pk"] = objs[key].pk
    url = reverse(name, kwargs=kwargs)
    post = _fill(data, ward, objs.get(key.split(":")[0]) if key else None)
    wrong = []
    for role in ROLES:
        with transaction.atomic():
            client.logout()
            user = _user_for(ward, role)
            if user is not None:
                client.force_login(user)
            before = _written()
            response = client.post(url, post) if method == "POST" else client.get(url)
            status = response.status_code
            if status != expected[role]:
                wrong.append((role, status, expected[role]))
            elif method == "POST" and status == 302 and role not in ANON:
                if _written() == before:
                    wrong.append((role, "302 without a change"))
            elif method == "POST" and _written() != before:
                wrong.append((role, status, "wrote something"))
            if role in ANON:
                assert response["Location"].startswith(reverse("accounts:login"))
            transaction.set_rollback(True)
    assert not wrong, (url, method, wrong)


def test_every_incident_route_has_a_row():
    covered = {row[0] for row in ROWS}
    names = {
        f"coordination:{p.name}"
        for p in incident_urls.urlpatterns
        if isinstance(p, URLPattern)
    }
    assert names - covered == set()
    for row in ROWS:
        assert set(row[5]) == set(ROLES), row[:4]


# --- T03 ------------------------------------------------------------------------------------


def test_another_organisations_incident_is_404_and_nothing_changes(client, ward):
    objs = build_scene(ward)
    client.force_login(ward.secretary_b)
    before = _written()
    for key in ("draft", "reported", "directed", "secret"):
        incident = objs[key]
        assert client.get(incident.get_absolute_url()).status_code == 404
        for action, data in [
            ("report", {}),
            ("acknowledge", {}),
            ("update", {"body": "x"}),
            ("close", {"outcome": "x"}),
        ]:
            url = reverse("coordination:incident-action", args=[incident.pk, action])
            assert client.post(url, data).status_code == 404
    item = objs["directed:item"]
    url = reverse("coordination:incident-item-done", args=[item.pk])
    assert client.post(url, {"note": "x"}).status_code == 404
    for key in ("draft:attachment", "reported:attachment"):
        url = reverse("coordination:incident-attachment-download", args=[objs[key].pk])
        assert client.get(url).status_code == 404
    assert (
        client.get(reverse("coordination:incident-detail", args=[999999])).status_code
        == 404
    )
    assert _written() == before
    item.refresh_from_db()
    assert item.done_at is None


# --- T04 ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "role", ["secretary_b", "member_a", "police_staff", "standing_member", "admin"]
)
def test_list_only_shows_what_the_user_can_open(client, ward, role):
    objs = build_scene(ward)
    make_incident(ward, by=ward.secretary_b, reporter=ward.cell_b, title="Của chi bộ B")
    user = fresh(getattr(ward, role))
    visible = set(visible_incidents(user).values_list("pk", flat=True))
    client.force_login(user)
    url = reverse("coordination:incident-list")
    for query in (
        "",
        "?state=draft",
        "?state=reported",
        f"?organization={ward.cell_a.pk}",
    ):
        response = client.get(url + query)
        shown = {i.pk for i in response.context["page"].object_list}
        assert shown <= visible, query
        assert response.context["page"].paginator.count <= len(visible)
    body = client.get(url).content.decode()
    for key in ("draft", "secret"):
        if objs[key].pk not in visible:
            assert f'data-incident="{objs[key].pk}"' not in body
    # The reporter filter offers only organisations with a visible incident.
    offered = {
        pk for pk, _l in response.context["filter"].fields["organization"].choices
    }
    reporters = set(
        Incident.objects.filter(pk__in=visible).values_list("reporter_id", flat=True)
    )
    assert offered - {""} == reporters


def test_home_page_pending_items_only_for_the_organisations(client, ward):
    objs = build_scene(ward)
    client.force_login(ward.secretary_b)
    body = client.get(reverse("accounts:home")).content.decode()
    for key in ("reported", "directed", "secret"):
        assert objs[key].get_absolute_url() not in body


# --- T05 ------------------------------------------------------------------------------------


def test_extra_posted_fields_are_ignored(client, ward):
    client.force_login(ward.secretary_a)
    started = timezone.localtime() - datetime.timedelta(hours=1)
    client.post(
        reverse("coordination:incident-create"),
        {
            "reporter": ward.cell_a.pk,
            "kind": "cell_report",
            "title": "Tình huống",
            "description": "Diễn biến",
            "place": "Chợ",
            "started_at": started.strftime("%Y-%m-%dT%H:%M"),
            "severity": "1",
            "confidentiality": "0",
            "state": "closed",
            "created_by": ward.standing_member.pk,
            "reported_at": "2020-01-01T00:00",
            "outcome": "xong",
            "addressees": [ward.cell_b.pk],
            "version": "99",
        },
    )
    incident = Incident.objects.get()
    assert incident.state == Incident.State.DRAFT
    assert incident.created_by == ward.secretary_a
    assert incident.reported_at is None and incident.outcome == ""
    assert incident.version == 1
    assert not IncidentAddressee.objects.filter(organization=ward.cell_b).exists()
    url = reverse("coordination:incident-action", args=[incident.pk, "update"])
    client.post(url, {"body": "x", "state": "closed", "reporter": ward.cell_b.pk})
    incident.refresh_from_db()
    assert incident.state == Incident.State.DRAFT  # update is not for drafts
    assert incident.reporter == ward.cell_a


def test_confidentiality_above_clearance_is_refused(client, ward):
    client.force_login(ward.secretary_a)
    started = timezone.localtime() - datetime.timedelta(hours=1)
    response = client.post(
        reverse("coordination:incident-create"),
        {
            "reporter": ward.cell_a.pk,
            "kind": "cell_report",
            "title": "Tình huống",
            "description": "Diễn biến",
            "place": "Chợ",
            "started_at": started.strftime("%Y-%m-%dT%H:%M"),
            "severity": "1",
            "confidentiality": "2",
        },
    )
    assert response.status_code == 200
    assert not Incident.objects.exists()


# --- T06 ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "role",
    ["secretary_a", "deputy_a", "officer", "police_staff", "standing_member", "admin"],
)
def test_classified_incident_never_shown_to_the_uncleared(client, ward, role):
    objs = build_scene(ward)
    secret = objs["secret"]
    client.force_login(getattr(ward, role))
    pages = [
        reverse("coordination:incident-list"),
        reverse("coordination:incident-list") + "?state=reported",
        reverse("accounts:home"),
        reverse("coordination:notification-list"),
    ]
    for url in pages:
        body = client.get(url).content.decode()
        for word in SECRET_WORDS:
            assert word not in body, (url, word)
        assert f'data-incident="{secret.pk}"' not in body
    assert client.get(secret.get_absolute_url()).status_code == 404


def test_classified_incident_shown_to_the_cleared(client, ward):
    objs = build_scene(ward)
    client.force_login(ward.cleared_officer)
    body = client.get(objs["secret"].get_absolute_url()).content.decode()
    assert SECRET_WORDS[0] in body
    listing = client.get(reverse("coordination:incident-list")).content.decode()
    assert f'data-incident="{objs["secret"].pk}"' in listing
