"""Access to proposals: every URL × role of the ward fixture × method (T02),
another ward's objects by id (T03), lists hold only what the user may open
(T04), extra posted fields are ignored (T05); the province's yearly review
offers no criticism.

The scene: the police committee's commendation of cell A at the yearly
review (its evidence: an action item and a police request to cell B);
cell A's amendment item (not compiled) and cell B's, compiled into a
proposal to the standing committee. Readers of the commendation: the
proposer's organisation (police leaders, members and support staff), the
organisation concerned (cell A's leaders and support staff), the standing
committee; of cell A's item: cell A's leaders and staff, the police
committee's hosts, the standing committee and office; of the compilation:
the hosts, the standing committee and office, cell B's secretary. Nobody
else (404, the administrator included)."""

from __future__ import annotations

import pytest
from django.urls import URLPattern, reverse

from coordination.reviews.proposals import amendments, services
from coordination.reviews.proposals import urls as proposal_urls
from coordination.reviews.proposals.models import (
    AmendmentCompilation,
    AmendmentProposal,
    CommendationProposal,
)
from coordination.reviews.visibility import (
    visible_amendments,
    visible_compilations,
    visible_proposals,
)
from regulations.models import Regulation
from tests.coordination.organizations.test_province import province  # noqa: F401
from tests.factories import make_org, make_user

from ..test_access import ROLES, exp, wrong_answers
from .conftest import cite, propose

P_READERS = dict.fromkeys(
    [
        "officer",
        "cleared_officer",
        "police_staff",
        "standing_member",
        "secretary_a",
        "deputy_a",
        "staff_a",
    ],
    200,
)
HOSTS = {"officer": 200, "police_staff": 200}
A_READERS = dict.fromkeys(
    [*HOSTS, "standing_member", "office_staff", "secretary_a", "deputy_a", "staff_a"],
    200,
)
C_READERS = dict.fromkeys(
    [*HOSTS, "standing_member", "office_staff", "secretary_b"], 200
)
RAISERS = dict.fromkeys(
    ["secretary_a", "deputy_a", "secretary_b", "officer", "cleared_officer"], 200
)


def readers(table, value):
    return exp(404, dict.fromkeys(table, value))


PROPOSE = {
    "proposer_org": "{police}",
    "kind": "commend",
    "organization": "{cell_b}",
    "reason": "Phối hợp tốt",
    "state": "accepted",  # T05: ignored
    "decision_number": "99",  # T05: ignored
}
DECIDE = {"accepted": "1", "decision_number": "1-QĐ/ĐU", "decision_date": "2026-12-20"}
RAISE = {
    "organization": "{cell_a}",
    "kind": "difficulty",
    "provisions": "{provision}",
    "content": "Vướng mắc",
}
R = "coordination:review-"
ROWS = [
    (R + "proposal-list", None, "GET", None, exp(200)),
    (R + "proposal-create", None, "GET", None, exp(403, HOSTS, staff_a=200)),
    (
        R + "proposal-create",
        None,
        "POST",
        PROPOSE,
        exp(403, dict.fromkeys(HOSTS, 302), staff_a=400),
    ),
    (R + "proposal-detail", "proposal", "GET", None, readers(P_READERS, 200)),
    (
        R + "proposal-decide",
        "proposal",
        "POST",
        DECIDE,
        exp(404, dict.fromkeys(P_READERS, 403), standing_member=302),
    ),
    (R + "proposal-decide", "proposal", "GET", None, exp(405)),
    (R + "amendment-list", None, "GET", None, exp(200)),
    (R + "amendment-create", None, "GET", None, exp(403, RAISERS)),
    (
        R + "amendment-create",
        None,
        "POST",
        RAISE,
        exp(403, dict.fromkeys(RAISERS, 400), secretary_a=302, deputy_a=302),
    ),
    (R + "amendment-detail", "item", "GET", None, readers(A_READERS, 200)),
    (R + "compilation-create", None, "GET", None, exp(403, HOSTS)),
    (
        R + "compilation-create",
        None,
        "POST",
        {"items": "{item}", "summary": "Tổng hợp"},
        exp(403, dict.fromkeys(HOSTS, 302)),
    ),
    (R + "compilation-detail", "compilation", "GET", None, readers(C_READERS, 200)),
    (
        R + "compilation-decide",
        "compilation",
        "POST",
        {"accepted": "0", "note": "Chưa cần sửa"},
        exp(404, dict.fromkeys(C_READERS, 403), standing_member=302),
    ),
    (R + "compilation-decide", "compilation", "GET", None, exp(405)),
]


def _written() -> tuple:
    return (
        CommendationProposal.history.count(),
        AmendmentProposal.history.count(),
        AmendmentCompilation.history.count(),
        Regulation.objects.count(),
    )


def _fill(data, values) -> dict:
    return {k: str(v).format(**values) for k, v in (data or {}).items()}


@pytest.mark.parametrize("row", ROWS, ids=[f"{r[0][len(R) :]}-{r[2]}" for r in ROWS])
def test_access_matrix(client, ward, proposal, amendment_scene, ward_regulation, row):
    name, key, method, data, expected = row
    objs = {"proposal": proposal, **amendment_scene}
    url = reverse(name, kwargs={"pk": objs[key].pk} if key else {})
    post = _fill(
        data,
        {
            "police": ward.police.pk,
            "cell_a": ward.cell_a.pk,
            "cell_b": ward.cell_b.pk,
            "provision": cite(ward_regulation).pk,
            "item": amendment_scene["item"].pk,
        },
    )
    wrong = wrong_answers(client, ward, url, method, post, expected, _written)
    assert not wrong, (url, method, wrong)


