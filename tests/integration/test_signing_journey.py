# ruff: noqa: F811  (the fixtures imported below are used as arguments)
"""The report on the regulation's implementation from the lock date to the
standing committee's download (issue 14, "done when"): the day after the H1
round's lock date a real worker (its clock moved by time-machine) compiles
the draft; the police committee's secretary signs it in Chromium and gets
number 1-BC/ĐUCA, then signs the year's report and gets 2-BC/ĐUCA; a standing
committee member downloads the signed PDF in the browser and its SHA-256 is
the archive's. Needs PostgreSQL, Redis and Chromium (skipped without them
unless REQUIRE_SERVICES=1). Screenshot: var/screenshots/signing_*.png."""

from __future__ import annotations

import datetime
import hashlib
import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from reports.models import ArchivedDocument, ReportDraft
from reports.tasks import create_scheduled_drafts_task
from tests.coordination.exchanges.conftest import (  # noqa: F401
    h1,
    rounds,
    ward_regulation,
)
from tests.e2e.conftest import (  # noqa: F401
    browser,
    console_watch,
    login,
    page,
    screenshot,
)

from .conftest import WORKER_ARGS, celery_process, free_port, publishing_to, wait_for

pytestmark = pytest.mark.e2e


def _sign(page, live_server, draft: ReportDraft, symbol: str) -> None:
    page.goto(live_server.url + draft.get_absolute_url())
    page.get_by_role("button", name="Đã ký").click()
    # The job's page polls until the worker has signed.
    expect(page.get_by_text(f"Đã ký báo cáo số {symbol}")).to_be_visible(timeout=60_000)


def test_compiled_by_the_worker_signed_numbered_archived_and_downloaded(
    postgres, redis_url, smtp_sink, live_server, ward, h1, page, tmp_path
):
    queue = f"test-{os.getpid()}-{free_port()}"
    day = h1.lock_date + datetime.timedelta(days=1)
    with (
        publishing_to(redis_url, queue),
        celery_process(
            "worker",
            broker_url=redis_url,
            smtp_port=smtp_sink.port,
            tmp_path=tmp_path,
            args=(*WORKER_ARGS, "-Q", queue),
            ready_text="ready",
            fake_now=f"{day.isoformat()}T07:35:00+07:00",
            env={"CELERY_TASK_DEFAULT_QUEUE": queue},
        ),
    ):
        create_scheduled_drafts_task.delay()
        draft = wait_for(lambda: ReportDraft.objects.filter(round=h1).first(), 60)
    assert draft is not None, "the worker compiled no draft"
    assert draft.created_by == ward.officer and draft.data_refreshed_at

    # The police committee's secretary signs the H1 report, then the year's.
    login(page, live_server, ward.officer.username, ward.password)
    _sign(page, live_server, draft, "1-BC/ĐUCA")
    year = ReportDraft.objects.create(
        ward=ward.root, year=h1.year, created_by=ward.officer
    )
    _sign(page, live_server, year, "2-BC/ĐUCA")
    screenshot(page, "signing_second_report_signed")
    archived = ArchivedDocument.objects.select_related("register_entry").get(
        draft=draft
    )
    assert archived.register_entry.symbol == "1-BC/ĐUCA"

    # A standing committee member downloads the signed PDF in the browser.
    page.context.clear_cookies()
    login(page, live_server, ward.standing_member.username, ward.password)
    page.goto(live_server.url + archived.get_absolute_url())
    expect(page.locator("code.sha256")).to_have_text(archived.sha256)
    with page.expect_download() as info:
        page.get_by_role("link", name="Tải PDF đã ký").click()
    data = Path(info.value.path()).read_bytes()
    stored = bytes(
        ArchivedDocument.objects.values_list("content", flat=True).get(pk=archived.pk)
    )
    assert data.startswith(b"%PDF") and data == stored
    assert hashlib.sha256(data).hexdigest() == archived.sha256
