"""Demo data for the follow-up: indicators along the evidence chain of three projects and
their measurements for 2025, with comparison groups and the number of individuals.

"Skolstöd för familjehemsplacerade barn" has no measurements for 2026: a new user imports
``examples/uppfoljning-skolstod-2026.csv`` (the Swedish Excel dialect) on the project's
follow-up page and sees the status of three indicators change. All figures are invented
but of a realistic size for a municipality of about 60 000 inhabitants.

Idempotent per indicator name and period, so that it can run beside other parts of the
demo that create indicators of their own.
"""

from __future__ import annotations

import datetime

from django.db import transaction

from socinv.applications.models import Indicator
from socinv.audit import attributed_to

from .models import Measurement

D = datetime.date

# project key → [(level, name, unit, direction, baseline, baseline date, source, target,
#                frequency, [(period, value, comparison value, individuals, comment)])]
INDICATORS: dict[str, list[tuple]] = {
    "skolstod": [
        (
            "outputs",
            "Antal barn med genomförd kartläggning",
            "antal",
            "higher",
            0,
            D(2024, 12, 31),
            "Projektplanen: tre kohorter om 20 barn",
            60,
            "quarterly",
            [
                ("2025-Q1", 12, None, None, "Kohort 1 kartlagd med Skolfam-modellen"),
                ("2025-Q2", 26, None, None, ""),
                ("2025-Q3", 31, None, None, "Sommaruppehåll, två familjehem tackade nej"),
                ("2025-Q4", 44, None, None, "Kohort 2 påbörjad"),
            ],
        ),
        (
            "outcomes",
            "Andel elever behöriga till gymnasiet",
            "andel",
            "higher",
            0.48,
            D(2024, 6, 30),
            "SIRIS/egen uppföljning: familjehemsplacerade elever i åk 9 2022–2024",
            0.65,
            "half_yearly",
            [
                (
                    "2025-06",
                    0.50,
                    0.47,
                    20,
                    "Vårterminen 2025; jämförelse: placerade elever i grannkommunerna",
                ),
                ("2025-12", 0.55, 0.48, 20, "Höstterminen 2025, prognos utifrån terminsbetyg"),
            ],
        ),
        (
            "outcomes",
            "Andel elever med godkänt i matematik",
            "andel",
            "higher",
            0.55,
            D(2024, 6, 30),
            "Terminsbetyg åk 6–9, familjehemsplacerade elever",
            0.70,
            "half_yearly",
            [
                ("2025-06", 0.58, 0.56, 58, "Vårterminen 2025"),
                ("2025-12", 0.63, 0.57, 60, "Höstterminen 2025"),
            ],
        ),
        (
            "impact",
            "Antal sammanbrott i familjehemsplaceringar per år",
            "antal",
            "lower",
            9,
            D(2024, 12, 31),
            "Socialförvaltningens verksamhetssystem 2022–2024 (medel)",
            5,
            "yearly",
            [("2025", 7, None, 58, "Oplanerade avslut av placeringar i målgruppen")],
        ),
        (
            "value_created",
            "Kostnad för HVB-placeringar i målgruppen",
            "kr",
            "lower",
            4_800_000,
            D(2024, 12, 31),
            "Socialförvaltningens bokslut 2024",
            3_600_000,
            "yearly",
            [("2025", 4_150_000, None, None, "Bokslut 2025")],
        ),
    ],
    "arbete": [
        (
            "outputs",
            "Antal deltagare som påbörjat insatsen",
            "antal",
            "higher",
            0,
            D(2023, 4, 30),
            "Projektplanen",
            120,
            "quarterly",
            [
                ("2025-Q1", 78, None, None, ""),
                ("2025-Q2", 91, None, None, ""),
                ("2025-Q3", 104, None, None, ""),
                ("2025-Q4", 118, None, None, "Insatsen ingår nu i ordinarie verksamhet"),
            ],
        ),
        (
            "outcomes",
            "Andel i arbete eller studier efter 12 månader",
            "andel",
            "higher",
            0.22,
            D(2022, 12, 31),
            "Arbetsmarknadsförvaltningens uppföljning 2020–2022",
            0.45,
            "quarterly",
            [
                (
                    "2025-Q1",
                    0.34,
                    0.24,
                    38,
                    "Jämförelse: unga vuxna med försörjningsstöd i kommundelar utan insatsen",
                ),
                ("2025-Q2", 0.38, 0.25, 41, ""),
                ("2025-Q3", 0.41, 0.23, 44, ""),
                ("2025-Q4", 0.44, 0.26, 45, ""),
            ],
        ),
        (
            "outcomes",
            "Antal hushåll med försörjningsstöd",
            "antal",
            "lower",
            142,
            D(2022, 12, 31),
            "Ekonomiskt bistånd, unga vuxna 18–29 år, december 2022",
            100,
            "quarterly",
            [
                ("2025-Q1", 131, None, None, ""),
                ("2025-Q2", 124, None, None, ""),
                ("2025-Q3", 118, None, None, ""),
                ("2025-Q4", 109, None, None, ""),
            ],
        ),
        (
            "value_created",
            "Utbetalt försörjningsstöd till målgruppen",
            "kr",
            "lower",
            11_900_000,
            D(2022, 12, 31),
            "Socialförvaltningens bokslut 2022",
            8_500_000,
            "yearly",
            [("2025", 9_200_000, None, None, "Bokslut 2025")],
        ),
    ],
    "aterfall": [
        (
            "outputs",
            "Antal unga med samordnad utslussningsplan före frigivning",
            "antal",
            "higher",
            0,
            D(2023, 12, 31),
            "Projektplanen",
            40,
            "half_yearly",
            [("2025-06", 31, None, None, ""), ("2025-12", 38, None, None, "")],
        ),
        (
            "outcomes",
            "Andel som återfaller i brott inom 12 månader",
            "andel",
            "lower",
            0.52,
            D(2023, 12, 31),
            "Kriminalvården och BRÅ, frigivna 18–25 år till kommunen 2019–2022",
            0.35,
            "half_yearly",
            [
                ("2025-06", 0.41, 0.50, 29, "Jämförelse: frigivna 18–25 år i länet"),
                ("2025-12", 0.38, 0.51, 36, ""),
            ],
        ),
        (
            "outcomes",
            "Andel med egen bostad sex månader efter frigivning",
            "andel",
            "higher",
            0.30,
            D(2023, 12, 31),
            "Socialtjänstens kartläggning 2023",
            0.50,
            "half_yearly",
            [("2025-06", 0.42, None, 29, ""), ("2025-12", 0.47, None, 36, "")],
        ),
    ],
}