def test_every_proposal_route_has_a_row():
    names = {
        f"coordination:{p.name}"
        for p in proposal_urls.urlpatterns
        if isinstance(p, URLPattern)
    }
    assert names - {row[0] for row in ROWS} == set()
    for row in ROWS:
        assert set(row[4]) == set(ROLES), row[:3]


def test_posted_state_and_author_are_ignored(client, ward):
    client.force_login(ward.police_staff)
    data = _fill(PROPOSE, {"police": ward.police.pk, "cell_b": ward.cell_b.pk})
    response = client.post(reverse(R + "proposal-create"), data)
    assert response.status_code == 302
    proposal = CommendationProposal.objects.get()
    assert proposal.state == "pending" and proposal.decision_number == ""
    assert proposal.proposed_by == ward.police_staff
    assert proposal.deciding_body == "standing"


def test_evidence_hidden_from_a_viewer_is_not_shown(client, ward, proposal):
    client.force_login(ward.secretary_a)  # does not see the police's request to B
    response = client.get(proposal.get_absolute_url())
    page = response.content.decode()
    assert response.context["hidden_evidence"] == 1
    assert [name for name, _item in response.context["evidence"]] == ["action_item"]
    assert "Đề nghị phối hợp rà soát đối tượng" not in page
    client.force_login(ward.officer)
    response = client.get(proposal.get_absolute_url())
    assert response.context["hidden_evidence"] == 0


# --- T03 / T04 ------------------------------------------------------------------------


def _other_ward():
    """Another ward, bound by the province's regulation (loaded already)."""
    root = make_org("Đảng bộ phường Khác", kind="ward_committee", code="khac")
    police = make_org(
        "Đảng ủy Công an phường Khác", kind="police_committee", parent=root
    )
    cell = make_org("Chi bộ Khác", parent=root)
    standing = make_org("BTV Khác", kind="standing_committee", parent=root)
    officer = make_user("officer_khac", org=police)
    secretary = make_user("secretary_khac", org=cell)
    make_user("standing_khac", org=standing)
    regulation = Regulation.objects.get(code="qc-tinh-810-2023", status="in_force")
    regulation.organization = root
    regulation.save(update_fields=["organization"])
    proposal = services.propose(
        by=officer, proposer_org=police, kind="commend", organization=cell, reason="x"
    )
    item = amendments.raise_amendment(
        by=secretary,
        organization=cell,
        kind="new_issue",
        content="Vấn đề mới",
        provisions=[regulation.provisions.first()],
    )
    compilation = amendments.compile_amendments(
        by=officer, ward=root, items=[item], summary="Tổng hợp"
    )
    return proposal, item, compilation


def test_another_wards_objects_are_404_and_nothing_changes(
    client, ward, ward_regulation
):
    proposal, item, compilation = _other_ward()
    before = _written()
    for role in ("officer", "police_staff", "secretary_a", "standing_member", "admin"):
        client.force_login(getattr(ward, role))
        for obj in (proposal, item, compilation):
            assert client.get(obj.get_absolute_url()).status_code == 404
        for name, obj in (
            ("proposal-decide", proposal),
            ("compilation-decide", compilation),
        ):
            url = reverse(R + name, args=[obj.pk])
            assert client.post(url, DECIDE).status_code == 404
        url = reverse(R + "compilation-create")
        response = client.post(url, {"items": str(item.pk), "summary": "x"})
        assert response.status_code in (400, 403)
        for name, obj in (("proposal-list", proposal), ("amendment-list", item)):
            listed = client.get(reverse(R + name)).context["page"].object_list
            assert obj not in list(listed)
    assert _written() == before


@pytest.mark.parametrize("role", ROLES[2:])
def test_the_lists_hold_what_the_user_opens(ward, proposal, amendment_scene, role):
    user = getattr(ward, role)
    assert (proposal in visible_proposals(user)) == (role in P_READERS)
    assert (amendment_scene["item"] in visible_amendments(user)) == (role in A_READERS)
    assert (amendment_scene["compilation"] in visible_compilations(user)) == (
        role in C_READERS
    )


def test_the_organisation_concerned_sees_its_commendation(client, ward, proposal):
    client.force_login(ward.staff_a)
    listed = client.get(reverse(R + "proposal-list")).context["page"].object_list
    assert list(listed) == [proposal]


# --- the province: no criticism at the yearly review (7.1) ------------------------------


def test_the_province_offers_no_criticism(client, province):  # noqa: F811
    client.force_login(province.police_leader)
    url = reverse(R + "proposal-create")
    form = client.get(url).context["form"]
    assert [value for value, _label in form.fields["kind"].choices] == ["commend"]
    data = {
        "proposer_org": province.police.pk,
        "kind": "criticise",
        "organization": province.district.pk,
        "reason": "Hạn chế",
    }
    assert client.post(url, data).status_code == 400
    assert not CommendationProposal.objects.exists()
    with pytest.raises(services.ReviewError):
        propose(
            province,
            by=province.police_leader,
            kind="criticise",
            organization=province.city,
        )
    data["kind"] = "commend"
    assert client.post(url, data).status_code == 302


@pytest.mark.parametrize("value", ["²", "①", "1e3", "x"])
def test_a_meeting_parameter_that_is_not_a_number_is_ignored(client, ward, value):
    """``?meeting=²``: a digit to str.isdigit, not to int() — no server error."""
    client.force_login(ward.officer)
    response = client.get(reverse(R + "proposal-create"), {"meeting": value})
    assert response.status_code == 200
    assert response.context["form"].fields["meeting"].initial is None
