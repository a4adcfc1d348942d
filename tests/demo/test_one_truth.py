"""One truth per project (issue 12, item 6): for EVERY project of the demo, its decision
page, decision memo, follow-up report, savings page and the API agree on the phase, the
decision (body, date, dnr, amounts per year) and the money: paid out, repaid and
receivable, each as the ledger's one definition has it (``socinv.fund.selectors``, checked
against the pure core's ``socinv.core.ledger.balances`` replayed over the entries)."""

from __future__ import annotations

import html as html_lib
import io
import re

import pytest
from django.core.management import call_command
from django.test import Client

from socinv.api.services import create_token
from socinv.core.ledger import Totals, receivable
from socinv.demo.services import demo_in_database
from socinv.fund import selectors as fund_selectors
from socinv.fund.models import LedgerEntry
from socinv.fund.services import fund_entries
from socinv.projects.models import Project
from socinv.review.models import Decision
from socinv.review.selectors import granting_decision, latest_review
from socinv.web.i18n import ore_to_text

pytestmark = pytest.mark.django_db
API = "/api/v1"


@pytest.fixture
def demo(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("demo", stdout=io.StringIO())
    return demo_in_database()


def _text(content: bytes) -> str:
    """A page as plain text: tags and scripts out, entities decoded, spaces folded."""
    page = content.decode()
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    page = html_lib.unescape(re.sub(r"<[^>]+>", " ", page))
    return re.sub(r"\s+", " ", page.replace("\u00a0", " "))


def kr(ore: int) -> str:
    return ore_to_text(ore, "sv").replace("\u00a0", " ")


def _fact(text: str, label: str, value: str) -> bool:
    return f"{label} {value}" in text


def _get(client, url: str, **params):
    r = client.get(url, params)
    assert r.status_code == 200, (url, r.status_code)
    return r


def test_every_demo_project_tells_one_truth(demo):
    fund = demo.fund
    owner = demo.users["agare"]
    page = Client(HTTP_ACCEPT_LANGUAGE="sv")
    page.force_login(owner)
    _token, plain = create_token(acting_user=None, user=owner, name="one truth")
    api = Client(headers={"Authorization": f"Bearer {plain}"})
    core_entries = fund_entries(fund)
    balances = {
        row["project_id"]: row
        for row in _get(api, f"{API}/funds/{fund.pk}/balances").json()["projects"]
    }
    projects = list(Project.objects.filter(fund=fund).order_by("pk"))
    assert len(projects) == 10  # the nine projects and the idea
    decided = 0
    for project in projects:
        key = project.title
        money = fund_selectors.project_totals(project)
        # the one definition agrees with the pure core replayed over the sealed entries
        mine = [e for e in core_entries if e.project == str(project.pk)]
        assert money == Totals.of_entries(mine), key
        assert money.receivable == receivable(core_entries, str(project.pk)), key
        phase = str(project.get_phase_display())
        decision = granting_decision(project)
        is_decided = project.phase != Project.Phase.APPLICATION

        # --- the records: a decided project has its review and its decision ----------
        if is_decided:
            decided += 1
            assert decision is not None, key
            review = latest_review(project)
            assert review is not None and review.reviewed_at.date() < decision.date, key
            assert review.risk_class == project.risk_class, key
            commitments = LedgerEntry.objects.filter(project=project, type="commitment")
            assert decision.total_ore == sum(c.amount_ore for c in commitments), key
            assert len(commitments) == decision.years.count(), key
            for c in commitments:  # the ledger's book names the decision it was granted by
                assert (c.decision_body, c.decision_date, c.decision_dnr) == (
                    decision.body_text,
                    decision.date,
                    decision.dnr,
                ), key
                assert c.date == decision.date, key
            assert money.committed <= decision.total_ore, key
        else:
            assert decision is None, key
            assert money == Totals(), key  # no money without a decision

        # --- the decision page ----------------------------------------------------------
        text = _text(_get(page, f"/review/projects/{project.pk}/decision/").content)
        assert phase in text, key
        if decision is not None:
            assert _fact(text, "Beslutande organ", decision.body_text), key
            assert _fact(text, "Beslutsdatum", decision.date.isoformat()), key
            assert _fact(text, "Diarienummer (dnr)", decision.dnr), key
            for y in decision.years.all():
                assert f"{y.year} {kr(y.amount_ore)}" in text, key
            assert _fact(text, "Summa", kr(decision.total_ore)), key
            assert _fact(text, "Utbetalt", kr(money.disbursements)), key
            assert _fact(text, "Återfört", kr(money.repayments)), key
            assert _fact(text, "Fordran", kr(money.receivable)), key
        else:
            assert "Inget beslut har fattats" in text, key

        # --- the decision memo ------------------------------------------------------------
        text = _text(_get(page, f"/reports/projects/{project.pk}/memo/").content)
        assert _fact(text, "Fas", phase), key
        if decision is not None:
            assert _fact(text, "Diarienummer", decision.dnr), key
            assert _fact(text, "Beslutsdatum", decision.date.isoformat()), key
            assert f"Beslutat belopp: {kr(decision.total_ore)}" in text, key
            assert "Ännu inte beredd av styrgruppen" not in text, key
            assert "Styrgruppens beredning" in text, key
        else:
            assert "Ej diariefört" in text, key

        # --- the follow-up report (the page and the API's JSON) ---------------------------
        text = _text(_get(page, f"/reports/projects/{project.pk}/followup/").content)
        report = _get(api, f"{API}/projects/{project.pk}/followup-report").json()
        header = {row["label"]: row["value"] for row in report["header"]}
        assert _fact(text, "Fas", phase) and header["Fas"] == phase, key
        if decision is not None:
            named = f"{decision.body_text} {decision.date.isoformat()}, dnr {decision.dnr}"
            assert _fact(text, "Beslut", named) and header["Beslut"] == named, key
            assert report["dnr"] == decision.dnr, key
        else:
            assert report["dnr"] == "", key
        for label, ore in (
            ("Utbetalt", money.disbursements),
            ("Återfört", money.repayments),
            ("Fordran", money.receivable),
        ):
            assert _fact(text, label, kr(ore)), (key, label)
            assert header[label]["ore"] == ore, (key, label, header[label])

        # --- the savings page and its API ---------------------------------------------------
        text = _text(_get(page, f"/savings/projects/{project.pk}/").content)
        savings = _get(api, f"{API}/projects/{project.pk}/savings").json()
        boards = savings["boards"]
        assert sum(b["disbursed_ore"] for b in boards) == money.disbursements, key
        assert sum(b["repaid_ore"] for b in boards) == money.repayments, key
        assert sum(b["receivable_ore"] for b in boards) == money.receivable, key
        assert savings["receivable_ore"] == money.receivable, key
        for b in boards:
            assert _fact(text, "Utbetalt (att återföra)", kr(b["disbursed_ore"])), key
            assert _fact(text, "Fordran", kr(b["receivable_ore"])), key
        if decision is not None:
            terms = savings["terms"]
            assert terms["source"] == "decision", key
            assert (terms["method"], terms["start_year"]) == (
                decision.repayment_method,
                decision.repayment_start_year,
            ), key
            assert "Enligt projektets beslut." in text, key
            # every repayment is confirmed for a year with its realised saving, or is an
            # instalment of a depreciation plan
            for b in boards:
                for year in b["years"]:
                    if year["repaid_ore"] and decision.repayment_method == "share_of_savings":
                        assert year["saving_ore"] > 0, (key, b["board"], year["year"])
                        share = decision.repayment_share
                        assert year["repaid_ore"] <= round(year["saving_ore"] * share), key
                    if year["year"] <= 2026:
                        # what the terms asked for up to this year has been repaid, except
                        # the one proposal the demo leaves open (arbete 2026, see savings)
                        assert year["proposal_ore"] == 0 or year["year"] == 2026, key

        # --- the API ------------------------------------------------------------------------
        assert _get(api, f"{API}/projects/{project.pk}").json()["phase"] == project.phase, key
        listed = _get(api, f"{API}/projects/{project.pk}/decisions").json()
        approved = [d for d in listed if d["outcome"] == Decision.Outcome.APPROVED]
        if decision is not None:
            (d,) = approved
            assert (d["body"], d["date"], d["dnr"]) == (
                decision.body,
                decision.date.isoformat(),
                decision.dnr,
            ), key
            assert {y["year"]: y["amount_ore"] for y in d["years"]} == {
                y.year: y.amount_ore for y in decision.years.all()
            }, key
        else:
            assert approved == [], key
        row = balances.get(project.pk)
        if row is None:
            assert money == Totals(), key
        else:
            assert (row["disbursed_ore"], row["repaid_ore"], row["receivable_ore"]) == (
                money.disbursements,
                money.repayments,
                money.receivable,
            ), key
    assert decided == 8
