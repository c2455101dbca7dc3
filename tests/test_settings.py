"""Settings come from the environment and fail loudly on malformed values."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def run_manage(*args, env=None):
    base = {
        k: v
        for k, v in os.environ.items()
        if k
        not in {
            "DATABASE_URL",
            "REDIS_URL",
            "CELERY_BROKER_URL",
            "DEBUG",
            "PRODUCTION",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
        }
    }
    base.update(env or {})
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=base,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    "env",
    [
        {"DEBUG": "maybe"},
        {"DATABASE_URL": "mysql-ish://nowhere"},
        {"REDIS_URL": "http://127.0.0.1:6379"},
        {"EMAIL_PORT": "twenty-five"},
        {"PRODUCTION": "true"},  # no SECRET_KEY
    ],
)
def test_malformed_environment_fails_loudly(env):
    result = run_manage("check", env=env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr


def test_embedded_default_needs_no_services(tmp_path):
    result = run_manage("check", env={"VAR_DIR": str(tmp_path)})
    assert result.returncode == 0, result.stderr


def test_check_deploy_is_clean_with_production_values(tmp_path):
    """T10: production settings pass `check --deploy` with no warning."""
    env = {
        "PRODUCTION": "true",
        "SECRET_KEY": "x7Hk2-production-secret-for-the-deploy-check-4c9d8e7f6a5b3c2d1e0",
        "ALLOWED_HOSTS": "quyche.example.vn",
        "VAR_DIR": str(tmp_path),
        "STATIC_ROOT": str(tmp_path / "static"),
    }
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode == 0, result.stdout + result.stderr


def test_secret_key_can_come_from_a_file(tmp_path):
    secret = tmp_path / "secret"
    secret.write_text("file-secret-" + "k" * 60)
    code = "from django.conf import settings; print(settings.SECRET_KEY)"
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env={
            **os.environ,
            "SECRET_KEY_FILE": str(secret),
            "DJANGO_SETTINGS_MODULE": "config.settings",
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.strip() == "file-secret-" + "k" * 60


def test_language_and_time_zone(settings):
    assert settings.LANGUAGE_CODE == "vi"
    assert settings.TIME_ZONE == "Asia/Ho_Chi_Minh"
    assert [code for code, _name in settings.LANGUAGES] == ["vi", "en"]


def _settings_in_subprocess(code: str, env: dict[str, str]):
    return subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_outbox_sweep_interval_and_age_come_from_the_environment():
    """The T29 fault test shortens the sweep; production keeps 60 s / 30 s."""
    code = (
        "from django.conf import settings as s; "
        "print(s.CELERY_BEAT_SCHEDULE['drain-outbox']['schedule'], "
        "s.OUTBOX_MIN_AGE_SECONDS)"
    )
    default = _settings_in_subprocess(
        code, {"OUTBOX_DRAIN_SECONDS": "", "OUTBOX_MIN_AGE_SECONDS": ""}
    )
    assert default.stdout.split() == ["60.0", "30"], default.stderr
    short = _settings_in_subprocess(
        code, {"OUTBOX_DRAIN_SECONDS": "3", "OUTBOX_MIN_AGE_SECONDS": "2"}
    )
    assert short.stdout.split() == ["3.0", "2"], short.stderr
    bad = _settings_in_subprocess(code, {"OUTBOX_DRAIN_SECONDS": "soon"})
    assert bad.returncode != 0 and "ImproperlyConfigured" in bad.stderr


def test_publishing_never_retries_or_waits_long(settings):
    """T29: with the broker down a web request must not hang on `.delay()`."""
    assert settings.CELERY_TASK_PUBLISH_RETRY is False
    assert settings.CELERY_BROKER_CONNECTION_TIMEOUT <= 2
    options = settings.CELERY_BROKER_TRANSPORT_OPTIONS
    assert options["socket_connect_timeout"] <= 2
    assert options["max_retries"] <= 1


def test_worker_never_gives_up_on_the_broker():
    from config.celery import app

    assert app.conf.broker_connection_max_retries is None
    assert app.conf.broker_connection_retry_on_startup is True


@pytest.mark.parametrize(
    "env,variable",
    [
        ({"LOG_LEVEL": "LOUD"}, "LOG_LEVEL"),
        ({"EMAIL_USE_TLS": "true", "EMAIL_USE_SSL": "true"}, "EMAIL_USE_SSL"),
        ({"SESSION_IDLE_SECONDS": "-5"}, "SESSION_IDLE_SECONDS"),
        ({"PROXY_COUNT": "-1"}, "PROXY_COUNT"),
        ({"SECURE_HSTS_SECONDS": "-1"}, "SECURE_HSTS_SECONDS"),
        ({"DEBUG": "true", "PRODUCTION": "true", "SECRET_KEY": "x" * 60}, "DEBUG"),
    ],
)
def test_inconsistent_environment_fails_naming_the_variable(env, variable):
    result = run_manage("check", env=env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert variable in result.stderr.splitlines()[-1]


def test_every_reader_honours_name_file(tmp_path, monkeypatch):
    """NAME_FILE works for booleans, integers and lists too, not only strings."""
    from config import settings as conf

    def put(name, text):
        path = tmp_path / name
        path.write_text(text + "\n", encoding="utf-8")
        monkeypatch.delenv(name, raising=False)
        monkeypatch.setenv(f"{name}_FILE", str(path))

    put("X_BOOL", "true")
    put("X_INT", "42")
    put("X_LIST", "a.example, b.example")
    put("X_LEVEL", "warning")
    assert conf.env_bool("X_BOOL", False) is True
    assert conf.env_int("X_INT", 1) == 42
    assert conf.env_list("X_LIST", []) == ["a.example", "b.example"]
    assert conf.env_choice("X_LEVEL", {"INFO", "WARNING"}, "INFO") == "WARNING"

    put("X_NEGATIVE", "-3")
    with pytest.raises(conf.ImproperlyConfigured, match="X_NEGATIVE"):
        conf.env_int("X_NEGATIVE", 1)


def test_int_from_file_reaches_the_settings(tmp_path):
    secret = tmp_path / "idle"
    secret.write_text("600\n", encoding="utf-8")
    result = run_manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.SESSION_COOKIE_AGE)",
        env={"SESSION_IDLE_SECONDS_FILE": str(secret), "VAR_DIR": str(tmp_path)},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "600"
