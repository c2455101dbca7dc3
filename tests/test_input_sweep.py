"""No server error from input, anywhere (issue "Hardening", item 1).

Property-based: for every URL × method of the request access table that takes
a form (``access_table.ROWS``, objects from ``test_access.build_scene``), as
an actor who may use that form, and for the list and search pages with every
query parameter of their filters, Hypothesis posts or gets generated values —
text with control characters, huge strings, Unicode digits, negative and huge
integers, malformed dates, lists — mixed into otherwise valid data, and the
answer must be below 500. Each example runs in a savepoint that is rolled
back, so every one starts from the same scene.

Bounded: 25 examples per target, derandomized (the same examples on every
run, so CI is deterministic), no example database."""

from __future__ import annotations

import pytest
from django import forms
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from accounts.forms import LoginForm, PasswordChangeForm
from coordination.requests import forms as request_forms
from coordination.requests import workflow
from coordination.requests.filters import RequestFilter
from regulations import services as regulation_services
from regulations.forms import ProvisionForm, SearchForm, UploadForm
from regulations.models import Regulation
from tests.coordination.requests.access_table import ANON, ROLES, ROWS
from tests.coordination.requests.test_access import _url, build_scene

settings.register_profile(
    "input-sweep",
    max_examples=25,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.large_base_example,
        HealthCheck.function_scoped_fixture,
    ],
)
SWEEP = settings.get_profile("input-sweep")

# --- generated values -----------------------------------------------------------------------

TRICKY = [
    "",
    " ",
    "\x00",
    "\r\n",
    "a\nb",
    "\t",
    "\x1b[31m",
    "\u202eabc",
    "\u2066x\u2069",
    "\u200b",
    "\ufeff",
    "\u2028",
    "²",
    "①",
    "٣",
    "१२",
    "𝟙",
    "#²",
    "#1",
    "%",
    "_",
    "\\",
    "'",
    '"',
    "<script>alert(1)</script>",
    "on",
    "true",
    "None",
    "null",
    "[]",
    "NaN",
    "inf",
    "1e309",
    "0x10",
    "1.5",
    "-0",
    "  12  ",
]
MALFORMED_DATES = [
    "0001-01-01",
    "0001-01-01T00:00",
    "9999-12-31",
    "9999-12-31T23:59",
    "1999-12-31T23:59",
    "2026-02-30",
    "2026-13-01T00:00",
    "2026-01-01T24:00",
    "31/12/2026 25:61",
    "00/00/0000 00:00",
    "0000-00-00",
    "2026-1-1",
    "10000-01-01T00:00",
]
text = st.text(max_size=40)
huge = st.integers(min_value=200, max_value=60_000).map(lambda n: "ê" * n)
huge_digits = st.integers(min_value=19, max_value=6_000).map(lambda n: "9" * n)
integers = st.integers(min_value=-(2**70), max_value=2**70).map(str)
dates = st.one_of(
    st.sampled_from(MALFORMED_DATES),
    st.dates().map(lambda d: d.isoformat()),
    st.datetimes().map(lambda d: d.isoformat(timespec="minutes")),
)
scalar = st.one_of(st.sampled_from(TRICKY), text, huge, huge_digits, integers, dates)
value = st.one_of(scalar, st.lists(scalar, min_size=2, max_size=3))


def inputs(fields, valid: dict | None = None):
    """Valid data (if any) with some fields replaced or added by generated
    values."""
    valid = dict(valid or {})
    return st.dictionaries(
        keys=st.sampled_from(sorted(fields)), values=value, max_size=len(fields)
    ).map(lambda bad: {**valid, **bad})


def seeds(field) -> list[str]:
    """Values known to have crashed a field of this kind once: tried on every
    field, one at a time, the others valid, before the generated examples."""
    if isinstance(field, forms.DateField | forms.DateTimeField):
        return ["0001-01-01T00:00", "0001-01-01", "9999-12-31T23:59"]
    if isinstance(field, forms.IntegerField | forms.ChoiceField):
        return ["²", "9" * 40, "-1"]
    if isinstance(field, forms.CharField):
        return ["①", "a\r\nb\x00\u202e", "ê" * 25_000]
    return ["²", "9" * 40]


def examples(fields: dict, valid: dict | None = None) -> list[dict]:
    valid = dict(valid or {})
    return [
        {**valid, name: seed}
        for name, field in sorted(fields.items())
        for seed in seeds(field)
    ]


# --- targets --------------------------------------------------------------------------------

VALID_REQUEST = {
    "subject": "Đề nghị phối hợp",
    "content": "Nội dung đề nghị",
    "kind": "proposal",
    "priority": "normal",
    "confidentiality": "0",
    "response_days": "5",
}
EXTRA_REQUEST_FIELDS = {"version", "send", "save", "acknowledge_uncleared"}


def fields_of(form_class, extra=()) -> dict:
    """Field name → form field (None for a name read outside the form)."""
    return {**dict.fromkeys(extra), **form_class.base_fields}


