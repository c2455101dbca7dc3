"""Pages for coordination requests. Views only fetch through
``permissions.get_request_for_user`` / ``visible_requests``, validate a form,
call one service and redirect."""

from __future__ import annotations

import logging
import re
import unicodedata
from urllib.parse import quote

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Prefetch
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts.roles import Role, has_role

from ..organizations.models import Organization
from ..permissions import (
    acting_org_ids,
    drafting_org_ids,
    get_request_for_user,
    member_org_ids,
    visible_recipient_ids,
    visible_requests,
)
from ..uploads import safe_display_name
from . import forms, selectors, services, workflow
from .filters import RequestFilter, overdue_recipients
from .models import (
    AttachmentAccessLog,
    CoordinationRequest,
    RequestAttachment,
    RequestRecipient,
)

logger = logging.getLogger("security")
PAGE_SIZE = 25
State = RequestRecipient.State

BOXES = {
    "inbox": gettext_lazy("Đề nghị gửi đến đơn vị"),
    "outbox": gettext_lazy("Đề nghị đơn vị đã gửi"),
    "all": gettext_lazy("Tất cả đề nghị phối hợp"),
}
ALL_REQUESTS_ROLES = (Role.STANDING_COMMITTEE, Role.OFFICE_STAFF, Role.ADMINISTRATOR)


# --- Lists ---------------------------------------------------------------------------------


def box_queryset(user, box: str):
    """The requests of one list, always a subset of ``visible_requests``."""
    qs = visible_requests(user)
    orgs = member_org_ids(user)
    if box == "inbox":
        qs = qs.filter(
            Exists(
                RequestRecipient.objects.filter(
                    request=OuterRef("pk"), organization_id__in=orgs
                ).exclude(state=State.DRAFT)
            )
        )
    elif box == "outbox":
        qs = qs.filter(sender_id__in=orgs)
    elif not has_role(user, *ALL_REQUESTS_ROLES):
        raise PermissionDenied
    return qs


def _request_list(request: HttpRequest, box: str) -> HttpResponse:
    base = box_queryset(request.user, box)
    flt = RequestFilter(request.GET or None, queryset=base, request=request)
    # An invalid field shows its message and is left out; the valid ones apply.
    qs = flt.qs if flt.is_bound else base
    qs = (
        qs.select_related("sender", "area")
        .annotate(has_overdue=Exists(overdue_recipients()))
        .prefetch_related(
            Prefetch(
                "recipients",
                queryset=RequestRecipient.objects.select_related("organization"),
            )
        )
        .order_by("-sent_at", "-created_at", "-pk")
    )
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    selectors.set_shown_recipients(request.user, page)
    overdue_count = base.filter(Exists(overdue_recipients())).count()
    params = request.GET.copy()
    params.pop("page", None)
    context = {
        "box": box,
        "box_title": BOXES[box],
        "filter": flt,
        "page": page,
        "overdue_count": overdue_count,
        "today": timezone.localdate(),
        "querystring": params.urlencode(),
        "can_create": bool(drafting_org_ids(request.user)),
        "can_see_all": has_role(request.user, *ALL_REQUESTS_ROLES),
    }
    template = (
        "coordination/requests/_request_results.html"
        if request.htmx and request.htmx.target == "request-results"
        else "coordination/requests/request_list.html"
    )
    return render(request, template, context)


def request_inbox(request: HttpRequest) -> HttpResponse:
    return _request_list(request, "inbox")


def request_outbox(request: HttpRequest) -> HttpResponse:
    return _request_list(request, "outbox")


def request_all(request: HttpRequest) -> HttpResponse:
    return _request_list(request, "all")


# --- Create and edit -------------------------------------------------------------------------


def _sender_orgs(user):
    """Organisations the user may draft for (leaders and support staff)."""
    return Organization.objects.filter(pk__in=drafting_org_ids(user)).order_by("name")


def _send_after_save(request: HttpRequest, obj) -> None:
    """Send a saved draft if asked. A refusal keeps the draft (nothing is
    lost) and says why on its page: support staff cannot send; a classified
    request to an organisation without a cleared leader needs the sender's
    acknowledgement there first."""
    try:
        services.send_request(
            request=obj,
            by=request.user,
            acknowledge_uncleared="acknowledge_uncleared" in request.POST,
        )
    except services.UnclearedRecipients as exc:
        messages.warning(request, str(exc))
    except workflow.TransitionError as exc:
        messages.error(
            request,
            _("Đã lưu dự thảo nhưng chưa gửi: %(reason)s") % {"reason": exc},
        )
    else:
        messages.success(request, _("Đã gửi đề nghị phối hợp."))


def _form_kwargs(form) -> dict:
    data = form.cleaned_data
    return {
        "subject": data["subject"],
        "content": data["content"],
        "kind": data["kind"],
        "priority": data["priority"],
        "confidentiality": data["confidentiality"],
        "response_days": data["response_days"],
        "area": data.get("area"),
    }


