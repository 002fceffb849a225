"""`helio demo`: the registry's main job in one command, checked against the registry's own API.

The session's `running_demo` (conftest: `helio demo --serve`, 1 day, 3 PV roofs and the wind turbine, seed 7,
ending yesterday) is read back through the HTTP API: every SUN base unit is backed by solar Wh issued from
readings (10^12 per Wh) and named by an issuance trail, certified Wh per scheme never exceed the attested Wh
and match the summary, the planted faults are refused with the registry's reason codes, the statement verifies
offline (`helio verify` and the independent Python verifier), and the HTML report is one self-contained file.
Two more runs (`--json`, no server) check that the same seed gives the same summary, that a run replaces the
folder of an earlier run but refuses a folder it did not make, and that `helio replay`, `helio log verify`
and `helio serve` work on the data folder it leaves.
"""
import json
import re
import socket
import subprocess
import time
import urllib.request

import pytest

from conftest import DEMO_DAYS, DEMO_PRODUCERS, Helio, demo_args, helio_bin
from statement_verifier import StatementError, verify_aggregate, verify_statement

BASE_UNITS_PER_WH = 10**12
INTERVALS = DEMO_DAYS * 96
DEVICES = DEMO_PRODUCERS + 1  # the PV roofs and the wind turbine


def volatile_free(summary: dict) -> dict:
    """The summary without what differs between runs by nature: timing and the output paths."""
    return {k: v for k, v in summary.items() if k not in ("timing", "files")}


def trails(demo) -> dict:
    return {d["id"]: demo.get(f"/v1/devices/{d['id']}/issuance") for d in demo.summary["devices"]}


def test_sun_supply_is_backed_by_accepted_readings(running_demo):
    s = running_demo.summary
    registry = running_demo.get("/v1/registry")
    assert registry["checkpointAddress"] == s["registry"]["checkpointAddress"]
    supply = int(running_demo.get(f"/v1/assets/{registry['rewardAsset']['id']}")["totalSupply"])
    assert supply == s["sun"]["mintedBaseUnits"] > 0
    by_device = trails(running_demo)
    assert sum(int(t["totalReward"]) for t in by_device.values()) == supply
    solar = [d["id"] for d in s["devices"] if d["kind"] == "pv"]
    solar_wh = sum(by_device[d]["totalEnergyWh"] for d in solar)
    assert solar_wh * BASE_UNITS_PER_WH == supply
    assert s["energy"]["solarWh"] == solar_wh
    assert s["energy"]["attestedWh"] == sum(t["totalEnergyWh"] for t in by_device.values())
    wind = next(d["id"] for d in s["devices"] if d["kind"] == "wind")
    assert by_device[wind]["totalReward"] == "0" and by_device[wind]["totalEnergyWh"] > 0  # no SUN for wind
    oracles = {o["address"] for o in running_demo.get("/v1/oracles")["oracles"]}
    for device, trail in by_device.items():
        for issuance in trail["issuances"]:
            assert int(issuance["reward"]) == (issuance["energyWh"] * BASE_UNITS_PER_WH if device in solar else 0)
            # quorum 2: the meter's signer and the data hub, two distinct registered oracles
            backers = {r["oracle"] for r in issuance["readings"]}
            assert len(backers) == 2 and backers <= oracles, issuance


def test_certified_energy_never_exceeds_attested(running_demo):
    s = running_demo.summary
    attested = s["energy"]["attestedWh"]
    issued = {"GO": 0, "GC": 0}
    lots = {"GO": set(), "GC": set()}
    pending = []
    for d in s["devices"]:
        parts = running_demo.get(f"/v1/certificates?device={d['id']}&limit=1000")["certificates"]
        for p in parts:  # every part but the emptied ones; a cancelled part keeps its units as createdWh
            issued[p["scheme"]] += p["createdWh"] if p["status"] == "cancelled" else p["volumeWh"]
            lots[p["scheme"]].add(p["lot"])
        certs = running_demo.get(f"/v1/devices/{d['id']}/certificates")
        assert sorted(certs["policy"]["schemes"]) == ["GC", "GO"]
        assert certs["goCarry"]["energyWh"] < 1_000_000  # a GO is issued once the carry reaches 1 MWh
        assert d["goCarryWh"] == certs["goCarry"]["energyWh"]
        pending += [(d["id"], h["hourStart"], h["energyWh"]) for h in certs["pendingHours"]]
    for scheme in ("GO", "GC"):
        assert issued[scheme] == s["certificates"][scheme]["issuedWh"] <= attested
        assert len(lots[scheme]) == s["certificates"][scheme]["lots"]
    assert s["certificates"]["GO"]["lots"] >= 1, "the wind turbine issues at least one whole MWh a day"
    # Every attested Wh is in a GO or still in a carry; in a GC or in a pending hour. At the end of the
    # simulated day every hour is complete except the one holding the disputed period (never issued).
    assert issued["GO"] + sum(d["goCarryWh"] for d in s["devices"]) == attested
    assert issued["GC"] + sum(e for _, _, e in pending) == attested
    disputes = running_demo.get("/v1/disputes")["disputes"]
    assert len(disputes) == 1
    start = disputes[0]["period"]["periodStart"]
    assert [(device, hour) for device, hour, _ in pending] == [(disputes[0]["device"], start - start % 3600)]


