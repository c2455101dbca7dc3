"""Forms for exchange reports. Only the fields listed here are read from a
POST: the state, the organisation, the round, the author and the dates are
set by the services, never by the browser; a duty outside the report's own
(``selectors.report_duties``) has no field, so it cannot be posted."""

from __future__ import annotations

import inspect
from dataclasses import dataclass, field

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..confidentiality import Confidentiality
from ..organizations.models import Organization
from ..permissions import (
    acting_orgs_of_kind,
    drafting_org_ids,
    visible_exchange_reports,
)
from ..requests.forms import MultipleFileField, _attachment_help
from ..validators import (
    COMMENT_MAX,
    CONTENT_MAX,
    ModelMultipleChoiceField,
    SingleLineField,
    TextField,
    VietnameseMessagesMixin,
    WindowDateField,
    vietnamese_messages,
)
from . import workflow
from .models import ExchangeAcknowledgement, ExchangeReport, ExchangeRound
from .selectors import (
    NEW_POLICIES,
    STATUS_LABELS,
    SUMMARY,
    duty_choices,
    report_duties,
    report_sections,
)

TEXT_LABELS = {
    "new_policies": _("Chủ trương mới của cấp ủy cấp trên liên quan nội dung phối hợp"),
    "results": _("Kết quả phối hợp"),
    "difficulties": _("Khó khăn, vướng mắc"),
    "proposals": _("Đề xuất, kiến nghị"),
}
SECTION_TEXTS = {NEW_POLICIES: ["new_policies"], SUMMARY: list(TEXT_LABELS)[1:]}
TO_CELLS = ExchangeReport.Direction.TO_CELLS


def duty_field_name(responsibility_id: int) -> str:
    return f"duty-{responsibility_id}"


@dataclass
class SectionRow:
    """One section of the report form, with its bound fields (for the template)."""

    section: object
    duties: list = field(default_factory=list)  # (responsibility, bound field)
    texts: list = field(default_factory=list)  # bound fields
    completed: object = None  # the section's "done" checkbox


@dataclass
class Difference:
    """One field of a stale draft: the other person's saved text and the
    user's unsaved one."""

    label: str
    saved: str
    own: str
    differs: bool = True


