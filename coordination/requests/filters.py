"""List filters for coordination requests (django-filter). Filters only ever
narrow a queryset that already comes from ``visible_requests(user)``, so a
tampered parameter can never widen what a user sees."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from regulations.models import Area
from regulations.text import exact_query, normalize_query

from ..organizations.models import Organization
from ..validators import (
    SEARCH_MAX,
    VietnameseMessagesMixin,
    parse_int,
    validate_date_in_window,
)
from .models import CoordinationRequest, RequestRecipient


def overdue_recipients(today=None):
    """Recipient rows of the outer request still waiting for an answer after
    their deadline."""
    today = today or timezone.localdate()
    return RequestRecipient.objects.filter(
        request=OuterRef("pk"),
        state__in=RequestRecipient.AWAITING_ANSWER,
        due_date__lt=today,
    )


def organization_choices(request):
    """Organisations the user may see (no other ward's names in the list)."""
    from ..permissions import visible_organizations

    if request is None:
        return Organization.objects.none()
    orgs = visible_organizations(request.user)
    from ..organizations.services import ward_organizations, ward_root

    # Members of a cell also pick among their ward's organisations.
    own = list(
        Organization.objects.filter(group__user=request.user).select_related("parent")
    )
    ids = {o.pk for org in own for o in ward_organizations(ward_root(org))}
    # One IN over a UNION ALL (not "granted OR ward"): PostgreSQL reads the
    # few organisations by primary key instead of scanning the city's table.
    pool = (
        Organization.objects.filter(pk__in=ids)
        .order_by()
        .values("pk")
        .union(orgs.order_by().values("pk"), all=True)
    )
    return Organization.objects.filter(is_active=True, pk__in=pool).order_by("name")


class RequestFilterForm(VietnameseMessagesMixin, forms.Form):
    """An invalid field shows its message; the list still applies the others
    (``FilterSet.qs`` filters by the valid fields' ``cleaned_data``)."""

    def clean(self):
        data = super().clean()
        start, end = data.get("sent_from"), data.get("sent_to")
        if start and end and start > end:
            self.add_error("sent_to", _("Ngày cuối phải sau ngày đầu."))
        return data


class RequestFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Tìm kiếm"), method="filter_q", max_length=SEARCH_MAX
    )
    state = django_filters.ChoiceFilter(
        label=_("Trạng thái"),
        choices=RequestRecipient.State.choices,
        method="filter_state",
        empty_label=_("Tất cả"),
    )
    area = django_filters.ModelChoiceFilter(
        label=_("Lĩnh vực"), queryset=Area.objects.all(), empty_label=_("Tất cả")
    )
    organization = django_filters.ModelChoiceFilter(
        label=_("Tổ chức"),
        queryset=lambda request: organization_choices(request),
        method="filter_organization",
        empty_label=_("Tất cả"),
    )
    overdue = django_filters.BooleanFilter(
        label=_("Chỉ việc quá hạn"),
        method="filter_overdue",
        widget=forms.CheckboxInput,
    )
    sent_from = django_filters.DateFilter(
        label=_("Gửi từ ngày"),
        field_name="sent_at",
        lookup_expr="date__gte",
        widget=forms.DateInput(attrs={"type": "date"}),
        validators=[validate_date_in_window],
    )
    sent_to = django_filters.DateFilter(
        label=_("Đến ngày"),
        field_name="sent_at",
        lookup_expr="date__lte",
        widget=forms.DateInput(attrs={"type": "date"}),
        validators=[validate_date_in_window],
    )

    class Meta:
        model = CoordinationRequest
        fields = ["q", "state", "area", "organization", "overdue"]
        form = RequestFilterForm

    def filter_q(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        # The same on every database: NFC, case folded for Vietnamese capitals
        # ("ĐƯỜNG" finds "đường"); diacritics ignored only when the query has
        # none ("duong" finds "đường"), as in the regulation search.
        exact = exact_query(value)
        if exact:
            cond = Q(search_exact__contains=exact)
        else:
            cond = Q(search_text__contains=normalize_query(value))
        # ASCII digits only: "²" and "①" are digits to str.isdigit, not to int.
        if (pk := parse_int(value.lstrip("#"))) is not None:
            cond |= Q(pk=pk)
        return queryset.filter(cond)

    def filter_state(self, queryset, name, value):
        return queryset.filter(
            Exists(RequestRecipient.objects.filter(request=OuterRef("pk"), state=value))
        )

    def filter_organization(self, queryset, name, value):
        return queryset.filter(
            Q(sender=value)
            | Exists(
                RequestRecipient.objects.filter(
                    request=OuterRef("pk"), organization=value
                )
            )
        )

    def filter_overdue(self, queryset, name, value):
        if value:
            return queryset.filter(Exists(overdue_recipients()))
        return queryset