def test_readings_and_faults_as_the_registry_said(running_demo):
    r = running_demo.summary["readings"]
    planted = 3  # the night reading, the replay and the tampered replay; the disagreeing one replaces a hub reading
    assert r["posted"] == DEVICES * INTERVALS * 2 + planted
    assert r["posted"] == r["accepted"] + r["alreadyRecorded"] + r["rejected"]
    assert r["rejectedByReason"] == {"sun_down": 1, "unknown_signer": 1}
    assert r["alreadyRecorded"] == 1 and r["disputedPeriods"] == 1
    outcomes = {f["fault"]: (f["outcome"], f["reason"]) for f in r["faults"]}
    assert outcomes == {"night": ("rejected", "sun_down"), "replay": ("already_recorded", None),
                        "tampered": ("rejected", "unknown_signer"), "disagree": ("accepted", None)}
    metrics = urllib.request.urlopen(running_demo.url + "metrics", timeout=10).read().decode()

    def counter(name, label):
        match = re.search(rf'^{name}\{{{label}\}} (\d+)', metrics, re.M)
        return int(match.group(1)) if match else 0

    assert counter("helio_readings_rejected_total", 'reason="sun_down"') == 1
    assert counter("helio_readings_rejected_total", 'reason="unknown_signer"') == 1
    assert counter("helio_readings_total", 'outcome="accepted"') == r["accepted"]
    assert counter("helio_readings_total", 'outcome="already_recorded"') == 1
    # each accepted reading is one attestation; the disputed period holds two that disagree
    dispute = running_demo.get("/v1/disputes")["disputes"][0]
    values = {a["energyWh"] for a in dispute["period"]["attestations"]}
    assert len(values) == 2 and not dispute["period"]["issued"]


def test_consumers_cancellations_and_matching(running_demo):
    s = running_demo.summary
    cancelled = {"GO": 0, "GC": 0}
    for c in s["consumers"]:
        items = running_demo.get(f"/v1/cancellations?holder={c['address']}&limit=1000")["cancellations"]
        assert sum(i["volumeWh"] for i in items) == c["cancelledWh"] == c["boughtWh"]
        assert len(items) == c["cancellations"]
        assert all(i["lot"].startswith(c["scheme"] + "-") for i in items)
        assert int(c["paidBaseUnits"]) == c["boughtWh"] * s["sun"]["priceBaseUnitsPerWh"]
        held = running_demo.get(f"/v1/accounts/{c['address']}/balances")["balances"]
        assert sum(int(b["amount"]) for b in held) == 0  # each member spent exactly what it was given
        cancelled[c["scheme"]] += c["cancelledWh"]
    for scheme in ("GO", "GC"):
        assert s["certificates"][scheme]["cancelledWh"] == cancelled[scheme] <= s["certificates"][scheme]["issuedWh"]
    assert cancelled["GC"] > 0, "the office bought GCs for its opening hours"
    m = s["matching"]
    assert 0 < m["matchedWh"] <= m["consumptionWh"]
    assert m["shareBasisPoints"] == m["matchedWh"] * 10_000 // m["consumptionWh"]
    assert m["matchedWh"] <= cancelled["GC"]


