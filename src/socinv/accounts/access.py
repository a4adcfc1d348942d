"""The one access helper (Healthchecks' ``_get_check_for_user``), used by every page and
the API alike:

* the object does not exist, or belongs to an organisation where the user holds no role
  (and, for a project, the user is not one of its members): **404**, so that nothing is
  revealed across organisations;
* the user may reach the object but the permission matrix
  (:mod:`socinv.accounts.permissions`) does not grant ``perm``: **403**
  (:class:`~django.core.exceptions.PermissionDenied`).

Write services call :func:`require` themselves: a service never trusts its caller to
have checked (it is defined in :mod:`socinv.web.access`, below the organisation's layer).
"""

from __future__ import annotations

from django.http import Http404

from socinv.web.access import require

from .permissions import is_project, organisation_id, project_roles_of, roles_of

__all__ = ["object_for", "reachable", "require"]


def reachable(user, obj) -> bool:
    """Whether ``user`` has any part in ``obj``'s organisation, or in the project itself."""
    if organisation_id(obj) in roles_of(user):
        return True
    return is_project(obj) and obj.pk in project_roles_of(user)


def object_for(user, queryset, pk: int, perm: str | None = None):
    """The object ``pk`` of ``queryset`` if ``user`` may ``perm`` it; else 404 or 403."""
    obj = queryset.filter(pk=pk).first()
    if obj is None or not reachable(user, obj):
        raise Http404
    if perm is not None:
        require(user, perm, obj)
    return obj
