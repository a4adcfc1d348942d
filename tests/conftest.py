"""Fixed personas for permission tests (the Healthchecks way): one organisation with a
fund and projects, a user per role, project members, a user of another organisation and
an outsider. Use ``personas`` in any test marked ``django_db``."""

from __future__ import annotations

import datetime
import os
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.db import transaction

PASSWORD = "Hemligt-lösen-2026"


@dataclass
class Personas:
    organisation: object
    fund: object
    social_board: object
    school_board: object
    own_project: object  # led by project_leader, evaluated by evaluator
    other_project: object  # nobody's but the fund-wide roles'
    application: object  # an external applicant's, in the application phase
    users: dict = field(default_factory=dict)
    other_organisation: object = None
    other_fund: object = None

    def __getitem__(self, role: str):
        return self.users[role]


ROLES = [
    "administrator",
    "owner",
    "economist",
    "project_leader",
    "evaluator",
    "auditor",
    "external",
    "outsider",
    "other_owner",
]


def make_personas() -> Personas:
    from django.contrib.auth import get_user_model

    from socinv.accounts.models import Membership
    from socinv.fund.models import Fund
    from socinv.organisation.models import Organisation
    from socinv.organisation.services import create_board_at_setup
    from socinv.projects.models import Project, ProjectMember

    User = get_user_model()
    org = Organisation.objects.create(name="Exempelkommun", kind=Organisation.Kind.MUNICIPALITY)
    social = create_board_at_setup(organisation=org, name="Socialnämnden", code="socialnamnd")
    school = create_board_at_setup(
        organisation=org, name="Utbildningsnämnden", code="utbildningsnamnd"
    )
    fund = Fund.objects.create(
        organisation=org,
        name="Sociala investeringsfonden",
        decision_body="Kommunfullmäktige",
        decision_date=datetime.date(2025, 11, 20),
        decision_dnr="KS 2025/117",
    )
    own = Project.objects.create(
        fund=fund, title="Skolstöd för familjehemsplacerade barn", phase="implementation"
    )
    own.responsible_boards.add(social)
    other = Project.objects.create(fund=fund, title="Tidiga insatser mot skolfrånvaro")
    other.responsible_boards.add(social, school)
    application = Project.objects.create(
        fund=fund,
        title="Läxhjälp i föreningsregi",
        applicant_organisation="Föreningen Läxhjälpen",
        phase="application",
    )
    application.responsible_boards.add(school)

    other_org = Organisation.objects.create(name="Grannkommun", kind=Organisation.Kind.MUNICIPALITY)
    other_fund = Fund.objects.create(organisation=other_org, name="Grannfonden")

    users = {role: User.objects.create_user(role, password=PASSWORD) for role in ROLES}
    for role in ["administrator", "owner", "economist", "auditor"]:
        Membership.objects.create(user=users[role], organisation=org, role=role)
    Membership.objects.create(user=users["project_leader"], organisation=org, role="project_leader")
    Membership.objects.create(user=users["evaluator"], organisation=org, role="evaluator")
    Membership.objects.create(user=users["external"], organisation=org, role="external")
    Membership.objects.create(user=users["other_owner"], organisation=other_org, role="owner")
    ProjectMember.objects.create(project=own, user=users["project_leader"], role="leader")
    ProjectMember.objects.create(project=own, user=users["evaluator"], role="evaluator")
    ProjectMember.objects.create(project=application, user=users["external"], role="applicant")
    for role in ["administrator", "auditor"]:
        users[role].is_staff = True
        users[role].save(update_fields=["is_staff"])
    return Personas(
        org, fund, social, school, own, other, application, users, other_org, other_fund
    )


@pytest.fixture(autouse=True, scope="session")
def _fast_password_hashing():
    """Personas are made for hundreds of tests: hash their passwords cheaply (tests only)."""
    from django.conf import settings

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True, scope="session")
def _static_files_looked_up_per_request():
    """Django's test client loads the middleware anew for every client, and WhiteNoise
    (DEBUG is off in the tests) would list every static file each time (~140 files, most
    of a simple test's time): look a static file up when it is asked for instead."""
    from django.conf import settings

    settings.WHITENOISE_AUTOREFRESH = True


@pytest.fixture(autouse=True, scope="session")
def _strict_hooks():
    """A hooked-in part that raises (a report section) fails the test, never passes as a
    note (``SOCINV_STRICT_HOOKS``; Django's test environment turns DEBUG off)."""
    from django.conf import settings

    settings.SOCINV_STRICT_HOOKS = True


@pytest.fixture
def personas(db) -> Personas:
    return make_personas()


