"""verify.js, the explorer's in-browser statement verifier, run in headless Chromium through selenium.

Sources/HelioServer/Explorer/Assets/verify.js is loaded by a small HTML page from file:// (a plain classic
script, as the explorer loads it) and called with `execute_async_script`. It is checked against references
that share no code with it:

- its primitives: Keccak-256 against pycryptodome, SHA-256 against hashlib, secp256k1 public-key recovery
  against coincurve (libsecp256k1) and eth-account, Merkle audit paths against Scripts/merkle_reference.py;
- its verdicts: every statement that test_statement_verifier.py builds is given to both verifiers (that
  module's tests run unchanged, with its `fails` and statement_verifier's `verify_*` wrapped so that each
  statement also goes to the browser): verify.js must accept what statement_verifier.py accepts and refuse
  the rest naming the same check and the same field;
- a statement written by a real `helio serve` (the cancellation world of test_certificates.py): accepted,
  and refused once a single byte is flipped.

Run: HELIO_BIN=.build/debug/helio .venv/bin/python -m pytest -q Tests/interop/test_verify_js.py
"""
import copy
import hashlib
import inspect
import itertools
import json
import pathlib
import random
import sys

import coincurve
import pytest
from Crypto.Hash import keccak as pycryptodome_keccak
from eth_account import Account
from eth_account.messages import defunct_hash_message, encode_defunct
from hypothesis import given, settings
from hypothesis import strategies as st
from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT / "Scripts"))

import merkle_reference as ref  # noqa: E402
import statement_verifier as sv  # noqa: E402
import test_statement_verifier as tsv  # noqa: E402  (its builders and tamper tests)
from test_certificates import TAMPERS, aggregate, cancelled, world  # noqa: E402,F401  (server fixtures)

VERIFY_JS = ROOT / "Sources" / "HelioServer" / "Explorer" / "Assets" / "verify.js"
CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
N = sv.SECP256K1_N


# ---------------------------------------------------------------------------------------------------------
# The browser


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    """One headless Chromium for the module, on a page that loads verify.js with a <script> tag."""
    page = tmp_path_factory.mktemp("verify-js") / "harness.html"
    page.write_text('<!doctype html><meta charset="utf-8"><title>verify.js harness</title>'
                    f'<script src="{VERIFY_JS.as_uri()}"></script>', encoding="utf-8")
    options = Options()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_script_timeout(60)
    try:
        driver.get(page.as_uri())
        assert driver.execute_script("return typeof window.HelioVerify") == "object", driver.get_log("browser")
        yield driver
        errors = [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]
        assert not errors, errors
    finally:
        driver.quit()


def run(browser, body: str, *args):
    """Runs `body` (JavaScript, with H = window.HelioVerify and args = the arguments) and returns its value;
    a thrown error comes back as an assertion failure with the browser's message."""
    script = ("const done = arguments[arguments.length - 1];"
              "const H = window.HelioVerify, args = Array.from(arguments).slice(0, -1);"
              "const hex = (h) => H.hexToBytes(h);"
              f"Promise.resolve().then(() => {{ {body} }}).then((v) => done({{value: v}}),"
              "(e) => done({error: String(e && e.stack || e)}));")
    result = browser.execute_async_script(script, *args)
    assert "error" not in result, result["error"]
    return result["value"]


def js_verify(browser, doc, address, aggregate_=False, as_text=True):
    """verify.js's verdict on a statement (or an aggregate), given as JSON text or as a parsed object."""
    fn = "verifyAggregate" if aggregate_ else "verifyStatement"
    arg = json.dumps(doc, ensure_ascii=False) if as_text else doc
    return run(browser, f"return H.{fn}(args[0], args[1]);", arg, address)


def keccak(data: bytes) -> bytes:
    return pycryptodome_keccak.new(digest_bits=256, data=data).digest()


# ---------------------------------------------------------------------------------------------------------
# Keccak-256 and SHA-256


