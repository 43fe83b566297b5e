#!/usr/bin/env bash
# Follow README "Running it for real" on this machine, without systemd or containers, on a
# fresh clone of the current commit, and check the site works as a resident sees it:
#
#   deploy/check.sh            # from the repository root; takes a few minutes (a fresh venv)
#
# It needs PostgreSQL (PGHOST/PGPORT, default 127.0.0.1:5432, a role that may create
# databases) and Redis (REDIS_URL, default redis://127.0.0.1:6379/5), and python3.11 with
# venv. It creates a database buurt_deploy_check_<pid>, runs `make serve` and `make worker`
# with the settings .env.example lists, and a local SMTP server; then signs up through the
# real form (CSRF token and all), posts a request, asks for a password reset mail and waits
# for the worker to deliver it, checks compression and robots.txt, runs `buurt backup`,
# stops everything with SIGTERM and drops the database. All traffic stays on 127.0.0.1.
# Exits non-zero with a message at the first step that fails. Not part of CI (too slow).
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
COMMIT=$(git -C "$REPO" rev-parse HEAD)
PGHOST=${PGHOST:-127.0.0.1}
PGPORT=${PGPORT:-5432}
PGUSER=${PGUSER:-postgres}
REDIS_URL=${REDIS_URL:-redis://127.0.0.1:6379/5}
PYTHON=${PYTHON:-python3.11}
DB=buurt_deploy_check_$$
WORK=$(mktemp -d -t buurt-check.XXXXXX)
SITE=$WORK/buurt
PIDS=()
STEP="starting"

say() { printf '\n== %s\n' "$*"; STEP="$*"; }
fail() { printf '\nFAILED (%s): %s\n' "$STEP" "$*" >&2; exit 1; }

stop_all() {
    # Each background job runs in a session of its own: SIGTERM its whole group (make and
    # what it started), then wait for it.
    local pid
    for pid in "${PIDS[@]}"; do
        kill -TERM -- "-$pid" 2>/dev/null || true
    done
    for pid in "${PIDS[@]}"; do
        for _ in $(seq 1 100); do
            kill -0 -- "-$pid" 2>/dev/null || break
            sleep 0.2
        done
        if kill -0 -- "-$pid" 2>/dev/null; then
            echo "process group $pid ignored SIGTERM for 20 s; killing it" >&2
            kill -KILL -- "-$pid" 2>/dev/null || true
        fi
    done
    PIDS=()
}

cleanup() {
    local rc=$?
    stop_all
    psql -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" -d postgres -qAt \
        -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null 2>&1 || \
        echo "could not drop database $DB" >&2
    if [ "$rc" -ne 0 ]; then
        for log in "$WORK"/*.log; do
            [ -f "$log" ] || continue
            printf '\n--- last lines of %s\n' "$(basename "$log")" >&2
            tail -n 25 "$log" >&2
        done
    fi
    rm -rf "$WORK"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() { "$PYTHON" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

start() {  # start NAME COMMAND...: in its own session, output in $WORK/NAME.log
    local name=$1; shift
    setsid "$@" >"$WORK/$name.log" 2>&1 &
    PIDS+=("$!")
}

WEB_PORT=$(free_port)
SMTP_PORT=$(free_port)
BASE="http://127.0.0.1:$WEB_PORT"
JAR=$WORK/cookies.txt
# The script stands in for the reverse proxy (PROXY_COUNT=1): one client address per run,
# so the sign-up rate limit counts this run alone.
CLIENT_IP="192.0.2.$((RANDOM % 250 + 2))"
CURL=(curl -sS --max-time 20 -b "$JAR" -c "$JAR" -H "X-Forwarded-For: $CLIENT_IP"
      -H "X-Forwarded-Proto: http" -A "buurt-check/1")

csrf_of() {  # csrf_of FILE: the csrf_token of the first form in an HTML page
    grep -o 'name="csrf_token" value="[^"]*"' "$1" | head -n 1 | sed 's/.*value="\([^"]*\)"/\1/'
}

say "fresh clone of $COMMIT into $SITE"
git clone -q --no-checkout "$REPO" "$SITE"
git -C "$SITE" checkout -q "$COMMIT"
cd "$SITE"

say "database $DB on $PGHOST:$PGPORT"
psql -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" -d postgres -qAt -c "CREATE DATABASE $DB" \
    || fail "cannot create the database (is PostgreSQL running on $PGHOST:$PGPORT?)"
"$PYTHON" -c "import redis, sys; redis.Redis.from_url(sys.argv[1]).ping()" "$REDIS_URL" 2>/dev/null \
    || redis-cli -u "$REDIS_URL" ping >/dev/null \
    || fail "Redis does not answer at $REDIS_URL"

say "settings as .env.example lists them"
cat >.env <<EOF
BUURT_ENV=production
SECRET_KEY=$("$PYTHON" -c "import secrets; print(secrets.token_hex(32))")
BASE_URL=$BASE
PROXY_COUNT=1
DATABASE_URL=postgresql://$PGUSER@$PGHOST:$PGPORT/$DB
RATELIMIT_STORAGE_URI=$REDIS_URL
TWO_FACTOR_FOR_STAFF=required
MAIL_SERVER=127.0.0.1
MAIL_PORT=$SMTP_PORT
MAIL_USE_TLS=false
MAIL_DEFAULT_SENDER=buurt@buurt.test
UPLOAD_FOLDER=$WORK/uploads
EXPORT_FOLDER=$WORK/exports
EXPORT_DAYS=7
BIND=127.0.0.1:$WEB_PORT
WEB_CONCURRENCY=2
LOG_FORMAT=text
SITE_OWNER="Stichting Buurt Controle"
CONTACT_EMAIL=buurt@example.org
# Plain http on loopback here; behind HTTPS leave this out (cookies are then secure-only).
SESSION_COOKIE_SECURE=false
EOF
for name in $(grep -o '^[A-Z_]*=' "$SITE/.env.example" | tr -d =); do
    case $name in
        MAIL_USERNAME|MAIL_PASSWORD|WEB_CONCURRENCY|SITE_ADDRESS|POSTGRES_PASSWORD) ;;
        *) grep -q "^$name=" .env || fail ".env.example names $name, which this check does not set" ;;
    esac
done
set -a; . ./.env; set +a

say "install (make .venv/.installed-prod translations, as make serve does)"
make -s PYTHON="$PYTHON" .venv/.installed-prod translations >"$WORK/install.log" 2>&1 \
    || fail "installing failed (see install.log)"
# The local SMTP server for this check (aiosmtpd is in the test extra).
.venv/bin/pip install -q aiosmtpd >>"$WORK/install.log" 2>&1 || fail "cannot install aiosmtpd"

say "SMTP server on 127.0.0.1:$SMTP_PORT"
PYTHONUNBUFFERED=1 start smtp .venv/bin/python -m aiosmtpd -n -l "127.0.0.1:$SMTP_PORT"

say "make serve and make worker"
start serve make -s serve
for _ in $(seq 1 150); do
    curl -sS --max-time 2 -o /dev/null "$BASE/healthz" 2>/dev/null && break
    sleep 0.2
done
health=$(curl -sS --max-time 5 "$BASE/healthz") || fail "no answer on $BASE/healthz after 30 s"
echo "$health"
case $health in *'"status":"ok"'*) ;; *) fail "/healthz is not ok: $health" ;; esac
start worker make -s worker

say "a neighbourhood with postcodes (buurt neighbourhood create)"
.venv/bin/flask --app wsgi buurt neighbourhood create --slug oost --name Oost --postcodes 1091,1092

say "sign up through the form, with its CSRF token"
"${CURL[@]}" -o "$WORK/signup.html" "$BASE/signup"
token=$(csrf_of "$WORK/signup.html")
[ -n "$token" ] || fail "no csrf_token on /signup"
EMAIL="resident$$@example.org"  # .test addresses are refused by the form
code=$("${CURL[@]}" -o /dev/null -w '%{http_code} %{redirect_url}' \
    --data-urlencode "csrf_token=$token" --data-urlencode "display_name=Fatima" \
    --data-urlencode "email=$EMAIL" --data-urlencode "password=een lange zin om te onthouden" \
    --data-urlencode "postcode=1091 AB" --data-urlencode "offer_topics=boodschappen" \
    "$BASE/signup")
echo "POST /signup: $code"
case $code in "302 "*/welcome*) ;; *) fail "sign-up did not lead to /welcome: $code" ;; esac
"${CURL[@]}" -o "$WORK/welcome.html" -w '%{http_code}\n' "$BASE/welcome" | grep -qx 200 \
    || fail "/welcome does not open after signing up"

