"""Shared fixtures: the `helio` binary under test and a way to run real command lines.

The storage backend of the registries the tests create follows HELIO_TEST_BACKEND (`sqlite`, the default, or
`postgres`: a fresh database per registry on the HELIO_TEST_POSTGRES server; see pgtest.py). Scripts/test.sh
runs the whole suite once per backend."""
import json
import os
import pathlib
import subprocess

import pytest

import pgtest

ROOT = pathlib.Path(__file__).resolve().parents[2]


def pytest_configure(config):
    if pgtest.backend() == "postgres":
        try:
            pgtest.base_url()
        except RuntimeError as error:
            raise pytest.UsageError(f"HELIO_TEST_BACKEND=postgres: {error}") from None


def pytest_report_header(config):
    if pgtest.backend() == "postgres":
        return f"helio storage backend: postgres (a database per registry on {pgtest.base_url()})"
    return "helio storage backend: sqlite (HELIO_TEST_BACKEND=postgres for PostgreSQL)"


def helio_bin() -> str:
    path = os.environ.get("HELIO_BIN") or str(ROOT / ".build/debug/helio")
    if not os.path.exists(path):
        raise RuntimeError(f"helio binary not found at {path}: run `swift build` or set HELIO_BIN")
    return path


class Helio:
    """Runs `helio` with a private keystore folder and no inherited password variables."""

    def __init__(self, tmp_path: pathlib.Path):
        self.keystore = tmp_path / "keystore"
        self.tmp = tmp_path
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("HELIO_")}
        self.env["HELIO_KEYSTORE"] = str(self.keystore)
        self.env["HOME"] = str(tmp_path / "home")

    def run(self, *args, password=None, new_password=None, check=True, stdin=None):
        env = dict(self.env)
        if password is not None:
            env["HELIO_PASSWORD"] = password
        if new_password is not None:
            env["HELIO_NEW_PASSWORD"] = new_password
        proc = subprocess.run([helio_bin(), *map(str, args)], env=env, capture_output=True, text=True,
                              stdin=subprocess.DEVNULL if stdin is None else stdin, timeout=120)
        if check and proc.returncode != 0:
            raise AssertionError(f"helio {' '.join(map(str, args))} failed ({proc.returncode}): {proc.stderr}")
        return proc

    def json(self, *args, **kw):
        """Runs `helio <noun> <verb> --json …` (the flag goes before any `--`) and parses stdout."""
        args = list(args)
        args.insert(2, "--json")
        return json.loads(self.run(*args, **kw).stdout)

    def fail(self, *args, **kw):
        """Runs a command that must fail: non-zero exit, one-line error on stderr."""
        proc = self.run(*args, check=False, **kw)
        assert proc.returncode != 0, f"expected failure, got success: {proc.stdout}"
        lines = [l for l in proc.stderr.splitlines() if l.strip()]
        assert len(lines) == 1, f"expected a one-line error, got: {proc.stderr!r}"
        assert lines[0].startswith("helio: error: "), lines[0]
        return lines[0].removeprefix("helio: error: ")

    def keystore_files(self):
        return sorted(self.keystore.iterdir()) if self.keystore.exists() else []


@pytest.fixture
def helio(tmp_path):
    return Helio(tmp_path)


# --- the storage backend ------------------------------------------------------------------------------------

def registry_database(backend: str = None):
    """Where a new registry keeps its journal: None for SQLite (`<data-dir>/helio.sqlite`), or the URL of a fresh
    PostgreSQL database. `backend` ("sqlite" or "postgres") overrides HELIO_TEST_BACKEND for tests that are
    about one backend."""
    return pgtest.new_database("registry") if pgtest.backend(backend) == "postgres" else None


def database_args(database_url) -> list:
    """The `helio registry init` arguments that put the registry in `database_url` (none for SQLite); every
    later command given the same --data-dir finds the database through `<data-dir>/database.url`."""
    return ["--database", database_url] if database_url else []


def prepare_data_dir(data_dir, backend: str = None):
    """For commands that create their store without `registry init` (`helio dev append-loop`): on PostgreSQL,
    creates the folder (mode 0700) with a fresh database's URL in `database.url`, as `registry init --database`
    records it. Returns that URL, or None for SQLite (nothing to prepare)."""
    database_url = registry_database(backend)
    if database_url:
        data_dir = pathlib.Path(data_dir)
        data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        url_file = data_dir / "database.url"
        url_file.write_text(database_url + "\n")
        url_file.chmod(0o600)
    return database_url


