"""PostgreSQL for the interop tests (issue 8), through the `psql` client only (no Python driver).

The backend under test is chosen by HELIO_TEST_BACKEND (`sqlite`, the default, or `postgres`); the server is
the throw-away one Scripts/test.sh starts with Scripts/postgres.sh, named by HELIO_TEST_POSTGRES, its base URL
`postgres://helio@127.0.0.1:<port>` (trust authentication, superuser `helio`). Every test gets a database of
its own from `new_database()`, so tests never see each other's registries; the server and all its databases
are thrown away when Scripts/test.sh exits.
"""
import glob
import itertools
import os
import re
import shutil
import subprocess
import uuid

BACKENDS = ("sqlite", "postgres")
# psql's unaligned output with separators that never occur in our values, and NULL spelled apart from ''.
FIELD, RECORD, NULL = "\x1f", "\x1e", "\\N"
_counter = itertools.count()


class PostgresError(Exception):
    """A statement psql refused (its message is psql's stderr)."""


def backend(override: str = None) -> str:
    """`override` when given, else HELIO_TEST_BACKEND; `sqlite` when neither says."""
    chosen = override or os.environ.get("HELIO_TEST_BACKEND") or "sqlite"
    if chosen not in BACKENDS:
        raise RuntimeError(f"HELIO_TEST_BACKEND={chosen!r}: expected one of {', '.join(BACKENDS)}")
    return chosen


def base_url() -> str:
    """The server's base URL (no database), from HELIO_TEST_POSTGRES; a clear error when it is not set."""
    url = os.environ.get("HELIO_TEST_POSTGRES", "").strip().rstrip("/")
    if not url:
        raise RuntimeError(
            "HELIO_TEST_POSTGRES is not set: these tests need the PostgreSQL server that Scripts/test.sh starts. "
            "Run them through Scripts/test.sh, or start one with `Scripts/postgres.sh start <dir>` and export "
            "HELIO_TEST_POSTGRES=<the URL it prints>.")
    if not re.fullmatch(r"postgres(ql)?://[^/?#]+", url):
        raise RuntimeError(f"HELIO_TEST_POSTGRES={url!r}: expected postgres://user@host:port, without a database")
    return url


def client(name: str) -> str:
    """A PostgreSQL client program: the newest /usr/lib/postgresql/*/bin/<name> (Debian), else one on PATH."""
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"),
                   key=lambda p: int(re.search(r"/postgresql/(\d+)", p).group(1)))
    path = found[-1] if found else shutil.which(name)
    if not path:
        raise RuntimeError(f"no `{name}`: run Scripts/postgres.sh (it installs PostgreSQL)")
    return path


def _env() -> dict:
    # Nothing of the caller's PG* settings (a PGDATABASE or PGOPTIONS would change what the URL means).
    env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
    env["PGCONNECT_TIMEOUT"] = "10"
    return env


def sql(url: str, statement: str) -> list:
    """Runs `statement` on the database at `url` (several `;`-separated statements go as one query string: one
    implicit transaction, unless they contain their own BEGIN/COMMIT); returns the
    rows of the last result as tuples of strings (None for NULL; bytea as `\\x…` hex). Raises PostgresError
    when the server refuses it."""
    proc = subprocess.run(
        [client("psql"), "-X", "-q", "-A", "-t", "-F", FIELD, "-R", RECORD, "-P", f"null={NULL}",
         "-v", "ON_ERROR_STOP=1", "-d", url, "-c", statement],
        env=_env(), capture_output=True, text=True, timeout=60)
    if proc.returncode != 0:
        raise PostgresError(proc.stderr.strip() or f"psql exited {proc.returncode}")
    out = proc.stdout.removesuffix("\n")
    if not out:
        return []
    return [tuple(None if v == NULL else v for v in record.split(FIELD)) for record in out.split(RECORD)]


def scalar(url: str, statement: str) -> str:
    """The single value of a one-row, one-column query."""
    rows = sql(url, statement)
    assert len(rows) == 1 and len(rows[0]) == 1, f"expected one value from {statement!r}, got {rows!r}"
    return rows[0][0]


def new_database(label: str = "test") -> str:
    """Creates an empty, uniquely named database on the test server; returns its URL (base URL + /name)."""
    base = base_url()
    slug = re.sub(r"[^a-z0-9]+", "_", label.lower()).strip("_")[:24] or "test"
    name = f"helio_{slug}_{os.getpid()}_{next(_counter)}_{uuid.uuid4().hex[:8]}"
    sql(f"{base}/postgres", f'CREATE DATABASE "{name}"')
    return f"{base}/{name}"
