import pytest


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    """The ward fixture creates ten users; PBKDF2 would dominate the run time."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
