"""Forms for review meetings. Only the fields listed here are read from a
POST; the ward's host, the author, the state and the times are set by the
services. Each form's ``service_kwargs()`` gives its service's keyword
arguments."""

from __future__ import annotations

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from regulations.models import Provision

from ..organizations.models import Membership, Organization
from ..permissions import review_host_ward_ids
from ..validators import (
    COMMENT_MAX,
    LONG_TEXT_MAX,
    ModelMultipleChoiceField,
    SingleLineField,
    TextField,
    VietnameseMessagesMixin,
    WindowDateField,
    WindowDateTimeField,
)
from .models import ReviewMeeting

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(
    attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
)


def host_wards(user):
    return Organization.objects.filter(pk__in=review_host_ward_ids(user))


class ReviewForm(VietnameseMessagesMixin, forms.Form):
    ward = forms.ModelChoiceField(label=_("Đảng bộ"), queryset=Organization.objects)
    kind = forms.ChoiceField(label=_("Loại cuộc họp"), choices=ReviewMeeting.Kind)
    year = forms.IntegerField(label=_("Năm đánh giá"), min_value=2000, max_value=2100)
    starts_at = WindowDateTimeField(label=_("Thời gian"), widget=DATETIME)
    place = SingleLineField(label=_("Địa điểm"))
    chair = forms.ModelChoiceField(label=_("Người chủ trì"), queryset=User.objects)
    provision = forms.ModelChoiceField(
        label=_("Thực hiện điều khoản"), queryset=Provision.objects, required=False
    )
    agenda = TextField(
        label=_("Chương trình"), max_length=LONG_TEXT_MAX, rows=5, required=False
    )
    invited = ModelMultipleChoiceField(
        label=_("Đơn vị được mời (để trống: mọi chi bộ, đảng bộ)"),
        queryset=Organization.objects,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        wards = host_wards(user)
        self.fields["ward"].queryset = wards
        if len(wards) == 1:
            self.fields["ward"].initial = wards[0]
        self.fields["year"].initial = timezone.localdate().year
        members = Membership.objects.current().filter(organization__parent__in=wards)
        self.fields["chair"].queryset = User.objects.filter(
            pk__in=members.values("user_id"), is_active=True
        ).order_by("last_name", "first_name", "username")
        self.fields["provision"].queryset = Provision.objects.order_by("pk")
        self.fields["invited"].queryset = Organization.objects.filter(
            parent__in=wards,
            kind__in=Organization.CELL_SIDE_KINDS,
            is_active=True,
        ).order_by("name")

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        data["invited"] = list(data["invited"]) or None
        return data


class EditForm(VietnameseMessagesMixin, forms.Form):
    """A planned meeting's schedule (``services.update_review``)."""

    starts_at = WindowDateTimeField(label=_("Thời gian"), widget=DATETIME)
    place = SingleLineField(label=_("Địa điểm"))
    chair = forms.ModelChoiceField(label=_("Người chủ trì"), queryset=User.objects)
    agenda = TextField(
        label=_("Chương trình"), max_length=LONG_TEXT_MAX, rows=5, required=False
    )
    invited = ModelMultipleChoiceField(
        label=_("Đơn vị được mời"),
        queryset=Organization.objects,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        members = Membership.objects.current().filter(
            organization__parent_id=meeting.ward_id
        )
        self.fields["chair"].queryset = User.objects.filter(
            Q(pk__in=members.values("user_id"), is_active=True) | Q(pk=meeting.chair_id)
        ).order_by("last_name", "first_name", "username")
        self.fields["invited"].queryset = Organization.objects.filter(
            parent_id=meeting.ward_id,
            kind__in=Organization.CELL_SIDE_KINDS,
            is_active=True,
        ).order_by("name")
        if not self.is_bound:
            self.initial = {
                "starts_at": timezone.localtime(meeting.starts_at),
                "place": meeting.place,
                "chair": meeting.chair_id,
                "agenda": meeting.agenda,
                "invited": list(
                    meeting.invitations.values_list("organization_id", flat=True)
                ),
            }

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        data["invited"] = list(data["invited"])
        return data


class RecordForm(VietnameseMessagesMixin, forms.Form):
    attended = forms.MultipleChoiceField(
        label=_("Đơn vị có mặt"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    minutes = TextField(
        label=_("Biên bản"), max_length=LONG_TEXT_MAX, rows=10, required=False
    )
    decisions = TextField(
        label=_("Kết luận"), max_length=LONG_TEXT_MAX, rows=5, required=False
    )
    mark_held = forms.BooleanField(label=_("Ghi là đã họp"), required=False)

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        invitations = list(meeting.invitations.select_related("organization"))
        self.fields["attended"].choices = [
            (str(i.organization_id), i.organization.name) for i in invitations
        ]
        if not self.is_bound:
            self.initial = {
                "attended": [str(i.organization_id) for i in invitations if i.attended],
                "minutes": meeting.minutes,
                "decisions": meeting.decisions,
            }

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        data["attended"] = [int(pk) for pk in data["attended"]]
        return data


class ItemForm(VietnameseMessagesMixin, forms.Form):
    owner = forms.ModelChoiceField(
        label=_("Đơn vị thực hiện"), queryset=Organization.objects
    )
    description = SingleLineField(label=_("Việc cần làm"), max_length=500)
    due_date = WindowDateField(label=_("Hạn"), widget=DATE)

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = Organization.objects.filter(
            parent_id=meeting.ward_id, is_active=True
        ).order_by("name")

    def service_kwargs(self) -> dict:
        return dict(self.cleaned_data)


class DoneForm(VietnameseMessagesMixin, forms.Form):
    note = TextField(label=_("Kết quả"), max_length=COMMENT_MAX, required=False)

    def service_kwargs(self) -> dict:
        return {"note": self.cleaned_data["note"]}
