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
# pytest-xdist: one worker per CPU core, each with its own test database
# (PostgreSQL: <name>_gw0, _gw1, ...; SQLite: a file per process), live server,
# browser and ports. --dist load keeps pytest-django's order on every worker
# (database tests, then transactional ones, then the rest); loadscope, loadfile
# and worksteal would run a database test after a transactional one emptied the
# tables. A later `-n 0` runs everything in one process (e.g. with --pdb).
exec .venv/bin/python -m pytest -n auto --dist load "$@"
