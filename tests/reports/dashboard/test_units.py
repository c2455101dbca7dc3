"""The overview by unit (issue 15, item 3): one row per organisation under
the ward or province the viewer oversees, each figure equal to a count
computed here from the seeded objects through the visibility helpers, and
to the figure of the unit's own overview (``?unit=``) that the row links to;
a unit of another tree is a 404; the same number of queries with one and
with three units."""

import datetime

from django.db import connection
from django.db.models import Exists, Q
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from coordination.exchanges.selectors import status_filters
from coordination.incidents import services as incident_services
from coordination.models import (
    CoordinationRequest,
    Incident,
    Membership,
    Organization,
    RequestRecipient,
)
from coordination.permissions import (
    visible_exchange_reports,
    visible_incidents,
    visible_requests,
)
from coordination.requests.filters import overdue_recipients
from regulations.models import Responsibility, Side
from reports.dashboard.forms import ward_rounds
from tests.factories import make_org, make_request, make_user
from tests.reports.conftest import fresh

from .conftest import get

Kind = Organization.Kind
TODAY = datetime.date(2026, 7, 15)
COLUMNS = (
    "open",
    "overdue",
    "awaiting",
    "on_time",
    "late",
    "missing",
    "incidents",
    "no_evidence",
)


def rows_by_unit(response) -> dict[str, dict]:
    table = response.context["table"]
    return {
        row[0].text: {
            "url": row[0].url,
            **{key: int(c.text) for key, c in zip(COLUMNS, row[1:], strict=True)},
            "links": {key: c.url for key, c in zip(COLUMNS, row[1:], strict=True)},
        }
        for row in table.rows
    }


def year_rounds(ward):
    """The rounds of the period "year-2026" (the overview's definition)."""
    return [r for r in ward_rounds(ward.root) if r.year == 2026]


def expected_for(viewer, unit, rounds, today=TODAY) -> dict:
    """The unit's figures, counted here: the year's requests it sent or
    received, its reports of the year's rounds, its open situations."""
    party = Q(sender=unit) | Q(recipients__organization=unit)
    pks = set(
        visible_requests(viewer)
        .exclude(status="draft")
        .filter(party, sent_at__date__gte=datetime.date(2026, 1, 1))
        .filter(sent_at__date__lte=datetime.date(2026, 12, 31))
        .values_list("pk", flat=True)
    )
    reports = visible_exchange_reports(viewer).filter(
        round__in=rounds, organization=unit
    )
    filters = status_filters(today)
    return {
        "open": CoordinationRequest.objects.filter(
            pk__in=pks, status=CoordinationRequest.Status.OPEN
        ).count(),
        "overdue": CoordinationRequest.objects.filter(
            Exists(overdue_recipients(today)), pk__in=pks
        ).count(),
        "awaiting": RequestRecipient.objects.filter(
            Q(organization=unit) | Q(request__sender=unit),
            request__in=visible_requests(viewer),
            state=RequestRecipient.State.ESCALATED,
        ).count(),
        **{
            k: reports.filter(filters[k]).count()
            for k in ("on_time", "late", "missing")
        },
        "incidents": visible_incidents(viewer)
        .filter(reporter=unit, state__in=Incident.OPEN)
        .count(),
    }


def test_ward_rows_equal_independent_counts_and_the_units_overview(
    client, ward, result_data
):
    viewer = fresh(ward.standing_member)
    response = get(client, viewer, "reports:dashboard-units", period="year-2026")
    assert response.status_code == 200
    rows = rows_by_unit(response)
    units = [ward.police, ward.cell_a, ward.cell_b, ward.cell_c]
    assert set(rows) == {u.name for u in units}
    regulation = result_data.regulation
    duties = Responsibility.objects.filter(
        provision__regulation=regulation, area__isnull=False
    )
    cells_side = duties.filter(side__role=Side.Role.CELLS).count()
    police_side = duties.filter(side__role=Side.Role.POLICE).count()
    assert cells_side and police_side
    for unit in units:
        row = rows[unit.name]
        expected = expected_for(viewer, unit, year_rounds(ward))
        assert {k: row[k] for k in expected} == expected, unit.name
    # The seeded story, by name: cell A on time, cell B late, cell C missing;
    # cell B's request overdue (for it and for the police, its recipient);
    # cell A's serious situation open; the dossier was directed.
    a, b, c, police = (
        rows[u.name] for u in (ward.cell_a, ward.cell_b, ward.cell_c, ward.police)
    )
    assert (a["on_time"], b["late"], c["missing"]) == (1, 1, 1)
    assert (b["overdue"], police["overdue"], a["overdue"]) == (1, 1, 0)
    assert (a["incidents"], b["incidents"]) == (1, 0)
    assert police["awaiting"] == a["awaiting"] == 0
    # Cell A recorded every duty of its side; the others recorded none, nor
    # did the police committee (its report is not submitted).
    assert a["no_evidence"] == 0
    assert b["no_evidence"] == c["no_evidence"] == cells_side
    assert police["no_evidence"] == police_side

    # Each row links to the unit's own overview, whose figures are the row's.
    for unit in units:
        row = rows[unit.name]
        assert row["url"].startswith(reverse("reports:dashboard-overview") + "?unit=")
        page = client.get(row["url"])
        assert page.status_code == 200
        scope = page.context["scope"]
        assert scope.organization == unit and scope.ward == ward.root
        assert scope.period_key == "year-2026"
        figures = page.context["requests"]["figures"]
        assert (figures["open"], figures["overdue"]) == (row["open"], row["overdue"])
        tables = page.context["tables"]
        assert len(tables["awaiting_direction"].rows) == row["awaiting"]
        rounds = tables["exchange_rounds"].values()
        # [round, expected, on time, late, missing, returned], per round
        got = [sum(int(r[i]) for r in rounds) for i in (2, 3, 4)]
        assert got == [row["on_time"], row["late"], row["missing"]], unit.name
        open_incidents = sum(int(r[1]) for r in tables["incidents_open"].values())
        assert open_incidents == row["incidents"]
        assert len(tables["no_evidence"].rows) == row["no_evidence"], unit.name
        if row["no_evidence"]:
            assert row["links"]["no_evidence"].endswith("#table-no_evidence")


