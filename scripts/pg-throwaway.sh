#!/usr/bin/env bash
# A throwaway PostgreSQL for the tests marked `postgres` (training platform on PostgreSQL).
#
#   scripts/pg-throwaway.sh start   # prints the SQLAlchemy URL to use as PG_TEST_URL
#   scripts/pg-throwaway.sh stop    # stops the server and deletes its data
#   scripts/pg-throwaway.sh url     # prints the URL again
#
# Example:  export PG_TEST_URL=$(scripts/pg-throwaway.sh start) && pytest -m postgres
#
# Environment: PGBIN (default: newest /usr/lib/postgresql/*/bin), PGPORT (54329),
# PGDATA (/tmp/pgtest-$PGPORT), PGSOCKDIR (/tmp), PGOSUSER (OS user running the server
# when this script runs as root; default postgres). Trust authentication on 127.0.0.1
# only, fsync off: for tests, never for data that matters.
set -euo pipefail

PGPORT=${PGPORT:-54329}
PGDATA=${PGDATA:-/tmp/pgtest-$PGPORT}
PGSOCKDIR=${PGSOCKDIR:-/tmp}
PGOSUSER=${PGOSUSER:-postgres}
if [[ -z ${PGBIN:-} ]]; then
    PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
    if [[ -z $PGBIN ]] && command -v initdb >/dev/null; then
        PGBIN=$(dirname "$(command -v initdb)")
    fi
fi
if [[ -z ${PGBIN:-} || ! -x $PGBIN/initdb ]]; then
    echo "pg-throwaway: PostgreSQL binaries not found (set PGBIN)" >&2
    exit 2
fi
URL="postgresql+psycopg://postgres@127.0.0.1:$PGPORT/postgres"

as_server_user() {
    if [[ $(id -u) == 0 ]]; then
        runuser -u "$PGOSUSER" -- "$@"
    else
        "$@"
    fi
}

running() {
    [[ -f $PGDATA/PG_VERSION ]] && as_server_user "$PGBIN/pg_ctl" -D "$PGDATA" status >/dev/null 2>&1
}

start() {
    if running; then
        echo "$URL"
        return 0
    fi
    rm -rf "$PGDATA"
    mkdir -p "$PGDATA"
    if [[ $(id -u) == 0 ]]; then
        chown "$PGOSUSER" "$PGDATA"
    fi
    chmod 700 "$PGDATA"
    as_server_user "$PGBIN/initdb" -D "$PGDATA" -U postgres --auth=trust -E UTF8 \
        --no-locale >/dev/null
    as_server_user "$PGBIN/pg_ctl" -D "$PGDATA" -l "$PGDATA/server.log" -w -t 30 \
        -o "-p $PGPORT -k $PGSOCKDIR -c listen_addresses=127.0.0.1 -c fsync=off" \
        start >/dev/null
    echo "$URL"
}

stop() {
    if running; then
        as_server_user "$PGBIN/pg_ctl" -D "$PGDATA" -m fast -w stop >/dev/null
    fi
    rm -rf "$PGDATA"
}

case ${1:-} in
    start) start ;;
    stop) stop ;;
    url) echo "$URL" ;;
    *)
        echo "usage: $0 start|stop|url" >&2
        exit 64
        ;;
esac
