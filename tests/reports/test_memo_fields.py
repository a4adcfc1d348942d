"""Every field of an application, of its budget years and of the evidence chain has its
place in the decision memo.

The fields come from the models' ``_meta``: a field added to ``Application``,
``BudgetYear``, ``EvidenceStatement`` or ``Indicator`` gets a distinct, recognisable value
here and must show in the memo, or be named in ``EXCLUDED`` with the reason it has no
place there. (The memo used to name fields the model does not have and so dropped them
silently.)"""

from __future__ import annotations

import datetime
import itertools

import pytest
from django.core.files.base import ContentFile
from django.db import models
from django.urls import reverse
from django.utils import timezone, translation

from socinv.applications.models import (
    Application,
    Attachment,
    BudgetYear,
    EvidenceStatement,
    Indicator,
)
from socinv.l10n import format_decimal
from socinv.web.i18n import ore_to_text

pytestmark = pytest.mark.django_db

EXCLUDED = {
    Application: {
        "id": "the row's key",
        "project": "the memo is the project's own: its title heads the memo",
        "created_by": "who opened the draft in the system (the applicant is the project's)",
        "created_at": "when the draft was opened in the system, not a step of the application",
        "idea_submitted_at": "a step of the workflow; the memo dates the idea's decision and "
        "the full application",
        "idea_submitted_by": "who pressed the button: bookkeeping, not the applicant",
        "idea_decided_by": "who recorded the steering group's go: bookkeeping",
        "submitted_by": "who pressed the button: bookkeeping, not the applicant",
        "budget_years": "its fields are checked below, BudgetYear's own",
    },
    BudgetYear: {
        "id": "the row's key",
        "application": "the budget is the application's",
    },
    EvidenceStatement: {
        "id": "the row's key",
        "project": "the chain is the project's",
        "order": "orders the statements within their level (checked by their sequence)",
    },
    Indicator: {
        "id": "the row's key",
        "project": "the chain is the project's",
        "order": "orders the indicators within their level",
        "measurements": "the follow-up's, not the application's (the follow-up report)",
        "realised_savings": "the follow-up's, not the application's (the follow-up report)",
        "kolada_link": "the follow-up's source of the baseline (the follow-up page shows it)",
        "comparison_values": "the follow-up's Kolada comparisons (the follow-up report's chart)",
    },
}

_numbers = itertools.count(1)


def _fields(model) -> list:
    """Every field of ``model`` that must show in the memo."""
    names = EXCLUDED[model]
    fields = [f for f in model._meta.get_fields() if f.name not in names]
    stale = set(names) - {f.name for f in model._meta.get_fields()}
    assert not stale, f"EXCLUDED names fields {model.__name__} does not have: {stale}"
    return fields


def _value(model, field):
    """(value, the text the memo must show for it); the text is None for a boolean (the
    memo must change when it flips)."""
    n = next(_numbers)
    kind = field.get_internal_type()
    if field.choices:
        value = next(v for v, _ in field.choices if v != field.default)
        with translation.override("sv"):
            return value, str(dict(field.flatchoices)[value])
    if kind in ("CharField", "TextField"):
        text = f"‹{model.__name__}.{field.name}›"
        return text, text
    if kind == "BigIntegerField" and field.name.endswith("_ore"):
        ore = (10_000 + 137 * n) * 100
        return ore, ore_to_text(ore, "sv")
    if kind in ("PositiveIntegerField", "PositiveSmallIntegerField", "IntegerField"):
        return 7000 + n, str(7000 + n)
    if kind == "FloatField":
        value = 900 + n + 0.25
        return value, format_decimal(value, 2, "sv")
    if kind == "DateField":
        day = datetime.date(2031, 1, 1) + datetime.timedelta(days=n)
        return day, day.isoformat()
    if kind == "DateTimeField":
        moment = timezone.make_aware(datetime.datetime(2032, 1, 1, 12, 0)) + datetime.timedelta(
            days=n
        )
        return moment, moment.date().isoformat()
    if kind == "BooleanField":
        return True, None
    raise AssertionError(
        f"{model.__name__}.{field.name} is a {kind}: give it a value here and a place in "
        "the memo, or name it in EXCLUDED with the reason"
    )


def _filled(model, related=(), **given) -> tuple[dict, dict]:
    """Values for every field of ``model`` that must show, and the texts they must show
    as. Related rows (``related``: names of reverse relations) the test makes itself."""
    values, texts = dict(given), {}
    for field in _fields(model):
        if field.name in given or field.name in related:
            continue
        assert field.concrete, (
            f"{model.__name__}.{field.name}: rows of another model; make one in the test "
            "and check it, or name it in EXCLUDED with the reason"
        )
        values[field.name], texts[field.name] = _value(model, field)
    return values, texts


def _memo(client, project) -> str:
    """The memo itself (the page around it carries a fresh CSRF token each time)."""
    html = client.get(reverse("reports:memo", args=[project.pk])).content.decode()
    return html[html.index('<article class="memo"') : html.index("</article>")]


def test_every_field_of_the_application_shows_in_the_memo(client, personas, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    project = personas.own_project
    values, texts = _filled(
        Application,
        related=("attachments",),
        project=project,
        created_by=personas["project_leader"],
    )
    for name in ("idea_submitted_by", "idea_decided_by", "submitted_by"):
        values[name] = personas["project_leader"]
    application = Application.objects.create(**values)
    attachment = Attachment(
        application=application,
        original_name="‹Attachment.original_name›.pdf",
        kind="pdf",
        size=1234,
        uploaded_by=personas["project_leader"],
    )
    attachment.file.save("plan.pdf", ContentFile(b"%PDF-1.4"), save=True)
    texts["attachments"] = attachment.original_name

    budget_values, budget_texts = _filled(BudgetYear, application=application)
    BudgetYear.objects.create(**budget_values)
    statement_values, statement_texts = _filled(EvidenceStatement, project=project)
    statement = EvidenceStatement.objects.create(**statement_values)
    indicator_values, indicator_texts = _filled(Indicator, project=project, level="outputs")
    indicator_texts["level"] = "Prestationer"
    indicator = Indicator.objects.create(**indicator_values)

    client.force_login(personas["economist"])
    html = _memo(client, project)
    every = {
        "Application": texts,
        "BudgetYear": budget_texts,
        "EvidenceStatement": statement_texts,
        "Indicator": indicator_texts,
    }
    missing = {
        f"{model}.{name}": text
        for model, found in every.items()
        for name, text in found.items()
        if text is not None and text not in html
    }
    assert not missing, f"not in the memo: {missing}"

    # each statement and indicator sits under its own level
    def level(key):
        return html.split(f'id="memo-level-{key}"')[1].split("</section>")[0]

    assert statement.text in level(statement.level)
    assert indicator.name in level(indicator.level)

    # a boolean shows: the memo changes when it flips
    booleans = [
        (model, instance, f.name)
        for model, instance in (
            (Application, application),
            (EvidenceStatement, statement),
            (Indicator, indicator),
        )
        for f in _fields(model)
        if isinstance(f, models.BooleanField)
    ]
    assert booleans, "Application has boolean fields: the test must see them"
    for model, instance, name in booleans:
        model.objects.filter(pk=instance.pk).update(**{name: False})
        assert _memo(client, project) != html, f"{model.__name__}.{name} has no place"
        model.objects.filter(pk=instance.pk).update(**{name: True})


def test_the_exclusions_have_reasons():
    for model, names in EXCLUDED.items():
        for name, reason in names.items():
            assert len(reason) > 10, (model.__name__, name)