# The comparison groups' sizes (stored where the measurement has a field for it).
COMPARISON_SIZES = {
    "Andel elever behöriga till gymnasiet": 64,  # placed pupils in three neighbours
    "Andel elever med godkänt i matematik": 176,
    "Andel i arbete eller studier efter 12 månader": 132,
    "Andel som återfaller i brott inom 12 månader": 214,
}

# Who reports each project's measurements (the role of a demo user).
REPORTERS = {"skolstod": "project_leader", "arbete": "economist", "aterfall": "economist"}


def load(demo) -> None:
    """Create the indicators and the 2025 measurements (skolstöd's 2026 is left empty)."""
    with transaction.atomic():
        for key, indicators in INDICATORS.items():
            user = demo.user(REPORTERS[key])
            with attributed_to(user):
                for order, row in enumerate(indicators, start=1):
                    _indicator(demo.projects[key], order, row, user)


def _indicator(project, order, row, user) -> None:
    level, name, unit, direction, baseline, when, source, target, freq, measured = row
    indicator = Indicator.objects.filter(project=project, name=name).first()
    if indicator is None:
        indicator = Indicator(
            project=project,
            level=level,
            name=name,
            unit=unit,
            direction=direction,
            baseline_value=baseline,
            baseline_date=when,
            baseline_source=source,
            target_value=target,
            reporting_frequency=freq,
            order=order,
        )
        indicator.full_clean()
        indicator.save()
    stored = set(Measurement.objects.filter(indicator=indicator).values_list("period", flat=True))
    for period, value, comparison, individuals, comment in measured:
        if period in stored:
            continue
        Measurement.objects.create(
            indicator=indicator,
            period=period,
            value=value,
            comparison_value=comparison,
            comparison_individuals=None if comparison is None else COMPARISON_SIZES.get(name),
            individuals=individuals,
            comment=comment,
            reported_by=user,
        )
