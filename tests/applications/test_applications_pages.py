"""The application pages: the permission matrix from both sides, drafts that keep what
was typed, invalid submissions that lose nothing, and the steering group's go / no-go."""

from __future__ import annotations

import datetime

import pytest
from application_helpers import complete, full_draft, idea
from django.urls import reverse

from socinv.applications import rules, services
from socinv.applications.models import Application
from socinv.projects.models import ProjectMember
from socinv.web import once

pytestmark = pytest.mark.django_db
S = Application.Stage
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
READERS = {"administrator", "owner", "economist", "project_leader", "evaluator", "auditor"}
EDITORS = {"owner", "project_leader"}
OUTSIDERS = {"outsider", "other_owner"}  # no part in the fund's organisation: 404


def _expected(role: str, allowed: set[str]) -> int:
    """200 for who may; 404 for an outsider (nothing is revealed); 403 for a member."""
    if role in allowed:
        return 200
    return 404 if role in OUTSIDERS else 403


@pytest.fixture
def leader_application(personas):
    """The project leader's idea, with the evaluator as its evaluator."""
    application = idea(personas)
    ProjectMember.objects.create(
        project=application.project, user=personas["evaluator"], role="evaluator"
    )
    return application


@pytest.mark.parametrize("role", ROLES)
def test_the_idea_page_follows_the_permission_matrix(client, personas, leader_application, role):
    client.force_login(personas[role])
    response = client.get(reverse("applications:detail", args=[leader_application.pk]))
    assert response.status_code == _expected(role, READERS), role


@pytest.mark.parametrize("role", ROLES)
def test_only_the_leader_and_the_owner_may_edit_the_idea(
    client, personas, leader_application, role
):
    client.force_login(personas[role])
    response = client.get(reverse("applications:edit_idea", args=[leader_application.pk]))
    assert response.status_code == _expected(role, EDITORS), role


@pytest.mark.parametrize("role", ["auditor", "evaluator", "economist"])
def test_readers_see_no_edit_or_submit_buttons(client, personas, leader_application, role):
    client.force_login(personas[role])
    page = client.get(reverse("applications:detail", args=[leader_application.pk])).content.decode()
    assert reverse("applications:edit_idea", args=[leader_application.pk]) not in page
    assert reverse("applications:submit_idea", args=[leader_application.pk]) not in page
    response = client.post(reverse("applications:submit_idea", args=[leader_application.pk]))
    assert response.status_code == 403
    leader_application.refresh_from_db()
    assert leader_application.stage == S.IDEA_DRAFT


@pytest.mark.parametrize("role", ROLES)
def test_the_full_application_form_follows_the_permission_matrix(client, personas, role):
    application = full_draft(personas)
    ProjectMember.objects.create(
        project=application.project, user=personas["evaluator"], role="evaluator"
    )
    client.force_login(personas[role])
    response = client.get(reverse("applications:full", args=[application.pk]))
    assert response.status_code == _expected(role, EDITORS), role


def _external_application(personas):
    personas.fund.civil_society_may_apply = True
    personas.fund.save()
    return idea(
        personas,
        personas["external"],
        title="Läxhjälp i föreningen",
        applicant_organisation="Föreningen Läxhjälpen",
    )


@pytest.mark.parametrize("role", ROLES)
def test_an_external_applicant_sees_only_their_own_application(client, personas, role):
    application = _external_application(personas)
    client.force_login(personas[role])
    response = client.get(reverse("applications:detail", args=[application.pk]))
    allowed = {"administrator", "owner", "economist", "auditor", "external"}
    assert response.status_code == _expected(role, allowed), role


def test_the_external_applicant_cannot_open_the_leaders_application(
    client, personas, leader_application
):
    client.force_login(personas["external"])
    assert (
        client.get(reverse("applications:detail", args=[leader_application.pk])).status_code == 403
    )
    assert (
        client.get(reverse("applications:edit_idea", args=[leader_application.pk])).status_code
        == 403
    )


def test_my_applications_lists_only_what_the_user_may_see(client, personas, leader_application):
    external = _external_application(personas)
    client.force_login(personas["project_leader"])
    page = client.get(reverse("applications:mine")).content.decode()
    assert "Mina ansökningar" in page
    assert leader_application.project.title in page
    assert "Idé (utkast)" in page
    assert external.project.title not in page
    client.force_login(personas["external"])
    page = client.get(reverse("applications:mine")).content.decode()
    assert external.project.title in page
    assert leader_application.project.title not in page
    for role in ("outsider", "other_owner"):
        client.force_login(personas[role])
        page = client.get(reverse("applications:mine")).content.decode()
        assert leader_application.project.title not in page


