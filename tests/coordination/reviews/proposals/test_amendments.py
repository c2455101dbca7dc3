"""Amendment proposals (ward 12.3): a cell's leaders raise a difficulty citing
provisions of the version in force; the police committee compiles several
into one proposal; the standing committee accepts, which opens a new draft
version through the regulation's versions feature, with the amending
decision's number and date and the provisions linked. Items opened under the
old version keep it."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from coordination.models import Notification
from coordination.reviews.proposals import amendments
from coordination.reviews.proposals.models import AmendmentProposal
from coordination.reviews.services import ReviewError
from regulations import services as regulation_services
from regulations.models import Regulation

from ..conftest import schedule
from .conftest import cite, raise_item

DAY = datetime.date(2026, 12, 20)


def test_who_raises(ward, ward_regulation):
    assert raise_item(ward, ward_regulation).regulation == ward_regulation
    assert raise_item(ward, ward_regulation, by=ward.officer, org=ward.police)
    for user, org in [
        (ward.staff_a, ward.cell_a),
        (ward.member_a, ward.cell_a),
        (ward.secretary_b, ward.cell_a),
        (ward.standing_member, ward.standing),
    ]:
        with pytest.raises(ReviewError):
            raise_item(ward, ward_regulation, by=user, org=org)
    assert AmendmentProposal.objects.count() == 2


def test_only_provisions_of_the_version_in_force(ward, ward_regulation):
    province = Regulation.objects.get(code="qc-tinh-810-2023", status="in_force")
    with pytest.raises(ReviewError):
        amendments.raise_amendment(
            by=ward.secretary_a,
            organization=ward.cell_a,
            kind="difficulty",
            content="Vướng mắc",
            provisions=[province.provisions.first()],
        )


def test_compile_several_into_one(
    ward, ward_regulation, django_capture_on_commit_callbacks
):
    one = raise_item(ward, ward_regulation)
    two = raise_item(ward, ward_regulation, by=ward.secretary_b, org=ward.cell_b)
    with pytest.raises(ReviewError):
        amendments.compile_amendments(
            by=ward.secretary_a, ward=ward.root, items=[one], summary="x"
        )
    Notification.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        compilation = amendments.compile_amendments(
            by=ward.police_staff, ward=ward.root, items=[one, two], summary="Tổng hợp"
        )
    assert set(compilation.items.all()) == {one, two}
    told = set(Notification.objects.values_list("user__username", flat=True))
    assert told == {"standing_member"}
    with pytest.raises(ReviewError):  # already compiled
        amendments.compile_amendments(
            by=ward.officer, ward=ward.root, items=[one], summary="Lần nữa"
        )


def test_accepted_opens_a_new_draft_and_old_items_keep_their_version(
    client, ward, ward_regulation, amendment_scene
):
    cited = cite(ward_regulation, "d11-k1")
    meeting = schedule(ward, provision=cited)
    compilation = amendment_scene["compilation"]
    with pytest.raises(ReviewError):
        amendments.decide_amendments(
            compilation=compilation, by=ward.officer, accepted=True
        )
    with pytest.raises(ReviewError):  # number and date required
        amendments.decide_amendments(
            compilation=compilation, by=ward.standing_member, accepted=True
        )
    amendments.decide_amendments(
        compilation=compilation,
        by=ward.standing_member,
        accepted=True,
        decision_number="30-QĐ/ĐU",
        decision_date=DAY,
    )
    compilation.refresh_from_db()
    draft = compilation.new_version
    assert draft.status == "draft" and draft.version == ward_regulation.version + 1
    assert (draft.decision_number, draft.decision_date) == ("30-QĐ/ĐU", DAY)
    assert draft.supersedes == ward_regulation
    assert [(p.regulation, p.ref) for p in compilation.changed_provisions.all()] == [
        (draft, "d10-k2")
    ]
    # The amended text, then the standing committee approves the version.
    changed = compilation.changed_provisions.get()
    regulation_services.edit_provision(
        provision=changed,
        by=ward.admin,
        label=changed.label,
        title=changed.title,
        text=changed.text + " Thời hạn có thể kéo dài khi cần xác minh.",
    )
    regulation_services.approve_version(regulation=draft, by=ward.standing_member)
    item = amendment_scene["compiled"]
    item.refresh_from_db()
    meeting.refresh_from_db()
    assert item.regulation == ward_regulation
    assert [p.regulation for p in item.provisions.all()] == [ward_regulation]
    assert meeting.provision.regulation == ward_regulation
    assert amendment_scene["item"].regulation == ward_regulation
    client.force_login(ward.standing_member)
    url = reverse(
        "regulations:regulation-diff",
        kwargs={
            "code": draft.code,
            "old": ward_regulation.version,
            "new": draft.version,
        },
    )
    response = client.get(url)
    assert response.status_code == 200
    assert "kéo dài khi cần xác minh" in response.content.decode()


def test_rejected_opens_nothing(ward, ward_regulation, amendment_scene):
    versions = Regulation.objects.count()
    amendments.decide_amendments(
        compilation=amendment_scene["compilation"],
        by=ward.standing_member,
        accepted=False,
        note="Chưa cần sửa",
    )
    assert Regulation.objects.count() == versions
    # Compiling again needs new items: a rejected item stays compiled.
    with pytest.raises(ReviewError):
        amendments.compile_amendments(
            by=ward.officer,
            ward=ward.root,
            items=[amendment_scene["compiled"]],
            summary="x",
        )
