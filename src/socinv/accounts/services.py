"""Writes to user accounts, on the contract of every write service: keyword-only
``acting_user`` whose permission is checked here (``accounts.manage_users``),
:class:`~socinv.core.problems.Refused` with every reason before anything is stored, atomic.

Codes: ``role_invalid`` (field ``role``), ``username_required``, ``username_taken`` and
Django's username validation (field ``username``), Django's password validators'
codes (``password_too_short``, ``password_too_similar`` ..., field ``password``)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.db import transaction
from django.utils.translation import gettext as _

from socinv.core.problems import Refusal, refuse_if
from socinv.organisation.models import Organisation
from socinv.web.access import require
from socinv.web.refusals import validated

from .models import Membership, Role
from .permissions import STAFF_ROLES


def create_user(
    *,
    acting_user,
    username: str,
    password: str,
    role: str,
    organisation: Organisation,
    email: str = "",
):
    """Create an active user holding ``role`` in ``organisation`` (an administrator of
    that organisation creates them). See :func:`create_user_at_setup` for the rest."""
    require(acting_user, "accounts.manage_users", organisation)
    return create_user_at_setup(
        username=username, password=password, role=role, organisation=organisation, email=email
    )


@transaction.atomic
def create_user_at_setup(
    *,
    username: str,
    password: str,
    role: str,
    organisation: Organisation,
    email: str = "",
):
    """:func:`create_user` without a permission check: the server's operator setting up
    (``socinv createuser``, which makes the first administrator, and the demo's first
    user), where nobody is logged in. Pages and the API use :func:`create_user`.

    The role must be one of :class:`Role` and the password must pass Django's password
    validators (``AUTH_PASSWORD_VALIDATORS``); otherwise ``Refused`` lists every problem
    and nothing is stored. Administrators and auditors get ``is_staff`` (the Django admin,
    where the permission rules decide what they may do); nobody becomes a superuser.
    """
    User = get_user_model()
    found: list[Refusal] = []
    if role not in Role.values:
        message = _("Unknown role %(role)s; choose one of: %(roles)s.") % {
            "role": role,
            "roles": ", ".join(Role.values),
        }
        found.append(Refusal("role_invalid", "role", message))
    username = (username or "").strip()
    if not username:
        found.append(Refusal("username_required", "username", _("A username is required.")))
    elif User.objects.filter(username=username).exists():
        message = _("The username %(username)s is already taken.") % {"username": username}
        found.append(Refusal("username_taken", "username", message))
    user = User(username=username, email=email, is_staff=role in STAFF_ROLES)
    found += validated(lambda: validate_password(password, user=user), "password")
    if not found:
        found += validated(lambda: user.full_clean(exclude=["password"]))
    refuse_if(found)
    user.set_password(password)
    user.save()
    Membership.objects.create(user=user, organisation=organisation, role=role)
    return user
