"""Every form of every page, posted with generated bodies as each persona (issue 11).

The pages come from the URL configuration (every named route outside the admin and the
API, each pk the personas' world has); each is rendered as every persona and its
``<form method="post">`` elements are read with html.parser. Every form found (by anyone)
is then posted as every persona with Hypothesis-generated bodies: texts of every size,
Swedish decimals, huge and negative numbers, a personnummer, NUL bytes, files, fields left
out. Each page must answer below 500, and a refusal (4xx, or 200 with the form shown again
with its errors) must store nothing: the rows of every socinv model (history and the
ledger included) are counted before and after. A redirect (success) may store.

One test per route the forms post to, so that a known bug being fixed elsewhere is an
explicit ``xfail`` below (the lead removes each when its fix is merged)."""

from __future__ import annotations

import contextlib
import logging
from collections import defaultdict
from dataclasses import dataclass, field

import pytest
from django.db import transaction
from django.test import Client
from hypothesis import example, given
from tests.fuzz.conftest import ROLES, changed, examples, hypothesis_settings, row_counts
from tests.fuzz.forms import EXPLICIT, Form, bodies, explicit, forms_of, page_urls, routes, shown

# Generated examples per persona and form: more for the personas the form is shown to
# (who also get the explicit examples of forms.EXPLICIT first).
SHOWN_EXAMPLES = 3
OTHER_EXAMPLES = 1

# Known bugs that other branches of issue 11 are fixing (see tests/fuzz/FINDINGS.md).
KNOWN: dict[str, str] = {}

ROUTES = routes()


def params() -> list:
    return [
        pytest.param(r.name, marks=pytest.mark.xfail(reason=KNOWN[r.name], strict=False))
        if r.name in KNOWN
        else r.name
        for r in ROUTES
    ]


@dataclass
class Discovered:
    forms: dict[str, dict[tuple, Form]] = field(default_factory=lambda: defaultdict(dict))
    seen_by: dict[tuple, set[str]] = field(default_factory=lambda: defaultdict(set))
    failures: dict[str, list[dict]] = field(default_factory=lambda: defaultdict(list))
    pages: int = 0


PERSONAS = [*ROLES, "anonymous"]


def clients(personas) -> dict[str, Client]:
    """A logged-in client per role of tests/conftest.py, and one not logged in."""
    made = {}
    for role in PERSONAS:
        made[role] = Client()
        if role != "anonymous":
            made[role].force_login(personas[role])
    return made


def world_ids(personas) -> dict[str, list[int]]:
    # other_project is own_project's twin (nobody's but the fund-wide roles'): left out
    projects = [personas.own_project, personas.application]
    return {
        "fund": [personas.fund.pk, personas.other_fund.pk],
        "project": [p.pk for p in projects],
    }


@contextlib.contextmanager
def quiet_requests():
    """Django logs each 403 and 404 with its traceback: thousands of them in a run."""
    logger = logging.getLogger("django.request")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)


@pytest.fixture(scope="module")
def discovered(world, django_db_blocker) -> Discovered:
    """Every page rendered as every persona (no 5xx), and the forms they show."""
    found = Discovered()
    ids = world_ids(world)
    with django_db_blocker.unblock(), quiet_requests():
        as_role = clients(world)
        for route in ROUTES:
            for url in page_urls(route, ids):
                for role in PERSONAS:
                    found.pages += 1
                    try:
                        response = as_role[role].get(url)
                    except Exception as error:  # noqa: BLE001 - the test client re-raises
                        found.failures[route.name].append(
                            {
                                "kind": "5xx",
                                "method": "GET",
                                "url": url,
                                "persona": role,
                                "error": f"{type(error).__name__}: {error}"[:300],
                            }
                        )
                        continue
                    if response.status_code >= 500:
                        found.failures[route.name].append(
                            {
                                "kind": "5xx",
                                "method": "GET",
                                "url": url,
                                "persona": role,
                                "status": response.status_code,
                            }
                        )
                    if response.status_code != 200 or "html" not in response.get(
                        "Content-Type", ""
                    ):
                        continue
                    for form in forms_of(url, response.content.decode()):
                        # one form of each shape per target (the same form of another
                        # project adds little but time)
                        found.forms[form.target].setdefault(form.key, form)
                        found.seen_by[form.key].add(role)
    return found


def refused(response) -> bool:
    if 400 <= response.status_code < 500:
        return True
    content = response.content
    return response.status_code == 200 and (
        b'class="error-summary"' in content or b'class="errorlist' in content
    )


def fuzz(form, role, client, tables, n: int, findings: list[dict], *, shown_to: bool) -> int:
    """Post ``n`` generated bodies (and the explicit ones) to ``form`` as ``role``; the
    number of bodies posted."""
    seen: set[tuple] = set()
    posted = 0

    def record(finding: dict):
        what = (finding["kind"], finding.get("status"), str(finding.get("error", ""))[:60])
        if what not in seen:
            seen.add(what)
            findings.append(finding)

    @hypothesis_settings(n)
    @given(body=bodies(form))
    def run(body):
        nonlocal posted
        posted += 1
        savepoint = transaction.savepoint()
        try:
            before = row_counts(tables)
            where = {"method": "POST", "url": form.action, "persona": role}
            try:
                response = client.post(form.action, body)
            except Exception as error:  # noqa: BLE001 - the test client re-raises
                record(
                    {
                        "kind": "5xx",
                        **where,
                        "body": shown(body),
                        "error": f"{type(error).__name__}: {error}"[:300],
                    }
                )
                return
            if response.status_code >= 500:
                record(
                    {"kind": "5xx", **where, "status": response.status_code, "body": shown(body)}
                )
            elif refused(response):
                stored = changed(before, row_counts(tables))
                if stored:
                    record(
                        {
                            "kind": "stored on refusal",
                            **where,
                            "status": response.status_code,
                            "body": shown(body),
                            "stored": stored,
                        }
                    )
        finally:
            transaction.savepoint_rollback(savepoint)

    if shown_to:
        for value in EXPLICIT:
            for only_required in (False, True):
                run = example(body=explicit(form, value, only_required=only_required))(run)
    run()
    return posted


@pytest.mark.django_db
@pytest.mark.parametrize("target", params())
def test_every_form_answers_below_500_and_a_refusal_stores_nothing(
    target, world, discovered, tables, record_property
):
    findings = list(discovered.failures.get(target, []))
    posted = 0
    as_role = clients(world)
    for key, form in discovered.forms.get(target, {}).items():
        for role in PERSONAS:
            shown_to = role in discovered.seen_by[key]
            n = examples(SHOWN_EXAMPLES if shown_to else OTHER_EXAMPLES)
            posted += fuzz(form, role, as_role[role], tables, n, findings, shown_to=shown_to)
    record_property("cases", posted)  # the counts of the closing note: --junitxml
    record_property("forms", len(discovered.forms.get(target, {})))
    assert not findings, "\n".join(map(repr, findings))


@pytest.mark.django_db
def test_the_fuzz_reaches_the_forms_that_write(discovered, record_property):
    """The discovery finds the forms that matter (else the fuzz above tests nothing)."""
    targets = set(discovered.forms)
    record_property("pages", discovered.pages)
    for needed in ["fund:book", "applications:new_idea", "set_language", "login"]:
        assert needed in targets, sorted(targets)
    assert len(targets) >= 14, sorted(targets)