def hash_in_browser(browser, name: str, inputs: list) -> list:
    return run(browser, f"return args[0].map((h) => H.bytesToHex(H.{name}(hex(h))));",
               ["0x" + data.hex() for data in inputs])


def vectors(block: int, seed: int) -> list:
    rng = random.Random(seed)
    around = [block * k + d for k in (1, 2, 3) for d in (-2, -1, 0, 1)]
    return ([b"", b"abc", b"\x00", b"\xff" * 200] + [bytes(rng.getrandbits(8) for _ in range(n)) for n in around]
            + [bytes(rng.getrandbits(8) for _ in range(rng.randrange(0, 1200))) for _ in range(60)])


def test_keccak256_known_answers(browser):
    assert run(browser, "return H.bytesToHex(H.keccak256(new Uint8Array(0)));") == \
        "0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470"
    assert run(browser, "return H.bytesToHex(H.keccak256('abc'));") == \
        "0x4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45"


def test_keccak256_matches_pycryptodome_around_the_rate(browser):
    inputs = vectors(136, seed=1) + [bytes([7]) * n for n in (135, 136, 137)]
    assert hash_in_browser(browser, "keccak256", inputs) == ["0x" + keccak(d).hex() for d in inputs]


def test_sha256_matches_hashlib_around_the_block(browser):
    inputs = vectors(64, seed=2) + [b"a" * n for n in (55, 56, 63, 64, 65, 119, 120)]
    assert hash_in_browser(browser, "sha256", inputs) == ["0x" + hashlib.sha256(d).hexdigest() for d in inputs]


@settings(max_examples=60, deadline=None)
@given(data=st.binary(max_size=700))
def test_both_hashes_on_arbitrary_bytes(browser, data):
    got = hash_in_browser(browser, "keccak256", [data]) + hash_in_browser(browser, "sha256", [data])
    assert got == ["0x" + keccak(data).hex(), "0x" + hashlib.sha256(data).hexdigest()]


def test_strings_hash_as_utf8(browser):
    text = "Kraftværksvej 53 — ☀"
    assert run(browser, "return H.bytesToHex(H.sha256(args[0]));", text) == \
        "0x" + hashlib.sha256(text.encode()).hexdigest()


# ---------------------------------------------------------------------------------------------------------
# secp256k1 recovery, addresses, EIP-191, EIP-55


def recover_in_browser(browser, cases: list) -> list:
    """cases: (digest, 65-byte signature); returns the recovered addresses (lowercase) or None."""
    return run(browser, "return args[0].map(([d, s]) => H.recoverAddress(hex(d), hex(s)));",
               [["0x" + d.hex(), "0x" + s.hex()] for d, s in cases])


def signed_cases(count: int, seed: int):
    """Random keys and messages signed by libsecp256k1 (RFC 6979, low-S); the expected addresses by eth-account."""
    rng = random.Random(seed)
    cases = []
    for _ in range(count):
        key = rng.randrange(1, N).to_bytes(32, "big")
        message = bytes(rng.getrandbits(8) for _ in range(rng.randrange(0, 300)))
        digest = bytes(defunct_hash_message(primitive=message))
        rsv = coincurve.PrivateKey(key).sign_recoverable(digest, hasher=None)
        cases.append((key, message, digest, rsv[:64], rsv[64], Account.from_key(key).address))
    return cases


def test_recover_address_matches_libsecp256k1_and_eth_account(browser):
    cases = signed_cases(40, seed=3)
    with_27 = [(d, rs + bytes([v + 27])) for _, _, d, rs, v, _ in cases]
    with_01 = [(d, rs + bytes([v])) for _, _, d, rs, v, _ in cases]
    expected = [address.lower() for *_, address in cases]
    assert recover_in_browser(browser, with_27) == expected
    assert recover_in_browser(browser, with_01) == expected
    # The EIP-191 digest, the address of a key and EIP-55, each against eth-account.
    assert run(browser, "return args[0].map((m) => H.bytesToHex(H.eip191Digest(hex(m))));",
               ["0x" + m.hex() for _, m, *_ in cases]) == ["0x" + d.hex() for _, _, d, *_ in cases]
    assert run(browser, "return args[0].map((k) => H.eip55(H.addressOfSecretKey(hex(k))));",
               ["0x" + k.hex() for k, *_ in cases]) == [a for *_, a in cases]


