"""The 500 page renders with no context, no request and no database, in the
language of the request (Vietnamese by default)."""

from unittest import mock

from django.test import RequestFactory
from django.utils import translation
from django.views.defaults import server_error


def _render(language):
    request = RequestFactory().get("/")
    with (
        translation.override(language),
        mock.patch(
            "django.db.backends.base.base.BaseDatabaseWrapper.cursor",
            side_effect=AssertionError("500 page must not touch the database"),
        ),
    ):
        response = server_error(request)
    return response.status_code, response.content.decode()


def test_500_page_is_vietnamese_by_default():
    status, body = _render("vi")
    assert status == 500
    assert "Hệ thống đang gặp sự cố" in body and 'lang="vi"' in body


def test_500_page_follows_the_chosen_language():
    status, body = _render("en")
    assert status == 500
    assert "The system is having a problem" in body and 'lang="en"' in body
    assert "Hệ thống" not in body
