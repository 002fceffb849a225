"""The API contract (Schemas/openapi.yaml and Schemas/json/) checked against itself and a real server.

- Every JSON Schema is a valid Draft 2020-12 schema, every `$ref` (in the OpenAPI document and the
  schemas) resolves, and every route the server's controllers register is described.
- Bodies that break a request schema are refused by the server, and bodies that keep it are taken.
- Responses of a populated registry match their schemas (jsonschema).
- Schemathesis generates requests from the document (valid and invalid ones) against a real `helio
  serve` and checks that no request causes a 5xx, that every status code and content type is declared,
  and that every response body matches its schema.
"""
import json
import pathlib
import re

import jsonschema
import pytest
import schemathesis
import yaml
from hypothesis import HealthCheck, settings
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from conftest import ROOT, start_server
from test_readings import CHAIN_ID, DEVICE, METER, SUN_UP, command, issuing_body, populate, reading, signed

SCHEMAS = ROOT / "Schemas"
OPENAPI = SCHEMAS / "openapi.yaml"
JSON_DIR = SCHEMAS / "json"
SCHEMA_FILES = sorted(JSON_DIR.glob("*.schema.json"))
SERVER_SOURCES = ROOT / "Sources" / "HelioServer"


def load(path: pathlib.Path):
    return yaml.safe_load(path.read_text()) if path.suffix == ".yaml" else json.loads(path.read_text())


def schema_registry() -> Registry:
    """Every schema file under its file:// URI, so relative `$ref`s resolve between files offline."""
    return Registry().with_resources(
        (path.as_uri(), Resource.from_contents(load(path), default_specification=DRAFT202012)) for path in SCHEMA_FILES)


REGISTRY = schema_registry()


def validator(name: str) -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(
        {"$ref": (JSON_DIR / name).as_uri()}, registry=REGISTRY, format_checker=jsonschema.FormatChecker())


def refs(node, path=()):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref":
                yield path, value
            else:
                yield from refs(value, path + (key,))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from refs(value, path + (i,))


def pointer(document, fragment: str):
    node = document
    for part in filter(None, fragment.lstrip("/").split("/")):
        part = part.replace("~1", "/").replace("~0", "~")
        node = node[int(part)] if isinstance(node, list) else node[part]
    return node


# MARK: - The documents themselves


@pytest.mark.parametrize("path", SCHEMA_FILES, ids=lambda p: p.name)
def test_every_json_schema_is_a_valid_draft_2020_12_schema(path):
    schema = load(path)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema.get("title") and schema.get("description"), f"{path.name} says what it is"
    jsonschema.Draft202012Validator.check_schema(schema)


def test_every_ref_resolves():
    documents = [OPENAPI, *SCHEMA_FILES]
    checked = 0
    for path in documents:
        for where, ref in refs(load(path)):
            target, _, fragment = ref.partition("#")
            target_path = (path.parent / target).resolve() if target else path
            assert target_path.exists(), f"{path.name} {'/'.join(map(str, where))}: no file {target}"
            pointer(load(target_path), fragment)  # raises KeyError when the fragment names nothing
            checked += 1
    assert checked > 100
    # The OpenAPI document references every schema file (none is orphaned), directly or through another.
    named = {(OPENAPI.parent / r.partition("#")[0]).resolve() for p in documents for _, r in refs(load(p))
             if r.partition("#")[0]} | {(JSON_DIR / r.partition("#")[0]).resolve() for p in SCHEMA_FILES
                                       for _, r in refs(load(p)) if r.partition("#")[0]}
    assert {p.resolve() for p in SCHEMA_FILES} <= named


def test_openapi_document_is_valid_openapi_3_1():
    document = load(OPENAPI)
    assert document["openapi"].startswith("3.1")
    schema = schemathesis.openapi.from_path(OPENAPI)
    schema.validate()
    assert len(list(schema.get_all_operations())) == sum(
        1 for item in document["paths"].values() for method in item if method in ("get", "post"))


def server_routes():
    """(METHOD, /path) of every route the controllers register, `:name` written `{name}`."""
    routes = set()
    for source in SERVER_SOURCES.rglob("*.swift"):
        text = source.read_text()
        for receiver, method, path in re.findall(r'\b(router|group)\.(get|post|put|patch|delete)\("([^"]*)"', text):
            path = re.sub(r":(\w+)", r"{\1}", path)
            routes.add((method.upper(), ("/" if receiver == "router" else "/v1/") + path))
    return routes


def test_every_server_route_is_described_and_nothing_else():
    document = load(OPENAPI)
    described = {(method.upper(), path) for path, item in document["paths"].items() for method in item
                 if method in ("get", "post", "put", "patch", "delete")}
    routes = server_routes()
    assert ("POST", "/v1/readings") in routes and ("GET", "/healthz") in routes
    assert described == routes


