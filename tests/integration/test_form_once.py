"""One rendered form books once (issue 11, finding 5: "a double submit books twice").

Each form that writes money or a decision carries a one-time token; a second POST of the
same rendered form, at once or later, books nothing and goes where the first one went.
Real database (SQLite, and PostgreSQL in the PostgreSQL run), the real pages."""

from __future__ import annotations

import datetime
import os
import re
import subprocess
import sys
import time
import uuid
from pathlib import Path

import psycopg
import pytest
from django.test import Client
from django.urls import reverse
from tests.ledger_helpers import record_attested

from socinv.applications.models import Application
from socinv.core.ledger import Decision
from socinv.fund.models import LedgerEntry
from socinv.review.models import Decision as ProjectDecision
from socinv.savings.models import RealisedSaving
from socinv.web import once
from socinv.web.models import UsedFormToken

KF = Decision("Kommunfullmäktige", datetime.date(2025, 2, 20), "KS 2025/117")
REPEATED = "Formuläret var redan skickat; inget bokades eller registrerades en gång till."
STALE = "Formuläret var inaktuellt eller ofullständigt"


def _book(p, type, ore, **kw):
    return record_attested(
        acting_user=p["economist"],
        fund=p.fund,
        type=type,
        date=datetime.date(2025, 3, 1),
        amount_ore=ore,
        decision=KF,
        **kw,
    )


def _funded(p):
    """1 000 000 kr in, 400 000 kr committed to the own project, 300 000 kr disbursed."""
    _book(p, "contribution", 100_000_000)
    _book(p, "commitment", 40_000_000, project=p.own_project)
    _book(p, "disbursement", 30_000_000, project=p.own_project, board=p.social_board)
    return p


def _client(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def rendered_token(html: str) -> str:
    """The one-time token the page rendered in its form ('' when there is none)."""
    m = re.search(r'name="_once" value="([^"]+)"', html)
    return m.group(1) if m else ""


def _booking(p, **over) -> dict:
    data = {
        "type": "disbursement",
        "date": "2026-04-01",
        "amount": "50 000",
        "project": p.own_project.pk,
        "board": p.social_board.pk,
        "decision_body": "Socialnämnden",
        "decision_date": "2026-03-20",
        "decision_dnr": "SN 2026/12",
        "bearer": "",
        "reverses": "",
        "note": "",
    }
    data.update(over)
    return data


def _render(client, url: str, data=None) -> str:
    response = client.get(url, data or {})
    assert response.status_code == 200
    return rendered_token(response.content.decode())


def _disbursements(p) -> int:
    return LedgerEntry.objects.filter(fund=p.fund, type="disbursement").count()


# --- the ledger booking form ---------------------------------------------------------------


@pytest.mark.django_db
def test_two_identical_posts_of_one_booking_form_book_once(personas):
    """Finding 5 reproduced: before the token, both POSTs booked (two entries)."""
    p = _funded(personas)
    c = _client(p["economist"])
    url = reverse("fund:book", args=[p.fund.pk])
    data = {**_booking(p), "_once": _render(c, url)}
    before = _disbursements(p)
    first = c.post(url, data)
    second = c.post(url, data)
    assert _disbursements(p) == before + 1
    assert first.status_code == second.status_code == 302
    assert second["Location"] == first["Location"] == reverse("fund:overview", args=[p.fund.pk])
    html = c.get(second["Location"]).content.decode()
    assert REPEATED in html


@pytest.mark.django_db
def test_the_same_form_sent_again_later_books_nothing_in_english_too(personas):
    p = _funded(personas)
    c = _client(p["economist"])
    url = reverse("fund:book", args=[p.fund.pk])
    data = {**_booking(p), "_once": _render(c, url)}
    assert c.post(url, data).status_code == 302
    c.get(reverse("fund:overview", args=[p.fund.pk]))  # the first result was seen
    c.post(reverse("set_language"), {"language": "en", "next": "/"})
    before = LedgerEntry.objects.count()
    later = c.post(url, data, follow=True)
    assert LedgerEntry.objects.count() == before
    assert "This form had already been sent; nothing was booked or recorded a second time." in (
        later.content.decode()
    )


@pytest.mark.django_db
def test_two_renderings_of_the_form_book_twice(personas):
    """Two forms opened on purpose are two bookings: only a repeat is stopped."""
    p = _funded(personas)
    c = _client(p["economist"])
    url = reverse("fund:book", args=[p.fund.pk])
    before = _disbursements(p)
    for _ in range(2):
        assert c.post(url, {**_booking(p), "_once": _render(c, url)}).status_code == 302
    assert _disbursements(p) == before + 2


@pytest.mark.django_db
def test_a_refused_first_post_leaves_the_token_usable(personas):
    p = _funded(personas)
    c = _client(p["economist"])
    url = reverse("fund:book", args=[p.fund.pk])
    token = _render(c, url)
    before = LedgerEntry.objects.count()
    # too much for the form (no amount) and for the ledger (over the outstanding 100 000 kr)
    for bad in ("", "200 000"):
        refused = c.post(url, {**_booking(p, amount=bad), "_once": token})
        assert refused.status_code == 200 and LedgerEntry.objects.count() == before
        # the page shown again is the same rendered form: it keeps its token
        assert rendered_token(refused.content.decode()) == token
    assert not UsedFormToken.objects.exists()
    assert c.post(url, {**_booking(p), "_once": token}).status_code == 302
    assert LedgerEntry.objects.count() == before + 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    "token",
    ["", "forged", "other user", "expired"],
)
def test_a_post_without_a_valid_token_stores_nothing_and_offers_a_fresh_one(personas, token):
    p = _funded(personas)
    c = _client(p["economist"])
    url = reverse("fund:book", args=[p.fund.pk])
    if token == "forged":
        token = _render(c, url)[:-3] + "abc"
    elif token == "other user":
        token = once.issue(p["owner"])
    elif token == "expired":
        token = once.issue(p["economist"])
        signer = once.signing.TimestampSigner(salt="socinv.web.once")
        old = datetime.datetime.now() - once.MAX_AGE - datetime.timedelta(minutes=1)
        signer.timestamp = lambda: once.signing.b62_encode(int(old.timestamp()))
        token = signer.sign(signer.unsign(token))
    before = LedgerEntry.objects.count()
    response = c.post(url, {**_booking(p), "_once": token})
    assert response.status_code == 200 and LedgerEntry.objects.count() == before
    html = response.content.decode()
    assert STALE in html
    fresh = rendered_token(html)
    assert fresh and fresh != token
    assert c.post(url, {**_booking(p), "_once": fresh}).status_code == 302
    assert LedgerEntry.objects.count() == before + 1


