"""The login page (the password form, and the single sign-on button when it is on) and
the logout (which also ends the identity provider's session after a single sign-on)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.shortcuts import redirect


class LoginView(auth_views.LoginView):
    template_name = "registration/login.html"
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["sso"] = settings.SOCINV_SSO
        context["local_login"] = settings.SOCINV_LOCAL_LOGIN
        return context


class LogoutView(auth_views.LogoutView):
    def post(self, request, *args, **kwargs):
        id_token = request.session.get("oidc_id_token")
        response = super().post(request, *args, **kwargs)
        if settings.SOCINV_SSO and id_token:
            from .oidc import provider_logout_url

            url = provider_logout_url(request, id_token)
            if url:
                return redirect(url)
        return response
