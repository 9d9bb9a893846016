"""The citizen's pages, each bound to its interaction: ``/connexion/<id>/…``, and the identity
providers' callback ``/fi/retour``, bound to its interaction by the provider's ``state``.

A step reached for an interaction that is gone gets a page that says so, with the way back to
its site while the portal still knows it; a provider's failure brings the citizen back to the
chooser with a message.

Every stop is recorded for the statistics (service_statistics: the step, the error code, the site
and the identity provider, nothing about the person), on these failure paths only; the passages of
a login that goes on cost a dict increment each (service_statistics.passages).
"""

import functools
import logging
import time

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from franceconnect.federation import login_policy, state
from franceconnect.federation.flow import errors
from franceconnect.federation.flow.journey import (
    AFTER_STOP_PARAMETER,
    chooser_page,
    chooser_url,
    confirmation_page,
    confirmation_url,
    identity_provider_redirect,
    provider_warning,
    provider_warning_page,
    selectable,
    single_sign_on_answering,
    way_back,
)
from franceconnect.federation.flow.refusals import account_suspended, register_refusal
from franceconnect.federation.flow.release import release_to_site
from franceconnect.federation.forms import ConfirmationForm
from franceconnect.federation.identity import VerifiedLogin
from franceconnect.federation.identity_register import RegisterStatus, RegisterUnavailable, identity_register
from franceconnect.federation.models import RefusedLogin
from franceconnect.federation.provider.logout import single_sign_on_end
from franceconnect.federation.provider.oauth import error_redirect
from franceconnect.federation.provider.subjects import pivot_hash
from franceconnect.federation.selectors import identity_providers_for, service_provider_active
from franceconnect.federation.services import citizen_get_or_create, refused_login_record
from franceconnect.infrastructure.errors import ErrorKind, WayBack, error_page
from franceconnect.infrastructure.languages import switcher_choice
from franceconnect.infrastructure.vocabulary import eidas_satisfies
from identity_providers.login import ProviderAnswerError, provider_answer_take
from service_statistics.passages import passage
from service_statistics.services import login_stop_record
from service_statistics.steps import BACK_TO_SITE, SINGLE_SIGN_ON, Step

logger = logging.getLogger(__name__)

# What the site receives through « Revenir sur <site> », by what stopped the journey.
WAY_BACK_ERRORS = {"access_denied": "User auth aborted", "temporarily_unavailable": "Service unavailable"}


def _stopped(
    request, kind: ErrorKind, interaction=None, site=None, *, step: str, provider_pk=None, **details
):
    """The error page of a stopped login, recorded at ``step`` (service_statistics.steps)."""
    logger.warning("federation flow stopped: %s", kind.code)
    _record(step, kind.code, site, provider_pk)
    back = (
        way_back(interaction, site, after_stop=True) if interaction is not None and site is not None else None
    )
    return error_page(request, kind, way_back=back, **details)


def _record(step: str, code: str, site=None, provider_pk=None) -> None:
    login_stop_record(
        step=step,
        code=code,
        service_provider_pk=site.pk if site is not None else None,
        identity_provider_pk=provider_pk,
    )


def _gone(request, interaction: state.Interaction | None, *, step: str):
    """The page for a step whose interaction is over, expired or unknown."""
    site = service_provider_active(interaction.request.client_id) if interaction is not None else None
    if interaction is None or site is None:
        return _stopped(request, errors.UNKNOWN_INTERACTION, step=step)
    if interaction.finished:  # the login ended (completed or cancelled): not a stop of its own
        home = site.site_url or None
        back = WayBack(site_name=site.name, url=home) if home else None
        return error_page(request, errors.INTERACTION_FINISHED, way_back=back)
    return _stopped(request, errors.INTERACTION_EXPIRED, interaction, site, step=step)


def _language_of(request, interaction: state.Interaction) -> str:
    """The pages of a login answered outside the language prefixes (the identity provider's
    callback) speak its interaction's language, unless the person chose another since."""
    return switcher_choice(request) or interaction.language


# The step a page belongs to, for the statistics of logins stopped there (the link to an identity
# provider is followed from the chooser).
STEP_OF_VIEW = {
    "chooser": Step.CHOOSER,
    "identity_provider": Step.CHOOSER,
    "confirmation": Step.CONFIRMATION,
    "switch_account": Step.CONFIRMATION,
}