@pytest.mark.django_db
def test_old_used_tokens_are_forgotten_on_a_claim(personas):
    p = _funded(personas)
    old = UsedFormToken.objects.create(token="x" * 32, user=p["economist"], result_url="/")
    UsedFormToken.objects.filter(pk=old.pk).update(
        created=old.created - once.MAX_AGE - datetime.timedelta(hours=1)
    )
    recent = UsedFormToken.objects.create(token="y" * 32, user=p["economist"], result_url="/")
    c = _client(p["economist"])
    url = reverse("fund:book", args=[p.fund.pk])
    assert c.post(url, {**_booking(p), "_once": _render(c, url)}).status_code == 302
    assert not UsedFormToken.objects.filter(pk=old.pk).exists()
    assert UsedFormToken.objects.filter(pk=recent.pk).exists()
    assert UsedFormToken.objects.count() == 2  # the recent one and the one just claimed


# --- the review decision, the idea decision ------------------------------------------------


def _decision_data(**over):
    data = {
        "outcome": "approved",
        "body": "executive_board",
        "board": "",
        "date": "2026-05-04",
        "dnr": "KS 2026/200",
        "year_1": "2026",
        "amount_1": "400 000",
        "year_2": "2027",
        "amount_2": "300 000,50",
        "conditions": "Delrapport efter ett år.",
        "repayment_method": "share_of_savings",
        "repayment_share": "50",
        "repayment_start_year": "2028",
        "write_down_bearer": "",
    }
    data.update(over)
    return data


@pytest.mark.django_db
def test_a_decision_form_sent_twice_decides_and_commits_once(personas):
    p = personas
    _book(p, "contribution", 100_000_000)
    c = _client(p["owner"])
    url = reverse("review:decide", args=[p.application.pk])
    data = {**_decision_data(), "_once": _render(c, url)}
    first = c.post(url, data)
    second = c.post(url, data)
    assert ProjectDecision.objects.count() == 1
    assert LedgerEntry.objects.filter(type="commitment").count() == 2  # two years, once
    assert first.status_code == second.status_code == 302
    assert second["Location"] == first["Location"]
    assert REPEATED in c.get(second["Location"]).content.decode()


@pytest.mark.django_db
def test_an_idea_decision_sent_twice_is_recorded_once(personas):
    from socinv.applications import services as applications

    p = personas
    idea = applications.create_idea(
        acting_user=p["project_leader"],
        fund=p.fund,
        title="Familjecentral",
        need="Många familjer når inte stödet i tid.",
        target_group="Föräldrar med barn 0–5 år",
        intervention="En familjecentral med mödravård och öppen förskola.",
        expected_effects="Tidigt stöd minskar senare insatser.",
        boards=[p.social_board],
    )
    applications.submit_idea(idea, acting_user=p["project_leader"])
    c = _client(p["owner"])
    detail = reverse("applications:detail", args=[idea.pk])
    data = {"decision": "go", "comment": "Gå vidare.", "_once": _render(c, detail)}
    url = reverse("applications:decide_idea", args=[idea.pk])
    assert c.post(url, data).status_code == 302
    idea.refresh_from_db()
    decided_at = idea.idea_decided_at
    second = c.post(url, {**data, "decision": "no_go"}, follow=True)
    idea.refresh_from_db()
    assert idea.stage != Application.Stage.IDEA_SUBMITTED
    assert idea.idea_decided_at == decided_at
    assert REPEATED in second.content.decode()


