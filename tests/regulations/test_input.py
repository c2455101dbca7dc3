"""Bad input in the regulation pages: a message next to the field, the valid
criteria still applied, titles on one line."""

from django.urls import reverse

from regulations import services

from .conftest import WARD_CODE


def test_an_invalid_search_field_keeps_the_valid_ones(client, ward, loaded):
    client.force_login(ward.secretary_a)
    url = reverse("regulations:search")
    alone = client.get(url, {"q": "trat tu"}).context["page"].paginator.count
    response = client.get(url, {"q": "trat tu", "mode": "boss", "regulation": "²"})
    assert response.status_code == 200
    assert response.context["page"].paginator.count == alone > 0
    errors = response.context["form"].errors
    assert errors["mode"] == ["Giá trị “boss” không hợp lệ."]
    assert errors["regulation"] == ["Giá trị “²” không hợp lệ."]


def test_titles_are_one_line_and_texts_capped(client, ward, loaded):
    draft = services.create_version(regulation=loaded, by=ward.admin)
    client.force_login(ward.admin)
    url = reverse(
        "regulations:provision-edit",
        kwargs={"code": WARD_CODE, "version": draft.version, "ref": "d5"},
    )
    response = client.post(
        url, {"label": "Điều 5.", "title": "Một\ndòng", "text": "x" * 20_001}
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["title"][0].startswith("Chỉ nhập trên một dòng")
    assert errors["text"] == ["Tối đa 20000 ký tự (đang có 20001)."]
    body = client.get(url).content.decode()
    assert 'maxlength="20000"' in body and "Tối đa 20.000 ký tự." in body
