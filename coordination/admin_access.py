"""The admin under the visibility rules: read-only rows that change only
through their services, guardian's grant pages read-only, classified objects
(and every notice or e-mail that mentions one) hidden above the
administrator's clearance. The query helpers are in ``permissions``."""

from __future__ import annotations

import functools

from django.conf import settings
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db.models import (
    Case,
    CharField,
    Exists,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Cast, Concat, StrIndex, Substr
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template import engines
from django.template.response import TemplateResponse
from django.urls import get_script_prefix, reverse
from django.utils import translation
from django.utils.translation import gettext
from guardian.shortcuts import get_groups_with_perms, get_users_with_perms

from .confidentiality import Confidentiality
from .permissions import security_logger
from .requests.models import CoordinationRequest, RequestEvent

# --- Admin -------------------------------------------------------------------------------


def _refuse(request, model_admin, what: str, object_id=None) -> None:
    security_logger.warning(
        "authz_denied user=%s object=%s:%s (admin %s)",
        request.user.pk,
        model_admin.model._meta.model_name,
        object_id,
        what,
    )
    raise PermissionDenied


class ReadOnlyAdmin:
    """Rows that change only through their services (which check the role,
    write the event and notify): the admin shows them, never adds, changes or
    deletes them."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class RevertGuardAdmin:
    """simple-history's page of one past version ("Khôi phục") saves the posted
    form without asking ``has_change_permission``, onto the past version itself
    (every field of it comes back, read-only ones included): a revert is
    refused unless ``has_revert_permission`` allows it for the object as it is
    now."""

    def has_revert_permission(self, request, obj) -> bool:
        return self.has_change_permission(request, obj)

    def _may_revert(self, request, object_id) -> bool:
        current = self.get_object(request, str(object_id))
        return current is not None and self.has_revert_permission(request, current)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method not in ("GET", "HEAD") and not self._may_revert(
            request, unquote(object_id)
        ):
            _refuse(request, self, "revert", object_id)
        return super().history_form_view(request, object_id, version_id, extra_context)

    def revert_disabled(self, request, obj=None):
        # ``obj`` is the past version on the history form.
        if obj is not None and not self._may_revert(request, obj.pk):
            return True
        return super().revert_disabled(request, obj)


class HiddenIs404Admin:
    """An object outside this admin's queryset is a logged 404 on the history
    pages too: simple-history looks the object (or its last history row) up
    without the admin's queryset, Django's own history page would redirect."""

    def _visible_or_404(self, request, object_id) -> None:
        if not self.get_queryset(request).filter(pk=unquote(object_id)).exists():
            security_logger.warning(
                "authz_denied user=%s object=%s:%s (admin history)",
                request.user.pk,
                self.model._meta.model_name,
                object_id,
            )
            raise Http404

    def history_view(self, request, object_id, extra_context=None):
        self._visible_or_404(request, object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        self._visible_or_404(request, object_id)
        return super().history_form_view(request, object_id, version_id, extra_context)


class ClearanceScopedAdmin(HiddenIs404Admin, RevertGuardAdmin, ReadOnlyAdmin):
    """Read-only: requests change only through their services (state, events,
    notifications), and access to them only through those services too.
    Administrators see classified requests (and everything that mentions one)
    only up to their own clearance, on the lists, the search, the change,
    history and permission pages alike."""

    request_field = "request__confidentiality"

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .filter(**{f"{self.request_field}__lte": request.user.clearance})
        )


# guardian's "Object permissions" page with the tables only: no form to pick a
# user or group, no "Edit" link (its strings come from guardian's catalogue).
_OBJECT_PERMISSIONS_READ_ONLY = """{% extends "admin/guardian/model/obj_perms_manage.html" %}
{% load i18n %}
{% block content %}<div id="content-main">
<p class="help">{{ read_only_note }}</p>
<fieldset class="module aligned"><h2>{% translate "Users" %}</h2>
<table id="user-permissions" class="object-perms">
<caption>{% translate "User permissions" %}</caption>
<thead><tr><th>{% translate "User" %}</th>
{% for perm in model_perms %}<th>{{ perm.name }}</th>{% endfor %}</tr></thead>
<tbody>{% for holder, held in users_perms %}<tr><td>{{ holder }}</td>
{% for perm in model_perms %}<td>{% if perm.codename in held %}
{% include "admin/guardian/model/obj_perms_yes.html" %}{% else %}
{% include "admin/guardian/model/obj_perms_no.html" %}{% endif %}</td>{% endfor %}
</tr>{% endfor %}</tbody></table></fieldset>
<fieldset class="module aligned"><h2>{% translate "Groups" %}</h2>
<table id="group-permissions" class="object-perms">
<caption>{% translate "Group permissions" %}</caption>
<thead><tr><th>{% translate "Group" %}</th>
{% for perm in model_perms %}<th>{{ perm.name }}</th>{% endfor %}</tr></thead>
<tbody>{% for holder, held in groups_perms %}<tr><td>{{ holder }}</td>
{% for perm in model_perms %}<td>{% if perm.codename in held %}
{% include "admin/guardian/model/obj_perms_yes.html" %}{% else %}
{% include "admin/guardian/model/obj_perms_no.html" %}{% endif %}</td>{% endfor %}
</tr>{% endfor %}</tbody></table></fieldset>
</div>{% endblock %}
"""


@functools.cache
def _object_permissions_template():
    return engines["django"].from_string(_OBJECT_PERMISSIONS_READ_ONLY)


class ReadOnlyObjectPermissionsAdmin:
    """guardian's "Object permissions" pages of a ``GuardedModelAdmin``,
    read-only. Access is granted and revoked only by the services (memberships
    keep a user's groups, sending a request grants its recipients), which write
    the history and the events: the page lists who holds what, for an object
    this admin shows (a classified request above the administrator's clearance
    is a 404); every attempt to grant or revoke there is a logged 403."""

    def obj_perms_manage_view(self, request, object_pk):
        obj = get_object_or_404(self.get_queryset(request), pk=unquote(object_pk))
        if request.method not in ("GET", "HEAD") or not self.has_view_permission(
            request, obj
        ):
            _refuse(request, self, "object permissions", object_pk)
        context = self.get_obj_perms_base_context(request, obj)
        context["read_only_note"] = gettext(
            "Chỉ xem. Quyền truy cập được cấp và thu hồi qua nghiệp vụ (phân công "
            "chức vụ, gửi đề nghị), không sửa tại đây."
        )
        users = get_users_with_perms(obj, attach_perms=True, with_group_users=False)
        groups = get_groups_with_perms(obj, attach_perms=True)
        context["users_perms"] = sorted(
            users.items(), key=lambda item: item[0].get_username()
        )
        context["groups_perms"] = sorted(groups.items(), key=lambda item: item[0].name)
        request.current_app = self.admin_site.name
        return TemplateResponse(request, _object_permissions_template(), context)

    def obj_perms_manage_user_view(self, request, object_pk, user_id):
        _refuse(request, self, "object permissions", object_pk)

    def obj_perms_manage_group_view(self, request, object_pk, group_id):
        _refuse(request, self, "object permissions", object_pk)


# --- Notices about classified requests, in the admin ---------------------------------

REQUEST_EVENT_KEY = "request-event:"  # outbox dedup_key: request-event:<event>:<user>


def classified_placeholders(clearance: int) -> list[str]:
    """How notifications and e-mails name a classified object ("Văn bản Mật
    #…"), for every level above ``clearance``, in each language of the site."""
    placeholders = []
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            placeholders += [
                gettext("Văn bản %(level)s #%(pk)s") % {"level": label, "pk": ""}
                for level, label in Confidentiality.choices
                if level > clearance
            ]
    return sorted(set(placeholders))


def _request_url_shapes() -> list[tuple[str, str]]:
    """A request's address as notifications store it, split around the pk
    (``("/de-nghi/", "/")``), with and without this site's script prefix."""
    marker = "987654321"
    before, after = reverse(
        "coordination:request-detail", kwargs={"pk": int(marker)}
    ).split(marker)
    shapes = {(before, after)}
    prefix = get_script_prefix()
    if prefix != "/" and before.startswith(prefix):
        shapes.add(("/" + before[len(prefix) :], after))
    return sorted(shapes)


def _max_level() -> int:
    return max(Confidentiality.values)


def notifications_within_clearance(queryset: QuerySet, clearance: int) -> QuerySet:
    """The notifications an administrator cleared to ``clearance`` may see in
    the admin: none about a request above it (its address), none naming a
    classified object above it (the placeholder in the title or the body)."""
    if clearance >= _max_level():
        return queryset
    hidden = CoordinationRequest.objects.filter(confidentiality__gt=clearance)
    about_hidden = Q()
    for before, after in _request_url_shapes():
        address = Concat(
            Value(before),
            Cast("pk", CharField()),
            Value(after),
            output_field=CharField(),
        )
        about_hidden |= Q(
            Exists(hidden.annotate(_url=address).filter(_url=OuterRef("url")))
        )
    for placeholder in classified_placeholders(clearance):
        about_hidden |= Q(title__contains=placeholder) | Q(body__contains=placeholder)
    return queryset.exclude(about_hidden)


def outbound_emails_within_clearance(queryset: QuerySet, clearance: int) -> QuerySet:
    """The outbox rows an administrator cleared to ``clearance`` may see in the
    admin: none about an event of a request above it (the ``dedup_key``
    "request-event:<event>:<user>" names the event), none naming a classified
    object above it (the placeholder in the subject or the body)."""
    if clearance >= _max_level():
        return queryset
    start = len(REQUEST_EVENT_KEY)
    # "request-event:12:34" → "request-event:12:"; "" for any other key.
    event_key = Case(
        When(
            dedup_key__startswith=REQUEST_EVENT_KEY,
            then=Substr(
                "dedup_key",
                1,
                StrIndex(Substr("dedup_key", start + 1), Value(":")) + start,
            ),
        ),
        default=Value(""),
        output_field=CharField(),
    )
    hidden_events = RequestEvent.objects.filter(
        request__confidentiality__gt=clearance
    ).annotate(
        _key=Concat(
            Value(REQUEST_EVENT_KEY),
            Cast("pk", CharField()),
            Value(":"),
            output_field=CharField(),
        )
    )
    about_hidden = Q(Exists(hidden_events.filter(_key=OuterRef("_event_key"))))
    for placeholder in classified_placeholders(clearance):
        about_hidden |= Q(subject__contains=placeholder) | Q(body__contains=placeholder)
    return queryset.annotate(_event_key=event_key).exclude(about_hidden)