def _form_fields(name: str, extra: dict) -> dict:
    if name in ("coordination:request-create", "coordination:request-edit"):
        return fields_of(request_forms.RequestForm, EXTRA_REQUEST_FIELDS)
    if name == "coordination:request-send":
        return dict.fromkeys(["version", "acknowledge_uncleared"])
    if name == "coordination:request-withdraw":
        return fields_of(request_forms.CommentForm)
    form = getattr(request_forms, workflow.RECIPIENT_TRANSITIONS[extra["action"]].form)
    return fields_of(form)


def _actor(expected: dict) -> str | None:
    """The first role that may use the form (the table's 200 or 302)."""
    return next((r for r in ROLES if r not in ANON and expected[r] in (200, 302)), None)


REQUEST_TARGETS = []
for _name, _key, _extra, _method, _data, _expected in ROWS:
    _role = _actor(_expected)
    if _method != "POST" or _role is None:
        continue
    REQUEST_TARGETS.append(
        pytest.param(
            (_name, _key, _extra, _role, _data or {}),
            id=f"{_name.split(':')[1]}-{_key}-{_extra.get('action', '')}-{_role}",
        )
    )


def _sweep(client, method: str, url: str, fields: dict, valid=None) -> None:
    """The seeds on every field, then generated examples; every answer < 500."""
    client.raise_request_exception = False

    @SWEEP
    @given(data=inputs(fields, valid))
    def run(data):
        with transaction.atomic():
            if method == "POST":
                response = client.post(url, data)
            else:
                response = client.get(url, data)
            transaction.set_rollback(True)
        assert response.status_code < 500, (method, url, data)

    for data in examples(fields, valid):
        run = example(data=data)(run)
    run()


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.mark.parametrize("target", REQUEST_TARGETS)
def test_request_forms_never_answer_a_server_error(client, ward, target):
    name, key, extra, role, data = target
    objs = build_scene(ward, only=key.split(":")[0] if key else "")
    client.force_login(getattr(ward, role))
    url = _url(name, objs, key, extra)
    valid = dict(data)
    if name in ("coordination:request-create", "coordination:request-edit"):
        valid = {
            **VALID_REQUEST,
            "sender": ward.cell_a.pk,
            "recipients": [ward.police.pk],
            **valid,
        }
    _sweep(client, "POST", url, _form_fields(name, extra), valid)


LISTS = [
    ("coordination:request-inbox", "officer"),
    ("coordination:request-outbox", "secretary_a"),
    ("coordination:request-all", "standing_member"),
]


@pytest.mark.parametrize(("name", "role"), LISTS)
def test_request_lists_never_answer_a_server_error(client, ward, name, role):
    build_scene(ward, only="sent")
    client.force_login(getattr(ward, role))
    fields = {**RequestFilter().form.fields, "page": None}
    _sweep(client, "GET", reverse(name), fields, {"state": "sent"})


@pytest.fixture
def regulations(db):
    call_command("load_regulations", verbosity=0)
    return Regulation.objects.filter(status=Regulation.Status.IN_FORCE).first()


def test_regulation_pages_never_answer_a_server_error(client, ward, regulations):
    client.force_login(ward.secretary_a)
    search = fields_of(SearchForm, ["page"])
    _sweep(client, "GET", reverse("regulations:search"), search, {"q": "dang"})
    provision = regulations.provisions.filter(kind="article").first()
    text = {"q": forms.CharField()}
    _sweep(client, "GET", provision.get_absolute_url(), text)
    _sweep(
        client, "GET", reverse("regulations:regulation-list"), {**text, "page": None}
    )


def test_regulation_changes_never_answer_a_server_error(client, ward, regulations):
    client.force_login(ward.admin)
    upload = fields_of(UploadForm, ["payload"])
    _sweep(client, "POST", reverse("regulations:upload"), upload, {"level": "ward"})
    draft = regulation_services.create_version(regulation=regulations, by=ward.admin)
    provision = draft.provisions.filter(kind="article").first()
    url = reverse(
        "regulations:provision-edit",
        kwargs={"code": draft.code, "version": draft.version, "ref": provision.ref},
    )
    valid = {"label": provision.label, "title": provision.title, "text": "Nội dung"}
    _sweep(client, "POST", url, fields_of(ProvisionForm), valid)


def test_account_forms_never_answer_a_server_error(client, ward):
    login = fields_of(LoginForm, ["next"])
    _sweep(client, "POST", reverse("accounts:login"), login)
    client.force_login(ward.secretary_a)
    password = fields_of(PasswordChangeForm)
    _sweep(client, "POST", reverse("accounts:password-change"), password)
    organizations = reverse("coordination:organization-list")
    _sweep(client, "GET", organizations, {"page": None})


def test_the_sweep_covers_every_form_of_the_access_table():
    posted = {(row[0], row[2].get("action")) for row in ROWS if row[3] == "POST"}
    swept = {(t.values[0][0], t.values[0][2].get("action")) for t in REQUEST_TARGETS}
    assert posted == swept