def test_every_error_response_is_a_problem():
    document = load(OPENAPI)
    for path, item in document["paths"].items():
        for method, operation in item.items():
            for status, response in operation["responses"].items():
                if status.startswith(("4", "5")):
                    name = response["$ref"].rsplit("/", 1)[-1]
                    content = document["components"]["responses"][name]["content"]
                    assert list(content) == ["application/problem+json"], f"{method} {path} {status}"


# MARK: - Request schemas and the server agree


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    """A served registry with two oracles, a solar device, an accepted reading, a dispute-free log."""
    server = start_server(tmp_path_factory.mktemp("openapi"), issuing_body().address, chain_id=CHAIN_ID)
    try:
        w = populate(server)
        status, _, reply = server.request(
            "POST", "/v1/readings",
            {"readings": [signed(w["eip712"], w["a"].key, reading(SUN_UP, 500, cumulative=9_000))]})
        assert status == 200 and reply["accepted"] == 1, reply
        yield w
    finally:
        server.stop()


def test_bodies_that_break_the_readings_schema_are_refused_and_others_are_taken(world):
    eip712, a, server = world["eip712"], world["a"], world["server"]
    schema = validator("readings-request.schema.json")
    good = signed(eip712, a.key, reading(SUN_UP + 900, 40))
    valid = [{"readings": [good]}, {"readings": [dict(good, cumulativeWh=None)]}, {"readings": [good] * 3}]
    invalid = [
        {}, {"readings": []}, {"readings": [good], "extra": 1}, {"readings": [dict(good, extra=1)]},
        {"readings": [{k: v for k, v in good.items() if k != "signature"}]},
        {"readings": [dict(good, energyWh=2**53 + 1)]}, {"readings": [dict(good, energyWh=-1)]},
        {"readings": [dict(good, periodStart=2**63)]}, {"readings": [dict(good, cumulativeWh=-1)]},
        {"readings": [dict(good, signature=good["signature"][:-2])]}, {"readings": [dict(good, meter=5)]},
        {"readings": [dict(good, energyWh="40")]}, {"readings": [good] * 10_001},
    ]
    for body in valid:
        schema.validate(body)
        status, _, reply = server.request("POST", "/v1/readings", body)
        assert status == 200, (body, reply)
        assert reply["accepted"] + reply["alreadyRecorded"] == len(body["readings"]), reply
    for body in invalid:
        assert not schema.is_valid(body), body
        status, content_type, problem = server.request("POST", "/v1/readings", body)
        assert (status, content_type) == (400, "application/problem+json"), (str(body)[:200], problem)
        validator("problem.schema.json").validate(problem)
        assert problem["code"] == "malformed_body"


def test_bodies_that_break_the_batch_schema_are_refused(world):
    eip712, a, server = world["eip712"], world["a"], world["server"]
    schema = validator("reading-batch-request.schema.json")
    r = reading(SUN_UP + 1800, 40)
    body = {"signature": signed(eip712, a.key, r)["signature"], "readings": [r]}
    schema.validate(body)
    for bad in (dict(body, extra=1), dict(body, readings=[]), dict(body, readings=[dict(r, signature="0x00")]),
                dict(body, root="0x1234"), dict(body, root=None), {"readings": [r]}):
        assert not schema.is_valid(bad), bad
        status, _, problem = server.request("POST", "/v1/reading-batches", bad)
        assert status == 400 and problem["code"] == "malformed_body", (bad, problem)


def test_a_device_registration_that_breaks_its_schema_is_refused(world):
    """The registration schema's bounds are the ledger's: what it forbids is refused (422
    invalid_registration), checked here with a real signature so only the bounds can fail."""
    eip712, server = world["eip712"], world["server"]
    issuer = issuing_body()
    schema = validator("device-registration.schema.json")
    base = {"id": "dev-schema", "name": "Schema roof", "owner": world["owner"].address, "codeList": "eecs-fs5-v1",
            "energySource": "F01040100", "technology": "T010101", "capacityW": 5_000,
            "commissioningDate": "2022-02-28", "country": "DE", "latitudeE6": 52_000_000, "longitudeE6": 13_000_000,
            "gridArea": "DE-LU", "support": "investment", "meters": [{"id": "meter-schema", "intervalSeconds": 900}]}
    schema.validate(base)
    bad_fields = [("id", "has space"), ("capacityW", 0), ("capacityW", 10_000_000_001),
                  ("commissioningDate", "2022-02-30"), ("country", "de"), ("latitudeE6", 90_000_001),
                  ("longitudeE6", -180_000_001), ("support", "some"),
                  ("meters", []), ("meters", [{"id": "m", "intervalSeconds": 120}]), ("gridArea", ""), ("name", ""),
                  ("energySource", "F0104"), ("owner", "0x" + "00" * 20)]
    for field, value in bad_fields:
        device = dict(base, **{field: value})
        assert not schema.is_valid(device), field
        nonce = server.request("GET", f"/v1/accounts/{issuer.address}/balances")[2]["nonce"]
        status, _, problem = server.request(
            "POST", "/v1/commands", command(eip712, issuer.key, "RegisterDevice", {"device": device}, device, nonce))
        assert (status, problem["code"]) == (422, "invalid_registration"), (field, problem)


