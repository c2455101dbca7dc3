"""The Celery application. Redis broker when CELERY_BROKER_URL/REDIS_URL is set;
otherwise tasks run eagerly in the web process (embedded default)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("config")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
