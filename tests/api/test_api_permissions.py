"""Every endpoint × every persona, by bearer token and by session: the status the
permission matrix gives. 404 for objects of an organisation where the persona holds no
role; 403 for a role that may not do it; 401 without credentials."""

from __future__ import annotations

import datetime
import json

import pytest
from tests.ledger_helpers import record_attested

from socinv.core.ledger import Decision

pytestmark = pytest.mark.django_db

ANON = None
FUND_WIDE = ["administrator", "owner", "economist", "auditor"]
IN_ORG = [*FUND_WIDE, "project_leader", "evaluator", "external"]
ALL = [*IN_ORG, "outsider", "other_owner"]


def expect(ok: list[str], ok_status: int = 200) -> dict:
    """Status per persona: ``ok`` get ``ok_status``; others of the organisation 403;
    outsider and the other organisation's owner 404; anonymous 401."""
    out = {ANON: 401, "outsider": 404, "other_owner": 404}
    for role in IN_ORG:
        out[role] = ok_status if role in ok else 403
    return out


LEDGER_READERS = ["owner", "economist", "auditor"]
BOOKERS = ["economist"]  # the owner decides but does not book (issue 13)
ATTESTERS = ["economist"]
PLANNERS = ["owner", "economist"]

# (method, path template, expected status per persona)
CASES = [
    ("GET", "/organisations", {ANON: 401, **dict.fromkeys(ALL, 200)}),
    ("GET", "/organisations/{org}/boards", expect(IN_ORG)),
    ("GET", "/organisations/{org}/stakeholders", expect(IN_ORG)),
    ("GET", "/funds", {ANON: 401, **dict.fromkeys(ALL, 200)}),
    ("GET", "/funds/{fund}", expect(FUND_WIDE)),
    ("GET", "/funds/{fund}/balances", expect(FUND_WIDE)),
    ("GET", "/funds/{fund}/overview", expect(FUND_WIDE)),
    (
        "GET",
        "/funds/{other_fund}/overview",
        {ANON: 401, **dict.fromkeys(IN_ORG, 404), "outsider": 404, "other_owner": 200},
    ),
    ("GET", "/projects", {ANON: 401, **dict.fromkeys(ALL, 200)}),
    ("GET", "/projects?fund={fund}", {ANON: 401, **dict.fromkeys(ALL, 200)}),
    ("GET", "/projects/{own}", expect([*FUND_WIDE, "project_leader", "evaluator"])),
    ("GET", "/projects/{other}", expect(FUND_WIDE)),
    ("GET", "/projects/{application}", expect([*FUND_WIDE, "external"])),
    ("GET", "/projects/{own}/decisions", expect([*FUND_WIDE, "project_leader", "evaluator"])),
    ("GET", "/projects/{application}/decisions", expect([*FUND_WIDE, "external"])),
    ("GET", "/projects/{own}/evidence-chain", expect([*FUND_WIDE, "project_leader", "evaluator"])),
    ("GET", "/projects/{other}/evidence-chain", expect(FUND_WIDE)),
    ("GET", "/projects/{own}/phases", expect([*FUND_WIDE, "project_leader", "evaluator"])),
    ("GET", "/projects/{other}/phases", expect(FUND_WIDE)),
    (
        "GET",
        "/projects/{own}/multiplier-effects",
        expect([*FUND_WIDE, "project_leader", "evaluator"]),
    ),
    ("GET", "/projects/{other}/multiplier-effects", expect(FUND_WIDE)),
    ("GET", "/projects/{own}/evaluation", expect([*FUND_WIDE, "project_leader", "evaluator"])),
    ("GET", "/projects/{other}/evaluation", expect(FUND_WIDE)),
    ("GET", "/projects/{own}/calculations", expect([*FUND_WIDE, "project_leader", "evaluator"])),
    ("GET", "/projects/{other}/calculations", expect(FUND_WIDE)),
    ("GET", "/projects/{own}/followup-report", expect([*FUND_WIDE, "project_leader", "evaluator"])),
    ("GET", "/projects/{other}/followup-report", expect(FUND_WIDE)),
    ("GET", "/projects/{own}/savings", expect([*FUND_WIDE, "project_leader", "evaluator"])),
    ("GET", "/projects/{other}/savings", expect(FUND_WIDE)),
    ("GET", "/projects/{own}/measurements", expect([*FUND_WIDE, "project_leader", "evaluator"])),
    ("GET", "/projects/{other}/measurements", expect(FUND_WIDE)),
    # the file names an indicator the project does not have: refused (422) for those who
    # may import, before that 403 / 404 for the others
    (
        "POST",
        "/projects/{own}/measurements/import",
        expect(["owner", "economist", "project_leader"], 422),
    ),
    ("POST", "/projects/{other}/measurements/import", expect(["owner", "economist"], 422)),
    ("GET", "/funds/{fund}/entries", expect(LEDGER_READERS)),
    ("POST", "/funds/{fund}/entries", expect(BOOKERS, 201)),
    ("GET", "/funds/{fund}/statements/2026", expect(LEDGER_READERS)),
    # the fund projection (fund.view_projection) and its contribution plan
    # (fund.plan_contributions); no year is planned: a DELETE is refused (422)
    ("GET", "/funds/{fund}/projection?draws=0", expect(LEDGER_READERS)),
    ("GET", "/funds/{fund}/contribution-plan", expect(LEDGER_READERS)),
    ("PUT", "/funds/{fund}/contribution-plan/2026", expect(PLANNERS)),
    ("DELETE", "/funds/{fund}/contribution-plan/2026", expect(PLANNERS, 422)),
    # attestation: the list is a reading of the ledger; no booking 999999 (404 for those
    # who may attest, before that 403 / 404 for the others)
    ("GET", "/funds/{fund}/preliminary-bookings", expect(LEDGER_READERS)),
    ("POST", "/funds/{fund}/preliminary-bookings/999999/attest", expect(ATTESTERS, 404)),
    ("POST", "/funds/{fund}/preliminary-bookings/999999/reject", expect(ATTESTERS, 404)),
    # the other organisation's fund: only its owner is in that organisation
    (
        "GET",
        "/funds/{other_fund}",
        {ANON: 401, **dict.fromkeys(IN_ORG, 404), "outsider": 404, "other_owner": 200},
    ),
    # objects that do not exist at all
    ("GET", "/funds/999999", {ANON: 401, **dict.fromkeys(ALL, 404)}),
    ("GET", "/projects/999999", {ANON: 401, **dict.fromkeys(ALL, 404)}),
]

