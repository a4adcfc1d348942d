"""Single sign-on with OpenID Connect (mozilla-django-oidc), for a municipality's Entra ID,
AD FS or Inera IdP. On when ``SOCINV_OIDC_ISSUER`` is set (see the settings and the
README's Operations section).

- The provider's endpoints come from its discovery document
  (``ISSUER/.well-known/openid-configuration``), read on first use and kept for the
  process; its ``issuer`` must be the configured one.
- The ID token is verified in full: the signature (the provider's JWKS), the issuer, the
  **audience** (our client id; mozilla-django-oidc leaves that out), the expiry and the
  nonce; the code flow uses PKCE. A token that fails is refused with a page (403), never
  with a login.
- Roles come from the groups claim through :class:`~socinv.accounts.models.GroupRole`
  (:func:`socinv.accounts.services.sign_in_with_sso`); a user whose groups map to no role
  is refused with a Swedish page naming whom to ask.
"""

from __future__ import annotations

import logging
import threading
from urllib.parse import urlencode

import jwt
import requests
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import SuspiciousOperation
from django.shortcuts import render
from django.urls import reverse
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import (
    OIDCAuthenticationCallbackView,
    OIDCAuthenticationRequestView,
)

from .models import Membership, Role
from .services import SsoClaims, sign_in_with_sso

log = logging.getLogger("socinv.sso")

_discovery: dict | None = None
_discovery_lock = threading.Lock()


class ProviderUnavailable(Exception):
    """The identity provider's discovery document could not be read."""


def discovery() -> dict:
    """The provider's discovery document, read once per process."""
    global _discovery
    with _discovery_lock:
        if _discovery is None:
            issuer = settings.SOCINV_OIDC_ISSUER
            url = f"{issuer}/.well-known/openid-configuration"
            try:
                response = requests.get(url, timeout=settings.OIDC_TIMEOUT)
                response.raise_for_status()
                document = response.json()
            except (requests.RequestException, ValueError) as exc:
                raise ProviderUnavailable(f"{url}: {exc}") from exc
            if str(document.get("issuer", "")).rstrip("/") != issuer:
                raise ProviderUnavailable(
                    f"{url} names the issuer {document.get('issuer')!r}, not {issuer!r}"
                )
            _discovery = document
        return _discovery


def _endpoint(name: str) -> str:
    return discovery()[name]


class SocinvOIDCBackend(OIDCAuthenticationBackend):
    """mozilla-django-oidc's code flow, with the endpoints discovered, the ID token's
    audience and issuer checked, and the user and roles from :func:`sign_in_with_sso`."""

    def __init__(self, *args, **kwargs):
        # Not the library's __init__: Django makes every backend for every login (the local
        # password form's too), and the endpoints are read from the provider only when a
        # code is to be exchanged (the properties below).
        self.OIDC_RP_CLIENT_ID = settings.OIDC_RP_CLIENT_ID
        self.OIDC_RP_CLIENT_SECRET = settings.OIDC_RP_CLIENT_SECRET
        self.OIDC_RP_SIGN_ALGO = settings.OIDC_RP_SIGN_ALGO
        self.OIDC_RP_IDP_SIGN_KEY = None
        self.UserModel = get_user_model()

    OIDC_OP_TOKEN_ENDPOINT = property(lambda self: _endpoint("token_endpoint"))
    OIDC_OP_USER_ENDPOINT = property(lambda self: _endpoint("userinfo_endpoint"))
    OIDC_OP_JWKS_ENDPOINT = property(lambda self: _endpoint("jwks_uri"))

    def _verify_jws(self, payload, key):
        header = jwt.get_unverified_header(payload)
        if header.get("alg") != self.OIDC_RP_SIGN_ALGO:
            raise SuspiciousOperation(
                f"the token is signed with {header.get('alg')!r}, not {self.OIDC_RP_SIGN_ALGO!r}"
            )
        try:
            return jwt.decode(
                payload,
                key,
                algorithms=[self.OIDC_RP_SIGN_ALGO],
                audience=self.OIDC_RP_CLIENT_ID,
                issuer=settings.SOCINV_OIDC_ISSUER,
                leeway=60,
                options={"require": ["exp", "iat", "iss", "aud", "sub"]},
            )
        except jwt.InvalidTokenError as exc:
            raise SuspiciousOperation(f"ID token refused: {exc}") from exc

    def authenticate(self, request, **kwargs):
        if request is None or "code" not in request.GET:
            return None  # the password form's login: not ours
        return super().authenticate(request, **kwargs)

    def get_or_create_user(self, access_token, id_token, payload):
        userinfo = self.get_userinfo(access_token, id_token, payload)
        if userinfo.get("sub") != payload.get("sub"):
            raise SuspiciousOperation("the userinfo is another subject's than the ID token's")
        # the ID token's claims (Entra ID puts the groups there), completed by the userinfo
        claims = {**payload, **{k: v for k, v in userinfo.items() if v not in (None, "")}}
        groups = claims.get(settings.SOCINV_OIDC_GROUPS_CLAIM) or []
        if isinstance(groups, str):
            groups = groups.split()
        groups = tuple(str(g) for g in groups if isinstance(g, str | int))
        user = sign_in_with_sso(
            claims=SsoClaims(
                issuer=settings.SOCINV_OIDC_ISSUER,
                subject=str(payload["sub"]),
                username=str(claims.get(settings.SOCINV_OIDC_USERNAME_CLAIM) or ""),
                email=str(claims.get("email") or ""),
                first_name=str(claims.get("given_name") or ""),
                last_name=str(claims.get("family_name") or ""),
                groups=groups,
            )
        )
        if user is None:
            log.warning(
                "single sign-on refused: the groups of %s give no role: %s",
                payload["sub"],
                ", ".join(groups) or "(none)",
            )
            self.request.socinv_sso_refused = {"groups": groups}
        return user


