"""The project page as a status page in the application phase, with a saved review
(issue 13): the review step sees the latest saved review, says what it still lacks (a
recommendation, checklist answers) with a link to complete it, or that it is done; and
then the decision is the next step, with its link."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from socinv.review import services as review_services
from socinv.review.models import Review

pytestmark = pytest.mark.django_db


def _next_steps(client, user, project) -> tuple[list[str], str]:
    """The items of "what happens next" as text (the tags taken away), and their HTML."""
    client.force_login(user)
    response = client.get(reverse("projects:project", args=[project.pk]), HTTP_ACCEPT_LANGUAGE="sv")
    assert response.status_code == 200
    html = re.search(r'<ol class="next-steps".*?</ol>', response.content.decode(), re.S).group(0)
    return [
        " ".join(re.sub(r"<[^>]+>", "", item).split())
        for item in re.findall(r"<li.*?</li>", html, re.S)
    ], html


def _review(personas, *, recommendation: str, answered: int | None = None, project=None) -> list:
    """A review of the application-phase project (``project``, else the personas'
    application) saved by the owner; the first ``answered`` checklist questions answered
    (all when ``None``)."""
    owner = personas["owner"]
    questions = review_services.ensure_default_checklist(personas.fund, acting_user=owner)
    chosen = questions if answered is None else questions[:answered]
    review_services.save_review(
        acting_user=owner,
        project=project or personas.application,
        risk_class="medium",
        risk_rationale="Ny metod, liten organisation.",
        recommendation=recommendation,
        answers={q.pk: ("yes", "") for q in chosen},
    )
    return questions


def test_without_a_review_the_owner_is_asked_to_review(client, personas):
    steps, _html = _next_steps(client, personas["owner"], personas.application)
    review = next(s for s in steps if s.startswith(("Beredning", "Nästa steg: Beredning")))
    assert "Beredning: checkfrågor, riskklass och portföljen" in review
    assert "klart" not in review and "sparades" not in review
    assert not any("Slutför" in s for s in steps)


def test_a_saved_incomplete_review_says_what_it_lacks_and_links_to_it(client, personas):
    personas["owner"].first_name, personas["owner"].last_name = "Karin", "Berg"
    personas["owner"].save()
    questions = _review(personas, recommendation="", answered=1)
    remaining = len(questions) - 1
    assert remaining > 1
    steps, html = _next_steps(client, personas["owner"], personas.application)
    review = steps[1]
    assert (
        "Slutför den sparade beredningen: ge en rekommendation och besvara de "
        f"{remaining} checkfrågor som återstår"
    ) in review
    assert "En beredning sparades" in review and "av Karin Berg" in review
    assert "Beredning: checkfrågor" not in review
    assert "(klart)" not in review and "du kan göra detta" in review
    assert f'<a href="{reverse("review:review", args=[personas.application.pk])}">Slutför' in html
    # the decision is not yet the next step: the calculation is missing, then the review
    assert steps[0].startswith("Nästa steg:")
    assert not steps[2].startswith("Nästa steg:")


def test_a_review_lacking_only_its_recommendation_says_so(client, personas):
    _review(personas, recommendation="")
    steps, _html = _next_steps(client, personas["owner"], personas.application)
    assert "Slutför den sparade beredningen: ge en rekommendation." in steps[1]
    assert "som återstår" not in steps[1]


def test_a_complete_review_is_done_and_the_steering_group_decides_next(client, personas):
    project = personas.application
    project.calculation_toml = 'title = "Läxhjälp"\n'
    project.save(update_fields=["calculation_toml"])
    _review(personas, recommendation=Review.Recommendation.APPROVE_WITH_CONDITIONS)
    steps, html = _next_steps(client, personas["owner"], project)
    calculation, review, decision = steps
    assert "(klart)" in calculation
    assert "Beredning: checkfrågor, riskklass och portföljen (klart)" in review
    assert "rekommendation: Bevilja med villkor" in review
    assert "Slutför" not in review and "du kan göra detta" not in review
    assert decision.startswith("Nästa steg: Besluta om projektet och beloppen per år")
    assert "Ägare / styrgrupp" in decision and "du kan göra detta" in decision
    decide = reverse("review:decide", args=[project.pk])
    assert f'<a href="{decide}">Besluta' in html
    # the auditor reads the same, with no link
    steps, html = _next_steps(client, personas["auditor"], project)
    assert steps[2].startswith("Nästa steg: Besluta")
    assert "<a " not in html


def test_the_latest_saved_review_counts(client, personas):
    _review(personas, recommendation=Review.Recommendation.APPROVE)
    _review(personas, recommendation="")
    steps, _html = _next_steps(client, personas["owner"], personas.application)
    assert "Slutför den sparade beredningen: ge en rekommendation" in steps[1]


# --- the full application comes before the decision -------------------------------------


def _through_application(personas):
    """A project that came in through an application, its full application in draft."""
    from tests.applications.application_helpers import full_draft

    return full_draft(personas)


def _submitted(personas):
    from tests.applications.application_helpers import complete

    from socinv.applications import services as applications

    application = _through_application(personas)
    complete(application, personas["project_leader"])
    return applications.submit_full_application(application, acting_user=personas["project_leader"])


def test_the_status_page_uses_the_decision_services_rule():
    from socinv.applications.models import Application
    from socinv.core.phases import SUBMITTED_STAGE, is_ready_for_decision

    assert SUBMITTED_STAGE == Application.Stage.SUBMITTED
    assert is_ready_for_decision(None) and is_ready_for_decision(Application.Stage.SUBMITTED)
    for stage in Application.Stage.values:
        if stage != Application.Stage.SUBMITTED:
            assert not is_ready_for_decision(stage)


def test_before_submission_the_applicant_completes_and_submits_the_full_application(
    client, personas
):
    application = _through_application(personas)
    project = application.project
    full = reverse("applications:full", args=[application.pk])
    steps, html = _next_steps(client, personas["project_leader"], project)
    submission = steps[0]
    assert submission.startswith("Nästa steg: Komplettera och skicka in den fullständiga ansökan.")
    assert "Vem: Sökande, Projektledare – du kan göra detta" in submission
    assert f'<a href="{full}">Komplettera och skicka in' in html
    assert not any("Nästa steg" in s for s in steps[1:])
    # the owner, who may decide, is not offered the decision until it is submitted
    steps, html = _next_steps(client, personas["owner"], project)
    decision = steps[-1]
    assert decision.startswith("Besluta om projektet och beloppen per år.")
    assert "Styrgruppen beslutar när den fullständiga ansökan har skickats in." in decision
    assert "du kan göra detta" not in decision
    assert reverse("review:decide", args=[project.pk]) not in html


def test_once_submitted_the_submission_is_done_and_the_decision_offered(client, personas):
    project = _submitted(personas).project
    _review(personas, recommendation=Review.Recommendation.APPROVE, project=project)
    steps, html = _next_steps(client, personas["owner"], project)
    assert steps[0].startswith("Komplettera och skicka in den fullständiga ansökan (klart).")
    assert steps[-1].startswith("Nästa steg: Besluta om projektet och beloppen per år")
    assert "har skickats in" not in steps[-1] and "du kan göra detta" in steps[-1]
    assert f'<a href="{reverse("review:decide", args=[project.pk])}">Besluta' in html


def test_a_returned_application_says_why_and_is_completed_and_submitted_again(client, personas):
    import datetime

    from socinv.review.services import decide

    application = _submitted(personas)
    project = application.project
    decide(
        acting_user=personas["owner"],
        project=project,
        body="steering_group",
        date=datetime.date(2026, 11, 20),
        dnr="KS 2026/88",
        outcome="returned",
        conditions="Komplettera utvärderingsplanen med en jämförelsegrupp.",
    )
    steps, html = _next_steps(client, personas["project_leader"], project)
    submission = steps[0]
    assert submission.startswith(
        "Nästa steg: Komplettera den fullständiga ansökan och skicka in den igen."
    )
    assert (
        "Styrgruppen återremitterade ansökan för komplettering: "
        "Komplettera utvärderingsplanen med en jämförelsegrupp."
    ) in submission
    full = reverse("applications:full", args=[application.pk])
    assert f'<a href="{full}">Komplettera den fullständiga' in html
    steps, html = _next_steps(client, personas["owner"], project)
    assert "Styrgruppen beslutar när den fullständiga ansökan har skickats in." in steps[-1]
    assert reverse("review:decide", args=[project.pk]) not in html
