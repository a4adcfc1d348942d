"""Projects a user may open (see :mod:`socinv.accounts.access`)."""

from __future__ import annotations

from django.db.models import Q

from socinv.accounts.access import object_for
from socinv.accounts.permissions import FUND_WIDE, project_roles_of, roles_of

from .models import Project


def project_for(user, pk: int, perm: str = "projects.view_project") -> Project:
    """The project ``pk`` if ``user`` may ``perm`` it; 404 when out of reach, else 403."""
    queryset = Project.objects.select_related("fund", "fund__organisation", "applicant_board")
    return object_for(user, queryset, pk, perm)


def projects_visible_to(user, queryset=None):
    """The projects ``user`` may see: all of an organisation where the user holds a
    fund-wide role, and the user's own projects elsewhere."""
    qs = Project.objects.all() if queryset is None else queryset
    orgs = [org for org, held in roles_of(user).items() if held & set(FUND_WIDE)]
    own = list(project_roles_of(user))
    if not orgs and not own:
        return qs.none()
    return qs.filter(Q(fund__organisation_id__in=orgs) | Q(pk__in=own))
