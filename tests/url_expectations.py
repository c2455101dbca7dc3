"""Every named URL of the project, for the access tests (RELIABILITY.md T01/T02).

``PUBLIC_URLS``: reachable without login. ``URL_KWARGS``: sample arguments to
reverse each protected URL (any value: an anonymous user is turned away before
the view runs). A URL in neither fails ``test_every_url_has_an_expectation``:
whoever adds a URL adds its line here.
"""

PUBLIC_URLS = {
    "accounts:login",
    "set_language",  # POST only; sets the language cookie
    "favicon",  # /favicon.ico: a redirect to the static icon
}

URL_KWARGS: dict[str, dict] = {
    "accounts:home": {},
    "accounts:logout": {},
    "accounts:password-change": {},
    "accounts:password-change-done": {},
    "accounts:help": {},
    "accounts:help-page": {"slug": "bi-thu-chi-bo"},
    "coordination:organization-list": {},
    "coordination:organization-detail": {"pk": 1},
    "coordination:focal-point-directory": {},
    "coordination:notification-list": {},
    "coordination:notification-mark-all-read": {},
    "coordination:failed-email-list": {},
    "coordination:failed-email-resend": {"pk": 1},
    "coordination:reminder-preferences": {},
    "regulations:regulation-list": {},
    "regulations:search": {},
    "regulations:upload": {},
    "regulations:regulation-detail": {"code": "qc-phuong-hai-duong", "version": 1},
    "regulations:regulation-print": {"code": "qc-phuong-hai-duong", "version": 1},
    "regulations:matrix": {"code": "qc-phuong-hai-duong", "version": 1},
    "regulations:regulation-pdf": {"code": "qc-phuong-hai-duong", "version": 1},
    "regulations:regulation-docx": {"code": "qc-phuong-hai-duong", "version": 1},
    "regulations:version-create": {"code": "qc-phuong-hai-duong", "version": 1},
    "regulations:approve": {"code": "qc-phuong-hai-duong", "version": 1},
    "regulations:provision": {"code": "qc-phuong-hai-duong", "version": 1, "ref": "d5"},
    "regulations:provision-edit": {
        "code": "qc-phuong-hai-duong",
        "version": 1,
        "ref": "d5",
    },
    "regulations:regulation-diff": {"code": "qc-phuong-hai-duong", "old": 1, "new": 2},
    "coordination:request-inbox": {},
    "coordination:request-outbox": {},
    "coordination:request-all": {},
    "coordination:request-create": {},
    "coordination:request-detail": {"pk": 1},
    "coordination:request-edit": {"pk": 1},
    "coordination:request-send": {"pk": 1},
    "coordination:request-withdraw": {"pk": 1},
    "coordination:request-recipient-action": {"pk": 1, "rid": 1, "action": "answer"},
    "coordination:request-attachment-download": {"pk": 1},
    "coordination:exchange-list": {},
    "coordination:exchange-timeliness": {},
    "coordination:exchange-round": {"pk": 1},
    "coordination:exchange-round-create": {},
    "coordination:exchange-schedule": {},
    "coordination:exchange-detail": {"pk": 1},
    "coordination:exchange-save": {"pk": 1},
    "coordination:exchange-action": {"pk": 1, "action": "submit"},
    "coordination:exchange-attachment-download": {"pk": 1},
    "coordination:incident-list": {},
    "coordination:incident-create": {},
    "coordination:incident-detail": {"pk": 1},
    "coordination:incident-action": {"pk": 1, "action": "acknowledge"},
    "coordination:incident-item-done": {"pk": 1},
    "coordination:incident-attachment-download": {"pk": 1},
    "coordination:review-list": {},
    "coordination:review-create": {},
    "coordination:review-detail": {"pk": 1},
    "coordination:review-record": {"pk": 1},
    "coordination:review-item-add": {"pk": 1},
    "coordination:review-item-done": {"pk": 1},
    "coordination:review-proposal-list": {},
    "coordination:review-proposal-create": {},
    "coordination:review-proposal-detail": {"pk": 1},
    "coordination:review-proposal-decide": {"pk": 1},
    "coordination:review-amendment-list": {},
    "coordination:review-amendment-create": {},
    "coordination:review-amendment-detail": {"pk": 1},
    "coordination:review-compilation-create": {},
    "coordination:review-compilation-detail": {"pk": 1},
    "coordination:review-compilation-decide": {"pk": 1},
    "coordination:review-conference-list": {},
    "coordination:review-conference-create": {},
    "coordination:review-conference-detail": {"pk": 1},
    "coordination:review-opinion-add": {"pk": 1},
    "coordination:review-opinion-answer": {"pk": 1},
    "coordination:review-edit": {"pk": 1},
    "coordination:review-festival-list": {},
    "coordination:review-festival-create": {},
    "coordination:review-festival-detail": {"pk": 1},
    "coordination:review-festival-entry": {"pk": 1},
    "coordination:assessment-list": {},
    "coordination:assessment-table": {},
    "coordination:assessment-create": {},
    "coordination:assessment-detail": {"pk": 1},
    "coordination:assessment-reply": {"pk": 1},
    "coordination:officer-comment-list": {},
    "coordination:officer-comment-create": {},
    "coordination:officer-comment-detail": {"pk": 1},
    "coordination:calendar-month": {},
    "coordination:calendar-confirm": {"pk": 1},
    "coordination:calendar-feed-regenerate": {},
    "reports:exchange-report-pdf": {"pk": 1},
    "reports:exchange-report-docx": {"pk": 1},
    "reports:request-dossier-pdf": {"pk": 1},
    "reports:request-dossier-docx": {"pk": 1},
    "reports:incident-report-pdf": {"pk": 1},
    "reports:incident-report-docx": {"pk": 1},
    "reports:result-report-list": {},
    "reports:result-report-create": {},
    "reports:result-report-edit": {"pk": 1},
    "reports:result-report-sign": {"pk": 1},
    "reports:result-report-pdf": {"pk": 1},
    "reports:result-report-docx": {"pk": 1},
    "reports:result-report-reopen": {"pk": 1},
    "reports:review-pack": {"pk": 1},
    "reports:review-pack-pdf": {"pk": 1},
    "reports:review-pack-docx": {"pk": 1},
    "reports:review-pack-draft": {"pk": 1},
    "reports:archive-list": {},
    "reports:benchmark-floor": {},
    "reports:archive-detail": {"pk": 1},
    "reports:archive-download": {"pk": 1},
    "reports:register-list": {},
    "reports:register-cancel": {"pk": 1},
    "reports:dashboard-overview": {},
    "reports:dashboard-overview-xlsx": {"table": "coverage"},
    "reports:dashboard-cell": {"pk": 1},
    "reports:dashboard-cell-xlsx": {"pk": 1, "table": "coverage"},
    "reports:dashboard-units": {},
    "reports:dashboard-units-xlsx": {},
    "reports:result-report-xlsx": {"pk": 1},
    "reports:exchange-report-xlsx": {"pk": 1},
    "reports:request-dossier-xlsx": {"pk": 1},
    "reports:render-job-create": {},
    "reports:render-job": {"pk": 1},
    "reports:render-job-download": {"pk": 1},
}

