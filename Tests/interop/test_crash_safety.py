"""Crash safety: a process appends signed commands in a loop and is killed with SIGKILL at random
moments; after every restart each acknowledged entry is present, the journal verifies, and replay
equals the stored state. Then a tampered database is caught by `helio log verify` / `helio replay`.

On either backend (HELIO_TEST_BACKEND): the registry is `<data-dir>/helio.sqlite`, or a fresh PostgreSQL
database named by `<data-dir>/database.url` — there the attacker edits it through psql."""
import json
import os
import random
import signal
import sqlite3
import subprocess
import threading
import time

import pgtest
from conftest import helio_bin, prepare_data_dir

KILLS = 20


def run_json(*args):
    proc = subprocess.run([helio_bin(), *args, "--json"], capture_output=True, text=True, timeout=300)
    return proc.returncode, (json.loads(proc.stdout) if proc.stdout.strip() else None), proc.stderr


def append_then_kill(data_dir, rng):
    """Starts the append loop, lets it run a random time, SIGKILLs it; returns the acknowledged indices
    (those it printed before dying: each printed only after its commit was durable)."""
    proc = subprocess.Popen([helio_bin(), "dev", "append-loop", "--data-dir", data_dir],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    lines = []
    reader = threading.Thread(target=lambda: lines.extend(proc.stdout), daemon=True)
    reader.start()
    time.sleep(rng.uniform(0.3, 2.0))
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    reader.join(timeout=10)
    assert proc.returncode == -signal.SIGKILL, proc.stderr.read()
    return [int(line.split()[1]) for line in lines if line.startswith("ack ")]


def test_sigkill_loses_no_acknowledged_entry(tmp_path):
    rng = random.Random(int(os.environ.get("HELIO_CRASH_SEED", "0")) or None)
    data_dir = str(tmp_path / "registry")
    database_url = prepare_data_dir(data_dir)
    all_acked = 0
    for round_ in range(KILLS):
        acked = append_then_kill(data_dir, rng)
        all_acked += len(acked)
        code, replay, err = run_json("replay", "--data-dir", data_dir)
        assert code == 0 and replay["matches"], f"round {round_}: replay failed: {err}"
        code, log, err = run_json("log", "verify", "--data-dir", data_dir)
        assert code == 0 and log["ok"], f"round {round_}: log verify failed: {err} {log}"
        assert log["entries"] == replay["entries"]
        if acked:
            assert max(acked) < replay["entries"], f"round {round_}: acknowledged {max(acked)} but journal has {replay['entries']}"
        if database_url:
            # The rows themselves, straight from the server: the journal is gap-free and as long as reported.
            count, top = pgtest.sql(database_url, "SELECT count(*), coalesce(max(seq) + 1, 0) FROM journal")[0]
            assert int(count) == int(top) == replay["entries"], f"round {round_}: {count} rows, top {top}"
    assert all_acked > 0, "the loop never acknowledged anything"


def test_tampering_is_detected(tmp_path):
    data_dir = str(tmp_path / "registry")
    database_url = prepare_data_dir(data_dir)
    proc = subprocess.run([helio_bin(), "dev", "append-loop", "--data-dir", data_dir, "--max", "120"],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert run_json("log", "verify", "--data-dir", data_dir)[0] == 0

    if database_url:
        rewrite_history_in_postgres(database_url)
    else:
        rewrite_history_in_sqlite(os.path.join(data_dir, "helio.sqlite"))
    code, log, _ = run_json("log", "verify", "--data-dir", data_dir)
    assert code != 0 and not log["ok"]
    assert any("entry 5" in p for p in log["problems"]), log["problems"]


def rewrite_history_in_sqlite(path):
    db = sqlite3.connect(path)
    # The journal is append-only: the database itself refuses edits...
    try:
        db.execute("UPDATE journal SET time = time + 1 WHERE seq = 5")
        db.commit()
        raise AssertionError("UPDATE on the journal was allowed")
    except sqlite3.DatabaseError:
        db.rollback()
    # ...so an attacker drops the guard first and rewrites history.
    triggers = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'journal'")]
    for name in triggers:
        db.execute(f"DROP TRIGGER {name}")
    db.execute("UPDATE journal SET time = time + 1 WHERE seq = 5")
    db.commit()
    db.close()


def rewrite_history_in_postgres(url):
    edit = 'UPDATE journal SET "time" = "time" + 1 WHERE seq = 5'
    stamp = int(pgtest.scalar(url, 'SELECT "time" FROM journal WHERE seq = 5'))
    # The journal is append-only: the database itself refuses edits...
    try:
        pgtest.sql(url, edit)
        raise AssertionError("UPDATE on the journal was allowed")
    except pgtest.PostgresError:
        pass
    # ...so an attacker (here the superuser) drops the guards first — triggers and rules — and rewrites history.
    triggers = pgtest.sql(url, "SELECT tgname FROM pg_trigger WHERE tgrelid = 'journal'::regclass AND NOT tgisinternal")
    rules = pgtest.sql(url, "SELECT rulename FROM pg_rules WHERE tablename = 'journal'")
    drops = [f'DROP TRIGGER "{name}" ON journal' for (name,) in triggers] + \
        [f'DROP RULE "{name}" ON journal' for (name,) in rules]
    pgtest.sql(url, "; ".join(drops + [edit]))
    assert int(pgtest.scalar(url, 'SELECT "time" FROM journal WHERE seq = 5')) == stamp + 1


def test_replay_detects_a_forged_projection(tmp_path):
    data_dir = str(tmp_path / "registry")
    database_url = prepare_data_dir(data_dir)
    proc = subprocess.run([helio_bin(), "dev", "append-loop", "--data-dir", data_dir, "--max", "60"],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    # One account's nonce, raised behind the journal's back. PostgreSQL keeps the projections as records in one
    # table: a nonce is kind 'nonce', keyed by the account, its record the next nonce as 8 big-endian bytes.
    if database_url:
        pgtest.sql(database_url,
                   "UPDATE projections SET record = int8send(('x' || encode(record, 'hex'))::bit(64)::bigint + 1) "
                   "WHERE kind = 'nonce' AND key = (SELECT key FROM projections WHERE kind = 'nonce' ORDER BY key LIMIT 1)")
    else:
        db = sqlite3.connect(os.path.join(data_dir, "helio.sqlite"))
        db.execute("UPDATE nonces SET next_nonce = next_nonce + 1 WHERE account = (SELECT min(account) FROM nonces)")
        db.commit()
        db.close()
    code, replay, err = run_json("replay", "--data-dir", data_dir)
    assert code != 0 and replay is not None and not replay["matches"], err
