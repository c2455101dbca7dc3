"""The overview's filters (GET): the period (a six-monthly round, a year, the
term), an area and an organisation of the ward. A value that is not one of
the choices shows a Vietnamese message and is left out; the valid ones
apply."""

from __future__ import annotations

import datetime

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coordination.exchanges.models import ExchangeRound
from coordination.organizations.models import Organization
from coordination.validators import VietnameseMessagesMixin
from regulations.models import Area
from reports.result_report import SIX_MONTHLY, Period

from .visibility import units_of

TERM = "term"


def ward_rounds(ward: Organization) -> list[ExchangeRound]:
    """The ward's periodic rounds, oldest first (one query)."""
    return list(
        ExchangeRound.objects.filter(
            ward=ward, kind__in=ExchangeRound.PERIODIC_KINDS
        ).order_by("period_start", "kind", "pk")
    )


def default_period_key(rounds: list[ExchangeRound], today=None) -> str:
    """The current six-monthly round: the one whose period holds today, else
    the latest begun, else the term."""
    today = today or timezone.localdate()
    halves = [r for r in rounds if r.kind in SIX_MONTHLY]
    current = [r for r in halves if r.period_start <= today <= r.period_end]
    begun = [r for r in halves if r.period_start <= today]
    chosen = (current or begun or halves or [None])[-1]
    return f"round-{chosen.pk}" if chosen else TERM


def period_for(key: str, rounds: list[ExchangeRound]) -> Period:
    """The Period (result_report's) of a chooser value, known to be valid."""
    if key.startswith("round-"):
        r = next(r for r in rounds if f"round-{r.pk}" == key)
        return Period(r.period_start, r.period_end, [r], r.label, Q(round_id=r.pk))
    if key.startswith("year-"):
        year = int(key[5:])
        chosen = [r for r in rounds if r.year == year]
        return Period(
            datetime.date(year, 1, 1),
            datetime.date(year, 12, 31),
            chosen,
            _("Năm %(year)s") % {"year": year},
            Q(round_id__in=[r.pk for r in chosen]),
        )
    today = timezone.localdate()
    start = rounds[0].period_start if rounds else today.replace(month=1, day=1)
    end = max([r.period_end for r in rounds] + [today])
    return Period(
        start,
        end,
        rounds,
        _("Cả nhiệm kỳ"),
        Q(round_id__in=[r.pk for r in rounds]),
    )


class OverviewFilterForm(VietnameseMessagesMixin, forms.Form):
    period = forms.ChoiceField(label=gettext_lazy("Kỳ"), required=False)
    area = forms.ChoiceField(label=gettext_lazy("Lĩnh vực"), required=False)
    organization = forms.TypedChoiceField(
        label=gettext_lazy("Tổ chức"), coerce=int, required=False, empty_value=None
    )

    def __init__(self, data=None, *, ward: Organization, rounds, **kwargs):
        if data is not None and not data.get("period"):
            # Filtered without a period: the default one, shown as chosen.
            data = data.copy()
            data["period"] = default_period_key(rounds)
        super().__init__(data, **kwargs)
        self.rounds = rounds
        years = sorted({r.year for r in rounds})
        self.fields["period"].choices = (
            [(f"round-{r.pk}", r.label) for r in rounds if r.kind in SIX_MONTHLY]
            + [(f"year-{y}", _("Năm %(year)s") % {"year": y}) for y in years]
            + [(TERM, _("Cả nhiệm kỳ"))]
        )
        self.fields["period"].initial = default_period_key(rounds)
        self.areas = list(Area.objects.order_by("order", "pk"))
        self.fields["area"].choices = [("", _("Tất cả"))] + [
            (a.code, a.name) for a in self.areas
        ]
        self.orgs = list(units_of(ward))
        self.fields["organization"].choices = [("", _("Tất cả"))] + [
            (o.pk, o.name) for o in self.orgs
        ]

    def value(self, name: str):
        """The field's valid value, or None."""
        if not self.is_bound or not self.is_valid() and name in self.errors:
            return None
        return self.cleaned_data.get(name) or None

    def chosen_period(self) -> tuple[str, Period]:
        key = self.value("period") or default_period_key(self.rounds)
        return key, period_for(key, self.rounds)

    def chosen_area(self) -> Area | None:
        code = self.value("area")
        return next((a for a in self.areas if a.code == code), None)

    def chosen_organization(self) -> Organization | None:
        pk = self.value("organization")
        return next((o for o in self.orgs if o.pk == pk), None)
