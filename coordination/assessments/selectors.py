"""Reading assessments: the list, and the standing committee's table of cells
× areas × rounds with the trend since the round before. Everything starts
from ``permissions.visible_assessments`` / ``visible_officer_comments``; a
fixed number of queries whatever the numbers."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q, QuerySet

from regulations.models import Area

from ..exchanges.models import ExchangeRound
from ..organizations.models import Organization
from ..permissions import visible_assessments, visible_officer_comments
from .models import Assessment, AssessmentLine, OfficerComment


def assessment_list(
    user, *, cell_id=None, round_=None, area_id=None
) -> QuerySet[Assessment]:
    """The assessments the user may open; of one cell, of one six-monthly
    round (an assessment without a round counts in the round of its ward
    whose period holds its date, as in the table), rating one area."""
    qs = visible_assessments(user).select_related("cell", "round", "author")
    if cell_id:
        qs = qs.filter(cell_id=cell_id)
    if round_ is not None:
        qs = qs.filter(
            Q(round=round_)
            | Q(
                round__isnull=True,
                police__parent_id=round_.ward_id,
                created_at__date__gte=round_.period_start,
                created_at__date__lte=round_.period_end,
            )
        )
    if area_id:
        lines = AssessmentLine.objects.filter(
            assessment=OuterRef("pk"), area_id=area_id
        )
        qs = qs.filter(Exists(lines))
    return qs.prefetch_related("lines__area", "lines__rating")


def filter_rounds(user) -> list[ExchangeRound]:
    """The six-monthly rounds of the wards of the assessments the user may
    open (one query)."""
    wards = visible_assessments(user).values("police__parent_id")
    return list(
        ExchangeRound.objects.filter(
            ward_id__in=wards, kind__in=(ExchangeRound.Kind.H1, ExchangeRound.Kind.H2)
        ).order_by("-period_start", "pk")
    )


def officer_comment_list(user) -> QuerySet[OfficerComment]:
    return visible_officer_comments(user).select_related(
        "cell", "officer__user", "author"
    )


@dataclass
class Cell:
    value: int | None = None
    label: str = ""
    trend: str = ""  # "up", "down", "same" or "" against the round before


@dataclass
class AssessmentTable:
    rounds: list[ExchangeRound]
    areas: list[Area]
    cells: list[Organization]
    # (cell id, area id, round id) → Cell
    grid: dict[tuple[int, int, int], Cell] = field(default_factory=dict)

    def row(self, cell: Organization, area: Area) -> list[Cell]:
        return [self.grid.get((cell.pk, area.pk, r.pk), Cell()) for r in self.rounds]


def assessment_table(user, *, limit_rounds: int = 4) -> AssessmentTable:
    """The latest rating of each cell, per area and six-monthly round, over
    the last ``limit_rounds`` rounds the user's assessments cover; an
    assessment without a round counts in the round whose period holds its
    date. Five queries."""
    lines = list(
        AssessmentLine.objects.filter(assessment__in=visible_assessments(user))
        .values_list(
            "assessment__cell_id",
            "area_id",
            "assessment__round_id",
            "assessment__created_at",
            "assessment__police__parent_id",
            "rating__value",
            "rating__label",
        )
        .order_by("assessment__created_at", "pk")
    )
    wards = {row[4] for row in lines}
    rounds = list(
        ExchangeRound.objects.filter(
            ward_id__in=wards, kind__in=(ExchangeRound.Kind.H1, ExchangeRound.Kind.H2)
        ).order_by("period_start", "pk")
    )
    cells = list(
        Organization.objects.filter(pk__in={row[0] for row in lines}).order_by("name")
    )
    areas = list(Area.objects.filter(pk__in={row[1] for row in lines}))
    grid: dict[tuple[int, int, int], Cell] = {}
    for cell_id, area_id, round_id, created, ward_id, value, label in lines:
        if round_id is None:
            day = created.date()
            round_id = next(
                (
                    r.pk
                    for r in rounds
                    if r.ward_id == ward_id and r.period_start <= day <= r.period_end
                ),
                None,
            )
        if round_id is not None:
            grid[(cell_id, area_id, round_id)] = Cell(value, label)
    used = [r for r in rounds if any(key[2] == r.pk for key in grid)]
    used = used[-limit_rounds:]
    table = AssessmentTable(rounds=used, areas=areas, cells=cells, grid=grid)
    for cell in cells:
        for area in areas:
            previous = None
            for round_ in used:
                current = grid.get((cell.pk, area.pk, round_.pk))
                if current is None:
                    continue
                if previous is not None:
                    current.trend = (
                        "up"
                        if current.value > previous.value
                        else "down"
                        if current.value < previous.value
                        else "same"
                    )
                previous = current
    return table
