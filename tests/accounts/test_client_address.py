"""Behind a reverse proxy the client's address comes from one rule
(``accounts.middleware.client_ip``, PROXY_COUNT): login throttling, the
classified-download log and the security log all record the client, never the
proxy (RELIABILITY.md T13, pitfall 8)."""

from __future__ import annotations

import pytest
from axes.helpers import get_client_ip_address
from axes.models import AccessAttempt
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory
from django.urls import reverse

from accounts.middleware import client_ip
from coordination.models import AttachmentAccessLog
from tests.factories import PASSWORD, make_request

PROXY = "127.0.0.1"  # nginx on the same machine
CLIENT = "203.0.113.9"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
LOGIN = "/dang-nhap/"


def _request(forwarded=None, remote=PROXY):
    meta = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **meta)


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, None, PROXY),
        (0, CLIENT, PROXY),  # no proxy trusted: the header is the client's word
        (1, CLIENT, CLIENT),
        (1, f"6.6.6.6, {CLIENT}", CLIENT),  # a forged left part is ignored
        (1, f" 6.6.6.6 ,{CLIENT} ", CLIENT),
        (2, f"6.6.6.6, {CLIENT}, 10.0.0.2", CLIENT),
        (2, CLIENT, PROXY),  # fewer entries than proxies: not trusted
        (1, None, PROXY),
        (1, "not-an-address", PROXY),
        (1, "2001:db8::7", "2001:db8::7"),
    ],
)
def test_client_ip_follows_the_proxy_count(settings, proxies, forwarded, expected):
    settings.PROXY_COUNT = proxies
    assert client_ip(_request(forwarded)) == expected


def test_client_ip_never_returns_text_that_is_not_an_address(settings):
    settings.PROXY_COUNT = 0
    assert client_ip(_request(remote="127.0.0.1\r\nINFO forged")) is None


def test_login_throttling_uses_the_same_rule(settings):
    """django-axes asks ``client_ip`` (AXES_CLIENT_IP_CALLABLE), so PROXY_COUNT
    means the same thing for throttling as for the logs."""
    settings.PROXY_COUNT = 1
    request = _request(f"6.6.6.6, {CLIENT}")
    assert get_client_ip_address(request) == client_ip(request) == CLIENT


def test_failed_login_behind_the_proxy_locks_the_client_not_the_proxy(
    client, ward, settings
):
    settings.PROXY_COUNT = 1
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            LOGIN,
            {"username": ward.secretary_a.username, "password": "sai"},
            REMOTE_ADDR=PROXY,
            HTTP_X_FORWARDED_FOR="10.0.0.1",
        )
    attempt = AccessAttempt.objects.get(username=ward.secretary_a.username)
    assert attempt.ip_address == "10.0.0.1"
    locked = client.post(
        LOGIN,
        {"username": ward.secretary_a.username, "password": PASSWORD},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR="10.0.0.1",
    )
    assert locked.status_code == 429
    # The same user from another client behind the same proxy is not locked.
    other = client.post(
        LOGIN,
        {"username": ward.secretary_a.username, "password": PASSWORD},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR="10.0.0.2",
    )
    assert other.status_code == 302


def test_classified_download_log_records_the_client(client, ward, settings, caplog):
    settings.PROXY_COUNT = 1
    req = make_request(
        by=ward.cleared_officer,
        sender=ward.police,
        recipients=[ward.cell_b],
        confidentiality=1,
        files=[SimpleUploadedFile("mat.pdf", PDF)],
    )
    attachment = req.attachments.get()
    client.force_login(ward.cleared_officer)
    url = reverse("coordination:request-attachment-download", args=[attachment.pk])
    with caplog.at_level("INFO", logger="security"):
        response = client.get(
            url, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=f"6.6.6.6, {CLIENT}"
        )
    assert response.status_code == 200
    assert AttachmentAccessLog.objects.get().ip_address == CLIENT
    logged = [r.getMessage() for r in caplog.records if r.name == "security"]
    assert any(
        "classified_download" in m and f"client={CLIENT}" in m for m in logged
    ), logged
    assert not any(PROXY in m or "6.6.6.6" in m for m in logged), logged


def test_security_events_name_the_client(client, ward, settings, caplog):
    """authz_denied is logged where no request is at hand
    (coordination.permissions): the address still comes from the request."""
    settings.PROXY_COUNT = 1
    req = make_request(
        by=ward.secretary_a, sender=ward.cell_a, recipients=[ward.police]
    )
    client.force_login(ward.secretary_b)
    with caplog.at_level("WARNING", logger="security"):
        response = client.get(
            req.get_absolute_url(), REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=CLIENT
        )
    assert response.status_code == 404
    denied = [r for r in caplog.records if "authz_denied" in r.getMessage()]
    assert len(denied) == 1
    assert denied[0].getMessage().endswith(f"client={CLIENT}")
    assert denied[0].client_ip == CLIENT


def test_security_events_outside_a_request_have_no_client(caplog):
    import logging

    with caplog.at_level("WARNING", logger="security"):
        logging.getLogger("security").warning("authz_denied user=%s", 1)
    assert caplog.records[-1].getMessage() == "authz_denied user=1"
