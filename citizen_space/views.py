"""« Mon espace »: signing in and out, the history of connections, the choice of identity providers.

Every page of the space answers a person who is not signed in (or whose space session ended) with
the space's front page and its « S'identifier avec FranceConnect » button, which brings them back
to the page they asked for.
"""

import functools
import logging
import time

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from citizen_space import errors, session
from citizen_space.forms import FUTURE_ALLOW, FUTURE_BLOCK, ProvidersForm
from citizen_space.history import account_connections, data_labels, level_label, site_summaries
from citizen_space.sign_in import SignInError, code_redeem, sign_in_start, space_name, space_site
from franceconnect.federation import login_policy, state
from franceconnect.federation.models import LoginPolicyChange, User
from franceconnect.federation.provider.logout import single_sign_on_end
from franceconnect.infrastructure.errors import WayBack, error_page
from franceconnect.public_pages.durations import days_text, seconds_text
from identity_providers.selectors import identity_providers_listed

logger = logging.getLogger(__name__)

HISTORY_PAGE_SIZE = 20
NEXT_FIELD = "suivant"


def periods() -> dict[str, str]:
    """The settings' periods as the pages quote them."""
    return {
        "history_period": days_text(settings.CITIZEN_SPACE_HISTORY_DAYS),
        "idle_period": seconds_text(settings.CITIZEN_SPACE_IDLE_SECONDS),
    }


def _front_page(request, *, next_path: str):
    return render(request, "citizen_space/front.html", {"next_path": next_path, **periods()})


def space_required(view):
    """Runs the view with the open space session and its account, or shows the front page."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        was_open = session.space_was_open(request)
        space = session.space_current(request)
        account = User.objects.filter(pk=space.account_id).first() if space else None
        if space is not None and (
            account is None
            or not account.is_active
            or account.suspended_at is not None
            or login_policy.single_sign_on_ended(account, space.opened_at)
        ):
            session.space_close(request)
            space = None
        if space is None:
            if was_open:
                messages.info(request, _("Your space was closed. Sign in again to continue."))
            return _front_page(request, next_path=request.get_full_path())
        return view(request, space, account, *args, **kwargs)

    return wrapped


@never_cache
@require_POST
def sign_in(request):
    """« S'identifier avec FranceConnect »: the space's authorization request, as a site sends it."""
    site = space_site()
    if site is None:
        return error_page(request, errors.SPACE_CLOSED)
    start = sign_in_start(site, language=get_language())
    next_path = request.POST.get(NEXT_FIELD, "")
    if not (
        next_path.startswith(_space_prefixes())
        and url_has_allowed_host_and_scheme(next_path, allowed_hosts=None)
        and len(next_path) <= 500
    ):
        next_path = reverse("space_home")
    session.sign_in_store(
        request, session.SpaceSignIn(start.state, start.nonce, next_path, started_at=time.time())
    )
    return redirect(start.authorize_url)


def _space_prefixes() -> tuple[str, ...]:
    """The space's address in each language (/mon-espace/, /en/mon-espace/…): where a sign-in may lead."""
    prefixes = []
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            prefixes.append(reverse("space_home"))
    return tuple(prefixes)


@never_cache
@require_GET
def sign_in_return(request):
    """/mon-espace/retour: the portal's answer to the space's request, as to any site's."""
    pending = session.sign_in_take(request, request.GET.get("state", ""))
    back = WayBack(site_name=space_name(), url=reverse("space_home"))
    if pending is None:
        return error_page(request, errors.SIGN_IN_NOT_FOUND, way_back=back)
    if "error" in request.GET:  # « Revenir sur Mon espace »: the person cancelled
        messages.info(request, _("You did not sign in to your space."))
        return redirect(pending.next_path)
    site = space_site()
    if site is None:
        return error_page(request, errors.SPACE_CLOSED)
    try:
        login, connection = code_redeem(site, request.GET.get("code", ""), nonce=pending.nonce)
    except SignInError as failure:
        logger.warning("space sign-in refused: %s", failure)
        return error_page(request, errors.SIGN_IN_FAILED, way_back=back)
    now = time.time()
    session.space_open(
        request,
        session.SpaceSession(
            account_id=connection.citizen_id,
            given_name=login.identity.given_name,
            family_name=login.identity.family_name,
            email=login.identity.email,
            identity_provider_id=connection.identity_provider_id or 0,
            identity_provider_name=connection.identity_provider.name if connection.identity_provider else "",
            opened_at=now,
            last_seen=now,
        ),
    )
    return redirect(pending.next_path)


@never_cache
@require_POST
def sign_out(request):
    """« Se déconnecter »: the space closes, and the single sign-on with it (here and at the
    identity provider), as the portal's own « Se déconnecter » does."""
    session.space_close(request)
    return single_sign_on_end(request, state.single_sign_on(request), reverse("flow_logged_out"))


@never_cache
@require_GET
@space_required
def home(request, space, account):
    """The history: what each site received and when last, then every connection, newest first."""
    summaries = site_summaries(account.pk)
    site_id = _site_filter(request.GET.get("site", ""), {summary.site_id for summary in summaries})
    page = Paginator(account_connections(account.pk, site_id=site_id), HISTORY_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    entries = [
        {
            "connection": connection,
            "data": data_labels(connection.claims),
            "level": level_label(connection.acr),
        }
        for connection in page.object_list
    ]
    context = {
        "space": space,
        "summaries": summaries,
        "site_id": site_id,
        "page": page,
        "entries": entries,
        "section": "history",
        **periods(),
    }
    return render(request, "citizen_space/history.html", context)


def _site_filter(value: str, known: set[int]) -> int | None:
    return int(value) if value.isdecimal() and int(value) in known else None


@never_cache
@require_http_methods(["GET", "POST"])
@space_required
def providers(request, space, account):
    """Which identity providers may be used to log in as this citizen."""
    listed = identity_providers_listed()
    choices = login_policy.provider_choices(account, listed)
    form_options = {
        "choices": choices,
        "current_provider_id": space.identity_provider_id,
        "current_provider_name": space.identity_provider_name,
    }
    future = FUTURE_ALLOW if login_policy.future_providers_allowed(account) else FUTURE_BLOCK
    # From a « ce n'était pas moi » page: the provider to block comes unticked, to be saved.
    to_block = next((provider for provider in listed if provider.slug == request.GET.get("bloquer")), None)
    initial = {"future": future}
    if to_block is not None:
        initial[f"provider_{to_block.pk}"] = False
    if request.method == "POST":
        form = ProvidersForm(request.POST, **form_options)
        if form.is_valid():
            login_policy.login_policy_update(
                account=account,
                providers=listed,
                allowed_ids=form.allowed_ids(),
                future_allowed=form.future_allowed(),
                actor=LoginPolicyChange.Actor.CITIZEN,
                notify_email=space.email,
                language=get_language(),
            )
            messages.success(request, _("Your choice is saved. We sent a confirmation e-mail."))
            return redirect("space_providers")
    else:
        form = ProvidersForm(initial=initial, **form_options)
    context = {
        "space": space,
        "form": form,
        "error_summary": form.error_summary() if form.is_bound else [],
        "to_block": to_block,
        "asks_confirmation": form.is_bound and "confirm_current" in form.errors,
        "section": "providers",
    }
    return render(request, "citizen_space/providers.html", context)
