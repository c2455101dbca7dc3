"""The benchmark command prints a figure for every page, and its load data obeys
the same visibility rules as requests sent through the service."""

from io import StringIO

import pytest
from django.core.management import call_command

from accounts.models import User
from coordination.models import CoordinationRequest
from coordination.permissions import visible_requests
from reports.management.commands.benchmark import PAGES, add_load_requests


@pytest.mark.django_db
def test_benchmark_prints_every_page_and_load_is_scoped_to_its_ward():
    out = StringIO()
    call_command("benchmark", wards=2, runs=1, requests=8, stdout=out)
    output = out.getvalue()
    for label, _url, _user in PAGES:
        assert label in output
    assert "load requests: +16" in output

    load = CoordinationRequest.objects.filter(subject__startswith="[tải] ")
    assert load.count() == 16
    police = User.objects.get(username="congan")
    other_ward_police = User.objects.get(username="w002_ca_bithu")
    first = set(visible_requests(police).filter(subject__startswith="[tải] "))
    second = set(
        visible_requests(other_ward_police).filter(subject__startswith="[tải] ")
    )
    assert len(first) == len(second) == 8
    assert not first & second
    # Topping up is idempotent.
    assert add_load_requests(8) == 0
