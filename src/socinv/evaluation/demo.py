"""Demo data for the learning evaluation: the evaluator's observations and
recommendations on "Skolstöd för familjehemsplacerade barn" (implementation) with the
project leader's and the owners' responses, and on "Unga vägen ut – stöd vid frigivning"
(closing) entries from two phases, a final report (revised once, then marked final) and
the accompanying research's interim report."""

from __future__ import annotations

import datetime

from . import services

D = datetime.date

# project key → the evaluator's entries, in order: (a name for the responses or "", and
# the ENTRY_FIELDS)
ENTRY_FIELDS = ("phase", "kind", "date", "title", "text")
ENTRIES = {
    "skolstod": [
        (
            "",
            "implementation",
            "observation",
            D(2024, 6, 14),
            "Kartläggningarna kommer igång snabbt, återkopplingen till skolan dröjer",
            (
                "Teamet har genomfört de pedagogiska och psykologiska kartläggningarna för hela "
                "första kohorten inom åtta veckor. Återkopplingen till mentorer och elevhälsa har "
                "däremot i flera fall dröjt över en termin, och två skolor uppger att de inte fått "
                "någon skriftlig åtgärdsplan. Familjehemmen är överlag nöjda med stödet."
            ),
        ),
        (
            "handover",
            "implementation",
            "recommendation",
            D(2024, 6, 14),
            "Inför en fast rutin för överlämning till elevhälsan",
            (
                "Varje kartläggning bör avslutas med ett överlämningsmöte med mentor, "
                "elevhälsoteam och familjehem inom fyra veckor, med en skriftlig plan som "
                "skolan äger. Utan en sådan rutin riskerar effekterna att stanna hos teamet."
            ),
        ),
        (
            "cohorts",
            "implementation",
            "recommendation",
            D(2025, 2, 10),
            "Följ upp närvaro och betyg per kohort",
            (
                "Resultaten redovisas i dag för hela gruppen. Eftersom kohorterna startar med ett "
                "års mellanrum bör närvaro och andel godkända betyg följas upp per kohort och "
                "jämföras med utgångsvärdet för respektive årskurs, annars blandas korta och "
                "långa insatstider."
            ),
        ),
    ],
    "aterfall": [
        (
            "",
            "implementation",
            "observation",
            D(2024, 9, 30),
            "Tidig kontakt före frigivning ger bättre följsamhet",
            (
                "Av de första 18 deltagarna mötte 11 koordinatorn på anstalten minst tre månader "
                "före frigivningen. Nio av dem hade fortfarande kontakt efter sex månader, mot två "
                "av de sju som kom in i samband med frigivningen. Kontakterna på anstalt bygger "
                "dock på enskilda medarbetares nätverk."
            ),
        ),
        (
            "agreement",
            "implementation",
            "recommendation",
            D(2024, 10, 15),
            "Formalisera samverkan med Kriminalvården",
            (
                "Teckna en skriftlig samverkansöverenskommelse med Kriminalvården (anstalter och "
                "frivård i regionen) som reglerar när kommunen får kännedom om en kommande "
                "frigivning, hur besök på anstalt planeras och vem som är kontaktperson."
            ),
        ),
        (
            "",
            "implementation",
            "observation",
            D(2025, 6, 10),
            "Boende vid frigivningen är flaskhalsen",
            (
                "Under 2025 saknade var tredje deltagare ordnat boende vid frigivningen. I den "
                "gruppen avbröt hälften insatsen inom fyra veckor. Socialtjänstens "
                "akutboenden upplevs av deltagarna som en miljö där risken för återfall är stor."
            ),
        ),
        (
            "continuation",
            "closing",
            "recommendation",
            D(2026, 3, 16),
            "Behåll frigivningskoordinatorn i ordinarie verksamhet",
            (
                "Koordinatorfunktionen och arbetssättet med tidig kontakt före frigivning bör "
                "föras över till socialtjänstens vuxenenhet när projektet avslutas, med en "
                "gemensam finansiering från socialnämnden och arbetsmarknadsnämnden."
            ),
        ),
    ],
}
# project key → the responses: (the entry's name, the role of who responds, and the
# RESPONSE_FIELDS)
RESPONSE_FIELDS = ("date", "status", "text", "planned_action")
RESPONSES = {
    "skolstod": [
        (
            "handover",
            "project_leader",
            D(2024, 8, 26),
            "accepted",
            (
                "Vi delar bedömningen. Rutinen har tagits fram tillsammans med elevhälsans "
                "samordnare och prövas under höstterminen."
            ),
            (
                "Överlämningsmöte inom fyra veckor efter varje kartläggning från och med "
                "ht 2024; mall för åtgärdsplan i elevhälsans journalsystem."
            ),
        ),
        (
            "handover",
            "owner",
            D(2024, 9, 12),
            "accepted",
            (
                "Ledningsgruppen ställer sig bakom rutinen och ber utbildningsförvaltningen "
                "ta in den i elevhälsans ordinarie arbetssätt."
            ),
            "Rutinen tas in i elevhälsoplanen 2025.",
        ),
        (
            "cohorts",
            "project_leader",
            D(2025, 3, 3),
            "partly",
            (
                "Vi redovisar per kohort från och med vårterminen 2025. Betyg per kohort kan "
                "bara redovisas när gruppen är minst tio elever, av sekretesskäl."
            ),
            (
                "Närvaro per kohort och termin i uppföljningen; betyg per kohort när gruppen "
                "är minst tio elever, annars för hela gruppen."
            ),
        ),
    ],
    "aterfall": [
        (
            "agreement",
            "owner",
            D(2024, 11, 20),
            "accepted",
            (
                "Ledningsgruppen bifaller rekommendationen. Överenskommelsen tas fram av "
                "socialförvaltningen tillsammans med Kriminalvårdens regionkontor."
            ),
            (
                "Samverkansöverenskommelse undertecknad av socialchefen och Kriminalvårdens "
                "regionchef senast mars 2025."
            ),
        ),
        (
            "continuation",
            "owner",
            D(2026, 4, 22),
            "partly",
            (
                "Socialnämnden tar över koordinatorfunktionen från 2027. Arbetsmarknadsnämndens "
                "del av finansieringen prövas i budgetberedningen."
            ),
            (
                "En koordinatortjänst i vuxenenhetens budget 2027; förslag om delad finansiering "
                "till kommunstyrelsen i budgetberedningen hösten 2026."
            ),
        ),
    ],
}

