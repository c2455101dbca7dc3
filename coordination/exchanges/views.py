"""Pages for periodic exchanges. Views only fetch through
``permissions.get_exchange_report_for_user`` / ``visible_exchange_reports``
(via the selectors), validate a form, call one service and redirect."""

from __future__ import annotations

import logging
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from regulations.selectors import regulation_in_force_for

from ..organizations.models import Organization
from ..permissions import (
    acting_orgs_of_kind,
    drafting_org_ids,
    get_exchange_report_for_user,
    oversight_root_ids,
    report_ward_ids,
)
from ..requests.views import attachment_disposition
from ..validators import parse_int
from . import forms, periods, selectors, services, workflow
from .models import ExchangeAttachment, ExchangeReport, ExchangeRound, ExchangeSchedule

logger = logging.getLogger("security")
PAGE_SIZE = 25
State = ExchangeReport.State
Direction = ExchangeReport.Direction
Kind = Organization.Kind
TEMPLATES = "coordination/exchanges/"


# --- Lists ----------------------------------------------------------------------------------


def exchange_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    rounds = list(selectors.visible_rounds(user))
    flt = forms.ReportFilterForm(request.GET or None, rounds=rounds, user=user)
    tab = flt.value("tab") or "all"
    qs = selectors.report_list(user, **flt.list_filters())
    qs = flt.filter_tab(user, qs, tab)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    tab_params = params.copy()
    tab_params.pop("tab", None)
    tabs = [
        (key, label, "?" + urlencode({**tab_params.dict(), "tab": key}))
        for key, label in forms.TABS.items()
    ]
    return render(
        request,
        TEMPLATES + "exchange_list.html",
        {
            "filter": flt,
            "tab": tab,
            "tabs": tabs,
            "page": page,
            "querystring": params.urlencode(),
            "today": timezone.localdate(),
        },
    )


# --- Completeness and timeliness ---------------------------------------------------------------


def default_round(rounds: list[ExchangeRound], today=None):
    """The most recent round whose due date has passed, else the latest."""
    today = today or timezone.localdate()
    passed = [r for r in rounds if r.due_date < today]
    if passed:
        return max(passed, key=lambda r: (r.due_date, r.pk))
    return rounds[0] if rounds else None


def _ad_hoc_wards(user):
    """The wards whose police committee the user acts for, or whose standing
    committee he sits on: there he may open an ad hoc round."""
    orgs = acting_orgs_of_kind(user, (Kind.POLICE_COMMITTEE, Kind.STANDING_COMMITTEE))
    return Organization.objects.filter(
        pk__in=Organization.objects.filter(pk__in=orgs).values("parent_id")
    ).order_by("name")


def _timeliness(request, round_pk=None) -> HttpResponse:
    """The table of one round: the one in the path (404 unless the user may
    open one of its reports), the one chosen in the select, or the default."""
    user = request.user
    rounds = list(selectors.visible_rounds(user))
    chosen = round_pk or parse_int(request.GET.get("round", ""))
    round_ = next((r for r in rounds if r.pk == chosen), None)
    if round_pk and round_ is None:
        logger.warning("authz_denied user=%s object=exchangeround:%s", user.pk, chosen)
        raise Http404
    round_ = round_ or default_round(rounds)
    table = selectors.timeliness_table(user, round_)
    return render(
        request,
        TEMPLATES + "exchange_timeliness.html",
        {
            "rounds": rounds,
            "round": round_,
            "table": table,
            "figures": [(k, v, table.counts[k]) for k, v in table.labels.items()],
            "cells_count": round_.organizations.count() if round_ else 0,
            "can_open_round": _ad_hoc_wards(user).exists(),
            "can_schedule": bool(oversight_root_ids(user)),
            # (The wards first: the same queries whatever the round's kind.)
            "can_result_report": bool(round_)
            and round_.ward_id in report_ward_ids(user)
            and round_.kind in (ExchangeRound.Kind.H1, ExchangeRound.Kind.H2),
        },
    )


