"""The audit trail: every change to every record, for auditors (revisorer).

History rows are written by django-simple-history in the same transaction as the change
(a rolled-back change leaves no row). Changes made through a request are attributed to
the request's user by ``simple_history.middleware.HistoryRequestMiddleware``. Service
functions that run outside a request (management commands, imports, the CLI) attribute
their changes with :func:`attribute` or :func:`attributed_to`; otherwise the trail shows
them as made by "system".

Read the trail with :func:`socinv.audit.selectors.audit_events`.
"""

from __future__ import annotations

from contextlib import contextmanager
from types import SimpleNamespace


def attribute(instance, user):
    """Attribute the next saves (and deletion) of ``instance`` to ``user`` in the trail.

    Call it before ``save()`` or ``delete()``; it returns ``instance``::

        fund = attribute(fund, acting_user)
        fund.discount_rate = 0.03
        fund.save()

    The attribution stays on this Python object (every later save of it is attributed to
    ``user`` too) and overrides the request's user. ``user=None`` records "system".
    Records created by ``Model.objects.create(...)`` cannot be attributed this way (there
    is no instance before the save): build the instance, attribute it, then ``save()``,
    or wrap the calls in :func:`attributed_to`.
    """
    instance._history_user = user
    return instance


@contextmanager
def attributed_to(user):
    """Attribute every change saved in the block to ``user`` (unless an instance has its
    own :func:`attribute`): for a service that creates or changes several records outside
    a request::

        with attributed_to(acting_user):
            create_board(
                acting_user=acting_user, organisation=org, name="Socialnämnden", code="socialnamnd"
            )

    Inside a request it overrides the request's user for the block and restores it after.
    """
    from simple_history.models import HistoricalRecords

    context = HistoricalRecords.context
    missing = object()
    saved = getattr(context, "request", missing)
    context.request = SimpleNamespace(user=user)
    try:
        yield user
    finally:
        if saved is missing:
            try:
                del context.request
            except AttributeError:
                pass
        else:
            context.request = saved