ATERFALL_SUMMARY = (
    "Unga vägen ut har under tre år gett 64 unga vuxna som friges från anstalt en "
    "frigivningskoordinator som möter dem redan under verkställigheten och följer dem det "
    "första året i frihet. Projektet har byggt upp en fungerande samverkan med "
    "Kriminalvårdens anstalter och frivård i regionen, socialtjänstens vuxenenhet, "
    "arbetsmarknadsenheten och bostadsbolaget. Andelen som återföll i brott inom ett år var "
    "lägre än i jämförelsegruppen, och fler hade boende och sysselsättning sex månader efter "
    "frigivningen."
)
ATERFALL_CONCLUSIONS = (
    "Tidig kontakt före frigivning är den mest verksamma delen: deltagare som mött "
    "koordinatorn minst tre månader före frigivningen höll kontakten betydligt oftare än de "
    "som kom in vid frigivningen. Samverkan med Kriminalvården fungerar när den vilar på en "
    "skriftlig överenskommelse och en namngiven kontaktperson per anstalt, inte på enskilda "
    "medarbetares nätverk. Boende vid frigivningen är den största flaskhalsen; utan en "
    "ordnad bostad avbryter många insatsen inom de första veckorna. Effektskattningen "
    "bygger på små grupper och ska tolkas med försiktighet."
)
ATERFALL_RECOMMENDATIONS = (
    "Inrätta frigivningskoordinatorn som en ordinarie tjänst vid socialtjänstens vuxenenhet. "
    "Förläng samverkansöverenskommelsen med Kriminalvården och gör den gemensam för "
    "socialnämnden och arbetsmarknadsnämnden. Reservera ett antal träningslägenheter hos "
    "bostadsbolaget för personer som friges. Fortsätt följa återfall och sysselsättning i två "
    "år efter projektets slut."
)


# The final report of "aterfall": a draft, then the final version with the recommendations.
FINAL_REPORT = [
    {"date": D(2026, 5, 29), "recommendations": ""},
    {"date": D(2026, 6, 15), "recommendations": ATERFALL_RECOMMENDATIONS, "final": True},
]
RESEARCH = {
    "title": "Följeforskning: Unga vägen ut – delrapport",
    "authors": "Institutionen för socialt arbete, Exempeluniversitetet",
    "reference": (
        "Delrapport 2025, diarieförd hos socialförvaltningen (dnr SN 2025/0412); "
        "slutrapporten väntas hösten 2026."
    ),
}


def load(demo) -> None:
    evaluator = demo.user("evaluator")
    for key, entries in ENTRIES.items():
        project = demo.projects[key]
        named = {}
        for name, *row in entries:
            entry = dict(zip(ENTRY_FIELDS, row, strict=True))
            named[name] = services.add_entry(acting_user=evaluator, project=project, **entry)
        for name, role, *row in RESPONSES[key]:
            response = dict(zip(RESPONSE_FIELDS, row, strict=True))
            services.respond(acting_user=demo.user(role), entry=named[name], **response)
    aterfall = demo.projects["aterfall"]
    for version in FINAL_REPORT:
        services.save_final_report(
            acting_user=evaluator,
            project=aterfall,
            summary=ATERFALL_SUMMARY,
            conclusions=ATERFALL_CONCLUSIONS,
            **version,
        )
    services.add_research(acting_user=evaluator, project=aterfall, **RESEARCH)
