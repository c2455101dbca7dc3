"""A year of demo assessments (``seed_demo``): the two demo cells with
secretaries rate the police's work per area in each six-monthly round of the
past year, the police secretary replies to some; one comment on a named
officer. Idempotent: a cell's round already assessed is skipped."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from regulations.models import Area

from ..exchanges.models import ExchangeRound
from ..organizations.models import Membership, Organization
from . import services
from .models import Assessment, OfficerComment, RatingLevel

AREAS = ["anqg", "ttatxh", "luc-luong", "the-tran-antq"]
COMMENTS = {
    4: "Nắm tình hình sát, xử lý kịp thời; phối hợp tốt với chi bộ.",
    3: "Phối hợp tốt; cần thông tin sớm hơn cho chi bộ về các vụ việc.",
    2: "Còn chậm nắm tình hình tại một số tổ dân phố.",
}


@transaction.atomic
def seed_demo_assessments() -> int:
    officer = User.objects.filter(username="congan").first()
    police = Organization.objects.filter(code="hd-ca").first()
    if officer is None or police is None:
        return 0
    areas = {a.code: a for a in Area.objects.filter(code__in=AREAS)}
    levels = {r.value: r for r in RatingLevel.objects.all()}
    today = timezone.localdate()
    rounds = list(
        ExchangeRound.objects.filter(
            ward_id=police.parent_id,
            kind__in=(ExchangeRound.Kind.H1, ExchangeRound.Kind.H2),
            period_start__lte=today,
        ).order_by("-period_start")[:2]
    )[::-1]
    made = 0
    for step, (cell_code, username) in enumerate(
        (("hd-cb01", "bithu_cb01"), ("hd-cb02", "bithu_cb02"))
    ):
        cell = Organization.objects.filter(code=cell_code).first()
        author = User.objects.filter(username=username).first()
        if cell is None or author is None:
            continue
        for index, round_ in enumerate(rounds):
            if Assessment.objects.filter(cell=cell, round=round_).exists():
                continue
            lines = []
            for number, code in enumerate(AREAS):
                if code not in areas:
                    continue
                value = max(2, min(4, 3 + (index + number + step) % 3 - 1))
                lines.append((areas[code], levels[value], COMMENTS[value]))
            assessment = services.create_assessment(
                by=author,
                cell=cell,
                round_=round_,
                lines=lines,
                summary="Lực lượng công an phường cơ bản hoàn thành tốt nhiệm vụ tại "
                "địa bàn chi bộ.",
            )
            Assessment.objects.filter(pk=assessment.pk).update(
                created_at=timezone.make_aware(
                    timezone.datetime.combine(
                        round_.period_end, timezone.datetime.min.time()
                    )
                )
            )
            if index == 0:
                services.reply_assessment(
                    assessment=assessment,
                    by=officer,
                    reply="Đảng ủy Công an phường tiếp thu, chỉ đạo Công an phường "
                    "thông tin sớm hơn cho chi bộ.",
                )
            made += 1
    deputy = Membership.objects.filter(
        organization=police, user__username="congan_pho"
    ).first()
    cell = Organization.objects.filter(code="hd-cb01").first()
    author = User.objects.filter(username="bithu_cb01").first()
    if (
        deputy
        and cell
        and author
        and not OfficerComment.objects.filter(cell=cell).exists()
    ):
        services.comment_on_officer(
            by=author,
            cell=cell,
            officer=deputy,
            text="Đồng chí cư trú tại tổ dân phố số 2, gương mẫu, tích cực tham gia "
            "sinh hoạt nơi cư trú.",
        )
    return made
