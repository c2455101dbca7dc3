import pytest
from django.urls import reverse

from tests.factories import PASSWORD

LOGIN = "/dang-nhap/"


@pytest.fixture
def secretary(ward):
    return ward.secretary_a


def test_login_page_is_vietnamese(client, db):
    response = client.get(LOGIN)
    body = response.content.decode()
    assert response.status_code == 200
    assert 'lang="vi"' in body
    assert "Tên đăng nhập" in body and "Mật khẩu" in body


def test_wrong_password_shows_clear_vietnamese_error(client, secretary):
    response = client.post(LOGIN, {"username": secretary.username, "password": "sai"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "Tên đăng nhập hoặc mật khẩu không đúng" in body
    assert 'class="error-summary"' in body


def test_login_rotates_session_key_and_lands_on_home(client, secretary):
    client.get(LOGIN)
    before = client.session.session_key
    response = client.post(
        LOGIN, {"username": secretary.username, "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:home")
    assert client.session.session_key != before


def test_repeated_failures_lock_the_account(client, secretary, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(LOGIN, {"username": secretary.username, "password": "sai"})
    response = client.post(
        LOGIN, {"username": secretary.username, "password": PASSWORD}
    )
    body = response.content.decode()
    assert response.status_code == 429
    assert "tạm khóa" in body
    assert "_auth_user_id" not in client.session


def test_lockout_is_per_username(client, ward, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(LOGIN, {"username": ward.secretary_a.username, "password": "sai"})
    response = client.post(
        LOGIN, {"username": ward.secretary_b.username, "password": PASSWORD}
    )
    assert response.status_code == 302


def test_logout_requires_post_and_ends_the_session(client, secretary):
    client.force_login(secretary)
    assert client.get(reverse("accounts:logout")).status_code == 405
    client.post(reverse("accounts:logout"))
    response = client.get(reverse("accounts:home"))
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)


def test_password_change_keeps_user_logged_in_and_rejects_weak(client, secretary):
    client.force_login(secretary)
    url = reverse("accounts:password-change")
    weak = client.post(
        url,
        {
            "old_password": PASSWORD,
            "new_password1": "12345678",
            "new_password2": "12345678",
        },
    )
    assert weak.status_code == 200
    assert 'class="error-summary"' in weak.content.decode()
    ok = client.post(
        url,
        {
            "old_password": PASSWORD,
            "new_password1": "Cay-bang-truoc-ngo-2026",
            "new_password2": "Cay-bang-truoc-ngo-2026",
        },
    )
    assert ok.status_code == 302
    assert client.get(reverse("accounts:home")).status_code == 200
    secretary.refresh_from_db()
    assert secretary.check_password("Cay-bang-truoc-ngo-2026")


def test_session_expires_when_idle(client, secretary, settings):
    assert settings.SESSION_SAVE_EVERY_REQUEST
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE
    client.force_login(secretary)
    session = client.session
    session.set_expiry(-1)
    session.save()
    response = client.get(reverse("accounts:home"))
    assert response.status_code == 302


def test_security_headers(client, secretary):
    client.force_login(secretary)
    response = client.get(reverse("accounts:home"))
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert "no-store" in response["Cache-Control"]


def test_password_change_ends_the_other_sessions(client, secretary):
    from django.test import Client

    other = Client()
    other.force_login(secretary)
    assert other.get(reverse("accounts:home")).status_code == 200
    client.force_login(secretary)
    client.post(
        reverse("accounts:password-change"),
        {
            "old_password": PASSWORD,
            "new_password1": "Cay-bang-truoc-ngo-2026",
            "new_password2": "Cay-bang-truoc-ngo-2026",
        },
    )
    assert client.get(reverse("accounts:home")).status_code == 200
    assert other.get(reverse("accounts:home")).status_code == 302


def test_vietnamese_by_default_even_for_an_english_browser(client, db):
    body = client.get(LOGIN, HTTP_ACCEPT_LANGUAGE="en-US,en").content.decode()
    assert "<h1>Đăng nhập</h1>" in body


def test_english_when_chosen(client, db):
    response = client.post(reverse("set_language"), {"language": "en", "next": LOGIN})
    assert response.status_code == 302
    body = client.get(LOGIN).content.decode()
    assert "<h1>Log in</h1>" in body and 'lang="en"' in body


def _fake_provider(user):
    import datetime

    from accounts.pending import PendingItem

    return [
        PendingItem("Trả lời đề nghị số 3", "/x/3/", due=datetime.date(2026, 12, 1)),
        PendingItem(
            "Báo cáo 6 tháng", "/x/9/", due=datetime.date(2026, 6, 30), overdue=True
        ),
    ]


def test_home_lists_pending_work_from_providers_overdue_first(
    client, secretary, settings
):
    settings.PENDING_WORK_PROVIDERS = ["tests.accounts.test_login._fake_provider"]
    client.force_login(secretary)
    response = client.get(reverse("accounts:home"))
    items = response.context["pending_items"]
    assert [i.title for i in items] == ["Báo cáo 6 tháng", "Trả lời đề nghị số 3"]
    assert "Quá hạn" in response.content.decode()