# MARK: - Responses of a populated registry


def test_populated_responses_match_their_schemas(world):
    server, a = world["server"], world["a"]
    checks = [
        ("/healthz", "health"), ("/v1/registry", "registry-info"), ("/v1/eip712", "eip712"),
        (f"/v1/assets/{world['reward']}", "asset"), (f"/v1/accounts/{world['owner'].address}/balances", "balances"),
        ("/v1/log/proof?index=1", "inclusion-proof"), ("/v1/log/consistency?from=1", "consistency-proof"),
        ("/v1/log/entries?from=0&limit=3", "log-entries"), ("/v1/log/entries?from=0&limit=0", "problem"),
        ("/v1/devices", "device-list"),
        (f"/v1/devices/{DEVICE}", "device"),
        (f"/v1/devices/{DEVICE}/issuance", "issuance-trail"), ("/v1/oracles", "oracle-list"),
        (f"/v1/oracles/{a.address}", "oracle"), (f"/v1/meters/{METER}/periods", "period-list"),
        ("/v1/disputes", "dispute-list"), ("/v1/log/checkpoint", "checkpoint"), ("/v1/devices/nope", "problem"),
        ("/v1/log/proof", "problem"),
    ]
    for path, name in checks:
        status, content_type, body = server.request("GET", path)
        expected = "application/problem+json" if name == "problem" else "application/json"
        assert content_type.split(";")[0] == expected, path
        assert (status >= 400) == (name == "problem"), path
        validator(f"{name}.schema.json").validate(body)
    _, _, devices = server.request("GET", "/v1/devices")
    assert devices["devices"][0]["meters"][0]["assignments"], "the populated lists are not empty"
    _, _, trail = server.request("GET", f"/v1/devices/{DEVICE}/issuance")
    assert trail["issuances"] and trail["totalEnergyWh"] >= 500


# MARK: - Schemathesis against the live server


@pytest.fixture(scope="module")
def api_schema(world):
    schema = schemathesis.openapi.from_path(OPENAPI)
    schema.config.update(base_url=world["server"].base, request_timeout=30)
    return schema


# GET /events is an endless stream (a keep-alive every 15 s, so no read timeout ends it): a client that reads
# a whole body would wait forever. test_watch.py drives it as a stream — its 200s, its 400 problems, its
# events — against the same document.
STREAMS = ["/events"]
schema = schemathesis.pytest.from_fixture("api_schema").exclude(path=STREAMS)

CHECKS = [
    schemathesis.checks.not_a_server_error,
    schemathesis.checks.status_code_conformance,
    schemathesis.checks.content_type_conformance,
    schemathesis.checks.response_schema_conformance,
]

# The reading endpoints are as strict as their schemas: a body that breaks the schema must be refused (4xx).
STRICT_CHECKS = [schemathesis.checks.negative_data_rejection]


@schema.parametrize()
@settings(max_examples=25, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large,
                                 HealthCheck.function_scoped_fixture])
def test_generated_requests_get_declared_answers(case):
    strict = case.operation.path in ("/v1/readings", "/v1/reading-batches")
    response = case.call_and_validate(checks=CHECKS + STRICT_CHECKS if strict else CHECKS)
    ANSWERS.setdefault(f"{case.method.upper()} {case.operation.path}", set()).add(response.status_code)


ANSWERS: dict = {}


def test_generated_requests_reached_every_operation_and_both_kinds_of_answer():
    """Runs after the generated requests (pytest keeps file order): they reached every operation, and the
    write endpoints saw both valid bodies (200) and invalid ones (400), so both sides were checked."""
    documented = {f"{m.upper()} {p}" for p, item in load(OPENAPI)["paths"].items() for m in item
                  if p not in STREAMS}
    assert documented <= set(ANSWERS), documented - set(ANSWERS)
    for operation in ("POST /v1/readings", "POST /v1/reading-batches", "POST /v1/commands"):
        assert {200, 400} <= ANSWERS[operation], (operation, ANSWERS[operation])
    # Methods no route has (schemathesis tries them too) are answered 404, as problems.
    unrouted = {k: ANSWERS[k] for k in set(ANSWERS) - documented}
    assert unrouted and all(statuses == {404} for statuses in unrouted.values()), unrouted