def with_open_interaction(view):
    """Runs the view with the open interaction of its URL and its site, or answers that it is gone."""
    step = STEP_OF_VIEW[view.__name__]

    @functools.wraps(view)
    def wrapped(request, interaction_id: str, *args, **kwargs):
        interaction = state.interaction_get(interaction_id)
        if interaction is not None:
            request.portal_page_token = interaction.id  # one header for every interaction's page
        if interaction is None or not interaction.is_open:
            return _gone(request, interaction, step=step)
        site = service_provider_active(interaction.request.client_id)
        if site is None:
            return _gone(request, None, step=step)
        return view(request, interaction, site, *args, **kwargs)

    return wrapped


@never_cache
@require_GET
@with_open_interaction
def chooser(request, interaction, site):
    sso = single_sign_on_answering(request, interaction, site)
    if sso is not None:
        passage(SINGLE_SIGN_ON, site=site, identity_provider_pk=sso.login.identity_provider_id)
        return redirect(confirmation_url(interaction))
    return chooser_page(request, interaction, site)


@never_cache
@require_GET
@with_open_interaction
def identity_provider(request, interaction, site, slug: str):
    """The citizen chose an identity provider: off to it, with what this request requires."""
    provider = next((offered for offered in identity_providers_for(site) if offered.slug == slug), None)
    if provider is None or not selectable(provider, interaction):
        return _stopped(
            request,
            errors.PROVIDER_NOT_OFFERED,
            interaction,
            site,
            step=Step.CHOOSER,
            provider_pk=provider.pk if provider is not None else None,
        )
    warning = provider_warning(provider)
    if warning and request.GET.get("avertissement") != "lu":
        return provider_warning_page(request, interaction, site, provider, warning)
    return identity_provider_redirect(request, interaction, site, provider)


@never_cache
@require_GET
def identity_provider_return(request):
    """GET /fi/retour?code=…&state=… (or ?error=…): the identity provider's answer. A verified
    identity opens the single sign-on and the confirmation screen is shown in place."""
    answered = state.callback_answered(request, request.GET)
    if answered is not None:  # a reload of this page: the login was taken, the screen is still there
        return redirect(confirmation_url(answered))
    try:
        answer = provider_answer_take(request)
    except ProviderAnswerError as failure:
        return _provider_failed(request, failure)
    interaction = state.interaction_get(answer.binding)
    if interaction is None or not interaction.is_open:
        return _gone(request, interaction, step=Step.IDENTITY_PROVIDER)
    translation.activate(_language_of(request, interaction))
    site = service_provider_active(interaction.request.client_id)
    offered = identity_providers_for(site) if site is not None else []
    provider_pk = answer.provider.pk
    # A sandbox site never receives a real person's identity, nor a production site a test one,
    # whatever the offered list says (both flags are on rows the flow holds already).
    if site is not None and answer.provider.for_testing != site.is_sandbox:
        return _stopped(
            request,
            errors.PROVIDER_NOT_OFFERED,
            interaction,
            site,
            step=Step.IDENTITY_PROVIDER,
            provider_pk=provider_pk,
        )
    if site is None or provider_pk not in {provider.pk for provider in offered}:
        return (
            _gone(request, None, step=Step.IDENTITY_PROVIDER)
            if site is None
            else _stopped(
                request,
                errors.PROVIDER_NOT_OFFERED,
                interaction,
                site,
                step=Step.IDENTITY_PROVIDER,
                provider_pk=provider_pk,
            )
        )
    login = answer.login
    at_provider = {"step": Step.IDENTITY_PROVIDER, "provider_pk": provider_pk}
    if not eidas_satisfies(login.acr, interaction.request.acr):
        return _stopped(request, errors.INSUFFICIENT_ACR, interaction, site, **at_provider)
    if not _authentication_recent_enough(interaction.request, login, interaction.created_at):
        return _stopped(
            request,
            errors.NO_NEW_AUTHENTICATION,
            interaction,
            site,
            identity_provider=answer.provider.name,
            **at_provider,
        )
    passage(Step.IDENTITY_CHECK, site=site, identity_provider_pk=provider_pk)
    at_check = {"step": Step.IDENTITY_CHECK, "provider_pk": provider_pk}
    try:
        register = identity_register().check(login.identity)
    except RegisterUnavailable:
        return _stopped(request, errors.REGISTER_UNAVAILABLE, interaction, site, **at_check)
    refused = register_refusal(request, interaction, site, answer.provider, register.status, login.identity)
    if refused is not None:
        return refused
    # Corrected by the register: its identity is shown, sent to sites and keyed on (README « Identity register »).
    identity = register.identity_for_sites(login.identity)
    pivot = pivot_hash(identity.as_dict())
    citizen = citizen_get_or_create(pivot=pivot)
    if not citizen.is_active:
        return _stopped(request, errors.ACCOUNT_DISABLED, interaction, site, **at_check)
    if citizen.suspended_at is not None:
        return account_suspended(
            request,
            interaction,
            site,
            citizen,
            provider_id=provider_pk,
            provider_name=answer.provider.name,
            step=Step.IDENTITY_CHECK,
        )
    if not login_policy.provider_allowed(citizen, provider_pk):
        return _provider_blocked(
            request,
            interaction,
            site,
            citizen,
            provider_pk,
            answer.provider.name,
            identity.email,
            step=Step.IDENTITY_CHECK,
        )
    state.citizen_login(request, citizen)
    sso = state.single_sign_on_open(
        request,
        VerifiedLogin(
            identity=identity,
            pivot_hash=pivot,
            identity_provider_id=answer.provider.pk,
            identity_provider_name=answer.provider.name,
            acr=login.acr,
            amr=login.amr or (),
            # The provider's own word when it gave one; otherwise this answer's time.
            auth_time=login.auth_time or int(time.time()),
            idp_id_token=login.id_token,
            register_corrected=register.status is RegisterStatus.CORRECTED,
        ),
        opened_for=interaction,
    )
    state.callback_answered_store(request, request.GET, interaction)
    passage(Step.CONFIRMATION, site=site, identity_provider_pk=provider_pk)
    return confirmation_page(request, interaction, site, sso)


