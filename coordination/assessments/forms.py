"""Forms for assessments of police work and comments on named officers.
Only the fields listed here are read from a POST; the police committee, the
author and the times are set by the services. Each form's
``service_kwargs()`` gives the keyword arguments of its service."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from regulations.models import Area

from ..exchanges.models import ExchangeRound
from ..organizations.models import Membership, Organization
from ..permissions import acting_orgs_of_kind
from ..validators import (
    CONTENT_MAX,
    TextField,
    VietnameseMessagesMixin,
    vietnamese_messages,
)
from .models import RatingLevel

POLICE = Organization.Kind.POLICE_COMMITTEE
SIX_MONTHLY = (ExchangeRound.Kind.H1, ExchangeRound.Kind.H2)


def assessing_cells(user):
    """The cells (cell-side organisations) the user leads: they assess."""
    return Organization.objects.filter(
        pk__in=acting_orgs_of_kind(user, Organization.CELL_SIDE_KINDS),
        is_active=True,
    ).order_by("name")


class _CellForm(VietnameseMessagesMixin, forms.Form):
    cell = forms.ModelChoiceField(
        label=_("Chi bộ, đảng bộ"),
        queryset=Organization.objects.none(),
        empty_label=None,
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.cells = assessing_cells(user)
        self.fields["cell"].queryset = self.cells
        self.wards = {c.parent_id for c in self.cells}


class AssessmentForm(_CellForm):
    """A rating and a comment per area (at least one area), an optional
    six-monthly round of the ward, a summary."""

    round = forms.ModelChoiceField(
        label=_("Kỳ 6 tháng"),
        queryset=ExchangeRound.objects.none(),
        required=False,
        empty_label=_("— Không gắn kỳ —"),
    )
    summary = TextField(
        label=_("Nhận xét chung"), required=False, max_length=CONTENT_MAX, rows=4
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["round"].queryset = ExchangeRound.objects.filter(
            ward_id__in=self.wards, kind__in=SIX_MONTHLY
        ).order_by("-period_start")
        self.fields["round"].label_from_instance = lambda r: r.label
        self.areas = list(Area.objects.all())
        levels = [("", _("— Không đánh giá —"))] + [
            (r.pk, r.label) for r in RatingLevel.objects.all()
        ]
        self.levels = {r.pk: r for r in RatingLevel.objects.all()}
        for area in self.areas:
            self.fields[f"rating_{area.pk}"] = forms.TypedChoiceField(
                label=area.name,
                choices=levels,
                coerce=int,
                required=False,
                empty_value=None,
            )
            self.fields[f"comment_{area.pk}"] = TextField(
                label=_("Nhận xét về %(area)s") % {"area": area.name},
                required=False,
                max_length=CONTENT_MAX,
                rows=2,
            )
            vietnamese_messages(self.fields[f"rating_{area.pk}"])
            vietnamese_messages(self.fields[f"comment_{area.pk}"])

    def area_rows(self):
        return [
            (area, self[f"rating_{area.pk}"], self[f"comment_{area.pk}"])
            for area in self.areas
        ]

    def clean(self):
        data = super().clean()
        self.lines = []
        for area in self.areas:
            rating = data.get(f"rating_{area.pk}")
            comment = data.get(f"comment_{area.pk}") or ""
            if rating:
                self.lines.append((area, self.levels[rating], comment))
            elif comment.strip():
                self.add_error(f"rating_{area.pk}", _("Xin chọn mức đánh giá."))
        if not self.lines and not self.errors:
            raise forms.ValidationError(_("Xin đánh giá ít nhất một lĩnh vực."))
        cell, round_ = data.get("cell"), data.get("round")
        if cell is not None and round_ is not None and round_.ward_id != cell.parent_id:
            self.add_error("round", _("Kỳ báo cáo không thuộc đảng bộ của chi bộ."))
        return data

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "cell": data["cell"],
            "lines": self.lines,
            "summary": data.get("summary") or "",
            "round_": data.get("round"),
        }


class ReplyForm(VietnameseMessagesMixin, forms.Form):
    reply = TextField(
        label=_("Ý kiến của Đảng ủy Công an"), max_length=CONTENT_MAX, rows=5
    )

    def service_kwargs(self) -> dict:
        return {"reply": self.cleaned_data["reply"]}


class OfficerCommentForm(_CellForm):
    """The officer is chosen among the current members of the ward's police
    committee (never typed)."""

    officer = forms.ModelChoiceField(
        label=_("Cán bộ, chiến sĩ công an"), queryset=Membership.objects.none()
    )
    text = TextField(label=_("Nhận xét"), max_length=CONTENT_MAX, rows=6)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["officer"]
        field.queryset = (
            Membership.objects.current()
            .filter(
                organization__kind=POLICE,
                organization__parent_id__in=self.wards,
                organization__is_active=True,
                user__is_active=True,
            )
            .select_related("user", "organization")
            .order_by("user__full_name", "pk")
        )
        field.label_from_instance = lambda m: (
            f"{m.user.get_full_name()} — {m.get_position_display()}"
        )
        field.empty_label = _("— Chọn cán bộ —")

    def clean(self):
        data = super().clean()
        cell, officer = data.get("cell"), data.get("officer")
        if cell and officer and officer.organization.parent_id != cell.parent_id:
            self.add_error(
                "officer", _("Chỉ nhận xét cán bộ của Đảng ủy Công an phường mình.")
            )
        return data

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {"cell": data["cell"], "officer": data["officer"], "text": data["text"]}


class AssessmentFilterForm(VietnameseMessagesMixin, forms.Form):
    """The list's filters (GET): a cell, a six-monthly round, an area. A
    value that is not one of the choices is shown as an error and left out;
    the valid ones apply."""

    organization = forms.TypedChoiceField(
        label=_("Chi bộ, đảng bộ"), coerce=int, required=False, empty_value=None
    )
    round = forms.TypedChoiceField(
        label=_("Kỳ"), coerce=int, required=False, empty_value=None
    )
    area = forms.ChoiceField(label=_("Lĩnh vực"), required=False)

    def __init__(self, *args, cells, rounds, **kwargs):
        super().__init__(*args, **kwargs)
        self.rounds = rounds
        self.areas = list(Area.objects.order_by("order", "pk"))
        self.fields["organization"].choices = [("", _("Tất cả"))] + [
            (c.pk, c.name) for c in cells
        ]
        self.fields["round"].choices = [("", _("Tất cả các kỳ"))] + [
            (r.pk, r.label) for r in rounds
        ]
        self.fields["area"].choices = [("", _("Tất cả"))] + [
            (a.code, a.name) for a in self.areas
        ]

    def value(self, name: str):
        """The field's valid value, or None."""
        if not self.is_bound or not self.is_valid() and name in self.errors:
            return None
        return self.cleaned_data.get(name) or None

    def list_filters(self) -> dict:
        """The valid filters, as ``selectors.assessment_list``'s arguments."""
        round_id, code = self.value("round"), self.value("area")
        return {
            "cell_id": self.value("organization"),
            "round_": next((r for r in self.rounds if r.pk == round_id), None),
            "area_id": next((a.pk for a in self.areas if a.code == code), None),
        }
