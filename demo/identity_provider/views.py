"""The demo provider's pages: home, the password form, and the authorization endpoint.

A real identity provider asks for the password again when its client says so: ``prompt=login``
(django-oauth-toolkit sends the citizen to the login form, ``handle_prompt_login``) or a
``max_age`` shorter than the age of the citizen's login (django-oauth-toolkit ignores it: the
subclass below adds it). The ID token's ``auth_time`` tells the client when the password was
entered, so it can check that its request was honoured.
"""

import time

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import render, resolve_url
from oauth2_provider.views import AuthorizationView


def instance(request):
    return {"idp_name": settings.INSTANCE_NAME, "idp_colour": settings.INSTANCE_COLOUR}


def home(request):
    return render(request, "demo_identity_provider/home.html")


class CitizenLoginView(auth_views.LoginView):
    template_name = "demo_identity_provider/login.html"
    # A citizen already logged in reaches this form only when a client asked for a new login
    # (prompt=login, max_age): the form must be shown again, not skipped.
    redirect_authenticated_user = False


def login_age_seconds(citizen) -> float:
    """Seconds since the citizen's last password entry: django-oauth-toolkit's ``auth_time``
    (``last_login``) is what the ID token says, so it is what max_age is measured against."""
    if citizen.last_login is None:
        return float("inf")
    return time.time() - citizen.last_login.timestamp()


def _max_age(request) -> int | None:
    value = request.GET.get("max_age", "")
    return int(value) if value.isascii() and value.isdigit() else None  # malformed: ignored


class CitizenAuthorizationView(AuthorizationView):
    """django-oauth-toolkit's authorization endpoint, honouring ``max_age`` as well."""

    def get(self, request, *args, **kwargs):
        max_age = _max_age(request)
        if max_age is not None and login_age_seconds(request.user) > max_age:
            return self.handle_prompt_login()
        return super().get(request, *args, **kwargs)

    def handle_no_permission(self):
        prompt = self.request.GET.get("prompt", "").split()
        if _max_age(self.request) is not None and "none" not in prompt and "create" not in prompt:
            return self.handle_prompt_login()  # so that max_age is not asked again after the login
        return super().handle_no_permission()

    def handle_prompt_login(self):
        """To the password form, then back here without what the new login satisfies: "login"
        in prompt and max_age (kept, max_age=0 would send the citizen back to the form forever)."""
        params = self.request.GET.copy()
        params.pop("max_age", None)
        prompt = [value for value in params.get("prompt", "").split() if value != "login"]
        if prompt:
            params["prompt"] = " ".join(prompt)
        else:
            params.pop("prompt", None)
        return redirect_to_login(
            f"{self.request.path}?{params.urlencode()}",
            resolve_url(self.get_login_url()),
            self.get_redirect_field_name(),
        )
