"""The dashboards read the data of the report on the regulation's
implementation (tests/reports/conftest.py ``result_data``): H1 2026 seen on
15 July: cell A reported on time with an entry for every duty of its side,
cell B late, the others missing; two requests (one overdue), one serious
urgent situation, cell A's rating of the police."""

import pytest
from django.urls import reverse

from tests.reports.conftest import fresh


def get(client, user, name, *args, **params):
    client.force_login(fresh(user))
    return client.get(reverse(name, args=args), params)


@pytest.fixture
def h1_key(result_data):
    return f"round-{result_data.pk}"
