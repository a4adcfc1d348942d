"""The phases and multiplier-effects endpoints × every persona, by token and by session
(the same matrix as tests/api/test_api_permissions.py)."""

from __future__ import annotations

import pytest
from tests.api.conftest import ApiClient

pytestmark = pytest.mark.django_db

ANON = None
FUND_WIDE = ["administrator", "owner", "economist", "auditor"]
IN_ORG = [*FUND_WIDE, "project_leader", "evaluator", "external"]
ALL = [*IN_ORG, "outsider", "other_owner"]


def expect(ok: list[str]) -> dict:
    out = {ANON: 401, "outsider": 404, "other_owner": 404}
    for role in IN_ORG:
        out[role] = 200 if role in ok else 403
    return out


CASES = [
    ("/projects/{own}/phases", expect([*FUND_WIDE, "project_leader", "evaluator"])),
    ("/projects/{other}/phases", expect(FUND_WIDE)),
    ("/projects/{application}/phases", expect([*FUND_WIDE, "external"])),
    ("/projects/{own}/multiplier-effects", expect([*FUND_WIDE, "project_leader", "evaluator"])),
    ("/projects/{other}/multiplier-effects", expect(FUND_WIDE)),
    ("/projects/999999/phases", {ANON: 401, **dict.fromkeys(ALL, 404)}),
    ("/projects/999999/multiplier-effects", {ANON: 401, **dict.fromkeys(ALL, 404)}),
]


@pytest.mark.parametrize("how", ["token", "session"])
@pytest.mark.parametrize(("template", "statuses"), CASES, ids=[t for t, _ in CASES])
def test_each_persona(personas, how, template, statuses):
    path = template.format(
        own=personas.own_project.pk,
        other=personas.other_project.pk,
        application=personas.application.pk,
    )
    got = {
        role: ApiClient(None if role is None else personas[role], how).get(path).status_code
        for role in [ANON, *ALL]
    }
    assert got == statuses