PERSONAS = [ANON, *ALL]


def fill(template: str, p) -> str:
    return template.format(
        org=p.organisation.pk,
        fund=p.fund.pk,
        own=p.own_project.pk,
        other=p.other_project.pk,
        application=p.application.pk,
        other_fund=p.other_fund.pk,
    )


def contribution() -> dict:
    return {
        "type": "contribution",
        "date": "2026-02-01",
        "amount_ore": 1_000_000_00,
        "decision": {"body": "Kommunfullmäktige", "date": "2026-01-20", "dnr": "KS 2026/1"},
    }


def call(client, method: str, path: str):
    if path.endswith("/measurements/import"):
        from django.core.files.uploadedfile import SimpleUploadedFile

        upload = SimpleUploadedFile("m.csv", b"indicator,period,value\nX,2026,1\n")
        return client.client.post(
            "/api/v1" + path, {"file": upload, "dry_run": "true"}, headers=client.headers
        )
    if method == "POST" and path.endswith("/reject"):
        return client.post(path, {"reason": "Fel projekt"})
    if method == "POST":
        return client.post(path, contribution())
    if method == "PUT":
        body = {
            "amount_ore": 5_000_000_00,
            "decision_body": "Kommunfullmäktige",
            "decision_date": "2026-01-20",
            "decision_dnr": "KS 2026/2",
        }
        return client.client.put(
            "/api/v1" + path,
            json.dumps(body),
            content_type="application/json",
            headers=client.headers,
        )
    if method == "DELETE":
        return client.client.delete("/api/v1" + path, headers=client.headers)
    return client.client.get("/api/v1" + path, headers=client.headers)


