"""Expected HTTP status for every coordination-request URL × role × method
(RELIABILITY.md T02; doubles as the access document). A route of
``coordination.requests.urls`` without a row fails
``test_every_request_route_has_a_row``.

Objects (built by ``build_scene`` in test_access.py):
  draft      cell A → police, draft
  sent       cell A → police, sent (recipient: sent); has an attachment
  answered   cell A → police, answered
  received_i cell A → police, important, received
  scheduled  cell A → police, important, meeting scheduled
  not_agreed cell A → police, important, not agreed
  escalated  cell A → police, important, escalated
  returned   police → cell B, returned (cell → cell is outside the regulation)
  secret     police → cell A, Mật, sent; has an attachment

Statuses: 302 anon → login; 404 cannot see (existence hidden); 403 sees it
but holds no position for that action; 200 form/page; 302 for an actor means
done (POST) or "not possible in this state" (GET, with a message).
"""

ROLES = [
    "anon",
    "inactive",
    "secretary_a",
    "deputy_a",
    "member_a",
    "secretary_b",
    "officer",
    "cleared_officer",
    "standing_member",
    "office_staff",
    "admin",
    "staff_a",
    "police_staff",
    "ward_member",
]
ANON = {"anon": 302, "inactive": 302}


def exp(default: int, **overrides: int) -> dict[str, int]:
    table = dict.fromkeys(ROLES, default)
    table.update(ANON)
    table.update(overrides)
    return table


SENDER_OK = {"secretary_a": 200, "deputy_a": 200}
RECIPIENT_OK = {"officer": 200, "cleared_officer": 200}
# Neither side of these requests (cell B), nor the ward committee's members,
# who are an audience of reports, not of requests.
OUTSIDER = {"secretary_b": 404, "ward_member": 404}

# (url name, object key or None, extra kwargs, method, POST data, expectations)
ROWS = [
    ("coordination:request-inbox", None, {}, "GET", None, exp(200)),
    ("coordination:request-outbox", None, {}, "GET", None, exp(200)),
    (
        "coordination:request-all",
        None,
        {},
        "GET",
        None,
        exp(403, standing_member=200, office_staff=200, admin=200),
    ),
    (
        "coordination:request-create",
        None,
        {},
        "GET",
        None,
        exp(200, member_a=403, office_staff=403, admin=403, ward_member=403),
    ),
    (
        "coordination:request-create",
        None,
        {},
        "POST",
        {},
        exp(200, member_a=403, office_staff=403, admin=403, ward_member=403),
    ),
    (
        "coordination:request-detail",
        "sent",
        {},
        "GET",
        None,
        exp(200, **OUTSIDER),
    ),
    (
        "coordination:request-detail",
        "draft",
        {},
        "GET",
        None,
        exp(404, secretary_a=200, deputy_a=200, member_a=200, staff_a=200),
    ),
    (
        "coordination:request-detail",
        "secret",
        {},
        "GET",
        None,
        exp(404, cleared_officer=200),
    ),
    (
        "coordination:request-edit",
        "draft",
        {},
        "GET",
        None,
        exp(404, secretary_a=200, deputy_a=200, member_a=403, staff_a=200),
    ),
    (
        "coordination:request-edit",
        "sent",
        {},
        "GET",
        None,
        exp(403, secretary_a=302, deputy_a=302, staff_a=302, **OUTSIDER),
    ),
    (
        "coordination:request-send",
        "draft",
        {},
        "POST",
        {},
        exp(404, secretary_a=302, deputy_a=302, member_a=403, staff_a=403),
    ),
    (
        "coordination:request-send",
        "draft",
        {},
        "GET",
        None,
        exp(405),  # POST only: refused before any lookup
    ),
    (
        "coordination:request-withdraw",
        "sent",
        {},
        "GET",
        None,
        exp(403, **SENDER_OK, **OUTSIDER),
    ),
    (
        "coordination:request-withdraw",
        "sent",
        {},
        "POST",
        {},
        exp(403, secretary_a=302, deputy_a=302, **OUTSIDER),
    ),
    (
        "coordination:request-edit",
        "draft",
        {},
        "POST",
        {"subject": "Sửa trích yếu", "content": "Nội dung sửa"},
        exp(404, secretary_a=200, deputy_a=200, member_a=403, staff_a=200),
    ),
    (
        "coordination:request-withdraw",
        "secret",
        {},
        "POST",
        {},
        exp(404, cleared_officer=302),
    ),
]

