"""The admin pages of django-guardian and django-simple-history read in
Vietnamese (they ship no Vietnamese catalogue: ours is locale_vendor/)."""

import shutil
import subprocess

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

VENDOR_PO = settings.BASE_DIR / "locale_vendor" / "vi" / "LC_MESSAGES" / "django.po"


def test_history_page_is_vietnamese(client, ward):
    client.force_login(ward.admin)
    url = reverse("admin:coordination_organization_history", args=[ward.cell_a.pk])
    body = client.get(url).content.decode()
    assert "Người thay đổi" in body and "Lý do thay đổi" in body
    assert "Changed by" not in body and "Change reason" not in body


def test_object_permissions_page_is_vietnamese(client, ward):
    client.force_login(ward.admin)
    url = reverse("admin:coordination_organization_permissions", args=[ward.cell_a.pk])
    body = client.get(url).content.decode()
    assert "Quyền trên đối tượng" in body and "Quyền của nhóm" in body
    assert "Object permissions" not in body and "Group permissions" not in body
    change = reverse("admin:coordination_organization_change", args=[ward.cell_a.pk])
    body = client.get(change).content.decode()
    assert "Lịch sử" in body and "Quyền trên đối tượng" in body


def test_vendor_catalogue_leaves_english_and_django_alone():
    with translation.override("en"):
        assert translation.gettext("Changed by") == "Changed by"
    with translation.override("vi"):
        # Django's own Vietnamese still applies where we add nothing.
        assert translation.gettext("Log out") == "Thoát"
        assert translation.gettext("Object permissions") == "Quyền trên đối tượng"


@pytest.mark.skipif(not shutil.which("msgfmt"), reason="gettext not installed")
def test_vendor_catalogue_is_compiled(tmp_path):
    out = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "-o", str(out), str(VENDOR_PO)], check=True)
    assert out.read_bytes() == VENDOR_PO.with_suffix(".mo").read_bytes()
