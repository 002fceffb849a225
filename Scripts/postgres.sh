#!/usr/bin/env bash
# A throw-away PostgreSQL server for the tests (issue 8: several `helio serve` nodes share one database).
#   Scripts/postgres.sh start <dir>   creates a cluster in <dir> when there is none (initdb: trust, superuser
#                                     `helio`, UTF8), starts it listening on 127.0.0.1 only, on a free port,
#                                     and prints ONE line on stdout: its base URL, postgres://helio@127.0.0.1:<port>
#                                     (append /<database>). Starting a running cluster just prints the URL again.
#   Scripts/postgres.sh stop <dir>    stops it (fast shutdown); does nothing when it is not running.
# Everything else goes to stderr; the server's own log is <dir>/postgres.log. Layout: <dir>/data (the
# cluster), <dir>/.s.PGSQL.<port> (its unix socket), <dir>/initdb.log. fsync stays ON: the tests check
# durability.
# PostgreSQL comes from Debian: `apt-get install postgresql` when no /usr/lib/postgresql/*/bin/initdb
# exists. initdb and pg_ctl refuse to run as root, so as root the cluster belongs to the `postgres` system
# user (created by that package) and every server command runs as it.
set -euo pipefail

usage() {
    echo "usage: $0 start|stop <dir>" >&2
    exit 2
}
[ $# -eq 2 ] || usage
action="$1"
dir="$2"
case "$action" in start | stop) ;; *) usage ;; esac

# The newest installed major version's binaries, or nothing.
find_bin() {
    local initdb
    initdb="$(ls -d /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -n 1 || true)"
    [ -n "$initdb" ] && dirname "$initdb"
    return 0
}

# Runs a server command as the cluster's owner: `postgres` when we are root, else ourselves. From /, since
# our working folder may be closed to that user (every path here is absolute).
as_owner() {
    if [ "$(id -u)" -eq 0 ]; then
        (cd / && runuser -u postgres -- "$@")
    else
        "$@"
    fi
}

# The port of the running cluster: line 4 of postmaster.pid.
running_port() {
    sed -n 4p "$data/postmaster.pid"
}

# Waits (up to 30 s) until the server accepts connections on 127.0.0.1:<port>.
wait_ready() {
    local port="$1"
    for _ in $(seq 1 300); do
        "$bin/pg_isready" -q -h 127.0.0.1 -p "$port" -U helio -d postgres && return 0
        sleep 0.1
    done
    echo "postgres.sh: the server on 127.0.0.1:$port does not accept connections; see $dir/postgres.log" >&2
    return 1
}

# pg_ctl's answer, unless its postmaster is a zombie (killed, not yet reaped): that one is stopped.
is_running() {
    [ -f "$data/PG_VERSION" ] && as_owner "$bin/pg_ctl" status -D "$data" >/dev/null 2>&1 || return 1
    local pid
    pid="$(sed -n 1p "$data/postmaster.pid" 2>/dev/null || true)"
    [ -n "$pid" ] && [ "$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null || echo Z)" != Z ]
}

if [ "$action" = stop ]; then
    # Idempotent: no folder, no cluster, or a stopped cluster is already stopped.
    [ -d "$dir" ] || exit 0
    dir="$(cd "$dir" && pwd)"
    data="$dir/data"
    bin="$(find_bin)"
    [ -n "$bin" ] || exit 0
    is_running || exit 0
    as_owner "$bin/pg_ctl" stop -D "$data" -m fast -w -t 60 -s >&2
    exit 0
fi

bin="$(find_bin)"
if [ -z "$bin" ]; then
    echo "postgres.sh: installing postgresql" >&2
    SUDO=""
    [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    $SUDO apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq postgresql >&2
    bin="$(find_bin)"
    [ -n "$bin" ] || { echo "postgres.sh: no initdb under /usr/lib/postgresql after installing" >&2; exit 1; }
fi

mkdir -p "$dir"
dir="$(cd "$dir" && pwd)"
data="$dir/data"
# The socket's path must fit in sun_path (107 bytes): "<dir>/.s.PGSQL.<port>" plus its lock file.
if [ "${#dir}" -gt 80 ]; then
    echo "postgres.sh: $dir is too long for a unix socket path; use a shorter folder (mktemp -d)" >&2
    exit 1
fi
if [ "$(id -u)" -eq 0 ]; then
    id postgres >/dev/null 2>&1 || { echo "postgres.sh: no \`postgres\` system user to own the cluster" >&2; exit 1; }
    chown postgres: "$dir"
    chmod 0700 "$dir"
    if ! runuser -u postgres -- test -w "$dir"; then
        echo "postgres.sh: the postgres user cannot reach $dir (a parent folder is closed to it); use mktemp -d" >&2
        exit 1
    fi
fi

if is_running; then
    port="$(running_port)"
    wait_ready "$port"
    echo "postgres://helio@127.0.0.1:$port"
    exit 0
fi

if [ ! -f "$data/PG_VERSION" ]; then
    # No locale (C collation): the same ordering on every machine; UTF8 for text.
    if ! as_owner "$bin/initdb" -D "$data" -A trust -U helio -E UTF8 --no-locale >"$dir/initdb.log" 2>&1; then
        cat "$dir/initdb.log" >&2
        exit 1
    fi
    # Appended, so these win over the defaults above them. Durability as in production: fsync, synchronous
    # commits and full page writes are the defaults, stated here because the tests rely on them. Several
    # nodes, each with a connection pool, plus the tests' own psql: room for 200 connections.
    cat >>"$data/postgresql.conf" <<EOF

# Scripts/postgres.sh: a test cluster on the loopback only.
listen_addresses = '127.0.0.1'
unix_socket_directories = '$dir'
fsync = on
synchronous_commit = on
full_page_writes = on
max_connections = 200
EOF
fi

# A free port, asked of the kernel; another process may take it before the server binds, so a failed
# start is retried with a new one.
for attempt in 1 2 3 4 5; do
    port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
    if as_owner "$bin/pg_ctl" start -D "$data" -l "$dir/postgres.log" -o "-p $port" -w -t 60 -s >&2; then
        wait_ready "$port"
        echo "postgres://helio@127.0.0.1:$port"
        exit 0
    fi
    echo "postgres.sh: start on port $port failed (attempt $attempt); the end of $dir/postgres.log:" >&2
    tail -n 5 "$dir/postgres.log" >&2 || true
    sleep 1
done
exit 1
