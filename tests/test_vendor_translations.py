"""The admin pages of django-guardian, django-simple-history and
django-celery-beat read in Vietnamese (they ship no Vietnamese catalogue:
ours is locale_vendor/)."""

import shutil
import subprocess

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django_celery_beat.models import IntervalSchedule, PeriodicTask

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


def test_periodic_task_admin_is_vietnamese(client, ward):
    every_5 = IntervalSchedule.objects.create(every=5, period=IntervalSchedule.MINUTES)
    PeriodicTask.objects.create(name="Thử nghiệm", task="tests.noop", interval=every_5)
    client.force_login(ward.admin)
    changelist = reverse("admin:django_celery_beat_periodictask_changelist")
    body = client.get(changelist).content.decode()
    assert "Tác vụ định kỳ" in body and "Lần chạy gần nhất" in body
    assert "Bật các tác vụ đã chọn" in body and "mỗi 5 phút" in body
    assert "Periodic Tasks" not in body and "Last Run Datetime" not in body
    assert "Enable selected tasks" not in body and "every 5 minutes" not in body
    add = reverse("admin:django_celery_beat_periodictask_add")
    body = client.get(add).content.decode()
    assert "Tác vụ (đã đăng ký)" in body and "Tùy chọn thực thi" in body
    assert "Lịch theo chu kỳ" in body and "Hàng đợi thay thế" in body
    assert "Execution Options" not in body and "Task (registered)" not in body
    assert "Interval Schedule" not in body and "Queue Override" not in body
