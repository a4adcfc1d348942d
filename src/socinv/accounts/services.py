"""Writes to user accounts. Every function is atomic: on any error nothing is stored."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from socinv.organisation.models import Organisation

from .models import Membership, Role
from .permissions import STAFF_ROLES


def _valid_role(role: str) -> str:
    if role not in Role.values:
        raise ValidationError(
            _("Unknown role %(role)s; choose one of: %(roles)s."),
            code="invalid_role",
            params={"role": role, "roles": ", ".join(Role.values)},
        )
    return role


@transaction.atomic
def create_user(
    *,
    username: str,
    password: str,
    role: str,
    organisation: Organisation,
    email: str = "",
):
    """Create an active user holding ``role`` in ``organisation``.

    The role must be one of :class:`Role` and the password must pass Django's password
    validators (``AUTH_PASSWORD_VALIDATORS``); otherwise ``ValidationError`` lists every
    problem and nothing is stored. Administrators and auditors get ``is_staff`` (the Django
    admin, where the permission rules decide what they may do); nobody becomes a superuser.
    """
    User = get_user_model()
    problems: list[ValidationError] = []
    try:
        _valid_role(role)
    except ValidationError as exc:
        problems.append(exc)
    username = (username or "").strip()
    if not username:
        problems.append(ValidationError(_("A username is required."), code="username_required"))
    elif User.objects.filter(username=username).exists():
        problems.append(
            ValidationError(
                _("The username %(username)s is already taken."),
                code="username_taken",
                params={"username": username},
            )
        )
    user = User(username=username, email=email, is_staff=role in STAFF_ROLES)
    try:
        validate_password(password, user=user)
    except ValidationError as exc:
        problems.append(exc)
    if problems:
        raise ValidationError(problems)
    user.full_clean(exclude=["password"])
    user.set_password(password)
    user.save()
    Membership.objects.create(user=user, organisation=organisation, role=role)
    return user
