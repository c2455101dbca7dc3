"""Expected HTTP status for every incident URL × role × method (RELIABILITY.md
T02; doubles as the access document). A route of
``coordination.incidents.urls`` without a row fails
``test_every_incident_route_has_a_row``.

Objects (built by ``build_scene`` in test_access.py):
  draft     cell A's cell report, a draft with an attachment
  reported  cell A's cell report, reported (to the standing committee and the
            police committee), with an attachment
  directed  cell A's report with the standing committee's direction and one
            action item owned by cell A (``directed:item``)
  secret    the police committee's report (Mật) to cell A, written by the
            cleared police committee member, with an attachment

Statuses: 302 anon/inactive → login; 404 cannot open the incident (existence
hidden); 403 opens it but holds no position for that action; 405 wrong
method; 200 page or form (or a refused form shown again); 302 for a POST by
an actor means done (the test checks an event was written), for a GET "not
possible in this state".
"""

ROLES = [
    "anon",
    "inactive",
    "secretary_a",
    "deputy_a",
    "member_a",
    "staff_a",
    "secretary_b",
    "officer",
    "cleared_officer",
    "police_staff",
    "standing_member",
    "office_staff",
    "ward_member",
    "admin",
]
ANON = {"anon": 302, "inactive": 302}


def exp(default: int, *layers: dict, **overrides: int) -> dict[str, int]:
    """``default`` for every role, then each layer, then the overrides."""
    table = dict.fromkeys(ROLES, default)
    table.update(ANON)
    for layer in layers:
        table.update(layer)
    table.update(overrides)
    return table


def done(ok: dict) -> dict:
    return dict.fromkeys(ok, 302)


CELL_A_LEADERS = {"secretary_a": 200, "deputy_a": 200}
CELL_A = {**CELL_A_LEADERS, "member_a": 200, "staff_a": 200}
POLICE = {"officer": 200, "cleared_officer": 200, "police_staff": 200}
POLICE_LEADERS = {"officer": 200, "cleared_officer": 200}
# Who opens cell A's reported incident: its members, its addressees' members
# (standing committee, police committee) and the administrator.
READERS = {**CELL_A, **POLICE, "standing_member": 200, "admin": 200}
DRAFTERS = {
    **CELL_A_LEADERS,
    "staff_a": 200,
    "secretary_b": 200,
    **POLICE,
}


def opens(default_for_readers: int, **overrides: int) -> dict[str, int]:
    """404 for whoever cannot open the reported incident, else the default."""
    return exp(404, dict.fromkeys(READERS, default_for_readers), **overrides)


NEW = {
    "reporter": "{cell_a}",
    "kind": "cell_report",
    "title": "Tụ tập đông người",
    "description": "Diễn biến",
    "place": "Chợ",
    "started_at": "{started}",
    "severity": "1",
    "confidentiality": "0",
}

# (url name, object key or None, extra kwargs, method, POST data, expectations)
ROWS = [
    ("coordination:incident-list", None, {}, "GET", None, exp(200)),
    ("coordination:incident-create", None, {}, "GET", None, exp(403, **DRAFTERS)),
    (
        "coordination:incident-create",
        None,
        {},
        "POST",
        NEW,
        # Another organisation's drafters: the reporter is not theirs (form error).
        exp(403, DRAFTERS, secretary_a=302, deputy_a=302, staff_a=302),
    ),
    ("coordination:incident-detail", "draft", {}, "GET", None, exp(404, **CELL_A)),
    ("coordination:incident-detail", "reported", {}, "GET", None, opens(200)),
    (
        "coordination:incident-detail",
        "secret",
        {},
        "GET",
        None,
        exp(404, cleared_officer=200),
    ),
    (
        "coordination:incident-action",
        "draft",
        {"action": "report"},
        "POST",
        {"version": "{version}"},
        exp(404, CELL_A, secretary_a=302, deputy_a=302, member_a=403, staff_a=403),
    ),
    (
        "coordination:incident-action",
        "reported",
        {"action": "acknowledge"},
        "GET",
        None,
        opens(403, standing_member=200, officer=200, cleared_officer=200),
    ),
    (
        "coordination:incident-action",
        "reported",
        {"action": "acknowledge"},
        "POST",
        {"version": "{version}"},
        opens(403, standing_member=302, officer=302, cleared_officer=302),
    ),
    (
        "coordination:incident-action",
        "reported",
        {"action": "update"},
        "POST",
        {"body": "Cập nhật"},
        opens(403, secretary_a=302, deputy_a=302, staff_a=302),
    ),
    (
        "coordination:incident-action",
        "reported",
        {"action": "measure"},
        "POST",
        {"body": "Biện pháp"},
        opens(403, officer=302, cleared_officer=302),
    ),
    (
        "coordination:incident-action",
        "reported",
        {"action": "direct"},
        "GET",
        None,
        opens(403, standing_member=200),
    ),
    (
        "coordination:incident-action",
        "reported",
        {"action": "direct"},
        "POST",
        {"text": "Chỉ đạo", "version": "{version}"},
        opens(403, standing_member=302),
    ),
    (
        "coordination:incident-action",
        "reported",
        {"action": "close"},
        "POST",
        {"outcome": "Ổn định", "version": "{version}"},
        opens(403, secretary_a=302, deputy_a=302, standing_member=302),
    ),
    (
        "coordination:incident-action",
        "secret",
        {"action": "acknowledge"},
        "POST",
        {},
        exp(404, cleared_officer=403),
    ),
    (
        "coordination:incident-item-done",
        "directed:item",
        {},
        "GET",
        None,
        exp(405),
    ),
    (
        "coordination:incident-item-done",
        "directed:item",
        {},
        "POST",
        {"note": "Đã làm"},
        opens(403, secretary_a=302, deputy_a=302),
    ),
    (
        "coordination:incident-attachment-download",
        "reported:attachment",
        {},
        "GET",
        None,
        opens(200),
    ),
    (
        "coordination:incident-attachment-download",
        "draft:attachment",
        {},
        "GET",
        None,
        exp(404, **CELL_A),
    ),
    (
        "coordination:incident-attachment-download",
        "secret:attachment",
        {},
        "GET",
        None,
        exp(404, cleared_officer=200),
    ),
]
