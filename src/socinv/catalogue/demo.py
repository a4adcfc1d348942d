"""Demo data for the unit-cost catalogue: about thirty unit costs for the demo's projects
and a PKV-like price index. Every amount is a plausible example, every source invented
(and named so); the economist keeps the catalogue, as in the application.

Once the catalogue is there, the economist moves some of the demo calculations' typed
amounts to references to it (:data:`REFERENCES`: the amount line as the calculation file
has it, and the reference that takes its place, near the same figure) and stores them
again: the project's history shows both, and the references carry the catalogue part they
used (``projects.StoredCatalogue``)."""

from __future__ import annotations

from socinv.projects.services import set_calculation

from . import services

SOURCE = "Påhittad källa (exempelbelopp): "
SOC = "kommun/socialnamnd"
UTB = "kommun/utbildningsnamnd"
AMN = "kommun/arbetsmarknadsnamnd"
KFN = "kommun/kulturfritidsnamnd"

INDEX_NAME = "PKV (påhittat exempel)"
INDEX = {
    2018: 100.0,
    2019: 102.7,
    2020: 105.0,
    2021: 107.6,
    2022: 113.6,
    2023: 121.0,
    2024: 125.6,
    2025: 129.1,
    2026: 132.4,
}

# project key → (the amount line of its calculation, the reference that replaces it)
REFERENCES = {
    # 2 × 55 000 kr in 2023's prices = 114 188 kr in 2024's (was 120 000)
    "fritid": [
        ("  amount = 120000\n", '  amount = { unit_cost = "barnavardsutredning", quantity = 2 }\n'),
        ("  amount = 45000\n", '  amount = { unit_cost = "bup-besok", quantity = 10 }\n'),
    ],
    # 180 days × 4 800 kr = 864 000 kr (was 900 000)
    "digital": [("  amount = 900000\n", '  amount = { unit_cost = "hvb-dygn", quantity = 180 }\n')],
    # 0.4 pupil-years × 140 000 kr in 2024's prices = 57 560 kr in 2025's (was 60 000)
    "forskola": [
        (
            "  amount = 60000\n",
            '  amount = { unit_cost = "sarskilt-stod-elev-ar", quantity = 0.4 }\n',
        )
    ],
}


def with_references(key: str, text: str) -> str:
    """The demo project ``key``'s calculation ``text`` with its amounts moved to the
    catalogue."""
    for line, reference in REFERENCES.get(key, []):
        if line not in text:
            raise ValueError(f"the demo calculation {key!r} has no line {line!r}")
        text = text.replace(line, reference, 1)
    return text


