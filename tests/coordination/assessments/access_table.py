"""Expected HTTP status for every assessment URL × role × method (RELIABILITY.md
T02; doubles as the access document). A route of
``coordination.assessments.urls`` without a row fails
``test_every_assessment_route_has_a_row``.

Objects (built by ``build_scene`` in test_access.py):
  assessment  cell A's assessment of police work (two areas)
  comment     cell A's comment on ``subject``, a member of the police committee

Roles: the ward fixture's, and ``subject`` (the officer the comment is
about: never reads it). Statuses: 302 anon/inactive → login; 404 cannot open
the object (existence hidden); 403 opens it or the page but holds no position
for that action; 405 wrong method; 200 page or form (or a refused form shown
again); 302 for a POST by an actor means done.

Who reads: an assessment, the cell's members, the police committee's
secretary and deputies, the standing committee; an officer comment, the
cell's leaders, the police committee's secretary and deputies and the
standing committee, never the officer, the police's support staff or other
members, another cell.
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
    "subject",
]
ANON = {"anon": 302, "inactive": 302}


def exp(default: int, *layers: dict, **overrides: int) -> dict[str, int]:
    table = dict.fromkeys(ROLES, default)
    table.update(ANON)
    for layer in layers:
        table.update(layer)
    table.update(overrides)
    return table


CELL_LEADERS = {"secretary_a": 200, "deputy_a": 200, "secretary_b": 200}
ASSESSMENT_READERS = {
    "secretary_a": 200,
    "deputy_a": 200,
    "member_a": 200,
    "staff_a": 200,
    "officer": 200,
    "standing_member": 200,
}
COMMENT_READERS = {
    "secretary_a": 200,
    "deputy_a": 200,
    "officer": 200,
    "standing_member": 200,
}
ASSESSMENT = {"cell": "{cell_a}", "rating_{area}": "{level}", "summary": "Tốt"}
COMMENT = {"cell": "{cell_a}", "officer": "{subject}", "text": "Gương mẫu"}

# (url name, object key or None, method, POST data, expectations)
ROWS = [
    ("coordination:assessment-list", None, "GET", None, exp(200)),
    ("coordination:assessment-table", None, "GET", None, exp(200)),
    ("coordination:assessment-create", None, "GET", None, exp(403, CELL_LEADERS)),
    (
        "coordination:assessment-create",
        None,
        "POST",
        ASSESSMENT,
        # Cell B's secretary: cell A is not one of his (form error).
        exp(403, CELL_LEADERS, secretary_a=302, deputy_a=302),
    ),
    (
        "coordination:assessment-detail",
        "assessment",
        "GET",
        None,
        exp(404, ASSESSMENT_READERS),
    ),
    ("coordination:assessment-reply", "assessment", "GET", None, exp(405)),
    (
        "coordination:assessment-reply",
        "assessment",
        "POST",
        {"reply": "Tiếp thu"},
        exp(404, dict.fromkeys(ASSESSMENT_READERS, 403), officer=302),
    ),
    ("coordination:officer-comment-list", None, "GET", None, exp(200)),
    (
        "coordination:officer-comment-create",
        None,
        "GET",
        None,
        exp(403, CELL_LEADERS),
    ),
    (
        "coordination:officer-comment-create",
        None,
        "POST",
        COMMENT,
        exp(403, CELL_LEADERS, secretary_a=302, deputy_a=302),
    ),
    (
        "coordination:officer-comment-detail",
        "comment",
        "GET",
        None,
        exp(404, COMMENT_READERS),
    ),
]
