"""The steps of the citizen's journey, as plain functions of an interaction.

Each page has one address, under its interaction (``/connexion/<id>/…``, franceconnect.federation.flow.views);
two steps answer in place to save the browser a round trip on every login, by calling these
functions: /api/v2/authorize shows the chooser (or, under single sign-on, the confirmation
screen), and the identity provider's callback shows the confirmation screen. A page answered in
place names its own address (``portal_page_path``): its language links and its form lead there.

Each step counts its passage for the statistics (service_statistics.passages: in memory, sent with
the next request's rate-limit counters, no round trip of its own).
"""

from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language

from franceconnect.federation import state
from franceconnect.federation.forms import ConfirmationForm
from franceconnect.federation.identity_display import claim_readable
from franceconnect.federation.provider.scopes import CLAIM_LABELS, released_claims
from franceconnect.federation.selectors import identity_providers_for
from franceconnect.infrastructure.errors import WayBack
from identity_providers.login import authentication_redirect
from service_statistics.passages import passage
from service_statistics.steps import HINTED, SINGLE_SIGN_ON, Step


def chooser_url(interaction: state.Interaction) -> str:
    return reverse("flow_chooser", args=[interaction.id])


def confirmation_url(interaction: state.Interaction) -> str:
    return reverse("flow_confirmation", args=[interaction.id])


# Marks the way back offered by an error page, whose stop was recorded already: going back to the
# site from the chooser, without it, is a stop at the chooser (service_statistics).
AFTER_STOP_PARAMETER = "apres-erreur"


def way_back(
    interaction: state.Interaction, site, *, error: str = "access_denied", after_stop: bool = False
) -> WayBack:
    """« Revenir sur <site> »: the site receives an OpenID error for its request."""
    url = reverse("flow_cancel", args=[interaction.id])
    query = [f"erreur={error}"] if error != "access_denied" else []
    if after_stop:
        query.append(AFTER_STOP_PARAMETER)
    return WayBack(site_name=site.name, url=f"{url}?{'&'.join(query)}" if query else url)


def single_sign_on_answering(request, interaction: state.Interaction, site) -> state.SingleSignOn | None:
    """This browser's single sign-on, if it may answer this interaction without a new login."""
    sso = state.single_sign_on(request)
    if sso is None or not sso.answers(
        interaction, {provider.pk for provider in identity_providers_for(site)}
    ):
        return None
    return sso


def journey_start(request, interaction: state.Interaction, site, *, idp_hint: str = ""):
    """Right after /api/v2/authorize: the confirmation screen under a single sign-on that answers
    the request, the hinted identity provider, or the chooser. A posted request is redirected to
    the page's own address (a reload must not post again)."""
    sso = single_sign_on_answering(request, interaction, site)
    if sso is not None:
        passage(SINGLE_SIGN_ON, site=site, identity_provider_pk=sso.login.identity_provider_id)
        if request.method == "GET":
            return confirmation_page(request, interaction, site, sso)
        return redirect(confirmation_url(interaction))
    hinted = next((provider for provider in identity_providers_for(site) if provider.slug == idp_hint), None)
    if hinted is not None and selectable(hinted, interaction):
        if provider_warning(hinted):  # the citizen reads it first, on its own page
            return redirect(reverse("flow_identity_provider", args=[interaction.id, hinted.slug]))
        passage(HINTED, site=site, identity_provider_pk=hinted.pk)
        return identity_provider_redirect(request, interaction, site, hinted)
    if request.method == "GET":
        return chooser_page(request, interaction, site)
    return redirect(chooser_url(interaction))


def selectable(provider, interaction: state.Interaction) -> bool:
    return provider.is_available and interaction.request.acr in provider.eidas_levels


def provider_warning(provider) -> str:
    """What operators ask citizens to read before going to this provider, in their language."""
    return provider.warning_in((get_language() or "fr")[:2])


def provider_warning_page(request, interaction: state.Interaction, site, provider, warning: str):
    """FranceConnect's « modale » as a page of its own: the operators' message about this provider,
    then « Continuer sur <provider> » or back to the chooser."""
    url = reverse("flow_identity_provider", args=[interaction.id, provider.slug])
    request.portal_page_path = url
    context = {
        "service_provider": site,
        "provider": provider,
        "warning": warning,
        "continue_url": f"{url}?{WARNING_READ}",
        "chooser_url": chooser_url(interaction),
    }
    return render(request, "franceconnect/provider_warning.html", context)


WARNING_READ = "avertissement=lu"


def identity_provider_redirect(request, interaction: state.Interaction, site, provider):
    passage(Step.IDENTITY_PROVIDER, site=site, identity_provider_pk=provider.pk)
    return authentication_redirect(
        request,
        provider,
        binding=interaction.id,
        acr=interaction.request.acr,
        prompt=interaction.request.prompt,
        max_age=interaction.request.max_age,
    )


def chooser_page(request, interaction: state.Interaction, site):
    """« Connexion en cours sur <site> »: the identity providers this site offers."""
    request.portal_page_path = chooser_url(interaction)
    request.portal_page_token = interaction.id
    passage(Step.CHOOSER, site=site)
    choices = [
        {
            "provider": provider,
            "selectable": selectable(provider, interaction),
            "url": reverse("flow_identity_provider", args=[interaction.id, provider.slug]),
        }
        for provider in identity_providers_for(site)
    ]
    context = {"service_provider": site, "choices": choices, "way_back": way_back(interaction, site)}
    return render(request, "franceconnect/chooser.html", context)


def _claims_shown(sso: state.SingleSignOn, scopes) -> list[dict]:
    claims = released_claims(sso.login.identity.as_dict(), scopes)
    return [
        {"label": CLAIM_LABELS[name], "value": claim_readable(name, claims[name])}
        for name in CLAIM_LABELS
        if name in claims
    ]


def confirmation_page(request, interaction: state.Interaction, site, sso: state.SingleSignOn, form=None):
    """« Bienvenue <prénom nom> », the data about to be sent, « Continuer sur <site> », and who is
    connected (« Ce n'est pas vous ? »): on a shared computer, the single sign-on may be someone else's."""
    request.portal_page_path = confirmation_url(interaction)
    request.portal_page_token = interaction.id
    context = {
        "service_provider": site,
        "identity": sso.login.identity,
        "identity_provider_name": sso.login.identity_provider_name,
        "register_corrected": sso.login.register_corrected,
        "claims": _claims_shown(sso, interaction.request.scopes),
        "form": form or ConfirmationForm(consent_required=site.consent_required, single_sign_on=sso.id),
        "interaction": interaction,
    }
    return render(request, "franceconnect/confirmation.html", context)
