"""The "Tạo bản PDF" render-job button (and the XLSX link) on the exchange
report page and on the request dossier page, as on the compiled report's
page: the button queues a job for the object its reader may open."""

from __future__ import annotations

from django.urls import reverse

from reports.jobs import RenderJob

from .conftest import fresh


def _button(page: str, kind: str, pk: int) -> bool:
    return (
        f'name="kind" value="{kind}"' in page
        and f'name="object_id" value="{pk}"' in page
        and "Tạo bản PDF" in page
    )


def test_exchange_and_dossier_pages_queue_a_pdf(
    client, ward, submitted_report, dossier, django_capture_on_commit_callbacks
):
    client.force_login(fresh(ward.officer))
    exchange = client.get(
        reverse("coordination:exchange-detail", args=[submitted_report.pk])
    ).content.decode()
    assert _button(exchange, "exchange", submitted_report.pk)
    assert (
        reverse("reports:exchange-report-xlsx", args=[submitted_report.pk]) in exchange
    )
    request_page = client.get(
        reverse("coordination:request-detail", args=[dossier.pk])
    ).content.decode()
    assert _button(request_page, "dossier", dossier.pk)
    assert reverse("reports:request-dossier-xlsx", args=[dossier.pk]) in request_page
    create = reverse("reports:render-job-create")
    with django_capture_on_commit_callbacks(execute=False):
        response = client.post(
            create, {"kind": "dossier", "object_id": dossier.pk, "fmt": "pdf"}
        )
    job = RenderJob.objects.get()
    assert response["Location"] == job.get_absolute_url()
    assert (job.kind, job.object_id, job.user) == ("dossier", dossier.pk, ward.officer)
