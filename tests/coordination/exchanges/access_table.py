"""Expected HTTP status for every exchange URL × role × method (RELIABILITY.md
T02; doubles as the access document). A route of
``coordination.exchanges.urls`` without a row fails
``test_every_exchange_route_has_a_row``.

Objects (built by ``build_scene`` in test_access.py, the test ward's 2026
rounds seen on 1 July 2026):
  h1         the H1 round (cells A, B, C)
  draft      cell A's H1 report, a draft with an attachment
  submitted  cell A's H2 report, submitted, with an attachment
  police     the police committee's H1 report to the cells, submitted
  locked     cell A's report in an ad hoc round past its lock date, never started
  secret     cell A's report (Mật) in an ad hoc round on a classified topic,
             submitted, with an attachment

Statuses: 302 anon/inactive → login; 404 cannot open the report (existence
hidden); 403 opens it but holds no position for that action; 405 wrong
method; 200 page or form; 302 for a POST by an actor means done (the test
checks that the actor changed something), for a GET "not possible in this
state" (with a message).

Data values in braces are filled in by the test: ``{version}`` the object's
version, ``{ward}`` / ``{cell_a}`` the organisations' ids.
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


def exp(default: int, **overrides: int) -> dict[str, int]:
    table = dict.fromkeys(ROLES, default)
    table.update(ANON)
    table.update(overrides)
    return table


CELL_A_LEADERS = {"secretary_a": 200, "deputy_a": 200}
CELL_A_DRAFTERS = {**CELL_A_LEADERS, "staff_a": 200}
POLICE_LEADERS = {"officer": 200, "cleared_officer": 200}
OVERSIGHT = {"standing_member": 200, "office_staff": 200}
# Cell A's reports are not cell B's business; the ward committee's members
# are not in the exchange at all.
OUTSIDER = {"secretary_b": 404, "ward_member": 404}


def done(ok: dict) -> dict:
    """The same actors, for a POST that succeeds (302)."""
    return dict.fromkeys(ok, 302)


REPORT = {"confidentiality": "0", "results": "Kết quả phối hợp", "version": "{version}"}
AD_HOC = {
    "ward": "{ward}",
    "topic": "Tình hình an ninh khu dân cư",
    "organizations": ["{cell_a}"],
    "due_date": "2026-07-20",
}

# (url name, object key or None, extra kwargs, method, POST data, expectations)
ROWS = [
    ("coordination:exchange-list", None, {}, "GET", None, exp(200)),
    ("coordination:exchange-timeliness", None, {}, "GET", None, exp(200)),
    ("coordination:exchange-round", "h1", {}, "GET", None, exp(200, ward_member=404)),
    (
        "coordination:exchange-round-create",
        None,
        {},
        "GET",
        None,
        exp(403, **POLICE_LEADERS, standing_member=200),
    ),
    (
        "coordination:exchange-round-create",
        None,
        {},
        "POST",
        AD_HOC,
        exp(403, **done(POLICE_LEADERS), standing_member=302),
    ),
    (
        "coordination:exchange-schedule",
        None,
        {},
        "GET",
        None,
        exp(403, **OVERSIGHT),
    ),
    (
        "coordination:exchange-schedule",
        None,
        {},
        "POST",
        {"due_days": "5", "lock_days": "10"},
        exp(403, **done(OVERSIGHT)),
    ),
    ("coordination:exchange-detail", "draft", {}, "GET", None, exp(200, **OUTSIDER)),
    (
        "coordination:exchange-detail",
        "police",
        {},
        "GET",
        None,
        exp(200, ward_member=404),
    ),
    (
        "coordination:exchange-detail",
        "secret",
        {},
        "GET",
        None,
        exp(404, cleared_officer=200),
    ),
    (
        "coordination:exchange-save",
        "draft",
        {},
        "POST",
        REPORT,
        exp(403, **done(CELL_A_DRAFTERS), **OUTSIDER),
    ),
    # POST only: refused before any lookup.
    ("coordination:exchange-save", "draft", {}, "GET", None, exp(405)),
    (
        "coordination:exchange-save",
        "secret",
        {},
        "POST",
        REPORT,
        exp(404, cleared_officer=403),
    ),
    (
        "coordination:exchange-action",
        "draft",
        {"action": "submit"},
        "GET",
        None,
        exp(403, **CELL_A_LEADERS, **OUTSIDER),
    ),
    (
        "coordination:exchange-action",
        "draft",
        {"action": "submit"},
        "POST",
        {},
        exp(403, **done(CELL_A_LEADERS), **OUTSIDER),
    ),
    # Not possible any more: the actors are sent back with a message.
    (
        "coordination:exchange-action",
        "submitted",
        {"action": "submit"},
        "GET",
        None,
        exp(403, secretary_a=302, deputy_a=302, **OUTSIDER),
    ),
    (
        "coordination:exchange-action",
        "submitted",
        {"action": "accept"},
        "GET",
        None,
        exp(403, **POLICE_LEADERS, **OUTSIDER),
    ),
    (
        "coordination:exchange-action",
        "submitted",
        {"action": "accept"},
        "POST",
        {"comment": "Đã tiếp nhận"},
        exp(403, **done(POLICE_LEADERS), **OUTSIDER),
    ),
    (
        "coordination:exchange-action",
        "submitted",
        {"action": "return"},
        "GET",
        None,
        exp(403, **POLICE_LEADERS, **OUTSIDER),
    ),
    (
        "coordination:exchange-action",
        "submitted",
        {"action": "return"},
        "POST",
        {"reason": "Thiếu số liệu"},
        exp(403, **done(POLICE_LEADERS), **OUTSIDER),
    ),
    (
        "coordination:exchange-action",
        "police",
        {"action": "acknowledge"},
        "GET",
        None,
        exp(403, **CELL_A_LEADERS, secretary_b=200, ward_member=404),
    ),
    (
        "coordination:exchange-action",
        "police",
        {"action": "acknowledge"},
        "POST",
        {},
        exp(403, **done(CELL_A_LEADERS), secretary_b=302, ward_member=404),
    ),
    # A cell's report is accepted, the police's acknowledged: the other
    # action does not exist for the report.
    (
        "coordination:exchange-action",
        "police",
        {"action": "accept"},
        "GET",
        None,
        exp(404),
    ),
    (
        "coordination:exchange-action",
        "locked",
        {"action": "reopen"},
        "GET",
        None,
        exp(403, **OVERSIGHT, **OUTSIDER),
    ),
    (
        "coordination:exchange-action",
        "locked",
        {"action": "reopen"},
        "POST",
        {"reason": "Đơn vị đổi bí thư"},
        exp(403, **done(OVERSIGHT), **OUTSIDER),
    ),
    (
        "coordination:exchange-action",
        "secret",
        {"action": "accept"},
        "POST",
        {},
        exp(404, cleared_officer=302),
    ),
    (
        "coordination:exchange-action",
        "draft",
        {"action": "no-such-action"},
        "GET",
        None,
        exp(404),
    ),
    (
        "coordination:exchange-attachment-download",
        "draft:attachment",
        {},
        "GET",
        None,
        # A draft's files are its organisation's own until it is submitted.
        exp(404, secretary_a=200, deputy_a=200, member_a=200, staff_a=200),
    ),
    (
        "coordination:exchange-attachment-download",
        "submitted:attachment",
        {},
        "GET",
        None,
        exp(200, **OUTSIDER),
    ),
    (
        "coordination:exchange-attachment-download",
        "secret:attachment",
        {},
        "GET",
        None,
        exp(404, cleared_officer=200),
    ),
]