def test_row_links_open_lists_holding_exactly_the_counted_items(
    client, ward, result_data, h1_key
):
    """In one round (the lists filter by one round), each linked number
    opens a list of exactly that many items; a nought has no link."""
    viewer = fresh(ward.standing_member)
    rows = rows_by_unit(get(client, viewer, "reports:dashboard-units", period=h1_key))
    followed = 0
    for unit in (ward.cell_a, ward.cell_b, ward.cell_c, ward.police):
        row = rows[unit.name]
        for key in ("on_time", "late", "missing", "incidents"):
            if not row[key]:
                assert row["links"][key] == ""
                continue
            page = client.get(row["links"][key])
            assert page.status_code == 200, (unit.name, key)
            assert not page.context["filter"].errors, (unit.name, key)
            assert page.context["page"].paginator.count == row[key], (unit.name, key)
            followed += 1
    assert followed >= 4


def test_office_counts_only_what_it_may_open(client, ward, result_data, h1_key):
    """T04: the office does not receive urgent situations (DESIGN §5): its
    rows count none, the standing committee's count cell A's."""
    office = fresh(ward.office_staff)
    rows = rows_by_unit(get(client, office, "reports:dashboard-units", period=h1_key))
    assert visible_incidents(office).count() == 0
    assert rows[ward.cell_a.name]["incidents"] == 0
    standing = fresh(ward.standing_member)
    rows = rows_by_unit(get(client, standing, "reports:dashboard-units", period=h1_key))
    assert rows[ward.cell_a.name]["incidents"] == 1


def test_classified_request_counts_only_for_a_cleared_overseer(
    client, ward, result_data
):
    CoordinationRequest.objects.filter(subject__startswith="Đề nghị rà soát").update(
        confidentiality=2
    )
    viewer = fresh(ward.standing_member)
    assert viewer.clearance < 2
    rows = rows_by_unit(
        get(client, viewer, "reports:dashboard-units", period="year-2026")
    )
    assert rows[ward.cell_b.name]["overdue"] == 0
    assert rows[ward.cell_b.name]["open"] == 0


# --- A province: the standing committee over its district and city committees ------


def _province(code: str):
    root = make_org(f"Đảng bộ tỉnh {code}", kind=Kind.PROVINCE_COMMITTEE, code=code)
    standing = make_org(
        f"Ban Thường vụ Tỉnh ủy {code}", kind=Kind.STANDING_COMMITTEE, parent=root
    )
    office = make_org(f"Văn phòng Tỉnh ủy {code}", kind=Kind.OFFICE, parent=root)
    police = make_org(
        f"Đảng ủy Công an tỉnh {code}", kind=Kind.POLICE_COMMITTEE, parent=root
    )
    return root, standing, office, police


