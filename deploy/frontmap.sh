#!/usr/bin/env bash
# The whole set on one machine: PostgreSQL with PostGIS, two frontmap servers, nginx in front.
#
#   deploy/frontmap.sh start    # then open http://127.0.0.1:8600
#   deploy/frontmap.sh stop
#   deploy/frontmap.sh status
#
# Settings (environment): STATE (default deploy/var: pids, logs, the cluster), PORT (nginx, 8600),
# PORT_A and PORT_B (the two servers, 8601 and 8602), FRONTMAP_DATABASE_URL (a store to use; when
# unset, a PostgreSQL cluster is made in STATE/pg on PGPORT, 8632, and the shipped data imported),
# FRONTMAP_PUBLISH_KEY (the team's key for publishing layers; unset: publishing is off).
# Debian's packages: apt-get install postgresql postgresql-postgis nginx.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
STATE="$(mkdir -p "${STATE:-$ROOT/deploy/var}" && cd "${STATE:-$ROOT/deploy/var}" && pwd)"
PORT="${PORT:-8600}" PORT_A="${PORT_A:-8601}" PORT_B="${PORT_B:-8602}" PGPORT="${PGPORT:-8632}"
PY="${PY:-$ROOT/.venv/bin/python}"
PGBIN="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
AS_PG=()
[ "$(id -u)" = 0 ] && AS_PG=(runuser -u postgres --)  # initdb refuses root: the cluster is postgres's

pg_start() {
    if [ ! -d "$STATE/pg/data" ]; then
        mkdir -p "$STATE/pg"
        [ "$(id -u)" = 0 ] && chown postgres:postgres "$STATE/pg"
        "${AS_PG[@]}" "$PGBIN/initdb" -D "$STATE/pg/data" -U postgres --auth=trust -E UTF8 >"$STATE/pg/initdb.log"
    fi
    "${AS_PG[@]}" "$PGBIN/pg_ctl" -D "$STATE/pg/data" -l "$STATE/pg/log" -w start \
        -o "-p $PGPORT -k $STATE/pg -c listen_addresses=127.0.0.1" >/dev/null
    local admin="postgresql://postgres@127.0.0.1:$PGPORT/postgres"
    if [ -z "$("$PY" -c "import psycopg,sys; print(psycopg.connect(sys.argv[1]).execute(\"SELECT 1 FROM pg_database WHERE datname='frontmap'\").fetchone() or '')" "$admin")" ]; then
        "$PY" -c "import psycopg,sys; psycopg.connect(sys.argv[1], autocommit=True).execute('CREATE DATABASE frontmap')" "$admin"
        FRESH=1
    fi
}

start() {
    mkdir -p "$STATE/tmp"
    if [ -z "${FRONTMAP_DATABASE_URL:-}" ]; then
        FRESH=0
        pg_start
        export FRONTMAP_DATABASE_URL="postgresql://postgres@127.0.0.1:$PGPORT/frontmap"
        echo "$FRONTMAP_DATABASE_URL" >"$STATE/database_url"
    fi
    (cd "$ROOT" && PYTHONPATH="$ROOT/src" "$PY" -m frontmap db init "$FRONTMAP_DATABASE_URL")
    if [ "${FRESH:-0}" = 1 ]; then
        (cd "$ROOT" && PYTHONPATH="$ROOT/src" "$PY" -m frontmap db import data/geo "$FRONTMAP_DATABASE_URL")
    fi
    for name in a b; do
        port=$PORT_A
        [ $name = b ] && port=$PORT_B
        (cd "$ROOT" && PYTHONPATH="$ROOT/src" exec "$PY" -m streamlit run app.py --server.port "$port" \
            --server.address 127.0.0.1 --server.headless true --server.fileWatcherType none \
            --server.enableStaticServing true >"$STATE/server-$name.log" 2>&1) &
        echo $! >"$STATE/server-$name.pid"
    done
    sed -e "s|@STATE@|$STATE|g" -e "s|@PORT@|$PORT|g" -e "s|@PORT_A@|$PORT_A|g" -e "s|@PORT_B@|$PORT_B|g" \
        "$ROOT/deploy/nginx.conf.in" >"$STATE/nginx.conf"
    for port in "$PORT_A" "$PORT_B"; do  # each server answers its health check once it serves
        for _ in $(seq 120); do
            curl -fs "http://127.0.0.1:$port/_stcore/health" >/dev/null && break
            sleep 0.5
        done
    done
    nginx -p "$STATE" -c "$STATE/nginx.conf" -e "$STATE/nginx-error.log"
    echo "frontmap: http://127.0.0.1:$PORT (servers on $PORT_A and $PORT_B; logs in $STATE)"
}

stop() {
    [ -f "$STATE/nginx.pid" ] && nginx -p "$STATE" -c "$STATE/nginx.conf" -e "$STATE/nginx-error.log" -s stop || true
    for name in a b; do
        if [ -f "$STATE/server-$name.pid" ]; then
            kill "$(cat "$STATE/server-$name.pid")" 2>/dev/null || true
            rm -f "$STATE/server-$name.pid"
        fi
    done
    if [ -f "$STATE/pg/data/postmaster.pid" ]; then
        "${AS_PG[@]}" "$PGBIN/pg_ctl" -D "$STATE/pg/data" -m fast -w stop >/dev/null
    fi
}

status() {
    for name in a b; do
        pid="$(cat "$STATE/server-$name.pid" 2>/dev/null || true)"
        if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then echo "server $name: running ($pid)"; else echo "server $name: stopped"; fi
    done
    [ -f "$STATE/nginx.pid" ] && echo "nginx: running ($(cat "$STATE/nginx.pid"))" || echo "nginx: stopped"
    [ -f "$STATE/pg/data/postmaster.pid" ] && echo "postgresql: running" || echo "postgresql: not run by this script"
}

case "${1:-}" in
    start) start ;;
    stop) stop ;;
    status) status ;;
    *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