_ACTIONS = [
    ("receive", "sent", {**RECIPIENT_OK}),
    ("draft-answer", "sent", {**RECIPIENT_OK, "police_staff": 200}),
    ("answer", "sent", {**RECIPIENT_OK}),
    ("return", "sent", {**RECIPIENT_OK}),
    ("close", "answered", {**SENDER_OK, "standing_member": 200}),
    ("resend", "returned", {**RECIPIENT_OK}),  # the police sent this one
    ("schedule-meeting", "received_i", {**SENDER_OK, **RECIPIENT_OK}),
    ("meeting-outcome", "scheduled", {**SENDER_OK, **RECIPIENT_OK}),
    ("escalate", "not_agreed", {**SENDER_OK, **RECIPIENT_OK}),
    ("position", "escalated", {**SENDER_OK, **RECIPIENT_OK}),
    ("direct", "escalated", {"standing_member": 200}),
]
_VALID_POST = {
    "receive": {},
    "draft-answer": {"body": "Dự thảo trả lời."},
    "answer": {"body": "Đã trả lời."},
    "return": {"comment": "Thiếu tài liệu."},
    "close": {"comment": "Xong."},
    "resend": {"comment": "Đã bổ sung."},
    "schedule-meeting": {
        "starts_at": "2030-01-02T09:00",
        "place": "Hội trường",
        "sender_participants": "Chi bộ A",
        "recipient_participants": "Công an",
    },
    "meeting-outcome": {"outcome": "not_agreed", "minutes": "Chưa thống nhất."},
    "escalate": {"sender_position": "Ý kiến A", "recipient_position": "Ý kiến B"},
    "position": {"position": "Ý kiến của bên mình."},
    "direct": {"text": "Ý kiến chỉ đạo."},
}
for _action, _key, _ok in _ACTIONS:
    _outsider = dict(OUTSIDER)
    if _key == "returned":  # police → cell B: cell A is outside this one
        _outsider = {
            "secretary_b": 403,
            "secretary_a": 404,
            "deputy_a": 404,
            "member_a": 404,
            "staff_a": 404,
            "ward_member": 404,
        }
    ROWS.append(
        (
            "coordination:request-recipient-action",
            _key,
            {"action": _action},
            "GET",
            None,
            exp(403, **_outsider, **_ok),
        )
    )
    # POST with valid data: an actor's 302 means done (the test checks that an
    # event by that user was written); everyone else changes nothing.
    ROWS.append(
        (
            "coordination:request-recipient-action",
            _key,
            {"action": _action},
            "POST",
            _VALID_POST[_action],
            exp(403, **_outsider, **dict.fromkeys(_ok, 302)),
        )
    )

ROWS += [
    # A transition not possible in the current state: actors are sent back.
    (
        "coordination:request-recipient-action",
        "answered",
        {"action": "answer"},
        "GET",
        None,
        exp(403, officer=302, cleared_officer=302, **OUTSIDER),
    ),
    (
        "coordination:request-recipient-action",
        "sent",
        {"action": "no-such-action"},
        "GET",
        None,
        exp(404),
    ),
    (
        "coordination:request-attachment-download",
        "sent:attachment",
        {},
        "GET",
        None,
        exp(200, **OUTSIDER),
    ),
    (
        "coordination:request-attachment-download",
        "secret:attachment",
        {},
        "GET",
        None,
        exp(404, cleared_officer=200),
    ),
]
