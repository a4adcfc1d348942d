"""How the API answers for objects the user may not use (documented in the OpenAPI text).

* Not authenticated: 401.
* The object does not exist, or belongs to an organisation where the user holds no role
  (and, for a project, the user is not one of its members): 404, so that the API never
  tells other organisations' users what exists.
* The user holds a role in the object's organisation but the permission matrix
  (:mod:`socinv.accounts.permissions`) does not grant the action: 403.
* Lists are filtered to what the user may see (an outsider gets an empty list).
"""

from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext as _
from ninja.errors import HttpError

from socinv.accounts.permissions import organisation_id, project_roles_of, roles_of
from socinv.fund.models import Project


def reachable(user, obj) -> bool:
    if organisation_id(obj) in roles_of(user):
        return True
    return isinstance(obj, Project) and obj.pk in project_roles_of(user)


def get_for(user, queryset, pk: int, perm: str | None = None):
    """The object ``pk`` of ``queryset`` if ``user`` may ``perm`` it; else 404 or 403."""
    obj = queryset.filter(pk=pk).first()
    if obj is None or not reachable(user, obj):
        raise Http404
    if perm is not None and not user.has_perm(perm, obj):
        raise HttpError(403, _("You do not have permission to do this."))
    return obj
