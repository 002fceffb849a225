"""Live events through a real `helio serve`: `GET /events` read as a plain HTTP stream, `helio watch` as a
subprocess following it, and a graceful stop of the server while a stream is open.

The registry is populated the way test_readings.py does it (eth-account signs every command and reading
from what the server publishes), so every entry on the stream was really committed.
"""
import http.client
import json
import signal
import subprocess
import time
import urllib.parse

import jsonschema
import pytest
import yaml

from conftest import ROOT, helio_bin, start_server
from test_readings import SUN_UP, Q, issuing_body, populate, reading, signed


# What Schemas/openapi.yaml says one event of GET /events is (schemathesis leaves the endless stream to us).
EVENT_SCHEMA = yaml.safe_load((ROOT / "Schemas" / "openapi.yaml").read_text())[
    "paths"]["/events"]["get"]["responses"]["200"]["content"]["text/event-stream"]["schema"]


def documented(frame_id: str, event: str, data: str):
    jsonschema.validate({"event": event, "data": data} | ({"id": frame_id} if frame_id else {}), EVENT_SCHEMA)


class SSE:
    """A minimal server-sent events reader over http.client: yields (id, event, data) per frame and
    ("", "comment", text) for comment lines."""

    def __init__(self, base: str, path: str, headers=None, timeout: float = 20):
        url = urllib.parse.urlparse(base)
        self.connection = http.client.HTTPConnection(url.hostname, url.port, timeout=timeout)
        self.connection.request("GET", path, headers=headers or {})
        self.response = self.connection.getresponse()

    def frames(self):
        fields, data = {}, []
        while True:
            line = self.response.readline()
            if not line:
                return
            line = line.decode().rstrip("\n")
            if line == "":
                if data:  # as in the spec, a frame without data (`retry:` alone) is not dispatched
                    yield fields.get("id", ""), fields.get("event", "message"), "\n".join(data)
                fields, data = {}, []
            elif line.startswith(":"):
                yield "", "comment", line[1:].strip()
            else:
                name, _, value = line.partition(":")
                value = value.removeprefix(" ")
                if name == "data":
                    data.append(value)
                else:
                    fields[name] = value

    def entries(self, count: int) -> list:
        """The next `count` entry frames, parsed; skips retry/comment frames."""
        out = []
        for frame_id, event, data in self.frames():
            if event == "entry":
                documented(frame_id, event, data)
                entry = json.loads(data)
                assert frame_id == str(entry["index"])
                out.append(entry)
                if len(out) == count:
                    break
        return out

    def close(self):
        self.connection.close()


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    server = start_server(tmp_path_factory.mktemp("watch"), issuing_body().address)
    try:
        yield populate(server)
    finally:
        server.stop()


def post_reading(world, start: int, energy: int) -> dict:
    server, eip712, a = world["server"], world["eip712"], world["a"]
    status, _, reply = server.request("POST", "/v1/readings",
                                      {"readings": [signed(eip712, a.key, reading(start, energy))]})
    assert status == 200 and reply["accepted"] == 1, reply
    return reply


def journal_size(server) -> int:
    status, _, overview = server.request("GET", "/v1/overview")
    assert status == 200
    return overview["journalSize"]


def test_the_stream_replays_the_buffer_then_goes_live_in_commit_order(world):
    server = world["server"]
    stream = SSE(server.base, "/events?from=0")
    try:
        assert stream.response.status == 200
        assert stream.response.getheader("Content-Type").startswith("text/event-stream")
        size = journal_size(server)
        # The buffer holds what committed since the server started: the registry's genesis entries were
        # written by `registry init`, so the stream starts by saying they are not replayed.
        frames = stream.frames()
        _, event, data = next(f for f in frames if f[1] != "comment")
        assert event == "gap", (event, data)
        documented("", event, data)
        gap = json.loads(data)
        assert gap["from"] == 0 and 0 < gap["to"] < size
        buffered = stream.entries(size - gap["to"])
        assert [e["index"] for e in buffered] == list(range(gap["to"], size))
        kinds = [e["kind"] for e in buffered]
        assert kinds[-4:] == ["RegisterOracle", "RegisterOracle", "RegisterDevice", "AssignOracles"]
        assert all(len(e["leafHash"]) == 66 for e in buffered)

        post_reading(world, SUN_UP + 8 * Q, 777)
        [live] = stream.entries(1)
        assert live["index"] == size and live["kind"] == "Readings"
        assert live["readings"] == 1 and live["energyWh"] == 777
        owner = world["owner"].address
        assert owner in live["accounts"] and world["a"].address in live["accounts"]
        mint = [e for e in live["events"] if e["type"] == "Transfer" and e["to"] == owner]
        assert [e["value"] for e in mint] == [str(777 * 10**12)]
        # The leaf on the stream is the journal's own: the log proves it.
        status, _, proof = server.request("GET", f"/v1/log/proof?index={live['index']}")
        assert status == 200 and proof["leafHash"] == live["leafHash"]
    finally:
        stream.close()