# Routes with no name, by their full pattern (as the resolver joins them): they
# are protected like the rest; list sample arguments here (or add the pattern
# to PUBLIC_PATTERNS). Django's admin is covered by PROTECTED_PREFIXES.
UNNAMED_URLS: dict[str, dict] = {
    "admin/login/": {},  # ours: sends the browser to our login page
}

# Public routes with no name (or with arguments), by full pattern.
PUBLIC_PATTERNS: set[str] = {
    # The iCalendar feed (coordination:calendar-feed): calendar programs cannot
    # log in; the secret token in the URL is the key (tests/coordination/calendar).
    "lich/ical/<slug:token>.ics",
}

# Every route under these prefixes (named or not) is protected; the sample
# values below fill their arguments.
PROTECTED_PREFIXES = ("admin/",)

# Sample values for route arguments, by argument name.
SAMPLE_VALUES: dict[str, object] = {
    "pk": 1,
    "object_id": "1",
    "object_pk": "1",
    "id": "1",
    "user_id": "1",
    "group_id": "1",
    "history_id": "1",
    "content_type_id": 1,
    "app_label": "accounts",
    "url": "khong-co",
}

# Every page without an object of its own × every role of the ward fixture
# (tests/conftest.py), incl. each side's support staff and the ward committee's
# members: expected status of a GET (302 for anonymous and inactive users is the
# login page). Object pages of requests are in
# tests/coordination/requests/access_table.py; ``cell_a`` stands for cell A's
# organisation page.
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


def by_role(default: int, **overrides: int) -> dict[str, int]:
    table = dict.fromkeys(ROLES, default)
    table.update(anon=302, inactive=302)
    table.update(overrides)
    return table