def test_province_rows_one_per_district_each_drilling_down(client, db):
    root, standing, office, police = _province("tinh")
    district = make_org("Huyện ủy Một", kind=Kind.DISTRICT_COMMITTEE, parent=root)
    city = make_org("Thành ủy Hai", kind=Kind.CITY_COMMITTEE, parent=root)
    viewer = make_user("tinh_btv", org=standing)
    office_staff = make_user("tinh_vp", org=office, position=Membership.Position.STAFF)
    police_leader = make_user("tinh_ca", org=police)
    district_secretary = make_user("huyen_bt", org=district)
    city_secretary = make_user("thanh_bt", org=city)
    late = make_request(
        by=district_secretary, sender=district, recipients=[police], subject="Một"
    )
    RequestRecipient.objects.filter(request=late).update(
        due_date=timezone.localdate() - datetime.timedelta(days=3)
    )
    make_request(by=city_secretary, sender=city, recipients=[police], subject="Hai")
    incident_services.create_incident(
        by=fresh(district_secretary),
        reporter=district,
        kind=Incident.Kind.CELL_REPORT,
        title="Tình huống ở huyện",
        description="Diễn biến.",
        place="Xã Một",
        started_at=timezone.now() - datetime.timedelta(minutes=5),
        severity=Incident.Severity.SERIOUS,
        report=True,
    )

    response = get(client, viewer, "reports:dashboard-units")
    assert response.status_code == 200
    rows = rows_by_unit(response)
    assert set(rows) == {city.name, police.name, district.name}
    assert {k: rows[district.name][k] for k in ("open", "overdue", "incidents")} == {
        "open": 1,
        "overdue": 1,
        "incidents": 1,
    }
    assert {k: rows[city.name][k] for k in ("open", "overdue", "incidents")} == {
        "open": 1,
        "overdue": 0,
        "incidents": 0,
    }
    # The police committee received both; one is overdue.
    assert (rows[police.name]["open"], rows[police.name]["overdue"]) == (2, 1)
    seen = fresh(viewer)
    for unit in (district, city, police):
        sent = (
            visible_requests(seen)
            .filter(Q(sender=unit) | Q(recipients__organization=unit))
            .distinct()
        )
        assert rows[unit.name]["open"] == sent.filter(status="open").count()
    # Drilling down: the district's overview, in the province.
    page = client.get(rows[district.name]["url"])
    assert page.status_code == 200
    assert page.context["scope"].ward == root
    assert page.context["scope"].organization == district
    assert page.context["requests"]["figures"]["overdue"] == 1
    # The office sees the same rows (not the situations: DESIGN §5).
    office_rows = rows_by_unit(get(client, office_staff, "reports:dashboard-units"))
    assert office_rows[district.name]["open"] == 1
    assert office_rows[district.name]["incidents"] == 0

    # Another province's unit, or the province itself, is a 404 ...
    other_root, *_rest = _province("khac")
    other_district = make_org(
        "Huyện ủy Khác", kind=Kind.DISTRICT_COMMITTEE, parent=other_root
    )
    client.force_login(fresh(viewer))
    overview = reverse("reports:dashboard-overview")
    units = reverse("reports:dashboard-units")
    assert client.get(overview, {"unit": other_district.pk}).status_code == 404
    assert client.get(overview, {"ward": other_root.pk}).status_code == 404
    assert client.get(units, {"ward": other_root.pk}).status_code == 404
    # ... and so are the province's own standing committee and office.
    for not_a_unit in (standing, office, root):
        assert client.get(overview, {"unit": not_a_unit.pk}).status_code == 404
    # T02 for the province's people: only those who oversee it open the page.
    for user, status in (
        (viewer, 200),
        (office_staff, 200),
        (police_leader, 404),
        (district_secretary, 404),
        (city_secretary, 404),
    ):
        client.force_login(fresh(user))
        assert client.get(units).status_code == status, user.username
        xlsx = reverse("reports:dashboard-units-xlsx")
        assert client.get(xlsx).status_code == status, user.username
    # The police committee opens its district's overview, not the page by unit.
    client.force_login(fresh(police_leader))
    assert client.get(overview, {"unit": district.pk}).status_code == 200


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_queries_are_the_same_with_one_and_three_units(client, db):
    root, standing, _office, police = _province("dem")
    viewer = make_user("dem_btv", org=standing)
    police_leader = make_user("dem_ca", org=police)
    url = reverse("reports:dashboard-units")
    client.force_login(fresh(viewer))
    client.get(url)  # the day's first request syncs memberships: not counted
    one = _count(client, url)  # the police committee only
    for i in range(2):
        district = make_org(f"Huyện ủy {i}", kind=Kind.DISTRICT_COMMITTEE, parent=root)
        secretary = make_user(f"dem_huyen_{i}", org=district)
        make_request(by=secretary, sender=district, recipients=[police])
        make_request(by=police_leader, sender=police, recipients=[district])
        incident_services.create_incident(
            by=fresh(secretary),
            reporter=district,
            kind=Incident.Kind.CELL_REPORT,
            title=f"Tình huống {i}",
            description="Diễn biến.",
            place="Xã",
            started_at=timezone.now() - datetime.timedelta(minutes=5),
            report=True,
        )
    client.force_login(fresh(viewer))
    client.get(url)
    response = client.get(url)
    assert len(response.context["table"].rows) == 3
    assert _count(client, url) == one
    assert one <= 40, one
