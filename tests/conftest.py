import os
from dataclasses import dataclass

# Playwright's sync API runs an event loop in the test thread; Django's ORM must
# still be usable there (DESIGN.md §10).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import pytest  # noqa: E402

from accounts.models import User  # noqa: E402
from coordination.models import Membership, Organization  # noqa: E402

from .factories import PASSWORD, make_org, make_user  # noqa: E402
from .shared_ward import SHARED, order_items  # noqa: E402

Pos = Membership.Position
Kind = Organization.Kind


@dataclass
class Ward:
    root: Organization
    standing: Organization
    office: Organization
    police: Organization
    cell_a: Organization
    cell_b: Organization
    cell_c: Organization
    secretary_a: User
    deputy_a: User
    secretary_b: User
    officer: User
    standing_member: User
    office_staff: User
    admin: User
    member_a: User
    cleared_officer: User
    staff_a: User  # cell A's support staff (bộ phận giúp việc)
    police_staff: User  # the police committee's support staff
    ward_member: User  # member of the ward (executive) committee
    password: str = PASSWORD


@pytest.fixture(scope="session")
def _shared_ward(django_db_setup, django_db_blocker):
    """Opens the outer transaction holding the shared ward when the first test
    of this process uses it (tests/shared_ward.py); rolled back before the
    first test that does not."""
    SHARED.blocker = django_db_blocker
    SHARED.open(build_ward)
    yield SHARED
    SHARED.close()


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    order_items(items)


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    SHARED.before_test(item)


@pytest.fixture
def ward(request, _shared_ward, db) -> Ward:
    """A small ward: the committee, its standing committee and office, the police
    committee, three cells, and one user for every role. Built once per process
    for the tests that can share it (a copy each), else built for the test."""
    return _shared_ward.copy_for(request.node) or build_ward()


def build_ward() -> Ward:
    root = make_org("Đảng bộ phường Thử Nghiệm", kind=Kind.WARD_COMMITTEE, code="tn")
    standing = make_org("Ban Thường vụ", kind=Kind.STANDING_COMMITTEE, parent=root)
    office = make_org("Văn phòng Đảng ủy", kind=Kind.OFFICE, parent=root)
    police = make_org("Đảng ủy Công an phường", kind=Kind.POLICE_COMMITTEE, parent=root)
    cell_a = make_org("Chi bộ Khu dân cư A", parent=root, code="cell-a")
    cell_b = make_org("Chi bộ Khu dân cư B", parent=root, code="cell-b")
    cell_c = make_org("Chi bộ Khu dân cư C", parent=root, code="cell-c")
    return Ward(
        root=root,
        standing=standing,
        office=office,
        police=police,
        cell_a=cell_a,
        cell_b=cell_b,
        cell_c=cell_c,
        secretary_a=make_user("secretary_a", org=cell_a),
        deputy_a=make_user(
            "deputy_a", org=cell_a, position=Pos.DEPUTY_SECRETARY, focal=True
        ),
        secretary_b=make_user("secretary_b", org=cell_b),
        officer=make_user("officer", org=police),
        standing_member=make_user("standing_member", org=standing),
        office_staff=make_user("office_staff", org=office, position=Pos.STAFF),
        admin=make_user("admin", is_staff=True, is_superuser=True),
        member_a=make_user("member_a", org=cell_a, position=Pos.MEMBER),
        cleared_officer=make_user(
            "cleared_officer",
            org=police,
            position=Pos.COMMITTEE_MEMBER,
            clearance=User.Clearance.TOP_SECRET,
        ),
        staff_a=make_user("staff_a", org=cell_a, position=Pos.STAFF),
        police_staff=make_user("police_staff", org=police, position=Pos.STAFF),
        ward_member=make_user("ward_member", org=root, position=Pos.COMMITTEE_MEMBER),
    )


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Real hashing costs ~0.3 s per password; tests don't need the strength."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


# Our apps: the tables whose data-migration rows a transactional test must find.
OUR_APPS = ("accounts", "regulations", "coordination", "reports")


@pytest.fixture(scope="session")
def _data_migration_rows(django_db_setup, django_db_blocker):
    """The rows the data migrations wrote into this worker's new test database
    (e.g. the default rating levels), per model as JSON. Taken before the first
    transactional test flushes anything (tests before it roll back)."""
    from django.apps import apps
    from django.core import serializers

    rows = {}
    with django_db_blocker.unblock():
        for label in OUR_APPS:
            for model in apps.get_app_config(label).get_models():
                meta = model._meta
                if meta.proxy or not meta.managed:
                    continue
                manager = model._base_manager
                if manager.exists():
                    rows[model] = serializers.serialize("json", manager.order_by("pk"))
    return rows


def _is_transactional(request) -> bool:
    marker = request.node.get_closest_marker("django_db")
    return bool(
        {"transactional_db", "live_server"} & set(request.fixturenames)
        or (marker and marker.kwargs.get("transaction"))
    )


@pytest.fixture(autouse=True)
def _restore_data_migration_rows(request):
    """A transactional test (live server, races, real workers) ends with a flush
    that empties every table, the data migrations' rows too. The next one on
    the same process (pytest-xdist decides which) gets them back first, so it
    starts from the migrated database as every other test does."""
    if not _is_transactional(request):
        return
    rows = request.getfixturevalue("_data_migration_rows")
    request.getfixturevalue("transactional_db")
    from django.core import serializers

    for model, data in rows.items():
        if not model._base_manager.exists():
            for obj in serializers.deserialize("json", data):
                obj.save()


@pytest.fixture(autouse=True, scope="session")
def _celery_eager_by_default():
    """Unit tests run tasks in-process; the integration fixtures switch to a real
    worker on Redis."""
    from config.celery import app

    app.conf.task_always_eager = True
    yield
