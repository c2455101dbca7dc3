"""'Việc đang chờ': a compiled result report waits for the police committee's
secretary's signature; nobody else is asked to sign it, and it is gone once
signed."""

from __future__ import annotations

from accounts.pending import pending_items
from reports.models import ReportDraft


def waiting(user) -> list[str]:
    return [i.title for i in pending_items(user) if "chờ ký" in i.title]


def test_draft_waits_for_the_secretary(ward, db):
    draft = ReportDraft.objects.create(
        ward=ward.root, year=2026, created_by=ward.officer
    )
    (title,) = waiting(ward.officer)
    assert draft.label in title
    assert [i.url for i in pending_items(ward.officer) if "chờ ký" in i.title] == [
        draft.get_absolute_url()
    ]
    for other in (ward.police_staff, ward.standing_member, ward.secretary_a):
        assert waiting(other) == []
    draft.status = ReportDraft.Status.FINAL
    draft.save()
    assert waiting(ward.officer) == []