def exchange_timeliness(request: HttpRequest) -> HttpResponse:
    return _timeliness(request)


def exchange_round(request: HttpRequest, pk: int) -> HttpResponse:
    return _timeliness(request, pk)


# --- One report -------------------------------------------------------------------------------


def _acknowledgements(report):
    """For the police's report: each concerned cell and its acknowledgement
    of the current submission (or None)."""
    if report.direction != Direction.TO_CELLS:
        return None
    acks = {
        a.organization_id: a
        for a in report.acknowledgements.filter(
            submission=report.submission
        ).select_related("acknowledged_by")
    }
    cells = report.round.organizations.order_by("name")
    return [(cell, acks.get(cell.pk)) for cell in cells]


def _render_detail(request, report, *, form=None, conflict=None, status=200):
    user = request.user
    can_edit = (
        report.state in ExchangeReport.EDITABLE
        and report.organization_id in drafting_org_ids(user)
    )
    can_read = workflow.can_read_content(user, report)
    entries = selectors.report_entries(report) if can_read else {}
    if can_edit and form is None:
        form = forms.ReportForm(report=report, user=user, entries=entries)
    available = workflow.available_actions(user, report)
    can_submit = can_edit and any(t.action == "submit" for t in available)
    actions = [
        t
        for t in available
        if t.action != "save" and not (can_edit and t.action == "submit")
    ]
    acknowledgements = _acknowledgements(report)
    rows = []
    if can_read and not can_edit:
        sections = selectors.report_sections(report, entries)
        rows = forms.content_rows(report, sections, entries)
    context = {
        "object": report,
        "can_edit": can_edit,
        "can_read": can_read,
        "can_submit": can_submit,
        "form": form if can_edit else None,
        "rows": rows,
        "actions": actions,
        "acknowledgements": acknowledgements,
        "acknowledged": sum(1 for _c, a in acknowledgements or [] if a),
        "events": report.events.select_related("actor", "organization"),
        "attachments": report.attachments.all() if can_read else [],
        "needs_reopening": workflow.needs_reopening(report),
        "conflict": conflict,
        "today": timezone.localdate(),
    }
    return render(request, TEMPLATES + "exchange_detail.html", context, status=status)


def exchange_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_exchange_report_for_user(request.user, pk)
    return _render_detail(request, report)


def _conflict_redirect(request: HttpRequest, report, partial=False) -> HttpResponse:
    """Back to the report with the message (htmx, autosave: 409 + HX-Redirect)."""
    if request.htmx or partial:
        response = HttpResponse(status=409)
        response["HX-Redirect"] = report.get_absolute_url()
        return response
    return redirect(report)