ROLE_PAGES: dict[str, dict[str, int]] = {
    "accounts:home": by_role(200),
    "accounts:password-change": by_role(200),
    "accounts:help": by_role(200),
    "coordination:organization-list": by_role(200),
    "coordination:organization-detail:cell_a": by_role(
        404,
        secretary_a=200,
        deputy_a=200,
        member_a=200,
        staff_a=200,
        standing_member=200,
        office_staff=200,
        admin=200,
    ),
    "coordination:focal-point-directory": by_role(200),
    "coordination:notification-list": by_role(200),
    "coordination:reminder-preferences": by_role(200),
    # Failed e-mails: administrators only; others find no such page.
    "coordination:failed-email-list": by_role(404, admin=200),
    "coordination:request-inbox": by_role(200),
    "coordination:request-outbox": by_role(200),
    "coordination:request-all": by_role(
        403, standing_member=200, office_staff=200, admin=200
    ),
    # Leaders and support staff draft; only leaders send.
    "coordination:request-create": by_role(
        200, member_a=403, office_staff=403, ward_member=403, admin=403
    ),
    "regulations:regulation-list": by_role(200),
    "regulations:search": by_role(200),
    # Exchanges: each one sees the reports it may open (maybe none); the
    # police committee's leaders and the standing committee open ad hoc
    # rounds; the standing committee and the office set the schedule.
    "coordination:exchange-list": by_role(200),
    "coordination:exchange-timeliness": by_role(200),
    "coordination:exchange-round-create": by_role(
        403, officer=200, cleared_officer=200, standing_member=200
    ),
    "coordination:exchange-schedule": by_role(
        403, standing_member=200, office_staff=200
    ),
    # Incidents: each one sees the incidents it may open (maybe none); the
    # leaders and support staff of a cell or of the police committee report.
    "coordination:incident-list": by_role(200),
    "coordination:incident-create": by_role(
        403,
        secretary_a=200,
        deputy_a=200,
        staff_a=200,
        secretary_b=200,
        officer=200,
        cleared_officer=200,
        police_staff=200,
    ),
    # Assessments: lists and table only hold what the user may open; a
    # cell's leaders (secretary, deputies, focal point) write.
    "coordination:assessment-list": by_role(200),
    "coordination:assessment-table": by_role(200),
    "coordination:assessment-create": by_role(
        403, secretary_a=200, deputy_a=200, secretary_b=200
    ),
    "coordination:officer-comment-list": by_role(200),
    "coordination:officer-comment-create": by_role(
        403, secretary_a=200, deputy_a=200, secretary_b=200
    ),
    # Review meetings: each one sees the meetings it may open (maybe none);
    # the police committee's secretary, deputies and support staff schedule.
    "coordination:review-list": by_role(200),
    "coordination:review-create": by_role(403, officer=200, police_staff=200),
    # Proposals: each one sees those he may open; the police committee's
    # leaders and support staff (and a cell's support staff) propose; the two
    # sides' leaders raise amendment proposals.
    "coordination:review-proposal-list": by_role(200),
    "coordination:review-proposal-create": by_role(
        403, officer=200, police_staff=200, staff_a=200
    ),
    "coordination:review-amendment-list": by_role(200),
    "coordination:review-conference-list": by_role(200),
    "coordination:review-conference-create": by_role(
        403, officer=200, police_staff=200
    ),
    # The 19/8 festival: as the conference; the police committee's hosts
    # record it.
    "coordination:review-festival-list": by_role(200),
    "coordination:review-festival-create": by_role(403, officer=200, police_staff=200),
    "coordination:review-amendment-create": by_role(
        403,
        secretary_a=200,
        deputy_a=200,
        secretary_b=200,
        officer=200,
        cleared_officer=200,
    ),
    # The calendar: every member of the ward sees its month; the
    # administrator every ward's.
    "coordination:calendar-month": by_role(200),
    # The report on the regulation's implementation: the ward's police
    # committee, standing committee and office; nobody else finds the page.
    # The dashboards: the ward's overview for its standing committee, office
    # and police committee (any position); a cell's leaders and support
    # staff are sent to their cell's scorecard; nobody else finds the page.
    "reports:dashboard-overview": by_role(
        404,
        officer=200,
        cleared_officer=200,
        police_staff=200,
        standing_member=200,
        office_staff=200,
        secretary_a=302,
        deputy_a=302,
        staff_a=302,
        secretary_b=302,
    ),
    # The overview by unit (one row per organisation under a ward or a
    # province): those who oversee the tree, its standing committee and office.
    "reports:dashboard-units": by_role(404, standing_member=200, office_staff=200),
    # A cell's scorecard: its leaders and support staff, and whoever opens
    # its ward's overview.
    "reports:dashboard-cell:cell_a": by_role(
        404,
        secretary_a=200,
        deputy_a=200,
        staff_a=200,
        officer=200,
        cleared_officer=200,
        police_staff=200,
        standing_member=200,
        office_staff=200,
    ),
    "reports:result-report-list": by_role(
        404,
        officer=200,
        cleared_officer=200,
        police_staff=200,
        standing_member=200,
        office_staff=200,
    ),
    # The archive of signed reports: the ward's standing committee and office,
    # the police committee's leaders and support staff. The outgoing
    # register: the police committee's leaders and support staff, the office.
    "reports:archive-list": by_role(
        404, officer=200, police_staff=200, standing_member=200, office_staff=200
    ),
    "reports:register-list": by_role(
        404, officer=200, police_staff=200, office_staff=200
    ),
    # The benchmark's floor: only on a server `benchmark --load` started.
    "reports:benchmark-floor": by_role(404),
}
