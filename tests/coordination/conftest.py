import pytest


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    """The ward fixture creates ten users; PBKDF2 would dominate the run time."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Uploaded attachments go to a temporary MEDIA_ROOT."""
    settings.MEDIA_ROOT = tmp_path / "media"
