"""Local password login, which a deployment with single sign-on may switch off
(``SOCINV_LOCAL_LOGIN=false``) except for one break-glass administrator
(``SOCINV_BREAK_GLASS_USER``), who can still log in when the identity provider is down."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


def password_login_allowed(username: str | None) -> bool:
    if settings.SOCINV_LOCAL_LOGIN:
        return True
    break_glass = settings.SOCINV_BREAK_GLASS_USER
    return bool(break_glass) and username == break_glass


class PasswordBackend(ModelBackend):
    """Django's password check, for the users who may log in with a password."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if password is None:
            return None  # not a password login (the single sign-on's callback)
        if username is None:
            username = kwargs.get(get_user_model().USERNAME_FIELD)
        if not password_login_allowed(username):
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
