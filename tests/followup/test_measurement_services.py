"""The measurement services on the write contract: each checks its own permission
(PermissionDenied, whoever calls it) and refuses with Refused and stable codes before
anything is stored."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from socinv.applications.models import Indicator
from socinv.core.problems import Refused
from socinv.followup.models import ImportBatch, Measurement
from socinv.followup.services import (
    correct_measurement,
    import_measurements,
    report_measurement,
)
from socinv.io.measurements import ProblemCode
from socinv.l10n.measurements import MESSAGES

pytestmark = pytest.mark.django_db

PN = "811218-9876"
CSV = b"indicator,period,value\nAndel,2026-Q1,0.5\n"


def indicator(project) -> Indicator:
    return Indicator.objects.create(project=project, level="outcomes", name="Andel")


@pytest.mark.parametrize("role", ["evaluator", "auditor", "administrator", "outsider"])
def test_the_import_checks_its_own_permission(personas, role):
    indicator(personas.own_project)
    with pytest.raises(PermissionDenied):
        import_measurements(
            acting_user=personas[role], project=personas.own_project, data=CSV, filename="m.csv"
        )
    assert Measurement.objects.count() == 0 and ImportBatch.objects.count() == 0


@pytest.mark.parametrize("role", ["evaluator", "outsider"])
def test_reporting_and_correcting_check_their_own_permission(personas, role):
    ind = indicator(personas.own_project)
    with pytest.raises(PermissionDenied):
        report_measurement(acting_user=personas[role], indicator=ind, period="2026", value=1)
    Measurement.objects.create(indicator=ind, period="2026", value=1)
    with pytest.raises(PermissionDenied):
        correct_measurement(
            acting_user=personas[role], indicator=ind, period="2026", value=2, reason="fel"
        )
    assert Measurement.objects.get().value == 1


def test_report_refusals(personas):
    ind = indicator(personas.own_project)
    leader = personas["project_leader"]
    with pytest.raises(Refused) as exc:
        report_measurement(
            acting_user=leader, indicator=ind, period="2026", value=1, comment=f"gäller {PN}"
        )
    assert exc.value.codes == ["personal_number"]
    assert [r.field for r in exc.value.refusals] == ["comment"]
    assert PN not in str(exc.value)
    report_measurement(acting_user=leader, indicator=ind, period="2026", value=1)
    with pytest.raises(Refused) as exc:
        report_measurement(acting_user=leader, indicator=ind, period="2026", value=2)
    assert exc.value.codes == ["already_reported"]
    assert exc.value.refusals[0].field == "period"
    assert Measurement.objects.get().value == 1


def test_correction_refusals(personas):
    ind = indicator(personas.own_project)
    owner = personas["owner"]
    with pytest.raises(Refused) as exc:
        correct_measurement(acting_user=owner, indicator=ind, period="2026", value=2, reason="x")
    assert exc.value.codes == ["nothing_to_correct"]
    Measurement.objects.create(indicator=ind, period="2026", value=1)
    with pytest.raises(Refused) as exc:
        correct_measurement(
            acting_user=owner, indicator=ind, period="2026", value=2, reason=f"{PN} ", comment=PN
        )
    assert exc.value.codes == ["personal_number", "personal_number"]
    assert [r.field for r in exc.value.refusals] == ["comment", "reason"]
    with pytest.raises(Refused) as exc:
        correct_measurement(acting_user=owner, indicator=ind, period="2026", value=2, reason=" ")
    assert exc.value.codes == ["reason_required"]
    assert Measurement.objects.get().value == 1


def test_every_reader_code_has_one_wording():
    assert {str(c) for c in ProblemCode} <= set(MESSAGES)
