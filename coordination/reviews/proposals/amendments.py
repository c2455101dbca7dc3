"""Amendment proposals (ward 12.3, province 8.3): an organisation's leaders
raise a difficulty or a new issue citing provisions of the version in force;
the police committee's hosts compile several into one proposal to the
standing committee; the standing committee decides. Accepted, a new draft
version of the regulation is opened through ``regulations.services`` with
the amending decision's number and date, and the compilation is linked to it
and to the provisions its items cite (in the new version; the items keep
citing the version they were raised under)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from regulations import services as regulation_services
from regulations.models import Provision
from regulations.selectors import regulation_in_force_for

from ...organizations.models import Membership, Organization
from ...permissions import review_host_ward_ids, standing_root_ids
from ...validators import is_blank, nfc
from ..services import ReviewError, _leaders, _tell
from ..visibility import raiser_org_ids
from .models import AmendmentCompilation, AmendmentProposal, Decision


def _standing_members(ward_id: int) -> list[User]:
    ids = (
        Membership.objects.current()
        .filter(
            organization__parent_id=ward_id, organization__kind="standing_committee"
        )
        .values("user_id")
    )
    return list(User.objects.filter(pk__in=ids, is_active=True))


def _host_users(ward_id: int) -> list[User]:
    police = Organization.objects.filter(
        parent_id=ward_id, kind=Organization.Kind.POLICE_COMMITTEE
    ).values_list("pk", flat=True)
    leaders = _leaders(list(police))
    staff = Membership.objects.current().filter(
        organization_id__in=list(police), position=Membership.Position.STAFF
    )
    return leaders + list(
        User.objects.filter(pk__in=staff.values("user_id"), is_active=True)
    )


@transaction.atomic
def raise_amendment(
    *,
    by: User,
    organization: Organization,
    kind: str,
    content: str,
    provisions: Iterable[Provision],
) -> AmendmentProposal:
    if organization.pk not in raiser_org_ids(by) or organization.parent is None:
        raise ReviewError(
            _("Chỉ lãnh đạo đơn vị mới kiến nghị sửa đổi, bổ sung Quy chế.")
        )
    ward = organization.parent
    regulation = regulation_in_force_for(ward)
    if regulation is None:
        raise ReviewError(_("Đảng bộ chưa có Quy chế đang có hiệu lực."))
    provisions = list(provisions)
    if not provisions:
        raise ReviewError(_("Xin chọn điều khoản có vướng mắc."))
    if any(p.regulation_id != regulation.pk for p in provisions):
        raise ReviewError(_("Chỉ chọn điều khoản của phiên bản đang có hiệu lực."))
    if kind not in AmendmentProposal.Kind.values:
        raise ReviewError(_("Xin chọn loại kiến nghị."))
    if is_blank(content):
        raise ReviewError(_("Xin ghi nội dung kiến nghị."))
    item = AmendmentProposal(
        ward=ward,
        organization=organization,
        regulation=regulation,
        kind=kind,
        content=nfc(content),
        raised_by=by,
    )
    item._history_user = by
    item.save()
    item.provisions.set(provisions)
    _tell(
        _host_users(ward.pk),
        by,
        lambda: _("Kiến nghị sửa đổi Quy chế: %(item)s") % {"item": item},
        item.get_absolute_url(),
        f"amendment:{item.pk}",
    )
    return item


@transaction.atomic
def compile_amendments(
    *, by: User, ward: Organization, items: Iterable[AmendmentProposal], summary: str
) -> AmendmentCompilation:
    """Several raised items of the ward (not yet compiled, all under the
    version in force) become one proposal to the standing committee."""
    if ward.pk not in review_host_ward_ids(by):
        raise ReviewError(
            _(
                "Chỉ Đảng ủy Công an (lãnh đạo, bộ phận giúp việc) mới tổng hợp kiến nghị."
            )
        )
    ids = [i.pk for i in items]
    locked = list(
        AmendmentProposal.objects.select_for_update().filter(pk__in=ids, ward=ward)
    )
    if not ids or len(locked) != len(set(ids)):
        raise ReviewError(_("Xin chọn các kiến nghị của đảng bộ."))
    if any(i.compilation_id is not None for i in locked):
        raise ReviewError(_("Có kiến nghị đã được tổng hợp."))
    regulation = regulation_in_force_for(ward)
    if regulation is None or any(i.regulation_id != regulation.pk for i in locked):
        raise ReviewError(
            _("Chỉ tổng hợp kiến nghị về phiên bản Quy chế đang có hiệu lực.")
        )
    if is_blank(summary):
        raise ReviewError(_("Xin ghi nội dung tổng hợp."))
    compilation = AmendmentCompilation(
        ward=ward, regulation=regulation, summary=nfc(summary), compiled_by=by
    )
    compilation._history_user = by
    compilation.save()
    for item in locked:
        item.compilation = compilation
        item._history_user = by
        item.save(update_fields=["compilation"])
    _tell(
        _standing_members(ward.pk),
        by,
        lambda: _("Đề nghị xem xét: %(c)s") % {"c": compilation},
        compilation.get_absolute_url(),
        f"amendment-compiled:{compilation.pk}",
    )
    return compilation


@transaction.atomic
def decide_amendments(
    *,
    compilation: AmendmentCompilation,
    by: User,
    accepted: bool,
    decision_number: str = "",
    decision_date: datetime.date | None = None,
    note: str = "",
) -> AmendmentCompilation:
    """The ward's standing committee decides; accepted (with the amending
    decision's number and date), a new draft version is opened."""
    compilation = AmendmentCompilation.objects.select_for_update().get(
        pk=compilation.pk
    )
    if compilation.ward_id not in standing_root_ids(by):
        raise ReviewError(_("Chỉ Ban Thường vụ của đảng bộ mới quyết định."))
    if compilation.state != Decision.PENDING:
        raise ReviewError(_("Tờ trình này đã có quyết định."))
    number = nfc(decision_number).strip()
    if accepted and (not number or decision_date is None):
        raise ReviewError(_("Xin ghi số và ngày quyết định sửa đổi, bổ sung."))
    compilation.state = Decision.ACCEPTED if accepted else Decision.REJECTED
    compilation.decided_by, compilation.decided_at = by, timezone.now()
    compilation.decision_number = number
    compilation.decision_date = decision_date
    compilation.decision_note = nfc(note)
    if accepted:
        draft = regulation_services.open_draft_version(
            regulation=compilation.regulation,
            by=by,
            reason=_("Sửa đổi, bổ sung theo Quyết định số %(n)s ngày %(d)s")
            % {"n": number, "d": decision_date.strftime("%d/%m/%Y")},
            decision_number=number,
            decision_date=decision_date,
            decision_date_text="",
        )
        compilation.new_version = draft
    compilation._history_user = by
    compilation.save()
    if accepted:
        refs = Provision.objects.filter(
            amendment_proposals__compilation=compilation
        ).values("ref")
        compilation.changed_provisions.set(
            Provision.objects.filter(regulation=compilation.new_version, ref__in=refs)
        )
    raisers = compilation.items.values_list("organization_id", flat=True)
    users = _leaders(list(raisers)) + _host_users(compilation.ward_id)
    _tell(
        list({u.pk: u for u in users}.values()),
        by,
        lambda: (
            _("%(c)s — %(state)s")
            % {"c": compilation, "state": compilation.get_state_display()}
        ),
        compilation.get_absolute_url(),
        f"amendment-decided:{compilation.pk}",
    )
    return compilation
