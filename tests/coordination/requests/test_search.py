"""Request search: one Unicode form and Vietnamese case folding on every
database (NFC on both sides; "ĐƯỜNG" finds "đường" on SQLite too)."""

import unicodedata

import pytest
from django.urls import reverse

from coordination.models import CoordinationRequest
from tests.factories import make_request


def _found(client, query):
    response = client.get(reverse("coordination:request-outbox"), {"q": query})
    assert response.status_code == 200
    return {r.subject for r in response.context["page"].object_list}


@pytest.fixture
def requests_(ward):
    decomposed = unicodedata.normalize("NFD", "Sửa đường Trần Hưng Đạo")
    make_request(
        by=ward.secretary_a,
        sender=ward.cell_a,
        recipients=[ward.police],
        subject=decomposed,
        content="Nội dung",
    )
    make_request(
        by=ward.secretary_a,
        sender=ward.cell_a,
        recipients=[ward.police],
        subject="Đề nghị khác",
        content="Đảng viên mới",
    )
    return ward


def test_a_decomposed_subject_is_stored_composed_and_found(client, requests_):
    ward = requests_
    stored = CoordinationRequest.objects.get(subject__startswith="S")
    assert stored.subject == unicodedata.normalize("NFC", stored.subject)
    client.force_login(ward.secretary_a)
    assert _found(client, "đường") == {"Sửa đường Trần Hưng Đạo"}
    assert _found(client, unicodedata.normalize("NFD", "đường")) == {
        "Sửa đường Trần Hưng Đạo"
    }


def test_vietnamese_capitals_and_plain_letters_find_the_same(client, requests_):
    client.force_login(requests_.secretary_a)
    assert _found(client, "ĐƯỜNG") == {"Sửa đường Trần Hưng Đạo"}
    assert _found(client, "duong tran") == {"Sửa đường Trần Hưng Đạo"}
    # With diacritics the match is exact: "đang" is not "Đảng".
    assert _found(client, "đảng viên") == {"Đề nghị khác"}
    assert _found(client, "đang viên") == set()
    assert _found(client, "dang vien") == {"Đề nghị khác"}


def test_an_edited_draft_is_searched_by_its_new_text(client, ward):
    from coordination.requests import services

    req = make_request(
        by=ward.secretary_a, sender=ward.cell_a, recipients=[ward.police], send=False
    )
    services.update_draft(request=req, by=ward.secretary_a, subject="Chợ tạm Ngọc Châu")
    client.force_login(ward.secretary_a)
    assert _found(client, "NGỌC CHÂU") == {"Chợ tạm Ngọc Châu"}


def test_the_migration_fills_the_keys_of_existing_requests(ward):
    from importlib import import_module

    from django.apps import apps

    req = make_request(
        by=ward.secretary_a,
        sender=ward.cell_a,
        recipients=[ward.police],
        subject="Bãi xe Ngọc Châu",
    )
    CoordinationRequest.objects.filter(pk=req.pk).update(
        search_exact="", search_text=""
    )
    migration = import_module("coordination.migrations.0004_request_search_keys")
    migration.fill_search_keys(apps, None)
    req.refresh_from_db()
    assert "bãi xe ngọc châu" in req.search_exact
    assert "bai xe ngoc chau" in req.search_text


@pytest.mark.django_db
def test_search_uses_the_trigram_index_on_postgresql(ward):
    """``search_text LIKE '%…%'`` goes through the GIN trigram index (migration
    0013), so a search does not scan every request of a city."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("a PostgreSQL index")
    make_request(
        by=ward.secretary_a,
        sender=ward.cell_a,
        recipients=[ward.police],
        subject="Phối hợp tuần tra",
        content="Nội dung",
    )
    query = CoordinationRequest.objects.filter(search_text__contains="phoi hop")
    sql, params = query.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "coordination_request_search_trgm" in plan, plan
    assert query.count() == 1