def request_create(request: HttpRequest) -> HttpResponse:
    sender_orgs = _sender_orgs(request.user)
    if not sender_orgs.exists():
        raise PermissionDenied
    form = forms.RequestForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        user=request.user,
        sender_orgs=sender_orgs,
    )
    if request.method == "POST" and form.is_valid():
        try:
            obj = services.create_request(
                by=request.user,
                sender=form.cleaned_data["sender"],
                recipients=form.cleaned_data["recipients"],
                provisions=form.cleaned_data["provisions"],
                files=form.cleaned_data["files"],
                **_form_kwargs(form),
            )
        except ValidationError as exc:
            form.add_error("files", exc)
        except workflow.TransitionError as exc:
            form.add_error(None, str(exc))
        else:
            if "send" in request.POST:
                _send_after_save(request, obj)
            else:
                messages.success(request, _("Đã lưu dự thảo đề nghị."))
            return redirect(obj)
    return render(
        request,
        "coordination/requests/request_form.html",
        {"form": form, "object": None, "can_send": bool(acting_org_ids(request.user))},
    )


def request_edit(request: HttpRequest, pk: int) -> HttpResponse:
    obj = get_request_for_user(request.user, pk)
    if obj.sender_id not in drafting_org_ids(request.user):
        raise PermissionDenied
    if obj.status != CoordinationRequest.Status.DRAFT:
        messages.error(request, _("Chỉ sửa được đề nghị còn ở trạng thái dự thảo."))
        return redirect(obj)
    form = forms.RequestForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        user=request.user,
        sender_orgs=_sender_orgs(request.user),
        instance=obj,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_draft(
                request=obj,
                by=request.user,
                expected_version=request.POST.get("version") or None,
                recipients=form.cleaned_data["recipients"],
                provisions=form.cleaned_data["provisions"],
                files=form.cleaned_data["files"],
                **_form_kwargs(form),
            )
        except ValidationError as exc:
            form.add_error("files", exc)
        except workflow.TransitionError as exc:
            form.add_error(None, str(exc))
        else:
            if "send" in request.POST:
                _send_after_save(request, obj)
            else:
                messages.success(request, _("Đã lưu đề nghị."))
            return redirect(obj)
    return render(
        request,
        "coordination/requests/request_form.html",
        {
            "form": form,
            "object": obj,
            "can_send": workflow.is_sender_actor(request.user, obj),
        },
    )


# --- Detail --------------------------------------------------------------------------------


def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    obj = get_request_for_user(request.user, pk)
    detail = selectors.request_detail_for_user(request.user, obj)
    for recipient in detail.recipients:
        if services.mark_read(recipient=recipient, by=request.user):
            recipient.refresh_from_db(fields=["read_at", "read_by", "state"])
    is_sender = workflow.is_sender_actor(request.user, obj)
    is_draft = obj.status == CoordinationRequest.Status.DRAFT
    return render(
        request,
        "coordination/requests/request_detail.html",
        {
            "object": obj,
            "detail": detail,
            "recipients": detail.recipients,
            "events": detail.events,
            "attachments": obj.attachments.filter(answer__isnull=True),
            "provisions": detail.provisions,
            "today": timezone.localdate(),
            "can_edit": is_draft and obj.sender_id in drafting_org_ids(request.user),
            "can_send": is_sender and is_draft,
            "can_withdraw": is_sender
            and obj.status
            in (CoordinationRequest.Status.DRAFT, CoordinationRequest.Status.OPEN)
            and all(r.state in workflow.WITHDRAWABLE_STATES for r in detail.recipients),
            "history": obj.history.select_related("history_user")[:50],
        },
    )


@require_POST
def request_send(request: HttpRequest, pk: int) -> HttpResponse:
    obj = get_request_for_user(request.user, pk)
    if not workflow.is_sender_actor(request.user, obj):
        raise PermissionDenied
    try:
        services.send_request(
            request=obj,
            by=request.user,
            expected_version=request.POST.get("version") or None,
            acknowledge_uncleared="acknowledge_uncleared" in request.POST,
        )
    except services.UnclearedRecipients as exc:
        messages.warning(request, str(exc))
    except workflow.TransitionError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Đã gửi đề nghị phối hợp."))
    return redirect(obj)


