"""Several `helio serve` nodes over one PostgreSQL registry (issue 8): concurrent writes through every node,
one node SIGKILLed mid-load, and afterwards nothing acknowledged is lost, nothing is counted twice, and the
nodes agree.

`helio registry init --database` creates the registry once (keys in the data folder, the database URL in
`database.url`); three `helio serve --data-dir` nodes then share it, each following the others' commits by
polling the database. Six client threads spread their requests across the nodes:

- two post batches of oracle-signed readings (eth-account, EIP-712 from /v1/eip712) for their own devices;
- two race each other on purpose, released together by a barrier for every item, each to another node:
  the SAME signed reading twice (it must be accepted exactly once), or the two oracles of a quorum-2 meter
  attesting the same period (its energy must be issued exactly once);
- two send ERC-20 transfers of the reward token with eth_sendRawTransaction (signed by eth-account,
  encoded with web3.py's contract ABI), each from two senders of its own, so nonces are sequential.

A write is acknowledged when a node answered it 2xx: a reading result `accepted` (or `already_recorded`
after a retry) with its id and entry, a transaction hash. Once about a third of the work is done, one node
is SIGKILLed; a request that fails on it (refused, reset, 5xx) is not acknowledged: its client sends the
same signed bytes to the next node, and never goes back.

Afterwards, from the surviving nodes: every acknowledged reading is attested exactly once and every
acknowledged transaction has a successful receipt; no reading backs two issuances and no period is issued
twice; the reward's total supply equals the sum of all balances and of all issued rewards; the nodes report
the same journal, as long as the database's; and, the nodes stopped, `helio log verify` and `helio replay`
pass on the data folder.

PostgreSQL only, in BOTH pytest runs of Scripts/test.sh: it creates its own database on the
HELIO_TEST_POSTGRES server and fails (it does not skip) when that is not set.
"""
import collections
import http.client
import json
import random
import signal
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.request

import pytest
from eth_account import Account
from web3 import Web3

import pgtest
from conftest import Helio, helio_bin
from test_readings import CHAIN_ID, DAY, Q, YESTERDAY, command, issuing_body, reading_id, reading_message, sign, typed
from test_rpc_web3 import ERC20_ABI

PASSWORD = "multinode password"  # the registry's checkpoint key, shared by every node
NODES = 3
KILLED = 2  # the node SIGKILLed mid-load; nodes 0 and 1 survive
BASE_UNITS_PER_WH = 10**12  # SUN: 18 decimals, 1 SUN per MWh
SEED_WH = 2_000  # each transfer sender's starting reward: 2×10^15 base units, far more than it sends
FIRST_SLOT = 8 * 3600  # 08:00 UTC: the sun is up at (0°, 0°) for the 32 quarter-hours from here
SLOTS = 32
LOAD_DAYS = (1, 2, 3)  # the days before YESTERDAY the readers cover (YESTERDAY itself holds the seeds)
BATCH = 8  # readings per request of a reader
CONTESTS = 24  # items of each contest kind (duplicate reading, two-oracle period)
TRANSFERS = 30  # transactions per transfer thread
KILL_AFTER = 0.3  # the share of all requests done when the node is killed
LOAD_TIMEOUT = 60  # seconds for the whole load; the test fails rather than hang
CATCH_UP = 10  # seconds the surviving nodes get to agree once the load is over
TRANSPORT = (OSError, http.client.HTTPException)  # refused, reset, timed out, cut short


def slot(day: int, q: int) -> int:
    """The start of quarter-hour `q` from 08:00 UTC, `day` days before YESTERDAY."""
    return YESTERDAY - day * DAY + FIRST_SLOT + q * Q


