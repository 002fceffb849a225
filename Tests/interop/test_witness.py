"""Witnesses (issue 8): `helio witness` follows a registry from outside, checks every checkpoint (the registry's
signature, RFC 9162 consistency with the last one it verified), fetches the new entries (GET /v1/log/entries),
recomputes their leaf hashes, re-verifies and replays them into its own SQLite replica, recomputes the root —
and only then co-signs the checkpoint (POST /v1/log/cosignatures), which the registry serves with it.

Checked here from outside, with eth-account and SQL only:

- under load from two client threads, a following witness co-signs checkpoint after checkpoint; each
  co-signature the registry keeps recovers the witness's address over `helio-cosignature/v1`, its time and the
  checkpoint body; the witness's replica holds the registry's journal leaf for leaf and the same balances;
- the registry refuses co-signatures that do not verify, name no checkpoint it signed, or do not parse, and keeps
  nothing of them; one signed here with eth-account is taken;
- a registry that rewrites its history (the database edited behind its back: the last entries deleted, others
  appended, every checkpoint signed with its own key) is caught, whether the new checkpoint has the size the
  witness verified (another root) or a larger one (no consistency proof holds): FORK, exit 1, both
  registry-signed checkpoints saved as evidence, nothing co-signed;
- a command slipped into the journal with a signature that is not its author's (leaf hash, tree and checkpoint
  all in order) is found by replaying it: REFUSED, exit 1, evidence saved, nothing co-signed or replayed;
- a witness stays with the registry it first followed (its address and URL are pinned);
- a cancellation statement carries the co-signatures of its checkpoint, and `helio verify --witness …
  --require-witnesses 1` holds only with them.

Both storage backends (HELIO_TEST_BACKEND): the history rewrite edits SQLite (append-only triggers dropped and
restored) or PostgreSQL (triggers and foreign keys off for the session, `journal_head` moved back); the slipped-in
entry is a plain INSERT on both (and `journal_head` moved on, on PostgreSQL).
"""
import base64
import hashlib
import json
import os
import pathlib
import re
import sqlite3
import subprocess
import threading
import time

import jsonschema
import pytest
from eth_account import Account
from eth_account.messages import encode_defunct
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

import pgtest
from conftest import ROOT, Helio, RunningServer, helio_bin, start_server
from statement_verifier import entry_bytes, verify_statement
from test_certificates import cancelled, world  # noqa: F401 — fixtures: a registry with two cancellations
from test_log_consistency import wait_for_checkpoint
from test_readings import DAY, METER, Q, YESTERDAY, command, issuing_body, populate, signed

PASSWORD = "interop password"  # conftest.start_server's registry password
EVERY_ENTRY = {"HELIO_CHECKPOINT_EVERY": "1"}  # the registry signs a checkpoint after every commit
HEADER = "helio-cosignature/v1"
JSON_DIR = ROOT / "Schemas" / "json"


# --- helpers --------------------------------------------------------------------------------------------------

def validator(name: str) -> jsonschema.Draft202012Validator:
    registry = Registry().with_resources(
        (p.as_uri(), Resource.from_contents(json.loads(p.read_text()), default_specification=DRAFT202012))
        for p in JSON_DIR.glob("*.schema.json"))
    return jsonschema.Draft202012Validator({"$ref": (JSON_DIR / name).as_uri()}, registry=registry,
                                           format_checker=jsonschema.FormatChecker())


def get(server, path: str):
    status, _, body = server.request("GET", path)
    assert status == 200, (path, body)
    return body


def body_of(note: str) -> str:
    """The signed body of a checkpoint note: its first four lines, each ending in LF."""
    lines = note.split("\n")
    assert len(lines) >= 6 and lines[4] == "", note
    return "\n".join(lines[:4]) + "\n"


def size_of(note: str) -> int:
    return int(note.split("\n")[1])


def cosignature_message(note: str, timestamp: int) -> str:
    return f"{HEADER}\ntime {timestamp}\n{body_of(note)}"


def recover_cosigner(note: str, timestamp: int, signature: str) -> str:
    return Account.recover_message(encode_defunct(text=cosignature_message(note, timestamp)), signature=signature)


def registry_signer(note: str) -> str:
    """The address that signed a checkpoint note, recovered here (not the address the note names)."""
    *_, signature = note.rstrip("\n").split("\n")[-1].split(" ")
    return Account.recover_message(encode_defunct(text=body_of(note)), signature=signature)


def cosign(account, note: str, timestamp: int) -> dict:
    """A co-signature made here with eth-account, as a witness sends it."""
    signature = Account.sign_message(encode_defunct(text=cosignature_message(note, timestamp)), account.key).signature
    return {"treeSize": size_of(note), "witness": account.address, "timestamp": timestamp,
            "signature": "0x" + bytes(signature).hex()}


