"""Personal data nowhere, and no text without a bound (issue 11, findings 4 and 6).

The walk: every text field (``CharField``/``TextField``) of every socinv model is either a
free text, carrying :data:`socinv.web.validators.no_personal_number` and a maximum length
that ``full_clean`` checks (:class:`~socinv.web.validators.MaxLength`, which names the
field), or a choice, or one of the few codes below (each with its reason). Then the
doors: an idea's need with a personnummer or a megabyte of text is refused through the
web form, the service and the last guard before the database, and nothing is stored.
"""

from __future__ import annotations

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse

from socinv.applications import services
from socinv.applications.models import Application, EvidenceStatement
from socinv.core.limits import MAX_TEXT
from socinv.core.problems import Refused
from socinv.projects.models import Project
from socinv.web.guards import text_refusals
from socinv.web.validators import MaxLength, no_personal_number

PERSONNUMMER = "19121212-1212"
MEGABYTE = "a" * 1_000_000

# Text fields that are no free text: codes and machine values, bounded by their
# max_length (a CharField's is the column's width). Each with its reason.
NOT_FREE_TEXT = {
    "organisation.Organisation.org_number": "an organisationsnummer (a code, NNNNNN-NNNN)",
    "organisation.Board.code": "a slug chosen by the administrator",
    "projects.Project.code": "a ledger's object code (letters, digits, . _ - /), validated",
    "organisation.Stakeholder.key": "the key a calculation's TOML refers to",
    "followup.ImportBatch.fingerprint": "the file's SHA-256, computed",
    "followup.ImportBatch.format": "csv, xlsx or kolada: set by the importer",
    "followup.Measurement.period": "normalised by normalise_period (2026, 2026-Q1, 2026-03)",
    "followup.KoladaLink.kpi": "a Kolada KPI id (N00945), checked by core.kolada.check_link",
    "followup.KoladaLink.municipality": "a four-digit municipality code, checked likewise",
    "followup.KoladaLink.gender": "T, K or M (a check constraint)",
    "followup.KoladaLink.comparisons": "four-digit municipality codes, checked likewise",
    "followup.KoladaLink.group": "a Kolada municipality group id (G124026), checked likewise",
    "followup.KoladaLink.baseline_period": "a Kolada period, normalised by the reader",
    "followup.ComparisonValue.place": "a municipality code or group id, from the reader",
    "followup.ComparisonValue.period": "a Kolada period, normalised by the reader",
    "followup.ComparisonValue.gender": "T, K or M, from the reader",
    "savings.WriteDownConfirmation.bearer_source": "a code set by the service",
    "api.ApiToken.token_hash": "the token's SHA-256, computed",
    "api.ApiToken.prefix": "the first characters of a generated token",
    "api.IdempotencyKey.key": "a client's Idempotency-Key, checked by the header's pattern",
    "api.IdempotencyKey.path": "the request's path, computed",
    "api.IdempotencyKey.request_sha256": "the request's SHA-256, computed",
    "api.IdempotencyKey.response": "the API's own first answer as JSON, computed",
    "fund.Fund.ledger_head": "the hash of the ledger's last entry, computed",
    "fund.LedgerEntry.prev_hash": "the previous entry's hash, computed",
    "fund.LedgerEntry.hash": "the entry's SHA-256, computed",
    "web.UsedFormToken.token": "a random token, generated",
    "web.UsedFormToken.result_url": "the URL the first POST went to, computed",
    "fund.LedgerEntry.bearer": "a code (central, board, project type) set by the service",
    "accounts.GroupRole.group": "a group's name or id as the identity provider's claim has it",
    "accounts.SsoIdentity.issuer": "the identity provider's issuer URL, from the settings",
    "accounts.SsoIdentity.subject": "the identity provider's subject id, from a verified token",
    "actuals.FundAccountMapping.debit_account": "an account number (digits, letters), validated",
    "actuals.FundAccountMapping.credit_account": "an account number (digits, letters), validated",
    "actuals.SieImport.fingerprint": "the file's SHA-256, computed",
    "actuals.SieImport.encoding": "cp437, utf-8 or latin-1: set by the reader",
    "actuals.ActualCost.account": "an account number from a SIE file, only digits kept (3-8)",
    "catalogue.UnitCost.code": "the id a calculation's TOML refers to (letters, digits, - and _)",
    "catalogue.UnitCost.bearer": "a stakeholder's key, as organisation.Stakeholder.key",
    "projects.StoredSimulation.engine_version": "socinv.__version__, set by the service",
    "projects.StoredSimulation.input_sha256": "the input text's SHA-256, computed",
    "projects.StoredCatalogue.version": "the SHA-256 of the catalogue part used, computed",
}


def _socinv_models():
    """Every installed socinv model but simple-history's copies (they copy the fields)."""
    return [
        m
        for m in apps.get_models()
        if m.__module__.startswith("socinv.") and not hasattr(m, "instance_type")
    ]


def _text_fields():
    for model in _socinv_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, models.CharField | models.TextField):
                yield f"{model._meta.label}.{field.name}", field


def test_every_free_text_of_every_model_refuses_a_personnummer_and_has_a_named_limit():
    missing = []
    for name, field in _text_fields():
        if not field.max_length:
            missing.append(f"{name}: no max_length")
        if field.choices or name in NOT_FREE_TEXT:
            continue
        if no_personal_number not in field.validators:
            missing.append(f"{name}: no no_personal_number")
        if not any(isinstance(v, MaxLength) for v in field.validators):
            missing.append(f"{name}: its max_length is not checked by full_clean (MaxLength)")
    assert missing == []