def _refused(request, reason: str, *, status: int = 403, groups=()):
    """The page of a refused single sign-on, in Swedish (the site's language)."""
    contacts = []
    if reason == "no_role":
        admins = (
            Membership.objects.filter(role=Role.ADMINISTRATOR, user__is_active=True)
            .select_related("user", "organisation")
            .order_by("organisation__name", "user__last_name", "user__first_name")
        )
        contacts = [
            {
                "name": m.user.get_full_name() or m.user.get_username(),
                "email": m.user.email,
                "organisation": m.organisation.name,
            }
            for m in admins
        ]
    context = {
        "reason": reason,
        "groups": groups,
        "contacts": contacts,
        "contact": settings.SOCINV_OIDC_CONTACT,
    }
    return render(request, "accounts/sso_refused.html", context, status=status)


class AuthenticateView(OIDCAuthenticationRequestView):
    """The redirect to the provider, its authorization endpoint discovered."""

    def __init__(self, *args, **kwargs):
        super(OIDCAuthenticationRequestView, self).__init__(*args, **kwargs)
        self.OIDC_RP_CLIENT_ID = settings.OIDC_RP_CLIENT_ID

    def get(self, request):
        try:
            self.OIDC_OP_AUTH_ENDPOINT = _endpoint("authorization_endpoint")
        except ProviderUnavailable as exc:
            log.error("single sign-on: the identity provider does not answer: %s", exc)
            return _refused(request, "unavailable", status=503)
        return super().get(request)


class CallbackView(OIDCAuthenticationCallbackView):
    """The provider's redirect back: a login, or a page saying why not."""

    def get(self, request):
        try:
            return super().get(request)
        except SuspiciousOperation as exc:
            log.warning("single sign-on refused: %s", exc)
            return _refused(request, "token")
        except (ProviderUnavailable, requests.RequestException) as exc:
            log.error("single sign-on: the identity provider does not answer: %s", exc)
            return _refused(request, "unavailable", status=503)

    def login_failure(self):
        refused = getattr(self.request, "socinv_sso_refused", None)
        if refused is not None:
            return _refused(self.request, "no_role", groups=refused["groups"])
        return _refused(self.request, "failed")


def provider_logout_url(request, id_token: str | None) -> str | None:
    """Where to send the browser after socinv's own logout, so that the provider's
    session ends too (RP-initiated logout); None when the provider has no such endpoint."""
    try:
        end_session = discovery().get("end_session_endpoint")
    except ProviderUnavailable:
        return None
    if not end_session:
        return None
    params = {
        "client_id": settings.OIDC_RP_CLIENT_ID,
        "post_logout_redirect_uri": request.build_absolute_uri(reverse("login")),
    }
    if id_token:
        params["id_token_hint"] = id_token
    return f"{end_session}?{urlencode(params)}"
