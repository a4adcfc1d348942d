"""The write contract's permission check, :func:`require`, low enough in the layers for
every app's services (the organisation's too) to call it. It is used as
``socinv.accounts.access.require``, next to the one access helper ``object_for``."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied


def require(user, perm: str, obj=None) -> None:
    """Raise :class:`PermissionDenied` unless ``user`` may ``perm`` (on ``obj``)."""
    if user is None or not user.has_perm(perm, obj):
        raise PermissionDenied(perm)