def witness_address(folder: pathlib.Path) -> str:
    return Account.from_key(bytes.fromhex((folder / "witness.key").read_text().strip())).address


def witness(helio: Helio, server, folder: pathlib.Path, *extra, check=True):
    """`helio witness --once` against `server`, the witness folder `folder`."""
    return helio.run("witness", "--registry", server.base, "--data-dir", folder, "--once", *extra, check=check)


def witness_json(helio: Helio, server, folder: pathlib.Path) -> dict:
    proc = witness(helio, server, folder, "--json")
    assert proc.stdout.strip(), f"the witness co-signed nothing: {proc.stderr}"
    return json.loads(proc.stdout)


def registry_rows(server, statement: str) -> list:
    """Rows of a query on the registry's own database (SQLite file or PostgreSQL), blobs as bytes."""
    if server.database_url:
        return [tuple(bytes.fromhex(v[2:]) if isinstance(v, str) and v.startswith("\\x") else v for v in row)
                for row in pgtest.sql(server.database_url, statement)]
    with sqlite3.connect(f"file:{server.data_dir / 'helio.sqlite'}?mode=ro", uri=True, timeout=30) as db:
        return db.execute(statement).fetchall()


def blob(server, data: bytes) -> str:
    """A bytes literal in the registry database's SQL dialect."""
    return f"'\\x{data.hex()}'::bytea" if server.database_url else f"X'{data.hex()}'"


def stored_cosignatures(server, witness: str = None) -> list:
    """(tree size, witness, timestamp, signature hex, checkpoint note) of every co-signature the registry kept."""
    where = f" WHERE c.witness = {blob(server, bytes.fromhex(witness[2:]))}" if witness else ""
    rows = registry_rows(server, "SELECT c.tree_size, c.witness, c.timestamp, c.signature, k.text FROM cosignatures c "
                                 f"JOIN checkpoints k ON k.tree_size = c.tree_size{where} ORDER BY c.tree_size")
    return [(int(size), "0x" + bytes(w).hex(), int(stamp), "0x" + bytes(sig).hex(), text)
            for size, w, stamp, sig, text in rows]


def replica(folder: pathlib.Path) -> sqlite3.Connection:
    return sqlite3.connect(f"file:{folder / 'witness.sqlite'}?mode=ro", uri=True, timeout=30)


def all_entries(server) -> list:
    entries = []
    while True:
        page = get(server, f"/v1/log/entries?from={len(entries)}&limit=1000")["entries"]
        if not page:
            return entries
        entries += page


def register_oracle(server, eip712, name: str) -> int:
    """One RegisterOracle by the issuing body, alone in its request (so alone in its commit and its block);
    returns its entry index."""
    issuer = issuing_body()
    oracle = Account.create().address
    nonce = get(server, f"/v1/accounts/{issuer.address}/balances")["nonce"]
    body = {"oracle": oracle, "name": name}
    status, _, receipt = server.request("POST", "/v1/commands", command(eip712, issuer.key, "RegisterOracle", body,
                                                                         body, nonce))
    assert status == 200, receipt
    return receipt["index"]


def serve_again(server: RunningServer, tmp: pathlib.Path) -> RunningServer:
    """`helio serve` again over the same data folder (and database), on the same port: the same URL."""
    helio = Helio(tmp)
    port = server.base.rsplit(":", 1)[1]
    env = dict(helio.env, HELIO_PASSWORD=PASSWORD, HELIO_PORT=port, **EVERY_ENTRY)
    log = open(tmp / "serve-again.log", "w")
    proc = subprocess.Popen([helio_bin(), "serve", "--data-dir", str(server.data_dir)], env=env, stdout=log,
                            stderr=subprocess.STDOUT)
    again = RunningServer(server.base, proc, server.data_dir, server.init, server.database_url)
    deadline = time.monotonic() + 30
    while True:
        try:
            if again.request("GET", "/healthz")[0] == 200:
                return again
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            again.stop()
            raise AssertionError(f"helio serve did not come back: {(tmp / 'serve-again.log').read_text()}")
        time.sleep(0.1)


# --- 1. following a registry under load -----------------------------------------------------------------------

LOAD_THREADS = 2
READINGS_PER_THREAD = 24
PAUSE = 0.1  # seconds between a thread's requests: the load lasts a few of the witness's 1 s rounds