def _provider_blocked(
    request, interaction, site, citizen, provider_id: int, provider_name: str, email: str, *, step: str
):
    """The citizen blocked this identity provider in their space: nothing is released, no single
    sign-on opens, and the citizen is told by e-mail (someone may know that account's password)."""
    login_policy.blocked_login_notify(
        account=citizen,
        provider_id=provider_id,
        provider_name=provider_name,
        site=site,
        email=email,
        language=translation.get_language(),
    )
    refused_login_record(
        cause=RefusedLogin.Cause.PROVIDER_BLOCKED,
        account=citizen,
        service_provider=site,
        identity_provider_id=provider_id,
    )
    logger.info("login refused: identity provider %s blocked by the citizen", provider_id)
    return _stopped(
        request,
        errors.PROVIDER_BLOCKED,
        interaction,
        site,
        step=step,
        provider_pk=provider_id,
        identity_provider=provider_name,
        space_link=True,
    )


def _authentication_recent_enough(authorization: state.AuthorizationRequest, login, started: int) -> bool:
    """prompt=login: the provider authenticated the person after the request; max_age: recently
    enough. A provider that does not say when (no auth_time) is taken at its word that it asked."""
    if login.auth_time is None:
        return True
    if "login" in authorization.prompt and not login.authenticated_since(started):
        return False
    return authorization.max_age is None or login.authenticated_since(
        int(time.time()) - authorization.max_age
    )


def _provider_failed(request, failure: ProviderAnswerError):
    """Back to the chooser with a message while the interaction is open; a page otherwise."""
    interaction = state.interaction_get(failure.binding) if failure.binding else None
    provider_name = failure.provider.name if failure.provider is not None else ""
    site = service_provider_active(interaction.request.client_id) if interaction is not None else None
    _record(
        Step.IDENTITY_PROVIDER, failure.error.code, site, failure.provider.pk if failure.provider else None
    )
    if interaction is None or not interaction.is_open:
        return error_page(request, failure.error.kind, identity_provider=provider_name)
    translation.activate(_language_of(request, interaction))
    kind = failure.error.kind
    if provider_name:
        headline = _("Logging in with %(provider)s did not work.") % {"provider": provider_name}
    else:
        headline = _("Logging in with the identity provider did not work.")
    messages.error(request, f"{headline} {kind.message} ({_('error code')}: {kind.code})")
    return redirect(chooser_url(interaction))


