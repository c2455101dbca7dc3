"""'Việc đang chờ' for Chapter III: the action items an organisation owes
after a review, the citizens' opinions it must answer, the proposals and
compilations waiting for the body the user sits on, the difficulties waiting
for the police committee to compile them; each gone once done."""

from __future__ import annotations

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.pending import pending_items
from coordination.reviews.conference import services as conference
from coordination.reviews.pending import pending_review_items
from coordination.reviews.proposals import amendments, services

from ..conftest import add_item
from .conftest import raise_item

DAY = datetime.date(2026, 12, 20)


def titles(user) -> list[str]:
    return [item.title for item in pending_items(user)]


def test_action_item_owed_by_the_cell(ward, meeting):
    item = meeting.action_items.get()
    (owed,) = [
        i for i in pending_items(ward.secretary_a) if item.description in i.title
    ]
    assert owed.due == item.due_date and not owed.overdue
    assert owed.url == meeting.get_absolute_url()
    assert not any(item.description in t for t in titles(ward.secretary_b))
    item.done_at = timezone.now()
    item.save()
    assert not any(item.description in t for t in titles(ward.secretary_a))


def test_overdue_action_item_is_flagged(ward, meeting):
    late = add_item(ward, meeting, owner=ward.cell_b, text="Nộp danh sách", due=DAY)
    late.due_date = timezone.localdate() - datetime.timedelta(days=1)
    late.save()
    (owed,) = [i for i in pending_items(ward.secretary_b) if "Nộp danh sách" in i.title]
    assert owed.overdue


def test_proposal_waits_for_the_standing_committee(ward, proposal):
    assert any("Quyết định đề nghị" in t for t in titles(ward.standing_member))
    assert not any("Quyết định đề nghị" in t for t in titles(ward.ward_member))
    assert not any("Quyết định đề nghị" in t for t in titles(ward.secretary_a))
    services.decide(
        proposal=proposal,
        by=ward.standing_member,
        accepted=True,
        decision_number="12-QĐ/ĐU",
        decision_date=DAY,
    )
    assert not any("Quyết định đề nghị" in t for t in titles(ward.standing_member))


def test_opinion_waits_for_its_assignee(ward):
    held = conference.hold_conference(
        by=ward.officer, ward=ward.root, year=2026, held_on=DAY, place="Nhà văn hóa"
    )
    opinion = conference.add_opinion(
        conference=held,
        by=ward.officer,
        raised_by="Ông Nguyễn Văn Bình",
        content="Đèn đường ngõ 5 hỏng",
        assignee=ward.cell_b,
        due_date=DAY,
    )
    assert any("Đèn đường ngõ 5" in t for t in titles(ward.secretary_b))
    assert not any("Đèn đường ngõ 5" in t for t in titles(ward.secretary_a))
    conference.answer_opinion(opinion=opinion, by=ward.secretary_b, answer="Đã sửa")
    assert not any("Đèn đường ngõ 5" in t for t in titles(ward.secretary_b))


def test_amendments_wait_for_compilation_then_decision(ward, ward_regulation):
    item = raise_item(ward, ward_regulation)
    assert "1 kiến nghị sửa đổi quy chế chờ tổng hợp" in titles(ward.officer)
    assert not any("chờ tổng hợp" in t for t in titles(ward.secretary_a))
    compilation = amendments.compile_amendments(
        by=ward.officer, ward=ward.root, items=[item], summary="Tổng hợp"
    )
    assert not any("chờ tổng hợp" in t for t in titles(ward.officer))
    (waiting,) = [
        i
        for i in pending_items(ward.standing_member)
        if i.url.endswith(compilation.get_absolute_url())
    ]
    assert waiting.title.startswith("Quyết định: ")


def test_home_page_lists_them(client, ward, meeting):
    client.force_login(ward.secretary_a)
    page = client.get("/").content.decode()
    assert meeting.action_items.get().description in page


def test_queries_do_not_grow(ward, meeting, proposal):
    def count(user):
        pending_review_items(user)  # the user's memberships, cached
        with CaptureQueriesContext(connection) as ctx:
            pending_review_items(user)
        return len(ctx.captured_queries)

    before = {u: count(u) for u in (ward.secretary_a, ward.standing_member)}
    for n in range(4):
        add_item(ward, meeting, text=f"Việc {n}")
    for u, n in before.items():
        assert count(u) == n
