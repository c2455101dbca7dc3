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


def test_the_floor_view_is_404_unless_the_benchmark_started_the_server(
    client, ward, monkeypatch
):
    from django.urls import reverse

    from reports.bench_views import TOKEN_ENV, TOKEN_HEADER

    client.force_login(ward.secretary_a)
    url = reverse("reports:benchmark-floor")
    monkeypatch.delenv(TOKEN_ENV, raising=False)
    assert client.get(url).status_code == 404
    assert client.get(url, headers={TOKEN_HEADER: "guess"}).status_code == 404
    monkeypatch.setenv(TOKEN_ENV, "the-servers-token")
    assert client.get(url).status_code == 404  # the token, not only the variable
    assert client.get(url, headers={TOKEN_HEADER: "guess"}).status_code == 404
    response = client.get(url, headers={TOKEN_HEADER: "the-servers-token"})
    assert response.status_code == 200
    assert response.content == b"ok"


@pytest.mark.django_db(transaction=True)
def test_load_mode_drives_a_real_server_and_prints_every_page():
    """One ward, one client, one second a page: gunicorn and locust for real."""
    from django.conf import settings
    from django.contrib.auth.hashers import PBKDF2PasswordHasher

    from reports.loadtest import FLOOR_LABEL, run_load
    from reports.management.commands.benchmark import load_pages

    call_command("seed_demo", wards=1, verbosity=0, stdout=StringIO())
    pages = load_pages()
    # The test settings hash with MD5, which the server (real settings) refuses.
    hasher = PBKDF2PasswordHasher()
    password = hasher.encode(settings.DEMO_PASSWORD, hasher.salt())
    User.objects.filter(username__in={user for _l, _u, user in pages}).update(
        password=password
    )
    out = StringIO()
    results = run_load(out, pages, clients=1, seconds=1, workers=1)
    table = out.getvalue()
    assert [row["label"] for row in results] == [
        FLOOR_LABEL,
        *(label for label, _url, _user in pages),
    ]
    for label, _url, _user in pages:
        assert f"| {label} |" in table
    assert all(row["requests"] > 0 for row in results), table
    assert sum(row["errors"] for row in results) == 0, table
