"""Forms for urgent situations. Only the fields listed here are read from a
POST: the state, the addressees, the author and the times are set by the
services, never by the browser. Each form's ``service_kwargs()`` gives the
keyword arguments of the service it feeds."""

from __future__ import annotations

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from regulations.models import Area

from ..confidentiality import Confidentiality
from ..organizations.models import Organization
from ..permissions import drafting_org_ids
from ..requests.forms import MultipleFileField, _attachment_help
from ..validators import (
    COMMENT_MAX,
    CONTENT_MAX,
    POSITION_MAX,
    ModelMultipleChoiceField,
    SingleLineField,
    TextField,
    VietnameseMessagesMixin,
    WindowDateField,
    WindowDateTimeField,
    vietnamese_messages,
)
from . import workflow
from .models import Incident
from .notify import ward_orgs

DATE_INPUT = {"input_formats": ["%Y-%m-%d", "%d/%m/%Y"]}
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M"]
MAX_ITEMS = 5


def reporting_orgs(user):
    """The organisations the user may draft a report for (of a reporting kind)."""
    orgs = Organization.objects.filter(
        pk__in=drafting_org_ids(user), is_active=True
    ).order_by("name")
    return [o for o in orgs if workflow.kinds_for(o)]


class IncidentForm(VietnameseMessagesMixin, forms.Form):
    reporter = forms.ModelChoiceField(
        label=_("Đơn vị báo cáo"),
        queryset=Organization.objects.none(),
        empty_label=None,
    )
    kind = forms.ChoiceField(label=_("Loại tình huống"), choices=Incident.Kind.choices)
    title = SingleLineField(label=_("Tóm tắt"))
    description = TextField(label=_("Diễn biến"), max_length=CONTENT_MAX, rows=6)
    place = SingleLineField(label=_("Địa điểm"))
    started_at = WindowDateTimeField(
        label=_("Bắt đầu lúc"),
        input_formats=DATETIME_FORMATS,
        widget=forms.DateTimeInput(
            attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
        ),
    )
    area = forms.ModelChoiceField(
        label=_("Lĩnh vực"),
        queryset=Area.objects.all(),
        required=False,
        empty_label=_("— Không chọn —"),
    )
    severity = forms.TypedChoiceField(
        label=pgettext_lazy("severity", "Mức độ"),
        coerce=int,
        choices=Incident.Severity.choices,
    )
    measures_taken = TextField(
        label=_("Biện pháp đã thực hiện"),
        required=False,
        max_length=CONTENT_MAX,
        rows=4,
    )
    confidentiality = forms.TypedChoiceField(
        label=_("Độ mật"), coerce=int, choices=Confidentiality.choices
    )
    cells = ModelMultipleChoiceField(
        label=_("Các chi bộ, đảng bộ liên quan (báo cáo của Đảng ủy Công an)"),
        queryset=Organization.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    files = MultipleFileField(label=_("Tệp đính kèm"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        orgs = reporting_orgs(user)
        self.fields["reporter"].queryset = Organization.objects.filter(
            pk__in=[o.pk for o in orgs]
        ).order_by("name")
        kinds = {k for o in orgs for k in workflow.kinds_for(o)}
        self.fields["kind"].choices = [
            (v, label) for v, label in Incident.Kind.choices if v in kinds
        ]
        # Only the police committee names the cells its report concerns.
        police = [
            o for o in orgs if Incident.Kind.POLICE_REPORT in workflow.kinds_for(o)
        ]
        cells = {c.pk for o in police for c in workflow.ward_parts(o)["cells"]}
        self.fields["cells"].queryset = Organization.objects.filter(
            pk__in=cells
        ).order_by("name")
        self.fields["cells"].label_from_instance = lambda o: o.name
        if not cells:
            del self.fields["cells"]
        self.fields["confidentiality"].choices = [
            (v, label) for v, label in Confidentiality.choices if v <= user.clearance
        ]
        self.fields["files"].help_text = _attachment_help()
        if not self.is_bound:
            self.initial.setdefault(
                "started_at", timezone.localtime().replace(second=0, microsecond=0)
            )

    def clean(self):
        data = super().clean()
        reporter, kind = data.get("reporter"), data.get("kind")
        if reporter is not None and kind:
            cells = list(data.get("cells") or [])
            error = workflow.addressee_error(reporter, kind, cells)
            if error:
                self.add_error("kind", error)
            elif kind == Incident.Kind.POLICE_REPORT and not cells:
                self.add_error("cells", _("Xin chọn các chi bộ, đảng bộ liên quan."))
        started = data.get("started_at")
        if started and started > timezone.now() + datetime.timedelta(minutes=5):
            self.add_error("started_at", _("Thời điểm bắt đầu chưa đến."))
        return data

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        kind = data["kind"]
        return {
            "reporter": data["reporter"],
            "kind": kind,
            "title": data["title"],
            "description": data["description"],
            "place": data["place"],
            "started_at": data["started_at"],
            "area": data.get("area"),
            "severity": data["severity"],
            "measures_taken": data.get("measures_taken") or "",
            "confidentiality": data["confidentiality"],
            "cells": list(data.get("cells") or [])
            if kind == Incident.Kind.POLICE_REPORT
            else [],
            "files": data.get("files") or [],
        }


class VersionedForm(VietnameseMessagesMixin, forms.Form):
    """The form of a transition (``workflow.Transition.form``): carries the
    version the user saw (a stale form is refused)."""

    version = forms.Field(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, transition=None, incident=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.transition = transition
        self.incident = incident

    def clean_version(self):
        return self.cleaned_data["version"] or None

    def notes(self) -> list[str]:
        if self.transition is not None and self.transition.action == "report":
            return [
                str(
                    _(
                        "Báo cáo được gửi ngay tới các đơn vị nhận; sau đó không "
                        "sửa được nội dung, chỉ cập nhật diễn biến."
                    )
                )
            ]
        return []

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("version", None)
        return data

    @classmethod
    def initial_for(cls, incident: Incident) -> dict:
        return {"version": incident.version}


class UpdateForm(VersionedForm):
    body = TextField(label=_("Nội dung"), max_length=CONTENT_MAX, rows=5)


class CloseForm(VersionedForm):
    outcome = TextField(label=_("Kết quả xử lý"), max_length=CONTENT_MAX, rows=5)


class DirectionForm(VersionedForm):
    """The standing committee's direction and up to five "who does what by
    when" rows (numbered fields ``owner_1``… ``due_1``…)."""

    text = TextField(label=_("Ý kiến chỉ đạo"), max_length=POSITION_MAX, rows=6)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        orgs = ward_orgs(self.incident) if self.incident is not None else []
        choices = [("", _("— Không giao —"))] + [(o.pk, o.name) for o in orgs]
        self.owners = {o.pk: o for o in orgs}
        for i in range(1, MAX_ITEMS + 1):
            self.fields[f"owner_{i}"] = forms.TypedChoiceField(
                label=_("Việc %(n)s: đơn vị thực hiện") % {"n": i},
                choices=choices,
                coerce=int,
                required=False,
                empty_value=None,
            )
            self.fields[f"item_{i}"] = SingleLineField(
                label=_("Việc %(n)s: việc cần làm") % {"n": i}, required=False
            )
            self.fields[f"due_{i}"] = WindowDateField(
                label=_("Việc %(n)s: hạn") % {"n": i},
                required=False,
                widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                **DATE_INPUT,
            )
        for field in self.fields.values():
            vietnamese_messages(field)

    def item_rows(self):
        return [
            (i, self[f"owner_{i}"], self[f"item_{i}"], self[f"due_{i}"])
            for i in range(1, MAX_ITEMS + 1)
        ]

    def clean(self):
        data = super().clean()
        self.items = []
        for i in range(1, MAX_ITEMS + 1):
            owner, text, due = (data.get(f"{n}_{i}") for n in ("owner", "item", "due"))
            if not (owner or text or due):
                continue
            if f"owner_{i}" in self.errors or f"due_{i}" in self.errors:
                continue
            if not owner:
                self.add_error(f"owner_{i}", _("Xin chọn đơn vị thực hiện."))
            if not text:
                self.add_error(f"item_{i}", _("Xin ghi việc cần làm."))
            if not due:
                self.add_error(f"due_{i}", _("Xin chọn hạn."))
            elif due < timezone.localdate():
                self.add_error(f"due_{i}", _("Hạn không được trước hôm nay."))
            if owner and text and due:
                self.items.append((self.owners[owner], text, due))
        return data

    def service_kwargs(self) -> dict:
        return {"text": self.cleaned_data["text"], "items": self.items}


class ItemDoneForm(VietnameseMessagesMixin, forms.Form):
    note = TextField(label=_("Kết quả"), required=False, max_length=COMMENT_MAX, rows=3)

    def service_kwargs(self) -> dict:
        return {"note": self.cleaned_data.get("note") or ""}


class IncidentFilterForm(VietnameseMessagesMixin, forms.Form):
    """The list's filters (GET); an invalid value is shown and ignored."""

    area = forms.ChoiceField(label=_("Lĩnh vực"), required=False)
    organization = forms.TypedChoiceField(
        label=_("Đơn vị báo cáo"), coerce=int, required=False, empty_value=None
    )
    month = forms.DateField(
        label=_("Tháng báo cáo"),
        required=False,
        input_formats=["%Y-%m"],
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
    )
    state = forms.ChoiceField(
        label=_("Trạng thái"),
        required=False,
        choices=[("", _("Tất cả"))] + list(Incident.State.choices),
    )
    severity = forms.TypedChoiceField(
        label=pgettext_lazy("severity", "Mức độ"),
        coerce=int,
        required=False,
        empty_value=None,
        choices=[("", _("Tất cả"))] + list(Incident.Severity.choices),
    )
    status = forms.ChoiceField(
        label=_("Tình hình xử lý"),
        required=False,
        choices=[
            ("", _("Tất cả")),
            ("open", _("Đang xử lý")),
            ("closed", _("Đã kết thúc")),
        ],
    )

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].choices = [("", _("Tất cả"))] + [
            (a.code, a.name) for a in Area.objects.all()
        ]
        self.fields["organization"].choices = [("", _("Tất cả"))] + [
            (o.pk, o.name) for o in organizations
        ]

    def value(self, name: str):
        if not self.is_bound or not self.is_valid() and name in self.errors:
            return None
        return self.cleaned_data.get(name) or None