@never_cache
@require_http_methods(["GET", "POST"])
@with_open_interaction
def confirmation(request, interaction, site):
    """« Bienvenue <prénom nom> », the data about to be sent, « Continuer sur <site> »."""
    sso = single_sign_on_answering(request, interaction, site)
    if sso is None:
        # Reached by its address while this request needs a login (none, another provider, a
        # higher level of assurance, prompt=login): nothing is released.
        return redirect(chooser_url(interaction))
    if request.method == "POST" and "cancel" in request.POST:
        _record(Step.CONFIRMATION, BACK_TO_SITE, site, sso.login.identity_provider_id)
        return _back_to_site(interaction, "access_denied")
    form = ConfirmationForm(
        request.POST or None, consent_required=site.consent_required, single_sign_on=sso.id
    )
    if request.method == "POST" and form.is_valid():
        if not form.releases_what_it_displayed():
            # Someone else logged in since this screen was shown: show them theirs.
            messages.warning(
                request,
                _("A different person is now logged in. Check the information below before you continue."),
            )
            return redirect(confirmation_url(interaction))
        citizen = request.user if request.user.is_active else None
        if citizen is None:  # deactivated meanwhile: nothing is released
            return _stopped(
                request,
                errors.ACCOUNT_DISABLED,
                interaction,
                site,
                step=Step.CONFIRMATION,
                provider_pk=sso.login.identity_provider_id,
            )
        if citizen.suspended_at is not None:  # suspended since this single sign-on opened
            state.citizen_logout(request)
            login = sso.login
            return account_suspended(
                request,
                interaction,
                site,
                citizen,
                provider_id=login.identity_provider_id,
                provider_name=login.identity_provider_name,
                step=Step.CONFIRMATION,
            )
        if login_policy.single_sign_on_ended(citizen, sso.opened_at):
            # The citizen ended every session of their account (« ce n'était pas moi »).
            state.citizen_logout(request)
            messages.warning(request, _("Your session was closed. Log in again to continue."))
            return redirect(chooser_url(interaction))
        if not login_policy.provider_allowed(citizen, sso.login.identity_provider_id):
            state.citizen_logout(request)  # this single sign-on is of no use any more
            login = sso.login
            return _provider_blocked(
                request,
                interaction,
                site,
                citizen,
                login.identity_provider_id,
                login.identity_provider_name,
                login.identity.email,
                step=Step.CONFIRMATION,
            )
        return release_to_site(request, interaction, site, sso, citizen)
    return confirmation_page(request, interaction, site, sso, form)


def _back_to_site(interaction: state.Interaction, error: str):
    state.interaction_finish(interaction)
    return error_redirect(
        interaction.request.redirect_uri,
        error=error,
        description=WAY_BACK_ERRORS[error],
        state_value=interaction.request.state,
    )


@never_cache
@require_GET
def cancel(request, interaction_id: str):
    """« Revenir sur <site> »: the site receives an OpenID error for its request, and the
    interaction ends. Offered by the chooser and every error page, expired interactions included;
    from the chooser, the login stopped there (an error page's stop was recorded with its error)."""
    interaction = state.interaction_get(interaction_id)
    if interaction is None or interaction.finished:
        return _gone(request, interaction, step=Step.CHOOSER)
    site = service_provider_active(interaction.request.client_id)
    if site is None:
        return _gone(request, None, step=Step.CHOOSER)
    if AFTER_STOP_PARAMETER not in request.GET:
        _record(Step.CHOOSER, BACK_TO_SITE, site)
    error = request.GET.get("erreur", "access_denied")
    return _back_to_site(interaction, error if error in WAY_BACK_ERRORS else "access_denied")


@never_cache
@require_POST
@with_open_interaction
def switch_account(request, interaction, site):
    """« Ce n'est pas vous ? »: the single sign-on ends, and the chooser is shown again."""
    state.citizen_logout(request)
    return redirect(chooser_url(interaction))


@never_cache
@require_POST
def sign_out(request):
    """« Se déconnecter »: the single sign-on of this browser ends, here and at its identity
    provider, as when a site logs the person out (the page after says both ended)."""
    return single_sign_on_end(request, state.single_sign_on(request), reverse("flow_logged_out"))
