#!/usr/bin/env bash
# One command for the whole test suite: install (Python and, as root, Debian
# packages), lint, migrations check, then pytest. Extra arguments go to pytest.
# With DATABASE_URL/REDIS_URL set (as .ci/run does) the integration tests use
# real PostgreSQL, Redis, a Celery worker and an SMTP sink; without them they skip
# unless REQUIRE_SERVICES=1.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install.sh --dev --system
.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/python manage.py makemigrations --check --dry-run
exec .venv/bin/python -m pytest "$@"
