"""The audit trail's sources: declared by each app on its AppConfig (``audit_sources``),
gathered by socinv.audit, and scoped to an organisation through the ``via`` chains over
the parents' history tables."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.apps import apps
from django.conf import settings
from django.db.models import Q

from socinv.audit.sources import Scopes, Source, sources
from socinv.web.hooks import declared

ORG = SimpleNamespace(pk=7)


def _history(label):
    return apps.get_model(label).history.model.objects


def _sql(label: str, q: Q) -> str:
    model = apps.get_model(label)
    table = model.objects if label == "fund.LedgerEntry" else model.history.model.objects
    return str(table.filter(q).query)


def test_each_model_has_one_source_declared_by_its_own_app():
    keys = [s.key for s in sources()]
    assert len(keys) == len(set(keys))
    for app_label, item in declared("audit_sources"):
        source = (item if isinstance(item, Source) else Source(**item)).of(app_label)
        if source.label == settings.AUTH_USER_MODEL:
            assert app_label == "accounts"  # which registers the user's history
        else:
            assert source.model._meta.app_label == app_label, source.label


def test_apps_below_audit_declare_plain_data_that_becomes_a_source():
    found = {s.label: s for s in sources()}
    assert found["organisation.Organisation"] == Source("organisation.Organisation", root=True)
    assert found[settings.AUTH_USER_MODEL].through == "accounts.Membership.user"
    assert found["organisation.Department"].via == "board"


def test_every_chain_reaches_the_organisation():
    found = sources()
    scopes = Scopes(found)
    for source in found:
        assert isinstance(scopes.scope(source, ORG), Q), source.label
    assert sum(s.root for s in found) == 1
    assert [s.key for s in found if s.append_only] == [
        "fund.ledgerentry",
        "projects.storedsimulation",
        "projects.storedcatalogue",
    ]


def test_a_parent_without_a_source_is_a_bug_not_a_gap():
    orphan = Source("applications.BudgetYear", via="application")
    with pytest.raises(LookupError, match="applications.Application"):
        Scopes([orphan]).scope(orphan, ORG)


def test_the_scopes_are_the_queries_of_the_hand_made_list_they_replace():
    scopes = Scopes(sources())
    by_label = {s.label: s for s in sources()}

    def scope(label):
        return scopes.scope(by_label[label], ORG)

    funds = _history("fund.Fund").filter(organisation_id=ORG.pk).values("id")
    projects = _history("projects.Project").filter(fund_id__in=funds).values("id")
    indicators = _history("applications.Indicator").filter(project_id__in=projects).values("id")
    members = _history("accounts.Membership").filter(organisation_id=ORG.pk).values("user_id")
    boards = _history("organisation.Board").filter(organisation_id=ORG.pk).values("id")
    expected = {
        "organisation.Organisation": Q(id=ORG.pk),
        "organisation.Stakeholder": Q(organisation_id=ORG.pk),
        "organisation.Department": Q(board_id__in=boards),
        "projects.ProjectMember": Q(project_id__in=projects),
        "followup.Measurement": Q(indicator_id__in=indicators),
        settings.AUTH_USER_MODEL: Q(id__in=members),
        "api.ApiToken": Q(user_id__in=members),
        "fund.LedgerEntry": Q(fund_id__in=funds),
    }
    for label, q in expected.items():
        assert _sql(label, scope(label)) == _sql(label, q), label


def test_hidden_fields_are_declared_with_their_source():
    by_key = {s.key: s for s in sources()}
    assert by_key["api.apitoken"].hidden == ("token_hash",)
    assert {"hash", "prev_hash"} <= set(by_key["fund.ledgerentry"].hidden)