say "a form posted without its CSRF token is refused"
code=$("${CURL[@]}" -o /dev/null -w '%{http_code}' --data "title=x" "$BASE/requests/new")
[ "$code" = 400 ] || fail "a POST without CSRF token gave HTTP $code, not 400"

say "post a request"
"${CURL[@]}" -o "$WORK/new.html" "$BASE/requests/new"
token=$(csrf_of "$WORK/new.html")
[ -n "$token" ] || fail "no csrf_token on /requests/new"
TITLE="Wie kan dinsdag boodschappen voor mij doen? ($$)"
location=$("${CURL[@]}" -o /dev/null -w '%{http_code} %{redirect_url}' \
    --data-urlencode "csrf_token=$token" --data-urlencode "need=help" \
    --data-urlencode "title=$TITLE" \
    --data-urlencode "body=Ik heb mijn been gebroken. Wie haalt dinsdagmiddag brood, melk en fruit bij de supermarkt op het plein? Ik betaal het geld meteen terug." \
    --data-urlencode "topic=boodschappen" --data-urlencode "urgency=week" \
    "$BASE/requests/new")
echo "POST /requests/new: $location"
case $location in "302 "*/requests/[0-9]*) ;; *) fail "posting did not lead to the new request: $location" ;; esac
"${CURL[@]}" -o "$WORK/request.html" "${location#302 }"
grep -qF "dinsdag boodschappen" "$WORK/request.html" || fail "the new request's page does not show its title"
"${CURL[@]}" -o "$WORK/list.html" "$BASE/requests"
grep -qF "dinsdag boodschappen" "$WORK/list.html" || fail "the request is not on /requests"