class ReportForm(VietnameseMessagesMixin, forms.Form):
    """The report's content, one textarea per duty of the author's side, the
    sections marked done, the confidentiality and new attachments."""

    new_policies = TextField(
        label=TEXT_LABELS["new_policies"],
        required=False,
        max_length=CONTENT_MAX,
        rows=5,
    )
    results = TextField(
        label=TEXT_LABELS["results"],
        required=False,
        max_length=CONTENT_MAX,
        rows=6,
        help_text=_("Bắt buộc trước khi nộp báo cáo."),
    )
    difficulties = TextField(
        label=TEXT_LABELS["difficulties"],
        required=False,
        max_length=CONTENT_MAX,
        rows=4,
    )
    proposals = TextField(
        label=TEXT_LABELS["proposals"],
        required=False,
        max_length=CONTENT_MAX,
        rows=4,
    )
    completed = forms.MultipleChoiceField(
        label=_("Các phần đã xong"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    confidentiality = forms.TypedChoiceField(
        label=_("Độ mật"), coerce=int, choices=Confidentiality.choices
    )
    files = MultipleFileField(label=_("Thêm tệp đính kèm"))
    # Read as given: a version that is not the current one is a stale draft.
    version = forms.Field(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, report: ExchangeReport, user, entries=None, **kwargs):
        self.report = report
        self.entries = entries if entries is not None else {}
        if not args and "data" not in kwargs:
            kwargs.setdefault("initial", self._initial())
        super().__init__(*args, **kwargs)
        if report.direction != ExchangeReport.Direction.TO_CELLS:
            del self.fields["new_policies"]
        self.sections = report_sections(report, self.entries)
        self.fields["completed"].choices = [(s.key, s.label) for s in self.sections]
        self.fields["confidentiality"].choices = [
            (value, label)
            for value, label in Confidentiality.choices
            if value <= user.clearance
        ]
        self.fields["files"].help_text = _attachment_help()
        self.duties = report_duties(report)
        for duty in self.duties:
            citation = duty.provision.citation()
            duty_field = TextField(
                label=_("Kết quả thực hiện %(citation)s") % {"citation": citation},
                required=False,
                max_length=CONTENT_MAX,
                rows=3,
                initial=self.entries.get(duty.pk, ""),
            )
            duty_field.citation = citation
            vietnamese_messages(duty_field)
            self.fields[duty_field_name(duty.pk)] = duty_field

    def _initial(self) -> dict:
        report = self.report
        return {
            "new_policies": report.new_policies,
            "results": report.results,
            "difficulties": report.difficulties,
            "proposals": report.proposals,
            "completed": list(report.completed_sections or []),
            "confidentiality": report.confidentiality,
            "version": report.version,
        }

    def section_rows(self) -> list[SectionRow]:
        """The sections in order, each with its fields and its checkbox."""
        checkboxes = {w.data["value"]: w for w in self["completed"].subwidgets}
        rows = []
        for section in self.sections:
            row = SectionRow(section=section, completed=checkboxes.get(section.key))
            row.duties = [(d, self[duty_field_name(d.pk)]) for d in section.duties]
            row.texts = [
                self[name]
                for name in SECTION_TEXTS.get(section.key, [])
                if name in self.fields
            ]
            rows.append(row)
        return rows

    def service_kwargs(self) -> dict:
        """The keyword arguments of ``services.save_draft``. An empty duty
        is sent only to clear an entry written before: an entry is the
        evidence the dashboards count per duty."""
        data = self.cleaned_data
        entries = {}
        for duty in self.duties:
            text = data.get(duty_field_name(duty.pk)) or ""
            if text or duty.pk in self.entries:
                entries[duty.pk] = text
        return {
            "fields": {
                name: data.get(name) or ""
                for name in TEXT_LABELS
                if name in self.fields
            },
            "entries": entries,
            "completed_sections": data.get("completed") or [],
            "confidentiality": data["confidentiality"],
            "files": data.get("files") or [],
        }

    def differences(self, current: ExchangeReport, current_entries: dict) -> list:
        """Each field of the saved version (someone else's) next to the
        user's unsaved text, for the page to show them side by side: those
        that differ, and (``differs`` false) the rest of the saved version."""
        pairs = [
            (label, getattr(current, name) or "", self.data.get(name, ""))
            for name, label in TEXT_LABELS.items()
            if name in self.fields
        ] + [
            (
                self.fields[duty_field_name(duty.pk)].label,
                current_entries.get(duty.pk, ""),
                self.data.get(duty_field_name(duty.pk), ""),
            )
            for duty in self.duties
        ]
        return [
            Difference(str(label), saved, own, saved.strip() != own.strip())
            for label, saved, own in pairs
            if saved.strip() or own.strip()
        ]


class VersionedForm(VietnameseMessagesMixin, forms.Form):
    """Carries the version the user saw (a stale form is refused) and an
    optional comment when the transition's service takes one.

    The form of a workflow transition (``workflow.Transition.form``);
    ``service_kwargs()`` turns its cleaned data into the keyword arguments of
    the transition's service."""

    version = forms.Field(widget=forms.HiddenInput, required=False)
    comment = TextField(
        label=_("Ghi chú"), required=False, max_length=COMMENT_MAX, rows=3
    )

    def __init__(self, *args, transition=None, report=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.transition = transition
        self.report = report
        if transition is not None and "comment" in self.fields:
            service = workflow.service_function(transition)
            if "comment" not in inspect.signature(service).parameters:
                del self.fields["comment"]

    def clean_version(self):
        return self.cleaned_data["version"] or None

    def notes(self) -> list[str]:
        """What the user should know before confirming (shown above the form)."""
        if self.transition is not None and self.transition.action == "submit":
            return [
                str(
                    _(
                        "Sau khi nộp, bên nhận đọc được toàn bộ nội dung; đơn vị chỉ "
                        "sửa được khi báo cáo bị trả lại."
                    )
                )
            ]
        return []

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("version", None)
        return data

    @classmethod
    def initial_for(cls, report: ExchangeReport) -> dict:
        return {"version": report.version}


class ReasonForm(VersionedForm):
    """Returning a report or reopening it after the lock date: the reason is
    required and recorded."""

    reason = TextField(
        label=_("Lý do"),
        max_length=COMMENT_MAX,
        rows=4,
        error_messages={"required": _("Xin ghi rõ lý do.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.pop("comment", None)
        if self.transition is not None and self.transition.action == "return":
            self.fields["reason"].label = _("Lý do trả lại (đơn vị cần sửa gì)")
        elif self.transition is not None and self.transition.action == "reopen":
            self.fields["reason"].label = _("Lý do mở lại báo cáo sau khóa sổ")


class AdHocRoundForm(VietnameseMessagesMixin, forms.Form):
    """An ad hoc round (đột xuất): its topic, the cells it concerns, the due
    date."""

    ward = forms.ModelChoiceField(
        label=_("Đảng bộ"), queryset=Organization.objects.none(), empty_label=None
    )
    topic = SingleLineField(label=_("Chủ đề trao đổi"))
    organizations = ModelMultipleChoiceField(
        label=_("Các chi, đảng bộ liên quan"),
        queryset=Organization.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Xin chọn ít nhất một chi, đảng bộ.")},
    )
    due_date = WindowDateField(
        label=_("Hạn nộp"),
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": _("Xin chọn hạn nộp.")},
    )

    def __init__(self, *args, wards, ward_cells: dict[int, list], **kwargs):
        """``wards``: those the user may open a round in; ``ward_cells``:
        ward id → its cells (``periods.ward_parts``)."""
        super().__init__(*args, **kwargs)
        self.ward_cells = {w: {c.pk for c in cells} for w, cells in ward_cells.items()}
        cells = Organization.objects.filter(
            pk__in=[pk for pks in self.ward_cells.values() for pk in pks]
        ).order_by("name")
        self.fields["ward"].queryset = wards
        if len(wards) == 1:
            # One ward: nothing to choose.
            self.fields["ward"].widget = forms.HiddenInput()
            if not self.is_bound:
                self.fields["ward"].initial = wards[0].pk
        self.fields["organizations"].queryset = cells
        self.fields["organizations"].label_from_instance = lambda o: o.name

    def clean_due_date(self):
        due = self.cleaned_data["due_date"]
        if due < timezone.localdate():
            raise ValidationError(_("Hạn nộp không được trước hôm nay."))
        return due

    def clean(self):
        data = super().clean()
        ward, cells = data.get("ward"), data.get("organizations")
        own = self.ward_cells.get(ward.pk, set()) if ward is not None else set()
        if ward is not None and any(c.pk not in own for c in cells or []):
            self.add_error(
                "organizations", _("Chỉ chọn các chi, đảng bộ của đảng bộ đã chọn.")
            )
        return data


class ScheduleForm(VietnameseMessagesMixin, forms.Form):
    """A ward's due and lock days (after the end of each period)."""

    due_days = forms.IntegerField(
        label=_("Hạn nộp: số ngày sau khi hết kỳ"),
        min_value=0,
        max_value=366,
        help_text=_("Ngày nghỉ thì hạn lùi sang ngày làm việc kế tiếp."),
    )
    lock_days = forms.IntegerField(
        label=_("Khóa sổ: số ngày sau hạn nộp"),
        min_value=0,
        max_value=366,
        help_text=_(
            "Sau ngày khóa sổ, báo cáo chưa nộp chỉ nộp được khi Thường trực hoặc "
            "Văn phòng mở lại."
        ),
    )


TABS = {
    "all": _("Tất cả"),
    "owed": _("Đơn vị phải nộp"),
    "waiting": _("Chờ đơn vị tiếp nhận"),
}


class ReportFilterForm(VietnameseMessagesMixin, forms.Form):
    """The list's filters (GET). A value that is not one of the choices is
    shown as an error and left out; the valid ones apply."""

    tab = forms.ChoiceField(
        choices=list(TABS.items()), required=False, widget=forms.HiddenInput
    )
    round = forms.TypedChoiceField(
        label=_("Kỳ báo cáo"), coerce=int, required=False, empty_value=None
    )
    status = forms.ChoiceField(
        label=_("Tình hình nộp"),
        required=False,
        choices=[("", _("Tất cả"))] + list(STATUS_LABELS.items()),
    )
    state = forms.ChoiceField(
        label=_("Trạng thái"),
        required=False,
        choices=[("", _("Tất cả"))] + list(ExchangeReport.State.choices),
    )
    organization = forms.TypedChoiceField(
        label=_("Đơn vị báo cáo"), coerce=int, required=False, empty_value=None
    )
    duty = forms.TypedChoiceField(
        label=_("Ghi kết quả thực hiện trách nhiệm"),
        coerce=int,
        required=False,
        empty_value=None,
    )

    def __init__(self, *args, rounds, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["round"].choices = [("", _("Tất cả các kỳ"))] + [
            (r.pk, r.label) for r in rounds
        ]
        # Only the organisations of reports the user may open, and the
        # duties of the regulations of their rounds (two queries).
        orgs = Organization.objects.none()
        if user is not None:
            orgs = Organization.objects.filter(
                pk__in=visible_exchange_reports(user).values("organization_id")
            ).order_by("name", "pk")
        self.fields["organization"].choices = [("", _("Tất cả"))] + [
            (o.pk, o.name) for o in orgs
        ]
        self.fields["duty"].choices = [("", _("Tất cả"))] + duty_choices(
            {r.regulation_id for r in rounds}
        )

    def list_filters(self) -> dict:
        """The valid filters, as ``selectors.report_list``'s arguments."""
        return {
            "round_id": self.value("round"),
            "status": self.value("status") or "",
            "state": self.value("state") or "",
            "organization_id": self.value("organization"),
            "duty_id": self.value("duty"),
        }

    def value(self, name: str):
        """The field's valid value, or None."""
        if not self.is_bound or not self.is_valid() and name in self.errors:
            return None
        return self.cleaned_data.get(name) or None

    @staticmethod
    def filter_tab(user, qs, tab: str):
        """One tab of the list, always a subset of ``qs`` (the reports the
        user may open): what the user's organisations owe, or the submitted
        reports waiting for them (a cell's for the police committee, the
        police's for each concerned cell that has not acknowledged it)."""
        if tab == "owed":
            return qs.filter(
                organization_id__in=drafting_org_ids(user),
                state__in=ExchangeReport.OWED,
            )
        if tab != "waiting":
            return qs
        police = acting_orgs_of_kind(user, (Organization.Kind.POLICE_COMMITTEE,))
        cells = acting_orgs_of_kind(user, Organization.CELL_SIDE_KINDS)
        concerned = ExchangeRound.organizations.through.objects.filter(
            exchangeround_id=OuterRef("round_id"), organization_id__in=cells
        )
        acknowledged = ExchangeAcknowledgement.objects.filter(
            report_id=OuterRef("pk"),
            organization_id__in=cells,
            submission=OuterRef("submission"),
        )
        waiting = Q(Exists(concerned), ~Exists(acknowledged), direction=TO_CELLS)
        if police:
            waiting |= Q(direction=ExchangeReport.Direction.TO_POLICE)
        return qs.filter(waiting, state=ExchangeReport.State.SUBMITTED)


def content_rows(report: ExchangeReport, sections, entries: dict) -> list[dict]:
    """The read-only report: each section with its duties' texts and its
    own fields."""
    return [
        {
            "section": section,
            "duties": [(d, entries.get(d.pk, "")) for d in section.duties],
            "texts": [
                (TEXT_LABELS[name], getattr(report, name))
                for name in SECTION_TEXTS.get(section.key, [])
            ],
        }
        for section in sections
    ]
