"""First journeys in a real Chromium: a cell secretary logs in and sees only their
own organisation; a wrong password gives a Vietnamese error; repeated failures
lock the account. Screenshots go to var/screenshots/."""

from .conftest import login, screenshot


def test_cell_secretary_sees_own_home_page(page, live_server, ward):
    login(page, live_server, ward.secretary_a.username, ward.password)
    assert page.url == f"{live_server.url}/"
    assert page.get_by_role("heading", name="Việc của tôi").is_visible()
    rows = page.locator("tr.membership")
    assert rows.count() == 1
    assert ward.cell_a.name in rows.first.inner_text()
    body = page.content()
    assert ward.cell_b.name not in body
    assert "Quản trị" not in page.locator("nav.mainnav").inner_text()
    screenshot(page, "login_home_secretary")

    page.goto(f"{live_server.url}/to-chuc/")
    assert ward.cell_a.name in page.content()
    assert ward.cell_b.name not in page.content()


def test_home_page_on_a_phone(phone_page, live_server, ward):
    login(phone_page, live_server, ward.deputy_a.username, ward.password)
    assert phone_page.get_by_role("heading", name="Việc của tôi").is_visible()
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"page scrolls sideways on a phone ({width}px)"
    screenshot(phone_page, "login_home_phone")


def test_wrong_password_shows_vietnamese_error(page, live_server, ward):
    login(page, live_server, ward.secretary_a.username, "sai-mat-khau")
    alert = page.get_by_role("alert")
    assert "Tên đăng nhập hoặc mật khẩu không đúng" in alert.inner_text()
    assert "/dang-nhap/" in page.url
    screenshot(page, "login_wrong_password")


def test_repeated_failures_lock_the_account(page, live_server, ward, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(page, live_server, ward.secretary_b.username, "sai-mat-khau")
    login(page, live_server, ward.secretary_b.username, ward.password)
    assert "tạm khóa" in page.content()
    assert page.get_by_role("heading", name="Tài khoản tạm khóa đăng nhập").is_visible()
    screenshot(page, "login_locked_out")
