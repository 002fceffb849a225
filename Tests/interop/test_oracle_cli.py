"""The issuing body's and the oracle's command lines against a real `helio serve`: `helio admin` registers
an oracle and a solar device and assigns the oracle to the meter; `helio oracle sign` / `submit` turn a CSV
into SUN for the device owner; `helio oracle simulate` posts a whole simulated day. Keys are the TEST-ONLY
keystores of Keys/test (public test mnemonic, password helio-test-only)."""
import datetime
import json
import re
import socket

import pytest

from conftest import ROOT, start_server

PASSWORD = "helio-test-only"
KEYS = ROOT / "Keys" / "test"
ISSUER = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266"
ORACLE = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC"
OWNER = "0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65"
OUTSIDER = "0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc"
CHAIN_ID = 7317
METER = "571313104402023456"
CAPACITY_W = 10_000
SUN_PER_WH = 10**12


def keystore(address: str) -> str:
    return str(next(KEYS.glob("UTC--*--" + address[2:].lower())))


def yesterday() -> datetime.date:
    return datetime.datetime.now(datetime.timezone.utc).date() - datetime.timedelta(days=1)


def at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, minute, tzinfo=datetime.timezone.utc)


@pytest.fixture
def registry(helio, tmp_path):
    """A fresh registry whose issuing body is ISSUER, served on loopback; `helio` talks to it."""
    server = start_server(tmp_path, ISSUER, chain_id=CHAIN_ID, name="oracle-cli")
    helio.env["HELIO_SERVER"] = server.base
    yield server
    server.stop()


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def admin(helio, *args, key=ISSUER):
    return helio.run("admin", *args, "--keystore", keystore(key), password=PASSWORD)


def set_up_meter(helio):
    """The oracle, a 10 kW solar device on the equator at 0° E (its meter 15-minute), and the assignment."""
    out = admin(helio, "register-oracle", "--address", ORACLE, "--name", "meter module").stdout
    assert re.fullmatch(r"RegisterOracle accepted: entry 2, leaf hash 0x[0-9a-f]{64}, nonce 0\n", out), out
    admin(helio, "register-device", "--id", "equator-pv", "--name", "Equator PV", "--owner", OWNER,
          "--capacity-w", CAPACITY_W, "--commissioning-date", "2020-01-01", "--country", "GH", "--lat", "0",
          "--lon", "0", "--grid-area", "GH", "--meter", f"{METER}:900")
    receipt = json.loads(helio.run("admin", "assign", "--json", "--meter", METER, "--oracle", ORACLE,
                                   "--valid-from", "2020-01-01T00:00:00Z", "--keystore", keystore(ISSUER),
                                   password=PASSWORD).stdout)
    assert receipt["index"] == 4 and receipt["author"] == ISSUER


def sun_balance(server, owner=OWNER) -> int:
    status, _, account = server.request("GET", f"/v1/accounts/{owner}/balances")
    assert status == 200
    return sum(int(h["amount"]) for h in account["balances"] if h["symbol"] == "SUN")


def write_csv(path, day, hours, energies, register=1_000):
    """Readings of consecutive 15-minute periods from `hours` (start hour) with the given energies; the
    first period's times are ISO 8601, the others unix seconds, and the register runs along."""
    lines = ["meter,period_start,period_end,energy_wh,cumulative_wh"]
    start = at(day, hours)
    for i, energy in enumerate(energies):
        s, e = start + datetime.timedelta(minutes=15 * i), start + datetime.timedelta(minutes=15 * (i + 1))
        register += energy
        if i == 0:
            times = (s.strftime("%Y-%m-%dT%H:%M:%SZ"), e.strftime("%Y-%m-%dT%H:%M:%SZ"))
        else:
            times = (int(s.timestamp()), int(e.timestamp()))
        lines.append(f"{METER},{times[0]},{times[1]},{energy},{register}")
    path.write_text("\n".join(lines) + "\n")


def test_signed_csv_is_accepted_once_and_mints_sun_to_the_owner(helio, registry, tmp_path):
    set_up_meter(helio)
    energies = [1500 + 10 * i for i in range(8)]  # 10:00–12:00 UTC, ≤ 2750 Wh (10 kW × 15 min × 110 %)
    write_csv(tmp_path / "readings.csv", yesterday(), 10, energies)
    out = helio.run("oracle", "sign", "--keystore", keystore(ORACLE), "--chain-id", CHAIN_ID,
                    "--input", tmp_path / "readings.csv", "--output", tmp_path / "signed.json",
                    password=PASSWORD).stdout
    assert out.startswith(f"signed 8 readings as {ORACLE} (chain id {CHAIN_ID})")
    body = json.loads((tmp_path / "signed.json").read_text())
    assert list(body) == ["readings"] and len(body["readings"]) == 8
    assert body["readings"][0]["periodStart"] == int(at(yesterday(), 10).timestamp())
    assert all(len(r["signature"]) == 2 + 130 for r in body["readings"])

    submit = ("oracle", "submit", "--input", tmp_path / "signed.json")
    assert helio.run(*submit).stdout == "accepted 8, already recorded 0, rejected 0\n"
    assert sun_balance(registry) == sum(energies) * SUN_PER_WH

    again = helio.json(*submit)
    assert (again["accepted"], again["alreadyRecorded"], again["rejected"]) == (0, 8, 0)
    assert sun_balance(registry) == sum(energies) * SUN_PER_WH


