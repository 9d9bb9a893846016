"""Signing up, verifying one's address, logging in (password, then the authenticator's code when
the person has one), logging out, resetting a forgotten password, the second factor's setup."""

import io
import time

import qrcode
import qrcode.image.svg
from django.contrib import messages
from django.shortcuts import redirect
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from franceconnect.infrastructure.pages import too_many_requests
from partner_space import rate_limits, services, session
from partner_space.forms import CodeForm, EmailForm, LoginForm, NewPasswordForm, SignUpForm
from partner_space.selectors import person_by_id
from partner_space.services.accounts import password_fingerprint
from partner_space.views.common import NEXT_FIELD, form_page, next_path_checked, page, partner_required


def _language() -> str:
    return (get_language() or "fr")[:2]


@never_cache
@require_http_methods(["GET", "POST"])
def sign_up(request):
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        wait = rate_limits.requests_limited(request, kind="sign_up")
        if wait is not None:
            return too_many_requests(request, retry_after=wait)
        email = form.cleaned_data["email"]
        if rate_limits.email_allowed(request, email=email):
            services.person_sign_up(
                email=email,
                password=form.cleaned_data["password"],
                given_name=form.cleaned_data["given_name"].strip(),
                family_name=form.cleaned_data["family_name"].strip(),
                language=_language(),
            )
        # The same answer whether the address had an account or not.
        return page(request, "email_sent.html", {"email": email, "purpose": "sign_up"})
    return form_page(request, "sign_up.html", {"form": form})


@never_cache
@require_http_methods(["GET", "POST"])
def verify_email(request, token: str):
    """The link of the verification e-mail: it asks before it acts (a mail scanner follows links)."""
    person = services.verification_link_person(token)
    if person is None:
        return page(request, "link_invalid.html", {"purpose": "verify_email"}, status=404)
    if request.method == "POST":
        services.person_email_verify(person=person)
        messages.success(request, _("Your e-mail address is confirmed. You can log in."))
        return redirect("partner_login")
    return page(request, "verify_email.html", {"email": person.email})


def _open(request, person, next_path: str):
    services.person_logged_in(person=person)
    now = time.time()
    session.partner_open(
        request,
        session.PartnerSession(
            person_id=person.pk,
            email=person.email,
            password_fingerprint=password_fingerprint(person),
            opened_at=now,
            last_seen=now,
        ),
    )
    return redirect(next_path_checked(next_path))


def _locked(request, form, wait: int):
    minutes = max(1, -(-wait // 60))
    form.add_error(
        None,
        _(
            "Too many wrong passwords or codes were typed for this address. Log in again in %(minutes)d minutes, or reset your password."
        )
        % {"minutes": minutes},
    )
    response = form_page(request, "login.html", {"form": form, "next_path": ""})
    response.status_code = 429
    response["Retry-After"] = str(wait)
    return response


@never_cache
@require_http_methods(["GET", "POST"])
def login(request):
    next_path = request.POST.get(NEXT_FIELD) or request.GET.get(NEXT_FIELD, "")
    form = LoginForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        wait = rate_limits.login_locked(request, email=email)
        if wait is not None:
            return _locked(request, form, wait)
        person = services.person_authenticate(email=email, password=form.cleaned_data["password"])
        if person is None:
            rate_limits.login_failure_count(request, email=email)
            form.add_error(None, _("The e-mail address or the password is wrong."))
        elif person.email_verified_at is None:
            if rate_limits.email_allowed(request, email=email):
                services.person_verification_resend(person=person)
            return page(request, "email_sent.html", {"email": person.email, "purpose": "verify_first"})
        elif services.second_factor_device(person) is not None:
            session.second_factor_store(
                request, session.SecondFactorAwaited(person.pk, next_path_checked(next_path), time.time())
            )
            return redirect("partner_login_code")
        else:
            return _open(request, person, next_path)
    return form_page(request, "login.html", {"form": form, "next_path": next_path})


@never_cache
@require_http_methods(["GET", "POST"])
def login_code(request):
    """The second step: the authenticator's code (django-otp also slows down repeated wrong codes)."""
    awaited = session.second_factor_current(request)
    person = person_by_id(awaited.person_id) if awaited else None
    device = services.second_factor_device(person) if person else None
    if device is None:
        session.second_factor_forget(request)
        messages.info(request, _("Log in again to continue."))
        return redirect("partner_login")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        wait = rate_limits.login_locked(request, email=person.email)
        if wait is not None:
            session.second_factor_forget(request)
            return _locked(request, LoginForm(), wait)
        if device.verify_token(form.token()):
            return _open(request, person, awaited.next_path)
        rate_limits.login_failure_count(request, email=person.email)
        form.add_error("code", _("This code is wrong or has expired. Enter the code your app shows now."))
    return form_page(request, "login_code.html", {"form": form})


@never_cache
@require_POST
def logout(request):
    session.partner_close(request)
    messages.info(request, _("You are logged out of the partner space."))
    return redirect("partner_login")


@never_cache
@require_http_methods(["GET", "POST"])
def password_reset_request(request):
    form = EmailForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        wait = rate_limits.requests_limited(request, kind="reset")
        if wait is not None:
            return too_many_requests(request, retry_after=wait)
        email = form.cleaned_data["email"]
        if rate_limits.email_allowed(request, email=email):
            services.password_reset_request(email=email, language=_language())
        return page(request, "email_sent.html", {"email": email, "purpose": "reset"})
    return form_page(request, "password_reset_request.html", {"form": form})


@never_cache
@require_http_methods(["GET", "POST"])
def password_reset(request, token: str):
    person = services.password_reset_link_person(token)
    if person is None:
        return page(request, "link_invalid.html", {"purpose": "reset"}, status=404)
    form = NewPasswordForm(request.POST or None, person=person)
    if request.method == "POST" and form.is_valid():
        services.person_password_set(person=person, password=form.cleaned_data["password"])
        session.partner_close(request)
        messages.success(request, _("Your password is changed. Log in with it."))
        return redirect("partner_login")
    return form_page(request, "password_reset.html", {"form": form, "email": person.email})


def _qr_svg(url: str) -> str:
    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8, border=2)
    out = io.BytesIO()
    image.save(out)
    svg = out.getvalue().decode()
    return svg[svg.index("<svg") :]


@never_cache
@require_http_methods(["GET", "POST"])
@partner_required
def second_factor(request, person):
    """Add (or replace) the authenticator app: a QR code once, then a code it makes to confirm;
    or remove it."""
    device = services.second_factor_device(person)
    pending = services.second_factor_pending(person)
    form = (
        CodeForm(request.POST or None) if request.method == "POST" and "code" in request.POST else CodeForm()
    )
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action == "start":
            pending = services.second_factor_enrol_start(person=person)
            form = CodeForm()
        elif action == "remove" and device is not None:
            services.second_factor_remove(person=person)
            messages.success(request, _("The authenticator app is removed: your password alone logs you in."))
            return redirect("partner_second_factor")
        elif action == "confirm" and pending is not None and form.is_valid():
            if services.second_factor_confirm(device=pending, token=form.token()):
                messages.success(
                    request, _("Your authenticator app is set up. We will ask for its code at each login.")
                )
                return redirect("partner_second_factor")
            form.add_error("code", _("This code is wrong or has expired. Enter the code your app shows now."))
    context = {"form": form, "device": device, "pending": pending, "section": "account"}
    if pending is not None:
        context["qr_svg"] = mark_safe(_qr_svg(pending.config_url))  # noqa: S308 — made by qrcode from our own URL
        context["config_url"] = pending.config_url
    return form_page(request, "second_factor.html", context)
