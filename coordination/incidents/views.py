"""Pages for urgent situations. Views only fetch through
``permissions.get_incident_for_user`` / ``visible_incidents`` (via the
selectors), validate a form, call one service and redirect."""

from __future__ import annotations

import logging

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from ..organizations.models import Organization
from ..permissions import (
    acting_org_ids,
    get_incident_for_user,
    visible_exchange_reports,
    visible_incidents,
    visible_requests,
)
from ..requests.views import attachment_disposition
from . import forms, selectors, services, workflow
from .models import ActionItem, IncidentAttachment

logger = logging.getLogger("security")
PAGE_SIZE = 25
TEMPLATES = "coordination/incidents/"
EVENT_LABELS = {
    "create": gettext_lazy("Tạo dự thảo"),
    "remind": gettext_lazy("Nhắc Thường trực: có đơn vị chưa xác nhận"),
    "item-done": gettext_lazy("Báo hoàn thành việc được giao"),
    **{a: t.label for a, t in workflow.TRANSITIONS.items()},
}


def incident_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    reporters = Organization.objects.filter(
        pk__in=visible_incidents(user).values("reporter_id")
    ).order_by("name")
    flt = forms.IncidentFilterForm(request.GET or None, organizations=reporters)
    qs = selectors.incident_list(
        user,
        area=flt.value("area") or "",
        organization_id=flt.value("organization"),
        month=flt.value("month"),
        state=flt.value("state") or "",
        severity=flt.value("severity"),
        status=flt.value("status") or "",
    )
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        TEMPLATES + "incident_list.html",
        {
            "filter": flt,
            "page": page,
            "querystring": params.urlencode(),
            "can_report": bool(forms.reporting_orgs(user)),
        },
    )


def incident_create(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not forms.reporting_orgs(user):
        raise PermissionDenied
    if request.method == "POST":
        form = forms.IncidentForm(request.POST, request.FILES, user=user)
        if form.is_valid():
            report_now = "report" in request.POST
            try:
                incident = services.create_incident(
                    by=user, report=report_now, **form.service_kwargs()
                )
            except ValidationError as exc:
                form.add_error("files", exc)
            except workflow.TransitionError as exc:
                form.add_error(None, str(exc))
            else:
                if report_now:
                    messages.success(request, _("Đã báo cáo tình huống."))
                else:
                    messages.success(request, _("Đã lưu dự thảo."))
                return redirect(incident)
    else:
        form = forms.IncidentForm(user=user)
    return render(request, TEMPLATES + "incident_form.html", {"form": form})


def incident_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    incident = get_incident_for_user(user, pk)
    services.mark_opened(incident=incident, by=user)
    detail = selectors.incident_detail(user, incident)
    acting = acting_org_ids(user)
    today = timezone.localdate()
    items = [
        (item, item.is_overdue(today), item.owner_id in acting and not item.done_at)
        for item in detail.action_items
    ]
    return render(
        request,
        TEMPLATES + "incident_detail.html",
        {
            "object": incident,
            "detail": detail,
            "items": items,
            # Only those the user may open himself.
            "related_requests": visible_requests(user).filter(incidents=incident),
            "related_exchanges": visible_exchange_reports(user).filter(
                incidents=incident
            ),
            "event_labels": EVENT_LABELS,
        },
    )


def incident_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """Report, acknowledge, update, measure, direct, close: the transition's
    form (GET) and its service (POST), as the workflow table names them."""
    user = request.user
    incident = get_incident_for_user(user, pk)
    transition = workflow.TRANSITIONS.get(action)
    if transition is None:
        raise Http404
    if not set(transition.sides) & workflow.user_sides(user, incident):
        raise PermissionDenied
    form_class = getattr(forms, transition.form)
    options = {"transition": transition, "incident": incident}
    if request.method == "POST":
        form = form_class(request.POST, **options)
        if form.is_valid():
            service = workflow.service_function(transition)
            try:
                service(
                    incident=incident,
                    by=user,
                    expected_version=form.cleaned_data.get("version"),
                    **form.service_kwargs(),
                )
            except workflow.TransitionError as exc:
                messages.error(request, str(exc))
                return redirect(incident)
            messages.success(
                request, _("Đã thực hiện: %(action)s.") % {"action": transition.label}
            )
            return redirect(incident)
    else:
        if transition not in workflow.available_actions(user, incident):
            messages.error(
                request,
                _(
                    "Không thể “%(action)s” lúc này: tình huống đang ở trạng thái "
                    "“%(state)s”."
                )
                % {"action": transition.label, "state": incident.get_state_display()},
            )
            return redirect(incident)
        form = form_class(initial=form_class.initial_for(incident), **options)
    return render(
        request,
        TEMPLATES + "incident_action.html",
        {
            "object": incident,
            "form": form,
            "title": transition.label,
            "action_url": reverse(
                "coordination:incident-action", kwargs={"pk": pk, "action": action}
            ),
        },
    )


@require_POST
def action_item_done(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    item = ActionItem.objects.filter(pk=pk).first()
    if item is None:
        raise Http404
    incident = get_incident_for_user(user, item.incident_id)
    if item.owner_id not in acting_org_ids(user):
        raise PermissionDenied
    form = forms.ItemDoneForm(request.POST)
    if form.is_valid():
        try:
            services.complete_action_item(item=item, by=user, **form.service_kwargs())
        except workflow.TransitionError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Đã báo hoàn thành việc được giao."))
    else:
        messages.error(request, _("Kết quả không hợp lệ."))
    return redirect(incident)


def attachment_download(request: HttpRequest, pk: int) -> FileResponse:
    attachment = IncidentAttachment.objects.filter(pk=pk).first()
    if attachment is None:
        raise Http404
    # Raises 404 (and logs) unless the user may open the incident itself.
    incident = get_incident_for_user(request.user, attachment.incident_id)
    if incident.is_classified:
        logger.info(
            "classified_download user=%s incident_attachment=%s", request.user.pk, pk
        )
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, content_type=attachment.content_type)
    response["Content-Disposition"] = attachment_disposition(attachment.original_name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