@require_POST
def exchange_save(request: HttpRequest, pk: int) -> HttpResponse:
    """The draft: explicit "Lưu nháp" (and "Lưu và nộp"), or the page's
    autosave (``autosave=1``: answered with a fragment, nothing else)."""
    user = request.user
    report = get_exchange_report_for_user(user, pk)
    if report.organization_id not in drafting_org_ids(user):
        raise PermissionDenied
    partial = request.POST.get("autosave") == "1" or bool(request.htmx)
    if report.state not in ExchangeReport.EDITABLE:
        state = report.get_state_display()
        messages.error(
            request, _("Báo cáo đã “%(state)s”: không sửa được.") % {"state": state}
        )
        return _conflict_redirect(request, report, partial)
    entries = selectors.report_entries(report)
    form = forms.ReportForm(
        request.POST, request.FILES, report=report, user=user, entries=entries
    )
    saved = None
    if form.is_valid():
        kwargs = form.service_kwargs()
        if partial:
            kwargs["files"] = []  # files go with an explicit save only
        try:
            saved = services.save_draft(
                report=report,
                by=user,
                # A form without a version is as stale as an old one.
                expected_version=form.cleaned_data["version"] or "0",
                **kwargs,
            )
        except workflow.StaleDraft as exc:
            return _stale(request, report, exc, partial)
        except ValidationError as exc:
            form.add_error("files", exc)
        except workflow.TransitionError as exc:
            messages.error(request, str(exc))
            return _conflict_redirect(request, report, partial)
    if saved is None:
        if partial:
            return render(
                request, TEMPLATES + "_exchange_saved.html", {"form": form}, status=400
            )
        return _render_detail(request, report, form=form)
    saved_at = f"{timezone.localtime(saved.draft_saved_at):%H:%M:%S}"
    if partial:
        sections = selectors.report_sections(saved, selectors.report_entries(saved))
        context = {"report": saved, "saved_at": saved_at, "sections": sections}
        response = render(request, TEMPLATES + "_exchange_saved.html", context)
        response["X-Report-Version"] = str(saved.version)
        return response
    if "submit" in request.POST:
        try:
            services.submit_report(
                report=saved, by=user, expected_version=saved.version
            )
        except workflow.TransitionError as exc:
            messages.error(
                request,
                _("Đã lưu nháp nhưng chưa nộp: %(reason)s") % {"reason": exc},
            )
        else:
            messages.success(request, _("Đã nộp báo cáo."))
        return redirect(saved)
    messages.success(request, _("Đã lưu nháp lúc %(time)s.") % {"time": saved_at})
    return redirect(saved)


def _stale(request, report, exc: workflow.StaleDraft, partial: bool) -> HttpResponse:
    """Someone else saved first: nothing was written. Show their version next
    to the user's unsaved text, which stays in the form; the form now carries
    the current version, so saving again (after merging) is accepted."""
    current = exc.current
    data = request.POST.copy()
    data["version"] = str(current.version)
    data.pop("autosave", None)
    form = forms.ReportForm(
        data,
        report=current,
        user=request.user,
        entries=selectors.report_entries(current),
    )
    conflict = {
        "message": str(exc),
        "current": current,
        "saved_by": current.draft_saved_by,
        "saved_at": current.draft_saved_at,
        "files_dropped": bool(request.FILES),
        "differences": form.differences(current, form.entries),
    }
    conflict["differs"] = any(d.differs for d in conflict["differences"])
    if partial:
        response = render(
            request,
            TEMPLATES + "_exchange_conflict.html",
            {"conflict": conflict},
            status=409,
        )
        response["X-Report-Version"] = str(current.version)
        return response
    return _render_detail(request, current, form=form, conflict=conflict, status=409)


# --- Transitions ----------------------------------------------------------------------------


def exchange_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """Submit, accept, acknowledge, return, reopen: the transition's form
    (GET) and its service (POST), as the workflow table names them."""
    user = request.user
    report = get_exchange_report_for_user(user, pk)
    transition = workflow.TRANSITIONS.get(action)
    if (
        transition is None
        or action == "save"
        or transition.direction not in ("", report.direction)
    ):
        raise Http404
    if not set(transition.sides) & workflow.user_sides(user, report):
        raise PermissionDenied
    form_class = getattr(forms, transition.form)
    options = {"transition": transition, "report": report}
    if request.method == "POST":
        form = form_class(request.POST, **options)
        if form.is_valid():
            service = workflow.service_function(transition)
            try:
                service(
                    report=report,
                    by=user,
                    expected_version=form.cleaned_data.get("version"),
                    **form.service_kwargs(),
                )
            except workflow.TransitionError as exc:
                messages.error(request, str(exc))
                return _conflict_redirect(request, report)
            messages.success(
                request, _("Đã thực hiện: %(action)s.") % {"action": transition.label}
            )
            return redirect(report)
    else:
        if transition not in workflow.available_actions(user, report):
            messages.error(
                request,
                _(
                    "Không thể “%(action)s” lúc này: báo cáo đang ở trạng thái “%(state)s”."
                )
                % {"action": transition.label, "state": report.get_state_display()},
            )
            return _conflict_redirect(request, report)
        form = form_class(initial=form_class.initial_for(report), **options)
    template = "_exchange_action_form.html" if request.htmx else "exchange_action.html"
    return render(
        request,
        TEMPLATES + template,
        {
            "object": report,
            "form": form,
            "title": transition.label,
            "action_url": reverse(
                "coordination:exchange-action", kwargs={"pk": pk, "action": action}
            ),
        },
    )


