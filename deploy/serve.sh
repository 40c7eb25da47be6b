#!/usr/bin/env bash
# Indgang's production profile on one machine: migrate, load the profile, then gunicorn
# (deploy/gunicorn.conf.py) and OUTBOX_WORKERS delivery workers. If one of them stops,
# everything stops, so a supervisor (systemd, a container runtime) can restart it whole.
# See docs/deployment.md for several machines behind a proxy.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-.venv/bin}
export PORTAL_ENV=${PORTAL_ENV:-production}

case "${DATABASE_URL:-}" in
  postgresql*|postgres*) ;;
  *) echo "make serve needs DATABASE_URL=postgresql+psycopg://user@host:5432/name (PostgreSQL)." >&2
     echo "To try it here: DATABASE_URL=postgresql://postgres@127.0.0.1:5432/test" >&2; exit 2 ;;
esac
case "${PUBLIC_URL:-}" in
  https://*) ;;
  *) echo "make serve needs PUBLIC_URL, the https:// address people reach the portal at" >&2
     echo "(links in emails and alerts lead there). To try it here: PUBLIC_URL=https://indgang.example.dk" >&2; exit 2 ;;
esac
if [[ -z "${REDIS_URL:-}" ]]; then
  echo "make serve needs REDIS_URL (e.g. redis://127.0.0.1:6379/0): the rate limits are shared" >&2
  echo "by every gunicorn worker through it." >&2; exit 2
fi

"$BIN/flask" --app wsgi db upgrade
"$BIN/flask" --app wsgi profile load

pids=()
stop() { kill -TERM "${pids[@]}" 2>/dev/null || true; wait || true; }
trap stop EXIT
trap 'exit 0' INT TERM
for _ in $(seq 1 "${OUTBOX_WORKERS:-2}"); do
  "$BIN/flask" --app wsgi outbox work & pids+=($!)
done
"$BIN/gunicorn" --config deploy/gunicorn.conf.py wsgi:app & pids+=($!)
wait -n
