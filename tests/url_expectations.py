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

# Unnamed routes checked by path (Django admin has its own names; we sweep it by
# prefix: every admin URL must send an anonymous user to our login page).
ADMIN_SAMPLE_PATHS = [
    "/admin/",
    "/admin/accounts/user/",
    "/admin/coordination/organization/",
    "/admin/coordination/membership/",
    "/admin/regulations/regulation/",
    "/admin/regulations/provision/",
    "/admin/coordination/coordinationrequest/",
    "/admin/coordination/dayoffoverride/",
]
