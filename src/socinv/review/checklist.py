"""The default checklist (checkfrågor), built on the governance model's four questions.

The texts are English msgids translated in ``locale/fragments/review.po``; a fund's copy is
stored in the fund's language (Swedish) when it is created, and is then the fund's own to
edit in the admin.
"""

from __future__ import annotations

from django.utils.translation import gettext_noop

DEFAULT_CHECKLIST: list[tuple[str, list[str]]] = [
    (
        "why",
        [
            gettext_noop(
                "Is the social problem the project addresses documented in the needs analysis or an operational plan, with sources and figures?"
            ),
            gettext_noop(
                "Does the project fit the municipality's vision and goals and the purpose of the fund?"
            ),
            gettext_noop(
                "Is it clear why the problem is not solved within the ordinary operating budget?"
            ),
            gettext_noop("Have the local context factors that affect the project been described?"),
        ],
    ),
    (
        "ownership",
        [
            gettext_noop(
                "Is it clear which boards own the project, and have they stated that they take responsibility for it?"
            ),
            gettext_noop(
                "Has the manager who will own the method in ordinary operations signed off the plan for implementation?"
            ),
            gettext_noop(
                "Is it clear who bears the risk if the expected savings do not appear (repayment and write-down)?"
            ),
            gettext_noop(
                "How will the steering group follow the project and take its results further as active owners?"
            ),
        ],
    ),
    (
        "organisation",
        [
            gettext_noop(
                "Does the project have a project leader, a steering group and a realistic timetable?"
            ),
            gettext_noop(
                "Are the departments and civil-society partners involved, and are their roles agreed?"
            ),
            gettext_noop(
                "Are the budget per year and the co-financing, in money and time, reasonable for the activities?"
            ),
            gettext_noop(
                "Does the project logic (plan-driven or experimental) match the kind of project and its risks?"
            ),
        ],
    ),
    (
        "knowledge",
        [
            gettext_noop(
                "Does the evidence chain link resources, activities, outputs, outcomes and impact?"
            ),
            gettext_noop(
                "Do the indicators have baselines with a source and date, and measurable targets?"
            ),
            gettext_noop(
                "Is there an evaluation plan with a comparison group where possible, and is it budgeted for?"
            ),
            gettext_noop(
                "How will outputs, outcomes and learning spread into ordinary operations (multiplier effects)?"
            ),
        ],
    ),
]