class RunningServer:
    """A real `helio serve` on 127.0.0.1 over a fresh registry, started by `start_server`. `database_url` is the
    PostgreSQL database that holds its journal, or None on SQLite (`data_dir / "helio.sqlite"`)."""

    def __init__(self, base: str, proc: subprocess.Popen, data_dir: pathlib.Path, init: dict,
                 database_url: str = None):
        self.base, self.proc, self.data_dir, self.init = base, proc, data_dir, init
        self.database_url = database_url

    @property
    def backend(self) -> str:
        return "postgres" if self.database_url else "sqlite"

    def request(self, method: str, path: str, body=None, raw: bytes = None):
        """(status, content type, parsed JSON body) of one request; error statuses are returned, not raised."""
        import urllib.error
        import urllib.request

        data = raw if raw is not None else None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.base + path, data=data, method=method,
                                         headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status, response.headers.get("Content-Type"), json.loads(response.read())
        except urllib.error.HTTPError as error:
            return error.code, error.headers.get("Content-Type"), json.loads(error.read())

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def start_server(tmp: pathlib.Path, issuing_body: str, chain_id: int = 7317, name: str = "interop",
                 env: dict = None, backend: str = None) -> RunningServer:
    """`helio registry init` (light scrypt) naming `issuing_body`, on the test backend (HELIO_TEST_BACKEND, or
    `backend`: "sqlite" or "postgres"), then `helio serve` on a free loopback port (with `env` added to its
    environment); returns once /healthz answers. The caller stops it (`RunningServer.stop`)."""
    import socket
    import time
    import urllib.request

    helio = Helio(tmp)
    password = "interop password"
    data_dir = tmp / "registry"
    database_url = registry_database(backend)
    init = helio.json("registry", "init", "--data-dir", data_dir, "--name", name, "--chain-id", chain_id,
                      "--issuing-body", issuing_body, "--light", *database_args(database_url), password=password)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = dict(helio.env, HELIO_PASSWORD=password, HELIO_PORT=str(port), **(env or {}))
    log = open(tmp / "serve.log", "w")
    proc = subprocess.Popen([helio_bin(), "serve", "--data-dir", str(data_dir)], env=env,
                            stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=2) as response:
                if response.status == 200:
                    break
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            raise AssertionError(f"helio serve did not come up: {(tmp / 'serve.log').read_text()}")
        time.sleep(0.1)
    return RunningServer(base, proc, data_dir, init, database_url)


# --- `helio demo --serve`, shared by the demo's tests and the explorer's browser test ---------------------

DEMO_SEED = 7
DEMO_DAYS = 1
DEMO_PRODUCERS = 3


def demo_end_date() -> str:
    """Yesterday (UTC): the demo simulates whole days that have ended, within the registry's age policy."""
    import datetime

    return (datetime.datetime.now(datetime.timezone.utc).date() - datetime.timedelta(days=1)).isoformat()


def demo_args(out: pathlib.Path, *extra) -> list:
    return ["demo", "--out", str(out), "--days", str(DEMO_DAYS), "--producers", str(DEMO_PRODUCERS),
            "--seed", str(DEMO_SEED), "--end-date", demo_end_date(), "--no-progress", *map(str, extra)]


class RunningDemo:
    """`helio demo --serve` on a free loopback port: `.url` (ends with /), `.summary` (the JSON summary),
    `.out` (its output folder), `.proc`; `.get(path)` answers parsed JSON."""

    def __init__(self, url: str, summary: dict, out: pathlib.Path, proc: subprocess.Popen):
        self.url, self.summary, self.out, self.proc = url, summary, out, proc

    def get(self, path: str):
        import urllib.request

        with urllib.request.urlopen(self.url.rstrip("/") + path, timeout=30) as response:
            return json.loads(response.read())

    def stop(self) -> int:
        """SIGTERM, then the exit status (the demo stops its server gracefully and exits 0)."""
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        return self.proc.returncode


@pytest.fixture(scope="session")
def running_demo(tmp_path_factory):
    """One `helio demo --serve` for the whole session (small and seeded: 1 day, 3 PV roofs, seed 7); stopped
    with SIGTERM at the end, which must exit 0."""
    import queue
    import socket
    import threading

    tmp = tmp_path_factory.mktemp("running-demo")
    out = tmp / "demo"
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {k: v for k, v in os.environ.items() if not k.startswith("HELIO_")}
    env["HOME"] = str(tmp / "home")
    log = open(tmp / "demo.stderr", "w")
    proc = subprocess.Popen([helio_bin(), *demo_args(out, "--serve", "--port", port, "--json")], env=env,
                            stdout=subprocess.PIPE, stderr=log, text=True)
    received: queue.Queue = queue.Queue()
    threading.Thread(target=lambda: [received.put(line) for line in proc.stdout] + [received.put(None)],
                     daemon=True).start()
    url, lines = None, []
    while url is None:
        try:
            line = received.get(timeout=300)
        except queue.Empty:
            line = None
        if line is None:
            proc.kill()
            raise AssertionError(f"helio demo --serve did not start: {(tmp / 'demo.stderr').read_text()}")
        lines.append(line)
        if line.startswith("serving "):
            url = line.split()[1]
    summary = json.loads("".join(lines[:-1]))
    demo = RunningDemo(url, summary, out, proc)
    try:
        yield demo
    finally:
        status = demo.stop()
        proc.stdout.close()
        log.close()
    assert status == 0, f"helio demo --serve exited {status} on SIGTERM: {(tmp / 'demo.stderr').read_text()}"
