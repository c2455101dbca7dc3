"""No server error from a query string on the pages the documents, dashboard
and review features added (issue "Hardening", item 1, kept true for new
pages): every filter parameter of their forms, plus ``page``, ``ward``,
``round`` and ``meeting``, gets the input sweep's generated values (Unicode
digits, huge numbers, malformed dates, control characters, lists) as a user
who may open the page; every answer is below 500."""

from __future__ import annotations

import pytest
from django.urls import reverse

from coordination.assessments.forms import AssessmentFilterForm
from coordination.exchanges.forms import ReportFilterForm
from coordination.incidents.forms import IncidentFilterForm
from reports.archive_views import ArchiveFilterForm, RegisterFilterForm
from reports.dashboard.forms import OverviewFilterForm

from .test_input_sweep import _sweep

PAGE = {"page": None}
TARGETS = [
    # (URL name, kwargs, role, fields)
    (
        "reports:dashboard-overview",
        {},
        "standing_member",
        {**OverviewFilterForm.base_fields, "ward": None},
    ),
    ("reports:dashboard-overview", {}, "officer", OverviewFilterForm.base_fields),
    (
        "reports:dashboard-overview-xlsx",
        {"table": "coverage"},
        "standing_member",
        {**OverviewFilterForm.base_fields, "ward": None},
    ),
    (
        "reports:dashboard-units",
        {},
        "standing_member",
        {**OverviewFilterForm.base_fields, "ward": None},
    ),
    (
        "reports:dashboard-overview",
        {},
        "standing_member",
        {"unit": None, "period": None},
    ),
    (
        "coordination:exchange-list",
        {},
        "standing_member",
        {**ReportFilterForm.base_fields, **PAGE},
    ),
    (
        "coordination:incident-list",
        {},
        "standing_member",
        {**IncidentFilterForm.base_fields, **PAGE},
    ),
    (
        "coordination:assessment-list",
        {},
        "standing_member",
        {**AssessmentFilterForm.base_fields, **PAGE},
    ),
    (
        "reports:archive-list",
        {},
        "standing_member",
        {**ArchiveFilterForm.base_fields, **PAGE},
    ),
    (
        "reports:register-list",
        {},
        "officer",
        {**RegisterFilterForm.base_fields, **PAGE},
    ),
    ("reports:result-report-list", {}, "officer", {"round": None}),
    ("coordination:review-list", {}, "officer", PAGE),
    ("coordination:review-proposal-list", {}, "standing_member", PAGE),
    ("coordination:review-proposal-create", {}, "officer", {"meeting": None}),
    ("coordination:review-amendment-list", {}, "secretary_a", PAGE),
    ("coordination:review-conference-list", {}, "officer", PAGE),
    ("coordination:review-festival-list", {}, "officer", PAGE),
]


@pytest.mark.parametrize(
    ("name", "kwargs", "role", "fields"),
    TARGETS,
    ids=[f"{t[0].split(':')[1]}-{t[2]}" for t in TARGETS],
)
def test_new_pages_never_answer_a_server_error(
    client, ward, name, kwargs, role, fields
):
    client.force_login(getattr(ward, role))
    assert client.get(reverse(name, kwargs=kwargs)).status_code == 200
    _sweep(client, "GET", reverse(name, kwargs=kwargs), dict(fields))
