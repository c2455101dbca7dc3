"""Issue 20: one journey with the keyboard alone (Tab, Shift+Tab, Enter,
Space and typing; no click): a cell secretary logs in, opens the new request
form from the menu, ticks the recipient, fills the fields, sends, and finds
the request in the list; sent once without a subject, the error is tied to
the field (aria-invalid, aria-describedby). Every element the journey focuses shows a visible
focus outline. (axe-core checks each page on the way: tests/e2e/axe.py.)
Screenshots: var/screenshots/keyboard_*.png."""

from __future__ import annotations

from playwright.sync_api import expect

from coordination.models import CoordinationRequest

from .conftest import screenshot

MAX_TABS = 120

FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const style = getComputedStyle(el);
  const label = el.labels && el.labels.length ? el.labels[0].innerText : "";
  return {
    tag: el.tagName.toLowerCase(), id: el.id || "",
    text: (el.innerText || el.value || "").trim(),
    label: label.trim(), type: el.type || "",
    outline: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2,
  };
}"""


def tab_to(page, matches, *, backwards: bool = False) -> dict:
    """Press Tab (or Shift+Tab) until the focused element matches; it must
    show a visible focus outline."""
    key = "Shift+Tab" if backwards else "Tab"
    for _ in range(MAX_TABS):
        page.keyboard.press(key)
        focused = page.evaluate(FOCUSED)
        if focused and matches(focused):
            assert focused["outline"], f"no visible focus on {focused} [{page.url}]"
            return focused
    raise AssertionError(f"never reached by {key} on {page.url}")


def by_id(element_id):
    return lambda f: f["id"] == element_id


def by_text(text):
    return lambda f: f["text"] == text


def test_cell_secretary_sends_a_request_with_the_keyboard_alone(
    page, live_server, ward
):
    subject = "Phối hợp kiểm tra an toàn phòng cháy tại chợ Khu dân cư A"
    page.goto(f"{live_server.url}/dang-nhap/")
    tab_to(page, by_id("id_username"))
    page.keyboard.type(ward.secretary_a.username)
    tab_to(page, by_id("id_password"))
    page.keyboard.type(ward.password)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/")

    # The skip link comes first; then the menu.
    assert tab_to(page, lambda f: f["tag"] == "a")["text"] == (
        "Bỏ qua, đến nội dung chính"
    )
    tab_to(page, by_text("Đề nghị phối hợp"))
    page.keyboard.press("Enter")
    page.wait_for_url("**/de-nghi/")
    tab_to(page, by_text("Tạo đề nghị phối hợp"))
    page.keyboard.press("Enter")
    page.wait_for_url("**/de-nghi/tao-moi/")

    box = tab_to(
        page, lambda f: f["type"] == "checkbox" and f["label"] == ward.police.name
    )
    page.keyboard.press("Space")
    expect(page.locator(f"#{box['id']}")).to_be_checked()
    # Sent without a subject: the error is tied to its field.
    tab_to(page, by_text("Gửi đề nghị"))
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    subject_box = page.locator("#id_subject")
    expect(subject_box).to_have_attribute("aria-invalid", "true")
    described = subject_box.get_attribute("aria-describedby").split()
    assert "id_subject_error" in described, described
    expect(page.locator("#id_subject_error")).not_to_be_empty()
    expect(page.locator(f"#{box['id']}")).to_be_checked()  # kept
    tab_to(page, by_id("id_subject"))
    page.keyboard.type(subject)
    tab_to(page, by_id("id_content"))
    page.keyboard.type("Đề nghị Công an phường cử cán bộ cùng kiểm tra trong tuần.")
    screenshot(page, "keyboard_01_form")
    # Back up to the subject with Shift+Tab to check it kept the text.
    tab_to(page, by_id("id_subject"), backwards=True)
    expect(page.locator("#id_subject")).to_have_value(subject)
    tab_to(page, by_text("Gửi đề nghị"))
    page.keyboard.press("Enter")
    expect(page.locator(".message").first).to_contain_text("Đã gửi đề nghị phối hợp")
    sent = CoordinationRequest.objects.get(subject=subject)
    assert sent.sender_id == ward.cell_a.pk

    tab_to(page, by_text("Đề nghị phối hợp"))
    page.keyboard.press("Enter")
    page.wait_for_url("**/de-nghi/")
    tab_to(page, by_text("Đã gửi"))
    page.keyboard.press("Enter")
    page.wait_for_url("**/de-nghi/da-gui/")
    tab_to(page, lambda f: f["tag"] == "a" and subject in f["text"])
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{sent.get_absolute_url()}")
    expect(page.get_by_role("heading", level=1)).to_contain_text(subject)
    screenshot(page, "keyboard_02_sent")