@pytest.fixture(scope="module")
def shared_personas(django_db_setup, django_db_blocker) -> Personas:
    """The personas once for a whole module whose tests only read them (Django's
    ``setUpTestData``): made in a transaction rolled back when the module ends; each test
    (marked ``django_db``) runs in a savepoint inside it. A module that uses it must not use
    ``personas`` as well (the users would be made twice)."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield make_personas()
        transaction.set_rollback(True)


# --- markers by place (registered in pyproject.toml; make test-fast deselects all three) ---

TESTS = Path(__file__).resolve().parent
# The browser tests outside tests/e2e: each serves socinv and drives chromium.
E2E_MODULES = {
    "calculation/test_expost_axe.py",
    "applications/test_applications_accessibility.py",
}
# The slowest tests outside e2e (pytest --durations=40 -m "not e2e"): each test of these
# modules starts the command line in a subprocess ...
SLOW_MODULES = {
    "cli/test_cli.py",
    "integration/test_backup.py",
    "followup/test_upload_memory.py",
    "fuzz/test_fuzz_forms.py",
    "fuzz/test_fuzz_api.py",
}
# ... and these take about a second or more each: real subprocesses (socinv migrate, the
# demo, racing writers), long Hypothesis runs, PDFs made by WeasyPrint, files of 150 000
# rows. Every parametrisation of a name is slow.
SLOW = {
    "api/test_api_schemathesis.py::test_the_api_conforms_to_its_schema_and_never_fails",
    "calculation/test_calculation_editor.py::test_the_rendered_form_posts_back_the_same_calculation",
    "demo/test_createuser.py::test_the_cli_loads_the_demo_and_creates_users",
    "followup/test_report_section.py::test_the_demo_report_shows_2026_after_the_import",
    "followup/test_streaming_import.py::test_a_bad_row_near_the_end_of_a_big_file_stores_nothing",
    "followup/test_streaming_import.py::test_a_good_file_is_stored_in_batches_with_history",
    "followup/test_streaming_import.py::test_personnummer_on_line_150000_refuses_the_file",
    "integration/test_ledger_concurrency.py::test_concurrent_commitments_on_sqlite_never_exceed_available",
    "integration/test_organisation.py::test_socinv_migrate_creates_the_tables_in_a_wal_sqlite_file",
    "integration/test_ledger_limits.py::test_the_migration_keeps_the_sqlite_triggers_going_forth_and_back",
    "property/test_ledger_db_state_machine.py::test_random_ledger_operations_keep_every_invariant",
    "property/test_measurement_paths.py::test_fast_and_slow_paths_agree_on_csv",
    "property/test_ledger_properties.py::test_a_ledger_built_through_the_checks_keeps_every_invariant",
    "property/test_ledger_properties.py::test_check_ledger_agrees_with_check_new_entry_at_every_step",
    "property/test_ledger_properties.py::test_tampering_with_any_field_of_any_entry_is_caught",
    "property/test_ledger_properties.py::test_the_year_end_statement_adds_up",
    "api/test_api_permissions.py::test_token_and_session_give_the_same_answers",
    "reports/test_followup_report.py::test_the_pdf_fails_with_a_clear_message_without_pango",
    "reports/test_followup_report.py::test_the_pdf_holds_the_title_an_indicator_and_money",
    "reports/test_followup_report.py::test_the_pdf_in_english",
    "reports/test_memo.py::test_each_persona_who_may_see_it_downloads_the_pdf",
    "reports/test_memo.py::test_the_memo_holds_the_application_review_and_decision",
    "reports/test_memo.py::test_the_pdf_fails_with_a_clear_message_when_weasyprint_cannot_load",
    "reports/test_memo.py::test_the_pdf_holds_the_title_both_calculations_and_the_npv",
    "integration/test_one_word_per_concept.py::test_the_demo_pages_pdfs_and_workbooks_use_one_word_per_concept",
}
# ... and so is each test that loads the whole demo for itself (a function-scoped fixture
# ``demo``: about a second); savings/test_demo.py loads it once for the module.
DEMO_ONCE_PER_MODULE = {"savings/test_demo.py"}
ON_POSTGRES = bool(os.environ.get("SOCINV_TEST_POSTGRES"))
# make test-fast passes --reuse-db: the SQLite test database is then a file kept between
# runs (one per xdist worker, ``_gw0`` appended) instead of a fresh in-memory one, so a run
# applies only the migrations that are new. make test always migrates a fresh database.
REUSED_DB = TESTS.parent / ".pytest_cache" / "test-db" / "socinv.sqlite3"


def pytest_configure(config):
    database = django_settings.DATABASES["default"]
    if config.getoption("reuse_db", False) and database["ENGINE"].endswith("sqlite3"):
        REUSED_DB.parent.mkdir(parents=True, exist_ok=True)
        database.setdefault("TEST", {})["NAME"] = str(REUSED_DB)


def pytest_collection_modifyitems(config, items):
    """Mark by place: tests/e2e and the browser modules ``e2e``, the slowest others
    ``slow``; every test of the PostgreSQL run (SOCINV_TEST_POSTGRES) ``postgres``. A test
    marked ``postgres`` in its module needs the server: outside that run it is deselected
    (not collected), never skipped; inside it, a missing server fails it."""
    deselected = []
    kept = []
    for item in items:
        path = Path(str(item.path)).resolve()
        place = path.relative_to(TESTS).as_posix() if path.is_relative_to(TESTS) else ""
        name = getattr(item, "originalname", item.name)
        if place.startswith("e2e/") or place in E2E_MODULES or "live_server" in item.fixturenames:
            item.add_marker(pytest.mark.e2e)
        loads_the_demo = "demo" in item.fixturenames and place not in DEMO_ONCE_PER_MODULE
        if place in SLOW_MODULES or f"{place}::{name}" in SLOW or loads_the_demo:
            item.add_marker(pytest.mark.slow)
        if ON_POSTGRES:
            item.add_marker(pytest.mark.postgres)
        elif item.get_closest_marker("postgres"):
            deselected.append(item)
            continue
        kept.append(item)
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = kept


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts, and leaves the thread, in the default language (sv): a request in
    English (the test client runs LocaleMiddleware in this thread) must not leak into the
    next test."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)