def test_the_wrong_digest_recovers_another_address(browser):
    _, _, digest, rs, v, address = signed_cases(1, seed=4)[0]
    other = bytes([digest[0] ^ 1]) + digest[1:]
    got = recover_in_browser(browser, [(other, rs + bytes([v + 27]))])[0]
    assert got is not None and got != address.lower()


def not_an_x_coordinate() -> int:
    """The smallest r for which r³ + 7 has no square root mod p: no curve point has x = r."""
    p = 2 ** 256 - 2 ** 32 - 977
    return next(r for r in itertools.count(1) if pow((r ** 3 + 7) % p, (p - 1) // 2, p) != 1)


def test_invalid_signatures_are_refused(browser):
    _, message, digest, rs, v, address = signed_cases(1, seed=5)[0]
    r, s = int.from_bytes(rs[:32], "big"), int.from_bytes(rs[32:], "big")

    def sig(r_, s_, v_):
        return r_.to_bytes(32, "big") + s_.to_bytes(32, "big") + bytes([v_])

    high_s = sig(r, N - s, (1 - v) + 27)  # the same signature, other spelling: valid for eth-account
    assert Account.recover_message(encode_defunct(primitive=message), signature=high_s) == address
    bad = [high_s, sig(0, s, v + 27), sig(N, s, v + 27), sig(N + 1, s, v + 27), sig(2 ** 256 - 1, s, v + 27),
           sig(r, 0, v + 27), sig(r, N, v + 27), sig(r, N // 2 + 1, v + 27),
           sig(not_an_x_coordinate(), s, v + 27),
           *(sig(r, s, w) for w in (2, 3, 26, 29, 30, 31, 255)),
           rs + bytes([v + 27, 0]), rs, b""]
    assert recover_in_browser(browser, [(digest, b) for b in bad]) == [None] * len(bad)
    assert recover_in_browser(browser, [(digest[:31], rs + bytes([v + 27]))]) == [None]
    assert recover_in_browser(browser, [(digest, sig(r, s, v + 27)), (digest, sig(r, N // 2, v + 27))])[0] \
        == address.lower()


# ---------------------------------------------------------------------------------------------------------
# RFC 9162 Merkle, entry bytes, commitments, JSON


def test_merkle_audit_paths_match_the_reference(browser):
    """Every leaf of trees of 1..24 leaves: the root from the reference's path, and the same verdict as the
    reference on each tampered variant (wrong size, short, long, wrong index, reversed, flipped hash)."""
    entries = [bytes([i % 251]) * (i % 7) for i in range(24)]
    cases = []
    for n in range(1, 25):
        leaves = entries[:n]
        root = ref.mth(leaves)
        for m in range(n):
            leaf = ref.leaf_hash(leaves[m])
            proof = ref.path(m, leaves)
            variants = [(leaf, m, n, proof), (leaf, m, n + 1, proof), (leaf, m, n, proof[:-1]),
                        (leaf, m, n, proof + [root]), (leaf, (m + 1) % n, n, proof), (leaf, m, n, proof[::-1]),
                        (leaf, n, n, proof)]
            if proof:
                variants.append((leaf, m, n, [bytes([proof[0][0] ^ 0x80]) + proof[0][1:]] + proof[1:]))
            for leaf_, index, size, path in variants:
                cases.append((["0x" + leaf_.hex(), index, size, ["0x" + h.hex() for h in path], "0x" + root.hex()],
                              ref.verify_inclusion(leaf_, index, size, path, root)))
    got = run(browser, "return args[0].map(([l, i, n, p, r]) => H.verifyInclusion(hex(l), i, n, p.map(hex), hex(r)));",
              [c for c, _ in cases])
    assert got == [expected for _, expected in cases]
    assert got[0] and got.count(False) > len(got) // 2  # the untouched paths hold, most variants do not
    leaves = [b"", b"\x00", b"abc"]
    assert run(browser, "return args[0].map((e) => H.bytesToHex(H.leafHash(hex(e))));",
               ["0x" + e.hex() for e in leaves]) == ["0x" + ref.leaf_hash(e).hex() for e in leaves]


def test_entry_bytes_and_beneficiary_commitment(browser):
    author = "0xAbCd" + "00" * 18
    got = run(browser, "return H.bytesToHex(H.entryBytes(12, 1700000123, 'CancelCertificate', args[0], hex(args[1])));",
              author, "0x" + b'{"x":1}'.hex())
    assert got == "0x" + sv.entry_bytes(12, 1700000123, "CancelCertificate", author, b'{"x":1}').hex()
    for salt, name, address in [(b"\x07" * 32, "Åse", ""), (bytes(range(32)), "ACME", "1 Harbour Street, Aarhus")]:
        got = run(browser, "return H.bytesToHex(H.beneficiaryCommitment(hex(args[0]), args[1], args[2]));",
                  "0x" + salt.hex(), name, address)
        assert got == "0x" + sv.beneficiary_commitment(salt, name, address).hex()
        assert got == "0x" + tsv.commitment(salt, name, address).hex()


def test_strict_json_keeps_integers_exact_and_refuses_duplicate_keys(browser):
    got = run(browser, "const v = H.parseJSON(args[0]); return [typeof v.a, v.a.toString(), v.b instanceof Array];",
              '{"a": 18446744073709551615, "b": []}')
    assert got == ["bigint", "18446744073709551615", True]
    for text in ('{"a":1,"a":2}', '{"a":1', "[1,]", '"\x01"', "01", '{"a":1} x'):
        assert run(browser, "try { H.parseJSON(args[0]); return 'parsed'; } catch (e) { return e.name; }",
                   text) == "SyntaxError", text


# ---------------------------------------------------------------------------------------------------------
# Statements: every statement of test_statement_verifier.py, through both verifiers


_PY_STATEMENT, _PY_AGGREGATE, _PY_CHECKPOINT = sv.verify_statement, sv.verify_aggregate, sv.verify_checkpoint
_PY_FAILS = tsv.fails

# Tests of test_statement_verifier.py that verify no statement (its primitives are cross-checked above, its
# command line runs Python only).
_NOT_STATEMENTS = {"test_merkle_code_matches_the_reference", "test_entry_bytes_follow_the_journal_format",
                   "test_commitment_and_address_helpers_match_eth_account", "test_cli_statement_holds",
                   "test_cli_statement_does_not_hold", "test_cli_aggregate"}


def _statement_cases():
    """(id, test function, keyword arguments) for every test (and every parametrization) of the module."""
    cases = []
    for name, fn in inspect.getmembers(tsv, inspect.isfunction):
        if not name.startswith("test_") or name in _NOT_STATEMENTS or fn.__module__ != tsv.__name__:
            continue
        grids = []
        for mark in getattr(fn, "pytestmark", []):
            if mark.name == "parametrize":
                names = mark.args[0]
                names = [n.strip() for n in names.split(",")] if isinstance(names, str) else list(names)
                values = [v if len(names) > 1 else (v,) for v in mark.args[1]]
                grids.append([dict(zip(names, v)) for v in values])
        for i, combo in enumerate(itertools.product(*grids)):
            kwargs = {k: v for part in combo for k, v in part.items()}
            cases.append(pytest.param(fn, kwargs, id=f"{name}[{i}]" if grids else name))
    return cases


STATEMENT_CASES = _statement_cases()


class Comparison:
    """Sends every statement a test_statement_verifier test verifies to verify.js too, and compares."""

    def __init__(self, browser):
        self.browser, self.compared, self.last = browser, 0, None

    def compare(self, doc, address, aggregate_=False):
        py_error = None
        try:
            (_PY_AGGREGATE if aggregate_ else _PY_STATEMENT)(doc, address)
        except sv.StatementError as error:
            py_error = error
        result = js_verify(self.browser, doc, address, aggregate_)
        self.compared += 1
        self.last = result
        if py_error is None:
            assert result["ok"], f"statement_verifier.py accepts, verify.js refuses: {result['failure']}"
            assert result["failure"] is None and all(c["ok"] for c in result["checks"])
            as_object = js_verify(self.browser, doc, address, aggregate_, as_text=False)
            assert as_object["ok"], f"verify.js refuses the parsed object: {as_object['failure']}"
            return
        failure = result["failure"]
        assert not result["ok"] and failure, f"statement_verifier.py refuses ({py_error}), verify.js accepts"
        expected_check = sv.CHECKS[py_error.check]
        assert (failure["check"], failure["number"], failure["field"]) == \
            (expected_check, py_error.check if isinstance(py_error.check, int) else None, py_error.field), \
            f"\n  python: {py_error}\n  js:     {failure['message']}"
        # The same words too (a JSON parser's own complaint may differ, the rest of the message may not).
        py_message = str(py_error)
        cut = "is not a JSON signed command ("
        if cut in py_message:
            py_message = py_message[: py_message.index(cut) + len(cut)]
        assert failure["message"].startswith(py_message), f"\n  python: {py_error}\n  js:     {failure['message']}"
        if isinstance(py_error.check, int) and not aggregate_:
            assert result["checks"][py_error.check - 1] == \
                {"number": py_error.check, "name": expected_check, "ok": False, "detail": failure["message"]}
        raise py_error

    def statement(self, doc, address):
        self.compare(doc, address)

    def aggregate(self, doc, address):
        self.compare(doc, address, aggregate_=True)

    def checkpoint(self, note, origin, address, *args):
        py = None
        try:
            value = _PY_CHECKPOINT(note, origin, address, *args)
        except sv.StatementError as error:
            py = error
        got = run(self.browser, "return H.verifyCheckpoint(args[0], args[1], args[2]);", note, origin, address)
        self.compared += 1
        if py is None:
            assert got["ok"] and (int(got["treeSize"]), got["rootHash"], int(got["timestamp"])) == \
                (value[0], "0x" + value[1].hex(), value[2])
            return value
        assert not got["ok"] and got["failure"]["field"] == py.field, (str(py), got["failure"])
        raise py

    def fails(self, doc, check, fragment, address=tsv.REGISTRY_ADDRESS, verify=None):
        aggregate_ = verify in (_PY_AGGREGATE, self.aggregate)
        error = _PY_FAILS(doc, check, fragment, address, verify=self.aggregate if aggregate_ else self.statement)
        assert fragment in self.last["failure"]["message"], (fragment, self.last["failure"]["message"])
        return error


@pytest.mark.parametrize("test,kwargs", STATEMENT_CASES)
def test_verify_js_agrees_with_statement_verifier(browser, monkeypatch, test, kwargs):
    """The test of test_statement_verifier.py runs unchanged; each statement it verifies goes to both."""
    comparison = Comparison(browser)
    monkeypatch.setattr(sv, "verify_statement", comparison.statement)
    monkeypatch.setattr(sv, "verify_aggregate", comparison.aggregate)
    monkeypatch.setattr(sv, "verify_checkpoint", comparison.checkpoint)
    monkeypatch.setattr(tsv, "fails", comparison.fails)
    test(**kwargs)
    assert comparison.compared > 0, "the test verified no statement"


def test_the_statement_cases_cover_the_whole_module():
    assert len(STATEMENT_CASES) >= 90
    tested = {p.values[0].__name__ for p in STATEMENT_CASES}
    every = {n for n, _ in inspect.getmembers(tsv, inspect.isfunction) if n.startswith("test_")}
    assert every - tested == _NOT_STATEMENTS


def test_the_result_lists_every_check(browser):
    doc = tsv.valid()
    result = js_verify(browser, doc, tsv.REGISTRY_ADDRESS)
    assert result["ok"] and [c["name"] for c in result["checks"]] == [sv.CHECKS[n] for n in range(1, 8)]
    assert result["proven"]["volumeWh"] == "1500" and result["proven"]["beneficiary"] == "Ørsted Testkunde A/S"
    doc["beneficiary"]["name"] = "Mallory"
    result = js_verify(browser, doc, tsv.REGISTRY_ADDRESS)
    assert [c["ok"] for c in result["checks"]] == [True] * 5 + [False, False]
    assert result["failure"]["check"] == "beneficiary opening"
    assert result["checks"][6]["detail"] == "not checked: check 6 failed"


def test_text_that_is_not_a_statement(browser):
    for text in ("", "not json", '{"format": "helio-cancellation-statement/v1", "format": "x"}', "[]"):
        result = run(browser, "return H.verifyStatement(args[0], args[1]);", text, tsv.REGISTRY_ADDRESS)
        assert not result["ok"] and result["failure"]["number"] == 1, result


# Payloads that are in the tree but are not one well-formed signed command: (which command, bytes change).
ODD_PAYLOADS = {
    "duplicate key": ("CancelCertificate", lambda p: p[:-1] + b',"nonce":8}'),
    "not UTF-8": ("CancelCertificate", lambda p: b"\xff" + p),
    "not JSON": ("CancelCertificate", lambda p: p[:-1]),
    "trailing data": ("CancelCertificate", lambda p: p + b" {}"),
    "fractional nonce": ("CancelCertificate", lambda p: p.replace(b'"nonce":7', b'"nonce":7.0')),
    "nonce of 2^64": ("CancelCertificate", lambda p: p.replace(b'"nonce":7', b'"nonce":18446744073709551616')),
    "exponent volume": ("CancelCertificate", lambda p: p.replace(b'"volumeWh":1500', b'"volumeWh":15e2')),
    "short signature": ("CancelCertificate", lambda p: p.replace(b'"signature":"0x5a', b'"signature":"0x')),
    "escaped key": ("CancelCertificate", lambda p: p.replace(b'"location"', b'"\\u006cocation"')),
    "transfer with a duplicate key": ("TransferCertificate", lambda p: p[:-1] + b',"nonce":3}'),
    "transfer not JSON": ("TransferCertificate", lambda p: p.replace(b"{", b"[", 1)),
}


@pytest.mark.parametrize("what", ODD_PAYLOADS)
def test_odd_payload_bytes_in_the_tree(browser, monkeypatch, what):
    """A log whose entry payload is not a canonical signed command (the checkpoint still covers it): both
    verifiers refuse it, or accept it, alike."""
    kind, change = ODD_PAYLOADS[what]
    canonical = tsv.canonical

    def odd(obj):
        out = canonical(obj)
        return change(out) if isinstance(obj, dict) and obj.get("command", {}).get("kind") == kind else out

    monkeypatch.setattr(tsv, "canonical", odd)
    doc = tsv.build()[0]
    monkeypatch.undo()
    comparison = Comparison(browser)
    try:
        comparison.statement(doc, tsv.REGISTRY_ADDRESS)
        refused = None
    except sv.StatementError as error:
        refused = error
    assert comparison.compared == 1
    if what == "escaped key":  # the same JSON spelled otherwise: a verifier reads JSON, not bytes
        assert refused is None
    else:
        assert refused is not None and refused.check == (5 if kind == "CancelCertificate" else 7), refused


def test_large_integers_in_the_text_stay_exact(browser):
    """2^53 + 1 cannot be a JavaScript number: read from text it stays exact and is compared exactly."""
    doc = tsv.valid()
    text = json.dumps(doc, ensure_ascii=False).replace(f'"volumeWh": {doc["cancellation"]["volumeWh"]}',
                                                       f'"volumeWh": {2 ** 53 + 1}', 1)
    result = run(browser, "return H.verifyStatement(args[0], args[1]);", text, tsv.REGISTRY_ADDRESS)
    assert result["failure"]["field"] == "entry.payload.command.body.volumeWh", result
    assert str(2 ** 53 + 1) in result["failure"]["message"]


# ---------------------------------------------------------------------------------------------------------
# A statement written by a real server (the world of test_certificates.py)


def test_a_statement_from_a_real_server_holds_and_a_flipped_byte_does_not(browser, world, cancelled):
    address = world["registry_address"]
    text = cancelled["single"].read_text(encoding="utf-8")
    doc = json.loads(text)
    _PY_STATEMENT(doc, address)
    result = run(browser, "return H.verifyStatement(args[0], args[1]);", text, address)
    assert result["ok"], result["failure"]
    assert result["proven"]["lot"] == "GC-5" and result["proven"]["volumeWh"] == "300000"
    assert result["proven"]["beneficiary"] == "ACME" and len(doc["lineage"]) == 3
    assert js_verify(browser, doc, address.lower(), as_text=False)["ok"]
    other = js_verify(browser, doc, tsv.OTHER_ADDRESS)
    assert (other["failure"]["number"], other["failure"]["field"]) == (2, "registry.checkpointAddress")
    for what, (tamper, _, (check, field)) in TAMPERS.items():
        bad = copy.deepcopy(doc)
        tamper(bad)
        failure = js_verify(browser, bad, address)["failure"]
        assert failure and (failure["number"], failure["field"]) == (check, field), (what, failure)


def test_the_issued_part_must_carry_the_whole_lot_as_helio_verify_says(browser, world, cancelled, tmp_path):
    """The one check verify.js makes beyond statement_verifier.py, taken from `helio verify`."""
    doc = json.loads(cancelled["single"].read_text(encoding="utf-8"))
    doc["lineage"][0]["volumeWh"] -= 1
    _PY_STATEMENT(doc, world["registry_address"])  # the Python verifier does not look at it
    (tmp_path / "smaller.json").write_text(json.dumps(doc))
    message = world["helio"].fail("verify", tmp_path / "smaller.json", "--registry-address", world["registry_address"])
    assert message.startswith("lineage[0].volumeWh"), message
    failure = js_verify(browser, doc, world["registry_address"])["failure"]
    assert (failure["number"], failure["field"]) == (7, "lineage[0].volumeWh"), failure


@pytest.mark.parametrize("byte", [0, 1, 57, -1])
def test_any_flipped_payload_byte_of_the_server_statement_is_refused(browser, world, cancelled, byte):
    doc = json.loads(cancelled["single"].read_text(encoding="utf-8"))
    payload = bytearray.fromhex(doc["entry"]["payload"][2:])
    payload[byte] ^= 0x01
    doc["entry"]["payload"] = "0x" + payload.hex()
    failure = js_verify(browser, doc, world["registry_address"])["failure"]
    assert (failure["check"], failure["field"]) == ("inclusion of the cancellation entry", "inclusionProof"), failure


def test_the_server_aggregate_statement_holds(browser, world, aggregate):
    doc = json.loads(pathlib.Path(aggregate).read_text(encoding="utf-8"))
    _PY_AGGREGATE(doc, world["registry_address"])
    result = js_verify(browser, doc, world["registry_address"], aggregate_=True)
    assert result["ok"], result["failure"]
    assert result["proven"]["totalWh"] == "550000" and len(result["proven"]["statements"]) == 2
    doc["totalWh"] += 1
    failure = js_verify(browser, doc, world["registry_address"], aggregate_=True)["failure"]
    assert (failure["check"], failure["field"]) == ("aggregate", "totalWh"), failure