# --- Rounds and schedule ----------------------------------------------------------------------


def exchange_round_create(request: HttpRequest) -> HttpResponse:
    wards = _ad_hoc_wards(request.user)
    ward_list = list(wards)
    if not ward_list:
        raise PermissionDenied
    ward_cells = {w.pk: periods.ward_parts(w)["cells"] for w in ward_list}
    without = [
        w for w in ward_list if not periods.allows_ad_hoc(regulation_in_force_for(w))
    ]
    form = forms.AdHocRoundForm(
        request.POST if request.method == "POST" else None,
        wards=wards,
        ward_cells=ward_cells,
    )
    if request.method == "POST" and form.is_valid():
        try:  # the form's fields are the function's arguments
            round_ = periods.open_ad_hoc_round(by=request.user, **form.cleaned_data)
        except ValueError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request,
                _("Đã mở kỳ trao đổi đột xuất: %(round)s.") % {"round": round_.label},
            )
            return redirect(round_)
    return render(
        request,
        TEMPLATES + "exchange_round_form.html",
        {"form": form, "without_ad_hoc": without},
    )


def exchange_schedule(request: HttpRequest) -> HttpResponse:
    user = request.user
    wards = list(
        Organization.objects.filter(pk__in=oversight_root_ids(user)).order_by("name")
    )
    if not wards:
        raise PermissionDenied
    chosen = parse_int(request.GET.get("ward", ""))
    ward = next((w for w in wards if w.pk == chosen), wards[0])
    due_days, lock_days = periods.schedule_days(ward)
    form = forms.ScheduleForm(
        request.POST if request.method == "POST" else None,
        initial={"due_days": due_days, "lock_days": lock_days},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.set_schedule(ward=ward, by=user, **form.cleaned_data)
        except workflow.TransitionError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request,
                _(
                    "Đã lưu lịch báo cáo của %(ward)s; hạn nộp các kỳ chưa đến hạn "
                    "đã được tính lại."
                )
                % {"ward": ward.name},
            )
            url = reverse("coordination:exchange-schedule")
            return redirect(f"{url}?{urlencode({'ward': ward.pk})}")
    today = timezone.localdate()
    return render(
        request,
        TEMPLATES + "exchange_schedule.html",
        {
            "form": form,
            "ward": ward,
            "wards": wards,
            "due_days": due_days,
            "lock_days": lock_days,
            "default_due_days": settings.EXCHANGE_DUE_DAYS,
            "default_lock_days": settings.EXCHANGE_LOCK_DAYS,
            "schedule": ExchangeSchedule.objects.filter(ward=ward)
            .select_related("updated_by")
            .first(),
            "upcoming": ExchangeRound.objects.filter(
                ward=ward, kind__in=ExchangeRound.PERIODIC_KINDS, due_date__gte=today
            ).order_by("due_date"),
        },
    )


# --- Attachments ----------------------------------------------------------------------------


def attachment_download(request: HttpRequest, pk: int) -> FileResponse:
    attachment = ExchangeAttachment.objects.filter(pk=pk).first()
    if attachment is None:
        raise Http404
    # Raises 404 (and logs) unless the user may open the report itself.
    report = get_exchange_report_for_user(request.user, attachment.report_id)
    if not workflow.can_read_content(request.user, report):
        # A draft's files are its organisation's own until it is submitted.
        logger.warning(
            "authz_denied user=%s exchange_attachment=%s", request.user.pk, pk
        )
        raise Http404
    if report.is_classified:
        logger.info(
            "classified_download user=%s exchange_attachment=%s", request.user.pk, pk
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
