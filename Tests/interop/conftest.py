"""Shared fixtures: the `helio` binary under test and a way to run real command lines."""
import json
import os
import pathlib
import subprocess

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]


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


class RunningServer:
    """A real `helio serve` on 127.0.0.1 over a fresh registry, started by `start_server`."""

    def __init__(self, base: str, proc: subprocess.Popen, data_dir: pathlib.Path, init: dict):
        self.base, self.proc, self.data_dir, self.init = base, proc, data_dir, init

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
                 env: dict = None) -> RunningServer:
    """`helio registry init` (light scrypt) naming `issuing_body`, then `helio serve` on a free loopback port
    (with `env` added to its environment); returns once /healthz answers. The caller stops it
    (`RunningServer.stop`)."""
    import socket
    import time
    import urllib.request

    helio = Helio(tmp)
    password = "interop password"
    data_dir = tmp / "registry"
    init = helio.json("registry", "init", "--data-dir", data_dir, "--name", name, "--chain-id", chain_id,
                      "--issuing-body", issuing_body, "--light", password=password)
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
    return RunningServer(base, proc, data_dir, init)


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
