"""A cell secretary looks a duty up: search "trat tu" without diacritics, open
Điều 5 from the hits, see each duty marked by side and mode; then the
who-does-what matrix. Screenshots go to var/screenshots/."""

import re

from django.core.management import call_command
from playwright.sync_api import expect

from .conftest import login, screenshot


def test_search_open_article_and_see_its_duties(
    page, live_server, transactional_db, ward
):
    call_command("load_regulations", verbosity=0)
    login(page, live_server, ward.secretary_a.username, ward.password)

    page.get_by_role("navigation", name="Điều hướng chính").get_by_role(
        "link", name="Quy chế", exact=True
    ).click()
    expect(
        page.get_by_role("heading", name="Quy chế phối hợp", exact=True)
    ).to_be_visible()
    page.get_by_label("Tìm trong các quy chế đang có hiệu lực").fill("trat tu")
    page.get_by_role("button", name="Tìm").click()

    expect(page.get_by_role("status")).to_contain_text("điều khoản phù hợp")
    marks = page.locator("mark")
    expect(marks.first).to_have_text(re.compile("trật tự", re.IGNORECASE))
    assert marks.count() > 10
    screenshot(page, "regulations_search")

    page.get_by_role(
        "link",
        name=re.compile("Điều 5 Trách nhiệm phối hợp trong công tác bảo đảm trật tự"),
    ).click()
    heading = page.get_by_role("heading", name=re.compile(r"^Điều 5\."))
    expect(heading).to_be_visible()
    expect(heading.locator("mark")).to_have_text("trật tự")  # the hit stays marked
    lead = page.locator(".duty--lead")
    expect(lead).to_have_count(9)
    expect(lead.first).to_contain_text("Chủ trì")
    expect(lead.first).to_contain_text("Đảng ủy Công an phường")
    expect(page.locator(".duty--lead", has_text="Các chi, đảng bộ")).to_have_count(4)
    expect(page.locator(".duty--lead", has_text="Ngay")).to_have_count(2)
    screenshot(page, "regulations_article")

    page.get_by_role("link", name="Ai làm gì").click()
    expect(page.get_by_role("heading", name=re.compile("Ai làm gì"))).to_be_visible()
    screenshot(page, "regulations_matrix")
    page.get_by_role(
        "row", name=re.compile("Bảo đảm trật tự, an toàn xã hội")
    ).get_by_role("link", name=re.compile("Phối hợp")).first.click()
    expect(page.get_by_role("status")).to_contain_text("0 điều khoản")


def test_article_page_on_a_phone(phone_page, live_server, transactional_db, ward):
    call_command("load_regulations", verbosity=0)
    login(phone_page, live_server, ward.deputy_a.username, ward.password)
    phone_page.goto(f"{live_server.url}/quy-che/qc-phuong-hai-duong/v1/d/d7/")
    expect(phone_page.locator(".duty").first).to_be_visible()
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"page scrolls sideways on a phone ({width}px)"
    screenshot(phone_page, "regulations_article_phone")