def energy(day: int, q: int) -> int:
    """A varied, plausible energy for a 10 kW roof in 15 minutes (at most 2750 Wh with the 110 % margin)."""
    return 100 + (q * 37 + day * 11) % 500


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def http_json(base: str, method: str, path: str, body=None, timeout: float = 20):
    """(status, parsed JSON) of one request; HTTP error statuses are returned, transport failures raise."""
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(base + path, data=data, method=method,
                                     headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        raw = error.read()
        try:
            return error.code, json.loads(raw)
        except ValueError:
            return error.code, {"raw": raw.decode(errors="replace")}


class Node:
    """One `helio serve --data-dir D --port P`."""

    def __init__(self, index: int, data_dir, env: dict, log_path):
        self.index, self.port, self.log_path = index, free_port(), log_path
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = open(log_path, "w")
        self.proc = subprocess.Popen([helio_bin(), "serve", "--data-dir", str(data_dir), "--port", str(self.port)],
                                     env=env, stdout=self.log, stderr=subprocess.STDOUT)

    def wait_up(self):
        deadline = time.monotonic() + 30
        while True:
            try:
                if http_json(self.base, "GET", "/healthz", timeout=2)[0] == 200:
                    return
            except TRANSPORT:
                pass
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise AssertionError(f"node {self.index} did not come up: {self.log_path.read_text()[-4000:]}")
            time.sleep(0.1)

    def get(self, path: str):
        status, body = http_json(self.base, "GET", path)
        assert status == 200, (self.index, path, status, body)
        return body

    def rpc(self, method: str, *params):
        status, reply = http_json(self.base, "POST", "/rpc", {"jsonrpc": "2.0", "id": 1, "method": method,
                                                              "params": list(params)})
        assert status == 200 and "result" in reply, (self.index, method, params, status, reply)
        return reply["result"]

    def stop(self) -> int:
        """SIGTERM (graceful: finishes requests, signs a last checkpoint), then the exit status."""
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log.close()
        return self.proc.returncode


class Cluster:
    """The nodes as the clients see them: which ones each client (thread) may still use, and what went wrong
    where."""

    def __init__(self, nodes: list):
        self.nodes = nodes
        self.lock = threading.Lock()
        self.down = collections.defaultdict(set)  # per client: the nodes it saw fail, and never goes back to
        self.inflight = collections.Counter()  # requests under way per node (the kill waits for one)
        self.killed = None  # set just before the SIGKILL
        self.done = 0  # requests answered (for the kill's timing)
        self.served = collections.Counter()  # answers per node
        self.failed = collections.Counter()  # transport failures per node
        self.served_before_kill = None
        self.problems = []  # anything a correct cluster never does; asserted empty at the end
        self.retries = collections.Counter()  # tolerated, reported: 503s, stale `nonce too high`

    def order(self, preferred: int) -> list:
        """The nodes the calling client may use, starting from `preferred` (or the next one up)."""
        with self.lock:
            ring = [(preferred + i) % NODES for i in range(NODES)]
            down = self.down[threading.get_ident()]
            return [k for k in ring if k not in down]

    def problem(self, text: str):
        with self.lock:
            self.problems.append(text)

    def submit(self, preferred: int, path: str, body, label: str):
        """POSTs `body` to the first usable node from `preferred`, moving on to the next node when one fails
        (transport error or 5xx). Returns (status, reply, node, uncertain): `uncertain` when an earlier
        attempt failed, so the write may have landed without an answer."""
        uncertain = False
        for _ in range(50):
            order = self.order(preferred)
            if not order:
                raise AssertionError(f"{label}: every node is down ({self.problems})")
            for k in order:
                with self.lock:
                    self.inflight[k] += 1
                try:
                    status, reply = http_json(self.nodes[k].base, "POST", path, body)
                except TRANSPORT as error:
                    uncertain = True
                    with self.lock:
                        self.down[threading.get_ident()].add(k)
                        self.failed[k] += 1
                    if k != self.killed:
                        self.problem(f"{label}: node {k}, which was not killed, failed: {error!r}")
                    continue
                finally:
                    with self.lock:
                        self.inflight[k] -= 1
                with self.lock:
                    self.served[k] += 1
                if status >= 500:
                    uncertain = True
                    if status == 503:
                        with self.lock:
                            self.retries["503"] += 1
                    else:
                        self.problem(f"{label}: node {k} answered {status}: {reply}")
                    continue
                with self.lock:
                    self.done += 1
                return status, reply, k, uncertain
            time.sleep(0.1)
        raise AssertionError(f"{label}: no node answered after 50 rounds ({self.problems})")


class World:
    """Everything the load did, for the checks."""


def wait_until_nodes_agree(nodes: list, timeout: float) -> int:
    """Polls /healthz on `nodes` until they report the same journal size twice in a row; returns it."""
    deadline = time.monotonic() + timeout
    previous = None
    while True:
        sizes = [node.get("/healthz")["entries"] for node in nodes]
        if len(set(sizes)) == 1 and sizes == previous:
            return sizes[0]
        if time.monotonic() > deadline:
            raise AssertionError(f"the nodes still disagree after {timeout} s: journal sizes {sizes}")
        previous = sizes
        time.sleep(0.25)


# --- the registry, its nodes and what they serve -------------------------------------------------------------

def device(i: int, owner: str) -> dict:
    return {
        "id": f"mn-roof-{i}", "name": f"Multinode roof {i}", "owner": owner, "codeList": "eecs-fs5-v1",
        "energySource": "F01040100", "technology": "T010101", "capacityW": 10_000,
        "commissioningDate": "2021-06-01", "country": "DK", "latitudeE6": 0, "longitudeE6": 0,
        "gridArea": "DK1", "support": "none", "meters": [{"id": f"57131318041000000{i}", "intervalSeconds": Q}],
    }


def register(w: World):
    """Through node 0, signed by the TEST-ONLY issuing body: five oracles and four 10 kW roofs at (0°, 0°) —
    roofs 0–2 read by one oracle each (quorum 1), roof 3 by two (quorum 2)."""
    issuer, node = issuing_body(), w.nodes[0]
    w.oracles = [Account.create() for _ in range(5)]
    w.owners = [Account.create() for _ in range(4)]
    w.devices = [device(i, w.owners[i].address) for i in range(4)]
    w.meters = [d["meters"][0]["id"] for d in w.devices]
    oracles_of = [[w.oracles[0]], [w.oracles[1]], [w.oracles[2]], [w.oracles[3], w.oracles[4]]]
    nonce = node.get(f"/v1/accounts/{issuer.address}/balances")["nonce"]
    commands = []
    for i, oracle in enumerate(w.oracles):
        body = {"oracle": oracle.address, "name": f"oracle {i}"}
        commands.append(command(w.eip712, issuer.key, "RegisterOracle", body, body, nonce + len(commands)))
    for d in w.devices:
        commands.append(command(w.eip712, issuer.key, "RegisterDevice", {"device": d}, d, nonce + len(commands)))
    for meter, oracles in zip(w.meters, oracles_of):
        assignment = {"meter": meter, "oracles": [o.address for o in oracles], "quorum": len(oracles),
                      "validFrom": YESTERDAY - 10 * DAY}
        commands.append(command(w.eip712, issuer.key, "AssignOracles", assignment, assignment,
                                nonce + len(commands)))
    status, reply = http_json(node.base, "POST", "/v1/commands", commands)
    assert status == 200 and all(r["accepted"] for r in reply["results"]), reply
    w.oracles_of = oracles_of


def signed_reading(w: World, oracle, meter: str, start: int, energy_wh: int) -> dict:
    r = {"meter": meter, "periodStart": start, "periodEnd": start + Q, "energyWh": energy_wh}
    return dict(r, signature=sign(oracle.key, typed(w.eip712, "MeterReading", reading_message(r))))


def rid(w: World, r: dict) -> str:
    return reading_id(w.eip712, {k: v for k, v in r.items() if k != "signature"})


def seed(w: World):
    """Each owner's starting reward, through node 0: one reading of YESTERDAY 12:00 per roof (both oracles of
    roof 3)."""
    start = slot(0, 16)
    readings = [signed_reading(w, w.oracles_of[i][0], w.meters[i], start, SEED_WH) for i in range(3)]
    readings += [signed_reading(w, o, w.meters[3], start, SEED_WH) for o in w.oracles_of[3]]
    status, reply = http_json(w.nodes[0].base, "POST", "/v1/readings", {"readings": readings})
    assert status == 200 and reply["accepted"] == len(readings), reply
    w.seed_ids = [rid(w, r) for r in readings]


def plan(w: World):
    """Every signed reading and contest of the load, signed before it starts."""
    w.reader_batches = []
    for i in (0, 1):
        readings = [signed_reading(w, w.oracles_of[i][0], w.meters[i], slot(day, q), energy(day, q))
                    for day in LOAD_DAYS for q in range(SLOTS)]
        w.reader_batches.append([readings[j:j + BATCH] for j in range(0, len(readings), BATCH)])
    w.contests = []  # (kind, reading for side 0, reading for side 1)
    for n in range(CONTESTS):
        same = signed_reading(w, w.oracles_of[2][0], w.meters[2], slot(1, n), energy(1, n))
        w.contests.append(("duplicate", same, same))
        a, b = (signed_reading(w, o, w.meters[3], slot(1, n), energy(1, n)) for o in w.oracles_of[3])
        w.contests.append(("quorum", a, b))
    w.recipients = [Account.create() for _ in range(4)]
    w.senders = [w.owners[0:2], w.owners[2:4]]  # per transfer thread: nobody else uses their nonces


# --- the load --------------------------------------------------------------------------------------------------

def reader(w: World, i: int):
    for n, batch in enumerate(w.reader_batches[i]):
        label = f"reader {i} batch {n}"
        status, reply, node, uncertain = w.cluster.submit((i + n) % NODES, "/v1/readings", {"readings": batch}, label)
        if status != 200:
            w.cluster.problem(f"{label}: node {node} answered {status}: {reply}")
            continue
        for r, result in zip(batch, reply["results"]):
            if result["id"] != rid(w, r):
                w.cluster.problem(f"{label}: id {result['id']} for a reading whose id is {rid(w, r)}")
            if result["outcome"] == "accepted" or (result["outcome"] == "already_recorded" and uncertain):
                with w.lock:
                    w.acked_readings[result["id"]] = (r["meter"], result.get("entry"), node)
            else:
                w.cluster.problem(f"{label}: {result}")


def pick_contest_nodes(w: World):
    """Run by the barrier once both contenders reached it: their two nodes for this round, different ones while
    two are up (chosen once for both, so they cannot disagree about which nodes are up)."""
    n, w.contest_round = w.contest_round, w.contest_round + 1
    order = w.cluster.order(0)
    w.contest_nodes = [order[(n + side) % len(order)] for side in (0, 1)]


def contender(w: World, side: int):
    for n, (kind, *readings) in enumerate(w.contests):
        label = f"contest {n} ({kind}) side {side}"
        w.barrier.wait()
        target = w.contest_nodes[side]
        status, reply, node, uncertain = w.cluster.submit(target, "/v1/readings", {"readings": [readings[side]]}, label)
        if status != 200:
            w.cluster.problem(f"{label}: node {node} answered {status}: {reply}")
            continue
        with w.lock:
            w.contest_results[n][side] = (reply["results"][0], node, uncertain)


def sender(w: World, t: int):
    rng = random.Random(t)
    token = w.token
    nonces = {a.address: 0 for a in w.senders[t]}
    targets = w.recipients + w.owners
    for m in range(TRANSFERS):
        account = w.senders[t][m % 2]
        to = rng.choice([a for a in targets if a.address != account.address])
        amount = rng.randint(1, 100) * 10**9
        tx = {"to": token.address, "data": token.encode_abi("transfer", args=[to.address, amount]), "gas": 100_000,
              "maxFeePerGas": 0, "maxPriorityFeePerGas": 0, "nonce": nonces[account.address], "chainId": CHAIN_ID,
              "value": 0, "type": 2}
        signed_tx = account.sign_transaction(tx)
        tx_hash = "0x" + bytes(signed_tx.hash).hex()
        body = {"jsonrpc": "2.0", "id": m, "method": "eth_sendRawTransaction",
                "params": ["0x" + bytes(signed_tx.raw_transaction).hex()]}
        label = f"sender {t} tx {m} ({account.address} nonce {tx['nonce']})"
        uncertain, deadline = False, time.monotonic() + 10
        while True:
            status, reply, node, failed = w.cluster.submit((t + m) % NODES, "/rpc", body, label)
            uncertain = uncertain or failed
            if status == 200 and reply.get("result") == tx_hash:
                with w.lock:
                    w.acked_txs.append((tx_hash, account.address, tx["nonce"], node))
                break
            message = str(reply.get("error", {}).get("message", "")) if status == 200 else ""
            if "nonce too low" in message and uncertain:
                with w.lock:  # it landed on the node that failed before answering: present, not acknowledged
                    w.unacked_txs.append((tx_hash, account.address, tx["nonce"]))
                break
            if "nonce too high" in message and time.monotonic() < deadline:
                with w.cluster.lock:  # that node has not caught up with our previous transaction yet
                    w.cluster.retries["nonce too high"] += 1
                time.sleep(0.1)
                continue
            w.cluster.problem(f"{label}: node {node} answered {status}: {reply}")
            return  # this sender's nonce is unknown now: the problem fails the test
        nonces[account.address] += 1
    with w.lock:
        w.nonces_used.update(nonces)


def run_load(w: World):
    w.lock = threading.Lock()
    w.acked_readings, w.acked_txs, w.unacked_txs = {}, [], []
    w.contest_results = [[None, None] for _ in w.contests]
    w.nonces_used = {}
    w.contest_round, w.contest_nodes = 0, None
    w.barrier = threading.Barrier(2, action=lambda: pick_contest_nodes(w), timeout=30)
    errors = []

    def guarded(target, *args):
        def body():
            try:
                target(w, *args)
            except BaseException as error:  # noqa: BLE001 — reported below, with the thread's name
                errors.append(f"{target.__name__}{args}: {error!r}")
                w.barrier.abort()
        return threading.Thread(target=body, name=f"{target.__name__}{args}", daemon=True)

    threads = [guarded(reader, 0), guarded(reader, 1), guarded(contender, 0), guarded(contender, 1),
               guarded(sender, 0), guarded(sender, 1)]
    total = sum(len(b) for b in w.reader_batches) + 2 * len(w.contests) + 2 * TRANSFERS
    started = time.monotonic()
    for thread in threads:
        thread.start()
    # Mid-load: once about a third of the requests are answered, SIGKILL one node — while it is serving a
    # request, if one comes within a second, so that a write may land without its answer.
    while w.cluster.done < KILL_AFTER * total and any(t.is_alive() for t in threads):
        time.sleep(0.01)
    busy_until = time.monotonic() + 1
    while w.cluster.inflight[KILLED] == 0 and time.monotonic() < busy_until:
        time.sleep(0.001)
    victim = w.nodes[KILLED]
    with w.cluster.lock:
        w.cluster.killed = KILLED
        w.cluster.served_before_kill = dict(w.cluster.served)
        w.done_before_kill = w.cluster.done
    victim.proc.send_signal(signal.SIGKILL)
    victim.proc.wait()
    w.kill_time = time.monotonic() - started
    for thread in threads:
        thread.join(timeout=max(1, LOAD_TIMEOUT - (time.monotonic() - started)))
    assert not any(t.is_alive() for t in threads), f"the load did not finish in {LOAD_TIMEOUT} s"
    w.load_seconds = time.monotonic() - started
    w.total_requests = total
    assert not errors, errors


def summary(w: World) -> str:
    c = w.cluster
    return (f"load {w.load_seconds:.1f} s, node {KILLED} killed at {w.kill_time:.1f} s after {w.done_before_kill} "
            f"of {w.total_requests} requests; answers per node {dict(c.served)}, before the kill "
            f"{c.served_before_kill}; failed requests per node {dict(c.failed)}; tolerated retries {dict(c.retries)}; "
            f"node logs in {w.tmp}")


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    try:
        database_url = pgtest.new_database("multinode")
    except RuntimeError as error:
        pytest.fail(f"test_multinode.py needs PostgreSQL: {error}", pytrace=False)
    w = World()
    w.tmp = tmp_path_factory.mktemp("multinode")
    w.database_url, w.data_dir = database_url, w.tmp / "registry"
    helio = Helio(w.tmp)
    w.init = helio.json("registry", "init", "--data-dir", w.data_dir, "--name", "multinode", "--chain-id", CHAIN_ID,
                        "--issuing-body", issuing_body().address, "--light", "--database", database_url,
                        password=PASSWORD)
    w.helio = helio
    env = dict(helio.env, HELIO_PASSWORD=PASSWORD)
    w.nodes = [Node(i, w.data_dir, env, w.tmp / f"node-{i}.log") for i in range(NODES)]
    try:
        for node in w.nodes:
            node.wait_up()
        w.cluster = Cluster(w.nodes)
        w.eip712 = w.nodes[0].get("/v1/eip712")
        w3 = Web3(Web3.HTTPProvider(w.nodes[0].base + "/rpc", request_kwargs={"timeout": 30}))
        w.token = w3.eth.contract(address=Web3.to_checksum_address(w.init["sunTokenAddress"]), abi=ERC20_ABI)
        register(w)
        seed(w)
        plan(w)
        wait_until_nodes_agree(w.nodes, CATCH_UP)  # every node knows the roofs before the load
        run_load(w)
        w.survivors = [node for node in w.nodes if node.index != KILLED]
        w.journal_size = wait_until_nodes_agree(w.survivors, CATCH_UP)
        yield w
    finally:
        for node in w.nodes:
            node.stop()


# --- the checks ------------------------------------------------------------------------------------------------

def test_the_registry_lives_in_postgres_and_the_folder_names_it(world):
    assert (world.data_dir / "database.url").read_text().strip() == world.database_url
    assert not (world.data_dir / "helio.sqlite").exists(), "a PostgreSQL registry also wrote a SQLite file"
    assert list((world.data_dir / "keys").iterdir()), "the checkpoint key is not in the data folder"


def test_the_load_went_through_every_node_and_one_node_was_killed_mid_load(world):
    c = world.cluster
    assert not c.problems, f"{len(c.problems)} problems, e.g. {c.problems[:5]}; {summary(world)}"
    assert all(c.served_before_kill.get(k, 0) > 0 for k in range(NODES)), summary(world)
    assert world.done_before_kill < world.total_requests, summary(world)
    assert c.failed[KILLED] > 0, f"no client noticed the kill; {summary(world)}"
    assert world.nodes[KILLED].proc.returncode == -signal.SIGKILL
    for node in world.survivors:
        assert node.proc.poll() is None, f"node {node.index} died: {node.log_path.read_text()[-4000:]}"
        assert c.served[node.index] > c.served_before_kill.get(node.index, 0), summary(world)


def attestations(node: Node, meter: str) -> list:
    """Every attestation of `meter` (oldest first; the load stays under one page)."""
    periods = node.get(f"/v1/meters/{meter}/periods?from={YESTERDAY - 10 * DAY}&limit=1000")["periods"]
    assert len(periods) < 1000
    return [a for p in periods for a in p["attestations"]]


def test_every_acknowledged_reading_is_attested_exactly_once_on_every_node(world):
    acked = world.acked_readings
    assert len(acked) >= 2 * SLOTS, f"only {len(acked)} readings acknowledged; {summary(world)}"
    for node in world.survivors:
        found = [a for meter in world.meters for a in attestations(node, meter)]
        # A reading's id is the digest of what it says, not of who signed it: the two oracles of roof 3 sign
        # the same id. So an attestation is an (id, oracle) pair, and each pair is there once.
        pairs = collections.Counter((a["readingId"], a["oracle"]) for a in found)
        twice = [p for p, n in pairs.items() if n > 1]
        assert not twice, f"node {node.index}: readings attested more than once: {twice[:5]}"
        ids = {a["readingId"] for a in found}
        missing = [i for i in acked if i not in ids]
        assert not missing, f"node {node.index}: {len(missing)} acknowledged readings missing, e.g. " \
                            f"{[(i, acked[i]) for i in missing[:3]]}; {summary(world)}"
        for reading in world.seed_ids:
            assert reading in ids
        # Where each was acknowledged: the entry a node answered is the entry every node shows.
        entries = {a["readingId"]: a["entry"] for a in found if a["readingId"] in acked}
        moved = [(i, entry, entries[i]) for i, (_, entry, _) in acked.items()
                 if entry is not None and entries[i] != entry]
        assert not moved, f"node {node.index}: acknowledged at one entry, attested at another: {moved[:3]}"


def test_a_reading_sent_to_two_nodes_at_once_is_accepted_once(world):
    for n, (kind, r, _) in enumerate(world.contests):
        if kind != "duplicate":
            continue
        results = world.contest_results[n]
        assert None not in results, (n, results)
        outcomes = [res["outcome"] for res, _, _ in results]
        assert set(outcomes) <= {"accepted", "already_recorded"}, (n, results)
        assert all(res["id"] == rid(world, r) for res, _, _ in results), (n, results)
        accepted = outcomes.count("accepted")
        assert accepted <= 1, f"contest {n}: the same reading was accepted twice: {results}"
        if not any(uncertain for _, _, uncertain in results):  # both answered first time: one of them accepted it
            assert accepted == 1, f"contest {n}: nobody accepted the reading: {results}"
        for node in world.survivors:
            ids = [a["readingId"] for a in attestations(node, world.meters[2]) if a["readingId"] == rid(world, r)]
            assert len(ids) == 1, f"contest {n}: node {node.index} holds the reading {len(ids)} times"


def test_two_oracles_racing_on_two_nodes_issue_their_period_once(world):
    meter = world.meters[3]
    for node in world.survivors:
        trail = node.get(f"/v1/devices/{world.devices[3]['id']}/issuance")
        starts = collections.Counter(i["periodStart"] for i in trail["issuances"] if i["meter"] == meter)
        assert all(n == 1 for n in starts.values()), f"node {node.index}: periods issued twice: {starts}"
        by_start = {i["periodStart"]: i for i in trail["issuances"]}
        for n, (kind, a, b) in enumerate(world.contests):
            if kind != "quorum":
                continue
            results = world.contest_results[n]
            assert None not in results, (n, results)
            assert all(res["outcome"] in ("accepted", "already_recorded") for res, _, _ in results), (n, results)
            issued = [res for res, _, _ in results if "issued" in res]
            assert len(issued) <= 1, f"contest {n}: both attestations issued the period: {results}"
            if not any(uncertain for _, _, uncertain in results):
                assert len(issued) == 1, f"contest {n}: quorum reached but nobody issued: {results}"
            issuance = by_start.get(a["periodStart"])
            assert issuance is not None, f"contest {n}: node {node.index} has no issuance for the period"
            assert sorted(x["id"] for x in issuance["readings"]) == sorted([rid(world, a), rid(world, b)])
            assert issuance["energyWh"] == a["energyWh"]


def test_no_reading_backs_energy_twice(world):
    for node in world.survivors:
        backing = collections.defaultdict(list)  # reading id → the issuances (meter, period start) it backs
        for d in world.devices:
            trail = node.get(f"/v1/devices/{d['id']}/issuance")
            assert int(trail["totalReward"]) == trail["totalEnergyWh"] * BASE_UNITS_PER_WH
            assert sum(i["energyWh"] for i in trail["issuances"]) == trail["totalEnergyWh"]
            periods = collections.Counter((i["meter"], i["periodStart"]) for i in trail["issuances"])
            assert all(n == 1 for n in periods.values()), f"node {node.index}: {d['id']} issued a period twice"
            for i in trail["issuances"]:
                signers = [(x["id"], x["oracle"]) for x in i["readings"]]
                assert len(set(signers)) == len(signers), f"node {node.index}: an oracle counted twice in {i}"
                for reading in {x["id"] for x in i["readings"]}:
                    backing[reading].append((i["meter"], i["periodStart"]))
        twice = {r: b for r, b in backing.items() if len(b) > 1}
        assert not twice, f"node {node.index}: readings behind more than one issuance: {list(twice.items())[:5]}"
        # Quorum 1 on roofs 0–2: each of their acknowledged readings backs exactly one issuance.
        unissued = [i for i, (meter, _, _) in world.acked_readings.items() if len(backing.get(i, [])) != 1]
        assert not unissued, f"node {node.index}: acknowledged readings never issued: {unissued[:5]}"


def test_total_supply_equals_the_sum_of_all_balances_and_of_all_issued_rewards(world):
    accounts = {a.address for a in world.owners + world.recipients + world.oracles} | {issuing_body().address}
    for node in world.survivors:
        w3 = Web3(Web3.HTTPProvider(node.base + "/rpc", request_kwargs={"timeout": 30}))
        sun = w3.eth.contract(address=world.token.address, abi=ERC20_ABI)
        supply = sun.functions.totalSupply().call()
        assert supply == int(node.get(f"/v1/assets/{world.init['sunAssetId']}")["totalSupply"])
        balances = {a: sun.functions.balanceOf(a).call() for a in accounts}
        assert sum(balances.values()) == supply, f"node {node.index}: Σ balances {sum(balances.values())} ≠ {supply}"
        issued = 0
        for d in world.devices:
            issued += int(node.get(f"/v1/devices/{d['id']}/issuance")["totalReward"])
        assert issued == supply, f"node {node.index}: issued {issued} ≠ supply {supply}"
        # The REST view of each balance says the same.
        for a in world.owners + world.recipients:
            held = node.get(f"/v1/accounts/{a.address}/balances")["balances"]
            assert sum(int(h["amount"]) for h in held if h["symbol"] == "SUN") == balances[a.address]


def test_every_acknowledged_transaction_has_a_successful_receipt_on_every_node(world):
    acked, landed = world.acked_txs, world.unacked_txs
    assert len(acked) >= TRANSFERS, f"only {len(acked)} transactions acknowledged; {summary(world)}"
    for node in world.survivors:
        for tx_hash, _, _, _ in acked + [(h, s, n, None) for h, s, n in landed]:
            receipt = node.rpc("eth_getTransactionReceipt", tx_hash)
            assert receipt is not None, f"node {node.index}: no receipt for acknowledged {tx_hash}"
            assert receipt["status"] == "0x1", (node.index, receipt)
        # Each sender's nonce moved exactly by the transactions that landed: none lost, none doubled.
        for address, used in world.nonces_used.items():
            assert int(node.rpc("eth_getTransactionCount", address, "latest"), 16) == used, (node.index, address)


def test_the_nodes_agree_with_each_other_and_with_the_database(world):
    for node in world.survivors:
        assert node.get("/healthz")["entries"] == world.journal_size
        assert node.get("/v1/registry")["journalSize"] == world.journal_size
        assert node.get(f"/v1/assets/{world.init['sunAssetId']}") == \
            world.survivors[0].get(f"/v1/assets/{world.init['sunAssetId']}")
        for d in world.devices:
            assert node.get(f"/v1/devices/{d['id']}/issuance") == \
                world.survivors[0].get(f"/v1/devices/{d['id']}/issuance")
    count, top = pgtest.sql(world.database_url, "SELECT count(*), coalesce(max(seq) + 1, 0) FROM journal")[0]
    assert int(count) == int(top) == world.journal_size


def test_log_verify_and_replay_pass_on_the_shared_database(world):
    """Runs last: stops the surviving nodes (SIGTERM: each exits 0), then audits the data folder."""
    for node in world.survivors:
        assert node.stop() == 0, f"node {node.index} did not stop cleanly: {node.log_path.read_text()[-4000:]}"
    for args in (["log", "verify"], ["replay"]):
        proc = subprocess.run([helio_bin(), *args, "--data-dir", str(world.data_dir), "--json"],
                              env=world.helio.env, capture_output=True, text=True, timeout=120)
        assert proc.returncode == 0, f"helio {' '.join(args)}: {proc.stderr}"
        report = json.loads(proc.stdout)
        assert report.get("matches", report.get("ok")), report
        assert report["entries"] >= world.journal_size, report