# --- the savings forms --------------------------------------------------------------------


@pytest.mark.django_db
def test_a_repayment_confirmation_sent_twice_books_once(personas):
    from socinv.savings import services as savings

    p = _funded(personas)
    savings.record_saving(
        acting_user=p["economist"],
        project=p.own_project,
        board=p.social_board,
        year=2025,
        amount_ore=12_000_000,
        basis="Lägre kostnader för försörjningsstöd enligt ekonomisystemet.",
    )
    c = _client(p["economist"])
    url = reverse("savings:repayment", args=[p.own_project.pk])
    q = {"board": p.social_board.pk, "year": 2025}
    data = {**q, "amount": "50 000", "decision_body": "Socialnämnden",
            "decision_date": "2026-03-20", "decision_dnr": "SN 2026/44",
            "_once": _render(c, url, q)}  # fmt: skip
    first = c.post(url, data)
    second = c.post(url, data)
    assert LedgerEntry.objects.filter(type="repayment").count() == 1
    assert first.status_code == second.status_code == 302
    assert second["Location"] == first["Location"]


@pytest.mark.django_db
def test_a_saving_form_sent_twice_records_once(personas):
    p = _funded(personas)
    c = _client(p["economist"])
    page = reverse("savings:project", args=[p.own_project.pk])
    data = {"board": p.social_board.pk, "year": 2025, "amount": "120 000",
            "basis": "Minskat försörjningsstöd.", "_once": _render(c, page)}  # fmt: skip
    url = reverse("savings:record_saving", args=[p.own_project.pk])
    assert c.post(url, data).status_code == 302
    assert c.post(url, data).status_code == 302
    assert RealisedSaving.objects.count() == 1


# --- two POSTs at the same moment -------------------------------------------------------


@pytest.mark.django_db
def test_a_claim_that_loses_the_race_writes_nothing_and_goes_to_the_first_result(personas):
    """The path of the POST that gets past the guard while the first one is still running:
    its claim clashes with the first one's row (the unique constraint) and it writes
    nothing."""
    from django.contrib.messages.storage.fallback import FallbackStorage
    from django.test import RequestFactory

    user = personas["economist"]
    token = once.issue(user)
    request = RequestFactory().post("/funds/1/book/", {"_once": token})
    request.user, request.session = user, {}
    request._messages = FallbackStorage(request)
    nonce = once._nonce(request)
    UsedFormToken.objects.create(token=nonce, user=user, result_url="/funds/1/")
    written = []
    response = once.submit(request, lambda: written.append(1), lambda _: ("/elsewhere/", "ok"))
    assert written == [] and response["Location"] == "/funds/1/"
    assert [str(m) for m in request._messages] == [REPEATED]


WORKER = str(Path(__file__).with_name("once_worker.py"))
RACERS = 3


def _worker(env: dict, *args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, WORKER, *args], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )


def _race(env: dict) -> tuple[list[str], str]:
    subprocess.run(
        [sys.executable, "-m", "socinv", "migrate"], env=env, check=True, capture_output=True
    )
    seeded = subprocess.run(
        [sys.executable, WORKER, "seed"], env=env, capture_output=True, text=True
    )
    assert seeded.returncode == 0, seeded.stderr
    fund_pk, token = seeded.stdout.split()
    start_at = f"{time.time() + 4.0:.3f}"  # time for every process to start Django
    procs = [_worker(env, "post", fund_pk, token, start_at) for _ in range(RACERS)]
    results = []
    for p in procs:
        out, err = p.communicate(timeout=120)
        assert p.returncode == 0, err.decode()
        results.append(out.decode().strip())
    counted = subprocess.run(
        [sys.executable, WORKER, "count"], env=env, capture_output=True, text=True
    )
    assert counted.returncode == 0, counted.stderr
    return results, counted.stdout.strip()


@pytest.mark.postgres  # only in the PostgreSQL run: separate processes on a fresh database
def test_racing_posts_of_one_rendered_form_book_once_on_postgresql():
    """Three processes post the same rendered form at the same moment: the unique
    constraint lets one book; the others wait for its commit and go to its result."""
    name = f"socinv_once_{uuid.uuid4().hex[:8]}"
    admin = psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True)
    with admin:
        admin.execute(f'CREATE DATABASE "{name}"')
        try:
            env = {k: v for k, v in os.environ.items() if k != "SOCINV_TEST_POSTGRES"}
            env["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{name}"
            results, commitments = _race(env)
        finally:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    assert results == [results[0]] * RACERS and results[0].startswith("302 /funds/")
    assert commitments == "1"
