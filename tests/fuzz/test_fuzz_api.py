"""Every operation of the JSON API (/api/v1/), fuzzed by schemathesis from the app's own
OpenAPI document, in process (WSGI), as every persona of tests/conftest.py by bearer token
(issue 11). No answer may be a 5xx, and a refusal (4xx) must store nothing: the rows of
every socinv model are counted before and after each call. Each call runs in a savepoint
rolled back after it.

Each operation runs with generated ids (mostly unknown objects: 404) and with the path's
ids and the body's references set to the personas' real fund, organisation and project,
so that permissions, validation and the ledger's refusals are reached too.
(tests/api/test_api_schemathesis.py checks the owner's answers against the schema.)"""

from __future__ import annotations

import pytest
import schemathesis
from django.db import transaction
from hypothesis import given
from tests.fuzz.conftest import ROLES, changed, examples, hypothesis_settings, row_counts

from socinv.api.services import create_token

pytestmark = pytest.mark.django_db

# Examples per operation and persona: with generated ids, and with the real ones.
GENERATED = 1
REAL = 2
OPERATIONS = 29

# Known bugs that other branches of issue 11 are fixing (see tests/fuzz/FINDINGS.md).
KNOWN: dict[str, str] = {}


@pytest.fixture(scope="module")
def schema():
    from django.core.wsgi import get_wsgi_application

    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())


def fuzz(operation, mode, n, headers, real, tables, findings, role) -> int:
    """Run ``n`` generated cases of ``operation``; the number of calls made."""
    seen: set[tuple] = set()
    calls = 0

    @hypothesis_settings(n)
    @given(case=operation.as_strategy())
    def run(case):
        nonlocal calls
        calls += 1
        if mode == "real":
            for name in case.path_parameters or {}:
                if name in real["ids"]:
                    case.path_parameters[name] = real["ids"][name]
            if isinstance(case.body, dict):
                for name, value in real["body"].items():
                    if case.body.get(name) is not None:
                        case.body[name] = value
        savepoint = transaction.savepoint()
        try:
            before = row_counts(tables)
            response = case.call(headers=headers)
            status = response.status_code
            stored = changed(before, row_counts(tables)) if 400 <= status < 500 else {}
        finally:
            transaction.savepoint_rollback(savepoint)
        if status >= 500 or stored:
            kind = "5xx" if status >= 500 else "stored on refusal"
            if (kind, operation.label, status) not in seen:
                seen.add((kind, operation.label, status))
                findings.append(
                    {
                        "kind": kind,
                        "method": case.method,
                        "url": case.formatted_path,
                        "query": case.query,
                        "persona": role,
                        "status": status,
                        "body": case.body,
                        "stored": stored,
                        "answer": response.text[:300],
                    }
                )

    run()
    return calls


@pytest.mark.parametrize(
    "role",
    [
        pytest.param(r, marks=pytest.mark.xfail(reason=KNOWN[r], strict=False)) if r in KNOWN else r
        for r in ROLES
    ],
)
def test_every_api_operation_answers_below_500_and_a_refusal_stores_nothing(
    role, world, schema, tables, record_property
):
    _token, plain = create_token(acting_user=None, user=world[role], name="fuzz")
    headers = {"Authorization": f"Bearer {plain}"}
    fund = world.other_fund if role == "other_owner" else world.fund
    organisation = world.other_organisation if role == "other_owner" else world.organisation
    real = {
        "ids": {
            "fund_id": fund.pk,
            "organisation_id": organisation.pk,
            "project_id": world.own_project.pk,
        },
        "body": {"project_id": world.own_project.pk, "board_id": world.social_board.pk},
    }
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == OPERATIONS
    findings: list[dict] = []
    calls = 0
    for operation in operations:
        for mode, n in [("generated", GENERATED), ("real", REAL)]:
            calls += fuzz(operation, mode, examples(n), headers, real, tables, findings, role)
    record_property("cases", calls)  # the counts of the closing note: --junitxml
    assert not findings, "\n".join(map(repr, findings))
