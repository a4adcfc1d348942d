"""Stored simulations (issue 12, item 2): saving a calculation stores its results with a
Monte Carlo run (the fund's draws and seed), the sensitivity, the engine's version and the
input's SHA-256; the project page, the editor, the memo, the portfolio and the API show
P(NPV > 0) per perspective and the stamp; a result of an older engine is marked and
recomputed in one click, the history kept."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

import socinv
from socinv.core.calc import calculate, parse
from socinv.fund.models import SimulationSettings
from socinv.projects import simulations
from socinv.projects.models import StoredSimulation
from socinv.projects.services import recompute_calculation, set_calculation

pytestmark = pytest.mark.django_db

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
SKOLSTOD = (SHARED / "examples" / "skolstod.toml").read_text(encoding="utf-8")
NBSP = "\u00a0"


def _save(personas, text=SKOLSTOD, who="economist"):
    return set_calculation(acting_user=personas[who], project=personas.own_project, toml_text=text)


def _stamp(day: str, draws: str = f"10{NBSP}000", seed: int = 1) -> str:
    return f"beräknad {day} med socinv {socinv.__version__}, {draws} dragningar, frö {seed}"


def test_saving_stores_the_run_with_the_default_draws_and_seed(personas):
    project = _save(personas)
    (run,) = StoredSimulation.objects.filter(project=project)
    assert run.reason == "saved"
    assert run.engine_version == socinv.__version__
    assert run.input_sha256 == hashlib.sha256(SKOLSTOD.encode("utf-8")).hexdigest()
    assert (run.draws, run.seed) == (10_000, 1)
    assert run.recorded_by == personas["economist"]
    expected = calculate(parse(SKOLSTOD), draws=10_000, seed=1, sensitivity=True)
    assert run.result == expected  # the engine's very result: deterministic, MC, tornado
    project.refresh_from_db()
    assert project.calculation_result == expected
    assert run.result["monte_carlo"]["perspectives"]["municipal"]["prob_positive"] > 0


def test_the_funds_settings_choose_draws_and_seed(personas):
    settings = SimulationSettings(fund=personas.fund, draws=500, seed=7)
    settings.full_clean()
    settings.save()
    project = _save(personas)
    run = simulations.latest(project)
    assert (run.draws, run.seed) == (500, 7)
    assert run.result["monte_carlo"] == calculate(parse(SKOLSTOD), draws=500, seed=7)["monte_carlo"]


def test_settings_outside_their_limits_are_refused(personas):
    from django.core.exceptions import ValidationError

    for draws, seed in ((0, 1), (200_001, 1), (10, -1), (10, 2**32)):
        with pytest.raises(ValidationError):
            SimulationSettings(fund=personas.fund, draws=draws, seed=seed).full_clean()


def test_a_refused_calculation_stores_no_run(personas):
    from socinv.core.problems import Refused

    with pytest.raises(Refused):
        _save(personas, SKOLSTOD.replace("horizon = 8", "horizon = 0"))
    assert not StoredSimulation.objects.exists()


def test_an_older_engines_result_is_marked_and_recomputed_keeping_history(personas, client):
    project = _save(personas)
    # a row written by an earlier release of socinv
    StoredSimulation.objects.filter(project=project).update(engine_version="0.0.9")
    current = simulations.stored(project)
    assert current.stale and current.older_engine
    client.force_login(personas["economist"])
    page = client.get(reverse("projects:project", args=[project.pk])).content.decode()
    assert 'id="stored-stale"' in page
    assert "0.0.9" in page
    assert reverse("projects:recompute", args=[project.pk]) in page

    response = client.post(
        reverse("projects:recompute", args=[project.pk]),
        {"next": reverse("calculation:editor", args=[project.pk])},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("calculation:editor", args=[project.pk])
    runs = list(StoredSimulation.objects.filter(project=project).order_by("id"))
    assert [r.reason for r in runs] == ["saved", "recomputed"]
    assert [r.engine_version for r in runs] == ["0.0.9", socinv.__version__]
    assert runs[0].result == runs[1].result  # same input, same seed: same figures
    assert not simulations.stored(project).stale
    page = client.get(reverse("projects:project", args=[project.pk])).content.decode()
    assert 'id="stored-stale"' not in page
    # the audit trail shows both computations
    from socinv.audit.selectors import audit_events

    events = [
        e for e in audit_events(personas.organisation) if e.model == "projects.storedsimulation"
    ]
    assert len(events) == 2


def test_recompute_checks_its_permission(personas, client):
    project = _save(personas)
    for role in ("evaluator", "auditor"):
        with pytest.raises(PermissionDenied):
            recompute_calculation(acting_user=personas[role], project=project)
        client.force_login(personas[role])
        url = reverse("projects:recompute", args=[project.pk])
        assert client.post(url).status_code == 403
    client.force_login(personas["outsider"])
    assert client.post(reverse("projects:recompute", args=[project.pk])).status_code == 404
    assert StoredSimulation.objects.filter(project=project).count() == 1
    # an unsafe "next" goes to the project page instead
    client.force_login(personas["owner"])
    response = client.post(
        reverse("projects:recompute", args=[project.pk]), {"next": "https://example.org/"}
    )
    assert response["Location"] == reverse("projects:project", args=[project.pk])


def test_an_edited_input_is_marked_too(personas):
    project = _save(personas)
    project.calculation_toml = SKOLSTOD.replace("discount_rate = 0.035", "discount_rate = 0.04")
    project.save(update_fields=["calculation_toml"])
    current = simulations.stored(project)
    assert current.stale and not current.older_engine


def test_the_pages_and_the_api_show_probability_and_stamp(personas, client):
    project = _save(personas)
    day = timezone.localdate().isoformat()
    run = simulations.latest(project)
    prob = run.result["monte_carlo"]["perspectives"]
    client.force_login(personas["owner"])

    for url in (
        reverse("projects:project", args=[project.pk]),
        reverse("calculation:editor", args=[project.pk]),
        reverse("reports:memo", args=[project.pk]),
    ):
        html = client.get(url).content.decode()
        assert _stamp(day) in html, url
    memo = client.get(reverse("reports:memo", args=[project.pk])).content.decode()
    assert "Ingen Monte Carlo-simulering är sparad" not in memo
    assert f"10{NBSP}000 dragningar (Monte Carlo)" in memo
    assert 'id="memo-tornado-municipal"' in memo
    assert "Relativ effekt" in memo
    # the project page's table: P(NPV > 0) per perspective, as percent
    page = client.get(reverse("projects:project", args=[project.pk])).content.decode()
    table = page[page.index('id="stored-probability"') :]
    table = table[: table.index("</table>")]
    cells = re.findall(r'<td class="num">([^<]+)</td>', table)
    assert len(cells) == 3
    assert cells[0].replace(
        NBSP, " "
    ) == f"{prob['municipal']['prob_positive'] * 100:.1f} %".replace(".", ",")

    from socinv.api.services import create_token

    owner = personas["owner"]
    _token, secret = create_token(acting_user=owner, user=owner, name="test")
    api = client.get(
        f"/api/v1/projects/{project.pk}", headers={"Authorization": f"Bearer {secret}"}
    ).json()
    stored = api["stored_simulation"]
    assert stored["draws"] == 10_000 and stored["seed"] == 1
    assert stored["engine_version"] == socinv.__version__
    assert stored["input_sha256"] == run.input_sha256
    assert stored["prob_positive"] == {p: prob[p]["prob_positive"] for p in prob}
    assert stored["stale"] is False
    assert stored["stamp"] == _stamp(day)


def test_the_portfolio_shows_the_probability(personas, client):
    project = _save(personas)
    prob = simulations.latest(project).result["monte_carlo"]["perspectives"]["municipal"]
    client.force_login(personas["owner"])
    html = client.get(reverse("review:portfolio", args=[personas.fund.pk])).content.decode()
    shown = f"{prob['prob_positive'] * 100:.0f} %"
    assert f'<td class="num">{shown}</td>' in html.replace(NBSP, " "), shown