def test_another_organisations_owner_gets_nothing(client, personas, leader_application):
    client.force_login(personas["other_owner"])
    for name in ("detail", "edit_idea", "full"):
        response = client.get(reverse(f"applications:{name}", args=[leader_application.pk]))
        assert response.status_code == 404
        assert leader_application.project.title not in response.content.decode()
    response = client.get(reverse("applications:review_ideas", args=[personas.fund.pk]))
    assert response.status_code == 404


@pytest.mark.parametrize("role", ["evaluator", "auditor", "outsider", "external"])
def test_the_new_idea_form_is_refused_to_those_who_may_not_submit(client, personas, role):
    client.force_login(personas[role])
    assert client.get(reverse("applications:new_idea")).status_code == 403


def test_anonymous_visitors_are_sent_to_the_login_page(client, personas, leader_application):
    response = client.get(reverse("applications:detail", args=[leader_application.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


IDEA = {
    "title": "Läxhjälp på fritids",
    "need": "Många barn saknar stöd hemma.",
    "target_group": "Barn i årskurs 4–6",
    "intervention": "Läxhjälp tre dagar i veckan.",
    "expected_effects": "Bättre betyg.",
}


def test_a_project_leader_saves_an_idea_and_sends_it(client, personas):
    client.force_login(personas["project_leader"])
    response = client.get(reverse("applications:new_idea"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Ny idé" in page and 'lang="sv"' in page
    data = {**IDEA, "fund": personas.fund.pk, "boards": [personas.social_board.pk]}
    response = client.post(reverse("applications:new_idea"), data)
    application = Application.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("applications:detail", args=[application.pk])
    assert application.project.title == "Läxhjälp på fritids"
    assert application.history.latest().history_user == personas["project_leader"]
    page = client.get(response["Location"]).content.decode()
    assert "Inget saknas" in page
    response = client.post(reverse("applications:submit_idea", args=[application.pk]))
    application.refresh_from_db()
    assert application.stage == S.IDEA_SUBMITTED


def test_a_draft_idea_saves_whatever_is_filled_and_shows_what_is_missing(client, personas):
    client.force_login(personas["project_leader"])
    client.post(
        reverse("applications:new_idea"), {"fund": personas.fund.pk, "title": "Bara ett namn"}
    )
    application = Application.objects.get()
    page = client.get(reverse("applications:detail", args=[application.pk])).content.decode()
    assert "Det här saknas innan du kan skicka in" in page
    assert "Beskriv behovet." in page
    client.post(reverse("applications:submit_idea", args=[application.pk]))
    application.refresh_from_db()
    assert application.stage == S.IDEA_DRAFT


def test_sending_an_incomplete_idea_keeps_what_was_typed(client, personas, leader_application):
    client.force_login(personas["project_leader"])
    url = reverse("applications:edit_idea", args=[leader_application.pk])
    data = {
        "title": "Nytt namn",
        "need": "Nytt behov",
        "target_group": "",
        "intervention": "Ny insats",
        "expected_effects": "",
        "boards": [personas.school_board.pk],
        "submit": "1",
    }
    response = client.post(url, data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Idén sparades men skickades inte" in page
    assert "Beskriv målgruppen." in page
    for value in ("Nytt namn", "Nytt behov", "Ny insats"):
        assert value in page
    leader_application.refresh_from_db()
    assert leader_application.stage == S.IDEA_DRAFT
    assert leader_application.need == "Nytt behov"  # the draft was saved
    assert list(leader_application.project.responsible_boards.all()) == [personas.school_board]


def test_an_invalid_idea_form_keeps_every_field(client, personas):
    client.force_login(personas["project_leader"])
    data = {**IDEA, "title": "", "fund": personas.fund.pk, "boards": [personas.social_board.pk]}
    response = client.post(reverse("applications:new_idea"), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Inget sparades" in page
    assert 'aria-invalid="true"' in page
    for key in ("need", "target_group", "intervention", "expected_effects"):
        assert IDEA[key] in page
    assert f'value="{personas.social_board.pk}" checked' in page or "checked" in page
    assert not Application.objects.exists()


def test_the_steering_group_says_go_and_no_go_with_a_comment(client, personas):
    first = idea(personas)
    second = idea(personas, title="Annan idé")
    for application in (first, second):
        services.submit_idea(application, acting_user=personas["project_leader"])
    client.force_login(personas["owner"])
    url = reverse("applications:review_ideas", args=[personas.fund.pk])
    page = client.get(url).content.decode()
    assert first.project.title in page and "Annan idé" in page
    client.post(
        reverse("applications:decide_idea", args=[first.pk]),
        {
            "prefix": f"a{first.pk}",
            f"a{first.pk}-decision": "go",
            f"a{first.pk}-comment": "Bra",
            "next": "review",
            "_once": once.issue(personas["owner"]),
        },
    )
    second_form = once.issue(personas["owner"])
    client.post(
        reverse("applications:decide_idea", args=[second.pk]),
        {
            "prefix": f"a{second.pk}",
            "_once": second_form,
            f"a{second.pk}-decision": "no_go",
            f"a{second.pk}-comment": "",
            "next": "review",
        },
    )
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.stage, first.idea_decided_by, first.idea_decision_comment) == (
        S.IDEA_APPROVED,
        personas["owner"],
        "Bra",
    )
    assert second.stage == S.IDEA_SUBMITTED  # a no-go needs a comment
    client.post(
        reverse("applications:decide_idea", args=[second.pk]),
        # the refused no-go did not use up the form's token
        {"decision": "no_go", "comment": "Finns redan", "_once": second_form},
    )
    second.refresh_from_db()
    assert second.stage == S.IDEA_REJECTED


def test_a_refused_idea_decision_says_what_the_form_refused(client, personas):
    """Not "Choose go or no-go." for every invalid form: a comment with a personnummer or
    over its bound gets the comment's own refusal, and nothing is decided."""
    application = idea(personas)
    services.submit_idea(application, acting_user=personas["project_leader"])
    client.force_login(personas["owner"])
    url = reverse("applications:decide_idea", args=[application.pk])
    token = once.issue(personas["owner"])
    choose = "Välj gå vidare eller inte gå vidare."
    cases = [
        ({"decision": "no_go", "comment": "Gäller 19121212-1212"}, "Innehåller ett personnummer"),
        (
            {"decision": "no_go", "comment": "x" * 2001},
            "Kommentar får vara högst 2\u00a0000 tecken",
        ),
        ({"comment": "Bra"}, choose),
    ]
    for data, expected in cases:
        page = client.post(url, {**data, "_once": token}, follow=True).content.decode()
        assert expected in page, expected
        if expected != choose:
            assert choose not in page
        assert "121212" not in page
        application.refresh_from_db()
        assert application.stage == S.IDEA_SUBMITTED


@pytest.mark.parametrize("role", ROLES)
def test_only_the_steering_group_opens_the_idea_list_and_decides(client, personas, role):
    application = idea(personas)
    services.submit_idea(application, acting_user=personas["project_leader"])
    client.force_login(personas[role])
    response = client.get(reverse("applications:review_ideas", args=[personas.fund.pk]))
    assert response.status_code == _expected(role, {"owner"}), role
    response = client.post(
        reverse("applications:decide_idea", args=[application.pk]),
        {"decision": "go", "comment": "", "_once": once.issue(personas[role])},
    )
    application.refresh_from_db()
    if role == "owner":
        assert application.stage == S.IDEA_APPROVED
    else:
        assert response.status_code == _expected(role, set())
        assert application.stage == S.IDEA_SUBMITTED


def _full_post(personas, **overrides):
    data = {
        "title": "Familjehemsbarns skolgång",
        "need": "Låga skolresultat.",
        "needs_analysis": "Analys av skolresultat.",
        "needs_source": "Verksamhetsplan 2026",
        "needs_figures": "42 %",
        "target_group": "Familjehemsplacerade barn",
        "target_group_size": "120",
        "intervention": "Skolstöd.",
        "expected_effects": "Fler når målen.",
        "type": "method_trial",
        "route": "implementation",
        "logic": "experimental",
        "boards": [personas.social_board.pk],
        "civil_society_partners": "Rädda Barnen\nFöreningen Läxhjälpen",
        "risk_assessment": "Personalomsättning.",
        "evaluation_plan": "Följeforskning.",
        "evaluation_cost": "250 000,50",
        "evaluation_scientific": "on",
        "has_comparison_group": "on",
        "comparison_group": "Grannkommunen",
        "implementation_plan": "Socialtjänsten tar över.",
        "implementation_owner_name": "Anna Andersson",
        "implementation_owner_title": "Socialchef",
        "implementation_signed_on": "2026-10-01",
        "first_year": "2027",
        "last_year": "2028",
        "amount_2027": "1 234 567,50",
        "cofinancing_money_2027": "",
        "cofinancing_hours_2027": "300",
        "amount_2028": "",
        "cofinancing_money_2028": "",
        "cofinancing_hours_2028": "",
        "chain-TOTAL_FORMS": "6",
        "chain-INITIAL_FORMS": "6",
        "indicator-TOTAL_FORMS": "2",
        "indicator-INITIAL_FORMS": "0",
    }
    levels = ["resources", "activities", "outputs", "outcomes", "impact", "value_created"]
    for i, level in enumerate(levels):
        data[f"chain-{i}-level"] = level
        data[f"chain-{i}-text"] = f"Text om {level}"
    for i, level in enumerate(["outputs", "outcomes"]):
        data.update(
            {
                f"indicator-{i}-level": level,
                f"indicator-{i}-name": f"Indikator {level}",
                f"indicator-{i}-unit": "antal",
                f"indicator-{i}-direction": "higher",
                f"indicator-{i}-baseline_value": "12,5",
                f"indicator-{i}-baseline_source": "Skolverket",
                f"indicator-{i}-baseline_date": "2026-01-01",
                f"indicator-{i}-target_value": "40",
                f"indicator-{i}-reporting_frequency": "yearly",
            }
        )
    data.update(overrides)
    return data


def _step_url(application, number):
    return reverse("applications:full_step", args=[application.pk, number])


def _post_every_step(client, application, data):
    """Post ``data`` to the steps 1–4 with "Save and continue", as a user would; each
    step takes its own fields from it."""
    for number in range(1, 5):
        response = client.post(_step_url(application, number), {**data, "continue": "1"})
        assert response.status_code == 302, (number, response.content.decode()[:3000])
        assert response["Location"] == _step_url(application, number + 1)


def test_the_full_application_form_saves_a_draft_in_every_section(client, personas):
    application = full_draft(personas)
    client.force_login(personas["project_leader"])
    url = reverse("applications:full", args=[application.pk])
    page = client.get(url).content.decode()
    assert "Fullständig ansökan" in page and "Beviskedja" in page
    _post_every_step(client, application, _full_post(personas))
    application.refresh_from_db()
    project = application.project
    assert application.evaluation_cost_ore == 25_000_050
    assert project.logic == "experimental"
    assert application.partners == ["Rädda Barnen", "Föreningen Läxhjälpen"]
    (year,) = application.budget_years.all()
    assert (year.year, year.amount_ore, year.cofinancing_hours) == (2027, 123_456_750, 300)
    assert project.evidence_statements.count() == 6
    assert sorted(project.indicators.values_list("baseline_value", flat=True)) == [12.5, 12.5]
    assert application.stage == S.FULL_DRAFT
    # what was saved is shown again in each step
    assert "Rädda Barnen" in client.get(_step_url(application, 4)).content.decode()
    assert "Text om impact" in client.get(_step_url(application, 2)).content.decode()
    assert "1\xa0234\xa0567,50" in client.get(_step_url(application, 3)).content.decode()
    # and the review step says what is still missing
    page = client.get(_step_url(application, 5)).content.decode()
    assert "Det här saknas" in page and "Kalkylen saknas." in page


@pytest.mark.parametrize(
    ("number", "bad"),
    [
        (1, {"target_group_size": "tolv"}),
        (2, {"indicator-1-baseline_value": "mycket"}),
        (3, {"amount_2027": "tolv kronor"}),
        (4, {"evaluation_cost": "mycket pengar"}),
    ],
)
def test_an_invalid_step_keeps_every_field_typed_and_saves_nothing(client, personas, number, bad):
    application = full_draft(personas)
    client.force_login(personas["project_leader"])
    data = _full_post(personas, **bad)
    response = client.post(_step_url(application, number), {**data, "continue": "1"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Inget sparades" in page and 'id="error-summary"' in page
    assert 'aria-invalid="true"' in page
    assert 'aria-current="step"' in page
    for value in bad.values():
        assert value in page
    # the other fields of the step keep what was typed
    kept = {
        1: "Analys av skolresultat.",
        2: "Text om impact",
        3: "300",
        4: "Personalomsättning.",
    }[number]
    assert kept in page
    application.refresh_from_db()
    assert application.needs_analysis == ""  # nothing saved from an invalid step
    assert application.risk_assessment == ""
    assert not application.budget_years.exists()
    assert not application.project.indicators.exists()


def test_submitting_an_incomplete_full_application_lists_what_is_missing(client, personas):
    application = full_draft(personas)
    client.force_login(personas["project_leader"])
    _post_every_step(client, application, _full_post(personas, risk_assessment=""))
    response = client.post(_step_url(application, 5), {"submit": "1"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Ansökan skickades inte in" in page
    assert "Skriv er riskbedömning." in page
    assert "Kalkylen saknas." in page
    application.refresh_from_db()
    assert application.stage == S.FULL_DRAFT
    assert application.needs_analysis == "Analys av skolresultat."


def test_a_complete_full_application_is_submitted_from_the_form(client, personas):
    application = full_draft(personas)
    project = application.project
    project.calculation_toml = 'title = "x"\n'
    project.save()
    client.force_login(personas["project_leader"])
    _post_every_step(client, application, _full_post(personas))
    response = client.post(_step_url(application, 5), {"submit": "1"})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.stage == S.SUBMITTED
    # once submitted, the form is closed and the page read-only
    assert client.get(reverse("applications:full", args=[application.pk])).status_code == 403
    assert client.get(_step_url(application, 3)).status_code == 403


def test_the_complete_helper_fills_everything(personas):
    application = full_draft(personas)
    complete(application, personas["project_leader"])
    assert rules.missing_items(application) == []


def test_after_a_go_the_leader_starts_the_full_application(client, personas, leader_application):
    services.submit_idea(leader_application, acting_user=personas["project_leader"])
    services.decide_idea(leader_application, acting_user=personas["owner"], go=True, comment="")
    client.force_login(personas["auditor"])
    response = client.post(reverse("applications:start_full", args=[leader_application.pk]))
    assert response.status_code == 403
    client.force_login(personas["project_leader"])
    page = client.get(reverse("applications:detail", args=[leader_application.pk])).content.decode()
    assert "Börja den fullständiga ansökan" in page
    response = client.post(reverse("applications:start_full", args=[leader_application.pk]))
    assert response["Location"] == reverse("applications:full", args=[leader_application.pk])
    leader_application.refresh_from_db()
    assert leader_application.stage == S.FULL_DRAFT


def test_the_form_has_no_duplicate_ids(client, personas):
    import re
    from collections import Counter

    application = full_draft(personas)
    client.force_login(personas["project_leader"])
    page = client.get(reverse("applications:full", args=[application.pk])).content.decode()
    ids = Counter(re.findall(r'\sid="([^"]+)"', page))
    assert [i for i, n in ids.items() if n > 1] == []


def test_the_detail_shows_baseline_and_target_in_the_units_precision(client, personas):
    # the one rule for indicator values (socinv.followup.values): a share in percent, a
    # count whole; not every value with two decimals ("0,42", "10,00")
    application = full_draft(personas)
    common = {"direction": "higher", "baseline_source": "Skolverket",
              "baseline_date": datetime.date(2026, 1, 1), "reporting_frequency": "yearly"}  # fmt: skip
    share = {**common, "level": "outcomes", "name": "Andel som når målen", "unit": "andel",
             "baseline_value": 0.42, "target_value": 0.605}  # fmt: skip
    count = {**common, "level": "outputs", "name": "Antal bedömda barn", "unit": "antal",
             "baseline_value": 10.0, "target_value": 40.0}  # fmt: skip
    complete(application, personas["project_leader"], indicators=[count, share])
    client.force_login(personas["project_leader"])
    page = client.get(reverse("applications:detail", args=[application.pk])).content.decode()
    assert '<td class="num">42\u00a0%</td>' in page
    assert '<td class="num">60,5\u00a0%</td>' in page
    assert '<td class="num">10</td>' in page and '<td class="num">40</td>' in page
    assert "10,00" not in page and "0,42" not in page
