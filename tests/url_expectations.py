"""Every named URL of the project, for the access tests (RELIABILITY.md T01/T02).

``PUBLIC_URLS``: reachable without login. ``URL_KWARGS``: sample arguments to
reverse each protected URL (any value: an anonymous user is turned away before
the view runs). A URL in neither fails ``test_every_url_has_an_expectation``:
whoever adds a URL adds its line here.
"""

PUBLIC_URLS = {
    "accounts:login",
    "set_language",  # POST only; sets the language cookie
}

URL_KWARGS: dict[str, dict] = {
    "accounts:home": {},
    "accounts:logout": {},
    "accounts:password-change": {},
    "accounts:password-change-done": {},
    "coordination:organization-list": {},
    "coordination:organization-detail": {"pk": 1},
    "coordination:focal-point-directory": {},
    "coordination:notification-list": {},
    "coordination:notification-mark-all-read": {},
    "regulations:regulation-list": {},
    "regulations:search": {},
    "regulations:upload": {},
    "regulations:regulation-detail": {"code": "qc-phuong-hai-duong", "version": 1},
    "regulations:regulation-print": {"code": "qc-phuong-hai-duong", "version": 1},
    "regulations:matrix": {"code": "qc-phuong-hai-duong", "version": 1},
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
}

# Routes with no name, by their full pattern (as the resolver joins them): they
# are protected like the rest; list sample arguments here (or add the pattern
# to PUBLIC_PATTERNS). Django's admin is covered by PROTECTED_PREFIXES.
UNNAMED_URLS: dict[str, dict] = {
    "admin/login/": {},  # ours: sends the browser to our login page
}

# Public routes with no name, by full pattern.
PUBLIC_PATTERNS: set[str] = set()

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
