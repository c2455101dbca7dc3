#!/usr/bin/env bash
# One command for a newcomer: install, create the embedded database under var/,
# load both regulations, the demo ward and, beside it, the demo province
# (seed_demo --province builds both), and serve on http://127.0.0.1:8000/.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install.sh
# Links in the demo's e-mails (written under var/) point where it is served.
export SITE_URL="${SITE_URL:-http://127.0.0.1:${PORT:-8000}}"
.venv/bin/python manage.py migrate --noinput
.venv/bin/python manage.py seed_demo --province
echo
echo "Mở trình duyệt: http://127.0.0.1:${PORT:-8000}/  (Ctrl+C để dừng)"
# The periodic tasks (reminders at 07:30, the outbox sweep) run in the same
# process: reminder e-mails appear under var/mail/ without Redis.
exec .venv/bin/python manage.py runserver_with_beat "127.0.0.1:${PORT:-8000}"