def test_the_allow_lists_name_fields_that_exist():
    names = {name for name, _field in _text_fields()}
    assert set(NOT_FREE_TEXT) - names == set()


def test_the_walk_sees_the_fields_it_must():
    """The walk is no vacuous pass: it reaches the texts of finding 4 and every app."""
    names = {name for name, _field in _text_fields()}
    assert {"applications.Application.need", "review.Decision.conditions"} <= names
    labels = {name.split(".")[0] for name in names}
    assert {"applications", "review", "phases", "evaluation", "scaleup", "savings"} <= labels
    assert {"followup", "calculation", "projects", "organisation", "api"} <= labels


def test_a_text_fields_limit_is_checked_by_full_clean_and_names_the_field():
    application = Application(need="a" * (MAX_TEXT + 1))
    refusals = text_refusals(application)
    assert [(r.field, r.code) for r in refusals] == [("need", "max_length")]
    assert (
        refusals[0].message == "Behov får vara högst 20\u00a0000 tecken (texten har 20\u00a0001)."
    )
    assert text_refusals(Application(need="a" * MAX_TEXT)) == []


# Finding 4: the need of an idea -----------------------------------------------------------


def _idea_post(personas, **fields):
    return {"fund": personas.fund.pk, "title": "Läxhjälp", "need": "Stöd hemma.", **fields}


@pytest.mark.django_db
def test_a_personnummer_in_the_need_is_refused_by_the_web_form_and_nothing_is_stored(
    client, personas
):
    projects = Project.objects.count()
    client.force_login(personas["project_leader"])
    need = f"Barnet {PERSONNUMMER} behöver stöd."
    response = client.post(reverse("applications:new_idea"), _idea_post(personas, need=need))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Innehåller ett personnummer" in page
    assert Application.objects.count() == 0
    assert Project.objects.count() == projects


@pytest.mark.django_db
def test_a_personnummer_in_the_need_is_refused_by_the_service_and_nothing_is_stored(personas):
    projects = Project.objects.count()
    with pytest.raises(Refused) as refused:
        services.create_idea(
            fund=personas.fund,
            acting_user=personas["project_leader"],
            title="Läxhjälp",
            need=f"Barnet {PERSONNUMMER} behöver stöd.",
        )
    assert [(r.field, r.code) for r in refused.value.refusals] == [("need", "personal_number")]
    assert Application.objects.count() == 0
    assert Project.objects.count() == projects


@pytest.mark.django_db
def test_a_personnummer_is_refused_on_update_too_and_the_stored_need_stays(personas):
    leader = personas["project_leader"]
    application = services.create_idea(
        fund=personas.fund, acting_user=leader, title="Läxhjälp", need="Stöd hemma."
    )
    with pytest.raises(Refused):
        services.update_application(application, acting_user=leader, need=PERSONNUMMER)
    application.refresh_from_db()
    assert application.need == "Stöd hemma."
    assert application.history.count() == 1


# Finding 6: a megabyte of text --------------------------------------------------------------


@pytest.mark.django_db
def test_a_megabyte_need_is_refused_by_the_web_form_naming_the_field_and_the_limit(
    client, personas
):
    client.force_login(personas["project_leader"])
    response = client.post(reverse("applications:new_idea"), _idea_post(personas, need=MEGABYTE))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Behov får vara högst 20\u00a0000 tecken" in page
    assert Application.objects.count() == 0


@pytest.mark.django_db
def test_a_megabyte_need_is_refused_by_the_service_naming_the_field_and_the_limit(personas):
    projects = Project.objects.count()
    with pytest.raises(Refused) as refused:
        services.create_idea(
            fund=personas.fund,
            acting_user=personas["project_leader"],
            title="Läxhjälp",
            need=MEGABYTE,
        )
    (refusal,) = refused.value.refusals
    assert (refusal.field, refusal.code) == ("need", "max_length")
    assert refusal.message.startswith("Behov får vara högst 20\u00a0000 tecken")
    assert Application.objects.count() == 0
    assert Project.objects.count() == projects


@pytest.mark.django_db
def test_the_last_guard_refuses_a_save_that_skips_every_check(personas):
    """A service that forgets full_clean: the pre-save guard still stores nothing."""
    with pytest.raises(Refused) as refused:
        EvidenceStatement.objects.create(
            project=personas.own_project, level="outcomes", text=f"Se {PERSONNUMMER}."
        )
    assert [(r.field, r.code) for r in refused.value.refusals] == [("text", "personal_number")]
    assert EvidenceStatement.objects.count() == 0
    project = Project.objects.get(pk=personas.own_project.pk)
    project.title = "x" * 301
    with pytest.raises(Refused):
        project.save()
    assert Project.objects.get(pk=project.pk).title != project.title


def test_a_model_form_field_refuses_in_the_same_words():
    """The admin's model forms: the field made from the model refuses what the model does."""
    field = Application._meta.get_field("need").formfield()
    with pytest.raises(ValidationError) as too_long:
        field.clean("a" * (MAX_TEXT + 1))
    assert too_long.value.messages == [
        "Behov får vara högst 20\u00a0000 tecken (texten har 20\u00a0001)."
    ]
    with pytest.raises(ValidationError) as personal:
        field.clean(PERSONNUMMER)
    assert [e.code for e in personal.value.error_list] == ["personal_number"]