def request_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    obj = get_request_for_user(request.user, pk)
    if not workflow.is_sender_actor(request.user, obj):
        raise PermissionDenied
    form = forms.CommentForm(
        request.POST if request.method == "POST" else None,
        initial={"version": obj.version},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.withdraw_request(
                request=obj,
                by=request.user,
                comment=form.cleaned_data["comment"],
                expected_version=form.cleaned_data["version"],
            )
        except workflow.TransitionError as exc:
            messages.error(request, str(exc))
            return _conflict_redirect(request, obj)
        messages.success(request, _("Đã rút đề nghị."))
        return redirect(obj)
    return _render_action(
        request,
        obj,
        None,
        form,
        title=_("Rút đề nghị"),
        action_url=reverse("coordination:request-withdraw", args=[obj.pk]),
    )


# --- Recipient transitions ------------------------------------------------------------------


def _perform(transition: workflow.Transition, recipient, user, form):
    """Call the transition's service (named in the workflow table) with what
    its form collected."""
    service = workflow.service_function(transition)
    return service(
        recipient=recipient,
        by=user,
        expected_version=form.cleaned_data.get("version"),
        **form.service_kwargs(),
    )


def _conflict_redirect(request: HttpRequest, obj) -> HttpResponse:
    """A refused transition: back to the request with the message; htmx gets
    409 so the page can show it in place."""
    if request.htmx:
        response = HttpResponse(status=409)
        response["HX-Redirect"] = obj.get_absolute_url()
        return response
    return redirect(obj)


def _render_action(request, obj, recipient, form, *, title, action_url, status=200):
    template = (
        "coordination/requests/_request_action_form.html"
        if request.htmx
        else "coordination/requests/request_action.html"
    )
    return render(
        request,
        template,
        {
            "object": obj,
            "recipient": recipient,
            "form": form,
            "title": title,
            "action_url": action_url,
        },
        status=status,
    )


def recipient_action(request: HttpRequest, pk: int, rid: int, action: str):
    obj = get_request_for_user(request.user, pk)
    if action not in workflow.RECIPIENT_TRANSITIONS:
        raise Http404
    recipient = obj.recipients.select_related("organization").filter(pk=rid).first()
    if recipient is None:
        raise Http404
    recipient.request = obj
    transition = workflow.RECIPIENT_TRANSITIONS[action]
    if not workflow.can_act(request.user, recipient, action):
        raise PermissionDenied
    form_class = getattr(forms, transition.form)
    sides = workflow.user_sides(request.user, recipient)
    if request.method == "POST":
        form = form_class(request.POST, request.FILES, sides=sides, recipient=recipient)
    else:
        form = form_class(
            initial=form_class.initial_for(recipient), sides=sides, recipient=recipient
        )
    if request.method == "POST" and form.is_valid():
        try:
            _perform(transition, recipient, request.user, form)
        except ValidationError as exc:
            form.add_error(None, exc)
        except workflow.TransitionError as exc:
            messages.error(request, str(exc))
            return _conflict_redirect(request, obj)
        else:
            messages.success(
                request,
                _("Đã thực hiện: %(action)s — %(org)s.")
                % {"action": transition.label, "org": recipient.organization.name},
            )
            return redirect(obj)
    elif request.method == "GET" and transition not in workflow.available_actions(
        request.user, recipient
    ):
        messages.error(
            request,
            _("Không thể “%(action)s” lúc này: đề nghị đang ở trạng thái “%(state)s”.")
            % {"action": transition.label, "state": recipient.get_state_display()},
        )
        return _conflict_redirect(request, obj)
    return _render_action(
        request,
        obj,
        recipient,
        form,
        title=transition.label,
        action_url=reverse(
            "coordination:request-recipient-action",
            kwargs={"pk": obj.pk, "rid": recipient.pk, "action": action},
        ),
    )


# --- Attachments ----------------------------------------------------------------------------


def attachment_disposition(name: str) -> str:
    """``attachment`` with an ASCII fallback and the exact UTF-8 name (RFC 6266)."""
    safe = safe_display_name(name)
    ascii_name = (
        unicodedata.normalize("NFKD", safe).encode("ascii", "ignore").decode("ascii")
    )
    ascii_name = re.sub(r"[^A-Za-z0-9._-]+", "_", ascii_name).strip("._") or "tep"
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(safe)}"


def attachment_download(request: HttpRequest, pk: int) -> FileResponse:
    from accounts.middleware import client_ip

    attachment = (
        RequestAttachment.objects.filter(pk=pk).only("pk", "request_id").first()
    )
    if attachment is None:
        raise Http404
    # Raises 404 (and logs) unless the user may open the request itself.
    obj = get_request_for_user(request.user, attachment.request_id)
    attachment = RequestAttachment.objects.select_related("answer").get(pk=pk)
    if attachment.answer is not None:
        # An answer's file belongs to that recipient's thread.
        recipients = list(obj.recipients.only("pk", "organization_id"))
        if attachment.answer.recipient_id not in visible_recipient_ids(
            request.user, obj, recipients
        ):
            logger.warning(
                "authz_denied user=%s object=requestattachment:%s (other thread)",
                request.user.pk,
                pk,
            )
            raise Http404
    if obj.is_classified:
        AttachmentAccessLog.objects.create(
            attachment=attachment,
            user=request.user,
            # The client behind the proxies, as login throttling sees it.
            ip_address=client_ip(request),
        )
        logger.info("classified_download user=%s attachment=%s", request.user.pk, pk)
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, content_type=attachment.content_type)
    response["Content-Disposition"] = attachment_disposition(attachment.original_name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
