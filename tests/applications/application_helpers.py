"""Applications at every stage, made through the services (the personas of
tests/conftest.py act). Imported by the tests as ``application_helpers`` (a name of its
own: every test directory has a ``conftest``)."""

from __future__ import annotations

import datetime

COMPLETE_TOML = 'title = "Läxhjälp"\n'


def complete(application, user, **overrides):
    """Fill in everything a full application needs (through the service)."""
    from socinv.applications import services
    from socinv.applications.models import Level

    project = application.project
    project.calculation_toml = COMPLETE_TOML
    project.save(update_fields=["calculation_toml"])
    fields = dict(
        target_group="Barn 6–12 år i familjehem",
        needs_analysis="Skolresultaten är låga.",
        needs_source="Verksamhetsplan 2026, SCB",
        needs_figures="42 % når inte målen i årskurs 6.",
        target_group_size=120,
        risk_assessment="Personalomsättning.",
        evaluation_plan="Följeforskning med Göteborgs universitet.",
        evaluation_cost_ore=25_000_000,
        evaluation_scientific=True,
        has_comparison_group=True,
        comparison_group="Barn i grannkommunen.",
        implementation_plan="Socialtjänsten tar över metoden år 3.",
        implementation_owner_name="Anna Andersson",
        implementation_owner_title="Socialchef",
        implementation_signed_on=datetime.date(2026, 10, 1),
        budget_years=[
            {
                "year": 2027,
                "amount_ore": 100_000_000,
                "cofinancing_money_ore": 0,
                "cofinancing_hours": 200,
            },
            {
                "year": 2028,
                "amount_ore": 100_000_000,
                "cofinancing_money_ore": 5_000_000,
                "cofinancing_hours": 0,
            },
        ],
        statements=[{"level": level.value, "text": f"{level.label} text"} for level in Level],
        indicators=[
            _indicator(Level.OUTPUTS, "Antal bedömda barn"),
            _indicator(Level.OUTCOMES, "Andel som når målen"),
        ],
    )
    fields.update(overrides)
    return services.update_application(application, acting_user=user, **fields)


def _indicator(level, name):
    return {
        "level": level.value,
        "name": name,
        "unit": "antal",
        "direction": "higher",
        "baseline_value": 10.0,
        "baseline_source": "Skolverket",
        "baseline_date": datetime.date(2026, 1, 1),
        "target_value": 40.0,
        "reporting_frequency": "yearly",
    }


def idea(personas, user=None, **kwargs):
    from socinv.applications import services

    user = user or personas["project_leader"]
    values = dict(
        fund=personas.fund,
        acting_user=user,
        title="Familjehemsbarns skolgång",
        need="Låga skolresultat.",
        target_group="Familjehemsplacerade barn",
        intervention="Skolstöd varje vecka.",
        expected_effects="Fler når målen.",
        boards=[personas.social_board],
    )
    values.update(kwargs)
    return services.create_idea(**values)


def full_draft(personas, user=None):
    """An idea taken through go to a full application draft."""
    from socinv.applications import services

    user = user or personas["project_leader"]
    application = idea(personas, user)
    services.submit_idea(application, acting_user=user)
    services.decide_idea(application, acting_user=personas["owner"], go=True, comment="Bra idé.")
    services.start_full_application(application, acting_user=user)
    return application
