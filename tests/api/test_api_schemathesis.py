"""Property-based run of the whole API against its own OpenAPI document (schemathesis,
driving the real Django WSGI application as the owner, by bearer token): no 5xx, only
documented status codes and content types, and every body valid against its schema.

Each operation runs twice: once with generated ids (mostly unknown objects: 404) and once
with the path's ids set to the personas' real fund, organisation and project, so that the
successful answers (and the ledger's refusals) are checked too; the fund holds money
first, so that generated commitments and disbursements can be booked. The number of examples is
bounded so that the whole run stays well under a minute."""

from __future__ import annotations

import datetime

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from tests.ledger_helpers import record_attested

from socinv.api.services import create_token

pytestmark = pytest.mark.django_db

EXAMPLES = {"generated": 8, "real": 20}


def checks():
    from schemathesis.checks import not_a_server_error
    from schemathesis.specs.openapi.checks import (
        content_type_conformance,
        response_schema_conformance,
        status_code_conformance,
    )

    return [
        not_a_server_error,
        status_code_conformance,
        content_type_conformance,
        response_schema_conformance,
    ]


def test_the_api_conforms_to_its_schema_and_never_fails(personas):
    from django.core.wsgi import get_wsgi_application

    app = get_wsgi_application()
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    _token, plain = create_token(acting_user=None, user=personas["owner"], name="schemathesis")
    headers = {"Authorization": f"Bearer {plain}"}
    real_ids = {
        "fund_id": personas.fund.pk,
        "organisation_id": personas.organisation.pk,
        "project_id": personas.own_project.pk,
    }
    real_body = {"project_id": personas.own_project.pk, "board_id": personas.social_board.pk}
    record_attested(
        acting_user=personas["economist"],
        fund=personas.fund,
        type="contribution",
        date=datetime.date(2026, 1, 1),
        amount_ore=10**12,  # socinv.core.limits.MAX_ENTRY_ORE
    )
    run_checks = checks()
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == 29

    for operation in operations:
        for mode, examples in EXAMPLES.items():
            fuzz(operation, mode, examples, real_ids, real_body, headers, run_checks)


def fuzz(operation, mode, examples, real_ids, real_body, headers, run_checks):
    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy())
    def run(case):
        if mode == "real" and case.path_parameters:
            for name in case.path_parameters:
                if name in real_ids:
                    case.path_parameters[name] = real_ids[name]
            if isinstance(case.body, dict):
                # real references, and no reversal, so that some entries are booked
                for name, value in real_body.items():
                    if case.body.get(name) is not None:
                        case.body[name] = value
                case.body.pop("reverses", None)
        case.call_and_validate(headers=headers, checks=run_checks)

    run()
