"""One place for what is owed: request answers and exchange reports."""

import datetime

from coordination.exchanges import services
from coordination.obligations import open_obligations
from tests.coordination.exchanges.conftest import (  # noqa: F401
    fresh,
    h1,
    report_of,
    rounds,
    ward_regulation,
)
from tests.factories import make_request


def test_owed_reports_and_answers_are_read_in_one_place(ward, h1):  # noqa: F811
    request = make_request(
        by=fresh(ward.officer), sender=ward.police, recipients=[ward.cell_a]
    )
    owed = open_obligations([ward.cell_a.pk])
    kinds = {(o.kind, o.organization_id) for o in owed}
    assert ("request", ward.cell_a.pk) in kinds
    assert ("exchange", ward.cell_a.pk) in kinds
    assert all(o.due_date is not None for o in owed)
    answer = next(o for o in owed if o.kind == "request")
    assert answer.url == request.get_absolute_url()
    # A submitted report is no longer owed.
    report = report_of(h1, ward.cell_a)
    services.save_draft(
        report=report, by=fresh(ward.secretary_a), fields={"results": "x"}
    )
    services.submit_report(
        report=report, by=fresh(ward.secretary_a), today=datetime.date(2026, 7, 1)
    )
    after = {(o.kind, o.object_id) for o in open_obligations([ward.cell_a.pk])}
    assert ("exchange", report.pk) not in after
    assert open_obligations(due_by=datetime.date(2026, 1, 1)) == [
        o for o in open_obligations() if o.due_date <= datetime.date(2026, 1, 1)
    ]