def test_batch_signed_with_the_domain_from_the_server(helio, registry, tmp_path):
    set_up_meter(helio)
    energies = [2000, 2100, 2200, 2300]
    write_csv(tmp_path / "readings.csv", yesterday(), 13, energies)
    helio.run("oracle", "sign", "--batch", "--keystore", keystore(ORACLE), "--server", registry.base,
              "--input", tmp_path / "readings.csv", "--output", tmp_path / "batch.json", password=PASSWORD)
    body = json.loads((tmp_path / "batch.json").read_text())
    assert sorted(body) == ["readings", "root", "signature"]
    assert all("signature" not in r for r in body["readings"])

    reply = helio.json("oracle", "submit", "--input", tmp_path / "batch.json")
    assert reply["accepted"] == 4 and reply["oracle"] == ORACLE and reply["root"] == body["root"]
    assert sun_balance(registry) == sum(energies) * SUN_PER_WH

    # An altered energy no longer matches the root: the server refuses the request, submit exits non-zero.
    body["readings"][0]["energyWh"] += 1
    (tmp_path / "altered.json").write_text(json.dumps(body))
    assert helio.fail("oracle", "submit", "--input", tmp_path / "altered.json").startswith("batch_root_mismatch: ")


def test_rejections_are_listed_one_per_line(helio, registry, tmp_path):
    set_up_meter(helio)
    # 00:00–00:30 UTC at 0° E: night. Energy is refused (sun_down); 0 Wh is a valid night reading.
    (tmp_path / "night.csv").write_text(
        "meter,period_start,period_end,energy_wh\n"
        f"{METER},{int(at(yesterday(), 0).timestamp())},{int(at(yesterday(), 0, 15).timestamp())},0\n"
        f"{METER},{int(at(yesterday(), 0, 15).timestamp())},{int(at(yesterday(), 0, 30).timestamp())},500\n")
    helio.run("oracle", "sign", "--keystore", keystore(ORACLE), "--chain-id", CHAIN_ID,
              "--input", tmp_path / "night.csv", "--output", tmp_path / "night.json", password=PASSWORD)
    lines = helio.run("oracle", "submit", "--input", tmp_path / "night.json").stdout.splitlines()
    assert lines[0] == "accepted 1, already recorded 0, rejected 1"
    assert lines[1].startswith("1 sun_down solar device equator-pv reports 500 Wh")
    assert len(lines) == 2


def test_bad_csv_line_is_named_and_nothing_is_written(helio, tmp_path):
    csv = tmp_path / "bad.csv"
    csv.write_text("meter,period_start,period_end,energy_wh\n"
                   f"{METER},1750500000,1750500900,10\n"
                   f"{METER},1750500900,1750501800,ten\n")
    out = tmp_path / "signed.json"
    message = helio.fail("oracle", "sign", "--keystore", keystore(ORACLE), "--chain-id", CHAIN_ID,
                         "--input", csv, "--output", out, password=PASSWORD)
    assert message.startswith(f"{csv} line 3: energy_wh \"ten\"")
    assert not out.exists()

    csv.write_text("meter,start,end,energy\n")
    assert "line 1: the header must be" in helio.fail(
        "oracle", "sign", "--keystore", keystore(ORACLE), "--chain-id", CHAIN_ID, "--input", csv, "--output", out,
        password=PASSWORD)
    assert not out.exists()


def test_submit_without_a_server_fails_on_one_line(helio, tmp_path):
    (tmp_path / "signed.json").write_text('{"readings": []}')
    message = helio.fail("oracle", "submit", "--server", f"http://127.0.0.1:{closed_port()}",
                         "--input", tmp_path / "signed.json")
    assert message.startswith("cannot reach http://127.0.0.1:")


def test_simulated_day_is_accepted_and_rewarded(helio, registry):
    set_up_meter(helio)
    args = ("oracle", "simulate", "--keystore", keystore(ORACLE), "--meter", METER, "--capacity-w", CAPACITY_W,
            "--lat", "0", "--lon", "0", "--date", yesterday().isoformat(), "--clouds", "0.3", "--seed", 7)
    lines = helio.run(*args, password=PASSWORD).stdout.splitlines()
    assert lines[0].startswith("posted 96 readings ") and lines[0].endswith(
        ": accepted 96, already recorded 0, rejected 0"), lines
    total = re.fullmatch(r"energy (\d+) Wh, accepted (\d+), rejected (\d+) \(already recorded (\d+)\)", lines[-1])
    assert total, lines[-1]
    energy, accepted, rejected, again = map(int, total.groups())
    assert energy > 0 and accepted == 96 and rejected == 0 and again == 0
    assert energy < CAPACITY_W * 24
    assert sun_balance(registry) == energy * SUN_PER_WH

    # Same seed, same readings: a re-run is recognised, nothing new is minted.
    lines = helio.run(*args, password=PASSWORD).stdout.splitlines()
    assert lines[-1] == "energy 0 Wh, accepted 0, rejected 0 (already recorded 96)"
    assert sun_balance(registry) == energy * SUN_PER_WH


def test_admin_with_a_key_that_is_no_issuing_body_is_refused(helio, registry):
    message = helio.fail("admin", "register-oracle", "--address", ORACLE, "--name", "rogue",
                         "--keystore", keystore(OUTSIDER), password=PASSWORD)
    assert message.startswith("not_issuing_body: ")
    status, _, oracles = registry.request("GET", "/v1/oracles")
    assert status == 200 and ORACLE not in json.dumps(oracles)
