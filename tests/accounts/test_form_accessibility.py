"""Form fields point at their hint and error texts (aria-describedby) and say
when they are in error (aria-invalid), for screen readers."""

import re

from django.urls import reverse


def _input(body, name):
    return re.search(rf'<input[^>]*name="{name}"[^>]*>', body)[0]


def test_inputs_describe_hints_and_errors(client, ward):
    client.force_login(ward.secretary_a)
    url = reverse("accounts:password-change")
    body = client.post(
        url,
        {"old_password": "sai", "new_password1": "x", "new_password2": "y"},
    ).content.decode()
    old = _input(body, "old_password")
    assert 'aria-invalid="true"' in old
    described = re.search(r'aria-describedby="([^"]+)"', old)[1].split()
    for element_id in described:
        assert f'id="{element_id}"' in body, element_id
    assert "id_old_password_error" in described

    new = _input(body, "new_password1")
    described = re.search(r'aria-describedby="([^"]+)"', new)[1].split()
    assert "id_new_password1_helptext" in described
    for element_id in described:
        assert body.count(f'id="{element_id}"') == 1, element_id


def test_valid_field_is_not_marked_invalid(client, ward):
    client.force_login(ward.secretary_a)
    body = client.get(reverse("accounts:password-change")).content.decode()
    assert 'aria-invalid="true"' not in _input(body, "old_password")