def test_last_event_id_resumes_after_that_entry_and_an_account_filter_keeps_its_own(world):
    server = world["server"]
    size = journal_size(server)
    resumed = SSE(server.base, "/events", headers={"Last-Event-ID": str(size - 2)})
    stranger = SSE(server.base, "/events?from=0&account=0x" + "11" * 20, timeout=3)
    try:
        assert [e["index"] for e in resumed.entries(1)] == [size - 1]
        # Nothing in this registry touched that account: its stream stays silent until the timeout.
        with pytest.raises(TimeoutError):
            stranger.entries(1)
    finally:
        resumed.close()
        stranger.close()


@pytest.mark.parametrize("query, headers, title", [
    ("?from=abc", {}, "from must be an entry index"),
    ("?from=-1", {}, "from must be an entry index"),
    ("?account=0x1234", {}, "is not an address"),
    ("", {"Last-Event-ID": "x"}, "Last-Event-ID must be an entry index"),
])
def test_bad_parameters_are_refused_with_a_problem_before_the_stream_starts(world, query, headers, title):
    stream = SSE(world["server"].base, "/events" + query, headers=headers)
    try:
        assert stream.response.status == 400
        assert stream.response.getheader("Content-Type").startswith("application/problem+json")
        problem = json.loads(stream.response.read())
        assert problem["status"] == 400 and title in problem["detail"]
    finally:
        stream.close()


def watch(server, *args) -> subprocess.Popen:
    return subprocess.Popen([helio_bin(), "watch", "--server", server.base, *map(str, args)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_helio_watch_follows_an_account_and_stops_after_its_limit(world):
    server, owner = world["server"], world["owner"].address
    proc = watch(server, "--account", owner, "--limit", 1, "--json")
    try:
        # The watcher subscribes live; give it a moment, then commit an unrelated entry and a reading.
        time.sleep(1.0)
        unrelated = SSE(server.base, "/events")
        post_reading(world, SUN_UP + 9 * Q, 555)
        [expected] = unrelated.entries(1)
        unrelated.close()
        out, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, err
    lines = out.splitlines()
    assert len(lines) == 1
    entry = json.loads(lines[0])
    assert entry == expected and owner in entry["accounts"] and entry["energyWh"] == 555


def test_helio_watch_prints_one_line_per_entry_with_amounts_in_sun(world):
    server = world["server"]
    proc = watch(server, "--from", 0, "--limit", 3)
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == 0, err
    lines = out.splitlines()
    # The genesis entries predate the server's buffer: watch says so, then prints what it has, in order.
    assert "no longer in the server's buffer" in err
    first = int(lines[0].split()[0].removeprefix("#"))
    assert [line.split()[0] for line in lines] == [f"#{first + k}" for k in range(3)]
    assert "RegisterOracle" in lines[0] and "by 0xf39F…2266" in lines[0], lines[0]
    # Every later reading line reads like a sentence: find the 777 Wh reading's mint in SUN.
    proc = watch(server, "--from", 0, "--account", world["owner"].address, "--limit", 2)
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == 0, err
    assert "777 Wh issued" in out and "received 0.000777 SUN from mint" in out, out


def test_helio_watch_without_a_server_is_a_one_line_error(helio):
    proc = helio.run("watch", "--server", "http://127.0.0.1:9", "--limit", 1, check=False)
    assert proc.returncode != 0
    lines = [l for l in proc.stderr.splitlines() if l.strip()]
    assert len(lines) == 1 and lines[0].startswith("helio: error: "), proc.stderr
    # A bad argument is an argument error: ArgumentParser's message and usage, exit 64.
    proc = helio.run("watch", "--account", "nope", check=False)
    assert proc.returncode == 64 and proc.stderr.startswith("Error: --account nope is not an address")


def test_a_graceful_stop_ends_open_streams_and_the_server_exits_zero(tmp_path):
    server = start_server(tmp_path, issuing_body().address)
    stream = SSE(server.base, "/events")
    try:
        assert stream.response.status == 200
        started = time.monotonic()
        server.proc.send_signal(signal.SIGTERM)
        # The stream ends (EOF) rather than hanging the shutdown…
        assert list(f for f in stream.frames() if f[1] == "entry") == []
        # …and the server exits cleanly, promptly.
        assert server.proc.wait(timeout=15) == 0
        assert time.monotonic() - started < 15
    finally:
        stream.close()
        server.stop()