@pytest.mark.parametrize("how", ["token", "session"])
@pytest.mark.parametrize(
    ("method", "template", "statuses"), CASES, ids=[f"{m} {t}" for m, t, _ in CASES]
)
def test_each_persona_gets_the_status_the_matrix_gives(
    api_as, personas, how, method, template, statuses
):
    path = fill(template, personas)
    got = {role: call(api_as(role, how), method, path).status_code for role in PERSONAS}
    assert got == {role: statuses[role] for role in PERSONAS}


def test_every_endpoint_is_in_the_matrix():
    from socinv.api.api import api

    schema = api.get_openapi_schema()
    documented = {
        (method.upper(), path.removeprefix("/api/v1"))
        for path, ops in schema["paths"].items()
        for method in ops
    }
    tested = set()
    for method, template, _s in CASES:
        path = template.split("?")[0]
        for name in ("org", "fund", "own", "other", "application", "other_fund"):
            path = path.replace("{" + name + "}", "{x}")
        tested.add((method, path.replace("999999", "{x}").replace("2026", "{x}")))
    normalised = set()
    for method, path in documented:
        parts = ["{x}" if p.startswith("{") else p for p in path.split("/")]
        normalised.add((method, "/".join(parts)))
    assert normalised == tested


def _book_some(personas):
    owner = personas["economist"]
    kf = Decision("Kommunfullmäktige", datetime.date(2026, 1, 20), "KS 2026/1")
    d = datetime.date(2026, 3, 1)
    record_attested(
        acting_user=owner,
        fund=personas.fund,
        type="contribution",
        date=d,
        amount_ore=5_000_000_00,
        decision=kf,
    )
    record_attested(
        acting_user=owner,
        fund=personas.fund,
        type="commitment",
        date=d,
        amount_ore=1_000_000_00,
        project=personas.own_project,
        decision=kf,
    )
    record_attested(
        acting_user=owner,
        fund=personas.fund,
        type="disbursement",
        date=d,
        amount_ore=400_000_00,
        project=personas.own_project,
        board=personas.social_board,
        decision=kf,
    )


@pytest.mark.parametrize("role", PERSONAS)
def test_token_and_session_give_the_same_answers(api_as, personas, role):
    _book_some(personas)
    paths = [fill(t, personas) for m, t, _s in CASES if m == "GET"]
    by_token, by_session = api_as(role, "token"), api_as(role, "session")
    for path in paths:
        a, b = call(by_token, "GET", path), call(by_session, "GET", path)
        assert (a.status_code, a.json()) == (b.status_code, b.json()), path


def test_lists_hold_only_what_the_persona_may_see(api_as, personas):
    p = personas
    all_projects = {p.own_project.pk, p.other_project.pk, p.application.pk}

    def ids(role, path):
        return {row["id"] for row in api_as(role).get(path).json()}

    for role in FUND_WIDE:
        assert ids(role, "/funds") == {p.fund.pk}
        assert ids(role, "/projects") == all_projects
        assert ids(role, "/organisations") == {p.organisation.pk}
    assert ids("project_leader", "/projects") == {p.own_project.pk}
    assert ids("evaluator", "/projects") == {p.own_project.pk}
    assert ids("external", "/projects") == {p.application.pk}
    for role in ["project_leader", "evaluator", "external"]:
        assert ids(role, "/funds") == set()
        assert ids(role, "/organisations") == {p.organisation.pk}
    assert ids("outsider", "/funds") == ids("outsider", "/projects") == set()
    assert ids("outsider", "/organisations") == set()
    assert ids("other_owner", "/funds") == {p.other_fund.pk}
    assert ids("other_owner", "/projects") == set()
    assert ids("other_owner", "/organisations") == {p.other_organisation.pk}
    assert ids("owner", f"/projects?fund={p.other_fund.pk}") == set()
    assert ids("owner", f"/projects?fund={p.fund.pk}") == all_projects


def test_organisations_list_the_personas_roles(api_as, personas):
    [org] = api_as("economist").get("/organisations").json()
    assert org["roles"] == ["economist"]