def load(server, w, thread: int, accepted: list, errors: list):
    """Thread `thread` sends its own readings of METER one per request: day YESTERDAY − thread days, from 08:00."""
    try:
        day = YESTERDAY - thread * DAY
        for q in range(READINGS_PER_THREAD):
            r = {"meter": METER, "periodStart": day + 8 * 3600 + q * Q, "periodEnd": day + 8 * 3600 + (q + 1) * Q,
                 "energyWh": 100 + (q * 37 + thread * 11) % 500}
            status, _, reply = server.request("POST", "/v1/readings", {"readings": [signed(w["eip712"], w["a"].key, r)]})
            assert status == 200 and reply["accepted"] == 1, reply
            accepted.append(reply["results"][0]["id"])
            time.sleep(PAUSE)
    except BaseException as error:  # noqa: BLE001 — reported by the test
        errors.append(f"load thread {thread}: {error!r}")


def test_a_witness_follows_a_registry_under_load_and_cosigns(tmp_path):
    server = start_server(tmp_path, issuing_body().address, env=EVERY_ENTRY)
    helio, folder = Helio(tmp_path), tmp_path / "witness"
    following = None
    try:
        w = populate(server)
        log_path = tmp_path / "witness.log"
        with open(log_path, "w") as log:
            # stdbuf -oL: `helio witness` prints through C stdio, fully buffered into a file, and SIGTERM ends it
            # without a flush; line buffering keeps every round's line.
            following = subprocess.Popen(
                ["stdbuf", "-oL", helio_bin(), "witness", "--registry", server.base, "--data-dir", str(folder), "--interval", "1"],
                env=helio.env, stdout=log, stderr=subprocess.STDOUT)
        accepted, errors = [], []
        threads = [threading.Thread(target=load, args=(server, w, t, accepted, errors), daemon=True)
                   for t in range(LOAD_THREADS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        assert not errors and not any(t.is_alive() for t in threads), errors
        assert len(accepted) == LOAD_THREADS * READINGS_PER_THREAD
        # The following witness catches up with the last checkpoint of the load.
        final = size_of(wait_for_checkpoint(server, get(server, "/healthz")["entries"]))
        deadline = time.monotonic() + 30
        while f"cosigned {final} entries," not in log_path.read_text():
            assert following.poll() is None, f"the witness stopped following: {log_path.read_text()}"
            assert time.monotonic() < deadline, f"the witness did not co-sign {final} entries: {log_path.read_text()}"
            time.sleep(0.1)
        following.terminate()
        following.wait(timeout=10)

        # The witness co-signed as the log grew, every round a larger checkpoint, and complained of nothing.
        text = log_path.read_text()
        lines = text.splitlines()
        me = witness_address(folder)
        assert lines[0] == f"witness {me} follows {server.base}", text
        rounds = [re.fullmatch(r"cosigned (\d+) entries, root 0x[0-9a-f]{64} \((\d+) new entries verified and replayed\)",
                               line) for line in lines[1:]]
        assert all(rounds) and len(rounds) >= 3, text
        sizes = [int(m.group(1)) for m in rounds]
        assert sizes == sorted(set(sizes)) and sizes[-1] == final, text
        assert sum(int(m.group(2)) for m in rounds) == final  # every entry verified and replayed once
        assert (folder / "witness.key").stat().st_mode & 0o777 == 0o600
        # Every co-signature the registry kept is this witness's, over a checkpoint the registry signed.
        kept = stored_cosignatures(server)
        assert {size for size, *_ in kept} >= set(sizes), (kept, sizes)
        for size, who, stamp, signature, note in kept:
            assert who == me.lower() and size_of(note) == size
            assert recover_cosigner(note, stamp, signature) == me
            assert registry_signer(note) == server.init["checkpointAddress"]

        # The load stopped; one more entry, one more round.
        status, _, reply = server.request("POST", "/v1/readings", {"readings": [signed(
            w["eip712"], w["a"].key, {"meter": METER, "periodStart": YESTERDAY + 15 * 3600,
                                      "periodEnd": YESTERDAY + 15 * 3600 + Q, "energyWh": 50})]})
        assert status == 200 and reply["accepted"] == 1, reply
        size = get(server, "/healthz")["entries"]
        note = wait_for_checkpoint(server, size)
        assert size_of(note) == size
        report = witness_json(helio, server, folder)
        checkpoint = get(server, "/v1/log/checkpoint")
        validator("checkpoint.schema.json").validate(checkpoint)
        assert checkpoint["text"] == note
        assert report["witness"] == me and report["registryAddress"] == server.init["checkpointAddress"]
        assert report["treeSize"] == size and report["root"] == checkpoint["signedCheckpoint"]["checkpoint"]["rootHash"]
        assert report["entriesVerified"] == size - final == 1

        # The latest checkpoint carries the co-signature, and it verifies over exactly the documented text.
        [mine] = [c for c in checkpoint["cosignatures"] if c["witness"] == me]
        assert abs(mine["timestamp"] - time.time()) < 120
        assert recover_cosigner(note, mine["timestamp"], mine["signature"]) == me
        assert cosignature_message(note, mine["timestamp"]) == (
            f"helio-cosignature/v1\ntime {mine['timestamp']}\n" + "\n".join(note.split("\n")[:4]) + "\n")
        # …and over nothing else: not the registry's own message, not another time.
        assert Account.recover_message(encode_defunct(text=body_of(note)), signature=mine["signature"]) != me
        assert recover_cosigner(note, mine["timestamp"] + 1, mine["signature"]) != me

        # The replica holds what the registry holds: the same journal, leaf for leaf, and the same state.
        served = all_entries(server)
        assert len(served) == size
        with replica(folder) as db:
            assert db.execute("SELECT count(*) FROM journal").fetchone()[0] == size
            leaves = ["0x" + bytes(h).hex() for (h,) in db.execute("SELECT leaf_hash FROM journal ORDER BY seq")]
            assert leaves == [e["leafHash"] for e in served]
            assert db.execute("SELECT text FROM checkpoints ORDER BY tree_size DESC LIMIT 1").fetchone()[0] == note
            assert db.execute("SELECT count(*) FROM attestations").fetchone()[0] == len(accepted) + 1
            token = bytes.fromhex(server.init["sunTokenAddress"][2:])
            supply = db.execute("SELECT total_supply FROM assets WHERE token_address = ?", (token,)).fetchone()[0]
            owner = db.execute("SELECT b.amount FROM balances b JOIN assets a ON a.id = b.asset "
                               "WHERE a.token_address = ? AND b.account = ?",
                               (token, bytes.fromhex(w["owner"].address[2:]))).fetchone()[0]
        asset = get(server, f"/v1/assets/{w['reward']}")
        assert int.from_bytes(supply, "big") == int(asset["totalSupply"]) > 0
        [balance] = [b for b in get(server, f"/v1/accounts/{w['owner'].address}/balances")["balances"]
                     if b["asset"] == w["reward"]]
        assert int.from_bytes(owner, "big") == int(balance["amount"]) == int(asset["totalSupply"])

        # Nothing new: a round co-signs nothing and says nothing.
        proc = witness(helio, server, folder, "--json")
        assert proc.stdout == "" and proc.stderr == ""
    finally:
        if following and following.poll() is None:
            following.kill()
            following.wait()
        server.stop()


# --- 2. the co-signature endpoint -----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def quiet(tmp_path_factory):
    """A populated registry that signs a checkpoint after every commit, and no witness yet."""
    tmp = tmp_path_factory.mktemp("witness-quiet")
    server = start_server(tmp, issuing_body().address, env=EVERY_ENTRY)
    try:
        w = populate(server)
        wait_for_checkpoint(server, get(server, "/healthz")["entries"])
        yield {"server": server, "tmp": tmp, **w}
    finally:
        server.stop()


def test_cosignatures_that_do_not_verify_or_name_no_checkpoint_are_refused(quiet):
    server = quiet["server"]
    checkpoint = get(server, "/v1/log/checkpoint")
    note, size = checkpoint["text"], checkpoint["signedCheckpoint"]["checkpoint"]["treeSize"]
    assert checkpoint["cosignatures"] == [] and size == 6  # genesis (2) + populate's one commit of 4
    stranger, witness_key = Account.create(), Account.create()
    now = int(time.time())
    good = cosign(witness_key, note, now)
    fabricated = note.replace(f"\n{size}\n", f"\n{size + 1000}\n", 1)
    between = note.replace(f"\n{size}\n", "\n4\n", 1)  # entries 2…5 went in one commit: no checkpoint of size 4
    registry_signature = note.rstrip("\n").split(" ")[-1]
    refused = {
        "signed by someone else": (dict(good, signature=cosign(stranger, note, now)["signature"]),
                                   400, "invalid_cosignature"),
        "another time than signed": (dict(good, timestamp=now + 1), 400, "invalid_cosignature"),
        "the checkpoint body alone": (dict(good, signature="0x" + bytes(Account.sign_message(
            encode_defunct(text=body_of(note)), witness_key.key).signature).hex()), 400, "invalid_cosignature"),
        "the registry's own signature": (dict(good, witness=server.init["checkpointAddress"],
                                              signature=registry_signature), 400, "invalid_cosignature"),
        "a negative time": (cosign(witness_key, note, -1), 400, "invalid_cosignature"),
        "a size never signed": (cosign(witness_key, fabricated, now), 404, "unknown_checkpoint"),
        "a size between checkpoints": (cosign(witness_key, between, now), 404, "unknown_checkpoint"),
        "a witness that is no address": (dict(good, witness="0x1234"), 400, "invalid_cosignature"),
        "a short signature": (dict(good, signature=good["signature"][:-2]), 400, "invalid_cosignature"),
        "a signature that is not hex": (dict(good, signature="0x" + "zz" * 65), 400, "invalid_cosignature"),
        "no tree size": ({k: v for k, v in good.items() if k != "treeSize"}, 400, "malformed_body"),
        "a tree size as a string": (dict(good, treeSize=str(size)), 400, "malformed_body"),
        "a time as a string": (dict(good, timestamp=str(now)), 400, "malformed_body"),
    }
    problem_schema = validator("problem.schema.json")
    request_schema = validator("cosignature-request.schema.json")
    for what, (body, status, code) in refused.items():
        answer = server.request("POST", "/v1/log/cosignatures", body)
        assert (answer[0], answer[1], answer[2]["code"]) == (status, "application/problem+json", code), (what, answer)
        problem_schema.validate(answer[2])
        if code == "malformed_body":
            assert not request_schema.is_valid(body), what
    for raw in (b"{not json", b"", b"[]", b"null", json.dumps([good]).encode()):
        status, content_type, problem = server.request("POST", "/v1/log/cosignatures", raw=raw)
        assert (status, content_type, problem["code"]) == (400, "application/problem+json", "malformed_body"), raw
    # Nothing of it was kept.
    assert get(server, "/v1/log/checkpoint")["cosignatures"] == []
    assert stored_cosignatures(server) == []

    # A co-signature made with eth-account alone is taken, served with the checkpoint, and kept once.
    request_schema.validate(good)
    status, _, receipt = server.request("POST", "/v1/log/cosignatures", good)
    assert status == 201, receipt
    validator("cosignature-receipt.schema.json").validate(receipt)
    assert receipt == {"treeSize": size, "witness": witness_key.address, "accepted": True}
    assert server.request("POST", "/v1/log/cosignatures", dict(good, witness=witness_key.address.lower()))[0] == 201
    served = get(server, "/v1/log/checkpoint")
    assert served["text"] == note
    assert served["cosignatures"] == [{k: good[k] for k in ("witness", "timestamp", "signature")}]
    assert [(size, witness_key.address.lower(), now, good["signature"], note)] == stored_cosignatures(server)


def test_the_entries_a_witness_reads(quiet):
    server = quiet["server"]
    size = get(server, "/healthz")["entries"]
    page = get(server, "/v1/log/entries?from=0")
    validator("log-entries.schema.json").validate(page)
    assert page["treeSize"] == size and [e["index"] for e in page["entries"]] == list(range(size))
    # Each leaf hash is the one the registry's inclusion proofs start from.
    for entry in page["entries"]:
        assert get(server, f"/v1/log/proof?index={entry['index']}")["leafHash"] == entry["leafHash"]
    assert get(server, "/v1/log/entries?from=2&limit=2")["entries"] == page["entries"][2:4]
    assert get(server, f"/v1/log/entries?from={size}")["entries"] == []
    assert get(server, "/v1/log/entries?from=18446744073709551615&limit=1000")["entries"] == []
    for query in ("", "from=-1", "from=x", "from=18446744073709551616", "from=0&limit=0", "from=0&limit=1001",
                  "from=0&limit=1.5", "from=0&limit=many"):
        status, content_type, problem = server.request("GET", "/v1/log/entries?" + query)
        assert (status, content_type, problem["code"]) == (400, "application/problem+json", "invalid_query"), query


def test_a_witness_stays_with_the_registry_it_first_followed(quiet, tmp_path):
    server, helio = quiet["server"], Helio(tmp_path)
    registry = server.init["checkpointAddress"]
    other = Account.create().address
    # Told to trust another key, it refuses the registry's checkpoint and co-signs nothing.
    message = helio.fail("witness", "--registry", server.base, "--data-dir", tmp_path / "doubtful", "--once",
                         "--registry-address", other)
    assert message == f"the registry's checkpoint is signed by {registry}, not the trusted {other}", message
    before = stored_cosignatures(server)
    # The first contact pins the registry's address and URL.
    folder = tmp_path / "pinned"
    proc = witness(helio, server, folder)
    me = witness_address(folder)
    assert proc.stdout.startswith(f"witness {me} follows {server.base}\ncosigned "), proc.stdout
    assert len(stored_cosignatures(server, me)) == 1 and len(stored_cosignatures(server)) == len(before) + 1
    message = helio.fail("witness", "--registry", server.base, "--data-dir", folder, "--once",
                         "--registry-address", other)
    assert message == f"this witness already trusts registry {registry}, not {other}", message
    elsewhere = server.base.replace("127.0.0.1", "localhost")
    message = helio.fail("witness", "--registry", elsewhere, "--data-dir", folder, "--once")
    assert message == f"this witness folder follows {server.base}, not {elsewhere}", message
    assert witness(helio, server, folder, "--registry-address", registry).stdout == f"witness {me} follows {server.base}\n"
    for bad, why in ((["--interval", "0"], "--interval must be 1…3600 seconds"),
                     (["--registry-address", "0x12"], "--registry-address 0x12 is not an address")):
        proc = helio.run("witness", "--registry", server.base, "--data-dir", folder, *bad, check=False)
        assert proc.returncode == 64 and why in proc.stderr, proc.stderr


# --- 3. a registry that rewrites its history ------------------------------------------------------------------

def rewrite_history(server, keep: int):
    """Behind the stopped registry's back: its journal cut to the first `keep` entries, with everything derived
    from the entries cut (frozen Merkle nodes, blocks, transactions, events, larger checkpoints and their
    co-signatures). The projections keep whatever they hold. `keep` must end a block."""
    cut = [
        "DELETE FROM cosignatures WHERE tree_size > {keep}",
        "DELETE FROM checkpoints WHERE tree_size > {keep}",
        "DELETE FROM events WHERE seq >= {keep}",
        "DELETE FROM transactions WHERE seq >= {keep}",
        "DELETE FROM blocks WHERE first_seq >= {keep}",
        # A frozen node (level, idx) covers leaves [idx·2^level, (idx+1)·2^level).
        "DELETE FROM merkle_nodes WHERE (idx + 1) * {power} > {keep}",
        "DELETE FROM journal WHERE seq >= {keep}",
    ]
    if server.database_url:
        statements = [s.format(keep=keep, power="(1::bigint << level)") for s in cut]
        # Superuser: `replica` turns off every user trigger (the append-only guards) and every foreign key.
        pgtest.sql(server.database_url, "BEGIN; SET LOCAL session_replication_role = replica; "
                   + "; ".join(statements)
                   + f"; UPDATE journal_head SET size = {keep}, leaf_hash = (SELECT leaf_hash FROM journal "
                     f"WHERE seq = {keep - 1}) WHERE id = 1; COMMIT")
        assert pgtest.scalar(server.database_url, "SELECT size FROM journal_head") == str(keep)
        return
    db = sqlite3.connect(server.data_dir / "helio.sqlite", isolation_level=None)
    try:
        db.execute("BEGIN IMMEDIATE")
        guards = db.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name IN "
                            "('journal', 'merkle_nodes', 'blocks', 'transactions', 'events', 'checkpoints')").fetchall()
        assert {name for name, _ in guards} >= {"journal_no_delete", "merkle_nodes_no_delete", "blocks_no_delete"}
        for name, _ in guards:
            db.execute(f"DROP TRIGGER {name}")
        for statement in cut:
            db.execute(statement.format(keep=keep, power="(1 << level)"))
        for _, sql in guards:  # the guards are back: the registry cannot tell
            db.execute(sql)
        db.execute("COMMIT")
    finally:
        db.close()


def test_a_registry_that_rewrites_its_history_is_caught(tmp_path):
    server = start_server(tmp_path, issuing_body().address, env=EVERY_ENTRY)
    helio, folder = Helio(tmp_path), tmp_path / "witness"
    try:
        w = populate(server)
        eip712 = w["eip712"]
        indices = [register_oracle(server, eip712, f"oracle {i}") for i in range(3)]
        size = get(server, "/healthz")["entries"]
        assert indices == [size - 3, size - 2, size - 1]
        verified = wait_for_checkpoint(server, size)
        report = witness_json(helio, server, folder)
        assert report["treeSize"] == size_of(verified) == size
        me = report["witness"]
        assert [c["witness"] for c in get(server, "/v1/log/checkpoint")["cosignatures"]] == [me]
        server.stop()

        # The last two entries (each its own commit, so its own block) vanish; the registry comes back.
        keep = size - 2
        assert registry_rows(server, f"SELECT count(*) FROM blocks WHERE first_seq < {keep} "
                                     f"AND first_seq + entry_count > {keep}")[0][0] in (0, "0")
        rewrite_history(server, keep)
        server = serve_again(server, tmp_path)
        assert get(server, "/healthz")["entries"] == keep
        assert size_of(get(server, "/v1/log/checkpoint")["text"]) == keep
        assert stored_cosignatures(server, me) == []

        # Two other entries: a checkpoint of the size the witness verified, with another root.
        for i in range(2):
            register_oracle(server, eip712, f"rewritten {i}")
        same_size = wait_for_checkpoint(server, size)
        assert size_of(same_size) == size and body_of(same_size) != body_of(verified)
        evidence = caught(helio, server, folder, same_size, verified, "differs from the one this witness verified")
        assert "consistencyProof" not in evidence
        assert evidence["witnessRoot"] == "0x" + base64.b64decode(verified.split("\n")[2]).hex()

        # Two more: a larger checkpoint, which no consistency proof can join to the verified one.
        for i in range(2):
            register_oracle(server, eip712, f"rewritten {i + 2}")
        larger = wait_for_checkpoint(server, size + 2)
        evidence = caught(helio, server, folder, larger, verified, "history was rewritten")
        assert isinstance(evidence["consistencyProof"], list)
        assert evidence["consistencyProof"] == get(server, f"/v1/log/consistency?from={size}&to={size + 2}")["proof"]

        # The witness co-signed none of it, and its replica still holds the history it verified.
        assert stored_cosignatures(server, me) == []
        assert all(c["witness"] != me for c in get(server, "/v1/log/checkpoint")["cosignatures"])
        with replica(folder) as db:
            assert db.execute("SELECT count(*) FROM journal").fetchone()[0] == size
            assert db.execute("SELECT text FROM checkpoints ORDER BY tree_size DESC LIMIT 1").fetchone()[0] == verified
        # What the witness kept is enough for anyone to convict the registry with its own tools.
        saved = tmp_path / "verified.txt"
        saved.write_text(evidence["verifiedCheckpoint"])
        message = helio.fail("log", "verify", "--server", server.base, "--against", saved)
        assert message.startswith("INCONSISTENT:"), message
    finally:
        server.stop()


def caught(helio: Helio, server, folder: pathlib.Path, conflicting: str, verified: str, why: str) -> dict:
    """Runs a witness round that must find a fork: exit 1, one line, the evidence file with both checkpoints."""
    proc = witness(helio, server, folder, check=False)
    assert proc.returncode == 1, (proc.stdout, proc.stderr)
    assert proc.stdout == f"witness {witness_address(folder)} follows {server.base}\n", proc.stdout
    [line] = [l for l in proc.stderr.splitlines() if l.strip()]
    path = folder / "evidence" / f"fork-{size_of(conflicting)}.json"
    assert line.startswith("helio: error: FORK: ") and why in line, line
    assert line.endswith(f"; not co-signed; evidence in {path}"), line
    evidence = json.loads(path.read_text())
    assert evidence["kind"] == "fork" and why in evidence["detail"]
    assert evidence["registry"] == server.base and evidence["witness"] == witness_address(folder)
    assert evidence["registryAddress"] == server.init["checkpointAddress"]
    assert (evidence["verifiedCheckpoint"], evidence["conflictingCheckpoint"]) == (verified, conflicting)
    # Both are signed by the registry's key: recovered here, not taken from the notes.
    assert registry_signer(verified) == registry_signer(conflicting) == server.init["checkpointAddress"]
    assert verified.split("\n")[0] == conflicting.split("\n")[0]  # one origin, two histories
    return evidence


def forge_entry(server, kind: str, author: str, payload: bytes) -> tuple:
    """Behind the stopped registry's back: one more journal entry, in a block of its own, with its leaf hash
    computed as the registry computes it (docs/journal-format.md) — only its signature is not the author's.
    Returns (index, leaf hash)."""
    [(size,)] = registry_rows(server, "SELECT count(*) FROM journal")
    index, now = int(size), int(time.time())
    leaf = hashlib.sha256(b"\x00" + entry_bytes(index, now, kind, author, payload)).digest()
    [(number, parent)] = registry_rows(server, "SELECT number, hash FROM blocks ORDER BY number DESC LIMIT 1")
    statements = [
        "INSERT INTO journal (seq, prev_seq, kind, payload, author, leaf_hash, time) VALUES "
        f"({index}, {index - 1}, '{kind}', {blob(server, payload)}, {blob(server, bytes.fromhex(author[2:]))}, "
        f"{blob(server, leaf)}, {now})",
        "INSERT INTO blocks (number, hash, parent_hash, first_seq, entry_count, time, logs_bloom) VALUES "
        f"({int(number) + 1}, {blob(server, os.urandom(32))}, {blob(server, bytes(parent))}, {index}, 1, {now}, "
        f"{blob(server, bytes(256))})",
    ]
    if server.database_url:
        statements.append(f"UPDATE journal_head SET size = {index + 1}, leaf_hash = {blob(server, leaf)} WHERE id = 1")
        pgtest.sql(server.database_url, "BEGIN; " + "; ".join(statements) + "; COMMIT")
    else:
        with sqlite3.connect(server.data_dir / "helio.sqlite", isolation_level=None) as db:
            db.execute("BEGIN IMMEDIATE")
            for statement in statements:
                db.execute(statement)
            db.execute("COMMIT")
    return index, "0x" + leaf.hex()


def test_an_entry_that_does_not_verify_is_refused(tmp_path):
    """The registry signs whatever its journal holds: a command slipped into it whose signature is not its
    author's gets a valid leaf hash, a consistent tree and a signed checkpoint. Only replaying it shows it."""
    server = start_server(tmp_path, issuing_body().address, env=EVERY_ENTRY)
    helio, folder = Helio(tmp_path), tmp_path / "witness"
    try:
        w = populate(server)
        issuer = issuing_body()
        size = get(server, "/healthz")["entries"]
        verified = wait_for_checkpoint(server, size)
        assert witness_json(helio, server, folder)["treeSize"] == size
        nonce = get(server, f"/v1/accounts/{issuer.address}/balances")["nonce"]
        server.stop()

        # A RegisterOracle in the issuing body's name, signed by someone else.
        body = {"oracle": Account.create().address, "name": "slipped in"}
        forged = command(w["eip712"], Account.create().key, "RegisterOracle", body, body, nonce)
        payload = json.dumps(forged, sort_keys=True, separators=(",", ":")).encode()
        index, leaf = forge_entry(server, "RegisterOracle", issuer.address, payload)
        assert index == size
        server = serve_again(server, tmp_path)
        register_oracle(server, w["eip712"], "genuine")  # the next commit: a checkpoint that covers the entry
        note = wait_for_checkpoint(server, size + 2)
        assert get(server, f"/v1/log/entries?from={index}&limit=1")["entries"][0]["leafHash"] == leaf
        assert registry_signer(note) == server.init["checkpointAddress"]

        proc = witness(helio, server, folder, check=False)
        assert proc.returncode == 1, (proc.stdout, proc.stderr)
        [line] = [l for l in proc.stderr.splitlines() if l.strip()]
        path = folder / "evidence" / f"invalid-{size + 2}.json"
        assert line.startswith(f"helio: error: REFUSED: entry {index} does not verify or replay: ") and \
            line.endswith(f"; not co-signed; evidence in {path}"), line
        assert f"journal says {issuer.address}" in line, line
        evidence = json.loads(path.read_text())
        assert evidence["kind"] == "invalid-entry" and f"entry {index}" in evidence["detail"]
        assert evidence["conflictingCheckpoint"] == note and evidence["witness"] == witness_address(folder)
        assert evidence["registryAddress"] == server.init["checkpointAddress"]
        # Nothing co-signed, nothing of the page replayed: the replica still ends at the checkpoint it verified.
        assert all(c["witness"] != witness_address(folder) for c in get(server, "/v1/log/checkpoint")["cosignatures"])
        with replica(folder) as db:
            assert db.execute("SELECT count(*) FROM journal").fetchone()[0] == size
            assert db.execute("SELECT text FROM checkpoints ORDER BY tree_size DESC LIMIT 1").fetchone()[0] == verified
        # It stays refused: a later round finds the same entry.
        proc = witness(helio, server, folder, check=False)
        assert proc.returncode == 1 and "REFUSED: " in proc.stderr
    finally:
        server.stop()


# --- 4. statements carry the co-signatures of their checkpoint ------------------------------------------------

def test_a_statement_carries_the_cosignatures_of_its_checkpoint(world, cancelled, tmp_path):  # noqa: F811
    server, registry = world["server"], world["registry_address"]
    helio, folder = Helio(tmp_path), tmp_path / "witness"
    path = f"/v1/cancellations/{cancelled['first']}/statement"
    for _ in range(3):  # a checkpoint signed between the round and the statement (timer) needs another round
        witness(helio, server, folder)
        statement = get(server, path)
        if statement["cosignatures"]:
            break
    me = witness_address(folder)
    [mine] = statement["cosignatures"]
    assert mine["witness"] == me
    assert recover_cosigner(statement["checkpoint"], mine["timestamp"], mine["signature"]) == me
    validator("cancellation-statement.schema.json").validate(statement)
    verify_statement(statement, registry)  # the independent verifier ignores co-signatures
    saved = tmp_path / "statement.json"
    saved.write_text(json.dumps(statement))
    size = size_of(statement["checkpoint"])
    out = helio.run("verify", saved, "--registry-address", registry, "--witness", me, "--require-witnesses", 1).stdout
    assert out.startswith(f"statement holds: cancellation {cancelled['first']}, ") and out.endswith(
        f"checkpoint of {size} entries\n"), out
    stranger = Account.create().address
    message = helio.fail("verify", saved, "--registry-address", registry, "--witness", stranger,
                         "--require-witnesses", 1)
    assert message == f"cosignatures: 0 of the trusted witnesses co-signed the checkpoint of {size} entries, 1 required"
    # A co-signature moved to another time no longer counts; the registry's own proofs still hold.
    saved.write_text(json.dumps(dict(statement, cosignatures=[dict(mine, timestamp=mine["timestamp"] + 1)])))
    assert helio.fail("verify", saved, "--registry-address", registry, "--witness", me, "--require-witnesses", 1) \
        == message
    assert helio.run("verify", saved, "--registry-address", registry).stdout == out