say "pages go out compressed"
for encoding in br gzip; do
    got=$("${CURL[@]}" -o /dev/null -D - -H "Accept-Encoding: $encoding" "$BASE/requests" \
          | tr -d '\r' | awk -F': ' 'tolower($1)=="content-encoding" {print $2}')
    echo "Accept-Encoding: $encoding -> Content-Encoding: ${got:-none}"
    [ "$got" = "$encoding" ] || fail "/requests was not sent with $encoding"
done
"${CURL[@]}" --compressed -o /dev/null -w '%{http_code}\n' "$BASE/requests" | grep -qx 200

say "robots.txt and favicon.ico"
"${CURL[@]}" -o "$WORK/robots.txt" "$BASE/robots.txt"
cat "$WORK/robots.txt"
grep -qi '^User-agent:' "$WORK/robots.txt" || fail "robots.txt has no User-agent line"
grep -qi '^Disallow:' "$WORK/robots.txt" || fail "robots.txt disallows nothing"
"${CURL[@]}" -o /dev/null -w '%{http_code}\n' "$BASE/favicon.ico" | grep -qx 200 \
    || fail "/favicon.ico does not answer 200"

say "the privacy statement names who is responsible"
"${CURL[@]}" -o "$WORK/privacy.html" "$BASE/privacy"
grep -q "Stichting Buurt Controle" "$WORK/privacy.html" || fail "/privacy does not name SITE_OWNER"
grep -q "buurt@example.org" "$WORK/privacy.html" || fail "/privacy does not show CONTACT_EMAIL"

say "a mail through the worker to the SMTP server (password reset)"
rm -f "$JAR"
"${CURL[@]}" -o "$WORK/forgot.html" "$BASE/password/forgot"
token=$(csrf_of "$WORK/forgot.html")
code=$("${CURL[@]}" -o /dev/null -w '%{http_code}' --data-urlencode "csrf_token=$token" \
    --data-urlencode "email=$EMAIL" "$BASE/password/forgot")
[ "$code" = 200 ] || fail "POST /password/forgot gave HTTP $code"
for _ in $(seq 1 60); do   # the worker looks every 10 s
    grep -qF "$EMAIL" "$WORK/smtp.log" && grep -qF "$BASE/password/reset/" "$WORK/smtp.log" && break
    sleep 0.5
done
grep -qF "$EMAIL" "$WORK/smtp.log" || fail "no mail to $EMAIL reached the SMTP server in 30 s"
grep -qF "$BASE/password/reset/" "$WORK/smtp.log" || fail "the mail has no reset link on BASE_URL"
grep -q '^X-Buurt-Outbox-Id:' "$WORK/smtp.log" || fail "the mail did not come from the outbox"
echo "mail to $EMAIL received, with a link to $BASE/password/reset/…"

say "the request log"
grep -E 'POST /requests/new 302' "$WORK/serve.log" | tail -n 1 \
    || fail "no request log line for POST /requests/new"
if grep -q 'Traceback' "$WORK/serve.log" "$WORK/worker.log"; then
    fail "a traceback in the server or worker log"
fi

say "buurt backup"
.venv/bin/flask --app wsgi buurt backup --to "$WORK/backups" | tee "$WORK/backup.out"
grep -q 'pg_dump' "$WORK/backup.out" || fail "buurt backup did not print the pg_dump line"
ls "$WORK"/backups/*.tar.gz >/dev/null 2>&1 || fail "no backup archive written"
if command -v pg_dump >/dev/null; then   # and the line it printed, as a volunteer would
    pg_dump --format=custom --file="$WORK/backups/buurt.pgdump" "$DATABASE_URL" \
        || fail "the pg_dump line failed"
    # Into a file first: grep -q stops reading at its first match, and with pipefail the
    # pg_restore it cut off would count as a failure.
    pg_restore --list "$WORK/backups/buurt.pgdump" >"$WORK/backups/dump.list" \
        || fail "pg_restore cannot read the dump"
    grep -q 'TABLE DATA public post ' "$WORK/backups/dump.list" \
        || fail "the dump has no post table"
    echo "pg_dump: $(du -h "$WORK/backups/buurt.pgdump" | cut -f1) with the post table"
fi

say "stop with SIGTERM"
stop_all
grep -q 'Shutting down: Master' "$WORK/serve.log" || fail "gunicorn did not shut down cleanly"
grep -E '^Sent [0-9]+, retried' "$WORK/worker.log" || fail "the worker did not stop cleanly"

STEP="done"
printf '\nAll checks passed: clone, install, serve, worker, sign-up, request, mail, compression, robots.txt, backup, clean stop.\n'
