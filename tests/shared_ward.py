"""The ``ward`` fixture's data built once per test process instead of once per
test (about a third of a second each, and most tests ask for it).

The tests that use ``ward`` on a non-transactional database run first (see
``order_items``), inside one outer transaction that holds the ward: each
test's own transaction is then a savepoint inside it, rolled back as before,
so every test starts from the same ward and nothing a test writes reaches the
next. Each test gets its own deep copy of the model instances (as Django's
``TestCase.setUpTestData`` does), so changing an attribute in memory leaks
nowhere either. Before the first test that does not use the shared ward, the
outer transaction is rolled back and the database is as the migrations left
it; transactional tests (live server, races, real workers) build their own
ward, committed, as before. ``SHARED_WARD=0`` turns the sharing off (to
compare, or to tell whether a failure comes from it).
"""

from __future__ import annotations

import copy
import os

from django.db import connections, transaction
from django.test.utils import override_settings

TRANSACTIONAL_FIXTURES = {
    "transactional_db",
    "live_server",
    "django_db_reset_sequences",
    "django_db_serialized_rollback",
}


def is_transactional(item) -> bool:
    marker = item.get_closest_marker("django_db")
    kwargs = marker.kwargs if marker else {}
    return bool(
        TRANSACTIONAL_FIXTURES & set(getattr(item, "fixturenames", ()))
        or kwargs.get("transaction")
        or kwargs.get("reset_sequences")
        or kwargs.get("serialized_rollback")
    )


ENABLED = os.environ.get("SHARED_WARD", "1") != "0"  # SHARED_WARD=0: one per test


def uses_shared_ward(item) -> bool:
    return (
        ENABLED
        and "ward" in getattr(item, "fixturenames", ())
        and not is_transactional(item)
    )


def order_items(items: list) -> None:
    """The shared-ward tests first, each group keeping its order (they are
    database tests, which pytest-django runs first anyway)."""
    items.sort(key=lambda item: not uses_shared_ward(item))


class SharedWard:
    """One per test process: the outer transaction and the ward built in it."""

    def __init__(self) -> None:
        self.current = None  # the test being set up
        self.blocker = None
        self.atomic = None
        self.ward = None
        self.finished = False

    def open(self, build) -> None:
        if self.finished or self.atomic is not None:
            return
        if self.current is None or not uses_shared_ward(self.current):
            self.finished = True  # this process runs no shared-ward test first
            return
        with self.blocker.unblock():
            self.atomic = transaction.atomic()
            self.atomic.__enter__()
            self.atomic._from_testcase = True  # as Django's own test atomics
            fast = ["django.contrib.auth.hashers.MD5PasswordHasher"]
            with override_settings(PASSWORD_HASHERS=fast):
                self.ward = build()

    def close(self) -> None:
        if self.atomic is None:
            self.finished = True
            return
        with self.blocker.unblock():
            transaction.set_rollback(True)
            self.atomic.__exit__(None, None, None)
            for conn in connections.all(initialized_only=True):
                conn.close_if_unusable_or_obsolete()
        self.atomic = None
        self.ward = None
        self.finished = True

    def before_test(self, item) -> None:
        self.current = item
        if not uses_shared_ward(item) and not self.finished:
            self.close()

    def copy_for(self, item):
        """The ward for this test: a copy of the shared one, or None when the
        test must build its own."""
        if self.ward is None or not uses_shared_ward(item):
            return None
        return copy.deepcopy(self.ward)


SHARED = SharedWard()
