"""Access to exchange reports: the role × URL × method matrix (T02),
horizontal IDOR (T03), list/table/count scoping (T04), mass assignment (T05),
classified leakage (T06), and no server error from any input.

Each row of the matrix builds its scene once and tries every role in a
savepoint that is rolled back (loading the regulations costs seconds: one
scene per row and role would take many minutes)."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import URLPattern, reverse

from coordination.exchanges import forms as exchange_forms
from coordination.exchanges import periods, services, workflow
from coordination.exchanges import urls as exchange_urls
from coordination.exchanges.selectors import report_duties
from coordination.models import (
    ExchangeAcknowledgement,
    ExchangeAttachment,
    ExchangeEvent,
    ExchangeReport,
    ExchangeRound,
    ExchangeSchedule,
)
from coordination.permissions import visible_exchange_reports
from tests.factories import make_user

from .access_table import ANON, ROLES, ROWS
from .conftest import H1_DAY, fresh, report_of

State = ExchangeReport.State
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
SECRET_WORDS = ["Chuyên đề mật Z", "Nội dung mật Y", "mat.pdf"]


def _pdf(name="phu-luc.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def build_scene(ward, rounds, only: str | None = None) -> dict:
    """The objects of the access table (see access_table.py); with ``only``
    just that one."""
    a, sa, off = ward.cell_a, fresh(ward.secretary_a), fresh(ward.officer)

    def draft():
        report = report_of(rounds["h1"], a)
        services.save_draft(
            report=report, by=sa, fields={"results": "Nháp của chi bộ A"}
        )
        services.save_attachment(report=report, file=_pdf("nhap.pdf"), by=sa)
        report.refresh_from_db()
        return report

    def submitted():
        report = report_of(rounds["h2"], a)
        services.save_draft(
            report=report, by=sa, fields={"results": "Đã phối hợp"}, files=[_pdf()]
        )
        return services.submit_report(report=report, by=sa)

    def police():
        report = report_of(rounds["h1"], ward.police)
        services.save_draft(report=report, by=off, fields={"results": "Công an"})
        return services.submit_report(report=report, by=off)

    def ad_hoc(topic, due):
        return periods.open_ad_hoc_round(
            ward=ward.root, by=off, topic=topic, organizations=[a], due_date=due
        )

    def locked():
        round_ = ad_hoc("Vụ việc đã khóa sổ", datetime.date(2026, 6, 1))
        assert round_.is_locked()
        return report_of(round_, a)

    def secret():
        round_ = ad_hoc("Chuyên đề mật Z", datetime.date(2026, 7, 20))
        round_.reports.update(confidentiality=1)
        report = report_of(round_, a)
        ExchangeReport.objects.filter(pk=report.pk).update(
            results="Nội dung mật Y",
            state=State.SUBMITTED,
            submission=1,
            first_submitted_at=datetime.datetime(2026, 7, 1, tzinfo=datetime.UTC),
            submitted_at=datetime.datetime(2026, 7, 1, tzinfo=datetime.UTC),
        )
        services.save_attachment(report=report, file=_pdf("mat.pdf"), by=sa)
        report.refresh_from_db()
        return report

    builders = {
        "h1": lambda: rounds["h1"],
        "draft": draft,
        "submitted": submitted,
        "police": police,
        "locked": locked,
        "secret": secret,
    }
    objs: dict = {}
    for key, build in builders.items():
        if only is None or key == only:
            objs[key] = build()
    for key in ("draft", "submitted", "secret"):
        if key in objs:
            objs[f"{key}:attachment"] = ExchangeAttachment.objects.get(report=objs[key])
    return objs


def _user_for(ward, role):
    if role == "anon":
        return None
    if role == "inactive":
        user = make_user("inactive_a", org=ward.cell_a)
        user.is_active = False
        user.save()
        return user
    return getattr(ward, role)


def _url(name, objs, key, extra):
    kwargs = dict(extra)
    if key:
        kwargs["pk"] = objs[key].pk
    return reverse(name, kwargs=kwargs)


def _fill(data, ward, obj) -> dict:
    values = {
        "version": getattr(obj, "version", ""),
        "ward": ward.root.pk,
        "cell_a": ward.cell_a.pk,
    }

    def one(value):
        return value.format(**values) if isinstance(value, str) else value

    return {
        k: [one(v) for v in value] if isinstance(value, list) else one(value)
        for k, value in (data or {}).items()
    }


def _marks() -> dict:
    """The last row of every table a POST may write (to tell what it wrote)."""
    tables = {
        "report_history": ExchangeReport.history,
        "round_history": ExchangeRound.history,
        "schedule_history": ExchangeSchedule.history,
    }
    marks = {
        name: manager.order_by("-history_id")
        .values_list("history_id", flat=True)
        .first()
        or 0
        for name, manager in tables.items()
    }
    for model in (ExchangeEvent, ExchangeAcknowledgement, ExchangeAttachment):
        marks[model.__name__] = (
            model.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        )
    return marks


def _written_since(marks: dict, user=None) -> list:
    """What was written after ``marks`` (by ``user`` when given: history rows
    only, they carry who)."""
    histories = [
        ExchangeReport.history.filter(history_id__gt=marks["report_history"]),
        ExchangeRound.history.filter(history_id__gt=marks["round_history"]),
        ExchangeSchedule.history.filter(history_id__gt=marks["schedule_history"]),
    ]
    if user is not None:
        return [row for qs in histories for row in qs.filter(history_user=user)]
    rows = [row for qs in histories for row in qs]
    for model in (ExchangeEvent, ExchangeAcknowledgement, ExchangeAttachment):
        rows += list(model.objects.filter(pk__gt=marks[model.__name__]))
    return rows


ROW_IDS = [
    f"{row[0].split(':')[1]}-{row[1]}-{row[2].get('action', '')}-{row[3]}"
    for row in ROWS
]


@pytest.mark.parametrize("row", ROWS, ids=ROW_IDS)
def test_access_matrix(client, ward, rounds, july, row):
    name, key, extra, method, data, expected = row
    objs = build_scene(ward, rounds, only=key.split(":")[0] if key else "")
    url = _url(name, objs, key, extra)
    post = _fill(data, ward, objs.get(key.split(":")[0]) if key else None)
    wrong = []
    for role in ROLES:
        with transaction.atomic():
            client.logout()
            user = _user_for(ward, role)
            if user is not None:
                client.force_login(user)
            marks = _marks()
            response = client.post(url, post) if method == "POST" else client.get(url)
            status = response.status_code
            if status != expected[role]:
                wrong.append((role, status, expected[role]))
            elif method == "POST" and status == 302 and role not in ANON:
                # An actor's 302 is the change done, not a refusal sent back.
                if not _written_since(marks, user):
                    wrong.append((role, "302 without a change"))
            elif method == "POST" and _written_since(marks):
                wrong.append((role, status, "wrote something"))
            if role in ANON and status == 302:
                assert response["Location"].startswith(reverse("accounts:login"))
            transaction.set_rollback(True)
    assert not wrong, (url, method, wrong)


def test_every_exchange_route_has_a_row():
    covered = {row[0] for row in ROWS}
    names = {
        f"coordination:{p.name}"
        for p in exchange_urls.urlpatterns
        if isinstance(p, URLPattern)
    }
    assert names - covered == set()
    for row in ROWS:
        assert set(row[5]) == set(ROLES), row[:4]


# --- T03: another organisation's report by id ---------------------------------------------


def test_another_cells_report_is_404_and_nothing_changes(client, ward, rounds, july):
    objs = build_scene(ward, rounds)
    client.force_login(ward.secretary_b)
    marks = _marks()
    for key in ("draft", "submitted", "locked"):
        report = objs[key]
        for url, data in [
            (report.get_absolute_url(), None),
            (
                reverse("coordination:exchange-save", args=[report.pk]),
                {"results": "hack", "confidentiality": "0", "version": report.version},
            ),
            *[
                (reverse("coordination:exchange-action", args=[report.pk, a]), d)
                for a, d in [
                    ("submit", {}),
                    ("accept", {}),
                    ("return", {"reason": "x"}),
                    ("reopen", {"reason": "x"}),
                ]
            ],
        ]:
            response = client.post(url, data) if data is not None else client.get(url)
            assert response.status_code == 404, url
    for key in ("draft:attachment", "submitted:attachment"):
        pk = objs[key].pk
        url = reverse("coordination:exchange-attachment-download", args=[pk])
        assert client.get(url).status_code == 404
    for pk in (objs["draft"].pk - 1, objs["submitted"].pk + 1, 999999):
        report = ExchangeReport.objects.filter(pk=pk).first()
        expected = (
            200 if report in visible_exchange_reports(fresh(ward.secretary_b)) else 404
        )
        url = reverse("coordination:exchange-detail", args=[pk])
        assert client.get(url).status_code == expected
    ad_hoc = objs["locked"].round
    assert client.get(ad_hoc.get_absolute_url()).status_code == 404
    assert not _written_since(marks)


def test_refused_access_is_logged_once(client, ward, rounds, july, caplog):
    objs = build_scene(ward, rounds, only="draft")
    client.force_login(ward.secretary_b)
    with caplog.at_level("WARNING", logger="security"):
        client.get(objs["draft"].get_absolute_url())
    denied = [r for r in caplog.records if "authz_denied" in r.getMessage()]
    assert len(denied) == 1
    assert f"user={ward.secretary_b.pk}" in denied[0].getMessage()


# --- T04: lists, tables and counts ------------------------------------------------------


def test_lists_and_counts_only_show_what_the_user_can_open(client, ward, rounds, july):
    objs = build_scene(ward, rounds)
    h1 = rounds["h1"]
    a_report = objs["draft"]
    b_report = report_of(h1, ward.cell_b)
    _submit(b_report, ward.secretary_b)
    visible = set(
        visible_exchange_reports(fresh(ward.secretary_b)).values_list("pk", flat=True)
    )
    assert a_report.pk not in visible and b_report.pk in visible
    client.force_login(ward.secretary_b)
    list_url = reverse("coordination:exchange-list")
    for query in (
        "",
        "?tab=owed",
        "?tab=waiting",
        f"?round={h1.pk}",
        f"?round={objs['locked'].round_id}",
        f"?round={h1.pk}&status=expected",
        "?status=missing&state=draft",
        "?page=2",
    ):
        response = client.get(list_url + query)
        assert response.status_code == 200
        shown = {r.pk for r in response.context["page"].object_list}
        assert shown <= visible, query
        assert a_report.pk not in shown
        assert response.context["page"].paginator.count <= len(visible)
        assert f'data-report="{a_report.pk}"' not in response.content.decode()
    # the round select offers only rounds with a report cell B may open
    offered = {pk for pk, _label in response.context["filter"].fields["round"].choices}
    assert h1.pk in offered and objs["locked"].round_id not in offered
    # the table: cell B's own row and the police's report to the cells
    response = client.get(reverse("coordination:exchange-round", args=[h1.pk]))
    table = response.context["table"]
    assert {(r.organization, r.direction) for r in table.rows} == {
        (ward.cell_b, "to_police"),
        (ward.police, "to_cells"),
    }
    assert table.counts["expected"] == 2
    assert table.counts["submitted"] == 2  # cell B's and the police's
    assert f'data-report="{a_report.pk}"' not in response.content.decode()
    # the police committee sees the whole ward's round
    client.force_login(ward.officer)
    table = client.get(reverse("coordination:exchange-round", args=[h1.pk])).context[
        "table"
    ]
    assert table.counts["expected"] == 4 and len(table.rows) == 4


def _submit(report, user):
    services.save_draft(report=report, by=fresh(user), fields={"results": "x"})
    return services.submit_report(report=report, by=fresh(user))


# --- T05: extra posted fields -----------------------------------------------------------


def test_posted_extra_fields_are_ignored(client, ward, rounds, july):
    h1 = rounds["h1"]
    report = report_of(h1, ward.cell_a)
    police_duty = report_duties(report_of(h1, ward.police))[0]
    own_duty = report_duties(report)[0]
    client.force_login(ward.secretary_a)
    response = client.post(
        reverse("coordination:exchange-save", args=[report.pk]),
        {
            "confidentiality": "0",
            "version": report.version,
            "results": "Kết quả",
            f"duty-{own_duty.pk}": "Việc của chi bộ",
            f"duty-{police_duty.pk}": "Việc của công an",
            "new_policies": "Chỉ báo cáo của công an có phần này",
            "state": "accepted",
            "organization": ward.cell_b.pk,
            "round": rounds["year"].pk,
            "direction": "to_cells",
            "submitted_late": "on",
            "returned_count": "7",
            "submission": "9",
            "draft_saved_by": ward.officer.pk,
            "completed": ["anqg"],
        },
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.state == State.DRAFT
    assert report.organization == ward.cell_a and report.round == h1
    assert report.direction == "to_police"
    assert not report.submitted_late
    assert (report.returned_count, report.submission) == (0, 0)
    assert report.draft_saved_by == ward.secretary_a
    assert report.new_policies == ""
    assert set(report.entries.values_list("responsibility_id", flat=True)) == {
        own_duty.pk
    }
    # a confidentiality above the user's clearance is refused by the form
    response = client.post(
        reverse("coordination:exchange-save", args=[report.pk]),
        {"confidentiality": "1", "version": report.version, "results": "x"},
    )
    assert response.status_code == 200
    assert "confidentiality" in response.context["form"].errors
    report.refresh_from_db()
    assert report.confidentiality == 0 and report.results == "Kết quả"
    # a transition's form takes only its own fields
    _submit(report, ward.secretary_a)
    client.force_login(ward.officer)
    response = client.post(
        reverse("coordination:exchange-action", args=[report.pk, "accept"]),
        {"state": "returned", "organization": ward.cell_c.pk, "results": "đổi"},
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.state == State.ACCEPTED
    assert report.organization == ward.cell_a and report.results == "x"
    # an ad hoc round's cells come from the chosen ward only
    other = make_user("other_ward_cell_user")
    response = client.post(
        reverse("coordination:exchange-round-create"),
        {
            "ward": ward.root.pk,
            "topic": "Chủ đề",
            "organizations": [ward.cell_a.pk, ward.standing.pk],
            "due_date": "2026-07-20",
            "opened_by": other.pk,
            "kind": "h1",
        },
    )
    assert response.status_code == 200
    assert "organizations" in response.context["form"].errors
    assert not ExchangeRound.objects.filter(kind="ad_hoc").exists()


# --- T06: classified reports --------------------------------------------------------------


def test_classified_report_never_shown_without_clearance(client, ward, rounds, july):
    objs = build_scene(ward, rounds, only="secret")
    secret = objs["secret"]
    pages = [
        reverse("coordination:exchange-list"),
        reverse("coordination:exchange-list") + "?tab=waiting",
        reverse("coordination:exchange-timeliness"),
        reverse("coordination:exchange-timeliness") + f"?round={secret.round_id}",
        reverse("accounts:home"),
    ]
    for role in (
        "secretary_a",
        "deputy_a",
        "staff_a",
        "officer",
        "police_staff",
        "standing_member",
        "office_staff",
        "admin",
        "secretary_b",
    ):
        client.force_login(getattr(ward, role))
        for url in pages:
            response = client.get(url)
            body = response.content.decode()
            for word in SECRET_WORDS:
                assert word not in body, (role, url, word)
            assert f'data-report="{secret.pk}"' not in body
            if "table" in (response.context or {}):
                assert response.context["table"].counts["expected"] == len(
                    response.context["table"].rows
                )
        for url in (
            secret.get_absolute_url(),
            secret.round.get_absolute_url(),
            reverse(
                "coordination:exchange-attachment-download",
                args=[objs["secret:attachment"].pk],
            ),
        ):
            assert client.get(url).status_code == 404, (role, url)
    # the cleared officer reads it in full; the download is logged
    client.force_login(ward.cleared_officer)
    body = client.get(secret.get_absolute_url()).content.decode()
    assert "Nội dung mật Y" in body and "Chuyên đề mật Z" in body
    table = client.get(secret.round.get_absolute_url()).context["table"]
    assert secret in table.rows
    listed = client.get(reverse("coordination:exchange-list")).content.decode()
    assert f'data-report="{secret.pk}"' in listed


def test_classified_download_is_logged(client, ward, rounds, july, caplog):
    objs = build_scene(ward, rounds, only="secret")
    client.force_login(ward.cleared_officer)
    url = reverse(
        "coordination:exchange-attachment-download", args=[objs["secret:attachment"].pk]
    )
    with caplog.at_level("INFO", logger="security"):
        assert client.get(url).status_code == 200
    assert any("classified_download" in r.getMessage() for r in caplog.records)


# --- Hardening: no server error from any input -----------------------------------------


def _sweep_fields(form_class, *extra) -> dict:
    return {**dict.fromkeys(extra), **form_class.base_fields}


def test_exchange_forms_never_answer_a_server_error(client, ward, rounds, july):
    from tests.test_input_sweep import _sweep

    objs = build_scene(ward, rounds)
    draft = objs["draft"]
    client.force_login(ward.secretary_a)
    duty = report_duties(draft)[0]
    fields = {
        **_sweep_fields(exchange_forms.ReportForm, "autosave", "submit"),
        f"duty-{duty.pk}": exchange_forms.ReportForm.base_fields["results"],
    }
    fields.pop("files")
    _sweep(
        client,
        "POST",
        reverse("coordination:exchange-save", args=[draft.pk]),
        fields,
        {"confidentiality": "0", "version": str(draft.version), "results": "x"},
    )
    _sweep(
        client,
        "GET",
        reverse("coordination:exchange-list"),
        {**_sweep_fields(exchange_forms.ReportFilterForm), "page": None},
    )
    _sweep(client, "GET", reverse("coordination:exchange-timeliness"), {"round": None})
    client.force_login(ward.officer)
    submitted = objs["submitted"]
    for action in ("accept", "return"):
        form = getattr(exchange_forms, workflow.TRANSITIONS[action].form)
        _sweep(
            client,
            "POST",
            reverse("coordination:exchange-action", args=[submitted.pk, action]),
            _sweep_fields(form, "reason"),
        )
    _sweep(
        client,
        "POST",
        reverse("coordination:exchange-round-create"),
        _sweep_fields(exchange_forms.AdHocRoundForm),
        {"ward": str(ward.root.pk), "topic": "x", "due_date": "2026-07-20"},
    )
    client.force_login(ward.standing_member)
    _sweep(
        client,
        "POST",
        reverse("coordination:exchange-schedule"),
        _sweep_fields(exchange_forms.ScheduleForm, "ward"),
        {"due_days": "5", "lock_days": "10"},
    )
    assert H1_DAY  # the scene is the fixture's 2026 rounds
