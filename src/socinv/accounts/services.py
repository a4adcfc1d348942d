"""Writes to user accounts, on the contract of every write service: keyword-only
``acting_user`` whose permission is checked here (``accounts.manage_users``),
:class:`~socinv.core.problems.Refused` with every reason before anything is stored, atomic.

Codes: ``role_invalid`` (field ``role``), ``username_required``, ``username_taken`` and
Django's username validation (field ``username``), Django's password validators'
codes (``password_too_short``, ``password_too_similar`` ..., field ``password``)."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.db import transaction
from django.utils.translation import gettext as _

from socinv.core.problems import Refusal, refuse_if
from socinv.organisation.models import Organisation
from socinv.web.access import require
from socinv.web.refusals import validated

from .models import GroupRole, Membership, Role, SsoIdentity
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


@dataclass(frozen=True)
class SsoClaims:
    """What a verified ID token and the userinfo endpoint say of the person signing in."""

    issuer: str
    subject: str
    username: str
    email: str = ""
    first_name: str = ""
    last_name: str = ""
    groups: tuple[str, ...] = ()


def roles_for_groups(groups) -> set[tuple[int, str]]:
    """The (organisation id, role) pairs the groups give (:class:`GroupRole`)."""
    groups = [g for g in groups if g]
    if not groups:
        return set()
    return set(GroupRole.objects.filter(group__in=groups).values_list("organisation_id", "role"))


@transaction.atomic
def sign_in_with_sso(*, claims: SsoClaims):
    """The user who signs in with single sign-on, made or brought up to date; ``None``
    when their groups give no role (refused: nothing is stored).

    No ``acting_user``: the identity provider's signed ID token, verified by
    ``socinv.accounts.oidc`` (signature, issuer, audience, expiry, nonce), is the authority.
    The user is found by issuer and subject (never by e-mail address); a new one gets a
    username from the claim ``SOCINV_OIDC_USERNAME_CLAIM`` (made unique) and no usable
    password. Their memberships become exactly the roles of their groups (a role whose
    group they left is taken away), written with history attributed to the user."""
    wanted = roles_for_groups(claims.groups)
    if not wanted:
        return None
    User = get_user_model()
    identity = (
        SsoIdentity.objects.select_related("user")
        .filter(issuer=claims.issuer, subject=claims.subject)
        .first()
    )
    if identity is None:
        user = User(username=_free_username(claims))
        user.set_unusable_password()
    else:
        user = identity.user
    user.email = claims.email[: User._meta.get_field("email").max_length]
    user.first_name = claims.first_name[: User._meta.get_field("first_name").max_length]
    user.last_name = claims.last_name[: User._meta.get_field("last_name").max_length]
    user.is_staff = any(role in STAFF_ROLES for _org, role in wanted)
    user._history_user = user if user.pk else None
    user.save()
    if identity is None:
        SsoIdentity.objects.create(user=user, issuer=claims.issuer, subject=claims.subject)
    held = {(m.organisation_id, m.role): m for m in Membership.objects.filter(user=user)}
    for key, membership in held.items():
        if key not in wanted:
            membership._history_user = user
            membership.delete()
    for organisation_id, role in sorted(wanted - set(held)):
        membership = Membership(user=user, organisation_id=organisation_id, role=role)
        membership._history_user = user
        membership.save()
    return user


_USERNAME_UNSAFE = re.compile(r"[^\w.@+-]")


def _free_username(claims: SsoClaims) -> str:
    """The claim's username in Django's alphabet, made unique with a short hash of the
    identity when another user (a local one) has it."""
    User = get_user_model()
    limit = User._meta.get_field("username").max_length
    base = _USERNAME_UNSAFE.sub("_", claims.username or claims.email or claims.subject)[:limit]
    if base and not User.objects.filter(username=base).exists():
        return base
    digest = hashlib.sha256(f"{claims.issuer} {claims.subject}".encode()).hexdigest()[:8]
    return f"{base[: limit - 9]}-{digest}"
