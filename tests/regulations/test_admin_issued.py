"""The admin keeps every part of an issued regulation version (in force or
superseded) read-only: its sides, provisions and duties can be neither changed
nor deleted, nor reverted from their history, and the version itself cannot
be deleted; a draft's parts stay editable."""

from django.urls import reverse

from regulations import services
from regulations.models import Provision, Regulation, Side


def _url(name, *args):
    return reverse(f"admin:regulations_{name}", args=args)


def _side_data(side, **changes):
    data = {"regulation": side.regulation_id, "code": side.code}
    data.update({"role": side.role, "name": side.name, **changes})
    return data


def _provision_data(point, **changes):
    data = {"label": point.label, "title": point.title, "text": point.text}
    data.update(
        {
            "responsibilities-TOTAL_FORMS": "0",
            "responsibilities-INITIAL_FORMS": "0",
            "responsibilities-MIN_NUM_FORMS": "0",
            "responsibilities-MAX_NUM_FORMS": "1000",
            **changes,
        }
    )
    return data


def test_sides_and_provisions_of_an_issued_version_are_read_only(client, ward, loaded):
    client.force_login(ward.admin)
    side = loaded.sides.first()
    # the version's own page shows its sides without a form
    html = client.get(_url("regulation_change", loaded.pk)).content.decode()
    assert side.name in html
    assert 'name="sides-0-name"' not in html
    assert 'name="sides-0-DELETE"' not in html
    # the side's own pages: no change, no delete
    response = client.post(
        _url("side_change", side.pk), _side_data(side, name="Đổi tên")
    )
    assert response.status_code == 403
    assert client.post(_url("side_delete", side.pk), {"post": "yes"}).status_code == 403
    # nor a new side for an issued version
    count = Side.objects.count()
    data = {"regulation": loaded.pk, "code": "ben-moi", "role": "cells", "name": "X"}
    response = client.post(_url("side_add"), data)
    assert response.status_code == 200  # the form again, with the error
    assert "regulation" in response.context["adminform"].form.errors
    assert Side.objects.count() == count
    side.refresh_from_db()
    assert side.name != "Đổi tên"
    # a provision: no change, no delete
    point = loaded.provisions.get(ref="d5-k1-a")
    response = client.post(
        _url("provision_change", point.pk), _provision_data(point, text="Mới.")
    )
    assert response.status_code == 403
    delete = _url("provision_delete", point.pk)
    assert client.post(delete, {"post": "yes"}).status_code == 403
    point.refresh_from_db()
    assert point.text.startswith("Chủ trì")
    assert Provision.objects.filter(pk=point.pk).exists()


def test_an_issued_version_cannot_be_deleted(client, ward, loaded):
    client.force_login(ward.admin)
    delete = _url("regulation_delete", loaded.pk)
    assert client.get(delete).status_code == 403
    assert client.post(delete, {"post": "yes"}).status_code == 403
    # nor through the list's bulk action
    response = client.post(
        _url("regulation_changelist"),
        {"action": "delete_selected", "_selected_action": [loaded.pk], "post": "yes"},
    )
    assert response.status_code in (200, 302, 403)
    assert Regulation.objects.filter(pk=loaded.pk).exists()
    assert loaded.provisions.exists() and loaded.sides.exists()


def test_history_cannot_revert_an_issued_version_or_its_parts(client, ward, loaded):
    """simple-history's page of a past version saves what is posted: for an
    issued version (or one of its parts) it refuses."""
    client.force_login(ward.admin)
    side = loaded.sides.first()
    history = side.history.earliest("history_date")
    url = _url("side_simple_history", side.pk, history.history_id)
    assert client.get(url).status_code == 200  # may be read
    assert 'name="_save"' not in client.get(url).content.decode()  # no "Revert"
    response = client.post(url, _side_data(side, name="Khôi phục"))
    assert response.status_code == 403
    side.refresh_from_db()
    assert side.name != "Khôi phục"

    point = loaded.provisions.get(ref="d5-k1-a")
    history = point.history.earliest("history_date")
    url = _url("provision_simple_history", point.pk, history.history_id)
    response = client.post(url, _provision_data(point, text="Khôi phục"))
    assert response.status_code == 403
    point.refresh_from_db()
    assert point.text.startswith("Chủ trì")


def test_a_drafts_sides_and_provisions_stay_editable(client, ward, loaded):
    client.force_login(ward.admin)
    draft = services.create_version(regulation=loaded, by=ward.admin)
    html = client.get(_url("regulation_change", draft.pk)).content.decode()
    assert 'name="sides-0-name"' in html
    side = draft.sides.first()
    response = client.post(
        _url("side_change", side.pk), _side_data(side, name="Bên đổi tên")
    )
    assert response.status_code == 302
    side.refresh_from_db()
    assert side.name == "Bên đổi tên"
    # a new side for the draft, then deleted
    data = {"regulation": draft.pk, "code": "ben-moi", "role": "cells", "name": "X"}
    assert client.post(_url("side_add"), data).status_code == 302
    new = draft.sides.get(code="ben-moi")
    assert client.post(_url("side_delete", new.pk), {"post": "yes"}).status_code == 302
    assert not Side.objects.filter(pk=new.pk).exists()
    # a provision of the draft: changed, then deleted
    point = draft.provisions.get(ref="d5-k1-a")
    response = client.post(
        _url("provision_change", point.pk), _provision_data(point, text="Mới.")
    )
    assert response.status_code == 302
    point.refresh_from_db()
    assert point.text == "Mới."
    delete = _url("provision_delete", point.pk)
    assert client.post(delete, {"post": "yes"}).status_code == 302
    assert not Provision.objects.filter(pk=point.pk).exists()
    # the draft itself may be deleted
    assert client.get(_url("regulation_delete", draft.pk)).status_code == 200


def test_history_of_a_version_now_in_force_keeps_its_identity(client, ward, loaded):
    """The version's first history row says "draft": reverting to it must not
    reopen what the issued version keeps read-only (code, number, decision)."""
    Regulation.objects.update(organization=ward.root)
    loaded.refresh_from_db()
    draft = services.create_version(regulation=loaded, by=ward.admin)
    services.approve_version(regulation=draft, by=ward.standing_member)
    draft.refresh_from_db()
    assert draft.status == Regulation.Status.IN_FORCE
    first = draft.history.earliest("history_date")
    assert first.status == Regulation.Status.DRAFT
    client.force_login(ward.admin)
    url = _url("regulation_simple_history", draft.pk, first.history_id)
    html = client.get(url).content.decode()
    assert 'name="code"' not in html and 'name="decision_number"' not in html
    data = {
        "code": "doi-ma",
        "decision_number": "99-QĐ/X",
        "title": draft.title,
        "level": draft.level,
        "organization": ward.root.pk,
    }
    assert 'name="_save"' not in html  # no "Revert" button
    assert client.post(url, data).status_code == 403
    draft.refresh_from_db()
    assert draft.status == Regulation.Status.IN_FORCE  # not the past row's
    assert draft.code != "doi-ma" and draft.decision_number != "99-QĐ/X"
    # and the version in force, like the one it superseded, is not deleted
    assert client.get(_url("regulation_delete", draft.pk)).status_code == 403
    assert client.get(_url("regulation_delete", loaded.pk)).status_code == 403