# id, label, unit, amount (kr), price year, bearer, source
UNIT_COSTS = [
    (
        "hvb-dygn",
        "Placering på HVB, barn och unga",
        "dygn",
        4800,
        2024,
        SOC,
        "Exempelkommuns placeringsuppföljning 2024",
    ),
    (
        "hvb-vuxen-dygn",
        "Placering på HVB för vuxna med missbruk",
        "dygn",
        3900,
        2024,
        SOC,
        "Exempelkommuns placeringsuppföljning 2024",
    ),
    (
        "sis-dygn",
        "Placering på särskilt ungdomshem (SiS)",
        "dygn",
        6200,
        2024,
        SOC,
        "Exempel på SiS-avgift 2024",
    ),
    (
        "familjehem-ar",
        "Familjehemsplacering (arvode, omkostnader, handläggning)",
        "år",
        420000,
        2024,
        SOC,
        "Exempelkommuns placeringsuppföljning 2024",
    ),
    (
        "konsulentfamiljehem-ar",
        "Konsulentstött familjehem",
        "år",
        950000,
        2024,
        SOC,
        "Exempel på avtalspris 2024",
    ),
    (
        "stodboende-manad",
        "Stödboende för unga 16–20 år",
        "månad",
        45000,
        2023,
        SOC,
        "Exempel på avtalspris 2023",
    ),
    (
        "forsorjningsstod-hushall-ar",
        "Försörjningsstöd, per hushåll",
        "år",
        110000,
        2024,
        SOC,
        "Exempelkommuns ekonomiskt bistånd 2024",
    ),
    (
        "forsorjningsstod-manad",
        "Försörjningsstöd, per hushåll",
        "månad",
        9200,
        2024,
        SOC,
        "Exempelkommuns ekonomiskt bistånd 2024",
    ),
    (
        "handlaggning-forsorjningsstod-ar",
        "Handläggning av ett ärende om försörjningsstöd",
        "år",
        18000,
        2023,
        SOC,
        "Exempel på tidsstudie 2023",
    ),
    (
        "barnavardsutredning",
        "Barnavårdsutredning",
        "utredning",
        55000,
        2023,
        SOC,
        "Exempel på tidsstudie 2023",
    ),
    (
        "oppenvard-familj-ar",
        "Öppenvårdsinsats för en familj",
        "år",
        160000,
        2024,
        SOC,
        "Exempelkommuns öppenvård 2024",
    ),
    ("kontaktfamilj-ar", "Kontaktfamilj", "år", 45000, 2022, SOC, "Exempelkommuns öppenvård 2022"),
    (
        "sarskilt-stod-elev-ar",
        "Särskilt stöd i skolan, per elev",
        "år",
        140000,
        2024,
        UTB,
        "Exempel på elevhälsans kostnader 2024",
    ),
    (
        "resursskola-elev-ar",
        "Plats i resursskola, per elev",
        "år",
        480000,
        2024,
        UTB,
        "Exempel på interkommunal ersättning 2024",
    ),
    (
        "elevassistent-ar",
        "Elevassistent, heltid",
        "år",
        420000,
        2024,
        UTB,
        "Exempel på lönekostnad 2024",
    ),
    (
        "psykologutredning-elevhalsa",
        "Psykologutredning i elevhälsan",
        "utredning",
        22000,
        2023,
        UTB,
        "Exempel på tidsstudie 2023",
    ),
    (
        "gymnasieplats-ar",
        "Gymnasieplats, per elev",
        "år",
        130000,
        2024,
        UTB,
        "Exempel på programpris 2024",
    ),
    (
        "introduktionsprogram-ar",
        "Introduktionsprogram, per elev",
        "år",
        165000,
        2023,
        UTB,
        "Exempel på programpris 2023",
    ),
    (
        "bup-besok",
        "Besök i BUP:s öppenvård",
        "besök",
        4200,
        2024,
        "region",
        "Exempel på regionens prislista 2024",
    ),
    (
        "bup-akut",
        "Akut kontakt med BUP",
        "kontakt",
        9500,
        2024,
        "region",
        "Exempel på regionens prislista 2024",
    ),
    (
        "bup-heldygn",
        "BUP heldygnsvård",
        "vårddygn",
        14500,
        2023,
        "region",
        "Exempel på regionens prislista 2023",
    ),
    (
        "vardcentral-besok",
        "Läkarbesök på vårdcentral",
        "besök",
        2300,
        2024,
        "region",
        "Exempel på regionens prislista 2024",
    ),
    (
        "psykiatri-heldygn",
        "Vuxenpsykiatrisk heldygnsvård",
        "vårddygn",
        9800,
        2022,
        "region",
        "Exempel på regionens prislista 2022",
    ),
    (
        "kronofogden-arende",
        "Ärende hos Kronofogden (utmätning, skuldsanering)",
        "ärende",
        6500,
        2023,
        "",
        "Exempel på myndighetens styckkostnad 2023",
    ),
    (
        "skuldradgivning-arende",
        "Budget- och skuldrådgivning",
        "ärende",
        9000,
        2024,
        AMN,
        "Exempelkommuns konsumentvägledning 2024",
    ),
    (
        "af-insats-ar",
        "Arbetsmarknadsinsats via Arbetsförmedlingen, per deltagare",
        "år",
        75000,
        2024,
        "arbetsformedlingen",
        "Exempel på myndighetens styckkostnad 2024",
    ),
    (
        "aktivitetsstod-ar",
        "Aktivitetsstöd, per deltagare",
        "år",
        120000,
        2024,
        "forsakringskassan",
        "Exempel på genomsnittlig ersättning 2024",
    ),
    (
        "sjukpenning-ar",
        "Sjukpenning eller aktivitetsersättning, per person",
        "år",
        170000,
        2023,
        "forsakringskassan",
        "Exempel på genomsnittlig ersättning 2023",
    ),
    (
        "arbetsmarknadsanstallning-ar",
        "Kommunal arbetsmarknadsanställning",
        "år",
        310000,
        2024,
        AMN,
        "Exempel på lönekostnad 2024",
    ),
    (
        "fritidsledare-timme",
        "Fritidsledare",
        "timme",
        520,
        2024,
        KFN,
        "Exempel på lönekostnad 2024",
    ),
    (
        "anstalt-dygn",
        "Plats på anstalt (Kriminalvården)",
        "dygn",
        3700,
        2019,
        "kriminalvarden",
        "Exempel på myndighetens dygnskostnad 2019",
    ),
    (
        "polisingripande-ungdom",
        "Polisingripande mot en ungdom",
        "ingripande",
        12000,
        2019,
        "",
        "Exempel på styckkostnad 2019",
    ),
]


def load(demo) -> None:
    economist = demo.user("economist")
    org = demo.organisation
    services.set_index(acting_user=economist, organisation=org, name=INDEX_NAME, values=INDEX)
    for code, label, unit, amount, year, bearer, source in UNIT_COSTS:
        services.save_unit_cost(
            acting_user=economist,
            organisation=org,
            code=code,
            label=label,
            unit=unit,
            amount=amount,
            price_year=year,
            bearer=bearer,
            source=SOURCE + source,
        )
    for key in REFERENCES:
        project = demo.projects[key]
        project.refresh_from_db()
        text = with_references(key, project.calculation_toml)
        set_calculation(acting_user=economist, project=project, toml_text=text)
