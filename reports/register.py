"""Taking a number from the outgoing register (sổ đăng ký văn bản đi) and
cancelling one.

Numbers run per issuing organisation, document type and year (PARTY_FORMAT.md:
"Numbers run per register and restart each year"). ``take_number`` locks the
(organisation, type, year) counter row for the caller's transaction: a second
signing of the same register waits until the first commits (or rolls back),
then takes the next number; the counter never goes down, so a number is never
given twice, a cancelled one included. The first taking of a register creates
its counter row; two creating it at once meet the unique constraint and the
loser retries (and then waits on the winner's lock)."""

from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from coordination.organizations.models import Organization
from coordination.validators import is_blank, nfc

from .documents import issuer_code
from .models import RegisterCounter, RegisterEntry
from .visibility import register_secretary_org_ids

ATTEMPTS = 3


class RegisterError(Exception):
    """Refused, with a Vietnamese message."""


def symbol_of(number: int, type_code: str, organization: Organization) -> str:
    """ "12-BC/ĐUCA": the number and symbol as printed after "Số"."""
    return f"{number}-{type_code}/{issuer_code(organization)}"


def _locked_counter(organization: Organization, type_code: str, year: int):
    lookup = {"organization": organization, "type_code": type_code, "year": year}
    for attempt in range(ATTEMPTS):
        try:
            with transaction.atomic():  # a savepoint: an IntegrityError is undone
                counter = RegisterCounter.objects.select_for_update().filter(**lookup)
                found = counter.first()
                if found is not None:
                    return found
                # A register without a counter row yet (or entries written
                # before it): start after the highest number ever given.
                highest = RegisterEntry.objects.filter(**lookup).aggregate(
                    n=Max("number")
                )["n"]
                return RegisterCounter.objects.create(
                    **lookup, last_number=highest or 0
                )
        except IntegrityError:
            if attempt == ATTEMPTS - 1:
                raise
    raise AssertionError("unreachable")


def take_number(
    *,
    organization: Organization,
    type_code: str,
    subject: str,
    signer,
    date: datetime.date | None = None,
) -> RegisterEntry:
    """The next number of the organisation's register for the type and the
    date's year, written into the register. Call inside the transaction that
    issues the document: the number is only taken if it commits."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("take_number must run inside a transaction")
    date = date or timezone.localdate()
    counter = _locked_counter(organization, type_code, date.year)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    number = counter.last_number
    return RegisterEntry.objects.create(
        organization=organization,
        type_code=type_code,
        year=date.year,
        number=number,
        symbol=symbol_of(number, type_code, organization),
        date=date,
        subject=nfc(subject)[:500],
        signer=signer,
    )


@transaction.atomic
def cancel_number(*, entry: RegisterEntry, by, reason: str) -> RegisterEntry:
    """The issuing organisation's secretary cancels a number: the entry stays
    in the register with the reason, who and when; the number is not given
    again."""
    entry = RegisterEntry.objects.select_for_update().get(pk=entry.pk)
    if entry.organization_id not in register_secretary_org_ids(by):
        raise RegisterError(_("Chỉ Bí thư của đơn vị ban hành mới hủy số văn bản."))
    if entry.is_cancelled:
        raise RegisterError(_("Số văn bản này đã được hủy."))
    if is_blank(reason):
        raise RegisterError(_("Xin ghi lý do hủy số."))
    entry.status = RegisterEntry.Status.CANCELLED
    entry.cancel_reason = nfc(reason)
    entry.cancelled_by = by
    entry.cancelled_at = timezone.now()
    entry.save(
        update_fields=["status", "cancel_reason", "cancelled_by", "cancelled_at"]
    )
    return entry
