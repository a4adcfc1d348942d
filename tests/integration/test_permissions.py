"""The permissions beyond the matrix's cells (test_permission_matrix.py checks each cell of
docs/permissions.md): deactivated users, roles granted later, what each role sees."""

from __future__ import annotations

import pytest

from socinv.accounts.permissions import forget_roles


@pytest.mark.django_db
def test_an_application_is_read_only_for_its_applicant_once_decided(personas):
    ext, application = personas["external"], personas.application
    assert ext.has_perm("projects.change_project", application)
    application.phase = "implementation"
    application.save()
    assert not ext.has_perm("projects.change_project", application)
    assert ext.has_perm("projects.view_project", application)


@pytest.mark.django_db
def test_a_deactivated_user_loses_every_permission(personas):
    owner = personas["owner"]
    owner.is_active = False
    owner.save()
    forget_roles(owner)
    assert not owner.has_perm("fund.view_fund", personas.fund)
    assert not owner.has_perm("fund.record_entry", personas.fund)


@pytest.mark.django_db
def test_a_role_granted_later_counts_after_the_cache_is_dropped(personas):
    from socinv.accounts.models import Membership

    user = personas["outsider"]
    assert not user.has_perm("fund.view_fund", personas.fund)
    Membership.objects.create(user=user, organisation=personas.organisation, role="auditor")
    forget_roles(user)
    assert user.has_perm("fund.view_fund", personas.fund)
    assert not user.has_perm("fund.record_entry", personas.fund)


@pytest.mark.django_db
def test_visible_projects_and_funds_follow_the_matrix(personas):
    from socinv.fund.access import funds_visible_to
    from socinv.projects.access import projects_visible_to

    all_three = {personas.own_project, personas.other_project, personas.application}
    assert set(projects_visible_to(personas["owner"])) == all_three
    assert set(projects_visible_to(personas["auditor"])) == all_three
    assert set(projects_visible_to(personas["project_leader"])) == {personas.own_project}
    assert set(projects_visible_to(personas["evaluator"])) == {personas.own_project}
    assert set(projects_visible_to(personas["external"])) == {personas.application}
    assert set(projects_visible_to(personas["outsider"])) == set()
    assert set(projects_visible_to(personas["other_owner"])) == set()
    assert set(funds_visible_to(personas["economist"])) == {personas.fund}
    assert set(funds_visible_to(personas["project_leader"])) == set()
    assert set(funds_visible_to(personas["other_owner"])) == {personas.other_fund}


@pytest.mark.django_db
def test_an_external_applicant_may_submit_ideas_only_where_the_fund_admits_civil_society(
    personas,
):
    ext, fund = personas["external"], personas.fund
    assert not ext.has_perm("fund.submit_idea", fund)
    fund.civil_society_may_apply = True
    fund.save()
    assert ext.has_perm("fund.submit_idea", fund)
    assert not personas["evaluator"].has_perm("fund.submit_idea", fund)