def test_statements_verify_offline(running_demo, helio):
    s = running_demo.summary
    address = s["registry"]["checkpointAddress"]
    assert s["statements"]["verified"] and s["statements"]["aggregateVerified"]
    path = running_demo.out / f"statement-{s['statements']['id']}.json"
    assert path.exists()
    out = helio.run("verify", path, "--registry-address", address).stdout
    assert "statement holds" in out
    other = "0x" + "11" * 20
    assert "another registry" in helio.fail("verify", path, "--registry-address", other)
    verify_statement(json.loads(path.read_text()), address)  # the independent verifier agrees
    doc = json.loads(path.read_text())
    doc["cancellation"]["volumeWh"] += 1
    with pytest.raises(StatementError):
        verify_statement(doc, address)
    office = next(c for c in s["consumers"] if c["role"] == "office")
    aggregate = running_demo.get("/v1/statements?beneficiary=" + urllib.request.quote(office["beneficiary"]))
    verify_aggregate(aggregate, address)
    assert aggregate["totalWh"] == s["statements"]["aggregateWh"] == office["cancelledWh"]


def test_report_is_one_self_contained_file(running_demo):
    html = (running_demo.out / "report.html").read_text()
    assert html.startswith("<!doctype html>") and '<meta name="viewport"' in html
    assert html.count("<svg") >= 5 and 'viewBox="' in html and 'width="100%"' in html
    urls = re.findall(r"https?://[^\s\"'<>]*", html)
    assert set(urls) <= {"http://www.w3.org/2000/svg"}, set(urls)
    assert "<script" not in html and " src=" not in html and "<link" not in html
    assert running_demo.summary["readings"]["accepted"] > 0
    assert json.loads((running_demo.out / "summary.json").read_text()) == running_demo.summary


def run_demo(tmp, out, *extra, check=True):
    helio = Helio(tmp)
    proc = helio.run(*demo_args(out, "--json", *extra), check=check)
    return proc


def test_same_seed_same_summary_and_the_data_folder_stands(running_demo, tmp_path):
    out = tmp_path / "again"
    first = json.loads(run_demo(tmp_path, out).stdout)
    assert volatile_free(first) == volatile_free(running_demo.summary)
    assert first["checks"] == {k: True for k in first["checks"]}
    # a second run in the same folder replaces the first (its marker says the demo made it)
    second = json.loads(run_demo(tmp_path, out).stdout)
    assert volatile_free(second) == volatile_free(first)
    data = out / "registry"
    assert (data / ".helio-demo").exists()
    helio = Helio(tmp_path)
    helio.run("replay", "--data-dir", data)
    helio.run("log", "verify", "--data-dir", data)
    # `helio serve` opens it with the published test password
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = dict(helio.env, HELIO_PASSWORD="helio-test-only", HELIO_PORT=str(port))
    proc = subprocess.Popen([helio_bin(), "serve", "--data-dir", str(data)], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/v1/registry", timeout=2) as response:
                    info = json.loads(response.read())
                    break
            except OSError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise
                time.sleep(0.1)
        assert info["checkpointAddress"] == first["registry"]["checkpointAddress"]
        assert info["journalSize"] == first["registry"]["journalSize"]
    finally:
        proc.terminate()
        assert proc.wait(timeout=30) == 0


def test_another_seed_another_neighbourhood(running_demo, tmp_path):
    other = json.loads(run_demo(tmp_path, tmp_path / "other", "--seed", "8").stdout)
    assert other["registry"]["checkpointAddress"] != running_demo.summary["registry"]["checkpointAddress"]
    assert [d["capacityW"] for d in other["devices"]] != [d["capacityW"] for d in running_demo.summary["devices"]]
    assert other["checks"] == {k: True for k in other["checks"]}


def test_refuses_a_folder_it_did_not_make(helio, tmp_path):
    foreign = tmp_path / "mine" / "registry"
    foreign.mkdir(parents=True)
    (foreign / "precious.txt").write_text("keep me")
    error = helio.fail(*demo_args(tmp_path / "mine"))
    assert "was not made by helio demo" in error
    assert (foreign / "precious.txt").read_text() == "keep me"


@pytest.mark.parametrize("option, value, message", [
    ("--days", "0", "--days must be"), ("--days", "32", "--days must be"),
    ("--producers", "0", "--producers must be"), ("--end-date", "2999-01-01", "--end-date must be yesterday"),
    ("--end-date", "2020-13-01", "--end-date must be a date"), ("--end-date", "2001-01-01", "too old"),
])
def test_bad_options_fail_in_one_line(helio, tmp_path, option, value, message):
    args = demo_args(tmp_path / "bad")
    if option in args:
        i = args.index(option)
        args[i + 1] = value
    else:
        args += [option, value]
    assert message in helio.fail(*args)
    assert not (tmp_path / "bad").exists()
